"""Counts of a dev set, hand-counted."""

from __future__ import annotations

from codebertscore.devset.stats import format_summary, summarize
from codebertscore.metaeval.record import DevRecord


def _rec(pid: str, k: int, label: float, origin: str) -> DevRecord:
    return DevRecord(
        id=f"{pid}/{k}", problem_id=pid, lang="python", candidate="x", references=["y"], context="",
        label=label, origin=origin, exec_status="pass" if label == 1.0 else "fail", seed=0,
    )


def test_summarize_hand_counted():
    records = [
        _rec("A", 0, 1.0, "canonical"),
        _rec("A", 1, 0.0, "mutation:compare_op"),
        _rec("A", 2, 0.0, "mutation:constant"),
        _rec("B", 0, 1.0, "canonical"),
        _rec("B", 1, 1.0, "rewrite:reformat"),
        _rec("C", 0, 0.0, "alternative:wrong"),
    ]
    s = summarize(records)
    assert s["records"] == 6 and s["problems"] == 3
    assert s["labels"] == {"total": 6, "pass": 3, "fail": 3}
    assert s["pass_rate"] == 0.5
    assert s["tau_usable_problems"] == 1
    assert s["single_label_problems"] == ["B", "C"]
    assert s["origin_kinds"]["mutation"] == {"total": 2, "pass": 0, "fail": 2}
    assert s["origin_kinds"]["alternative:wrong"] == {"total": 1, "pass": 0, "fail": 1}
    assert s["candidates_per_problem"] == {"min": 1, "max": 3, "mean": 2.0}
    assert s["canonical_not_passing"] == []
    text = format_summary(s)
    assert "tau-usable problems 1" in text and "mutation:compare_op" in text
    assert summarize([])["pass_rate"] is None
