"""This CPU's limits for the encoder: matrix-multiply throughput at the encoder's shapes and one forward pass, with
1 and 2 threads (and the interop setting), so that thread settings are chosen by measurement.

Usage: python benchmarks/cpu_limits.py [--encoder roberta-34m|minilm|roberta-base] [--tokens 256] [--batch 16]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import encoders
import torch

from codebertscore.models.hf import HFEncoder
from codebertscore.scoring.flops import EncoderShape, encoder_matmul_rate, forward_flops


def forward_rate(enc: HFEncoder, layer: int, batch: int, tokens: int, repeats: int = 3) -> float:
    """Best seconds of one forward pass over a (batch, tokens) batch up to ``layer``."""
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(5, enc.tokenizer.vocab_size - 1, (batch, tokens), generator=gen)
    mask = torch.ones_like(ids)
    enc.hidden_states(ids, mask, [layer])  # warm-up
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        enc.hidden_states(ids, mask, [layer])
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", default="roberta-34m")
    ap.add_argument("--tokens", type=int, default=256)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--work", type=Path, default=HERE.parent / ".cache" / "bench")
    args = ap.parse_args()
    model, layer = encoders.resolve(args.encoder, args.work)
    enc = HFEncoder(model, device="cpu", dtype="float32")
    shape = EncoderShape.from_config(enc.config, layers=layer)
    flops = forward_flops([args.tokens] * args.batch, shape)
    default_threads = torch.get_num_threads()
    report = {"cores": os.cpu_count(), "default_threads": default_threads,
              "default_interop": torch.get_num_interop_threads(), "load_avg": os.getloadavg(),
              "encoder": args.encoder, "layer": layer, "batch": [args.batch, args.tokens], "rows": []}
    for threads in sorted({1, 2, default_threads}):
        torch.set_num_threads(threads)
        rates = encoder_matmul_rate(shape, args.batch * args.tokens, dtype=torch.float32)
        seconds = forward_rate(enc, layer, args.batch, args.tokens)
        report["rows"].append({"threads": threads, "matmul_gflops": {k: round(v / 1e9, 1) for k, v in rates.items()},
                               "forward_s": round(seconds, 3), "forward_gflops": round(flops / seconds / 1e9, 1),
                               "forward_fraction_of_matmul": round(flops / seconds / rates["layer_mix"], 3)})
        print(json.dumps(report["rows"][-1]), file=sys.stderr, flush=True)
    torch.set_num_threads(default_threads)
    print(json.dumps(report, indent=1))
    print("\n| threads | matmul GFLOP/s (layer mix) | forward GFLOP/s | forward / matmul |")
    print("|---|---|---|---|")
    for r in report["rows"]:
        print(f"| {r['threads']} | {r['matmul_gflops']['layer_mix']} | {r['forward_gflops']} "
              f"| {r['forward_fraction_of_matmul']:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
