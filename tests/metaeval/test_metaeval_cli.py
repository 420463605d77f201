"""The `metaeval` and `tune` verbs through the real dispatcher (exit codes, files written, messages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codebertscore.cli import main
from codebertscore.cli.common import parse_layers
from codebertscore.errors import ArgumentError

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "metaeval"


def test_metaeval_writes_table_and_json(tmp_path: Path, capsys):
    out = tmp_path / "me.json"
    rc = main(["metaeval", "--data", str(FIX / "toy_devset.jsonl"), "--metrics", "exact", "edit_sim",
               "--folds", "3", "--bootstrap", "50", "--seed", "3", "--json", str(out), "--no-cache", "--quiet"])
    assert rc == 0
    table = capsys.readouterr().out
    assert "tau da-RR" in table and "edit_sim" in table and "seed 3" in table
    doc = json.loads(out.read_text())
    assert [s["spec"] for s in doc["settings"]] == ["exact", "edit_sim"]
    assert doc["config"]["seed"] == 3 and doc["data"]["source"].startswith("devset:")


def test_metaeval_max_per_problem_keeps_the_same_candidates_as_tune(tmp_path: Path, capsys):
    from codebertscore.metaeval.readers import load_data
    from codebertscore.metaeval.records import subsample

    out = tmp_path / "me.json"
    rc = main(["metaeval", "--data", str(FIX / "toy_devset.jsonl"), "--metrics", "edit_sim", "--folds", "0",
               "--bootstrap", "20", "--max-per-problem", "2", "--out", str(out), "--no-cache", "--quiet"])
    assert rc == 0
    doc = json.loads(out.read_text())
    kept = subsample(load_data("devset", FIX / "toy_devset.jsonl"), 2, 0)
    assert len(kept) < len(load_data("devset", FIX / "toy_devset.jsonl"))
    assert [it["id"] for it in doc["items"]] == [r.id for r in kept]
    assert "at most 2 candidates per problem, seed 0" in doc["data"]["source"]
    capsys.readouterr()
    assert main(["metaeval", "--data", str(FIX / "toy_devset.jsonl"), "--max-per-problem", "0"]) == 2
    assert "--max-per-problem: expected a positive integer" in capsys.readouterr().err


@pytest.mark.filterwarnings("ignore:1 program")
def test_metaeval_reads_multipl_e_with_refs_and_a_problem_subset(tmp_path: Path, capsys):
    rc = main(["metaeval", "--data", str(FIX / "multipl_e_py"), "--format", "multipl-e",
               "--refs", str(FIX / "humaneval_x_python.jsonl"), "--metrics", "chrf", "--folds", "0",
               "--bootstrap", "20", "--problems", "2", "--cache-dir", str(tmp_path), "--quiet"])
    assert rc == 0
    assert "2 problems" in capsys.readouterr().out
    assert list((tmp_path / "metric-scores").rglob("*.json"))  # the cache was written


def test_metaeval_list_metrics(capsys):
    assert main(["metaeval", "--dev", "python", "--list-metrics"]) == 0
    names = capsys.readouterr().out
    for name in ("bleu", "chrf", "codebleu", "codebertscore", "crystalbleu", "meteor", "rougeL", "edit_sim", "exact"):
        assert name in names


@pytest.mark.parametrize(
    "argv, code, message",
    [
        (["--data", "{fix}/toy_devset.jsonl", "--metrics", "blue"], 2, "unknown metric 'blue'"),
        (["--data", "{fix}/toy_devset.jsonl", "--metrics", "bleu:tok=xx"], 2, "tok: expected one of"),
        (["--data", "{fix}/multipl_e_py", "--format", "multipl-e"], 2, "--refs"),
        (["--data", "{fix}/plain.jsonl"], 3, "use --format jsonl"),
        (["--data", "{fix}/plain.jsonl", "--format", "jsonl"], 3, "lang: missing"),
        (["--data", "{fix}/no_such_file.jsonl"], 3, "no such dev-set file"),
        (["--dev", "klingon"], 2, "--dev: unknown dev set 'klingon'; expected a bundled language"),
        (["--dev", "python,python"], 2, "--dev: expected one name or several distinct ones"),
    ],
)
def test_metaeval_errors_map_to_exit_codes(argv, code, message, capsys):
    argv = [a.replace("{fix}", str(FIX)) for a in argv]
    assert main(["metaeval", *argv, "--no-cache", "--quiet", "--bootstrap", "10"]) == code
    assert message in capsys.readouterr().err


def test_parse_layers():
    assert parse_layers("0..3") == [0, 1, 2, 3]
    assert parse_layers("4, 2,2") == [2, 4]
    assert parse_layers("1..2,6") == [1, 2, 6]
    for bad in ("a", "3..1", "-1"):
        with pytest.raises(ArgumentError):
            parse_layers(bad)


def test_tune_writes_evidence_and_defaults(tmp_path: Path, minilm_path: str, capsys):
    out, defaults = tmp_path / "tune.json", tmp_path / "model" / "codebertscore.json"
    rc = main(["tune", "--data", str(FIX / "toy_devset.jsonl"), "--model", minilm_path, "--layers", "1,4",
               "--idf", "no", "--headlines", "F1", "F3", "R", "P", "--token-filters", "paper", "operators",
               "--baseline", "layer=1,F=F1,idf=no,filter=paper", "--bootstrap", "50", "--folds", "3", "--seed", "2",
               "--out", str(out), "--defaults-out", str(defaults), "--quiet"])
    assert rc == 0
    doc = json.loads(out.read_text())
    assert doc["format"] == "codebertscore-tune/2" and doc["seed"] == 2 and doc["folds"] == 3
    assert set(doc["per_setting"]) == {f"layer={layer},F={h},idf=no,filter={f}" for layer in (1, 4)
                                       for h in ("F1", "F3", "R", "P") for f in ("paper", "operators")}
    assert all(len(v["heldout"]) == 3 for v in doc["per_setting"].values() if v["choosable"])
    assert not any(v["choosable"] for k, v in doc["per_setting"].items() if ",F=P," in k)
    assert doc["baseline"] == "layer=1,F=F1,idf=no,filter=paper" and doc["paired_vs_baseline"]["n_boot"] == 50
    doc["per_setting"] = {k: v for k, v in doc["per_setting"].items() if v["choosable"]}
    best = max(doc["per_setting"], key=lambda k: doc["per_setting"][k]["full_data"])
    assert doc["choice"]["setting"] == best
    assert doc["data"]["n_candidates"] == 27 and len(doc["data"]["hash"]) == 64
    card = json.loads(defaults.read_text())
    assert card["layer"] == doc["choice"]["layer"] and card["headline"] == doc["choice"]["headline"]
    assert "held-out tau" in card["provenance"] and doc["data"]["hash"][:12] in card["provenance"]
    err = capsys.readouterr().err
    assert "tune: chose layer" in err and "never chosen" in err and card["token_filter"] in ("paper", "operators")


def test_metaeval_pools_several_bundled_dev_sets(tmp_path: Path, capsys):
    out = tmp_path / "pooled.json"
    argv = ["metaeval", "--dev", "python,javascript", "--dev-view", "samples", "--metrics", "exact", "--folds", "0",
            "--bootstrap", "10", "--no-cache", "--quiet", "--json", str(out)]
    assert main(argv) == 0
    doc = json.loads(out.read_text())
    assert doc["data"]["langs"] == ["javascript", "python"]
    assert doc["data"]["n_problems"] == 164 + 153  # a problem is a language and an id
    assert "bundled dev sets: python, javascript (samples view)" in doc["data"]["source"]
