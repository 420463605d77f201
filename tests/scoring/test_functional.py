"""Tier 1: hand-computed values for the pure matching functions (no model)."""

from __future__ import annotations

import math

import pytest
import torch

from codebertscore.scoring import functional as F


def t(rows):
    return torch.tensor(rows, dtype=torch.float32)


def test_precision_recall_by_hand():
    # candidate: one token e1; reference: e1 and e2 (orthogonal)
    cand = t([[[1.0, 0.0]]])
    ref = t([[[1.0, 0.0], [0.0, 1.0]]])
    p, r = F.greedy_match(cand, t([[1.0]]), ref, t([[1.0, 1.0]]))
    assert p.item() == pytest.approx(1.0)  # e1 finds e1
    assert r.item() == pytest.approx(0.5)  # e1 -> 1, e2 -> 0
    s = F.pair_scores(cand, t([[1.0]]), ref, t([[1.0, 1.0]]))[0]
    assert s[2].item() == pytest.approx(2 * 1 * 0.5 / 1.5)  # F1 = 2/3
    assert s[3].item() == pytest.approx(10 * 1 * 0.5 / (9 * 1 + 0.5))  # F3 = 5/9.5


def test_weighted_recall_by_hand():
    cand = t([[[1.0, 0.0]]])
    ref = t([[[1.0, 0.0], [0.0, 1.0]]])
    p, r = F.greedy_match(cand, t([[2.0]]), ref, t([[1.0, 3.0]]))
    assert p.item() == pytest.approx(1.0)
    assert r.item() == pytest.approx((1 * 1 + 3 * 0) / 4)  # 0.25
    assert F.f_beta(p, r, 3.0).item() == pytest.approx(10 * 0.25 / (9 + 0.25))


def test_three_by_two_cosines_by_hand():
    # cand tokens: (1,0), (0.6,0.8); ref tokens: (0,1), (0.8,0.6)
    cand = t([[[1.0, 0.0], [0.6, 0.8]]])
    ref = t([[[0.0, 1.0], [0.8, 0.6]]])
    # cos matrix: [[0, .8], [.8, .96]]; P = (.8 + .96)/2 = .88 ; R = (.8 + .96)/2 = .88
    p, r = F.greedy_match(cand, t([[1.0, 1.0]]), ref, t([[1.0, 1.0]]))
    assert p.item() == pytest.approx(0.88)
    assert r.item() == pytest.approx(0.88)


def test_padding_is_never_matched():
    cand = t([[[1.0, 0.0], [0.0, 1.0]]])  # second row is padding
    ref = t([[[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]]])  # first row is padding
    cm, rm = torch.tensor([[True, False]]), torch.tensor([[False, True, True]])
    p, r = F.greedy_match(cand, t([[1.0, 1.0]]), ref, t([[1.0, 1.0, 1.0]]), cm, rm)
    assert p.item() == pytest.approx(1.0)
    assert r.item() == pytest.approx(1.0)


def test_zero_weight_tokens_are_still_match_targets():
    # reference token e2 has idf 0: it does not count in recall, but the candidate's e2 may still match it
    cand = t([[[0.0, 1.0]]])
    ref = t([[[1.0, 0.0], [0.0, 1.0]]])
    p, r = F.greedy_match(cand, t([[1.0]]), ref, t([[1.0, 0.0]]))
    assert p.item() == pytest.approx(1.0)  # matched the zero-weight token
    assert r.item() == pytest.approx(0.0)  # e1 (weight 1) finds only cosine 0


def test_batch_rows_are_independent():
    a = F.pair_scores(t([[[1.0, 0.0]]]), t([[1.0]]), t([[[0.6, 0.8]]]), t([[1.0]]))
    b = F.pair_scores(
        t([[[1.0, 0.0], [0, 0]], [[0.0, 1.0], [1.0, 0.0]]]), t([[1.0, 1.0], [1.0, 1.0]]),
        t([[[0.6, 0.8]], [[0.6, 0.8]]]), t([[1.0], [1.0]]),
        torch.tensor([[True, False], [True, True]]), torch.tensor([[True], [True]]),
    )
    assert torch.allclose(a[0], b[0])
    assert b[1, 0].item() == pytest.approx((0.8 + 0.6) / 2)


def test_p_of_ab_is_r_of_ba():
    g = torch.Generator().manual_seed(0)
    a = F.normalize(torch.randn(1, 7, 16, generator=g))
    b = F.normalize(torch.randn(1, 4, 16, generator=g))
    pa, ra = F.greedy_match(a, torch.ones(1, 7), b, torch.ones(1, 4))
    pb, rb = F.greedy_match(b, torch.ones(1, 4), a, torch.ones(1, 7))
    assert pa.item() == pytest.approx(rb.item(), abs=1e-7)
    assert ra.item() == pytest.approx(pb.item(), abs=1e-7)


def test_identical_scores_one():
    g = torch.Generator().manual_seed(1)
    a = F.normalize(torch.randn(1, 9, 32, generator=g))
    s = F.pair_scores(a, torch.ones(1, 9), a, torch.ones(1, 9))
    assert torch.allclose(s, torch.ones_like(s), atol=1e-6)


def test_f_beta_values_and_non_positive_rule():
    p, r = torch.tensor([0.8, -0.2, 0.0, -0.5]), torch.tensor([0.4, 0.5, 0.7, -0.3])
    f1 = F.f_beta(p, r, 1.0)
    assert f1[0].item() == pytest.approx(2 * 0.8 * 0.4 / 1.2)
    assert f1[1].item() == pytest.approx(-0.2)  # mixed signs: min(P, R), never outside [-1, 1]
    assert f1[2].item() == pytest.approx(0.0)
    assert f1[3].item() == pytest.approx(-0.5)
    assert not torch.isnan(f1).any()


def test_normalize_in_float32_from_half_precision_without_overflow():
    # 300^2 * 384 = 3.5e7 overflows float16 (max 65504) if squared in half precision
    v = torch.full((1, 3, 384), 300.0, dtype=torch.float16)
    n = F.normalize(v)
    assert n.dtype == torch.float32
    assert torch.allclose(torch.linalg.vector_norm(n, dim=-1), torch.ones(1, 3))
    z = F.normalize(torch.zeros(2, 4))
    assert torch.equal(z, torch.zeros(2, 4))


def test_bf16_vectors_give_scores_in_range():
    g = torch.Generator().manual_seed(2)
    big = (torch.randn(2, 5, 384, generator=g) * 1e3).to(torch.bfloat16)
    s = F.pair_scores(F.normalize(big), torch.ones(2, 5), F.normalize(big.flip(0)), torch.ones(2, 5))
    assert torch.isfinite(s).all() and (s.abs() <= 1.0 + 1e-6).all()


def test_rescale_by_hand():
    out = F.rescale(torch.tensor([0.9, 1.0, 0.8]), 0.8)
    assert out.tolist() == pytest.approx([0.5, 1.0, 0.0])
    with pytest.raises(ValueError):
        F.rescale(torch.tensor([0.5]), 1.0)


def test_shape_errors_are_clear():
    with pytest.raises(ValueError, match="expected"):
        F.greedy_match(torch.zeros(2, 3), torch.ones(2, 3), torch.zeros(1, 3, 2), torch.ones(1, 3))


def test_similarity_matrix_clamped():
    a = t([[1.0, 0.0]])
    assert F.similarity_matrix(a * (1 + 1e-6), a).max().item() <= 1.0
    assert math.isclose(F.similarity_matrix(a, t([[0.0, 1.0]])).item(), 0.0)
