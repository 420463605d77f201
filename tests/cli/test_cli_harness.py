"""`codebertscore score` on harness files and pipes (issue 12, item 8): bigcode generations, EvalPlus and MultiPL-E
folders, ``--cands -`` and ``--out -``, ``--cands-format``. Fixtures are synthetic, written here."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from codebertscore.cli import main
from codebertscore.errors import EXIT_INPUT
from codebertscore.scoring import readers as cio

ROOT = Path(__file__).resolve().parents[2]
PROBLEMS = [
    {"task_id": "HumanEval/0", "prompt": "def inc(x):\n", "canonical_solution": "    return x + 1\n"},
    {"task_id": "HumanEval/1", "prompt": "def dec(x):\n", "canonical_solution": "    return x - 1\n"},
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_bigcode_generations_score_against_problems(capsys, tmp_path, tiny_roberta_path):
    gens = tmp_path / "generations.json"
    gens.write_text(json.dumps([["def inc(x):\n    return x + 1\n", "def inc(x):\n    return x\n"],
                                ["def dec(x):\n    return x - 1\n"]]))
    probs = write_jsonl(tmp_path / "problems.jsonl", PROBLEMS)
    out = tmp_path / "s.jsonl"
    assert main(["score", "--model", tiny_roberta_path, "--layer", "2", "--cands", str(gens), "--refs", str(probs),
                 "--source-field", "prompt", "--out", str(out), "--quiet"]) == 0
    summary = json.loads(capsys.readouterr()[0])
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert summary["n"] == 3 and [r["id"] for r in rows] == ["HumanEval/0", "HumanEval/0", "HumanEval/1"]
    assert abs(rows[0]["F1"] - 1.0) < 1e-6 and abs(rows[2]["F1"] - 1.0) < 1e-6 and rows[1]["F1"] < 1.0


def test_format_override_and_errors_name_the_file(capsys, tmp_path, tiny_roberta_path):
    gens = tmp_path / "generations.json"
    gens.write_text(json.dumps([["x = 1"]]))
    code = main(["score", "--model", tiny_roberta_path, "--cands", str(gens), "--cands-format", "jsonl"])
    err = capsys.readouterr()[1]
    assert code == EXIT_INPUT and "generations.json[0]: expected a JSON object (a record), got list" in err


def test_stdin_to_stdout_in_process(capsys, tmp_path, monkeypatch, tiny_roberta_path):
    rows = [{"task_id": f"t{i}", "completion": "x = 1", "canonical_solution": "x = 2" if i else "x = 1"}
            for i in range(3)]
    data = "".join(json.dumps(r) + "\n" for r in rows)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    cio.reset_stdin()
    try:
        code = main(["score", "--model", tiny_roberta_path, "--layer", "2", "--cands", "-", "--out", "-"])
    finally:
        cio.reset_stdin()
    out, err = capsys.readouterr()
    assert code == 0
    recs = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in recs] == ["t0", "t1", "t2"] and abs(recs[0]["F1"] - 1.0) < 1e-6
    assert '"n": 3' in err and "CodeBERTScore  n=3" in err  # the summary went to stderr


def test_resume_refuses_stdout(capsys, tmp_path, tiny_roberta_path):
    c = write_jsonl(tmp_path / "c.jsonl", [{"task_id": "a", "completion": "x", "canonical_solution": "y"}])
    code = main(["score", "--model", tiny_roberta_path, "--cands", str(c), "--out", "-", "--resume"])
    assert code == 2 and "--resume: needs an --out file" in capsys.readouterr()[1]


def test_a_real_pipe(tmp_path, tiny_roberta_path):
    rows = [
        {"task_id": "a", "completion": "def f():\n    return 1\n", "canonical_solution": "def f():\n    return 1\n"}
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(  # noqa: PLW1510 - the return code is asserted with the output
        [sys.executable, "-m", "codebertscore", "score", "--model", tiny_roberta_path, "--layer", "2",
         "--cands", "-", "--out", "-"],
        input="".join(json.dumps(r) + "\n" for r in rows), capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (rec,) = [json.loads(x) for x in proc.stdout.splitlines()]
    assert rec["id"] == "a" and abs(rec["F1"] - 1.0) < 1e-6
    assert json.loads(proc.stderr[proc.stderr.index("{"): proc.stderr.rindex("}") + 1])["n"] == 1


def test_a_piped_record_is_checked_before_the_model_loads(capsys, monkeypatch):
    """The full check pass over JSONL inputs reads standard input from its one buffered read: a bad record is refused
    (exit 3, naming '-' and the line) before any encoder loads, here a model that does not exist."""
    rows = [{"task_id": "a", "completion": "x", "canonical_solution": "y"}, {"task_id": "b", "compl": "x"}]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("".join(json.dumps(r) + "\n" for r in rows).encode())))
    cio.reset_stdin()
    try:
        code = main(["score", "--model", "/nonexistent/model", "--cands", "-", "--out", "-"])
    finally:
        cio.reset_stdin()
    out, err = capsys.readouterr()
    assert code == EXIT_INPUT and "-:2: missing field 'completion'" in err and out == ""


def test_piped_and_harness_records_carry_sample_and_index(capsys, tmp_path, monkeypatch, tiny_roberta_path):
    rows = [{"task_id": t, "completion": "x = 1", "canonical_solution": "x = 2"} for t in ("a", "a", "b", "a")]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("".join(json.dumps(r) + "\n" for r in rows).encode())))
    cio.reset_stdin()
    try:
        code = main(["score", "--model", tiny_roberta_path, "--layer", "2", "--cands", "-", "--out", "-", "--quiet"])
    finally:
        cio.reset_stdin()
    recs = [json.loads(x) for x in capsys.readouterr()[0].splitlines()]
    assert code == 0 and [(r["id"], r["sample"], r["index"]) for r in recs] == [("a", 0, 0), ("a", 1, 1), ("b", 0, 2),
                                                                                 ("a", 2, 3)]
    assert all(len(r["texts_sha"]) == 16 for r in recs)
    gens = tmp_path / "generations.json"
    gens.write_text(json.dumps([["def inc(x):\n    return x + 1\n", "def inc(x):\n    return x\n"],
                                ["def dec(x):\n    return x - 1\n"]]))
    probs = write_jsonl(tmp_path / "problems.jsonl", PROBLEMS)
    out = tmp_path / "s.csv"
    assert main(["score", "--model", tiny_roberta_path, "--layer", "2", "--cands", str(gens), "--refs", str(probs),
                 "--out", str(out), "--quiet"]) == 0
    lines = out.read_text().splitlines()
    assert lines[0].startswith("id,sample,index,") and "ref_truncated_tokens,context_tokens_dropped" in lines[0]
    assert [x.split(",")[:3] for x in lines[1:]] == [["HumanEval/0", "0", "0"], ["HumanEval/0", "1", "1"],
                                                    ["HumanEval/1", "0", "2"]]


def test_an_empty_jsonl_stream_is_no_candidates(tmp_path):
    empty = tmp_path / "e.jsonl"
    empty.write_text("")
    assert cio.detect_format(empty, None) == "jsonl"
