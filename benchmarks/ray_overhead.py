"""The Ray engine against the single-process path on the same pairs: pairs/s of each and the largest score difference.

HumanEval-shaped pairs (``--problems`` problems x ``--per-ref`` candidates, prompt as context) are scored once by
``score_items`` in this process (after a warm-up call, so the encoder load is not timed) and once by ``score_ray``
with ``--actors`` actors on a local Ray instance (started here, so its start-up and the actors' encoder loads are
timed: that is the overhead a user pays). Every record is compared (ids in order, P/R/F1/F3 within 1e-6 in fp32).

Usage::

    python benchmarks/ray_overhead.py --problems 20 --per-ref 20 --actors 1 [--device cuda --gpus-per-actor 0.5]

Prints one markdown table; ``--json`` keeps every number. Needs ``pip install 'codebertscore[ray]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import encoders
import workloads


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--problems", type=int, default=20)
    ap.add_argument("--per-ref", type=int, default=20)
    ap.add_argument("--actors", type=int, default=1)
    ap.add_argument("--cpus-per-actor", type=float, default=1.0)
    ap.add_argument("--gpus-per-actor", type=float, default=0.0)
    ap.add_argument("--shard-size", type=int, default=100)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--dtype", default="float32")
    ap.add_argument("--layer", type=int, default=4)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    import numpy as np
    import ray

    from codebertscore import CodeBERTScorer
    from codebertscore.scoring.distributed import read_results, score_ray
    from codebertscore.scoring.stream import score_items

    w = workloads.humaneval(per_ref=args.per_ref, n_refs=args.problems)
    items = [(f"p{i}", c, [r], s) for i, (c, r, s) in enumerate(zip(w.cands, w.refs, w.sources or []))]
    kwargs = {"model": str(encoders.embedded_minilm()), "layer": args.layer, "device": args.device,
              "dtype": args.dtype}
    work = Path(tempfile.mkdtemp(prefix="ray_overhead_"))
    try:
        scorer = CodeBERTScorer(**kwargs)
        scorer.score(cands=w.cands[:8], refs=w.refs[:8], sources=(w.sources or [])[:8])  # warm-up
        t0 = time.perf_counter()
        local = score_items(scorer, iter(items), out=work / "local.jsonl", chunk=args.shard_size)
        t_local = time.perf_counter() - t0
        del scorer
        # local workers import this checkout's package too (not another installed copy)
        os.environ["PYTHONPATH"] = os.pathsep.join([str(HERE.parent / "src"), os.environ.get("PYTHONPATH", "")])
        t0 = time.perf_counter()
        ray.init(num_cpus=max(1, int(args.actors * args.cpus_per_actor)), include_dashboard=False,
                 log_to_driver=False)
        t_init = time.perf_counter() - t0
        ray.data.DataContext.get_current().enable_progress_bars = False
        t0 = time.perf_counter()
        summary = score_ray(items, out=work / "ray", scorer_kwargs=kwargs, shard_size=args.shard_size,
                            actors=args.actors, cpus_per_actor=args.cpus_per_actor,
                            gpus_per_actor=args.gpus_per_actor)
        t_ray = time.perf_counter() - t0
        ray.shutdown()
        a = [json.loads(x) for x in (work / "local.jsonl").read_text().splitlines()]
        b = list(read_results(work / "ray"))
        same_ids = [r["id"] for r in a] == [r["id"] for r in b]
        diff = max(float(np.abs(np.array([r[m] for r in a]) - np.array([r[m] for r in b])).max())
                   for m in ("P", "R", "F1", "F3"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    row = {"pairs": len(items), "device": args.device, "dtype": args.dtype, "actors": args.actors,
           "single_process_s": round(t_local, 2), "ray_init_s": round(t_init, 2), "ray_run_s": round(t_ray, 2),
           "single_pairs_per_s": round(len(items) / t_local, 1), "ray_pairs_per_s": round(len(items) / t_ray, 1),
           "same_ids": same_ids, "max_abs_diff": diff, "same_signature": summary["signature"] == local["signature"]}
    print(json.dumps(row), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(row, indent=1) + "\n", encoding="utf-8")
    print("| pairs | device | actors | single process (pairs/s) | Ray, actor start-up included (pairs/s) "
          "| ray.init (s) | max score diff | same ids, signature |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {row['pairs']} | {args.device} {args.dtype} | {args.actors} | {row['single_pairs_per_s']} "
          f"| {row['ray_pairs_per_s']} | {row['ray_init_s']} | {diff:.1e} | {same_ids and row['same_signature']} |")
    return 0 if same_ids and row["same_signature"] and diff <= (1e-6 if args.dtype == "float32" else 1e-3) else 1


if __name__ == "__main__":
    sys.exit(main())
