"""k-fold cross-validation over problems: fold assignment, choice on dev folds, held-out numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.folds import cross_validate, problem_folds
from codebertscore.metaeval.stats import MetricStats, make_groups


def test_problem_folds_partition_the_problems_evenly_and_reproducibly():
    groups = make_groups([f"p{i}" for i in range(11)])
    folds = problem_folds(groups, 3, seed=5)
    assert sorted(np.bincount(folds).tolist()) == [3, 4, 4]
    assert np.array_equal(folds, problem_folds(groups, 3, seed=5))
    assert not np.array_equal(folds, problem_folds(groups, 3, seed=6))
    # the assignment is the seeded permutation dealt round-robin
    order = np.random.default_rng(5).permutation(11)
    assert [int(folds[order[i]]) for i in range(11)] == [i % 3 for i in range(11)]


@pytest.mark.parametrize("k", [1, 0, 2.5, True])
def test_fold_count_checked(k):
    with pytest.raises(ArgumentError, match="folds"):
        problem_folds(make_groups(["a", "b", "c"]), k, seed=0)


def test_more_folds_than_problems_is_refused():
    with pytest.raises(ArgumentError, match="at least 5 problems"):
        problem_folds(make_groups(["a", "b", "c"]), 5, seed=0)


def _data(n_problems=10, per=4, seed=0):
    rng = np.random.default_rng(seed)
    problems = [f"p{g}" for g in range(n_problems) for _ in range(per)]
    labels = np.tile([1.0, 0.0, 1.0, 0.0][:per], n_problems)
    return problems, labels, rng


def test_cv_chooses_the_setting_that_agrees_and_reports_it_held_out():
    problems, labels, rng = _data()
    groups = make_groups(problems)
    settings = {
        "reversed": MetricStats(-labels, labels, groups),
        "noise": MetricStats(rng.normal(size=len(labels)), labels, groups),
        "perfect": MetricStats(labels + 0.01 * rng.random(len(labels)), labels, groups),
    }
    cv = cross_validate(settings, k=5, seed=0)
    assert cv.choice == "perfect"
    assert all(f.chosen == "perfect" for f in cv.folds)
    assert cv.heldout_mean == pytest.approx(1.0) and cv.heldout_std == pytest.approx(0.0)
    assert sum(f.n_heldout_problems for f in cv.folds) == 10
    d = cv.to_dict()
    assert d["choice"] == "perfect" and len(d["folds"]) == 5 and set(d["folds"][0]["dev"]) == set(settings)


def test_cv_numbers_equal_statistics_on_the_fold_subsets():
    problems, labels, rng = _data(n_problems=6)
    groups = make_groups(problems)
    scores = {name: rng.normal(size=len(labels)) for name in ("a", "b")}
    settings = {name: MetricStats(s, labels, groups) for name, s in scores.items()}
    cv = cross_validate(settings, k=3, seed=1)
    fold_of = problem_folds(groups, 3, seed=1)
    for f in cv.folds:
        held = [g for g in range(len(groups)) if fold_of[g] == f.fold]
        dev = [g for g in range(len(groups)) if fold_of[g] != f.fold]
        for name, s in scores.items():
            for part, chosen in ((held, f.heldout), (dev, f.dev)):
                idx = np.concatenate([groups.members[g] for g in part])
                sub = MetricStats(s[idx], labels[idx], make_groups([problems[i] for i in idx]))
                assert chosen[name] == pytest.approx(sub.compute()["kendall_darr"])
        assert f.chosen == max(f.dev, key=f.dev.get)
        assert f.heldout_value == f.heldout[f.chosen]
    values = [f.heldout_value for f in cv.folds]
    assert cv.heldout_mean == pytest.approx(np.mean(values))
    assert cv.heldout_std == pytest.approx(np.std(values, ddof=1))


def test_ties_on_the_dev_folds_go_to_the_first_setting():
    problems, labels, _ = _data(n_problems=4)
    groups = make_groups(problems)
    same = MetricStats(labels.copy(), labels, groups)
    cv = cross_validate({"first": same, "second": same}, k=2, seed=0)
    assert cv.choice == "first" and all(f.chosen == "first" for f in cv.folds)


def test_cv_checks_its_inputs():
    problems, labels, _ = _data(n_problems=4)
    groups = make_groups(problems)
    with pytest.raises(ArgumentError, match="at least one"):
        cross_validate({}, k=2)
    other = MetricStats(labels, labels, make_groups([p + "x" for p in problems]))
    with pytest.raises(ArgumentError, match="other problems"):
        cross_validate({"a": MetricStats(labels, labels, groups), "b": other}, k=2)


def test_a_fold_without_pairs_gives_nan_and_is_left_out_of_the_mean():
    # problem q has all labels equal: a fold holding only q has no pair
    problems = ["p"] * 4 + ["q"] * 2
    labels = np.array([1, 0, 1, 0, 1, 1], dtype=float)
    stats = MetricStats(labels.copy(), labels, make_groups(problems))
    cv = cross_validate({"m": stats}, k=2, seed=0)
    values = [f.heldout_value for f in cv.folds]
    assert sum(math.isnan(v) for v in values) == 1
    assert cv.heldout_mean == 1.0 and math.isnan(cv.heldout_std)
    assert None in [f["heldout_value"] for f in cv.to_dict()["folds"]]
