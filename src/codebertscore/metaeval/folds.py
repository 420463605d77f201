"""k-fold cross-validation over problems: choose a setting on the dev folds, report it on the held-out fold.

A "setting" is one way of computing a metric (a layer, F1 or F3, idf on or off...). Choosing the best setting
on the data it is then reported on flatters it; the paper chose on a dev split and reported on the rest. Here,
for each of k folds of *problems* (never splitting a problem's candidates between folds):

1. every setting's statistic (default: pooled Kendall tau da-RR) is computed on the other k - 1 folds;
2. the best one (ties: the first in the order given) is chosen;
3. the chosen setting's statistic on the held-out fold is recorded.

The held-out values' mean and standard deviation (over folds, ddof = 1) estimate how well "tune, then use" does
on new problems. The setting that is best on all the data is reported as the final choice. Fold assignment:
the sorted problem ids are shuffled with numpy's PCG64 seeded with ``seed``, then dealt round-robin.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.stats import STATISTICS, Groups, MetricStats


def problem_folds(groups: Groups, k: int, seed: int) -> np.ndarray:
    """Fold number (0..k-1) of each problem, shape (G,): shuffled with ``seed``, then dealt round-robin."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise ArgumentError(f"folds: expected an integer >= 2, got {k!r}")
    if len(groups) < k:
        raise ArgumentError(f"folds: {k} folds need at least {k} problems; the data has {len(groups)}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ArgumentError(f"seed: expected a non-negative integer, got {seed!r}")
    order = np.random.default_rng(seed).permutation(len(groups))
    fold = np.empty(len(groups), dtype=np.int64)
    fold[order] = np.arange(len(groups)) % k
    return fold


@dataclass(frozen=True)
class FoldResult:
    fold: int
    n_heldout_problems: int
    dev: dict[str, float]  # setting -> statistic on the dev folds
    heldout: dict[str, float]  # setting -> statistic on the held-out fold
    chosen: str
    heldout_value: float


@dataclass(frozen=True)
class CVResult:
    """Cross-validated selection of a setting."""

    statistic: str
    k: int
    seed: int
    folds: list[FoldResult]
    heldout_mean: float
    heldout_std: float
    full_data: dict[str, float]  # setting -> statistic on all data
    choice: str  # best on all data
    settings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def clean(v: Any) -> Any:
            if isinstance(v, float) and math.isnan(v):
                return None
            if isinstance(v, dict):
                return {k: clean(x) for k, x in v.items()}
            if isinstance(v, list):
                return [clean(x) for x in v]
            return v

        return clean(
            {
                "statistic": self.statistic,
                "k": self.k,
                "seed": self.seed,
                "settings": self.settings,
                "choice": self.choice,
                "heldout_mean": self.heldout_mean,
                "heldout_std": self.heldout_std,
                "full_data": self.full_data,
                "folds": [
                    {
                        "fold": f.fold,
                        "n_heldout_problems": f.n_heldout_problems,
                        "chosen": f.chosen,
                        "heldout_value": f.heldout_value,
                        "dev": f.dev,
                        "heldout": f.heldout,
                    }
                    for f in self.folds
                ],
            }
        )


def _best(values: Mapping[str, float]) -> str:
    best_name, best_value = None, -math.inf
    for name, value in values.items():  # first wins ties; NaN never wins
        if not math.isnan(value) and value > best_value:
            best_name, best_value = name, value
    return best_name if best_name is not None else next(iter(values))


def cross_validate(
    settings: Mapping[str, MetricStats], k: int = 5, seed: int = 0, statistic: str = "kendall_darr"
) -> CVResult:
    """Choose among ``settings`` (name -> stats on the same data) by k-fold CV over problems."""
    if not settings:
        raise ArgumentError("settings: expected at least one setting to choose from")
    if statistic not in STATISTICS:
        raise ArgumentError(f"statistic: expected one of {', '.join(STATISTICS)}, got {statistic!r}")
    first = next(iter(settings.values()))
    for name, st in settings.items():
        if st.groups.names != first.groups.names:
            raise ArgumentError(f"settings: {name!r} was computed on other problems than the first setting")
    fold_of = problem_folds(first.groups, k, seed)
    dev_masks = [(fold_of != f).astype(np.float64) for f in range(k)]
    heldout_masks = [(fold_of == f).astype(np.float64) for f in range(k)]
    masks = np.stack(dev_masks + heldout_masks)  # (2k, G): rows 0..k-1 dev parts, k..2k-1 held-out folds
    values = {name: st.compute_many(masks, [statistic])[statistic] for name, st in settings.items()}  # (2k,)
    folds = []
    for f in range(k):
        dev = {name: float(v[f]) for name, v in values.items()}
        held = {name: float(v[k + f]) for name, v in values.items()}
        chosen = _best(dev)
        folds.append(FoldResult(f, int((fold_of == f).sum()), dev, held, chosen, held[chosen]))
    held_values = np.array([fr.heldout_value for fr in folds], dtype=np.float64)
    ok = held_values[~np.isnan(held_values)]
    mean = float(ok.mean()) if ok.size else math.nan
    std = float(ok.std(ddof=1)) if ok.size > 1 else math.nan
    full = {name: float(st.compute()[statistic]) for name, st in settings.items()}
    return CVResult(statistic, k, seed, folds, mean, std, full, _best(full), list(settings))
