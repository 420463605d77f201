"""`tune` as a library call: its numbers are the cross-validation of the adapter's scores."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from codebertscore.baselines.codebertscore import CodeBERTScoreMetric
from codebertscore.errors import ArgumentError
from codebertscore.metaeval.folds import cross_validate
from codebertscore.metaeval.readers import load_data
from codebertscore.metaeval.stats import MetricStats, make_groups
from codebertscore.metaeval.tune import tune

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "metaeval"


@pytest.mark.slow
def test_tune_is_cross_validation_of_the_grid(minilm_path: str):
    recs = load_data("devset", FIX / "toy_devset.jsonl")
    res = tune(recs, model=minilm_path, layers=[2, 5], headlines=["F3"], idf=[False, True], folds=3, seed=4)
    assert res.cv.settings == ["layer=2,F=F3,idf=no", "layer=2,F=F3,idf=yes", "layer=5,F=F3,idf=no",
                               "layer=5,F=F3,idf=yes"]
    labels = np.array([r.label for r in recs])
    groups = make_groups([r.problem_id for r in recs])
    stats = {}
    for name in res.cv.settings:
        parts = dict(p.split("=") for p in name.split(","))
        m = CodeBERTScoreMetric(model=minilm_path, layer=parts["layer"], F=parts["F"], idf=parts["idf"])
        scores = m.score([r.candidate for r in recs], [r.references for r in recs], [r.context for r in recs])
        stats[name] = MetricStats(scores, labels, groups)
    want = cross_validate(stats, k=3, seed=4)
    assert res.cv.choice == want.choice
    assert res.cv.heldout_mean == pytest.approx(want.heldout_mean)
    for name in res.cv.settings:
        assert res.cv.full_data[name] == pytest.approx(want.full_data[name])
    d = res.to_dict()
    assert d["choice"]["layer"] in (2, 5) and d["choice"]["headline"] == "F3"
    assert d["defaults"]["layer"] == d["choice"]["layer"] and "layer:" in d["signature"]


def test_tune_refuses_mixed_languages_and_bad_grids(minilm_path: str):
    recs = load_data("devset", FIX / "toy_devset.jsonl")
    with pytest.raises(ArgumentError, match="headlines"):
        tune(recs, model=minilm_path, headlines=["F2"])
    with pytest.raises(ArgumentError, match="layers"):
        tune(recs, model=minilm_path, layers=[99])


def test_tune_pools_languages_that_share_one_encoder(minilm_path: str, monkeypatch):
    from codebertscore.models import registry

    recs = load_data("devset", FIX / "toy_devset.jsonl")
    both = recs + [replace(r, lang="java", id=r.id + "/java") for r in recs]  # same problem ids, two languages
    grid = {"layers": [1], "headlines": ["F3"], "idf": [False], "folds": 2}
    one = tune(recs, model=minilm_path, **grid)
    pooled = tune(both, model=minilm_path, **grid)
    assert pooled.lang == "java+python"
    # problems stay apart per language: twice the problems, and two copies pool to the tau of one
    assert pooled.data["n_problems"] == 2 * one.data["n_problems"]
    assert pooled.cv.full_data == pytest.approx(one.cv.full_data)
    # without a named encoder, the languages must share their default one
    real = registry.resolve
    monkeypatch.setattr(registry, "resolve", lambda lang=None, **kw: replace(real(lang=lang, **kw), name=f"enc-{lang}"))
    with pytest.raises(ArgumentError, match="default encoders differ"):
        tune(both, **grid)
