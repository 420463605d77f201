"""`tune` as a library call: the grid's scores are the scorer's, its numbers are the cross-validation and bootstrap
of those scores, and settings that may not be defaults are measured but never chosen."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.bootstrap import paired_bootstrap, resample_weights
from codebertscore.metaeval.folds import cross_validate
from codebertscore.metaeval.grid import Setting, score_grid
from codebertscore.metaeval.readers import load_data
from codebertscore.metaeval.records import subsample
from codebertscore.metaeval.stats import MetricStats, make_groups
from codebertscore.metaeval.tune import choosable, tune

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "metaeval"

CANDS = ["return a < b", "x = [i*i for i in range(n)]\nreturn x", "if x == 0:\n    return y", ";",
         "return sorted(xs)[::-1]"]
REFS = [["return a > b"], ["return [i ** 2 for i in range(n)]", "y = 2"], ["if x != 0:\n    return y"], ["return 1"],
        ["return list(reversed(sorted(xs)))"]]
SRCS = ["def f(a, b):\n", "def g(n):\n", "def h(x, y):\n", "def k():\n", "def s(xs):\n"]


@pytest.mark.slow
def test_grid_scores_equal_the_scorer_with_each_setting(minilm_path: str):
    """One encoding for every filter, idf and headline gives what a scorer built for each setting gives (within
    float32 rounding), chunks included, with a multi-reference candidate, an empty one and refs idf."""
    from codebertscore import CodeBERTScorer
    from codebertscore.scoring.idf import IdfTable

    base = CodeBERTScorer(model=minilm_path, layer=0)
    table = IdfTable(n_docs=3, df={base.encoder.tokenize(["return"])[0][0][0]: 2})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        grid = score_grid(base, CANDS, REFS, SRCS, layers=[1, 3], headlines=["F1", "R", "P"],
                          idfs=["no", "corpus", "refs"], filters=["paper", "operators"], corpus_table=table,
                          chunks=[[0, 1], [2, 3, 4]])
        assert len(grid) == 2 * 3 * 3 * 2
        for f in ("paper", "operators"):
            for idf in ("no", "corpus", "refs"):
                for h in ("F1", "R", "P"):
                    sc = CodeBERTScorer(model=minilm_path, layer=1, token_filter=f, headline="F3" if h == "P" else h,
                                        idf={"no": False, "corpus": table, "refs": True}[idf])
                    res = sc.score_layers(cands=CANDS, refs=REFS, sources=SRCS, layers=[1, 3])
                    for layer in (1, 3):
                        np.testing.assert_allclose(grid[Setting(layer, h, idf, f)], res[layer].measure(h), atol=1e-5)
    assert grid[Setting(1, "F1", "no", "paper")][3] == 0.0  # ";" has no matched token


def test_grid_scores_equal_the_scorer_on_two_settings(minilm_path: str):
    """The fast check of the one above: operators filter with refs idf, and the paper's filter without idf."""
    from codebertscore import CodeBERTScorer

    base = CodeBERTScorer(model=minilm_path, layer=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        grid = score_grid(base, CANDS, REFS, SRCS, layers=[2], headlines=["R"], idfs=["no", "refs"],
                          filters=["paper", "operators"], chunks=[[0, 3], [1, 2, 4]])
        for f, idf in (("operators", "refs"), ("paper", "no")):
            sc = CodeBERTScorer(model=minilm_path, layer=2, token_filter=f, headline="R", idf=idf == "refs")
            want = sc.score(cands=CANDS, refs=REFS, sources=SRCS).R
            np.testing.assert_allclose(grid[Setting(2, "R", idf, f)], want, atol=1e-5)


def test_grid_refuses_bad_names(minilm_scorer):
    with pytest.raises(ArgumentError, match="token_filters: expected one of"):
        score_grid(minilm_scorer, ["a"], [["a"]], None, layers=[1], headlines=["F1"], idfs=["no"], filters=["x"])
    with pytest.raises(ArgumentError, match="idf: expected some of no, corpus, refs"):
        score_grid(minilm_scorer, ["a"], [["a"]], None, layers=[1], headlines=["F1"], idfs=["yes"], filters=["paper"])
    with pytest.raises(ArgumentError, match="headlines"):
        score_grid(minilm_scorer, ["a"], [["a"]], None, layers=[1], headlines=["F2"], idfs=["no"], filters=["paper"])
    with pytest.raises(ArgumentError, match="chunks"):
        score_grid(minilm_scorer, ["a", "b"], [["a"], ["b"]], None, layers=[1], headlines=["F1"], idfs=["no"],
                   filters=["paper"], chunks=[[0]])


def test_subsample_is_seeded_order_independent_and_per_problem():
    recs = load_data("devset", FIX / "toy_devset.jsonl")
    a = subsample(recs, 2, seed=1)
    b = subsample(list(reversed(recs)), 2, seed=1)
    assert sorted(r.id for r in a) == sorted(r.id for r in b)
    counts: dict[str, int] = {}
    for r in a:
        counts[r.problem_id] = counts.get(r.problem_id, 0) + 1
    assert max(counts.values()) == 2 and set(counts) == {r.problem_id for r in recs}
    assert [r.id for r in a] == [r.id for r in recs if r.id in {x.id for x in a}]  # original order kept
    assert subsample(recs, None) == recs
    assert {r.id for r in subsample(recs, 2, seed=2)} != {r.id for r in a} or len(recs) <= 2 * len(counts)
    with pytest.raises(ArgumentError, match="max_per_problem"):
        subsample(recs, 0)


def test_choosable_excludes_refs_idf_and_p():
    assert choosable(Setting(3, "R", "no", "paper")) and choosable(Setting(3, "F1", "corpus", "operators"))
    assert not choosable(Setting(3, "R", "refs", "paper")) and not choosable(Setting(3, "P", "no", "paper"))


@pytest.mark.slow
def test_tune_is_cross_validation_and_bootstrap_of_the_grid(minilm_path: str):
    recs = load_data("devset", FIX / "toy_devset.jsonl")
    res = tune(recs, model=minilm_path, layers=[2, 5], headlines=["F3", "P"], idf=["no", "refs"],
               token_filters=["paper", "operators"], folds=3, seed=4, n_boot=200,
               baseline="layer=2,F=F3,idf=no,filter=paper")
    names = [s.name for s in (Setting(lay, h, i, f) for lay in (2, 5) for h in ("F3", "P") for i in ("no", "refs")
                              for f in ("paper", "operators"))]
    assert sorted(res.full_data) == sorted(names)
    assert res.cv.settings == [n for n in names if choosable(Setting.parse(n))]
    labels = np.array([r.label for r in recs])
    groups = make_groups([r.problem_id for r in recs])
    from codebertscore import CodeBERTScorer

    stats = {}
    for name in names:
        s = Setting.parse(name)
        sc = CodeBERTScorer(model=minilm_path, layer=s.layer, token_filter=s.token_filter, idf=s.idf == "refs")
        scores = sc.score(cands=[r.candidate for r in recs], refs=[r.references for r in recs],
                          sources=[r.context for r in recs]).measure(s.headline)
        stats[name] = MetricStats(scores, labels, groups)
        assert res.full_data[name] == pytest.approx(stats[name].compute()["kendall_darr"], abs=1e-9)
    want = cross_validate({n: stats[n] for n in res.cv.settings}, k=3, seed=4)
    assert res.cv.choice == want.choice
    assert res.cv.heldout_mean == pytest.approx(want.heldout_mean)
    pr = paired_bootstrap(stats[res.cv.choice], stats[res.baseline], resample_weights(len(groups), 200, 4), 4)
    assert res.paired is not None and res.paired.p_value == pytest.approx(pr.p_value)
    d = res.to_dict()
    assert d["choice"]["idf"] == "no" and d["choice"]["headline"] == "F3"
    assert d["defaults"]["layer"] == d["choice"]["layer"] and d["defaults"]["token_filter"] in ("paper", "operators")
    assert "never chosen" in d["not_chosen"] and d["per_setting"][names[-1]]["choosable"] is False
    iv = d["choice_interval"]
    assert iv["low"] <= iv["estimate"] <= iv["high"] and iv["n_boot"] == 200
    assert f"punc:{d['choice']['token_filter']}" in d["signature"]


def test_tune_adds_the_baseline_to_the_grid_and_refuses_bad_grids(minilm_path: str):
    recs = load_data("devset", FIX / "toy_devset.jsonl")
    with pytest.raises(ArgumentError, match="headlines"):
        tune(recs, model=minilm_path, headlines=["F2"])
    with pytest.raises(ArgumentError, match="layers"):
        tune(recs, model=minilm_path, layers=[99])
    with pytest.raises(ArgumentError, match="setting: expected"):
        tune(recs, model=minilm_path, layers=[1], baseline="layer=3")
    res = tune(recs, lang="python", layers=[1], headlines=["F1"], idf=["no"], token_filters=["operators"], folds=2,
               n_boot=50, max_per_problem=3)
    assert res.baseline == "layer=3,F=F3,idf=corpus,filter=operators"  # the shipped encoder's default for python
    assert res.layers == [1, 3] and res.headlines == ["F1", "F3"] and res.token_filters == ["operators"]
    assert any("baseline" in n for n in res.notes)
    assert res.data["n_candidates"] < res.data["n_candidates_before"] and res.data["max_per_problem"] == 3


def test_tune_pools_languages_that_share_one_encoder(minilm_path: str, monkeypatch):
    from codebertscore.models import registry

    recs = load_data("devset", FIX / "toy_devset.jsonl")
    both = recs + [replace(r, lang="java", id=r.id + "/java") for r in recs]  # same problem ids, two languages
    grid = {"layers": [1], "headlines": ["F3"], "idf": ["no"], "token_filters": ["paper"], "folds": 2, "n_boot": 50,
            "baseline": "layer=1,F=F3,idf=no,filter=paper"}
    one = tune(recs, model=minilm_path, **grid)
    pooled = tune(both, model=minilm_path, **grid)
    assert pooled.lang == "java+python"
    # problems stay apart per language: twice the problems, and two copies pool to the tau of one
    assert pooled.data["n_problems"] == 2 * one.data["n_problems"]
    assert pooled.cv.full_data == pytest.approx(one.cv.full_data)
    assert set(pooled.per_language) == {"java", "python"}
    for part in pooled.per_language.values():
        assert part["full_data"] == pytest.approx(one.full_data)
    # without a named encoder, the languages must share their default one
    real = registry.resolve
    monkeypatch.setattr(registry, "resolve", lambda lang=None, **kw: replace(real(lang=lang, **kw), name=f"enc-{lang}"))
    with pytest.raises(ArgumentError, match="default encoders differ"):
        tune(both, **grid)


def test_tune_corpus_idf_per_language_with_go_scored_without_idf(minilm_path: str, tiny_roberta_path: str):
    from codebertscore.scoring import corpus_idf

    recs = load_data("devset", FIX / "toy_devset.jsonl")
    both = recs + [replace(r, lang="go", id=r.id + "/go") for r in recs]
    grid = {"layers": [1], "headlines": ["F1"], "idf": ["no", "corpus"], "token_filters": ["paper"], "folds": 2,
            "n_boot": 50, "baseline": "layer=1,F=F1,idf=no,filter=paper"}
    res = tune(both, lang="python", **grid)
    assert any("no corpus table for go" in n for n in res.notes)
    go, py = res.per_language["go"]["full_data"], res.per_language["python"]["full_data"]
    assert go["layer=1,F=F1,idf=corpus,filter=paper"] == go["layer=1,F=F1,idf=no,filter=paper"]
    if res.cv.choice.endswith("idf=corpus,filter=paper"):
        sha = next(t["sha256"] for t in corpus_idf.index()["tables"] if t["lang"] == "python")[:12]
        assert f"python:table:{sha}" in res.signature
    assert set(py) == set(go)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        other = tune(recs, model=tiny_roberta_path, **grid)
    assert other.idf == ["no"] and any("left out of the grid" in n for n in other.notes)
