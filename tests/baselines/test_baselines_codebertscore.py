"""The CodeBERTScore adapter against the scorer itself, on the offline MiniLM model (a real 6-layer BERT)."""

from __future__ import annotations

import numpy as np
import pytest

from codebertscore.baselines.base import build_metric, expand_spec
from codebertscore.baselines.codebertscore import CodeBERTScoreMetric
from codebertscore.errors import ArgumentError

CANDS = ["def f(x):\n    return x + 1\n", "def g(y): return y * 2", "print(1)", "def f(x):\n    return x - 1\n"]
ADD = "def f(a):\n    return a + 1\n"
REFS = [[ADD], [ADD], ["print(2)"], [ADD]]
SOURCES = ["# add one", "# add one", "# print", "# add one"]


def test_adapter_equals_the_scorer(minilm_path: str):
    from codebertscore import CodeBERTScorer

    metric = build_metric(f"codebertscore:model={minilm_path},layer=3,F=F1")
    direct = CodeBERTScorer(model=minilm_path, layer=3, headline="F1").score(cands=CANDS, refs=REFS, sources=SOURCES)
    assert np.allclose(metric.score(CANDS, REFS, SOURCES, "python"), direct.F1, atol=1e-6)
    no_ctx = build_metric(f"codebertscore:model={minilm_path},layer=3,F=R,context=no")
    direct_nc = CodeBERTScorer(model=minilm_path, layer=3).score(cands=CANDS, refs=REFS)
    assert np.allclose(no_ctx.score(CANDS, REFS, SOURCES, "python"), direct_nc.R, atol=1e-6)


def test_a_grid_scored_together_equals_each_setting_alone(minilm_path: str):
    specs = expand_spec(f"codebertscore:model={minilm_path},layer=1|5,F=F3,idf=no|yes")
    metrics = [build_metric(s) for s in specs]
    together = metrics[0].score_group(metrics, CANDS, REFS, SOURCES, "python")
    for metric, scores in zip(metrics, together):
        assert np.allclose(scores, metric.score(CANDS, REFS, SOURCES, "python"), atol=1e-6), metric
    by_setting = {(m.layer, m.measure, m.use_idf): s for m, s in zip(metrics, together)}
    assert not np.allclose(by_setting[(1, "F3", False)], by_setting[(5, "F3", False)])
    assert not np.allclose(by_setting[(5, "F3", False)], by_setting[(5, "F3", True)])


def test_several_references_pick_the_best_by_the_chosen_F(minilm_path: str):
    refs = [["def f(a):\n    return a + 1\n", "x = 1"]] * len(CANDS)
    f1 = build_metric(f"codebertscore:model={minilm_path},layer=4,F=F1")
    f3 = build_metric(f"codebertscore:model={minilm_path},layer=4,F=F3")
    both = f1.score_group([f1, f3], CANDS, refs, SOURCES, "python")
    assert np.allclose(both[0], f1.score(CANDS, refs, SOURCES, "python"))
    assert np.allclose(both[1], f3.score(CANDS, refs, SOURCES, "python"))


def test_signature_carries_model_hash_layer_measure_and_idf(minilm_path: str):
    sig = build_metric(f"codebertscore:model={minilm_path},layer=2,F=P,idf=yes").signature()
    assert sig.startswith("codebertscore|") and "|layer:2|" in sig and "|F:P|" in sig and "|idf:refs|" in sig
    assert "@sha256:" in sig and "ctx:yes" in sig


def test_default_model_for_a_language_and_option_checks():
    sig = build_metric("codebertscore:lang=python").signature()
    assert "layer:" in sig
    with pytest.raises(ArgumentError, match="model=... or lang=..."):
        CodeBERTScoreMetric()
    with pytest.raises(ArgumentError, match="F: expected one of"):
        CodeBERTScoreMetric(lang="python", F="F2")
    with pytest.raises(ArgumentError, match="idf"):
        CodeBERTScoreMetric(lang="python", idf="/no/such/table.json")
