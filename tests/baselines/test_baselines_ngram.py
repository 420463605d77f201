"""BLEU, CrystalBLEU, chrF and ROUGE: parity with sacrebleu / rouge-score, and values computed by hand."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from codebertscore.baselines.bleu import (
    BLEU,
    CrystalBLEU,
    bleu_from_stats,
    closest_ref_length,
    crystal_bleu_sentence,
    trivially_shared_ngrams,
)
from codebertscore.baselines.chrf import ChrF
from codebertscore.baselines.rouge import Rouge
from codebertscore.errors import ArgumentError

sacrebleu = pytest.importorskip("sacrebleu")


def _random_corpus(n: int, seed: int = 0):
    rng = random.Random(seed)
    words = "a b c d e ( ) = + return x y ;".split()
    cands, refs = [], []
    for _ in range(n):
        cands.append(" ".join(rng.choice(words) for _ in range(rng.randint(0, 14))))
        refs.append([" ".join(rng.choice(words) for _ in range(rng.randint(1, 14))) for _ in range(rng.randint(1, 3))])
    return cands, refs


def test_bleu_is_sacrebleu_sentence_bleu_on_code_tokens():
    cands, refs = ["x=a+b", "return x"], [["x = a + b"], ["return y", "return x"]]
    got = BLEU().score(cands, refs)
    ref_bleu = sacrebleu.metrics.BLEU(tokenize="none", effective_order=True, smooth_method="exp")
    want = [ref_bleu.sentence_score("x = a + b", ["x = a + b"]).score / 100,
            ref_bleu.sentence_score("return x", ["return y", "return x"]).score / 100]
    assert got.tolist() == pytest.approx(want)
    assert got[0] == pytest.approx(1.0)  # the code tokeniser makes "x=a+b" and "x = a + b" identical


@pytest.mark.parametrize("smooth", ["exp", "floor", "add-k", "none"])
def test_crystalbleu_with_no_trivial_ngrams_equals_sacrebleu_bleu(smooth):
    cands, refs = _random_corpus(300, seed=1)
    ours = CrystalBLEU(k="0", tok="space", smooth=smooth).score(cands, refs)
    theirs = BLEU(tok="space", smooth=smooth).score(cands, refs)
    assert np.allclose(ours, theirs, atol=1e-12)


def test_crystalbleu_by_hand():
    # hyp a b c d, ref a b x d, trivial {a, b, (a b)}: 1-grams c d (1 match), 2-grams (b c) (c d) (0),
    # 3-grams 2 (0), 4-gram 1 (0); exp smoothing: 1/2, 1/(2*2), 1/(4*2), 1/(8*1) -> (2^-9)^(1/4)
    trivial = frozenset({("a",), ("b",), ("a", "b")})
    got = crystal_bleu_sentence("a b c d".split(), ["a b x d".split()], trivial)
    assert got == pytest.approx(2 ** -2.25)


def test_trivially_shared_ngrams_are_the_most_frequent_with_deterministic_ties():
    docs = [["a", "b", "a"], ["a", "c"]]
    # counts: a 3; b, c, (a b), (b a), (a c), (a b a) 1 each: ties broken by the n-gram itself
    assert trivially_shared_ngrams(docs, 1) == frozenset({("a",)})
    assert trivially_shared_ngrams(docs, 3) == frozenset({("a",), ("a", "b"), ("a", "b", "a")})
    assert trivially_shared_ngrams(docs, 0) == frozenset()


def test_crystalbleu_warns_when_the_corpus_is_too_small_for_k():
    with pytest.warns(UserWarning, match="distinct n-grams"):
        CrystalBLEU().score(["x = 1"], [["x = 2"]])


def test_crystalbleu_ignores_shared_boilerplate():
    # two loops that share only the boilerplate "for (int i = 0; i < n; i++)": BLEU rewards it, CrystalBLEU
    # (boilerplate declared trivial through a corpus file) does not
    boiler = "for (int i = 0; i < n; i++) {\n"
    cand, ref = boiler + "  total += a[i];\n}", boiler + "  out[i] = f(i);\n}"
    bleu = BLEU().score([cand], [[ref]])[0]
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        corpus = Path(d) / "corpus.txt"
        corpus.write_text((boiler + "}\n") * 50 + "x y z w v u t s r q p o n m l k j h g f e d c b a\n" * 20)
        crystal = CrystalBLEU(k="20", corpus=str(corpus))
        score = crystal.score([cand], [[ref]])[0]
        assert crystal.signature().startswith("crystalbleu|tok:code-v1|k:20|trivial:file:")
    assert score < bleu


def test_closest_ref_length_and_zero_matches():
    assert closest_ref_length(5, [3, 7]) == 3  # tie: the shorter
    assert closest_ref_length(5, [9, 6]) == 6
    assert bleu_from_stats([0, 0, 0, 0], [3, 2, 1, 0], 3, 3) == 0.0
    assert bleu_from_stats([2, 1], [2, 1], 1, 4) == pytest.approx(math.exp(1 - 4 / 1))  # brevity penalty


def test_bleu_options_checked():
    with pytest.raises(ArgumentError, match="smooth"):
        BLEU(smooth="laplace")
    with pytest.raises(ArgumentError, match="k: expected an integer >= 0"):
        CrystalBLEU(k="-1")
    with pytest.raises(ArgumentError, match="cannot read"):
        CrystalBLEU(corpus="/no/such/corpus.txt")


def test_chrf_is_sacrebleu_sentence_chrf():
    cand, refs = "def f(x): return x+1", ["def f(y): return y + 1", "lambda x: x + 1"]
    want = sacrebleu.sentence_chrf(cand, refs).score / 100
    assert ChrF().score([cand], [refs])[0] == pytest.approx(want)
    assert ChrF().score(["abc def"], [["abcdef"]])[0] == pytest.approx(1.0)  # whitespace is removed
    assert "nw:2" in ChrF(word_order="2").signature()


def test_rouge_on_code_tokens_by_hand():
    r1, r2, rl = Rouge("1"), Rouge("2"), Rouge("L")
    # [a, +, b] vs [a, -, b]: unigram overlap 2 -> P = R = F = 2/3; bigrams share none; LCS a b -> 2/3
    assert r1.score(["a + b"], [["a - b"]])[0] == pytest.approx(2 / 3)
    assert r2.score(["a + b"], [["a - b"]])[0] == 0.0
    assert rl.score(["a + b"], [["a - b"]])[0] == pytest.approx(2 / 3)
    # rouge-score's own tokeniser drops the operators and cannot tell them apart
    assert Rouge("1", tok="default").score(["a + b"], [["a - b"]])[0] == pytest.approx(1.0)
    # several references: the best F
    assert r1.score(["a + b"], [["q", "a + b"]])[0] == pytest.approx(1.0)
    assert r1.name == "rouge1" and r1.signature().startswith("rouge1|tok:code-v1|measure:F")
    with pytest.raises(ArgumentError, match="type"):
        Rouge("3")
