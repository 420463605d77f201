"""Dynamic masking for masked-LM training, with no host synchronisation.

Each sequence gets exactly ``k = round(mask_prob × maskable tokens)`` prediction positions (the original BERT's
fixed count per sequence, rather than a Bernoulli draw), chosen uniformly among its maskable tokens (not special,
not padding). Of the chosen positions, ``p_mask`` (80%) become the mask token, ``p_random`` (10%) a random
non-special token and the rest (10%) stay as they are; the labels are the original tokens. Fixed shapes —
positions (B, k) — let the loss gather the k positions without a data-dependent ``nonzero`` on the GPU.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class MaskedBatch:
    input_ids: torch.Tensor  # (B, T) with masked tokens replaced
    positions: torch.Tensor  # (B, k) positions to predict
    labels: torch.Tensor  # (B, k) original ids, -100 where a row had fewer than k maskable tokens


def predictions_per_sequence(maskable_per_sequence: int, mask_prob: float) -> int:
    """k: the number of positions predicted in a sequence with that many maskable tokens (at least 1)."""
    return max(1, int(round(mask_prob * maskable_per_sequence)))


def mask_tokens(
    input_ids: torch.Tensor,
    maskable: torch.Tensor,
    k: int,
    *,
    mask_id: int,
    random_ids: torch.Tensor,
    generator: torch.Generator,
    p_mask: float = 0.8,
    p_random: float = 0.1,
) -> MaskedBatch:
    """Choose ``k`` positions per row among ``maskable`` ones and corrupt them 80/10/10 (see module docstring).

    Args:
        input_ids: (B, T) token ids.
        maskable: (B, T) bool, True where a token may be chosen.
        random_ids: (V',) the ids a "random token" is drawn from (non-special tokens).
        generator: the seeded generator all draws come from (on ``input_ids``' device).
    """
    b, t = input_ids.shape
    k = min(k, t)
    dev = input_ids.device
    scores = torch.rand((b, t), generator=generator, device=dev)  # (B, T) in [0, 1)
    scores = torch.where(maskable, scores, torch.full_like(scores, -1.0))
    top = torch.topk(scores, k, dim=1)  # values (B, k), indices (B, k)
    positions = top.indices
    valid = top.values >= 0  # (B, k): False where the row ran out of maskable tokens
    original = torch.gather(input_ids, 1, positions)  # (B, k)
    labels = torch.where(valid, original, torch.full_like(original, -100))
    r = torch.rand((b, k), generator=generator, device=dev)  # (B, k)
    pick = torch.randint(0, random_ids.numel(), (b, k), generator=generator, device=dev)
    replacement = random_ids.to(dev)[pick]  # (B, k)
    new = torch.where(r < p_mask, torch.full_like(original, mask_id),
                      torch.where(r < p_mask + p_random, replacement, original))
    new = torch.where(valid, new, original)
    masked = input_ids.scatter(1, positions, new)
    return MaskedBatch(masked, positions, labels)
