"""`codebertscore score --cache-dir`: a second run reads every vector from the cache; --resume streams the finished
records (it does not hold them in memory) and still refuses other inputs."""

from __future__ import annotations

import json
from pathlib import Path

from codebertscore.errors import EXIT_USAGE
from tests.cli.cli_helpers import run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "python"


def test_second_run_hits_the_cache_and_gives_the_same_records(capsys, tmp_path, tiny_roberta_path):
    args = ["score", "--model", tiny_roberta_path, "--layer", "2", "--cands", EXAMPLES / "samples.jsonl",
            "--refs", EXAMPLES / "problems.jsonl", "--source-field", "prompt", "--cache-dir", tmp_path / "cache",
            "--quiet"]
    code, out1, _ = run_cli(capsys, *args, "--out", tmp_path / "a.jsonl")
    assert code == 0
    first = json.loads(out1)["cache"]
    assert first["hits"] == 0 and first["written"] == first["misses"] > 0
    code, out2, _ = run_cli(capsys, *args, "--out", tmp_path / "b.jsonl")
    second = json.loads(out2)["cache"]
    assert code == 0 and second["misses"] == 0 and second["hits"] == first["misses"]
    a = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text().splitlines()]
    b = [json.loads(x) for x in (tmp_path / "b.jsonl").read_text().splitlines()]
    assert len(a) == 15 and all(abs(x["F3"] - y["F3"]) <= 1e-6 and x["id"] == y["id"] for x, y in zip(a, b))


def test_resume_streams_finished_records_and_checks_ids(capsys, tmp_path, tiny_roberta_path):
    out = tmp_path / "s.jsonl"
    args = ["score", "--model", tiny_roberta_path, "--layer", "2", "--cands", EXAMPLES / "samples.jsonl",
            "--refs", EXAMPLES / "problems.jsonl", "--out", out, "--chunk", "4", "--quiet",
            "--cache-dir", tmp_path / "cache"]
    assert run_cli(capsys, *args)[0] == 0
    full = out.read_text().splitlines()
    summary = json.loads(Path(str(out) + ".summary.json").read_text())
    out.write_text("\n".join(full[:9]) + "\n" + full[9][:15])  # 9 complete records and a torn 10th
    code, stdout, _ = run_cli(capsys, *args, "--resume")
    resumed = json.loads(stdout)
    assert code == 0 and out.read_text().splitlines() == full
    assert resumed["scored_now"] == 6 and resumed["n"] == 15
    for m in ("P", "R", "F1", "F3"):  # the means include the records read back from the file
        assert abs(resumed["mean"][m] - summary["mean"][m]) <= 1e-9
    # a finished record whose id no longer matches the input: refused
    rows = [json.loads(x) for x in full[:9]]
    rows[3]["id"] = "HumanEval/999"
    out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    code, _, err = run_cli(capsys, *args, "--resume")
    assert code == EXIT_USAGE and "HumanEval/999" in err


def test_bad_cache_size(capsys, tmp_path, tiny_roberta_path):
    code, _, err = run_cli(capsys, "score", "--model", tiny_roberta_path, "--layer", "2", "--cands",
                           EXAMPLES / "samples.jsonl", "--refs", EXAMPLES / "problems.jsonl",
                           "--cache-dir", tmp_path / "c", "--cache-max-gb", "0")
    assert code == EXIT_USAGE and "--cache-max-gb" in err


def test_threads_option_sets_torch_threads(capsys, tmp_path, tiny_roberta_path):
    import torch

    before = torch.get_num_threads()
    try:
        code, _, _ = run_cli(capsys, "score", "--model", tiny_roberta_path, "--layer", "2", "--cands",
                             EXAMPLES / "samples.jsonl", "--refs", EXAMPLES / "problems.jsonl", "--quiet",
                             "--threads", "1")
        assert code == 0 and torch.get_num_threads() == 1
        code, _, err = run_cli(capsys, "score", "--model", tiny_roberta_path, "--cands", EXAMPLES / "samples.jsonl",
                               "--refs", EXAMPLES / "problems.jsonl", "--threads", "0")
        assert code == EXIT_USAGE and "--threads" in err
    finally:
        torch.set_num_threads(before)
