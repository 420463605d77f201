"""Chunks sized from a memory budget: the plan (hand-checked and as a property) and scores that do not depend on it."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codebertscore import CodeBERTScorer
from codebertscore.errors import ArgumentError
from codebertscore.scoring.matching import plan_chunks
from tests.conftest import CODE_SAMPLES


def _replay(pairs: np.ndarray, text_bytes: np.ndarray, chunks: list[np.ndarray], keeps: list[np.ndarray]) -> list[int]:
    """Peak bytes of each chunk (vectors alive + one copy of the chunk's) as encode_and_match holds them."""
    held: set[int] = set()
    peaks = []
    for chunk, keep in zip(chunks, keeps):
        used = set(pairs[chunk].ravel().tolist())
        held |= used
        peaks.append(sum(int(text_bytes[t]) for t in held) + sum(int(text_bytes[t]) for t in used))
        held = set(keep.tolist())
    return peaks


def test_plan_by_hand():
    # texts 0..3 of 10 bytes; pairs (cand, ref): two candidates per reference
    pairs = np.array([[0, 2], [1, 2], [0, 3], [1, 3]])
    text_bytes = np.array([10, 10, 10, 10])
    chunks, keeps = plan_chunks(pairs, text_bytes, budget=10**6, max_pairs=100)
    assert [c.tolist() for c in chunks] == [[0, 1, 2, 3]] and keeps[0].tolist() == []
    # budget 60: alive + chunk copy; pair (0,2) costs 2 x 20, adding (1,2) costs 2 x 10 more -> 60; then stop
    chunks, keeps = plan_chunks(pairs, text_bytes, budget=60, max_pairs=100)
    assert [c.tolist() for c in chunks] == [[0, 1], [2, 3]]
    assert keeps[0].tolist() == [0, 1]  # both candidates are needed again (within half the budget: 20 <= 30)
    assert keeps[1].tolist() == []
    # the pair cap alone
    chunks, _ = plan_chunks(pairs, text_bytes, budget=10**6, max_pairs=3)
    assert [len(c) for c in chunks] == [3, 1]
    # a budget below one pair still makes progress, one pair at a time, keeping nothing it cannot afford
    chunks, keeps = plan_chunks(pairs, text_bytes, budget=1, max_pairs=100)
    assert [c.tolist() for c in chunks] == [[0], [1], [2], [3]]
    assert all(k.size == 0 for k in keeps)
    assert plan_chunks(np.zeros((0, 2), dtype=np.int64), text_bytes, 10, 10) == ([], [])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), min_size=1, max_size=60),
    st.lists(st.integers(0, 50), min_size=15, max_size=15),
    st.integers(1, 400),
    st.integers(1, 20),
)
def test_plan_covers_every_pair_once_and_stays_within_budget(rows, sizes, budget, max_pairs):
    pairs = np.array(rows, dtype=np.int64)
    text_bytes = np.array(sizes, dtype=np.int64)
    chunks, keeps = plan_chunks(pairs, text_bytes, budget, max_pairs)
    flat = np.concatenate(chunks)
    assert sorted(flat.tolist()) == list(range(len(pairs)))
    assert all(1 <= len(c) <= max_pairs for c in chunks)
    for chunk, peak in zip(chunks, _replay(pairs, text_bytes, chunks, keeps)):
        single = 2 * sum(int(text_bytes[t]) for t in set(pairs[chunk[0]].tolist()))
        assert peak <= budget or (len(chunk) == 1 and peak <= budget // 2 + single)


def test_scores_do_not_depend_on_the_budget(tiny_roberta_path):
    rng = random.Random(3)
    refs = [[rng.choice(CODE_SAMPLES), rng.choice(CODE_SAMPLES)] for _ in range(40)]  # shared references
    cands = [rng.choice(CODE_SAMPLES) + "# " + "z" * rng.randint(0, 30) for _ in range(40)]
    srcs = [f"# task {i % 7}\n" for i in range(40)]
    huge = CodeBERTScorer(model=tiny_roberta_path, layer=2, memory_budget=1 << 40)
    tiny = CodeBERTScorer(model=tiny_roberta_path, layer=2, memory_budget=20_000, pair_chunk=7)
    a = huge.score_layers(cands=cands, refs=refs, sources=srcs, layers=[0, 1, 2, 3])
    b = tiny.score_layers(cands=cands, refs=refs, sources=srcs, layers=[0, 1, 2, 3])
    for layer in a:
        for m in ("P", "R", "F1", "F3"):
            assert np.abs(a[layer].measure(m) - b[layer].measure(m)).max() <= 1e-6
        assert a[layer].best_ref.tolist() == b[layer].best_ref.tolist()
        assert a[layer].signature == b[layer].signature  # a speed setting, not part of the signature


def test_tiny_budget_makes_many_chunks(tiny_roberta_path, monkeypatch):
    from codebertscore.scoring import matching

    seen: list[int] = []
    real = matching.plan_chunks

    def spy(*args, **kwargs):
        chunks, keeps = real(*args, **kwargs)
        seen.append(len(chunks))
        return chunks, keeps

    monkeypatch.setattr(matching, "plan_chunks", spy)
    scorer = CodeBERTScorer(model=tiny_roberta_path, layer=2, memory_budget=8_000)
    scorer.score(cands=CODE_SAMPLES[:20], refs=CODE_SAMPLES[5:25])
    assert seen and seen[-1] >= 10


@pytest.mark.parametrize("bad", [0, -5, 1.5, True, "2GB"])
def test_bad_budget_names_the_argument(tiny_roberta_path, bad):
    with pytest.raises(ArgumentError, match="memory_budget: expected a positive number of bytes"):
        CodeBERTScorer(model=tiny_roberta_path, layer=2, memory_budget=bad)
