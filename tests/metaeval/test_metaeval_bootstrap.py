"""Bootstrap over problems: seeded resamples, percentile intervals, the paired test's p-value by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.bootstrap import (
    confidence_intervals,
    paired_bootstrap,
    percentile_interval,
    resample_weights,
)
from codebertscore.metaeval.stats import MetricStats, make_groups


def _toy(n_problems: int = 12, per: int = 6, seed: int = 1, noise: float = 0.5):
    """Labels 0/1; a 'good' metric = label + noise, a 'bad' one = pure noise."""
    rng = np.random.default_rng(seed)
    problems = [f"p{g:02d}" for g in range(n_problems) for _ in range(per)]
    labels = rng.integers(0, 2, len(problems)).astype(float)
    good = labels + noise * rng.normal(size=len(problems))
    bad = rng.normal(size=len(problems))
    return problems, labels, good, bad


def test_resample_weights_are_seeded_multiplicities():
    w = resample_weights(7, 50, seed=3)
    assert w.shape == (50, 7)
    assert np.all(w.sum(axis=1) == 7) and np.all(w >= 0) and np.all(w == np.round(w))
    assert np.array_equal(w, resample_weights(7, 50, seed=3))
    assert not np.array_equal(w, resample_weights(7, 50, seed=4))


def test_resample_weights_follow_the_seeded_generator():
    # row b counts the draws rng.integers(0, G, (B, G))[b]: check against a direct recount
    draws = np.random.default_rng(11).integers(0, 5, size=(4, 5))
    want = np.stack([np.bincount(row, minlength=5) for row in draws]).astype(float)
    assert np.array_equal(resample_weights(5, 4, seed=11), want)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_resample_count_checked(bad):
    with pytest.raises(ArgumentError, match="resamples"):
        resample_weights(5, bad, seed=0)


@pytest.mark.parametrize("bad", [-1, 1.5, True, None])
def test_seed_checked(bad):
    with pytest.raises(ArgumentError, match="seed"):
        resample_weights(5, 10, seed=bad)


def test_percentile_interval_ignores_undefined_samples():
    lo, hi, bad = percentile_interval(np.array([np.nan, 0.0, 1.0, 2.0, 3.0, 4.0]), level=0.5)
    assert (lo, hi, bad) == (1.0, 3.0, 1)
    lo, hi, bad = percentile_interval(np.array([np.nan, np.nan]))
    assert math.isnan(lo) and bad == 2
    with pytest.raises(ArgumentError, match="level"):
        percentile_interval(np.array([1.0]), level=1.0)


def test_confidence_intervals_bracket_the_estimate_and_shrink_with_level():
    problems, labels, good, _ = _toy()
    stats = MetricStats(good, labels, make_groups(problems))
    w = resample_weights(len(stats.groups), 400, seed=0)
    wide = confidence_intervals(stats, w, seed=0, level=0.95)
    narrow = confidence_intervals(stats, w, seed=0, level=0.5)
    for name in ("kendall_darr", "kendall_tau_b", "spearman_pooled", "roc_auc"):
        iv = wide[name]
        assert iv.low <= iv.estimate <= iv.high, name
        assert narrow[name].high - narrow[name].low <= iv.high - iv.low
        assert iv.seed == 0 and iv.n_boot == 400
    assert wide["kendall_darr"].to_dict()["estimate"] == pytest.approx(stats.compute()["kendall_darr"])


def test_paired_p_value_by_hand():
    # two problems; A is perfect on p1 and wrong on p2, B is the reverse on a smaller scale
    problems = ["p1"] * 2 + ["p2"] * 4
    labels = np.array([1, 0, 1, 0, 1, 0], dtype=float)
    # A: p1 +1 (1 pair), p2 -1 (4 pairs)
    a = MetricStats(np.array([1, 0, 0, 1, 0, 1], dtype=float), labels, make_groups(problems))
    b = MetricStats(np.array([0, 1, 1, 0, 1, 0], dtype=float), labels, make_groups(problems))  # p1: -1; p2: +1
    # resamples (multiplicities of p1, p2): (2, 0) -> A 1, B -1 (delta 2); (0, 2) -> delta -2; (1, 1) -> A -3/5, B 3/5
    W = np.array([[2, 0], [0, 2], [1, 1]], dtype=float)
    res = paired_bootstrap(a, b, W, seed=0, names=("A", "B"))
    assert res.a_value == pytest.approx(-3 / 5) and res.b_value == pytest.approx(3 / 5)
    assert res.delta == pytest.approx(-6 / 5)
    assert res.p_value == pytest.approx((1 + 2) / (1 + 3))  # two of three resamples have delta <= 0
    assert res.a_wins == pytest.approx(1 / 3)
    assert "does not beat" in res.sentence() and "seed 0" in res.sentence()


def test_paired_test_separates_a_real_difference_and_not_a_null_one():
    problems, labels, good, bad = _toy(n_problems=30, per=8)
    groups = make_groups(problems)
    w = resample_weights(len(groups), 500, seed=7)
    g, b = MetricStats(good, labels, groups), MetricStats(bad, labels, groups)
    strong = paired_bootstrap(g, b, w, seed=7, names=("good", "noise"))
    assert strong.delta > 0 and strong.p_value == pytest.approx(1 / 501) and strong.delta_low > 0
    same = paired_bootstrap(g, g, w, seed=7)
    assert same.delta == 0 and same.p_value == 1.0  # a metric never beats itself


def test_paired_test_refuses_different_data():
    problems, labels, good, _ = _toy()
    a = MetricStats(good, labels, make_groups(problems))
    b = MetricStats(good, 1 - labels, make_groups(problems))
    with pytest.raises(ArgumentError, match="same candidates"):
        paired_bootstrap(a, b, resample_weights(len(a.groups), 5, 0), seed=0)
    with pytest.raises(ArgumentError, match="statistic"):
        paired_bootstrap(a, a, resample_weights(len(a.groups), 5, 0), seed=0, statistic="bleu")
