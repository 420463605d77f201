"""Statistics on tiny fixtures computed by hand, conventions at the edges, and weighted == repeated data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.stats import (
    STATISTICS,
    MetricStats,
    average_ranks,
    darr_counts,
    kendall_darr,
    kendall_darr_per_problem,
    kendall_tau_b,
    make_groups,
    pearson,
    roc_auc,
    spearman,
    summary_counts,
)

# Three problems (hand-computed values below):
#   A: labels 1 1 0 0, scores .9 .5 .5 .1 -> pairs (0,2) C, (0,3) C, (1,2) metric tie, (1,3) C: C=3 D=0 T=1, tau 3/4
#   B: labels 0 1 1,   scores .8 .2 .6    -> pairs (1,0) D, (2,0) D: C=0 D=2 T=0, tau -1
#   C: labels 1 1,     scores .3 .4       -> no label-differing pair: left out of every per-problem average
PROBLEMS = ["A", "A", "A", "A", "B", "B", "B", "C", "C"]
LABELS = np.array([1, 1, 0, 0, 0, 1, 1, 1, 1], dtype=float)
SCORES = np.array([0.9, 0.5, 0.5, 0.1, 0.8, 0.2, 0.6, 0.3, 0.4])


def test_make_groups_sorts_problems_and_keeps_members_in_order():
    g = make_groups(["b", "a", "b", "c", "a"])
    assert g.names == ("a", "b", "c")
    assert [m.tolist() for m in g.members] == [[1, 4], [0, 2], [3]]
    assert g.index.tolist() == [1, 0, 1, 2, 0]


def test_darr_counts_by_hand():
    c = darr_counts(SCORES, LABELS, make_groups(PROBLEMS))
    assert c.concordant.tolist() == [3, 0, 0]
    assert c.discordant.tolist() == [0, 2, 0]
    assert c.ties.tolist() == [1, 0, 0]


def test_kendall_darr_pooled_and_per_problem_by_hand():
    c = darr_counts(SCORES, LABELS, make_groups(PROBLEMS))
    assert kendall_darr(c) == pytest.approx((3 - 2) / (4 + 2))  # pairs pooled: 1/6
    per = kendall_darr_per_problem(c)
    assert per[0] == pytest.approx(0.75) and per[1] == pytest.approx(-1.0) and math.isnan(per[2])
    stats = MetricStats(SCORES, LABELS, make_groups(PROBLEMS)).compute()
    assert stats["kendall_darr"] == pytest.approx(1 / 6)
    assert stats["kendall_darr_problem_mean"] == pytest.approx((0.75 - 1.0) / 2)


def test_metric_ties_count_in_the_denominator_only():
    # one problem, two pairs that differ in label, the metric ties both: tau = (0 - 0) / (0 + 0 + 2) = 0
    c = darr_counts(np.array([0.5, 0.5, 0.5]), np.array([1.0, 0.0, 0.0]), make_groups(["p"] * 3))
    assert (c.concordant[0], c.discordant[0], c.ties[0]) == (0, 0, 2)
    assert kendall_darr(c) == 0.0


def test_threshold_drops_pairs_whose_labels_are_close():
    labels = np.array([1.0, 0.8, 0.2])
    scores = np.array([0.1, 0.9, 0.0])
    groups = make_groups(["p"] * 3)
    # threshold 0: (0,1) D, (0,2) C, (1,2) C -> 1/3; threshold 0.3: only (0,2), (1,2) -> 1.0
    assert kendall_darr(darr_counts(scores, labels, groups, 0.0)) == pytest.approx(1 / 3)
    assert kendall_darr(darr_counts(scores, labels, groups, 0.3)) == pytest.approx(1.0)
    with pytest.raises(ArgumentError, match="threshold"):
        darr_counts(scores, labels, groups, -1.0)


def test_tau_b_by_hand():
    # A: S = 3, n0 = 6, ties in x: 1, ties in y: 2 -> 3 / sqrt(5 * 4)
    assert kendall_tau_b(SCORES[:4], LABELS[:4]) == pytest.approx(3 / math.sqrt(20))
    # B: S = -2, n0 = 3, no ties in x, one in y -> -2 / sqrt(3 * 2)
    assert kendall_tau_b(SCORES[4:7], LABELS[4:7]) == pytest.approx(-2 / math.sqrt(6))
    stats = MetricStats(SCORES, LABELS, make_groups(PROBLEMS)).compute()
    assert stats["kendall_tau_b"] == pytest.approx((3 / math.sqrt(20) - 2 / math.sqrt(6)) / 2)


def test_spearman_by_hand():
    # A: ranks x (4, 2.5, 2.5, 1), y (3.5, 3.5, 1.5, 1.5): cov 3, var 4.5 and 4 -> 3 / sqrt(18)
    assert spearman(SCORES[:4], LABELS[:4]) == pytest.approx(3 / math.sqrt(18))
    # B: ranks x (3, 1, 2), y (1, 2.5, 2.5): cov -1.5, var 2 and 1.5 -> -1.5 / sqrt(3)
    assert spearman(SCORES[4:7], LABELS[4:7]) == pytest.approx(-1.5 / math.sqrt(3))
    stats = MetricStats(SCORES, LABELS, make_groups(PROBLEMS)).compute()
    assert stats["spearman_problem_mean"] == pytest.approx((3 / math.sqrt(18) - 1.5 / math.sqrt(3)) / 2)


def test_roc_auc_counts_ties_half_by_hand():
    # positives .9 .5 .2 .6 .3 .4; negatives .5 .1 .8: 2.5 + 6 + 1 = 9.5 wins of 18 pairs
    assert roc_auc(SCORES, LABELS) == pytest.approx(9.5 / 18)
    assert MetricStats(SCORES, LABELS, make_groups(PROBLEMS)).compute()["roc_auc"] == pytest.approx(9.5 / 18)


def test_pooled_correlations_match_scipy_and_numpy():
    scipy_stats = pytest.importorskip("scipy.stats")
    stats = MetricStats(SCORES, LABELS, make_groups(PROBLEMS)).compute()
    assert stats["pearson_pooled"] == pytest.approx(np.corrcoef(SCORES, LABELS)[0, 1])
    assert stats["spearman_pooled"] == pytest.approx(scipy_stats.spearmanr(SCORES, LABELS).statistic)


@given(
    x=st.lists(st.integers(0, 4), min_size=2, max_size=12),
    y=st.lists(st.integers(0, 2), min_size=2, max_size=12),
)
@settings(max_examples=150, deadline=None)
def test_rank_statistics_agree_with_scipy(x: list[int], y: list[int]):
    scipy_stats = pytest.importorskip("scipy.stats")
    n = min(len(x), len(y))
    xs, ys = np.array(x[:n], float), np.array(y[:n], float)
    assert np.allclose(average_ranks(xs), scipy_stats.rankdata(xs))
    if len(set(ys)) > 1 and len(set(xs)) > 1:
        assert kendall_tau_b(xs, ys) == pytest.approx(scipy_stats.kendalltau(xs, ys, variant="b").statistic)
        assert spearman(xs, ys) == pytest.approx(scipy_stats.spearmanr(xs, ys).statistic)


def test_degenerate_conventions():
    # labels constant: undefined (NaN) and skipped; metric constant where labels vary: 0 (ranks nothing)
    assert math.isnan(kendall_tau_b(np.array([1.0, 2.0]), np.array([1.0, 1.0])))
    assert kendall_tau_b(np.array([1.0, 1.0]), np.array([0.0, 1.0])) == 0.0
    assert spearman(np.array([3.0, 3.0, 3.0]), np.array([0.0, 1.0, 1.0])) == 0.0
    assert math.isnan(pearson(np.array([1.0, 2.0]), np.array([5.0, 5.0])))
    assert math.isnan(roc_auc(np.array([0.1, 0.2]), np.array([1.0, 1.0])))
    with pytest.raises(ArgumentError, match="binary"):
        roc_auc(np.array([0.1, 0.2]), np.array([0.5, 1.0]))


def test_no_pair_at_all_is_nan_not_zero():
    stats = MetricStats(np.array([0.1, 0.2]), np.array([1.0, 1.0]), make_groups(["p", "p"])).compute()
    assert math.isnan(stats["kendall_darr"]) and math.isnan(stats["kendall_tau_b"])


def test_graded_labels_give_no_auc():
    stats = MetricStats(np.array([0.1, 0.2, 0.3]), np.array([0.2, 0.5, 1.0]), make_groups(["p"] * 3)).compute()
    assert math.isnan(stats["roc_auc"]) and stats["kendall_darr"] == 1.0


def test_input_checks_name_the_problem():
    groups = make_groups(["p", "p"])
    with pytest.raises(ArgumentError, match="NaN"):
        MetricStats(np.array([np.nan, 0.2]), np.array([0.0, 1.0]), groups)
    with pytest.raises(ArgumentError, match="same length"):
        MetricStats(np.array([0.1, 0.2, 0.3]), np.array([0.0, 1.0]), groups)
    with pytest.raises(ArgumentError, match="one weight per problem"):
        MetricStats(np.array([0.1, 0.2]), np.array([0.0, 1.0]), groups).compute(np.ones(3))


def test_summary_counts():
    counts = summary_counts(MetricStats(SCORES, LABELS, make_groups(PROBLEMS)))
    assert counts == {"n_candidates": 9, "n_problems": 3, "n_pairs": 6, "n_problems_with_pairs": 2, "n_metric_ties": 1}


def _repeat(scores, labels, problems, weights, names):
    """The data with problem g repeated weights[g] times (each copy a separate problem)."""
    xs, ys, ps = [], [], []
    for g, name in enumerate(names):
        for copy in range(int(weights[g])):
            for i, p in enumerate(problems):
                if p == name:
                    xs.append(scores[i])
                    ys.append(labels[i])
                    ps.append(f"{name}/{copy}")
    return np.array(xs), np.array(ys), ps


@given(
    data=st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 3), st.integers(0, 1)), min_size=4, max_size=30
    ),
    weights=st.lists(st.integers(0, 3), min_size=5, max_size=5),
)
@settings(max_examples=60, deadline=None)
def test_weighted_statistics_equal_statistics_on_repeated_problems(data, weights):
    problems = [f"p{p}" for p, _, _ in data]
    scores = np.array([s / 3 for _, s, _ in data])
    labels = np.array([float(label) for _, _, label in data])
    groups = make_groups(problems)
    w = np.array(weights[: len(groups)], dtype=float)
    if w.sum() == 0:
        w[0] = 1
    xs, ys, ps = _repeat(scores, labels, problems, w, groups.names)
    got = MetricStats(scores, labels, groups).compute(w)
    want = MetricStats(xs, ys, make_groups(ps)).compute()
    for name in STATISTICS:
        if math.isnan(want[name]):
            assert math.isnan(got[name]), name
        else:
            assert got[name] == pytest.approx(want[name], abs=1e-9), name


def test_compute_many_equals_compute_row_by_row():
    stats = MetricStats(SCORES, LABELS, make_groups(PROBLEMS))
    W = np.array([[1, 1, 1], [2, 0, 1], [0, 3, 0], [1, 2, 2]], dtype=float)
    many = stats.compute_many(W)
    for b in range(W.shape[0]):
        one = stats.compute(W[b])
        for name in STATISTICS:
            assert (math.isnan(one[name]) and math.isnan(many[name][b])) or one[name] == pytest.approx(many[name][b])
