"""Correctness of the GPU paths the CPU tests cannot reach (run by gpu_speed.sh before timing anything):

* scores on CUDA in float32 equal the CPU's (<= 1e-5: different kernels), with context, several references, several
  layers and a long windowed input; bf16 ("auto") stays within 0.02 of float32; each line also says whether issue
  13's targets hold (fp32 within 1e-6 of the CPU path, bf16 within 1e-3 of it: ``target_met``);
* the embedding cache on CUDA: a second call encodes nothing and gives the same scores (<= 1e-6);
* ``explain`` works with vectors kept on the GPU.

Exit 0 when every check passes; prints one JSON line per check.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import encoders
import numpy as np
import torch
import workloads

from codebertscore import CodeBERTScorer


def arr(res) -> np.ndarray:
    return np.stack([res.P, res.R, res.F1, res.F3], axis=1)


def main() -> int:
    dev = sys.argv[1] if len(sys.argv) > 1 else "cuda"  # "cpu": a dry run of this script's logic
    if dev == "cuda" and not torch.cuda.is_available():
        print(json.dumps({"check": "cuda", "ok": False, "why": "no CUDA device"}))
        return 1
    work = Path(tempfile.mkdtemp())
    model, layer = encoders.resolve("minilm", work)
    w = workloads.humaneval(per_ref=6, n_refs=10)
    probs = workloads.humaneval_problems()
    long_code = "\n".join(p["prompt"] + p["canonical_solution"] for p in probs[:12])  # > 512 tokens: windows
    cands = [*w.cands, long_code]
    refs = [[r, w.refs[0]] for r in w.refs] + [[long_code[:-40], w.refs[1]]]
    srcs = [*w.sources, "# a long module\n"]
    ok = True

    def report(name: str, passed: bool, **info: object) -> None:
        nonlocal ok
        ok &= passed
        print(json.dumps({"check": name, "ok": passed, **info}), flush=True)

    cpu = CodeBERTScorer(model=model, layer=layer, device="cpu").score_layers(cands=cands, refs=refs, sources=srcs,
                                                                              layers=[2, layer])
    gpu32 = CodeBERTScorer(model=model, layer=layer, device=dev, dtype="float32")
    g = gpu32.score_layers(cands=cands, refs=refs, sources=srcs, layers=[2, layer])
    d = max(float(np.abs(arr(cpu[k]) - arr(g[k])).max()) for k in cpu)
    report("cuda fp32 == cpu fp32", d <= 1e-5, max_diff=d, target="1e-6", target_met=d <= 1e-6,
           same_best_ref=bool(all(np.array_equal(cpu[k].best_ref, g[k].best_ref) for k in cpu)))
    bf = CodeBERTScorer(model=model, layer=layer, device=dev, dtype="bfloat16").score(
        cands=cands, refs=refs, sources=srcs
    )
    d = float(np.abs(arr(bf) - arr(g[layer])).max())
    report("cuda bf16 close to fp32", d <= 0.02, max_diff=d, dtype=bf.signature.dtype)
    d = float(np.abs(arr(bf) - arr(cpu[layer])).max())
    report("cuda bf16 vs the cpu path (fp32)", d <= 0.02, max_diff=d, target="1e-3", target_met=d <= 1e-3)
    cached = CodeBERTScorer(model=model, layer=layer, device=dev, cache_dir=work / "cache")
    first = cached.score(cands=cands, refs=refs, sources=srcs)
    again = cached.score(cands=cands, refs=refs, sources=srcs)
    d = float(np.abs(arr(first) - arr(again)).max())
    report("cuda cache", d <= 1e-6 and cached.cache.misses == cached.cache.hits, max_diff=d,
           **{k: cached.cache.stats()[k] for k in ("hits", "misses", "entries")})
    ex = gpu32.explain(cand=w.cands[0], ref=w.refs[0], source=w.sources[0])
    report("cuda explain", ex["similarity"].shape == (len(ex["cand_tokens"]), len(ex["ref_tokens"])),
           shape=list(ex["similarity"].shape))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
