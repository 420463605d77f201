"""The scorer on a real encoder: properties, multi-reference, context, long inputs, edge cases and errors."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import numpy as np
import pytest

from codebertscore import CodeBERTScorer, score
from codebertscore.errors import ArgumentError, ModelLoadError
from tests.conftest import CODE_SAMPLES

PAIRS_C = CODE_SAMPLES[:10]
PAIRS_R = CODE_SAMPLES[3:13]


def test_identical_code_scores_one(minilm_scorer):
    res = minilm_scorer.score(cands=PAIRS_C, refs=PAIRS_C)
    for m in ("P", "R", "F1", "F3"):
        assert np.allclose(res.measure(m), 1.0, atol=1e-6)
    ctx = minilm_scorer.score(cands=PAIRS_C, refs=PAIRS_C, sources=["a prompt"] * len(PAIRS_C))
    assert np.allclose(ctx.F1, 1.0, atol=1e-6)


def test_precision_of_ab_is_recall_of_ba(minilm_scorer):
    ab = minilm_scorer.score(cands=PAIRS_C, refs=PAIRS_R)
    ba = minilm_scorer.score(cands=PAIRS_R, refs=PAIRS_C)
    assert np.allclose(ab.P, ba.R, atol=1e-6)
    assert np.allclose(ab.R, ba.P, atol=1e-6)
    assert np.allclose(ab.F1, ba.F1, atol=1e-6)


def test_scores_in_range_and_finite(minilm_scorer):
    res = minilm_scorer.score(cands=PAIRS_C, refs=PAIRS_R)
    for m in ("P", "R", "F1", "F3"):
        v = res.measure(m)
        assert np.all(np.isfinite(v)) and np.all(np.abs(v) <= 1.0)


def test_batch_size_order_duplicates_and_padding_never_change_a_score(minilm_path):
    rng = random.Random(0)
    cands = [rng.choice(CODE_SAMPLES) + "\n# " + "x" * rng.randint(0, 200) for _ in range(24)]
    refs = [rng.choice(CODE_SAMPLES) for _ in range(24)]
    srcs = [f"# task {i}\n" + "y " * rng.randint(0, 60) for i in range(24)]
    one = CodeBERTScorer(model=minilm_path, layer=4, batch_size=1).score(cands=cands, refs=refs, sources=srcs)
    big = CodeBERTScorer(model=minilm_path, layer=4, batch_size=64, token_budget=1 << 16)
    many = big.score(cands=cands, refs=refs, sources=srcs)
    perm = list(range(24))
    rng.shuffle(perm)
    shuffled = big.score(cands=[cands[i] for i in perm] + cands[:5], refs=[refs[i] for i in perm] + refs[:5],
                         sources=[srcs[i] for i in perm] + srcs[:5])
    inv = np.argsort(perm)
    for m in ("P", "R", "F1", "F3"):
        assert np.abs(one.measure(m) - many.measure(m)).max() <= 1e-6
        assert np.abs(one.measure(m) - shuffled.measure(m)[:24][inv]).max() <= 1e-6
        assert np.abs(one.measure(m)[:5] - shuffled.measure(m)[24:]).max() <= 1e-6


def test_multi_reference_takes_all_four_from_the_best_reference(minilm_scorer):
    cand = "def add(a, b):\n    return a + b\n"
    refs = ["x = 1", "def add(x, y):\n    return x + y\n", "print('hello')"]
    multi = minilm_scorer.score(cands=[cand], refs=[refs])
    single = minilm_scorer.score(cands=[cand] * 3, refs=refs)
    best = int(np.argmax(single.F))
    assert multi.best_ref[0] == best == 1
    for m in ("P", "R", "F1", "F3"):
        assert multi.measure(m)[0] == pytest.approx(single.measure(m)[best], abs=1e-9)
    assert multi.signature.nrefs == "3"
    mixed = minilm_scorer.score(cands=[cand, cand], refs=[refs, refs[1]])
    assert mixed.signature.nrefs == "var" and mixed.best_ref.tolist() == [1, 0]



@pytest.mark.parametrize("headline", ["F1", "F3", "R"])
def test_headline_is_the_score_and_picks_the_reference(minilm_path, headline):
    cand = "def add(a, b):\n    return a + b\n"
    refs = ["return a", "def add(x, y):\n    total = x + y\n    return total\n", "print('hello')"]
    scorer = CodeBERTScorer(model=minilm_path, layer=3, headline=headline)
    single = scorer.score(cands=[cand] * 3, refs=refs)
    multi = scorer.score(cands=[cand], refs=[refs])
    assert np.array_equal(single.F, single.measure(headline)) and multi.headline == headline
    best = int(np.argmax(single.measure(headline)))
    assert multi.best_ref[0] == best
    for m in ("P", "R", "F1", "F3"):
        assert multi.measure(m)[0] == pytest.approx(single.measure(m)[best], abs=1e-9)
    assert multi.signature.format().split("|F:")[1].startswith(headline + "|")


def test_context_changes_embeddings_but_is_never_matched(minilm_scorer):
    cand, ref = "return a + b", "return a - b"
    plain = minilm_scorer.score(cands=[cand], refs=[ref])
    with_ctx = minilm_scorer.score(cands=[cand], refs=[ref], sources=["def add(a, b): add two numbers"])
    assert plain.F1[0] != pytest.approx(with_ctx.F1[0], abs=1e-6)
    ex = minilm_scorer.explain(cand=cand, ref=ref, source="def add(a, b): add two numbers")
    assert ex["cand_tokens"] == ["return", "a", "+", "b"]  # no context token, no [CLS]/[SEP]
    assert ex["ref_tokens"] == ["return", "a", "-", "b"]
    assert ex["scores"]["F1"] == pytest.approx(with_ctx.F1[0])
    assert with_ctx.signature.context and not plain.signature.context


@pytest.mark.parametrize("empty", ["", "   \n\t", "();{}", "  ((  ))  "])
def test_code_with_no_token_left_scores_zero_with_a_warning(minilm_scorer, empty):
    for sources in (None, ["def f(x): the prompt"]):
        with pytest.warns(UserWarning, match="no code token left"):
            res = minilm_scorer.score(cands=[empty], refs=["return x + 1"], sources=sources)
        assert res.F1[0] == 0.0 and res.P[0] == 0.0 and res.R[0] == 0.0 and res.F3[0] == 0.0
        assert bool(res.empty[0])
        with pytest.warns(UserWarning):
            rev = minilm_scorer.score(cands=["return x + 1"], refs=[empty], sources=sources)
        assert rev.F3[0] == 0.0 and bool(rev.empty[0])


def test_empty_call_returns_an_empty_result(minilm_scorer):
    res = minilm_scorer.score(cands=[], refs=[])
    assert len(res) == 0 and res.summary()["n"] == 0


def test_long_program_is_windowed_not_truncated(minilm_path):
    body = "".join(f"    total_{i} = compute_value({i}, items[{i}]) + offset\n" for i in range(400))
    long_code = "def big(items, offset):\n" + body + "    return total_0\n"  # ~6,900 tokens
    scorer = CodeBERTScorer(model=minilm_path, layer=4)
    texts = scorer.embedder.prepare([(None, long_code)])
    assert len(texts[0].ids) > 5000 and texts[0].n_kept > 3000 and len(texts[0].windows) > 10
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no truncation warning: nothing is dropped
        res = scorer.score(cands=[long_code], refs=[long_code])
    assert res.F1[0] == pytest.approx(1.0, abs=1e-6)
    assert res.truncated_tokens[0] == 0
    other = scorer.score(cands=[long_code], refs=[long_code.replace("+ offset", "- offset")])
    assert 0.5 < other.F1[0] < 1.0
    trunc = CodeBERTScorer(model=minilm_path, layer=4, truncate=True)
    with pytest.warns(UserWarning, match="dropped"):
        t = trunc.score(cands=[long_code], refs=["def big(items, offset):\n    return 0\n"])
    assert t.truncated_tokens[0] > 3000 and t.signature.truncate


def test_windows_stitch_to_the_single_pass_result_when_the_window_is_large(minilm_path):
    code = "".join(f"x{i} = f(x{i - 1}) * {i}\n" for i in range(1, 40))  # ~400 tokens
    full = CodeBERTScorer(model=minilm_path, layer=2)
    small = CodeBERTScorer(model=minilm_path, layer=2, window=64, overlap=0.5)
    a = full.score(cands=[code], refs=[code[:200]])
    b = small.score(cands=[code], refs=[code[:200]])
    assert b.signature.window == 64
    assert abs(a.F1[0] - b.F1[0]) < 0.1  # different contexts per window, close scores


def test_score_layers_equals_one_scorer_per_layer(minilm_path, minilm_scorer):
    multi = minilm_scorer.score_layers(cands=PAIRS_C, refs=PAIRS_R, layers=[0, 2, 6])
    for layer in (0, 2, 6):
        single = CodeBERTScorer(model=minilm_path, layer=layer).score(cands=PAIRS_C, refs=PAIRS_R)
        assert np.abs(multi[layer].F3 - single.F3).max() <= 1e-6
        assert multi[layer].signature.layer == layer


def test_idf_from_references_and_override(minilm_path):
    refs = ["return a + b", "return a * b", "return a - b", "x = [i for i in range(10)]"]
    cands = ["return a + b + 0", "return b * a", "return a", "x = list(range(10))"]
    scorer = CodeBERTScorer(model=minilm_path, layer=4, idf=True)
    with_idf = scorer.score(cands=cands, refs=refs)
    assert with_idf.signature.idf.startswith("refs:")
    without = scorer.score_layers(cands=cands, refs=refs, layers=[4], idf=False)[4]
    assert without.signature.idf == "no"
    assert not np.allclose(with_idf.F1, without.F1)
    # "return" occurs in 3 of 4 references: low idf, so a candidate matching only it scores lower with idf
    assert with_idf.P[2] < without.P[2] + 1e-9


def test_signature_names_everything(minilm_scorer):
    sig = minilm_scorer.score(cands=["a"], refs=["b"]).signature.format()
    # the fixture's folder is the default encoder's own, so the signature shows its published name
    for part in (
        "nrefs:1",
        "model:all-MiniLM-L6-v2@sha256:",
        "layer:4",
        "idf:no",
        "ctx:no",
        "punc:operators",  # the shipped default filter
        "win:512/0.5",
        "trunc:no",
        "dtype:fp32",
        "rescale:no",
        "F:F3",
        "cbs:",
        "torch:",
        "tf:",
    ):
        assert part in sig


def test_convenience_score_reuses_the_scorer(minilm_path):
    a = score(cands=["x = 1"], refs=["x = 2"], model=minilm_path, layer=3)
    from codebertscore.scoring import scorer as mod

    first = mod.scorer_for(model=minilm_path, layer=3)
    b = score(cands=["x = 1"], refs=["x = 2"], model=minilm_path, layer=3)
    assert mod.scorer_for(model=minilm_path, layer=3) is first and a.F1[0] == b.F1[0]


@pytest.mark.parametrize("kwargs,match", [
    (dict(cands="abc", refs=["a"]), "cands: expected a list of strings, got str"),
    (dict(cands=["a", 3], refs=["a", "b"]), r"cands\[1\]: expected a string, got int"),
    (dict(cands=["a"], refs=["a", "b"]), r"refs: expected one entry per candidate \(1\), got 2"),
    (dict(cands=["a"], refs=[[]]), r"refs\[0\]: expected at least one reference"),
    (dict(cands=["a"], refs=[["x", None]]), r"refs\[0\]\[1\]: expected a string, got NoneType"),
    (dict(cands=["a"], refs=["b"], sources=["c", "d"]), r"sources: expected one context per candidate"),
    (dict(cands=["a"], refs=[b"b"]), r"refs\[0\]: expected a string or a list of strings, got bytes"),
])
def test_bad_inputs_name_the_argument(minilm_scorer, kwargs, match):
    with pytest.raises(ArgumentError, match=match):
        minilm_scorer.score(**kwargs)


def test_bad_settings_name_the_argument(minilm_path):
    with pytest.raises(ArgumentError, match="lang: unknown language 'kotlin'.*python"):
        CodeBERTScorer(lang="kotlin")
    with pytest.raises(ArgumentError, match="layer: .* has layers 0..6, got 9"):
        CodeBERTScorer(model=minilm_path, layer=9)
    with pytest.raises(ArgumentError, match="layer: expected a non-negative integer"):
        CodeBERTScorer(model=minilm_path, layer=-2)
    with pytest.raises(ArgumentError, match="window: expected an integer up to the model's maximum of 512"):
        CodeBERTScorer(model=minilm_path, layer=4, window=1000)
    with pytest.raises(ArgumentError, match="overlap"):
        CodeBERTScorer(model=minilm_path, layer=4, overlap=1.0)
    with pytest.raises(ArgumentError, match="dtype"):
        CodeBERTScorer(model=minilm_path, layer=4, dtype="int8")
    with pytest.raises(ArgumentError, match="headline"):
        CodeBERTScorer(model=minilm_path, layer=4, headline="F2")
    with pytest.raises(ArgumentError, match="lang/model"):
        CodeBERTScorer()
    with pytest.raises(ArgumentError, match="'paper' needs a language"):
        CodeBERTScorer(model="paper")
    with pytest.raises(ArgumentError, match="layers: .* has layers 0..6, got 7"):
        CodeBERTScorer(model=minilm_path, layer=4).score_layers(cands=["a"], refs=["b"], layers=[7])


def test_unknown_model_fails_clearly_offline():
    with pytest.raises(ModelLoadError, match="could not load 'no-such-org/no-such-model'.*hub"):
        CodeBERTScorer(model="no-such-org/no-such-model", layer=1)
    with pytest.raises(ModelLoadError, match="looks like a path"):
        CodeBERTScorer(model="./missing/folder/model", layer=1)


def test_model_without_tuned_layer_warns_and_says_so(minilm_path, tmp_path):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(minilm_path, folder)
    with pytest.warns(UserWarning, match="no tuned default layer"):
        s = CodeBERTScorer(model=str(folder))
    assert s.layer == 4 and "rule" in s.spec.provenance


def test_default_encoder_by_language_or_by_its_folder(minilm_path):
    from codebertscore.models.default import default_folder, defaults

    assert default_folder().resolve() == Path(minilm_path).resolve()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # recorded defaults: no "untuned layer" warning
        by_lang = CodeBERTScorer(lang="java")
        by_path = CodeBERTScorer(model=minilm_path)
    d = defaults()
    for s in (by_lang, by_path):
        assert (s.layer, s.headline, s.idf_mode) == (d["layer"], d["headline"], "no")
        assert "tune" in s.spec.provenance
    sig = by_lang.score(cands=["x = 1"], refs=["x = 2"]).signature
    assert sig.model == "all-MiniLM-L6-v2" and sig.model_ident.startswith("sha256:")


def test_signature_names_a_local_folder_by_its_name(tiny_roberta_path):
    from codebertscore import CodeBERTScorer

    sig = CodeBERTScorer(model=tiny_roberta_path, layer=1).score(cands=["a = 1"], refs=["b = 2"]).signature.format()
    assert f"model:{Path(tiny_roberta_path).name}@sha256:" in sig
