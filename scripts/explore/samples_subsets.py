"""Exploration (not part of the package): which pairs of the ``samples`` view carry a metric's tau?

In the ``samples`` view every ``careful``/``other`` sample passes and every failing one is ``quick``, and the
``quick`` samples are also terser — so a metric could order pairs by style rather than by correctness. This
script splits Kendall tau (da-RR) into the pairs of two ``quick`` samples (same intent, same style: the cleanest
test) and the pairs of a ``careful``/``other`` sample with a failing ``quick`` one, for the default CodeBERTScore
and some baselines.

    PYTHONPATH=src python scripts/explore/samples_subsets.py --langs python javascript java cpp
"""

from __future__ import annotations

import argparse
import itertools
import warnings
from collections import defaultdict

import numpy as np

from codebertscore import CodeBERTScorer
from codebertscore.baselines import build_metric
from codebertscore.devset import load_bundled

SUBSETS = {
    "all pairs": lambda a, b: True,
    "quick vs quick": lambda a, b: a == b == "sample:quick",
    "careful/other vs quick": lambda a, b: (a == "sample:quick") != (b == "sample:quick"),
}


def tau(records, scores: np.ndarray, keep) -> tuple[float, int]:
    """da-RR tau over the label-differing pairs of one problem that ``keep(origin_a, origin_b)`` selects."""
    by_problem: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        by_problem[r.problem_id].append(i)
    conc = disc = ties = 0
    for idx in by_problem.values():
        for i, j in itertools.combinations(idx, 2):
            a, b = records[i], records[j]
            if a.label == b.label or not keep(a.origin, b.origin):
                continue
            d = (a.label - b.label) * (scores[i] - scores[j])
            if scores[i] == scores[j]:
                ties += 1
            elif d > 0:
                conc += 1
            else:
                disc += 1
    n = conc + disc + ties
    return (conc - disc) / n if n else float("nan"), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", nargs="+", default=["python", "javascript", "java", "cpp"])
    parser.add_argument("--baselines", nargs="*", default=["chrf", "meteor", "codebleu"])
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print("| lang | pairs | n | CodeBERTScore (default) | " + " | ".join(args.baselines) + " |")
    print("|---|---|---:|---:|" + "---:|" * len(args.baselines))
    for lang in args.langs:
        records = load_bundled(lang, view="samples")
        cands = [r.candidate for r in records]
        refs = [r.references for r in records]
        sources = [r.context for r in records]
        scorer = CodeBERTScorer(lang=lang)  # the default encoder and settings of the language
        scores = {"cbs": scorer.score(cands=cands, refs=refs, sources=sources).F}
        for name in args.baselines:
            scores[name] = build_metric(name).score(cands, refs, sources, lang)
        for subset, keep in SUBSETS.items():
            cells = []
            n = 0
            for name in ["cbs", *args.baselines]:
                value, n = tau(records, np.asarray(scores[name], dtype=np.float64), keep)
                cells.append(f"{value:.3f}")
            print(f"| {lang} | {subset} | {n} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
