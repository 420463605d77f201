"""The pure maths of CodeBERTScore: tensors in, numbers out.

No model, no tokenizer, no state. Shapes are written beside each operation: B pairs, C candidate tokens,
K reference tokens, H hidden size. Every function computes in float32 (or float64 when given float64), whatever
dtype the encoder produced: similarity sums of a bf16 encoder overflow otherwise.
"""

from __future__ import annotations

import torch

_EPS = 1e-12


def normalize(vectors: torch.Tensor) -> torch.Tensor:
    """L2-normalise the last dimension in float32 (float64 stays float64); zero vectors stay zero."""
    v = vectors.float() if vectors.dtype not in (torch.float32, torch.float64) else vectors
    norms = torch.linalg.vector_norm(v, dim=-1, keepdim=True)  # (..., 1)
    return v / norms.clamp_min(_EPS)


def f_beta(precision: torch.Tensor, recall: torch.Tensor, beta: float) -> torch.Tensor:
    """F_beta = (1 + b^2) P R / (b^2 P + R), recall weighted ``beta`` times as much as precision.

    Where P or R is not positive (only possible for token vectors with negative cosines, i.e. badly anisotropic
    layers) the harmonic mean is undefined or leaves [-1, 1]; there F = min(P, R), which is continuous with the
    harmonic mean at 0 and keeps every score in [-1, 1].
    """
    b2 = beta * beta
    p, r = precision, recall
    positive = (p > 0) & (r > 0)
    denom = torch.where(positive, b2 * p + r, torch.ones_like(p))
    harmonic = (1 + b2) * p * r / denom
    return torch.where(positive, harmonic, torch.minimum(p, r))


def greedy_match(
    cand: torch.Tensor,
    cand_weight: torch.Tensor,
    ref: torch.Tensor,
    ref_weight: torch.Tensor,
    cand_mask: torch.Tensor | None = None,
    ref_mask: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Precision and recall of greedy cosine matching for a padded batch of pairs.

    Args:
        cand: (B, C, H) unit-norm candidate token vectors (padding rows arbitrary).
        cand_weight: (B, C) non-negative weights (1 for plain CodeBERTScore, idf otherwise). A token of weight 0
            still is a match target for the other side; it only does not count in its own side's mean.
        ref: (B, K, H) unit-norm reference token vectors.
        ref_weight: (B, K) weights of the reference tokens, as above.
        cand_mask, ref_mask: (B, C) / (B, K) bool, True for real tokens, False for padding (default: all real).
            Padding is never matched and never counted.

    Returns:
        (P, R), each (B,): P = weighted mean over candidate tokens of their best cosine with any reference token;
        R = weighted mean over reference tokens of their best cosine with any candidate token. A side whose weights
        sum to 0 gives 0.
    """
    if cand.dim() != 3 or ref.dim() != 3 or cand.shape[0] != ref.shape[0] or cand.shape[2] != ref.shape[2]:
        raise ValueError(f"greedy_match: expected (B,C,H) and (B,K,H), got {tuple(cand.shape)} and {tuple(ref.shape)}")
    dtype = torch.float64 if torch.float64 in (cand.dtype, ref.dtype) else torch.float32
    cand, ref = cand.to(dtype), ref.to(dtype)
    cm = torch.ones(cand.shape[:2], dtype=torch.bool, device=cand.device) if cand_mask is None else cand_mask.bool()
    rm = torch.ones(ref.shape[:2], dtype=torch.bool, device=ref.device) if ref_mask is None else ref_mask.bool()
    cw = torch.where(cm, cand_weight.to(dtype), torch.zeros((), dtype=dtype, device=cand.device))
    rw = torch.where(rm, ref_weight.to(dtype), torch.zeros((), dtype=dtype, device=ref.device))
    sim = torch.bmm(cand, ref.transpose(1, 2)).clamp_(-1.0, 1.0)  # (B, C, K)
    neg_inf = torch.tensor(float("-inf"), dtype=dtype, device=sim.device)
    best_for_cand = torch.where(rm.unsqueeze(1), sim, neg_inf).amax(dim=2)  # (B, C): best over real ref tokens
    best_for_ref = torch.where(cm.unsqueeze(2), sim, neg_inf).amax(dim=1)  # (B, K): best over real cand tokens
    # rows with no partner (all padding on the other side) are -inf; they get weight 0 below, so zero them first
    best_for_cand = torch.where(torch.isfinite(best_for_cand), best_for_cand, torch.zeros_like(best_for_cand))
    best_for_ref = torch.where(torch.isfinite(best_for_ref), best_for_ref, torch.zeros_like(best_for_ref))
    precision = (best_for_cand * cw).sum(dim=1) / cw.sum(dim=1).clamp_min(_EPS)  # (B,)
    recall = (best_for_ref * rw).sum(dim=1) / rw.sum(dim=1).clamp_min(_EPS)  # (B,)
    return precision, recall


def pair_scores(
    cand: torch.Tensor,
    cand_weight: torch.Tensor,
    ref: torch.Tensor,
    ref_weight: torch.Tensor,
    cand_mask: torch.Tensor | None = None,
    ref_mask: torch.Tensor | None = None,
) -> torch.Tensor:
    """(B, 4) tensor of P, R, F1, F3 for a padded batch (see :func:`greedy_match`)."""
    p, r = greedy_match(cand, cand_weight, ref, ref_weight, cand_mask, ref_mask)
    return torch.stack([p, r, f_beta(p, r, 1.0), f_beta(p, r, 3.0)], dim=1)


def similarity_matrix(cand: torch.Tensor, ref: torch.Tensor) -> torch.Tensor:
    """(C, K) cosine matrix between one candidate's and one reference's unit-norm token vectors."""
    return (cand.float() @ ref.float().T).clamp_(-1.0, 1.0)


def rescale(scores: torch.Tensor, baseline: torch.Tensor | float) -> torch.Tensor:
    """BERTScore-style baseline rescaling: (s - b) / (1 - b); 1 stays 1 and the baseline b maps to 0."""
    b = torch.as_tensor(baseline, dtype=scores.dtype, device=scores.device)
    if torch.any(b >= 1):
        raise ValueError("rescale: a baseline must be below 1")
    return (scores - b) / (1 - b)
