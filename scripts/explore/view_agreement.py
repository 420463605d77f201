"""Exploration (not part of the package): do two dev sets rank the metric's settings alike? (issue 10, item 6)

Each ``codebertscore tune --out X.json`` holds every grid setting's Kendall tau (da-RR) on its data. This script
takes several such files, keeps the settings that all of them measured and that a tune may choose, and prints, for
every pair of files, Kendall's tau-b between the two orderings of those settings, and where each file's choice
ranks in the other's ordering. A dev set whose ordering disagrees with the real model outputs' would lead tuning
astray.

    python scripts/explore/view_agreement.py real:codegen=tune_codegen.json real:codellama=tune_codellama.json \
        view:python-realistic=tune_view_python.json view:samples=tune_view_samples.json
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from scipy.stats import kendalltau


def load(path: Path) -> dict[str, float]:
    """Choosable setting -> its full-data tau."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {name: float(s["full_data"]) for name, s in doc["per_setting"].items()
            if s.get("choosable", True) and s["full_data"] == s["full_data"]}  # NaN (undefined) dropped


def rank_of(setting: str, values: dict[str, float]) -> int:
    """1-based rank of ``setting`` among ``values`` (best first)."""
    ordered = sorted(values, key=lambda k: -values[k])
    return ordered.index(setting) + 1


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="NAME=TUNE.json", help="a name and a tune result file")
    args = p.parse_args()
    named = {}
    for item in args.files:
        name, _, path = item.partition("=")
        named[name] = load(Path(path))
    common = set.intersection(*(set(v) for v in named.values()))
    print(f"{len(common)} settings measured by every file\n")
    print(f"{'A':<28} {'B':<28} {'tau-b':>7} {'p':>8}  best of A ranks in B / best of B ranks in A")
    for (a, va), (b, vb) in itertools.combinations(named.items(), 2):
        keys = sorted(common)
        tau, pval = kendalltau([va[k] for k in keys], [vb[k] for k in keys])
        ca = {k: va[k] for k in keys}
        cb = {k: vb[k] for k in keys}
        best_a = max(ca, key=lambda k: ca[k])
        best_b = max(cb, key=lambda k: cb[k])
        print(f"{a:<28} {b:<28} {tau:>7.3f} {pval:>8.1e}  {rank_of(best_a, cb):>3} / {rank_of(best_b, ca):>3} "
              f"of {len(keys)}  ({best_a} | {best_b})")


if __name__ == "__main__":
    main()
