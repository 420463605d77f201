"""scorer.explain gives each kept token's character offsets in the code as given (WordPiece and byte-level BPE)."""

from __future__ import annotations

import itertools

import pytest

CAND = "\n  def add(a, b):\n\treturn a + b  # sum\n"
REF = "def add(x, y):\r\n    return x + y\n"


@pytest.mark.parametrize("source", [None, "def add(a, b): add two numbers", "   "])
def test_offsets_point_at_the_tokens_in_the_original_code(minilm_scorer, source):
    ex = minilm_scorer.explain(cand=CAND, ref=REF, source=source)
    assert ex["cand"] == CAND and ex["ref"] == REF
    for side in ("cand", "ref"):
        text, toks, offs = ex[side], ex[f"{side}_tokens"], ex[f"{side}_offsets"]
        assert len(offs) == len(toks) > 0
        assert [text[a:b] for a, b in offs] == toks
        assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(offs))  # in text order, not overlapping
    assert ex["cand_tokens"][:2] == ["def", "add"] and ex["cand_offsets"][0] == [3, 6]


def test_offsets_with_a_byte_level_bpe_tokenizer(tiny_roberta_path):
    from codebertscore import CodeBERTScorer

    scorer = CodeBERTScorer(model=tiny_roberta_path, layer=2)
    ex = scorer.explain(cand=CAND, ref=REF, source="def add(a, b):")
    for side in ("cand", "ref"):
        text = ex[side]
        got = [text[a:b] for a, b in ex[f"{side}_offsets"]]
        assert [g.strip() for g in got] == [t.strip() for t in ex[f"{side}_tokens"]]
        assert all(g.strip() for g in got)
