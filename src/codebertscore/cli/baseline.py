"""`codebertscore baseline`: measure a rescaling baseline table (expected score of unrelated code pairs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codebertscore.cli.common import add_layers_argument, add_model_arguments, check_settings, layers_arg, make_scorer
from codebertscore.jsonio import dumps
from codebertscore.scoring import readers as cio
from codebertscore.scoring.rescale import check_n_pairs, measure_baseline
from codebertscore.scoring.stream import check_writable


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", nargs="+", type=Path, help="code corpus: folders, JSONL (with --jsonl-field), .xz files")
    p.add_argument("--jsonl-field", help="field holding the code in JSONL inputs")
    add_model_arguments(p)
    add_layers_argument(p, "layers to measure, e.g. 2..4 or 3,5 (default: the model's layer)")
    p.add_argument("--n-pairs", type=int, default=2000,
                   help="unrelated pairs to average over (at least 10; pairs of identical snippets are left out and "
                        "reported; default 2000)")
    p.add_argument("--seed", type=int, default=0, help="seed of the snippet sampling")
    p.add_argument("--out", required=True, type=Path, help="where to write the JSON baseline table")


def run(args: argparse.Namespace) -> int:
    # before the encoder loads: the output, the pair count, the settings and layers, the corpus
    check_writable(args.out, "--out")
    check_n_pairs(args.n_pairs)
    check_settings(args, layers=layers_arg(args.layers))
    docs = list(cio.iter_documents(args.corpus, jsonl_field=args.jsonl_field))
    scorer = make_scorer(args)
    layers = layers_arg(args.layers) or [scorer.layer]
    table = measure_baseline(scorer, docs, layers=layers, n_pairs=args.n_pairs, seed=args.seed,
                             corpus=", ".join(str(p) for p in args.corpus))
    table.save(args.out)
    if table.shortfall():
        print(f"codebertscore baseline: note: {table.shortfall()}", file=sys.stderr)
    print(dumps(table.to_json_dict(), indent=1))
    return 0
