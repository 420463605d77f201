"""Exploration (not part of the package): does CodeBERTScore combined with another metric beat both? (issue 10, item 7)

Reads a ``codebertscore metaeval --out X.json`` result (which keeps every metric's per-candidate scores) and, for
two of its metrics A and B, builds the combination ``(z(A) + z(B)) / 2`` where ``z`` standardises a metric's scores
with its mean and standard deviation over the whole file (a fixed affine map per metric: the combination of one
candidate does not depend on which problems a bootstrap resample draws). Prints Kendall tau (da-RR) of A, B and
the combination with bootstrap intervals over problems, and paired bootstrap tests of the combination against each.

    python scripts/explore/combination.py metaeval.json --a "codebertscore:layer=6,F=F3,idf=corpus" --b chrf
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from codebertscore.metaeval.bootstrap import confidence_intervals, paired_bootstrap, resample_weights
from codebertscore.metaeval.stats import MetricStats, make_groups


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("result", type=Path, help="a metaeval --out JSON file (with scores)")
    p.add_argument("--a", required=True, help="the first metric's spec as in the file")
    p.add_argument("--b", required=True, help="the second metric's spec as in the file")
    p.add_argument("--bootstrap", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    doc = json.loads(args.result.read_text(encoding="utf-8"))
    items = doc["items"]
    labels = np.array([it["label"] for it in items], dtype=np.float64)
    groups = make_groups([it["problem_id"] for it in items])
    by_spec = {s["spec"]: np.asarray(s["scores"], dtype=np.float64) for s in doc["settings"]}
    for name in (args.a, args.b):
        if name not in by_spec:
            raise SystemExit(f"{name!r} is not in {args.result}; it has: {', '.join(by_spec)}")
    a, b = by_spec[args.a], by_spec[args.b]

    def z(x: np.ndarray) -> np.ndarray:
        sd = float(x.std())
        return (x - float(x.mean())) / (sd if sd > 0 else 1.0)

    combo = (z(a) + z(b)) / 2
    weights = resample_weights(len(groups), args.bootstrap, args.seed)
    stats = {name: MetricStats(x, labels, groups) for name, x in
             ((args.a, a), (args.b, b), (f"mean z({args.a}, {args.b})", combo))}
    print(f"{doc['data']['source']}: {len(items)} candidates, {len(groups)} problems")
    for name, st in stats.items():
        iv = confidence_intervals(st, weights, args.seed, statistics=["kendall_darr"])["kendall_darr"]
        print(f"  {name:<60} tau da-RR {iv.estimate:.3f} [{iv.low:.3f}, {iv.high:.3f}]")
    names = list(stats)
    for other in names[:2]:
        r = paired_bootstrap(stats[names[2]], stats[other], weights, args.seed, names=("combination", other))
        print(f"  combination - {other}: {r.delta:+.3f} [{r.delta_low:+.3f}, {r.delta_high:+.3f}], p = {r.p_value:.3f}")


if __name__ == "__main__":
    main()
