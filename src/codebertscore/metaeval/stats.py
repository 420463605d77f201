"""Agreement between a metric's scores and labels: Kendall tau (da-RR), tau-b, Spearman, Pearson, ROC-AUC.

Data: N candidates, each with a metric score, a label (1/0 pass/fail, a pass ratio, or a mean human grade) and
the problem it answers. Candidates are only ever compared with candidates of the same problem, except by the
"pooled" statistics, which say so in their names.

**Kendall tau, da-RR form** (the paper's main number, from WMT's DARR): over the pairs (i, j) of candidates of the
same problem whose labels differ by more than ``threshold`` (``|label_i - label_j| > threshold``; for pass/fail:
one passes, one fails), with i the better-labelled one:

* concordant when score_i > score_j, discordant when score_i < score_j, a metric tie when score_i == score_j
  (exact equality);
* tau = (concordant - discordant) / (concordant + discordant + metric ties).

``kendall_darr`` pools the pairs of all problems into one count, as the paper does; ``kendall_darr_problem_mean``
is the mean of the per-problem taus (problems with no such pair are skipped) — the two differ when problems have
very different numbers of pairs.

**Per-problem averages** (``kendall_tau_b``, ``spearman_problem_mean``): computed within each problem, averaged over
problems. Problems whose labels are all equal are skipped (nothing to agree with); a metric that is constant on
a problem whose labels vary scores 0 there (it ranks nothing) rather than being skipped, so that every metric is
averaged over the same problems.

**Pooled** (``spearman_pooled``, ``pearson_pooled``, ``roc_auc``): over all candidates at once, ignoring problems.
ROC-AUC is computed for binary labels only: the probability that a passing candidate scores above a failing one,
ties counted one half (Mann-Whitney with average ranks).

Every statistic can also be computed with a *weight per problem* (how many times the problem is drawn in a
bootstrap resample, or a 0/1 fold mask): :class:`MetricStats` precomputes what does not change with the weights, so
a thousand resamples cost little more than one evaluation. The weighted results equal the unweighted ones on the
data with each problem repeated ``weight`` times (tests check this).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from codebertscore.errors import ArgumentError

#: statistic names in report order
STATISTICS: tuple[str, ...] = (
    "kendall_darr",
    "kendall_darr_problem_mean",
    "kendall_tau_b",
    "spearman_problem_mean",
    "spearman_pooled",
    "pearson_pooled",
    "roc_auc",
)


# -- grouping --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Groups:
    """Candidates grouped by problem: ``names[g]`` is problem g, ``index[i]`` the problem of candidate i."""

    names: tuple[str, ...]
    index: np.ndarray  # (N,) int64
    members: tuple[np.ndarray, ...]  # members[g]: indices of problem g's candidates, ascending

    def __len__(self) -> int:
        return len(self.names)


def make_groups(problem_ids: Sequence[str]) -> Groups:
    """Group candidate positions by problem id (problems in sorted order)."""
    ids = list(problem_ids)
    names = tuple(sorted(set(ids)))
    lookup = {name: g for g, name in enumerate(names)}
    index = np.fromiter((lookup[p] for p in ids), dtype=np.int64, count=len(ids))
    order = np.argsort(index, kind="stable")
    bounds = np.searchsorted(index[order], np.arange(len(names) + 1))
    members = tuple(order[bounds[g] : bounds[g + 1]] for g in range(len(names)))
    return Groups(names, index, members)


def _check(scores: np.ndarray, labels: np.ndarray, groups: Groups | None = None) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    if x.ndim != 1 or y.shape != x.shape:
        raise ArgumentError(f"scores, labels: expected two 1-D arrays of the same length, got {x.shape} and {y.shape}")
    if groups is not None and groups.index.shape != x.shape:
        raise ArgumentError(f"groups: expected one problem per candidate ({x.shape[0]}), got {groups.index.shape[0]}")
    if not np.all(np.isfinite(x)):
        raise ArgumentError(f"scores: {int((~np.isfinite(x)).sum())} score(s) are NaN or infinite")
    if not np.all(np.isfinite(y)):
        raise ArgumentError("labels: expected finite numbers")
    return x, y


# -- Kendall tau, da-RR ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairCounts:
    """Per-problem counts of label-differing pairs: concordant, discordant, and tied by the metric. Shape (G,)."""

    concordant: np.ndarray
    discordant: np.ndarray
    ties: np.ndarray

    @property
    def pairs(self) -> np.ndarray:
        return self.concordant + self.discordant + self.ties


def _upper_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(n, k=1)


def darr_counts(scores: np.ndarray, labels: np.ndarray, groups: Groups, threshold: float = 0.0) -> PairCounts:
    """Count, per problem, the concordant, discordant and metric-tied pairs among pairs whose labels differ."""
    x, y = _check(scores, labels, groups)
    if not isinstance(threshold, (int, float)) or threshold < 0 or not math.isfinite(threshold):
        raise ArgumentError(f"threshold: expected a non-negative number, got {threshold!r}")
    g = len(groups)
    conc, disc, ties = (np.zeros(g, dtype=np.int64) for _ in range(3))
    for k, members in enumerate(groups.members):
        if len(members) < 2:
            continue
        i, j = _upper_pairs(len(members))
        xs, ys = x[members], y[members]
        dy = ys[i] - ys[j]
        keep = np.abs(dy) > threshold
        if not keep.any():
            continue
        agree = np.sign(xs[i] - xs[j])[keep] * np.sign(dy[keep])
        conc[k] = int((agree > 0).sum())
        disc[k] = int((agree < 0).sum())
        ties[k] = int((agree == 0).sum())
    return PairCounts(conc, disc, ties)


def kendall_darr(counts: PairCounts, weights: np.ndarray | None = None) -> float:
    """Pooled da-RR tau: sum(C - D) / sum(C + D + T) over problems (weighted); NaN with no pair."""
    w = np.ones(len(counts.concordant)) if weights is None else np.asarray(weights, dtype=np.float64)
    den = float(w @ counts.pairs)
    return float(w @ (counts.concordant - counts.discordant)) / den if den > 0 else math.nan


def kendall_darr_per_problem(counts: PairCounts) -> np.ndarray:
    """da-RR tau of each problem; NaN where a problem has no label-differing pair."""
    pairs = counts.pairs.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pairs > 0, (counts.concordant - counts.discordant) / pairs, np.nan)


# -- rank correlations -----------------------------------------------------------------------------------------------


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall tau-b of x against labels y; NaN when y is constant, 0 when only x is constant."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    n = len(x)
    if n < 2:
        return math.nan
    i, j = _upper_pairs(n)
    sx, sy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
    n0 = len(i)
    untied_x, untied_y = n0 - int((sx == 0).sum()), n0 - int((sy == 0).sum())
    if untied_y == 0:
        return math.nan
    if untied_x == 0:
        return 0.0
    return float((sx * sy).sum()) / math.sqrt(untied_x * untied_y)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks with ties given their average rank (as scipy.stats.rankdata 'average')."""
    tie_id, n_ties = _tie_structure(np.asarray(values, dtype=np.float64))
    return _weighted_ranks(tie_id, n_ties, np.ones(len(values)))


def pearson(x: np.ndarray, y: np.ndarray, w: np.ndarray | None = None) -> float:
    """(Weighted) Pearson correlation; NaN when y is constant, 0 when only x is constant."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    w = np.ones(len(x)) if w is None else np.asarray(w, dtype=np.float64)
    total = w.sum()
    if total <= 0 or len(x) < 2:
        return math.nan
    dx = x - (w @ x) / total
    dy = y - (w @ y) / total
    vy = w @ (dy * dy)
    if vy <= 1e-12 * max(1.0, float(w @ (y * y))):
        return math.nan
    vx = w @ (dx * dx)
    if vx <= 1e-12 * max(1.0, float(w @ (x * x))):
        return 0.0
    return float(np.clip((w @ (dx * dy)) / math.sqrt(vx * vy), -1.0, 1.0))


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman correlation (Pearson of average ranks); NaN when y is constant, 0 when only x is constant."""
    return pearson(average_ranks(x), average_ranks(y))


def is_binary(labels: np.ndarray) -> bool:
    """True when every label is 0 or 1."""
    y = np.asarray(labels, dtype=np.float64)
    return bool(np.all((y == 0.0) | (y == 1.0)))


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """P(score of a positive > score of a negative), ties one half; NaN when a class is missing."""
    x, y = _check(scores, labels)
    if not is_binary(y):
        raise ArgumentError("labels: ROC-AUC needs binary labels (0 or 1)")
    tie_id, n_ties = _tie_structure(x)
    return _weighted_auc(_weighted_ranks(tie_id, n_ties, np.ones(len(x))), y == 1.0, np.ones(len(x)))


# -- weighted internals ----------------------------------------------------------------------------------------------


def _tie_structure(values: np.ndarray) -> tuple[np.ndarray, int]:
    """For each item, the id of its tie group in ascending order of value; and the number of groups."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64), 0
    order = np.argsort(values, kind="mergesort")
    v = values[order]
    sorted_ids = np.concatenate([[0], np.cumsum(v[1:] != v[:-1])]).astype(np.int64)
    tie_id = np.empty(len(values), dtype=np.int64)
    tie_id[order] = sorted_ids
    return tie_id, int(sorted_ids[-1]) + 1


def _weighted_ranks(tie_id: np.ndarray, n_ties: int, w: np.ndarray) -> np.ndarray:
    """Average ranks in the multiset where item i appears w[i] times (each copy gets the same rank)."""
    size = np.bincount(tie_id, weights=w, minlength=n_ties)  # (T,)
    before = np.cumsum(size) - size
    return (before + (size + 1.0) / 2.0)[tie_id]


def _segments(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ascending order, start of each tie group in that order, tie group of each item) of ``values``."""
    order = np.argsort(values, kind="mergesort")
    v = values[order]
    starts = np.flatnonzero(np.concatenate([[True], v[1:] != v[:-1]])) if len(v) else np.zeros(0, dtype=np.int64)
    tie_id, _ = _tie_structure(values)
    return order, starts, tie_id


def _ranks_many(segments: tuple[np.ndarray, np.ndarray, np.ndarray], IW: np.ndarray) -> np.ndarray:
    """Average ranks for each row of item weights IW (b, N): the multiset where item i appears IW[r, i] times."""
    order, starts, tie_id = segments
    size = np.add.reduceat(IW[:, order], starts, axis=1)  # (b, T) copies per tie group
    before = np.cumsum(size, axis=1) - size
    return (before + (size + 1.0) / 2.0)[:, tie_id]


def _pearson_many(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Row-wise weighted Pearson (conventions of :func:`pearson`: NaN when y is constant, 0 when only x is)."""
    total = w.sum(axis=1)
    safe = np.where(total > 0, total, 1.0)
    dx = x - ((w * x).sum(axis=1) / safe)[:, None]
    dy = y - ((w * y).sum(axis=1) / safe)[:, None]
    vx = (w * dx * dx).sum(axis=1)
    vy = (w * dy * dy).sum(axis=1)
    cov = (w * dx * dy).sum(axis=1)
    y_const = vy <= 1e-12 * np.maximum(1.0, (w * y * y).sum(axis=1))
    x_const = vx <= 1e-12 * np.maximum(1.0, (w * x * x).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.clip(cov / np.sqrt(vx * vy), -1.0, 1.0)
    r = np.where(x_const, 0.0, r)
    return np.where(y_const | (total <= 0) | (x.shape[1] < 2), np.nan, r)


def _weighted_auc(ranks: np.ndarray, positive: np.ndarray, w: np.ndarray) -> float:
    wp, wn = float(w[positive].sum()), float(w[~positive].sum())
    if wp <= 0 or wn <= 0:
        return math.nan
    return (float(w[positive] @ ranks[positive]) - wp * (wp + 1.0) / 2.0) / (wp * wn)


def _weighted_mean(values: np.ndarray, weights: np.ndarray) -> float | np.ndarray:
    """Mean of the non-NaN per-problem ``values`` with ``weights``: (G,) -> float, or (B, G) weights -> (B,)."""
    ok = ~np.isnan(values)
    v = np.where(ok, values, 0.0)
    num = weights @ v
    den = weights @ ok.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return float(out) if np.ndim(out) == 0 else out


class MetricStats:
    """All statistics of one metric's scores against labels, for any weighting of the problems.

    ``compute()`` gives the statistics on the data as it is; ``compute(weights)`` with a (G,) vector of problem
    multiplicities (a bootstrap resample) or a 0/1 mask (a fold); ``compute_many(W)`` for a (B, G) matrix of them.
    """

    def __init__(self, scores: np.ndarray, labels: np.ndarray, groups: Groups, threshold: float = 0.0) -> None:
        x, y = _check(scores, labels, groups)
        self.scores, self.labels, self.groups, self.threshold = x, y, groups, float(threshold)
        self.binary = is_binary(y)
        self.counts = darr_counts(x, y, groups, threshold)
        self.darr_problem = kendall_darr_per_problem(self.counts)
        g = len(groups)
        self.tau_b_problem = np.full(g, np.nan)
        self.spearman_problem = np.full(g, np.nan)
        for k, members in enumerate(groups.members):
            if len(members) >= 2:
                self.tau_b_problem[k] = kendall_tau_b(x[members], y[members])
                self.spearman_problem[k] = spearman(x[members], y[members])
        self._x_ties = _tie_structure(x)
        self._y_ties = _tie_structure(y)
        self._x_segments = _segments(x)
        self._y_segments = _segments(y)
        self._positive = (y == 1.0).astype(np.float64)

    @property
    def n_problems(self) -> int:
        return len(self.groups)

    def _pooled_many(self, W: np.ndarray) -> dict[str, np.ndarray]:
        """Pooled statistics for each row of (B, G) problem weights, in row chunks of bounded memory."""
        n = len(self.scores)
        chunk = max(1, 2_000_000 // max(n, 1))
        out: dict[str, list[np.ndarray]] = {"spearman_pooled": [], "pearson_pooled": [], "roc_auc": []}
        for start in range(0, W.shape[0], chunk):
            IW = W[start : start + chunk][:, self.groups.index]  # (b, N) item weights
            rx = _ranks_many(self._x_segments, IW)  # (b, N)
            ry = _ranks_many(self._y_segments, IW)
            out["spearman_pooled"].append(_pearson_many(rx, ry, IW))
            out["pearson_pooled"].append(_pearson_many(np.broadcast_to(self.scores, IW.shape),
                                                       np.broadcast_to(self.labels, IW.shape), IW))
            if self.binary:
                wp = IW @ self._positive
                wn = IW.sum(axis=1) - wp
                rank_sum = (IW * rx) @ self._positive
                with np.errstate(invalid="ignore", divide="ignore"):
                    auc = np.where((wp > 0) & (wn > 0), (rank_sum - wp * (wp + 1.0) / 2.0) / (wp * wn), np.nan)
            else:
                auc = np.full(IW.shape[0], np.nan)
            out["roc_auc"].append(auc)
        return {k: np.concatenate(v) if v else np.zeros(0) for k, v in out.items()}

    def _pooled(self, item_w: np.ndarray) -> dict[str, float]:
        rx = _weighted_ranks(*self._x_ties, item_w)
        ry = _weighted_ranks(*self._y_ties, item_w)
        return {
            "spearman_pooled": pearson(rx, ry, item_w),
            "pearson_pooled": pearson(self.scores, self.labels, item_w),
            "roc_auc": _weighted_auc(rx, self._positive == 1.0, item_w) if self.binary else math.nan,
        }

    def compute(self, weights: np.ndarray | None = None) -> dict[str, float]:
        """Every statistic of :data:`STATISTICS` under per-problem ``weights`` (default: each problem once)."""
        w = np.ones(self.n_problems) if weights is None else np.asarray(weights, dtype=np.float64)
        if w.shape != (self.n_problems,):
            raise ArgumentError(f"weights: expected one weight per problem ({self.n_problems}), got {w.shape}")
        out = {
            "kendall_darr": kendall_darr(self.counts, w),
            "kendall_darr_problem_mean": _weighted_mean(self.darr_problem, w),
            "kendall_tau_b": _weighted_mean(self.tau_b_problem, w),
            "spearman_problem_mean": _weighted_mean(self.spearman_problem, w),
        }
        out.update(self._pooled(w[self.groups.index]))
        return {name: float(out[name]) for name in STATISTICS}

    def compute_many(self, weights: np.ndarray, statistics: Sequence[str] = STATISTICS) -> dict[str, np.ndarray]:
        """Statistics for each row of a (B, G) weight matrix: {name: (B,) array}."""
        W = np.asarray(weights, dtype=np.float64)
        if W.ndim != 2 or W.shape[1] != self.n_problems:
            raise ArgumentError(f"weights: expected shape (B, {self.n_problems}), got {W.shape}")
        unknown = sorted(set(statistics) - set(STATISTICS))
        if unknown:
            raise ArgumentError(f"statistics: unknown {unknown}; expected some of {', '.join(STATISTICS)}")
        out: dict[str, np.ndarray] = {}
        if "kendall_darr" in statistics:
            num = W @ (self.counts.concordant - self.counts.discordant)
            den = W @ self.counts.pairs
            with np.errstate(invalid="ignore", divide="ignore"):
                out["kendall_darr"] = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
        for name, values in (
            ("kendall_darr_problem_mean", self.darr_problem),
            ("kendall_tau_b", self.tau_b_problem),
            ("spearman_problem_mean", self.spearman_problem),
        ):
            if name in statistics:
                out[name] = np.asarray(_weighted_mean(values, W), dtype=np.float64)
        pooled = [s for s in ("spearman_pooled", "pearson_pooled", "roc_auc") if s in statistics]
        if pooled:
            many = self._pooled_many(W)
            for name in pooled:
                out[name] = many[name]
        return {name: out[name] for name in statistics}


def summary_counts(stats: MetricStats) -> dict[str, int]:
    """How much evidence the statistics rest on: candidates, problems, label-differing pairs, problems with pairs."""
    return {
        "n_candidates": int(len(stats.scores)),
        "n_problems": stats.n_problems,
        "n_pairs": int(stats.counts.pairs.sum()),
        "n_problems_with_pairs": int((stats.counts.pairs > 0).sum()),
        "n_metric_ties": int(stats.counts.ties.sum()),
    }
