"""Issue 12: nothing silently wrong from the command line (warnings, empty inputs, output paths, checks before the
model loads, --rescale), each checked end to end through ``codebertscore.cli.main``."""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

import pytest

from codebertscore.errors import EXIT_DEPENDENCY, EXIT_INPUT, EXIT_USAGE
from tests.cli.cli_helpers import EXAMPLES, run_cli


def test_warnings_name_no_internal_path_and_quiet_silences_them(capsys, tiny_roberta_path):
    # a model folder with no recorded default layer: the registry warns that a rule chose the layer
    argv = ["score", "--model", tiny_roberta_path, "--cands", EXAMPLES / "samples.jsonl",
            "--refs", EXAMPLES / "problems.jsonl"]
    code, _, err = run_cli(capsys, *argv)
    assert code == 0
    assert "codebertscore score: warning: no tuned default layer" in err
    assert ".py:" not in err and "site-packages" not in err and "warnings.warn" not in err
    code, _, err = run_cli(capsys, *argv, "--quiet")
    assert code == 0 and "warning" not in err and err == ""


SAMPLES, PROBLEMS = EXAMPLES / "samples.jsonl", EXAMPLES / "problems.jsonl"


@pytest.fixture
def no_model(monkeypatch):
    """Make loading an encoder fail loudly: what these tests refuse must be refused before the model loads."""
    import importlib

    def refuse(*args, **kwargs):
        raise AssertionError("the encoder was loaded before the check")

    for verb in ("score", "explain", "baseline"):  # imported before any patch: they bind common.make_scorer
        monkeypatch.setattr(importlib.import_module(f"codebertscore.cli.{verb}"), "make_scorer", refuse)
    monkeypatch.setattr(importlib.import_module("codebertscore.cli.common"), "make_scorer", refuse)


def _score(capsys, minilm_path, *extra):
    return run_cli(capsys, "score", "--model", minilm_path, "--layer", "4", "--cands", SAMPLES, "--refs", PROBLEMS,
                   "--quiet", *extra)


# -- item 1 -------------------------------------------------------------------------------------------------------
def test_resume_refuses_changed_completions_and_another_input_count(capsys, tmp_path, minilm_path):
    out = tmp_path / "s.jsonl"
    assert _score(capsys, minilm_path, "--out", out, "--chunk", "4")[0] == 0
    full = out.read_text().splitlines()
    out.write_text("\n".join(full[:6]) + "\n")  # an interrupted run: 6 of 15 kept
    lines = SAMPLES.read_text().splitlines()
    changed = tmp_path / "changed.jsonl"
    rec = json.loads(lines[2])
    rec["completion"] = "    return True\n"
    changed.write_text("\n".join([*lines[:2], json.dumps(rec), *lines[3:]]) + "\n")
    code, _, err = run_cli(capsys, "score", "--model", minilm_path, "--layer", "4", "--cands", changed, "--refs",
                           PROBLEMS, "--out", out, "--chunk", "4", "--resume", "--quiet")
    assert code == EXIT_USAGE
    assert "--resume:" in err and "s.jsonl record 3" in err and "'HumanEval/0' sample 2" in err
    assert "candidate, references or context changed" in err
    fewer = tmp_path / "fewer.jsonl"
    fewer.write_text("\n".join(lines[:10]) + "\n")
    code, _, err = run_cli(capsys, "score", "--model", minilm_path, "--layer", "4", "--cands", fewer, "--refs",
                           PROBLEMS, "--out", out, "--chunk", "4", "--resume", "--quiet")
    assert code == EXIT_USAGE and "written for 15 inputs, now 10" in err
    assert out.read_text().splitlines() == full[:6]  # refused runs change nothing
    code, stdout, _ = _score(capsys, minilm_path, "--out", out, "--chunk", "4", "--resume")
    assert code == 0 and json.loads(stdout)["scored_now"] == 9 and out.read_text().splitlines() == full


# -- item 2 -------------------------------------------------------------------------------------------------------
def test_records_of_samples_of_one_task_can_be_told_apart(capsys, tmp_path, minilm_path):
    out = tmp_path / "s.jsonl"
    assert _score(capsys, minilm_path, "--out", out)[0] == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["index"] for r in rows] == list(range(15))
    assert [(r["id"], r["sample"]) for r in rows[:4]] == [("HumanEval/0", 0), ("HumanEval/0", 1),
                                                          ("HumanEval/0", 2), ("HumanEval/2", 0)]
    assert len({(r["id"], r["sample"]) for r in rows}) == 15


# -- item 4 -------------------------------------------------------------------------------------------------------
def test_csv_and_gzipped_jsonl_outputs(capsys, tmp_path, minilm_path):
    ref = tmp_path / "s.jsonl"
    assert _score(capsys, minilm_path, "--out", ref)[0] == 0
    expected = [json.loads(line) for line in ref.read_text().splitlines()]
    gz = tmp_path / "s.jsonl.gz"
    assert _score(capsys, minilm_path, "--out", gz)[0] == 0
    with gzip.open(gz, "rt", encoding="utf-8") as fh:
        assert [json.loads(line) for line in fh] == expected
    out = tmp_path / "s.csv"
    assert _score(capsys, minilm_path, "--out", out)[0] == 0
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == [e["id"] for e in expected]
    assert [float(r["F3"]) for r in rows] == pytest.approx([e["F3"] for e in expected], abs=1e-12)


@pytest.mark.parametrize("name,message", [
    ("s.txt", "cannot tell the format"),
    ("missing/s.jsonl", "does not exist"),
    ("file.txt/s.jsonl", "is not a folder"),
])
def test_bad_output_paths_are_refused_before_the_model_loads(capsys, tmp_path, minilm_path, no_model, name, message):
    (tmp_path / "file.txt").write_text("x")
    code, _, err = _score(capsys, minilm_path, "--out", tmp_path / name)
    assert code == EXIT_USAGE and message in err and "internal error" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


# -- item 5 -------------------------------------------------------------------------------------------------------
def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    good = SAMPLES.read_text().splitlines()
    files = {
        "not valid JSON": [*good[:5], "{oops"],
        "has no reference": [*good[:5], json.dumps({"task_id": "HumanEval/999", "completion": "x"})],
        "missing field 'completion'": [*good[:5], json.dumps({"task_id": "HumanEval/0", "code": "x"})],
    }
    out = {}
    for k, (message, lines) in enumerate(files.items()):
        out[message] = tmp_path / f"bad{k}.jsonl"
        out[message].write_text("\n".join(lines) + "\n")
    return out


def test_every_input_record_is_checked_before_the_model_loads(capsys, tmp_path, minilm_path, no_model):
    for message, path in _bad_inputs(tmp_path).items():
        out = tmp_path / "o.jsonl"
        code, _, err = run_cli(capsys, "score", "--model", minilm_path, "--cands", path, "--refs", PROBLEMS,
                               "--out", out)
        assert code == EXIT_INPUT and message in err and ":6:" in err, err
        assert not out.exists()  # a refused run leaves no file behind


def _table(tmp_path: Path, layer: int, context: bool, value: float = 0.5) -> Path:
    path = tmp_path / f"baseline-{layer}-{context}.json"
    entry = {"layer": layer, "idf": False, "no_punc": True, "context": context, "n_pairs": 10,
             "P": value, "R": value, "F1": value, "F3": value}
    path.write_text(json.dumps({"format": "codebertscore-baseline/1", "model": "m", "model_ident": "",
                                "entries": [entry]}))
    return path


@pytest.mark.parametrize("extra,code_expected,message", [
    (["--layer", "7"], EXIT_USAGE, "has layers 0..6, got 7"),
    (["--window", "100000"], EXIT_USAGE, "window: expected an integer up to the model's maximum of 512"),
    (["--idf", "missing-idf.json"], EXIT_INPUT, "no such idf table file"),
    (["--rescale", "missing-baseline.json"], EXIT_INPUT, "no such baseline table file"),
    (["--rescale", "TABLE-LAYER-2"], EXIT_USAGE, "no baseline for layer=4"),
])
def test_settings_and_tables_are_checked_before_the_model_loads(capsys, tmp_path, minilm_path, no_model, extra,
                                                                code_expected, message):
    table = _table(tmp_path, 2, False)
    extra = [str(table) if a == "TABLE-LAYER-2" else str(tmp_path / a) if a.startswith("missing") else a
             for a in extra]
    argv = ["score", "--model", minilm_path, "--cands", SAMPLES, "--refs", PROBLEMS, "--out", tmp_path / "o.jsonl"]
    if "--layer" not in extra:
        argv += ["--layer", "4"]
    code, _, err = run_cli(capsys, *argv, *extra)
    assert code == code_expected and message in err, err
    assert not (tmp_path / "o.jsonl").exists()


def test_html_report_without_matplotlib_is_refused_before_the_work(capsys, tmp_path, monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    code, out, err = run_cli(capsys, "metaeval", "--dev", "python", "--problems", "3", "--metrics", "chrf",
                             "--bootstrap", "10", "--folds", "0", "--no-cache", "--html", tmp_path / "r.html")
    assert code == EXIT_DEPENDENCY and "matplotlib" in err and "pip install" in err
    assert out == "" and not (tmp_path / "r.html").exists()


# -- item 6 -------------------------------------------------------------------------------------------------------
def test_empty_candidates_file_gives_a_valid_result(capsys, tmp_path, minilm_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    out = tmp_path / "o.json"
    code, stdout, _ = run_cli(capsys, "score", "--model", minilm_path, "--layer", "4", "--cands", empty,
                              "--refs", PROBLEMS, "--out", out)
    assert code == 0 and "NaN" not in stdout and "NaN" not in out.read_text()
    assert json.loads(stdout)["n"] == 0 and json.loads(stdout)["mean"]["F1"] is None
    assert json.loads(out.read_text())["items"] == []


# -- item 10 ------------------------------------------------------------------------------------------------------
def test_score_rescale_option(capsys, tmp_path, minilm_path):
    plain = json.loads(_score(capsys, minilm_path, "--source-field", "prompt", "--token-filter", "paper")[1])
    table = _table(tmp_path, 4, True, value=0.5)
    code, stdout, _ = _score(capsys, minilm_path, "--source-field", "prompt", "--token-filter", "paper",
                             "--rescale", table)
    assert code == 0
    rescaled = json.loads(stdout)
    assert "rescale:table:" in rescaled["signature"]
    for m in ("P", "R", "F1", "F3"):  # (s - 0.5) / (1 - 0.5), averaged
        assert rescaled["mean"][m] == pytest.approx((plain["mean"][m] - 0.5) / 0.5, abs=1e-9)


def test_baseline_reports_fewer_pairs_than_asked(capsys, tmp_path, minilm_path):
    corpus = tmp_path / "code"
    corpus.mkdir()
    same = "".join(f"x{j} = {j}\n" for j in range(5))
    (corpus / "a.py").write_text(same)
    (corpus / "b.py").write_text(same)  # pairs drawn from a and b are identical snippets: dropped
    (corpus / "c.py").write_text("".join(f"def f{j}(y):\n    return y * {j}\n" for j in range(3)))
    out = tmp_path / "b.json"
    code, stdout, err = run_cli(capsys, "baseline", corpus, "--model", minilm_path, "--layers", "4",
                                "--n-pairs", "20", "--out", out)
    assert code == 0, err
    doc = json.loads(stdout)
    used = doc["entries"][0]["n_pairs"]
    assert used < 20 and doc["n_pairs_requested"] == 20
    assert f"used {used} of the 20 pairs asked" in err
    assert json.loads(out.read_text())["n_pairs_requested"] == 20


def test_baseline_of_only_identical_pairs_is_refused(capsys, tmp_path, minilm_path):
    corpus = tmp_path / "code"
    corpus.mkdir()
    same = "".join(f"x{j} = {j}\n" for j in range(5))
    for name in ("a.py", "b.py"):
        (corpus / name).write_text(same)  # every pair is the same snippet twice
    out = tmp_path / "b.json"
    code, stdout, err = run_cli(capsys, "baseline", corpus, "--model", minilm_path, "--layers", "4",
                                "--n-pairs", "10", "--out", out)
    assert code == EXIT_INPUT and "identical" in err and "NaN" not in stdout and not out.exists()
