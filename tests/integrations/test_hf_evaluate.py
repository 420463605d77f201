"""The Hugging Face `evaluate` metric module, loaded from the package's local folder by the real `evaluate`.

Needs the optional extra ``[evaluate]``; skipped with the reason where `evaluate` is not installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codebertscore import CodeBERTScorer
from codebertscore.errors import ArgumentError
from codebertscore.hf_evaluate import OUTPUT_KEYS, PATH, compute

PREDS = ["def add(a, b):\n    return a + b\n", "x = [i * i for i in range(10)]\n"]
REFS = [["def add(x, y):\n    return x + y\n", "def add(a, b): return b + a"],
        ["squares = [i ** 2 for i in range(10)]"]]
SOURCES = ["# add two numbers", "# squares"]


def test_the_metric_folder_ships_the_script_and_its_card():
    folder = Path(PATH)
    assert (folder / "codebertscore.py").is_file()  # evaluate.load(folder) runs folder/<folder name>.py
    card = (folder / "README.md").read_text(encoding="utf-8")
    for section in ("## Metric description", "## How to use", "## Output values", "## Limitations", "## Citation"):
        assert section in card
    assert "2302.05527" in card


def test_compute_refuses_unknown_settings_naming_them():
    with pytest.raises(ArgumentError, match="num_layers: not a setting"):
        compute(predictions=["a"], references=["a"], num_layers=3)


@pytest.fixture(scope="module")
def metric():
    evaluate = pytest.importorskip("evaluate", reason="evaluate not installed (extra [evaluate])")
    return evaluate.load(PATH)


@pytest.fixture(scope="module")
def expected(minilm_path):
    return CodeBERTScorer(model=minilm_path, layer=4).score(cands=PREDS, refs=REFS, sources=SOURCES)


def test_evaluate_load_and_compute_match_the_scorer(metric, minilm_path, expected):
    out = metric.compute(predictions=PREDS, references=REFS, sources=SOURCES, model=minilm_path, layer=4)
    assert tuple(out) == OUTPUT_KEYS
    for key, want in (("precision", expected.P), ("recall", expected.R), ("f1", expected.F1), ("f3", expected.F3),
                      ("score", expected.F)):
        assert out[key] == pytest.approx(want.tolist(), abs=1e-6)
    assert out["best_ref"] == expected.best_ref.tolist() and out["headline"] == expected.headline
    assert out["hashcode"] == expected.signature.format()


def test_one_reference_string_per_example_and_batches(metric, minilm_path):
    single = [r[0] for r in REFS]
    want = CodeBERTScorer(model=minilm_path, layer=4).score(cands=PREDS, refs=single)
    for p, r in zip(PREDS, single):
        metric.add(predictions=p, references=r)
    out = metric.compute(model=minilm_path, layer=4, headline="F3")
    assert out["f1"] == pytest.approx(want.F1.tolist(), abs=1e-6) and out["score"] == out["f3"]
    assert "F:F3" in out["hashcode"] and "ctx:no" in out["hashcode"]


@pytest.mark.slow
def test_loads_and_scores_offline_with_no_network(tmp_path, minilm_path):
    """A fresh process with the hub and datasets offline and every proxy pointing at a closed port."""
    pytest.importorskip("evaluate", reason="evaluate not installed (extra [evaluate])")
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_EVALUATE_OFFLINE": "1",
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
           "HF_MODULES_CACHE": str(tmp_path / "modules"), "PYTHONPATH": str(src)}
    code = ("import evaluate, json; from codebertscore.hf_evaluate import PATH; "
            f"m = evaluate.load(PATH); print(json.dumps(m.compute(predictions={PREDS!r}, references={REFS!r}, "
            f"model={minilm_path!r}, layer=4)))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300,
                         check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    want = CodeBERTScorer(model=minilm_path, layer=4).score(cands=PREDS, refs=REFS)
    assert res["f3"] == pytest.approx(want.F3.tolist(), abs=1e-6)
