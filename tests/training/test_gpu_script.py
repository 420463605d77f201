"""The GPU driver script end to end on the CPU with tiny data (slow: each stage is its own process)."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_train_variants_tiny_on_cpu(tmp_path: Path, tiny_corpus: Path, tiny_model: Path):
    from codebertscore.training.corpus import read_corpus
    from codebertscore.training.delta import apply_delta
    from codebertscore.training.pairs import MiningOptions, mine_pairs, write_pairs

    pairs = tmp_path / "pairs.jsonl.xz"
    write_pairs(pairs, mine_pairs(read_corpus(tiny_corpus), MiningOptions(heldout_fraction=0.3), workers=1))
    out, work = tmp_path / "out", tmp_path / "work"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), OUT=str(out), PYTHON=sys.executable)
    proc = subprocess.run(
        ["bash", str(REPO / "scripts/gpu/run.sh"), "--tiny", "--device", "cpu", "--total-budget", "400",
         "--stage-overhead", "20", "--variants", "cl-token,cl-mean,mlm-token", "--base", str(tiny_model),
         "--corpus", str(tiny_corpus), "--pairs", str(pairs), "--work", str(work), "--set", "contrastive.layer=1"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "SUMMARY" in proc.stdout and "cl-token" in proc.stdout.split("SUMMARY")[-1]
    summary = json.loads((out / "summary.json").read_text())
    assert [r["status"] for r in summary["rows"]] == ["ok", "ok", "ok"]
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) <= 8 and (out / "log.txt").is_file()
    for variant, final in (("cl-token", "1-contrastive"), ("mlm-token", "2-contrastive")):
        rebuilt = tmp_path / f"rebuilt-{variant}"
        apply_delta(tiny_model, out / variant, rebuilt)
        assert filecmp.cmp(rebuilt / "model.safetensors", work / variant / final / "model.safetensors", shallow=False)
