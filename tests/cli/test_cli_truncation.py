"""`codebertscore score --truncate` reports what it cut on both sides and in the context (issue 12, item 3)."""

from __future__ import annotations

import json

from codebertscore.cli import main

LONG = "def big(items):\n" + "".join(f"    total_{i} = compute({i}, items[{i}])\n" for i in range(60))
SHORT = "def big(items):\n    return 0\n"


def test_cli_counts_a_truncated_reference_and_resumes_the_counts(capsys, tmp_path, tiny_roberta_path):
    cands = tmp_path / "c.jsonl"
    rows = [{"task_id": f"t{i}", "completion": SHORT, "canonical_solution": LONG if i % 2 else SHORT}
            for i in range(4)]
    cands.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "s.jsonl"
    args = ["score", "--model", tiny_roberta_path, "--layer", "2", "--truncate", "--cands", str(cands),
            "--out", str(out), "--chunk", "2"]
    assert main(args) == 0
    stdout, stderr = capsys.readouterr()
    summary = json.loads(stdout)
    assert summary["n_truncated"] == 2
    assert summary["truncation"]["references"] == 2 and summary["truncation"]["candidates"] == 0
    assert "truncated: 0 candidate(s) (0 tokens), 2 reference(s)" in stderr
    lines = out.read_text().splitlines()
    assert [("ref_truncated_tokens" in json.loads(x)) for x in lines] == [False, True, False, True]
    out.write_text("\n".join(lines[:2]) + "\n")  # interrupted after the first chunk
    assert main(args[:-2] + ["--chunk", "2", "--resume"]) == 0
    resumed = json.loads(capsys.readouterr()[0])
    assert resumed["n_truncated"] == 2 and resumed["truncation"] == summary["truncation"]
    after = [json.loads(x) for x in out.read_text().splitlines()]  # the record identity and hash survive too
    assert [(r["index"], r["sample"]) for r in after] == [(i, 0) for i in range(4)]
    assert [r["texts_sha"] for r in after] == [json.loads(x)["texts_sha"] for x in lines]
