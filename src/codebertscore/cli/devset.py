"""``codebertscore devset``: build a labelled dev set (runs code only with --execute), or show a dev set's counts.

    codebertscore devset build --lang python --out python.jsonl.gz --execute [--seed 0] [--workers 2] [--reuse OLD]
    codebertscore devset label-codegen --out labels.tsv.gz --execute [--workers 2] [--limit N]
    codebertscore devset stats --lang python          # the bundled set
    codebertscore devset stats my_devset.jsonl.gz [--format text]
"""

from __future__ import annotations

import argparse
import sys

from codebertscore.devset.format import DEV_LANGUAGES
from codebertscore.errors import ArgumentError
from codebertscore.jsonio import dumps


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="devset_action", metavar="ACTION")
    sub.required = True

    b = sub.add_parser(
        "build",
        help="generate candidates and label them by running the tests (needs --execute)",
        description="Generate candidate completions of HumanEval problems and label each by running its unit "
        "tests in a sandbox. Running generated code happens only with --execute.",
    )
    b.add_argument("--lang", choices=DEV_LANGUAGES, default="python", help="language of the dev set (default: python)")
    b.add_argument("--out", required=True, metavar="FILE", help="output JSONL file (gzip when it ends in .gz)")
    b.add_argument(
        "--execute",
        action="store_true",
        help="opt in to executing the generated candidates (sandboxed: time/memory limits, no network); "
        "without it nothing is built",
    )
    b.add_argument("--seed", type=int, default=0, help="seed of the candidate generator (default: 0)")
    b.add_argument("--workers", type=int, default=2, help="programs run in parallel (default: 2)")
    b.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="seconds per test run (Python only; default: 5)")
    b.add_argument("--limit", type=int, default=None, metavar="N",
                   help="only the first N problems (Python only; for a quick trial)")
    b.add_argument(
        "--allow-network",
        action="store_true",
        help="run even where no network namespace can be made (Python only; the tests then could reach a network)",
    )
    b.add_argument("--reuse", default=None, metavar="FILE",
                   help="an earlier build of the same set: candidates that are unchanged (same id, code, prompt and "
                   "reference) take their labels from it instead of running again")
    b.add_argument("--quiet", action="store_true", help="no progress messages on stderr")
    b.set_defaults(_devset=_build)

    c = sub.add_parser(
        "label-codegen",
        help="label the CodeGen-16B HumanEval samples by running HumanEval's tests (needs --execute)",
        description="Cut each CodeGen-16B completion at HumanEval's stop sequences and run HumanEval's tests on it in "
        "a sandbox (each distinct program once); write task_id, sample, passed, status. Resumable: results are "
        "appended to OUT.part as they finish and a rerun skips them. Running generated code happens only with "
        "--execute.",
    )
    c.add_argument("--samples", default=None, metavar="FILE",
                   help="the samples (default: codegen16b_humaneval_python_t0.8.jsonl.xz under the dev-data root)")
    c.add_argument("--devdata", default=None, metavar="DIR",
                   help="the dev-data root (default: $CODEBERTSCORE_DEVDATA, else ../shared/devdata beside the "
                   "checkout)")
    c.add_argument("--out", required=True, metavar="FILE", help="output TSV (gzip when it ends in .gz)")
    c.add_argument("--execute", action="store_true",
                   help="opt in to executing the samples (sandboxed: time/memory limits, no network)")
    c.add_argument("--workers", type=int, default=2, help="programs run in parallel (default: 2)")
    c.add_argument("--timeout", type=float, default=None, metavar="S", help="seconds per program (default: 3)")
    c.add_argument("--memory", type=int, default=None, metavar="MB",
                   help="address-space limit per program in MiB (default: 1024)")
    c.add_argument("--recheck-timeouts", type=float, default=None, metavar="S",
                   help="run every program labelled 'timed out' again after the others, with S seconds (the time limit "
                   "is wall-clock time: on a busy machine a slow program can be cut off)")
    c.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N problems (a trial)")
    c.add_argument("--allow-network", action="store_true",
                   help="run even where no network namespace can be made (the programs then could reach a network)")
    c.add_argument("--quiet", action="store_true", help="no progress messages on stderr")
    c.set_defaults(_devset=_label_codegen)

    s = sub.add_parser("stats", help="counts per origin, label and problem; tau-usable problems",
                       description="Counts of a dev set: per origin, label, exec status and problem.")
    where = s.add_mutually_exclusive_group(required=True)
    where.add_argument("file", nargs="?", metavar="FILE", help="a dev-set JSONL(.gz) file")
    where.add_argument("--lang", choices=DEV_LANGUAGES, help="the dev set bundled with the package for LANG")
    s.add_argument("--format", choices=("json", "text"), default="json", help="output format (default: json)")
    s.set_defaults(_devset=_stats)


def run(args: argparse.Namespace) -> int:
    return int(args._devset(args))


def _build(args: argparse.Namespace) -> int:
    from codebertscore.devset.build import EXECUTE_REFUSAL, build
    from codebertscore.devset.format import PreviousLabels
    from codebertscore.devset.python.build import build_python_detailed
    from codebertscore.devset.stats import summarize
    from codebertscore.metaeval.record import read_records, write_records

    if not args.execute:
        raise ArgumentError("--execute: " + EXECUTE_REFUSAL.split(": ", 1)[1])
    if args.workers < 1:
        raise ArgumentError(f"--workers: expected a positive integer, got {args.workers}")
    previous = PreviousLabels(read_records(args.reuse) if args.reuse else ())
    if args.lang == "python":
        from codebertscore.devset.python.humaneval import load_problems

        task_ids = None
        if args.limit is not None:
            if args.limit < 1:
                raise ArgumentError(f"--limit: expected a positive integer, got {args.limit}")
            task_ids = [p.task_id for p in load_problems()[: args.limit]]
        result = build_python_detailed(
            execute=True,
            seed=args.seed,
            workers=args.workers,
            progress=not args.quiet,
            task_ids=task_ids,
            timeout_s=args.timeout,
            require_no_network=not args.allow_network,
            previous=previous,
        )
        records = result.records
        extra = {"canonical_failures": result.canonical_failures, "label_seconds": round(result.seconds, 1),
                 "programs_run": result.executed}
    else:
        for flag, value in (("--timeout", args.timeout), ("--limit", args.limit),
                            ("--allow-network", True if args.allow_network else None)):
            if value is not None:
                raise ArgumentError(f"{flag}: only supported for --lang python")
        records = build(args.lang, execute=True, seed=args.seed, workers=args.workers,
                                progress=not args.quiet, previous=previous)
        extra = {}
    write_records(args.out, records)
    summary = summarize(records)
    out = {"out": args.out, "lang": args.lang, "seed": args.seed, **extra, "reused_labels": previous.reused,
           "summary": summary}
    print(dumps(out, indent=2, sort_keys=True))
    return 0


def _label_codegen(args: argparse.Namespace) -> int:
    from codebertscore.devset import codegen
    from codebertscore.devset.build import EXECUTE_REFUSAL
    from codebertscore.metaeval.readers import codegen_data
    from codebertscore.metaeval.readers.devdata import devdata_file

    if not args.execute:
        raise ArgumentError("--execute: " + EXECUTE_REFUSAL.split(": ", 1)[1])
    for flag, value in (("--workers", args.workers), ("--limit", args.limit), ("--memory", args.memory)):
        if value is not None and value < 1:
            raise ArgumentError(f"{flag}: expected a positive integer, got {value}")
    if args.timeout is not None and not args.timeout > 0:
        raise ArgumentError(f"--timeout: expected a positive number of seconds, got {args.timeout}")
    samples = args.samples or devdata_file(codegen_data.SAMPLES_FILE, args.devdata)
    task_ids = None
    if args.limit is not None:
        from codebertscore.devset.python.humaneval import load_problems

        task_ids = [p.task_id for p in load_problems()[: args.limit]]
    result = codegen.label_samples(
        samples,
        args.out,
        execute=True,
        workers=args.workers,
        timeout_s=args.timeout if args.timeout is not None else codegen.DEFAULT_TIMEOUT_S,
        memory_mb=args.memory if args.memory is not None else codegen.DEFAULT_MEMORY_MB,
        task_ids=task_ids,
        require_no_network=not args.allow_network,
        progress=not args.quiet,
        recheck_timeouts_s=args.recheck_timeouts,
    )
    sampled = [s for s in codegen_data.read_samples(samples) if task_ids is None or s.task_id in set(task_ids)]
    out = {"out": args.out, "samples": str(samples), "programs_run": result.programs_run,
           "programs_reused": result.programs_reused, "seconds": round(result.seconds, 1),
           "canonical_failures": result.canonical_failures,
           "summary": codegen.summarize_labels(result.labels, sampled)}
    print(dumps(out, indent=2))
    return 0


def _stats(args: argparse.Namespace) -> int:
    from codebertscore.devset.format import load_bundled
    from codebertscore.devset.stats import format_summary, summarize
    from codebertscore.metaeval.record import read_records

    records = load_bundled(args.lang) if args.lang else read_records(args.file)
    summary = summarize(records)
    if args.format == "text":
        sys.stdout.write(format_summary(summary) + "\n")
    else:
        source = f"bundled:{args.lang}" if args.lang else args.file
        print(dumps({"source": source, **summary}, indent=2, sort_keys=True))
    return 0
