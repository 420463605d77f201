"""int8 dynamic quantisation of the encoder's Linear layers on the CPU: score agreement with fp32 and speed, one run.

The shipped encoder (layer and headline from the registry) scores the bundled examples (``examples/python``: 15
HumanEval completions, prompt as context) and the first ``--dev`` records of the bundled Python dev set, in fp32 and
after ``torch.ao.quantization.quantize_dynamic`` on every ``torch.nn.Linear`` (qint8 weights, activations quantised
on the fly). Reports the largest and mean |difference| of the headline and of F3, and the seconds of each (median of
``--runs``, interleaved, ``--threads`` torch threads). The project keeps an int8 path only if every difference is
within 0.005 and it is faster in the same run.

    PYTHONPATH=src python benchmarks/int8.py --dev 300 --threads 2
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from codebertscore import CodeBERTScorer


def load(dev: int) -> tuple[list[str], list[list[str]], list[str]]:
    probs = {json.loads(x)["task_id"]: json.loads(x) for x in (ROOT / "examples/python/problems.jsonl").open()}
    cands, refs, srcs = [], [], []
    for line in (ROOT / "examples/python/samples.jsonl").open():
        s = json.loads(line)
        p = probs[s["task_id"]]
        cands.append(s["completion"])
        refs.append([p["canonical_solution"]])
        srcs.append(p["prompt"])
    with gzip.open(ROOT / "src/codebertscore/data/devset/python.jsonl.gz", "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= dev:
                break
            r = json.loads(line)
            cands.append(r["candidate"])
            refs.append(list(r["references"]))
            srcs.append(r["context"] or "")
    return cands, refs, srcs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    torch.set_num_threads(args.threads)
    cands, refs, srcs = load(args.dev)
    fp32 = CodeBERTScorer(lang="python", device="cpu", dtype="float32")
    q = CodeBERTScorer(lang="python", device="cpu", dtype="float32")
    torch.ao.quantization.quantize_dynamic(q.encoder.model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    times: dict[str, list[float]] = {"float32": [], "int8": []}
    out = {}
    for _ in range(args.runs):
        for name, sc in (("float32", fp32), ("int8", q)):
            t0 = time.perf_counter()
            out[name] = sc.score(cands=cands, refs=refs, sources=srcs)
            times[name].append(time.perf_counter() - t0)
    a, b = out["float32"], out["int8"]
    head = fp32.headline
    d_head = np.abs(a.measure(head) - b.measure(head))
    d_f3 = np.abs(a.F3 - b.F3)
    t32, t8 = statistics.median(times["float32"]), statistics.median(times["int8"])
    row = {"pairs": len(cands), "threads": args.threads, "headline": head,
           "max_diff_headline": float(d_head.max()), "mean_diff_headline": float(d_head.mean()),
           "max_diff_F3": float(d_f3.max()), "mean_diff_F3": float(d_f3.mean()),
           "fp32_s": round(t32, 2), "int8_s": round(t8, 2), "speedup": round(t32 / t8, 2),
           "same_best_ref": float(np.mean(a.best_ref == b.best_ref))}
    row["keep"] = bool(max(row["max_diff_headline"], row["max_diff_F3"]) <= 0.005 and t8 < t32)
    print(json.dumps(row))
    print(f"| pairs | threads | fp32 s | int8 s | speed-up | max Δ headline ({head}) | mean Δ | max Δ F3 | kept |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {row['pairs']} | {args.threads} | {t32:.2f} | {t8:.2f} | {row['speedup']}× "
          f"| {row['max_diff_headline']:.4f} | {row['mean_diff_headline']:.4f} | {row['max_diff_F3']:.4f} "
          f"| {row['keep']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
