"""The command-line tool: the three input forms, output files, resume, and errors with distinct exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from codebertscore.cli import main
from codebertscore.errors import EXIT_INPUT, EXIT_MODEL, EXIT_USAGE
from tests.cli.cli_helpers import EXAMPLES, run_cli


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_score_humaneval_samples_jsonl(capsys, tmp_path, minilm_path):
    out = tmp_path / "scores.jsonl"
    code, stdout, stderr = run_cli(capsys, "score", "--model", minilm_path, "--layer", "4",
                                   "--cands", EXAMPLES / "samples.jsonl", "--refs", EXAMPLES / "problems.jsonl",
                                   "--source-field", "prompt", "--out", out)
    assert code == 0
    summary = json.loads(stdout)
    assert summary["n"] == 15 and "ctx:yes" in summary["signature"]
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 15 and rows[0]["id"] == "HumanEval/0" and set(rows[0]) >= {"P", "R", "F1", "F3", "best_ref"}
    assert json.loads(Path(str(out) + ".summary.json").read_text())["signature"] == summary["signature"]
    assert "CodeBERTScore  n=15" in stderr and "signature:" in stderr


@pytest.mark.parametrize("headline", ["F3", "R"])
def test_headline_option(capsys, tmp_path, minilm_path, headline):
    code, stdout, _ = run_cli(capsys, "score", "--model", minilm_path, "--layer", "2", "--headline", headline,
                              "--cands", EXAMPLES / "samples.jsonl", "--refs", EXAMPLES / "problems.jsonl")
    assert code == 0
    summary = json.loads(stdout)
    assert summary["headline"] == headline and f"|F:{headline}|" in summary["signature"]


def test_resume_continues_and_keeps_finished_results(capsys, tmp_path, minilm_path):
    out = tmp_path / "s.jsonl"
    args = ["score", "--model", minilm_path, "--layer", "4", "--cands", EXAMPLES / "samples.jsonl",
            "--refs", EXAMPLES / "problems.jsonl", "--out", out, "--chunk", "4", "--quiet"]
    assert run_cli(capsys, *args)[0] == 0
    full = out.read_text().splitlines()
    # simulate an interruption: keep 6 complete lines and a torn 7th
    out.write_text("\n".join(full[:6]) + "\n" + full[6][:20])
    code, stdout, _ = run_cli(capsys, *args, "--resume")
    assert code == 0
    assert out.read_text().splitlines() == full
    assert json.loads(stdout)["scored_now"] == 9
    # existing output without --resume/--overwrite is refused
    code, _, err = run_cli(capsys, *args)
    assert code == EXIT_USAGE and "--resume" in err


def test_resume_refuses_other_inputs(capsys, tmp_path, minilm_path):
    out = tmp_path / "s.jsonl"
    out.write_text(json.dumps({"id": "X/1", "P": 1, "R": 1, "F1": 1, "F3": 1, "best_ref": 0}) + "\n")
    code, _, err = run_cli(
        capsys,
        "score",
        "--model",
        minilm_path,
        "--layer",
        "4",
        "--cands",
        EXAMPLES / "samples.jsonl",
        "--refs",
        EXAMPLES / "problems.jsonl",
        "--out",
        out,
        "--resume",
    )
    assert code == EXIT_USAGE and "written for other inputs" in err


def test_score_folders_and_lines(capsys, tmp_path, minilm_path):
    c, r = tmp_path / "c", tmp_path / "r"
    c.mkdir()
    r.mkdir()
    (c / "a.py").write_text("def f(x):\n    return x + 1\n")
    (r / "a.py").write_text("def f(y):\n    return y + 1\n")
    code, stdout, _ = run_cli(
        capsys, "score", "--model", minilm_path, "--layer", "4", "--cands", c, "--refs", r, "--quiet"
    )
    assert code == 0 and json.loads(stdout)["n"] == 1
    lc, lr = tmp_path / "c.txt", tmp_path / "r.txt"
    lc.write_text("def f(x):\\n    return x + 1\nx = 1\n")
    lr.write_text("def f(y):\\n    return y + 1\nx = 2\n")
    out = tmp_path / "o.json"
    code, stdout, _ = run_cli(capsys, "score", "--model", minilm_path, "--layer", "4", "--cands", lc, "--refs", lr,
                              "--out", out, "--quiet")
    assert code == 0
    doc = json.loads(out.read_text())
    assert [it["id"] for it in doc["items"]] == [1, 2]
    # the folder pair above is the first line pair: same text, same score
    assert doc["items"][0]["F1"] == pytest.approx(json.loads(stdout)["mean"]["F1"] * 2 - doc["items"][1]["F1"])


@pytest.mark.parametrize("extra,code_expected,message", [
    (["--cands", "missing.jsonl", "--refs", "missing2.jsonl"], EXIT_INPUT, "no such file"),
    (["--lang", "kotlin"], EXIT_USAGE, "unknown language 'kotlin'"),
    (["--layer", "99"], EXIT_USAGE, "layer"),
    (["--chunk", "0"], EXIT_USAGE, "--chunk"),
])
def test_errors_have_distinct_exit_codes(capsys, tmp_path, minilm_path, extra, code_expected, message):
    base = {"--cands": str(EXAMPLES / "samples.jsonl"), "--refs": str(EXAMPLES / "problems.jsonl"),
            "--model": minilm_path}
    argv = ["score"]
    keys = set(extra[::2])
    for k, v in base.items():
        if k not in keys and not (k == "--model" and "--lang" in keys):
            argv += [k, v]
    argv += [str(tmp_path / a) if a.startswith("missing") else a for a in extra]
    code, _, err = run_cli(capsys, *argv)
    assert code == code_expected and message in err


def test_bad_line_reports_file_and_line(capsys, tmp_path, minilm_path):
    bad = tmp_path / "c.jsonl"
    bad.write_text('{"task_id": "HumanEval/0", "completion": "x"}\n{oops\n')
    code, _, err = run_cli(
        capsys, "score", "--model", minilm_path, "--cands", bad, "--refs", EXAMPLES / "problems.jsonl"
    )
    assert code == EXIT_INPUT and "c.jsonl:2: not valid JSON" in err


def test_model_that_cannot_load_exits_with_model_code(capsys):
    code, _, err = run_cli(capsys, "score", "--model", "no-org/no-model", "--layer", "1",
                           "--cands", EXAMPLES / "samples.jsonl", "--refs", EXAMPLES / "problems.jsonl")
    assert code == EXIT_MODEL and "could not load 'no-org/no-model'" in err


def test_idf_and_explain_verbs(capsys, tmp_path, minilm_path):
    table = tmp_path / "idf.json"
    code, stdout, _ = run_cli(capsys, "idf", EXAMPLES / "problems.jsonl", "--jsonl-field", "canonical_solution",
                              "--model", minilm_path, "--out", table)
    assert code == 0 and json.loads(stdout)["n_docs"] == 5
    code, stdout, _ = run_cli(capsys, "score", "--model", minilm_path, "--layer", "4", "--idf", table, "--quiet",
                              "--cands", EXAMPLES / "samples.jsonl", "--refs", EXAMPLES / "problems.jsonl")
    assert code == 0 and "idf:table:" in json.loads(stdout)["signature"]
    html = tmp_path / "ex.html"
    code, stdout, _ = run_cli(capsys, "explain", "--model", minilm_path, "--layer", "4",
                              "--cand-text", "return a + b", "--ref-text", "return a - b", "--html", html)
    assert code == 0 and "least matched" in stdout and "<table>" in html.read_text()


def test_baseline_verb(capsys, tmp_path, minilm_path):
    corpus = tmp_path / "code"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"m{i}.py").write_text("".join(f"def f{j}(x):\n    return x * {i + j}\n" for j in range(6)))
    out = tmp_path / "b.json"
    code, stdout, _ = run_cli(capsys, "baseline", corpus, "--model", minilm_path, "--layers", "2", "4",
                              "--n-pairs", "12", "--out", out)
    assert code == 0 and [e["layer"] for e in json.loads(out.read_text())["entries"]] == [2, 4]


def test_help_lists_the_verbs():
    out = subprocess.run([sys.executable, "-m", "codebertscore", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for verb in ("score", "idf", "baseline", "explain"):
        assert verb in out.stdout


def test_token_filter_option_and_its_refusals(capsys, tmp_path):
    (tmp_path / "c.txt").write_text("return a < b\n")
    (tmp_path / "r.txt").write_text("return a > b\n")
    code, out, err = run_cli(capsys, "score", "--lang", "python", "--token-filter", "operators",
                             "--cands", tmp_path / "c.txt", "--refs", tmp_path / "r.txt")
    assert code == 0 and "punc:operators" in out + err
    code, _, err = run_cli(capsys, "score", "--lang", "python", "--token-filter", "bogus",
                           "--cands", tmp_path / "c.txt", "--refs", tmp_path / "r.txt")
    assert code == EXIT_USAGE and "--token-filter: invalid choice: 'bogus'" in err
    code, _, err = run_cli(capsys, "score", "--lang", "python", "--token-filter", "paper", "--keep-punct",
                           "--cands", tmp_path / "c.txt", "--refs", tmp_path / "r.txt")
    assert code == EXIT_USAGE and "no_punc" in err and "contradicts" in err


def test_score_help_lists_go(capsys):
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    assert "go/golang" in capsys.readouterr().out


def test_resume_accepts_the_older_punc_spelling(capsys, tmp_path, minilm_path):
    """A run interrupted before filters had names (its signature says punc:filtered) resumes under punc:paper."""
    out = tmp_path / "s.jsonl"
    args = ["score", "--model", minilm_path, "--layer", "4", "--cands", EXAMPLES / "samples.jsonl",
            "--refs", EXAMPLES / "problems.jsonl", "--out", out, "--chunk", "4", "--quiet",
            "--token-filter", "paper"]
    assert run_cli(capsys, *args)[0] == 0
    full = out.read_text().splitlines()
    meta = Path(str(out) + ".meta.json")
    sig = json.loads(meta.read_text())["signature"]
    assert "|punc:paper|" in sig
    meta.write_text(json.dumps({"signature": sig.replace("|punc:paper|", "|punc:filtered|")}))
    out.write_text("\n".join(full[:6]) + "\n")
    code, _, err = run_cli(capsys, *args, "--resume")
    assert code == 0 and out.read_text().splitlines() == full
    meta.write_text(json.dumps({"signature": sig.replace("|punc:paper|", "|punc:kept|")}))
    out.write_text("\n".join(full[:6]) + "\n")
    code, _, err = run_cli(capsys, *args, "--resume")
    assert code == EXIT_USAGE and "settings differ" in err


def test_idf_verb_writes_gzip_tables_with_a_named_source(capsys, tmp_path, minilm_path):
    table = tmp_path / "idf.json.gz"
    code, stdout, _ = run_cli(capsys, "idf", EXAMPLES / "problems.jsonl", "--jsonl-field", "canonical_solution",
                              "--model", minilm_path, "--source", "five HumanEval solutions", "--out", table)
    assert code == 0 and table.read_bytes()[:2] == b"\x1f\x8b"  # gzip magic
    from codebertscore.scoring.idf import IdfTable

    loaded = IdfTable.load(table)
    assert loaded.source == "five HumanEval solutions" and loaded.n_docs == 5
    assert loaded.sha256 == json.loads(stdout)["sha256"]
