"""Candidate generation for one problem: determinism under a seed, de-duplication, tags, origins."""

from __future__ import annotations

import ast

import pytest

from codebertscore.devset.python.humaneval import Problem
from codebertscore.devset.python.source import VariantError, normalise
from codebertscore.devset.python.variants import VariantPlan, generate_candidates
from codebertscore.errors import ArgumentError

PROBLEM = Problem(
    task_id="Toy/1",
    prompt='def count_big(xs, limit):\n    """How many items of xs exceed limit."""\n',
    canonical_solution=(
        "    count = 0\n"
        "    for i in range(len(xs)):\n"
        "        if xs[i] > limit:\n"
        "            count += 1\n"
        "    return count\n"
    ),
    test="def check(candidate):\n    assert candidate([1, 5, 7], 4) == 2\n",
    entry_point="count_big",
)
ALTERNATIVES = [
    "    return sum(1 for x in xs if x > limit)\n",
    "    return len([x for x in xs if x > limit])\n",
]
WRONG = ["    return sum(1 for x in xs if x >= limit)\n"]

ORIGIN_PREFIXES = ("canonical", "alternative", "alternative:wrong", "rewrite:", "mutation:",
                   "alternative+mutation:", "alternative+rewrite:")


def _make(seed: int = 0, **kwargs):
    return generate_candidates(PROBLEM, seed=seed, alternatives=ALTERNATIVES, wrong=WRONG, **kwargs)


def test_same_seed_same_candidates():
    assert _make(0) == _make(0)


def test_other_seed_changes_random_choices_but_not_fixed_ones():
    a, b = _make(0), _make(1)
    assert a != b
    fixed = {"canonical", "alternative", "alternative:wrong", "rewrite:reformat"}
    assert [c for c in a if c.origin in fixed] == [c for c in b if c.origin in fixed]


def test_kinds_order_tags_and_parsing():
    cands = _make(0)
    assert cands[0].origin == "canonical" and cands[0].body == PROBLEM.canonical_solution
    assert [c.origin for c in cands[1:4]] == ["alternative", "alternative", "alternative:wrong"]
    assert len({c.tag for c in cands}) == len(cands)
    for c in cands:
        assert c.origin.startswith(ORIGIN_PREFIXES), c.origin
        assert c.body.endswith("\n")
        ast.parse(PROBLEM.prompt + c.body)
    origins = {c.origin.split(":")[0] for c in cands}
    assert {"rewrite", "mutation", "alternative+mutation", "alternative+rewrite"} <= origins
    assert 8 <= len(cands) <= 16


def test_no_two_candidates_equal_after_normalising_trailing_whitespace():
    cands = _make(0)
    keys = [normalise(c.body) for c in cands]
    assert len(keys) == len(set(keys))


def test_duplicates_are_kept_once_first_wins():
    dup_of_canonical = PROBLEM.canonical_solution.replace("\n", "   \n") + "\n\n"
    cands = generate_candidates(
        PROBLEM, seed=0, alternatives=[dup_of_canonical, ALTERNATIVES[0], ALTERNATIVES[0] + "\n"], wrong=[]
    )
    alternatives = [c for c in cands if c.origin == "alternative"]
    assert [c.body for c in alternatives] == [ALTERNATIVES[0]]
    assert alternatives[0].tag == "alt_01"  # tags keep the index in the hand-written list


def test_plan_controls_counts():
    small = _make(0, plan=VariantPlan(faults=1, constructs=0, combined=False, faults_per_alternative=0,
                                      renamed_alternatives=0))
    kinds = [c.origin for c in small]
    assert sum(k.startswith("mutation:") for k in kinds) == 1
    assert not any(k.startswith(("alternative+", "rewrite:combined")) for k in kinds)
    with pytest.raises(ArgumentError, match="faults: expected a non-negative integer"):
        VariantPlan(faults=-1)


def test_unparsable_alternative_is_reported_with_its_problem():
    with pytest.raises(VariantError, match="Toy/1: alternative 0 does not parse"):
        generate_candidates(PROBLEM, seed=0, alternatives=["    return (\n"])
