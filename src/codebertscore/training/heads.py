"""Model pieces for training: the masked-LM head, the two similarity heads and the contrastive loss.

Shapes: B texts (or pairs), T tokens, H hidden size, V vocabulary, k predicted positions per sequence.

* :class:`MaskedLM` — an encoder plus a BERT/RoBERTa-style prediction head (dense, GELU, LayerNorm, then the
  input-embedding matrix as the output projection, tied, plus a bias); it predicts only the k masked positions.
* :func:`mean_pool_similarity` — cosine of mean-pooled token vectors (sentence-encoder style).
* :func:`token_match_similarity` — the soft BERTScore itself: for every pair (i, j), the cosine matrix between the
  content tokens of ``a_i`` and ``b_j``, greedy max each way, P and R as weighted means, F_beta — exactly what
  CodeBERTScore computes (:func:`codebertscore.scoring.functional.pair_scores` on the same vectors), so the
  contrastive objective optimises the metric's own similarity.
* :func:`info_nce` — symmetric InfoNCE over a (B, B) similarity matrix with in-batch negatives.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

from codebertscore.scoring.functional import f_beta


def encoder_layer_list(encoder: nn.Module) -> nn.ModuleList:
    """The list of transformer layers of a BERT/RoBERTa-style encoder (``encoder.encoder.layer``)."""
    inner = getattr(encoder, "encoder", None)
    layers = getattr(inner, "layer", None)
    if not isinstance(layers, nn.ModuleList):
        raise TypeError(f"{type(encoder).__name__} does not expose .encoder.layer; cannot select layers")
    return layers


def encoder_config(encoder: nn.Module) -> Any:
    """``encoder.config``: the Hugging Face config of a transformers encoder (model_type, num_hidden_layers, ...).

    torch's stubs type every attribute a ``Module`` does not declare as ``Tensor | Module`` (``Module.__getattr__``);
    ``config`` is a plain attribute transformers sets, whose fields depend on the architecture, hence ``Any``.
    """
    return cast(Any, encoder).config


def input_embeddings(encoder: nn.Module) -> nn.Embedding:
    """The input word-embedding table of a transformers encoder (its ``get_input_embeddings()``; the cast is the one
    :func:`encoder_config` explains: the method is not on ``nn.Module``)."""
    return cast(nn.Embedding, cast(Any, encoder).get_input_embeddings())


@contextmanager
def only_first_layers(encoder: nn.Module, n: int) -> Iterator[None]:
    """Run only the first ``n`` transformer layers inside the block (the others are untouched and restored)."""
    full = encoder_layer_list(encoder)
    inner = cast(nn.Module, encoder.encoder)  # encoder_layer_list has just checked that it is there and holds .layer
    if n >= len(full):
        yield
        return
    inner.layer = nn.ModuleList(list(full)[:n])
    try:
        yield
    finally:
        inner.layer = full


def freeze_word_embeddings(encoder: nn.Module) -> int:
    """Stop training the input word-embedding matrix (and so a head tied to it); returns its parameter count."""
    emb = input_embeddings(encoder)
    emb.weight.requires_grad_(False)
    return int(emb.weight.numel())


class MaskedLM(nn.Module):
    """Encoder + masked-LM head tied to the input embeddings; predicts only the given positions."""

    def __init__(self, encoder: nn.Module, layer_norm_eps: float = 1e-12) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = int(encoder_config(encoder).hidden_size)
        vocab = int(input_embeddings(encoder).weight.shape[0])
        self.dense = nn.Linear(hidden, hidden)
        self.norm = nn.LayerNorm(hidden, eps=layer_norm_eps)
        self.bias = nn.Parameter(torch.zeros(vocab))
        std = float(getattr(encoder_config(encoder), "initializer_range", 0.02))
        nn.init.normal_(self.dense.weight, std=std)
        nn.init.zeros_(self.dense.bias)

    def forward(
        self, input_ids: torch.Tensor, positions: torch.Tensor, attention_mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Logits (B, k, V) at ``positions`` (B, k)."""
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state  # (B, T, H)
        idx = positions.unsqueeze(-1).expand(-1, -1, hidden.shape[-1])  # (B, k, H)
        picked = torch.gather(hidden, 1, idx)  # (B, k, H)
        h = self.norm(F.gelu(self.dense(picked)))  # (B, k, H)
        weight = input_embeddings(self.encoder).weight  # (V, H), tied
        return F.linear(h, weight, self.bias)  # (B, k, V)


def mlm_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy over predicted positions (labels -100 ignored), computed in float32."""
    return F.cross_entropy(logits.float().flatten(0, 1), labels.flatten(), ignore_index=-100)


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """(B, H) mean of the token vectors where ``mask`` (B, T) is true, in float32."""
    m = mask.to(torch.float32).unsqueeze(-1)  # (B, T, 1)
    return (hidden.float() * m).sum(dim=1) / m.sum(dim=1).clamp_min(1.0)


def mean_pool_similarity(a: torch.Tensor, a_mask: torch.Tensor, b: torch.Tensor, b_mask: torch.Tensor) -> torch.Tensor:
    """(Ba, Bb) cosine similarity of mean-pooled token vectors."""
    pa = F.normalize(mean_pool(a, a_mask), dim=-1)  # (Ba, H)
    pb = F.normalize(mean_pool(b, b_mask), dim=-1)  # (Bb, H)
    return pa @ pb.T


def _token_match_block(
    a: torch.Tensor, a_w: torch.Tensor, b: torch.Tensor, b_w: torch.Tensor, beta: torch.Tensor
) -> torch.Tensor:
    """F_beta for every pair of a block of ``a`` (c, Ta, H) against all of ``b`` (Bb, Tb, H): (c, Bb)."""
    sim = torch.einsum("ith,jsh->ijts", a, b)  # (c, Bb, Ta, Tb)
    neg = torch.finfo(sim.dtype).min
    b_pad = (b_w <= 0)[None, :, None, :]  # (1, Bb, 1, Tb)
    a_pad = (a_w <= 0)[:, None, :, None]  # (c, 1, Ta, 1)
    best_a = sim.masked_fill(b_pad, neg).amax(dim=3)  # (c, Bb, Ta): each a-token's best b-token
    best_b = sim.masked_fill(a_pad, neg).amax(dim=2)  # (c, Bb, Tb): each b-token's best a-token
    wa = a_w[:, None, :]  # (c, 1, Ta)
    wb = b_w[None, :, :]  # (1, Bb, Tb)
    best_a = torch.where(wa > 0, best_a, torch.zeros_like(best_a))
    best_b = torch.where(wb > 0, best_b, torch.zeros_like(best_b))
    precision = (best_a * wa).sum(-1) / wa.sum(-1).clamp_min(1e-12)  # (c, Bb)
    recall = (best_b * wb).sum(-1) / wb.sum(-1).clamp_min(1e-12)  # (c, Bb)
    return f_beta(precision, recall, float(beta))


def token_match_similarity(
    a: torch.Tensor,
    a_weight: torch.Tensor,
    b: torch.Tensor,
    b_weight: torch.Tensor,
    beta: float = 1.0,
    chunk: int | None = None,
) -> torch.Tensor:
    """(Ba, Bb) soft-BERTScore F_beta between every ``a_i`` (candidate) and ``b_j`` (reference).

    Args:
        a: (Ba, Ta, H) token vectors; b: (Bb, Tb, H). Normalised here, in float32.
        a_weight: (Ba, Ta) non-negative token weights; a token of weight 0 is left out entirely (neither counted
            nor a match target), as the scorer leaves out padding, special tokens and punctuation — equal to
            ``pair_scores(..., cand_mask=a_weight > 0, ref_mask=b_weight > 0)``. b_weight likewise. Each row
            needs a positive sum.
        chunk: rows of ``a`` per block; blocks are recomputed in the backward pass (activation checkpointing) so
            that memory holds one (chunk, Bb, Ta, Tb) cosine tensor at a time.
    """
    an = F.normalize(a.float(), dim=-1)
    bn = F.normalize(b.float(), dim=-1)
    aw = a_weight.float()
    bw = b_weight.float()
    beta_t = torch.tensor(beta)
    if chunk is None or chunk >= an.shape[0]:
        return _token_match_block(an, aw, bn, bw, beta_t)
    parts = []
    for i in range(0, an.shape[0], chunk):
        blk = (an[i:i + chunk], aw[i:i + chunk], bn, bw, beta_t)
        if torch.is_grad_enabled() and (an.requires_grad or bn.requires_grad):
            parts.append(checkpoint(_token_match_block, *blk, use_reentrant=False))
        else:
            parts.append(_token_match_block(*blk))
    return torch.cat(parts, dim=0)


def info_nce(similarity: torch.Tensor, temperature: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Symmetric InfoNCE with in-batch negatives: the diagonal of ``similarity`` (B, B) holds the positives.

    Returns (loss, accuracy), both 0-d tensors (accuracy: mean of a->b and b->a top-1 retrieval), no host sync.
    """
    logits = similarity.float() / temperature  # (B, B)
    target = torch.arange(logits.shape[0], device=logits.device)
    loss = 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))
    acc = 0.5 * ((logits.argmax(1) == target).float().mean() + (logits.argmax(0) == target).float().mean())
    return loss, acc
