"""Exploration (not part of the package): one table of every grid setting across several tune results.

Reads ``codebertscore tune --out`` files (one per data source), keeps the settings every file measured and a tune
may choose, and prints each setting's Kendall tau (da-RR) with its bootstrap interval per source, the unweighted
mean over sources, and its rank per source; sorted by the mean. Used to pick one default that serves every real
source rather than the best of one.

    python scripts/explore/settings_table.py codegen=tune_codegen.json codellama=tune_codellama.json \
        hearthstone=tune_hearthstone.json --top 20 [--markdown]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="NAME=TUNE.json")
    p.add_argument("--top", type=int, default=20, help="rows to print (default 20)")
    p.add_argument("--markdown", action="store_true", help="a Markdown table")
    p.add_argument("--show", action="append", default=[], metavar="SETTING",
                   help="also print this setting wherever it ranks (repeatable)")
    args = p.parse_args()
    docs = {}
    for item in args.files:
        name, _, path = item.partition("=")
        docs[name] = json.loads(Path(path).read_text(encoding="utf-8"))["per_setting"]
    common = set.intersection(*({k for k, v in d.items() if v.get("choosable", True)} for d in docs.values()))
    ranks = {}
    for name, d in docs.items():
        ordered = sorted(common, key=lambda k: -d[k]["full_data"])
        ranks[name] = {k: i + 1 for i, k in enumerate(ordered)}
    mean = {k: sum(d[k]["full_data"] for d in docs.values()) / len(docs) for k in common}
    rows = sorted(common, key=lambda k: -mean[k])
    shown = rows[: args.top] + [s for s in args.show if s in common and s not in rows[: args.top]]

    def cell(name: str, k: str) -> str:
        s = docs[name][k]
        iv = s.get("interval") or {}
        lo, hi = iv.get("low"), iv.get("high")
        band = f" [{lo:.3f}, {hi:.3f}]" if lo is not None else ""
        return f"{s['full_data']:.3f}{band} (#{ranks[name][k]})"

    names = list(docs)
    if args.markdown:
        print("| setting | " + " | ".join(names) + " | mean |")
        print("|---" * (len(names) + 2) + "|")
        for k in shown:
            print(f"| {k} | " + " | ".join(cell(n, k) for n in names) + f" | {mean[k]:.3f} |")
    else:
        print(f"{len(common)} settings measured by every file; ranks among them")
        for k in shown:
            print(f"{k:<44} " + "  ".join(f"{n}={cell(n, k)}" for n in names) + f"  mean={mean[k]:.3f}")


if __name__ == "__main__":
    main()
