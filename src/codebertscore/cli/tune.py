"""`codebertscore tune`: choose layer, headline, idf and token filter by cross-validation on labelled data.

Example::

    codebertscore tune --dev python --model path/to/encoder --out tune.json \\
        --defaults-out path/to/encoder/codebertscore.json
    codebertscore tune --dev python --max-per-problem 20 --layers 1..6 --out quick.json   # a fast, subsampled run

Writes the choice with its evidence as JSON (per-setting tau on all data with a bootstrap interval, on each fold,
per language; the held-out tau mean +- std; the paired bootstrap test of the choice against the baseline; the data
hash, the seeds); ``--defaults-out`` writes the choice in the form the model registry reads from a model folder.
Settings with idf from the references of the scored data (``refs``) and headline P are measured, never chosen.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from codebertscore.cli.common import add_layers_argument, layers_arg, positive_int
from codebertscore.cli.data_options import add_data_arguments, records_from_args
from codebertscore.jsonio import dumps
from codebertscore.metaeval.grid import GRID_HEADLINES, IDF_CHOICES
from codebertscore.scoring.filters import filter_names

#: the older spellings of --idf
_IDF_ALIASES = {"both": ["no", "refs"], "yes": ["refs"]}


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_data_arguments(p)
    g = p.add_argument_group("encoder and grid")
    g.add_argument("--model", help="hub name, local folder or keyword (default: the data language's default model)")
    add_layers_argument(g, "layers to try, e.g. 0..12 or 4,6,8 (default: all)")
    g.add_argument("--headlines", nargs="+", choices=GRID_HEADLINES, default=list(GRID_HEADLINES),
                   help="headline measures in the grid (default: F1 F3 R P; P is measured, never chosen)")
    g.add_argument("--idf", nargs="+", choices=[*IDF_CHOICES, *_IDF_ALIASES], default=list(IDF_CHOICES),
                   help="idf settings: no, corpus (the shipped table of the data's language; Go has none and is "
                        "scored without idf), refs (idf from the references of the data: measured, never chosen); "
                        "default: all three (the older 'both' = no refs, 'yes' = refs)")
    g.add_argument("--token-filters", nargs="+", choices=filter_names(), default=["paper", "operators"],
                   help="token filters in the grid (default: paper operators)")
    g.add_argument("--baseline", help="the setting the choice is tested against, e.g. layer=3,F=R,idf=no,filter=paper "
                                      "(default: the encoder's registry default)")
    g.add_argument("--max-per-problem", type=positive_int, metavar="N",
                   help="keep at most N candidates of each problem (seeded by --seed, independent of the order): "
                        "for fast runs on large data such as 100 samples per problem")
    g.add_argument("--no-context", dest="context", action="store_false", help="encode the code without its prompt")
    g.add_argument("--device", help="cpu, cuda, cuda:N, mps")
    g.add_argument("--dtype", default="auto", choices=["auto", "float32", "bfloat16", "float16"],
                   help="encoder precision (auto: bf16 on CUDA, fp32 on CPU)")
    g.add_argument("--batch-size", type=positive_int, help="at most this many windows per forward pass")
    s = p.add_argument_group("cross-validation and output")
    s.add_argument("--folds", type=int, default=5, help="k of the k-fold CV over problems (default 5)")
    s.add_argument("--seed", type=int, default=0,
                   help="seed of the folds, the bootstrap, --max-per-problem and --problems (default 0)")
    s.add_argument("--bootstrap", type=positive_int, default=1000, metavar="B",
                   help="bootstrap resamples (default 1000)")
    s.add_argument("--out", type=Path, help="write the JSON evidence here (default: stdout)")
    s.add_argument("--defaults-out", type=Path, help="write the choice as a model folder's codebertscore.json here")
    s.add_argument("--quiet", action="store_true", help="no progress messages on stderr")


def _f(value: float | None) -> str:
    return "nan" if value is None or math.isnan(value) else f"{value:.3f}"


def run(args: argparse.Namespace) -> int:
    from codebertscore.metaeval.tune import NOT_CHOSEN_NOTE, tune

    def say(msg: str) -> None:
        if not args.quiet:
            print(f"tune: {msg}", file=sys.stderr)

    records, source = records_from_args(args)
    idf = [x for name in args.idf for x in _IDF_ALIASES.get(name, [name])]
    result = tune(
        records, model=args.model, lang=args.lang, layers=layers_arg(args.layers),
        headlines=args.headlines, idf=idf, token_filters=args.token_filters, context=args.context, folds=args.folds,
        seed=args.seed, threshold=args.label_threshold, device=args.device, dtype=args.dtype,
        batch_size=args.batch_size, progress=say, source=source, baseline=args.baseline, n_boot=args.bootstrap,
        max_per_problem=args.max_per_problem,
    )
    text = dumps(result.to_dict(), indent=1) + "\n"
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        say(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    if args.defaults_out:
        args.defaults_out.parent.mkdir(parents=True, exist_ok=True)
        args.defaults_out.write_text(dumps(result.defaults(), indent=2) + "\n", encoding="utf-8")
        say(f"wrote {args.defaults_out}")
    c = result.choice
    mean, std = result.cv.heldout_mean, result.cv.heldout_std
    ci = result.intervals.get(result.cv.choice) or {}
    print(
        f"tune: chose layer {c['layer']}, {c['headline']}, idf {c['idf']}, filter {c['token_filter']} "
        f"(tau {_f(c['full_data_kendall_darr'])} [{_f(ci.get('low'))}, {_f(ci.get('high'))}] on all data); "
        f"held-out tau {_f(mean)} +- {_f(std)} over {result.cv.k} folds (seed {result.cv.seed})",
        file=sys.stderr,
    )
    if result.paired is not None:
        print(f"tune: {result.paired.sentence()}", file=sys.stderr)
    print(f"tune: {NOT_CHOSEN_NOTE}", file=sys.stderr)
    for note in result.notes:
        print(f"tune: note: {note}", file=sys.stderr)
    return 0
