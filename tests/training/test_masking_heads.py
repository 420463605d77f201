"""Masking statistics, the similarity heads (token matching == the scorer's F1), InfoNCE, schedules."""

from __future__ import annotations

import math

import pytest
import torch

from codebertscore.errors import ArgumentError
from codebertscore.scoring.functional import pair_scores
from codebertscore.training.heads import (
    info_nce,
    mean_pool,
    mean_pool_similarity,
    token_match_similarity,
)
from codebertscore.training.masking import mask_tokens, predictions_per_sequence
from codebertscore.training.schedule import Budget, Every, lr_at, parse_duration

# -- masking --------------------------------------------------------------------------------------------------------


def _batch(b: int = 256, t: int = 128, vocab: int = 1000):
    g = torch.Generator().manual_seed(123)
    ids = torch.randint(10, vocab, (b, t), generator=g)
    ids[:, 0] = 1  # a "special" frame token at both ends
    ids[:, -1] = 2
    maskable = (ids != 1) & (ids != 2)
    return ids, maskable


def test_mask_counts_and_80_10_10_split():
    ids, maskable = _batch()
    k = predictions_per_sequence(126, 0.15)
    assert k == 19  # round(0.15 * 126)
    gen = torch.Generator().manual_seed(0)
    random_ids = torch.arange(10, 1000)
    mb = mask_tokens(ids, maskable, k, mask_id=4, random_ids=random_ids, generator=gen)
    assert mb.positions.shape == (256, k)
    # exactly k distinct, maskable positions per row; labels are the original tokens
    assert all(len(set(row.tolist())) == k for row in mb.positions)
    assert bool(torch.gather(maskable, 1, mb.positions).all())
    assert torch.equal(mb.labels, torch.gather(ids, 1, mb.positions))
    # nothing outside the chosen positions changes
    changed = mb.input_ids != ids
    chosen = torch.zeros_like(changed).scatter(1, mb.positions, True)
    assert not bool((changed & ~chosen).any())
    new = torch.gather(mb.input_ids, 1, mb.positions)
    n = new.numel()
    frac_mask = (new == 4).sum().item() / n
    frac_same = (new == mb.labels).sum().item() / n
    frac_random = 1 - frac_mask - frac_same
    # 4864 draws: 3 standard deviations of a proportion 0.1 are 0.013, of 0.8 are 0.017
    assert abs(frac_mask - 0.8) < 0.02
    assert abs(frac_same - 0.1) < 0.02 + 0.001  # (a random token equal to the original counts as "same")
    assert abs(frac_random - 0.1) < 0.02


def test_mask_is_seeded_and_short_rows_get_ignored_labels():
    ids, maskable = _batch(4, 16)
    maskable[0] = False
    maskable[0, 3] = True  # row 0 has a single maskable token
    runs = []
    for _ in range(2):
        gen = torch.Generator().manual_seed(7)
        runs.append(mask_tokens(ids, maskable, 3, mask_id=4, random_ids=torch.arange(10, 20), generator=gen))
    assert torch.equal(runs[0].input_ids, runs[1].input_ids) and torch.equal(runs[0].positions, runs[1].positions)
    labels = runs[0].labels[0]
    assert (labels != -100).sum().item() == 1
    assert labels[runs[0].positions[0] == 3].item() == ids[0, 3].item()


# -- similarity heads --------------------------------------------------------------------------------------------------


def test_token_match_hand_computed_example():
    # a: tokens e1, e2; b: tokens e1, (e1+e2)/sqrt2, e3  (unit vectors in R^3)
    s = 1 / math.sqrt(2)
    a = torch.tensor([[[1.0, 0, 0], [0, 1.0, 0]]])
    b = torch.tensor([[[1.0, 0, 0], [s, s, 0], [0, 0, 1.0]]])
    wa = torch.ones(1, 2)
    wb = torch.ones(1, 3)
    # P: e1 -> 1, e2 -> s  => (1 + s) / 2 ; R: e1 -> 1, (e1+e2)/s2 -> s, e3 -> 0  => (1 + s) / 3
    p, r = (1 + s) / 2, (1 + s) / 3
    f1 = 2 * p * r / (p + r)
    f3 = 10 * p * r / (9 * p + r)
    assert token_match_similarity(a, wa, b, wb, beta=1.0).item() == pytest.approx(f1, abs=1e-6)
    assert token_match_similarity(a, wa, b, wb, beta=3.0).item() == pytest.approx(f3, abs=1e-6)


def test_token_match_equals_the_scorer_on_the_same_vectors():
    g = torch.Generator().manual_seed(3)
    b, ta, tb, h = 5, 7, 9, 16
    a = torch.randn(b, ta, h, generator=g)
    r = torch.randn(b, tb, h, generator=g)
    wa = (torch.rand(b, ta, generator=g) > 0.3).float()
    wb = (torch.rand(b, tb, generator=g) > 0.3).float()
    wa[:, 0] = 1
    wb[:, 0] = 1
    sim = token_match_similarity(a, wa, r, wb, beta=1.0)  # (B, B): every a_i against every b_j
    sim3 = token_match_similarity(a, wa, r, wb, beta=3.0)
    an = torch.nn.functional.normalize(a, dim=-1)
    rn = torch.nn.functional.normalize(r, dim=-1)
    for j in range(b):
        # the scorer drops unmatched tokens (no_punc, specials) before matching: they are its padding mask
        wbj = wb[j:j + 1].expand(b, -1)
        ref = pair_scores(an, wa, rn[j:j + 1].expand(b, -1, -1), wbj, cand_mask=wa > 0, ref_mask=wbj > 0)  # P R F1 F3
        assert torch.allclose(sim[:, j], ref[:, 2], atol=1e-5)
        assert torch.allclose(sim3[:, j], ref[:, 3], atol=1e-5)


def test_token_match_chunked_equals_whole_and_has_gradients():
    g = torch.Generator().manual_seed(5)
    a = torch.randn(6, 5, 8, generator=g, requires_grad=True)
    b = torch.randn(6, 4, 8, generator=g, requires_grad=True)
    wa, wb = torch.ones(6, 5), torch.ones(6, 4)
    whole = token_match_similarity(a, wa, b, wb)
    chunked = token_match_similarity(a, wa, b, wb, chunk=4)
    assert torch.allclose(whole, chunked, atol=1e-6)
    loss, _ = info_nce(chunked, 0.1)
    loss.backward()
    assert a.grad is not None and float(a.grad.abs().sum()) > 0 and b.grad is not None


def test_mean_pool_ignores_masked_tokens():
    hidden = torch.tensor([[[1.0, 0.0], [3.0, 0.0], [100.0, 100.0]]])
    mask = torch.tensor([[1, 1, 0]])
    assert torch.allclose(mean_pool(hidden, mask), torch.tensor([[2.0, 0.0]]))
    sim = mean_pool_similarity(hidden, mask, hidden, mask)
    assert sim.item() == pytest.approx(1.0)


def test_info_nce_hand_computed():
    sim = torch.tensor([[1.0, 0.0], [0.5, 1.0]])
    loss, acc = info_nce(sim, temperature=1.0)
    rows = -math.log(math.e / (math.e + 1)) - math.log(math.e / (math.e + math.exp(0.5)))
    cols = -math.log(math.e / (math.e + math.exp(0.5))) - math.log(math.e / (math.e + 1))
    assert loss.item() == pytest.approx(0.5 * (rows / 2 + cols / 2), abs=1e-6)
    assert acc.item() == 1.0


# -- schedule ----------------------------------------------------------------------------------------------------------


def test_lr_schedule_shape():
    assert lr_at(0.05, 1.0, warmup=0.1) == pytest.approx(0.5)
    assert lr_at(0.1, 1.0, warmup=0.1) == pytest.approx(1.0)
    assert lr_at(0.55, 1.0, warmup=0.1) == pytest.approx(0.5)
    assert lr_at(1.0, 1.0, warmup=0.1) == pytest.approx(0.0)
    assert lr_at(1.0, 1.0, warmup=0.1, final_ratio=0.1) == pytest.approx(0.1)
    assert lr_at(0.55, 2.0, warmup=0.1, shape="cosine") == pytest.approx(1.0)
    with pytest.raises(ArgumentError):
        lr_at(0.5, 1.0, shape="exponential")


def test_budget_and_durations():
    assert parse_duration("300s") == 300 and parse_duration("5m") == 300 and parse_duration("1.5h") == 5400
    assert parse_duration(42) == 42
    for bad in ("soon", "-5s", "0"):
        with pytest.raises(ArgumentError):
            parse_duration(bad)
    b = Budget(steps=100, seconds=60)
    assert b.progress(50, 10) == 0.5 and b.progress(10, 45) == 0.75 and b.progress(200, 0) == 1.0
    with pytest.raises(ArgumentError):
        Budget()
    e = Every.parse("10", "x")
    assert e.steps == 10 and e.due(20, 0, 10, 0) and not e.due(19, 0, 10, 0)
    assert Every.parse("2m", "x").seconds == 120 and not Every.parse("never", "x").active
