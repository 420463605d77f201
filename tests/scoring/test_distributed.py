"""The Ray engine on a local Ray instance (2 CPUs): same numbers as the single-process path, a worker crash that Ray
retries, resuming without recomputing finished shards, and the install hint without Ray."""

from __future__ import annotations

import json
import random
import sys

import numpy as np
import pytest

from codebertscore.errors import ArgumentError, MissingDependencyError
from codebertscore.scoring import distributed
from tests.conftest import CODE_SAMPLES


def _items(n: int) -> list[tuple]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        refs = [rng.choice(CODE_SAMPLES)] if i % 3 else [rng.choice(CODE_SAMPLES), rng.choice(CODE_SAMPLES)]
        cand = rng.choice(CODE_SAMPLES) + "# v" + str(i % 17)
        out.append((f"t{i}", cand, refs, f"# problem {i % 11}\n"))
    return out


@pytest.fixture(scope="module")
def ray_local(tmp_path_factory):
    ray = pytest.importorskip("ray", reason="the optional dependency ray is not installed (codebertscore[ray])")
    pytest.importorskip("ray.data", reason="ray[data] is not installed")
    fault = tmp_path_factory.mktemp("fault") / "crashed"
    import os

    os.environ[distributed.FAULT_ENV] = str(fault)  # inherited by the local workers: one actor call crashes, once
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield fault
    ray.shutdown()
    os.environ.pop(distributed.FAULT_ENV, None)


@pytest.fixture(scope="module")
def ray_run(ray_local, tiny_roberta_path, tmp_path_factory):
    """300 items scored on 2 actors, one of which crashes once."""
    items = _items(300)
    kwargs = {"model": tiny_roberta_path, "layer": 2, "dtype": "float32"}
    out = tmp_path_factory.mktemp("ray") / "run"
    summary = distributed.score_ray(items, out=out, scorer_kwargs=kwargs, shard_size=64, actors=2)
    return items, kwargs, out, summary


def test_ray_equals_single_process_and_survives_a_crash(ray_local, ray_run, tmp_path):
    from codebertscore import CodeBERTScorer
    from codebertscore.scoring.stream import score_items

    items, kwargs, out, summary = ray_run
    local_out = tmp_path / "local.jsonl"
    local = score_items(CodeBERTScorer(**kwargs), iter(items), out=local_out, chunk=64)
    assert ray_local.exists()  # the injected crash happened, and Ray restarted the actor and retried its shard
    assert summary["signature"] == local["signature"] and summary["n"] == 300 and summary["shards"] == 5
    expected = [json.loads(line) for line in local_out.read_text().splitlines()]
    got = list(distributed.read_results(out))
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    assert [r["best_ref"] for r in got] == [r["best_ref"] for r in expected]
    for m in ("P", "R", "F1", "F3"):
        assert np.abs(np.array([r[m] for r in got]) - np.array([r[m] for r in expected])).max() <= 1e-6
        assert abs(summary["mean"][m] - local["mean"][m]) <= 1e-9
    # resuming a finished run scores nothing and gives the same records
    again = distributed.score_ray(items, out=out, scorer_kwargs=kwargs, shard_size=64, resume=True)
    assert again["scored_now"] == 0 and again["mean"] == summary["mean"]
    assert list(distributed.read_results(out)) == got


@pytest.mark.slow
def test_ray_resume_recomputes_only_unfinished_or_changed_shards(ray_run):
    items, kwargs, out, _ = ray_run
    got = list(distributed.read_results(out))
    # shards 1 and 3 lost; only they are scored again, the others are never recomputed
    stamps = {k: (out / f"shard-{k:06d}.jsonl").stat().st_mtime_ns for k in range(5)}
    for k in (1, 3):
        (out / f"shard-{k:06d}.done.json").unlink()
    with pytest.raises(ArgumentError, match="--resume"):
        distributed.score_ray(items, out=out, scorer_kwargs=kwargs, shard_size=64)
    again = distributed.score_ray(items, out=out, scorer_kwargs=kwargs, shard_size=64, resume=True)
    assert again["scored_now"] == 128 and again["n"] == 300
    for k in (0, 2, 4):
        assert (out / f"shard-{k:06d}.jsonl").stat().st_mtime_ns == stamps[k]
    assert list(distributed.read_results(out)) == got
    # inputs changed in shard 4: only that shard is scored again
    changed = items[:-1] + [(items[-1][0], "def other(): pass\n", items[-1][2], items[-1][3])]
    third = distributed.score_ray(changed, out=out, scorer_kwargs=kwargs, shard_size=64, resume=True)
    assert third["scored_now"] == 300 - 4 * 64


@pytest.mark.slow
def test_ray_dataset_input(ray_local, tiny_roberta_path, tmp_path):
    from codebertscore import CodeBERTScorer

    items = _items(40)
    kwargs = {"model": tiny_roberta_path, "layer": 1, "dtype": "float32"}
    ds = distributed.items_dataset(items)
    summary = distributed.score_ray(ds, out=tmp_path / "o", scorer_kwargs=kwargs, shard_size=16)
    ref = CodeBERTScorer(**kwargs).score(cands=[i[1] for i in items], refs=[i[2] for i in items],
                                         sources=[i[3] for i in items])
    got = list(distributed.read_results(tmp_path / "o"))
    assert summary["n"] == 40 and [r["id"] for r in got] == [i[0] for i in items]
    assert np.abs(np.array([r["F3"] for r in got]) - ref.F3).max() <= 1e-6


def test_bad_arguments_name_them(tmp_path):
    with pytest.raises(ArgumentError, match="shard_size: expected a positive integer"):
        distributed.score_ray([], out=tmp_path, scorer_kwargs={}, shard_size=0)
    with pytest.raises(ArgumentError, match="max_restarts: expected a non-negative integer, got -1"):
        distributed.score_ray([], out=tmp_path, scorer_kwargs={}, max_restarts=-1)
    (tmp_path / "f").write_text("x")
    pytest.importorskip("ray")
    with pytest.raises(ArgumentError, match="is a file"):
        distributed.score_ray([], out=tmp_path / "f", scorer_kwargs={})


def test_without_ray_the_error_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    with pytest.raises(MissingDependencyError, match=r"pip install 'codebertscore\[ray\]'"):
        distributed.score_ray([("a", "x", ["y"], None)], out=tmp_path / "o", scorer_kwargs={})


def _write_jsonl(path, items):
    path.write_text("".join(json.dumps({"task_id": i, "completion": c, "canonical_solution": r[0]}) + "\n"
                            for i, c, r, _ in items), encoding="utf-8")


def test_cli_engine_ray_matches_the_local_engine(ray_local, tiny_roberta_path, tmp_path, capsys):
    from codebertscore.cli import main

    items = _items(30)
    cands = tmp_path / "c.jsonl"
    _write_jsonl(cands, items)
    common = ["score", "--cands", str(cands), "--model", tiny_roberta_path, "--layer", "2", "--dtype", "float32",
              "--quiet", "--no-progress"]
    assert main([*common, "--out", str(tmp_path / "local.jsonl")]) == 0
    assert main([*common, "--engine", "ray", "--shard-size", "8", "--out", str(tmp_path / "ray")]) == 0
    local = [json.loads(x) for x in (tmp_path / "local.jsonl").read_text().splitlines()]
    got = list(distributed.read_results(tmp_path / "ray"))
    assert [r["id"] for r in got] == [r["id"] for r in local]
    assert max(abs(a["F3"] - b["F3"]) for a, b in zip(got, local)) <= 1e-6
    # the same record identity as the local engine's (numbered over all shards) and the same summary fields
    ident = [(r["id"], r["sample"], r["index"], r["texts_sha"]) for r in local]
    assert [(r["id"], r["sample"], r["index"], r["texts_sha"]) for r in got] == ident
    assert list(got[0]) == list(local[0])
    ray_summary = json.loads((tmp_path / "ray" / "summary.json").read_text())
    local_summary = json.loads((tmp_path / "local.jsonl.summary.json").read_text())
    assert ray_summary["truncation"] == local_summary["truncation"]
    capsys.readouterr()


def test_ray_refuses_bad_output_paths_and_scores_no_inputs_as_n_0(tmp_path, capsys):
    from codebertscore.cli import main

    pytest.importorskip("ray")
    with pytest.raises(ArgumentError, match="the folder .*missing does not exist"):
        distributed.check_folder(tmp_path / "missing" / "run", False, False)
    cands = tmp_path / "c.jsonl"
    _write_jsonl(cands, _items(2))
    code = main(["score", "--cands", str(cands), "--engine", "ray", "--out", "-", "--quiet"])
    assert code == 2 and "--engine ray writes a folder" in capsys.readouterr().err
    summary = distributed.score_ray([], out=tmp_path / "empty", scorer_kwargs={})
    assert summary["n"] == 0 and summary["mean"]["F1"] is None
    assert list(distributed.read_results(tmp_path / "empty")) == []


def test_cli_without_ray_exits_with_the_install_hint(monkeypatch, tmp_path, capsys):
    from codebertscore.cli import main
    from codebertscore.errors import EXIT_DEPENDENCY

    monkeypatch.setitem(sys.modules, "ray", None)
    cands = tmp_path / "c.jsonl"
    _write_jsonl(cands, _items(3))
    code = main(["score", "--cands", str(cands), "--engine", "ray", "--out", str(tmp_path / "o"), "--quiet"])
    assert code == EXIT_DEPENDENCY
    assert "pip install 'codebertscore[ray]'" in capsys.readouterr().err
