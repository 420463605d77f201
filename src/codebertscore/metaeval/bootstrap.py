"""Bootstrap over problems: confidence intervals, and a paired test of two metrics on the same data.

Candidates of one problem are not independent (same prompt, same reference), so the unit of resampling is the
*problem*: each resample draws G problems with replacement from the G problems and recomputes the statistic on
them (a problem drawn twice counts twice). The random generator is numpy's PCG64 seeded with ``seed``; the seed is
returned with every result so that any number can be reproduced.

* :func:`confidence_intervals`: percentile intervals (default 95%) of every statistic.
* :func:`paired_bootstrap`: metrics A and B are evaluated on the *same* resamples; the p-value of "A beats B" is
  the fraction of resamples in which A does not beat B, (1 + #{delta* <= 0}) / (1 + B) (Koehn 2004's paired
  bootstrap, with the +1 that keeps the test valid for a finite number of resamples, as sacrebleu's
  significance module does). The interval of the difference is reported too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.stats import STATISTICS, MetricStats

DEFAULT_RESAMPLES = 1000


def check_resamples(n_boot: int) -> int:
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 1:
        raise ArgumentError(f"bootstrap: expected a positive number of resamples, got {n_boot!r}")
    return n_boot


def check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ArgumentError(f"seed: expected a non-negative integer, got {seed!r}")
    return seed


def resample_weights(n_problems: int, n_boot: int, seed: int) -> np.ndarray:
    """(n_boot, n_problems) multiplicities: row b counts how often each problem is drawn in resample b."""
    check_resamples(n_boot)
    check_seed(seed)
    if n_problems < 1:
        raise ArgumentError("bootstrap: no problems to resample")
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_problems, size=(n_boot, n_problems))
    flat = (draws + (np.arange(n_boot) * n_problems)[:, None]).ravel()
    return np.bincount(flat, minlength=n_boot * n_problems).reshape(n_boot, n_problems).astype(np.float64)


@dataclass(frozen=True)
class Interval:
    """A point estimate and its bootstrap percentile interval."""

    estimate: float
    low: float
    high: float
    level: float
    n_boot: int
    n_undefined: int  # resamples where the statistic was undefined (NaN), left out of the percentiles
    seed: int

    def to_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


def percentile_interval(samples: np.ndarray, level: float = 0.95) -> tuple[float, float, int]:
    """(low, high) percentiles of the defined samples, and how many samples were undefined (NaN)."""
    if not 0.0 < level < 1.0:
        raise ArgumentError(f"level: expected a confidence level in (0, 1), got {level!r}")
    s = np.asarray(samples, dtype=np.float64)
    ok = s[~np.isnan(s)]
    if ok.size == 0:
        return math.nan, math.nan, int(s.size)
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(ok, [tail, 100.0 - tail])
    return float(lo), float(hi), int(s.size - ok.size)


def confidence_intervals(
    stats: MetricStats,
    weights: np.ndarray,
    seed: int,
    level: float = 0.95,
    statistics: Sequence[str] = STATISTICS,
) -> dict[str, Interval]:
    """Percentile intervals of each statistic over the resamples ``weights`` (from :func:`resample_weights`)."""
    point = stats.compute()
    samples = stats.compute_many(weights, statistics)
    out = {}
    for name in statistics:
        lo, hi, bad = percentile_interval(samples[name], level)
        out[name] = Interval(point[name], lo, hi, level, int(weights.shape[0]), bad, seed)
    return out


@dataclass(frozen=True)
class PairedResult:
    """Metric A against metric B on the same resamples of the same data."""

    a: str
    b: str
    statistic: str
    a_value: float
    b_value: float
    delta: float  # a_value - b_value
    delta_low: float
    delta_high: float
    p_value: float  # of "A beats B": (1 + #resamples with delta* <= 0) / (1 + n_boot)
    a_wins: float  # fraction of resamples where A beats B
    level: float
    n_boot: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}

    def sentence(self) -> str:
        """E.g. ``chrf beats bleu on kendall_darr by +0.031 [0.012, 0.050], p = 0.002 (1000 resamples, seed 0)``."""
        verb = "beats" if self.delta > 0 else "does not beat"
        return (
            f"{self.a} {verb} {self.b} on {self.statistic} by {self.delta:+.3f} "
            f"[{self.delta_low:+.3f}, {self.delta_high:+.3f}], p = {self.p_value:.3g} "
            f"({self.n_boot} resamples of problems, seed {self.seed})"
        )


def paired_bootstrap(
    a: MetricStats,
    b: MetricStats,
    weights: np.ndarray,
    seed: int,
    *,
    names: tuple[str, str] = ("A", "B"),
    statistic: str = "kendall_darr",
    level: float = 0.95,
) -> PairedResult:
    """Paired bootstrap test of "metric A agrees with the labels better than metric B" on one statistic."""
    if statistic not in STATISTICS:
        raise ArgumentError(f"statistic: expected one of {', '.join(STATISTICS)}, got {statistic!r}")
    if a.groups.names != b.groups.names or not np.array_equal(a.labels, b.labels):
        raise ArgumentError("paired_bootstrap: the two metrics must be scored on the same candidates and labels")
    va, vb = a.compute()[statistic], b.compute()[statistic]
    sa = a.compute_many(weights, [statistic])[statistic]
    sb = b.compute_many(weights, [statistic])[statistic]
    delta = sa - sb
    ok = ~np.isnan(delta)
    d = delta[ok]
    lo, hi, _ = percentile_interval(delta, level)
    n = int(d.size)
    p = (1 + int((d <= 0).sum())) / (1 + n) if n else math.nan
    wins = float((d > 0).mean()) if n else math.nan
    return PairedResult(names[0], names[1], statistic, va, vb, va - vb, lo, hi, p, wins, level, n, seed)
