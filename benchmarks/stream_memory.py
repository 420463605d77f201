"""Memory stays flat in the number of pairs: `codebertscore score` streams JSONL to JSONL.

Generates HumanEval-style files of N candidate records (``task_id``, ``completion``) against the 164 HumanEval
problems (prompt = context), with a fixed pool of distinct candidate texts cycled through (so that the encoder work
is the same at every N: with ``--cache-dir`` each distinct text is encoded once), runs the CLI on each in a fresh
process, and reports that process's peak resident memory (``ru_maxrss``), its time, and checks the output (one record
per input, in order; equal inputs give equal scores). A resumed run is checked too: the output is cut in the middle
of a line and ``--resume`` completes it to the same records (same ids, scores within 1e-6).

A second table shows memory bounded in layers x width (``--layers-row``): ``score_layers`` at 1 and 6 layers over
the same pairs, each in a fresh process, with the memory budget unbounded (every text's vectors of a chunk held at
once, as before the budget existed) and with ``--budget-gb``; peak RSS of each, and the scores of the two budgets
compared (within 1e-6).

Usage::

    python benchmarks/stream_memory.py --sizes 20000,200000 [--million] [--model PATH]
    python benchmarks/stream_memory.py --sizes '' --layers-row [--layers-pairs 656] [--budget-gb 0.1]

Prints a table of N, peak RSS and seconds; ``--json`` writes them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import encoders
import workloads


def write_inputs(folder: Path, n: int, pool: int) -> tuple[Path, Path]:
    """problems.jsonl (164 problems) and samples.jsonl (n records cycling through ``pool`` candidates per problem)."""
    probs = workloads.humaneval_problems()
    refs = folder / "problems.jsonl"
    with open(refs, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(p) + "\n" for p in probs)
    w = workloads.humaneval(per_ref=pool, problems=probs)
    by_task: list[list[str]] = [w.cands[i * pool : (i + 1) * pool] for i in range(len(probs))]
    cands = folder / f"samples_{n}.jsonl"
    with open(cands, "w", encoding="utf-8") as fh:
        for i in range(n):
            t = i % len(probs)
            fh.write(json.dumps({"task_id": probs[t]["task_id"],
                                 "completion": by_task[t][(i // len(probs)) % pool]}) + "\n")
    return cands, refs


def run_cli(argv: list[str]) -> tuple[int, float, int]:
    """Exit code, seconds and peak RSS (bytes) of one CLI process."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"), HF_HUB_OFFLINE="1")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "codebertscore", *argv], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(err[-2000:], file=sys.stderr)
    return code, seconds, usage.ru_maxrss * 1024


def check_output(out: Path, n: int, period: int) -> dict[str, object]:
    """One record per input, in order (ids); inputs repeat every ``period`` records, and so must their scores."""
    count = 0
    first: dict[int, dict] = {}
    bad_ids = mismatches = 0
    with open(out, encoding="utf-8") as fh:
        for count, line in enumerate(fh, 1):
            rec = json.loads(line)
            key = (count - 1) % period
            bad_ids += rec["id"] != f"HumanEval/{(count - 1) % 164}"
            if key not in first:
                first[key] = rec
            elif abs(rec["F3"] - first[key]["F3"]) > 1e-6:
                mismatches += 1
    return {"records": count, "complete": count == n and bad_ids == 0, "repeat_mismatches": mismatches}


def same_records(a: list[str], b: list[str]) -> bool:
    """Same ids in the same order and scores within 1e-6 (a resumed run's first chunk holds other pairs than the
    uninterrupted run's, so its similarity batches differ: equal within batch invariance, not bit for bit)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        rx, ry = json.loads(x), json.loads(y)
        if rx["id"] != ry["id"] or rx["best_ref"] != ry["best_ref"]:
            return False
        if any(abs(rx[m] - ry[m]) > 1e-6 for m in ("P", "R", "F1", "F3")):
            return False
    return True


LAYERS_CHILD = r"""
import json, sys
sys.path.insert(0, {here!r})
import numpy as np
import workloads
from codebertscore import CodeBERTScorer

w = workloads.humaneval(per_ref={per_ref}, context=False)
scorer = CodeBERTScorer(model={model!r}, layer=1, memory_budget={budget}, pair_chunk=1 << 30)
res = scorer.score_layers(cands=w.cands, refs=w.refs, layers={layers!r})
np.save({out!r}, np.stack([res[k].F1 for k in sorted(res)]))
print(json.dumps({{"pairs": len(w.cands), "hidden": scorer.encoder.info.hidden_size}}))
"""


def layers_row(model: str, per_ref: int, budget_gb: float, work: Path) -> list[dict[str, object]]:
    """Peak RSS of score_layers at 1 and 6 layers, unbounded and with the budget (fresh process each)."""
    import numpy as np

    rows = []
    for layers in ([1], [1, 2, 3, 4, 5, 6]):
        scores = {}
        for label, budget in (("unbounded", 1 << 40), (f"{budget_gb:g} GB", int(budget_gb * 1e9))):
            out = work / f"layers_{len(layers)}_{budget}.npy"
            code = LAYERS_CHILD.format(here=str(HERE), per_ref=per_ref, model=model, budget=budget, layers=layers,
                                       out=str(out))
            env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"), HF_HUB_OFFLINE="1")
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
            info = json.loads(proc.stdout.read().decode().strip().splitlines()[-1]) if proc.stdout else {}
            if os.waitstatus_to_exitcode(status) != 0:
                print(proc.stderr.read().decode()[-2000:] if proc.stderr else "", file=sys.stderr)
            scores[label] = np.load(out)
            row = {"layers": len(layers), "hidden": info.get("hidden"), "pairs": info.get("pairs"), "budget": label,
                   "peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "seconds": round(seconds, 1),
                   "exit": os.waitstatus_to_exitcode(status)}
            print(json.dumps(row), file=sys.stderr)
            rows.append(row)
        a, b = scores.values()
        rows[-1]["max_diff_vs_unbounded"] = float(np.abs(a - b).max())
    return rows


def print_layers(lrows: list[dict]) -> int:
    """The layers x width table; 1 when a run failed or the budget changed a score by more than 1e-6."""
    if not lrows:
        return 0
    print("| layers | width | pairs | memory budget | peak RSS (MiB) | seconds | max F1 diff vs unbounded |")
    print("|---|---|---|---|---|---|---|")
    for r in lrows:
        diff = f"{r['max_diff_vs_unbounded']:.1e}" if "max_diff_vs_unbounded" in r else "–"
        print(f"| {r['layers']} | {r['hidden']} | {r['pairs']} | {r['budget']} | {r['peak_rss_mib']:.0f} "
              f"| {r['seconds']:.0f} | {diff} |")
    print()
    return 0 if all(r["exit"] == 0 and r.get("max_diff_vs_unbounded", 0) <= 1e-6 for r in lrows) else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20000,200000")
    ap.add_argument("--million", action="store_true", help="add N = 1,000,000")
    ap.add_argument("--pool", type=int, default=6, help="distinct candidates per problem (164 x pool texts)")
    ap.add_argument("--model", default=None, help="encoder folder (default: the shipped encoder, float32 copy)")
    ap.add_argument("--layer", type=int, default=4)
    ap.add_argument("--work", type=Path, default=HERE.parent / ".cache" / "stream")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--layers-row", action="store_true", help="also: peak RSS of score_layers at 1 vs 6 layers")
    ap.add_argument("--layers-pairs", type=int, default=4, help="HumanEval candidates per problem for --layers-row")
    ap.add_argument("--budget-gb", type=float, default=0.1, help="the memory budget of --layers-row's bounded runs")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    model = args.model or str(encoders.embedded_minilm())
    sizes = [int(x) for x in args.sizes.split(",") if x] + ([1_000_000] if args.million else [])
    cache = args.work / "cache"
    rows: list[dict] = []
    if not sizes:
        return print_layers(layers_row(model, args.layers_pairs, args.budget_gb, args.work) if args.layers_row else [])
    # fill the cache once (the encoder pass over the pool), so that every N measures the same streaming work
    cands, refs = write_inputs(args.work, 164 * args.pool, args.pool)
    common = ["score", "--model", model, "--layer", str(args.layer), "--refs", str(refs), "--source-field", "prompt",
              "--cache-dir", str(cache), "--quiet", "--no-progress"]
    code, seconds, rss = run_cli([*common, "--cands", str(cands), "--out", str(args.work / "warm.jsonl"),
                                  "--overwrite"])
    print(f"cache filled: {164 * args.pool} pairs in {seconds:.1f} s, peak RSS {rss / 2**20:.0f} MiB (exit {code})",
          file=sys.stderr)
    for n in sizes:
        cands, _ = write_inputs(args.work, n, args.pool)
        out = args.work / f"out_{n}.jsonl"
        code, seconds, rss = run_cli([*common, "--cands", str(cands), "--out", str(out), "--overwrite"])
        row = {"n": n, "exit": code, "seconds": round(seconds, 1), "peak_rss_mib": round(rss / 2**20, 1),
               "pairs_per_s": round(n / seconds, 1), **check_output(out, n, 164 * args.pool)}
        print(json.dumps(row), file=sys.stderr)
        rows.append(row)
        cands.unlink()
    # resume: cut the last output in the middle of a line, then --resume must give the same records
    if rows:
        n = sizes[0]
        cands, _ = write_inputs(args.work, n, args.pool)
        out = args.work / f"out_{n}.jsonl"
        code, _, _ = run_cli([*common, "--cands", str(cands), "--out", str(out), "--overwrite"])
        full = out.read_bytes()
        out.write_bytes(full[: len(full) // 2 + 7])  # a torn line
        code, seconds, rss = run_cli([*common, "--cands", str(cands), "--out", str(out), "--resume"])
        same = same_records(full.decode().splitlines(), out.read_text(encoding="utf-8").splitlines())
        rows.append({"n": n, "resume_exit": code, "resumed_equal": same, "seconds": round(seconds, 1),
                     "peak_rss_mib": round(rss / 2**20, 1)})
        print(json.dumps(rows[-1]), file=sys.stderr)
    lrows = layers_row(model, args.layers_pairs, args.budget_gb, args.work) if args.layers_row else []
    if args.json:
        args.json.write_text(json.dumps(rows + lrows, indent=1) + "\n", encoding="utf-8")
    status = print_layers(lrows)
    print("| pairs | peak RSS (MiB) | seconds | pairs/s | output complete |")
    print("|---|---|---|---|---|")
    for r in rows:
        if "pairs_per_s" in r:
            print(f"| {r['n']:,} | {r['peak_rss_mib']:.0f} | {r['seconds']:.0f} | {r['pairs_per_s']:.0f} "
                  f"| {r['complete']} |")
        else:
            print(f"| {r['n']:,} (resumed after a torn line) | {r['peak_rss_mib']:.0f} | {r['seconds']:.0f} | – "
                  f"| {r['resumed_equal']} |")
    return status or (0 if all(r.get("exit", 0) == 0 and r.get("complete", True) for r in rows) else 1)


if __name__ == "__main__":
    sys.exit(main())
