"""Named token filters: the table's definitions, parity of ``paper`` with the older ``no_punc``, the tokens each
filter keeps with the real MiniLM (WordPiece) and a byte-level BPE tokenizer, and what the ``operators`` filter
changes in a score."""

from __future__ import annotations

import itertools
import string
import warnings

import numpy as np
import pytest

from codebertscore.errors import ArgumentError
from codebertscore.scoring.filters import filter_names, get_filter, resolve_filter
from codebertscore.scoring.prepare import is_punct_or_space

#: the rule of the older no_punc filter, written out independently of the table (the code it replaced): a token is
#: dropped when its stripped surface is made only of ASCII punctuation other than the operators + - * / & | ~
_OLD_PUNCTUATION = frozenset(string.punctuation) - frozenset("+-*/&|~")


def older_no_punc_drops(surface: str) -> bool:
    return all(ch in _OLD_PUNCTUATION for ch in surface.strip())

OPERATOR_SURFACES = ["<", ">", "<=", ">=", "==", "!=", "===", "!==", "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
                     "^=", "<<=", ">>=", "!", "&&", "||", "%", "^", "<<", ">>", ">>>", "?", ":=", "<-", "->", "=>",
                     "**", "//", "?.", " <", " ==", "\t!="]
STRUCTURE_SURFACES = ["_", "(", ")", "[", "]", "{", "}", ",", ";", ".", "...", ":", "::", '"', "'", "`", "@", "#", "$",
                      "\\", ");", "),", "]:", "", " ", "\n    ", " ("]


def test_the_table_lists_paper_operators_and_none_with_paper_the_default():
    assert set(filter_names()) >= {"paper", "operators", "none"}
    assert resolve_filter(None, None).name == "paper"


def test_paper_is_the_older_no_punc_filter_on_every_short_punctuation_surface():
    paper = get_filter("paper")
    chars = string.punctuation + " a"
    for n in (1, 2):
        for combo in itertools.product(chars, repeat=n):
            s = "".join(combo)
            assert paper.drops(s) == older_no_punc_drops(s) == is_punct_or_space(s), s
    for s in OPERATOR_SURFACES + STRUCTURE_SURFACES:
        assert paper.drops(s) == older_no_punc_drops(s) == is_punct_or_space(s), s


@pytest.mark.parametrize("surface", OPERATOR_SURFACES)
def test_operators_keeps_every_operator(surface):
    assert not get_filter("operators").drops(surface)


@pytest.mark.parametrize("surface", STRUCTURE_SURFACES)
def test_operators_still_drops_structure_and_whitespace(surface):
    assert get_filter("operators").drops(surface)


@pytest.mark.parametrize("surface", ["<", "==", "!", "%", "^", "?", ":=", "<<"])
def test_paper_drops_comparison_logic_and_assignment(surface):
    assert get_filter("paper").drops(surface)


def test_words_and_non_ascii_are_kept_and_none_drops_nothing():
    for name in ("paper", "operators"):
        for s in ("x", "0", "return", "a<", "my_var", "é", "«"):
            assert not get_filter(name).drops(s), (name, s)
    assert not any(get_filter("none").drops(s) for s in OPERATOR_SURFACES + STRUCTURE_SURFACES)


def test_unknown_names_and_contradictions_are_argument_errors_listing_the_choices():
    with pytest.raises(ArgumentError, match=r"token_filter: expected one of paper, operators, none"):
        get_filter("ops")
    with pytest.raises(ArgumentError, match="no_punc"):
        resolve_filter("none", True)
    with pytest.raises(ArgumentError, match="no_punc"):
        resolve_filter(None, "yes")  # type: ignore[arg-type]
    assert resolve_filter(None, False).name == "none" and resolve_filter(None, True).name == "paper"
    assert resolve_filter("operators", True).name == "operators"  # both drop punctuation: no contradiction


def kept(scorer, code: str) -> list[str]:
    return scorer.explain(cand=code, ref="x")["cand_tokens"]


def test_kept_tokens_with_the_real_minilm_tokenizer(minilm_path: str):
    from codebertscore import CodeBERTScorer

    code = "if a <= b && !c { x := <-ch; y[i] %= 2 }"
    # WordPiece splits every punctuation character into its own token
    want = {
        "paper": ["if", "a", "b", "&", "&", "c", "x", "-", "ch", "y", "i", "2"],
        "operators": ["if", "a", "<", "=", "b", "&", "&", "!", "c", "x", "=", "<", "-", "ch", "y", "i", "%", "=", "2"],
        "none": ["if", "a", "<", "=", "b", "&", "&", "!", "c", "{", "x", ":", "=", "<", "-", "ch", ";", "y", "[", "i",
                 "]", "%", "=", "2", "}"],
    }
    for name, tokens in want.items():
        assert kept(CodeBERTScorer(model=minilm_path, layer=1, token_filter=name), code) == tokens, name


def test_kept_tokens_with_a_byte_level_bpe_tokenizer(tiny_roberta_path: str):
    from codebertscore import CodeBERTScorer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paper = CodeBERTScorer(model=tiny_roberta_path, layer=1, token_filter="paper")
        ops = CodeBERTScorer(model=tiny_roberta_path, layer=1, token_filter="operators")
    code = "while (left < right) { if (a[mid] == t) return mid; }"
    p, o = kept(paper, code), kept(ops, code)
    f = get_filter("operators")
    assert all(not f.drops(s) for s in o)
    assert [s for s in o if s.strip() in ("<", "==")] and not [s for s in p if "<" in s or "=" in s]
    assert not [s for s in o if s.strip() and set(s.strip()) <= set("();{}[]")]
    assert [s for s in p if s not in o] == []  # the paper's tokens are a subset


def test_a_comparison_flip_scores_lower_with_operators(minilm_path: str):
    """Measured with the shipped encoder at its default layer (3), no idf: paper 0.981, operators 0.907 (all four
    measures; one token each side differs)."""
    from codebertscore import CodeBERTScorer

    scores = {}
    for name in ("paper", "operators"):
        s = CodeBERTScorer(lang="python", token_filter=name, idf=False)  # Python's default adds corpus idf
        r = s.score(cands=["return a < b"], refs=["return a > b"])
        scores[name] = float(r.F1[0])
        assert f"punc:{name}" in r.signature.format()
        assert s.score(cands=["return a < b"], refs=["return a < b"]).F1[0] == pytest.approx(1.0)
    assert scores["paper"] == pytest.approx(0.981, abs=2e-3)
    assert scores["operators"] == pytest.approx(0.907, abs=2e-3)
    assert scores["operators"] < scores["paper"] - 0.05


def test_no_punc_remains_the_paper_and_none_filters(minilm_path: str):
    from codebertscore import CodeBERTScorer

    cands, refs = ["x = f(a, b) + 1;", "return a < b"], ["y = f(b, a) - 1;", "return a > b"]
    for flag, name in ((True, "paper"), (False, "none")):
        a = CodeBERTScorer(model=minilm_path, layer=2, no_punc=flag).score(cands=cands, refs=refs)
        b = CodeBERTScorer(model=minilm_path, layer=2, token_filter=name).score(cands=cands, refs=refs)
        np.testing.assert_array_equal(a.F1, b.F1)
        assert a.signature.format() == b.signature.format()
        assert f"punc:{name}" in a.signature.format()
