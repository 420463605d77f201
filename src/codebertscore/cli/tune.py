"""`codebertscore tune`: choose layer, F1/F3 and idf for an encoder by cross-validation on labelled data.

Example::

    codebertscore tune --dev python --model path/to/encoder --out tune.json \\
        --defaults-out path/to/encoder/codebertscore.json

Writes the choice with its evidence as JSON (per-setting tau on each fold, the held-out tau mean +- std, the data
hash, the seed); ``--defaults-out`` writes the choice in the form the model registry reads from a model folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codebertscore.cli.common import add_layers_argument, layers_arg, positive_int
from codebertscore.cli.data_options import add_data_arguments, records_from_args
from codebertscore.jsonio import dumps
from codebertscore.models.spec import HEADLINES


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_data_arguments(p)
    g = p.add_argument_group("encoder and grid")
    g.add_argument("--model", help="hub name, local folder or keyword (default: the data language's default model)")
    add_layers_argument(g, "layers to try, e.g. 0..12 or 4,6,8 (default: all)")
    g.add_argument("--headlines", nargs="+", choices=HEADLINES, default=list(HEADLINES),
                   help="headline measures in the grid (default: F1 F3 R)")
    g.add_argument("--idf", choices=["both", "no", "yes"], default="both", help="idf settings to try (default both)")
    g.add_argument("--no-context", dest="context", action="store_false", help="encode the code without its prompt")
    g.add_argument("--device", help="cpu, cuda, cuda:N, mps")
    g.add_argument("--dtype", default="auto", choices=["auto", "float32", "bfloat16", "float16"],
                   help="encoder precision (auto: bf16 on CUDA, fp32 on CPU)")
    g.add_argument("--batch-size", type=positive_int, help="at most this many windows per forward pass")
    s = p.add_argument_group("cross-validation and output")
    s.add_argument("--folds", type=int, default=5, help="k of the k-fold CV over problems (default 5)")
    s.add_argument("--seed", type=int, default=0, help="seed of the folds and --problems (default 0)")
    s.add_argument("--out", type=Path, help="write the JSON evidence here (default: stdout)")
    s.add_argument("--defaults-out", type=Path, help="write the choice as a model folder's codebertscore.json here")
    s.add_argument("--quiet", action="store_true", help="no progress messages on stderr")


def run(args: argparse.Namespace) -> int:
    from codebertscore.metaeval.tune import tune

    def say(msg: str) -> None:
        if not args.quiet:
            print(f"tune: {msg}", file=sys.stderr)

    records, source = records_from_args(args)
    idf = {"both": (False, True), "no": (False,), "yes": (True,)}[args.idf]
    result = tune(
        records, model=args.model, lang=args.lang, layers=layers_arg(args.layers),
        headlines=args.headlines, idf=idf, context=args.context, folds=args.folds, seed=args.seed,
        threshold=args.label_threshold, device=args.device, dtype=args.dtype, batch_size=args.batch_size,
        progress=say, source=source,
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
    print(
        f"tune: chose layer {c['layer']}, {c['headline']}, idf {'on' if c['idf'] else 'off'} "
        f"(tau {c['full_data_kendall_darr']:.3f} on all data); held-out tau {mean:.3f} +- {std:.3f} over "
        f"{result.cv.k} folds (seed {result.cv.seed})",
        file=sys.stderr,
    )
    return 0
