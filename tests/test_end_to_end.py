"""One real end-to-end run: the installed command scores the bundled example on the shipped default encoder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "python"


def test_readme_example_scores_with_the_default_encoder(tmp_path):
    out = tmp_path / "scores.jsonl"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "codebertscore", "score", "--lang", "python",
         "--cands", str(EXAMPLES / "samples.jsonl"), "--refs", str(EXAMPLES / "problems.jsonl"),
         "--source-field", "prompt", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["n"] == 15 and summary["n_empty"] == 0
    assert (
        "model:all-MiniLM-L6-v2@sha256:" in summary["signature"]
        and "layer:3" in summary["signature"]
        and "ctx:yes" in summary["signature"]
    )
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    f3 = np.array([r["F3"] for r in rows])
    assert np.all(np.isfinite(f3)) and np.all(np.abs(f3) <= 1.0)
    # candidates identical to the canonical solution score 1
    problems = {json.loads(line)["task_id"]: json.loads(line) for line in (EXAMPLES / "problems.jsonl").open()}
    samples = [json.loads(line) for line in (EXAMPLES / "samples.jsonl").open()]
    same = [
        i
        for i, s in enumerate(samples)
        if s["completion"].strip() == problems[s["task_id"]]["canonical_solution"].strip()
    ]
    assert same and np.allclose(f3[same], 1.0, atol=1e-5)
