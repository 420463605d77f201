"""Host-side cost of scoring before any forward pass: tokenising and preparing the distinct texts.

On a GPU this stage, not the encoder, bounds a small encoder's throughput (the shipped MiniLM on an H200 spent
5.3 of 6.4 s here for 16,400 HumanEval-shaped pairs; its forward passes are bounded by 0.1 s). Prints seconds and
microseconds per text for the tokenizer call alone and for tokenising + preparing (context location, punctuation
filter, windows), median of ``--runs``.

    PYTHONPATH=src python benchmarks/host_stage.py --per-ref 30
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads  # noqa: E402

from codebertscore import CodeBERTScorer  # noqa: E402
from codebertscore.scoring.prepare import join  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-ref", type=int, default=30, help="candidates per HumanEval problem (prompt as context)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--model", default=None, help="encoder folder (default: the shipped encoder)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    w = workloads.humaneval(args.per_ref, 164)
    keys = sorted(set(zip(w.sources, w.cands)) | set(zip(w.sources, w.refs)))
    scorer = CodeBERTScorer(lang="python") if args.model is None else CodeBERTScorer(model=args.model)
    texts = [join(ctx, code)[0] for ctx, code in keys]
    tok_s, prep_s = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        tokens = scorer.encoder.tokenize(texts)
        tok_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        scorer.embedder.prepare(keys)
        prep_s.append(time.perf_counter() - t0)
    n_tok = sum(len(ids) for ids, _ in tokens)
    tok, prep = statistics.median(tok_s), statistics.median(prep_s)
    print(f"{len(keys)} distinct texts, {n_tok:,} tokens ({scorer.encoder.info.name})")
    print("| stage | seconds | µs per text |")
    print("|---|---|---|")
    print(f"| tokenise | {tok:.2f} | {1e6 * tok / len(keys):.0f} |")
    print(f"| tokenise + prepare | {prep:.2f} | {1e6 * prep / len(keys):.0f} |")


if __name__ == "__main__":
    main()
