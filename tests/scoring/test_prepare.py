"""Tier 1: joining context and code, the punctuation filter, window planning (no model) — and the encoder's tokenizer
path."""

from __future__ import annotations

import numpy as np
import pytest

from codebertscore.scoring.prepare import Window, is_punct_or_space, join, plan_windows, prepare


def test_join_matches_the_reference_implementation():
    assert join(None, "  x = 1\n") == ("x = 1", 0)
    text, start = join('"""doc"""\n', "    return 1\n")
    assert text == '"""doc""" \nreturn 1'
    assert text[start:] == "return 1"
    assert join("   ", "y") == ("y", 0)  # an empty context is no context
    assert join("ctx", "  ") == ("ctx \n", 5)  # empty code: no code characters at all


@pytest.mark.parametrize("surface,expected", [
    ("(", True), ("):", True), ("  ", True), ("", True), ("\n\t", True), ("##.", True), ('"""', True),
    ("+", False), ("-=", False), ("->", False), ("&&", False), ("x", False), ("(x", False), ("_", True),
    ("~", False), ("def", False), ("1", False),
])
def test_punctuation_filter(surface, expected):
    assert is_punct_or_space(surface) is expected


def test_single_window_when_it_fits():
    w, trunc, dropped = plan_windows(10, 4, budget=10, overlap=0.5, truncate=False)
    assert w == (Window(0, 4, 4, 10, 4, 10),) and trunc == 0 and dropped == 0


def test_context_is_cut_from_the_left_when_only_code_fits():
    # 30 context + 20 code tokens, budget 40: keep the 20 context tokens nearest the code
    w, trunc, dropped = plan_windows(50, 30, budget=40, overlap=0.5, truncate=False)
    assert w == (Window(10, 30, 30, 50, 30, 50),) and dropped == 10


def test_long_code_windows_cover_every_token_once():
    n, first, budget = 300, 40, 64
    windows, trunc, dropped = plan_windows(n, first, budget=budget, overlap=0.5, truncate=False)
    assert trunc == 0
    assert dropped == first - budget // 4
    owned = []
    for w in windows:
        assert w.length <= budget
        assert w.ctx_lo == first - budget // 4 and w.code_first == first
        assert w.lo <= w.own_lo < w.own_hi <= w.hi
        owned.extend(range(w.own_lo, w.own_hi))
    assert owned == list(range(first, n))  # each code token owned by exactly one window, in order


def test_window_ownership_prefers_central_positions():
    windows, _, _ = plan_windows(100, 0, budget=40, overlap=0.5, truncate=False)
    # chunk 40, stride 20: windows start at 0, 20, 40, 60; the split points are the middles of the overlaps
    assert [(w.lo, w.hi) for w in windows] == [(0, 40), (20, 60), (40, 80), (60, 100)]
    assert [(w.own_lo, w.own_hi) for w in windows] == [(0, 30), (30, 50), (50, 70), (70, 100)]


def test_zero_overlap_tiles():
    windows, _, _ = plan_windows(100, 0, budget=30, overlap=0.0, truncate=False)
    # the last window is aligned to the end (70..100) and overlaps the third; the split is the overlap's middle
    assert [(w.lo, w.hi) for w in windows] == [(0, 30), (30, 60), (60, 90), (70, 100)]
    assert [(w.own_lo, w.own_hi) for w in windows] == [(0, 30), (30, 60), (60, 80), (80, 100)]


def test_truncate_keeps_one_window_and_counts():
    windows, trunc, _ = plan_windows(100, 0, budget=30, overlap=0.5, truncate=True)
    assert len(windows) == 1 and windows[0].hi == 30 and trunc == 70


def test_prepare_selects_code_non_special_non_punct_tokens():
    text, start = join("ctx", "f(x) + 1")  # "ctx \nf(x) + 1"
    # hand-made tokenisation: ctx | ' ' | '\n' | f | ( | x | ) | ' +' | ' 1'
    offsets = [(0, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8), (8, 9), (10, 11), (12, 13)]
    ids = [10, 11, 12, 13, 14, 15, 16, 17, 18]
    p = prepare("ctx", "f(x) + 1", ids, offsets, text, start, special_ids=frozenset({15}), no_punc=True,
                budget=100, overlap=0.5, truncate=False)
    assert p.code_first == 3
    # f kept, ( dropped (punct), x dropped (special id 15 here), ) dropped, + kept (operator), 1 kept
    assert p.keep.tolist() == [False, False, False, True, False, False, False, True, True]
    assert p.kept_surfaces() == ["f", "+", "1"]
    q = prepare("ctx", "f(x) + 1", ids, offsets, text, start, special_ids=frozenset(), no_punc=False,
                budget=100, overlap=0.5, truncate=False)
    assert q.kept_surfaces() == ["f", "(", "x", ")", "+", "1"]
    assert np.array_equal(q.kept_ids, np.array([13, 14, 15, 16, 17, 18]))


@pytest.mark.parametrize("which", ["minilm_path", "tiny_roberta_path"])
def test_encoder_tokenize_equals_the_transformers_tokenizer(which, request):
    """The encoder calls the Rust tokenizer directly; it must give what the transformers wrapper gives with
    truncation off: the same ids and offsets, long texts included (MiniLM's tokenizer.json truncates at 128)."""
    from codebertscore.models.hf import HFEncoder

    enc = HFEncoder(request.getfixturevalue(which), device="cpu")
    texts = [
        "def f(x):\n    return x + 1",
        "",
        "   \n\t",
        "naïve = 'Ünïcödé' + \"\\u00e9\"  # коммент 😀",
        "for (int i = 0; i < n; ++i) { s += a[i]; }\n" * 60,  # far beyond 128 tokens
    ]
    ours = enc.tokenize(texts)
    theirs = enc.tokenizer(texts, add_special_tokens=False, return_offsets_mapping=True, truncation=False)
    for (ids, offs), want_ids, want_offs in zip(ours, theirs["input_ids"], theirs["offset_mapping"]):
        assert ids.tolist() == list(want_ids)
        assert offs.reshape(-1, 2).tolist() == [list(o) for o in want_offs]
    assert len(ours[-1][0]) > 500


def test_code_offsets_map_joined_text_back_to_the_code_as_given():
    from codebertscore.scoring.prepare import code_offsets

    code = "\n  return x + 1  \n"
    _, start = join("def f(x):", code)  # "def f(x): \nreturn x + 1"
    spans = [(start, start + 6), (start + 7, start + 8), (start + 11, start + 12)]
    got = code_offsets(code, start, np.array(spans))
    assert [code[a:b] for a, b in got.tolist()] == ["return", "x", "1"]
    assert got.tolist()[0] == [3, 9]
    # a token reaching back into the separator is clipped to the code; no context: offsets shift by the indent only
    assert code_offsets(code, start, np.array([[start - 1, start + 6]])).tolist() == [[3, 9]]
    assert code_offsets("  ab", 0, np.array([[0, 2]])).tolist() == [[2, 4]]
    assert code_offsets("ab", 0, np.zeros((0, 2))).shape == (0, 2)
