"""Tokeniser, exact match and edit similarity: hand-computed values and the bit-parallel distance against the DP."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codebertscore.baselines.lexical import EditSimilarity, ExactMatch, edit_similarity, levenshtein, normalise
from codebertscore.baselines.tokenize import code_tokens, get_tokenizer, space_tokens
from codebertscore.errors import ArgumentError


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("if x+=1: return a->b", ["if", "x", "+=", "1", ":", "return", "a", "->", "b"]),
        ("for (int i = 0; i < n; ++i)", ["for", "(", "int", "i", "=", "0", ";", "i", "<", "n", ";", "++", "i", ")"]),
        ("x = 1.5e-3 + 0x1F + 1_000", ["x", "=", "1.5e-3", "+", "0x1F", "+", "1_000"]),
        ("a ?? b === c >>>= 2", ["a", "??", "b", "===", "c", ">>>=", "2"]),
        ("const $el = naïve;", ["const", "$el", "=", "naïve", ";"]),
        ("   \n\t ", []),
    ],
)
def test_code_tokens(text, tokens):
    assert code_tokens(text) == tokens


def test_tokenizer_lookup():
    assert get_tokenizer("space") is space_tokens
    with pytest.raises(ArgumentError, match="tok"):
        get_tokenizer("bpe")


def _dp(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@given(st.text(alphabet="ab c(\n", max_size=40), st.text(alphabet="abd c)\n", max_size=40))
@settings(max_examples=400, deadline=None)
def test_bit_parallel_levenshtein_equals_the_table(a: str, b: str):
    assert levenshtein(a, b) == _dp(a, b) == levenshtein(b, a)


def test_levenshtein_long_inputs_beyond_a_machine_word():
    a = "abcdefgh" * 30
    b = "abcdxfgh" * 29 + "abc"
    assert levenshtein(a, b) == _dp(a, b)


def test_edit_similarity_by_hand():
    assert edit_similarity("kitten", "sitting") == pytest.approx(1 - 3 / 7)
    assert edit_similarity("", "") == 1.0
    assert edit_similarity("abc", "") == 0.0
    m = EditSimilarity()
    # best of the references; normalisation strips trailing spaces per line
    assert m.score(["x = 1  \n"], [["y = 2", "x = 1"]]).tolist() == [1.0]


def test_exact_match_normalisations():
    assert normalise("  a  \n b \n", "strip") == "a\n b"
    assert normalise(" a \n\t b ", "ws") == "a b"
    assert ExactMatch().score(["return x \n", "return y"], [["return x"], ["return x"]]).tolist() == [1.0, 0.0]
    assert ExactMatch("ws").score(["a  +  b"], [["a + b"]]).tolist() == [1.0]
    assert ExactMatch("none").score(["a\n"], [["a"]]).tolist() == [0.0]
    with pytest.raises(ArgumentError, match="norm"):
        ExactMatch("upper")


def test_signatures_state_the_settings():
    assert ExactMatch().signature() == "exact|norm:strip|refs:any"
    assert EditSimilarity("ws").signature() == "edit_sim|unit:char|norm:ws|denom:max_len|refs:max"
