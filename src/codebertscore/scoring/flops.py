"""Forward-pass FLOPs of a BERT/RoBERTa-style encoder, and the matrix-multiply rate that bounds them.

Why: "fast" needs a limit to be measured against. The work CodeBERTScore cannot avoid is one forward pass over each
distinct (context, code) text up to the highest layer used; its FLOPs divided by the rate at which the machine
multiplies matrices of the encoder's shapes is the FLOP-bound time, and achieved time / FLOP-bound time says how much
is left to gain.

The count (multiply-adds counted as 2 FLOPs), for one sequence of T tokens (special tokens included) through one
transformer layer of hidden size H and feed-forward size I::

    dense     = 2 T (4 H^2 + 2 H I)    # Q, K, V and output projections (4 H x H) + feed-forward up and down (2 H x I)
    attention = 4 T^2 H                # Q K^T (2 T^2 H) and the weighted sum of V (2 T^2 H), over all heads
    layer     = dense + attention

and ``layers_run x layer`` for a sequence (the encoder stops after the highest layer needed; the embedding lookup is
not a matrix product). Biases, layer norms, softmax, GELU and the embedding sums are left out: they are O(T H) and
memory-bound, a few percent of the total. For BERT-base shapes the dense part is ``2 x (parameters of one layer) x
T`` to within the bias terms. Padding tokens are not counted in :func:`forward_flops` (useful work);
:func:`padded_flops` counts what a padded batch actually computes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import torch

from codebertscore.errors import ArgumentError


@dataclass(frozen=True)
class EncoderShape:
    """What the FLOP count needs to know about an encoder: hidden and feed-forward sizes, and how many layers run."""

    hidden: int
    intermediate: int
    layers: int  # transformer layers that run (the highest layer needed; 0 = embeddings only)

    def __post_init__(self) -> None:
        for name in ("hidden", "intermediate"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ArgumentError(f"{name}: expected a positive integer, got {value!r}")
        if not isinstance(self.layers, int) or self.layers < 0:
            raise ArgumentError(f"layers: expected a non-negative integer, got {self.layers!r}")

    @classmethod
    def from_config(cls, config: Any, layers: int | None = None) -> EncoderShape:
        """From a transformers config (``hidden_size``, ``intermediate_size``, ``num_hidden_layers``)."""
        hidden = int(config.hidden_size)
        inter = int(getattr(config, "intermediate_size", 4 * hidden))
        n = int(config.num_hidden_layers) if layers is None else int(layers)
        return cls(hidden=hidden, intermediate=inter, layers=n)

    @property
    def params_per_layer(self) -> int:
        """Weights of one layer's matrix products (biases and layer norms excluded)."""
        return 4 * self.hidden * self.hidden + 2 * self.hidden * self.intermediate


def layer_flops(length: int, shape: EncoderShape) -> int:
    """FLOPs of one transformer layer over one sequence of ``length`` tokens (see the module docstring)."""
    t, h = int(length), shape.hidden
    return 2 * t * shape.params_per_layer + 4 * t * t * h


def forward_flops(lengths: Iterable[int], shape: EncoderShape) -> int:
    """FLOPs of encoding sequences of these lengths (no padding) through ``shape.layers`` layers."""
    total = 0
    for n in lengths:
        if n < 0:
            raise ArgumentError(f"lengths: expected non-negative token counts, got {n}")
        total += layer_flops(n, shape)
    return total * shape.layers


def padded_flops(batches: Iterable[tuple[int, int]], shape: EncoderShape) -> int:
    """FLOPs actually computed for padded batches given as (number of sequences, padded length)."""
    return sum(b * layer_flops(t, shape) for b, t in batches) * shape.layers


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def matmul_rate(
    m: int,
    k: int,
    n: int,
    *,
    device: str | torch.device = "cpu",
    dtype: torch.dtype = torch.float32,
    min_seconds: float = 0.5,
    repeats: int = 3,
) -> float:
    """Measured FLOP/s of ``(m, k) @ (k, n)`` products on ``device`` in ``dtype``: the best of ``repeats`` timings
    of at least ``min_seconds`` each (the best, because other load only ever slows a timing down)."""
    dev = torch.device(device)
    gen = torch.Generator(device="cpu").manual_seed(0)
    a = torch.randn(m, k, generator=gen).to(device=dev, dtype=dtype)
    b = torch.randn(k, n, generator=gen).to(device=dev, dtype=dtype)
    flops = 2.0 * m * k * n
    chunk = 8 if dev.type == "cuda" else 1  # CUDA launches are asynchronous: synchronise every few products
    with torch.inference_mode():
        for _ in range(2):  # warm-up (allocations, kernel selection)
            a @ b
        _sync(dev)
        best = float("inf")
        for _ in range(repeats):
            reps, elapsed = 0, 0.0
            start = time.perf_counter()
            while elapsed < min_seconds:
                for _ in range(chunk):
                    a @ b
                reps += chunk
                _sync(dev)
                elapsed = time.perf_counter() - start
            best = min(best, elapsed / reps)
    return flops / best


def encoder_matmul_rate(
    shape: EncoderShape,
    tokens: int,
    *,
    device: str | torch.device = "cpu",
    dtype: torch.dtype = torch.float32,
    min_seconds: float = 0.3,
) -> dict[str, float]:
    """FLOP/s of the three dense products of an encoder layer with ``tokens`` rows (a batch under the token budget),
    and their mix weighted as in one layer (time = sum of each product's FLOPs / its rate).

    Returns {"qkvo": (T,H)x(H,H), "ffn_up": (T,H)x(H,I), "ffn_down": (T,I)x(I,H), "layer_mix": combined}.
    """
    h, i = shape.hidden, shape.intermediate
    rates = {
        "qkvo": matmul_rate(tokens, h, h, device=device, dtype=dtype, min_seconds=min_seconds),
        "ffn_up": matmul_rate(tokens, h, i, device=device, dtype=dtype, min_seconds=min_seconds),
        "ffn_down": matmul_rate(tokens, i, h, device=device, dtype=dtype, min_seconds=min_seconds),
    }
    work = {"qkvo": 4 * h * h, "ffn_up": h * i, "ffn_down": h * i}  # per token, relative
    seconds = sum(work[k] / rates[k] for k in work)
    rates["layer_mix"] = sum(work.values()) / seconds
    return rates


def flop_bound_fraction(flops: float, seconds: float, rate: float) -> float:
    """(FLOP-bound time) / (achieved time): 1.0 means the run went as fast as the matrix products allow."""
    if seconds <= 0 or rate <= 0:
        raise ArgumentError(f"seconds and rate must be positive, got {seconds} and {rate}")
    return (flops / rate) / seconds


def describe(lengths: Sequence[int]) -> dict[str, float]:
    """Token statistics of a set of sequences (for reports)."""
    n = len(lengths)
    if n == 0:
        return {"sequences": 0, "tokens": 0, "mean": 0.0, "max": 0}
    total = int(sum(lengths))
    return {"sequences": n, "tokens": total, "mean": total / n, "max": int(max(lengths))}


__all__ = [
    "EncoderShape",
    "describe",
    "encoder_matmul_rate",
    "flop_bound_fraction",
    "forward_flops",
    "layer_flops",
    "matmul_rate",
    "padded_flops",
]
