"""`codebertscore metaeval`: how well do metrics agree with correctness or human grades on labelled data?

Examples::

    codebertscore metaeval --dev python
    codebertscore metaeval --dev codegen-python --metrics codebertscore chrf      # real outputs (../shared/devdata)
    codebertscore metaeval --dev codellama-python,codellama-go --devdata DIR
    codebertscore metaeval --data results/humaneval-cpp-davinci/ --format multipl-e --refs humaneval-x-cpp.jsonl \\
        --metrics codebertscore chrf bleu codebleu --out out.json --html report.html
    codebertscore metaeval --data graded.jsonl --format conala --metrics "codebertscore:layer=2..6,F=F1|F3" chrf

Prints a table (one row per metric setting: tau da-RR with its bootstrap interval, tau-b, Spearman, Pearson,
AUC, cross-validated held-out tau) and paired bootstrap tests; ``--out`` (JSON) keeps everything (seeds, signatures,
per-problem taus, per-candidate scores), ``--html`` adds plots (needs the ``report`` extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codebertscore.cli.common import hide_aliases, positive_int
from codebertscore.cli.data_options import add_data_arguments, records_from_args
from codebertscore.jsonio import dumps


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_data_arguments(p)
    g = p.add_argument_group("metrics and statistics")
    g.add_argument("--metrics", nargs="+", metavar="SPEC",
                   help="metric specs, e.g. chrf bleu:tok=13a 'codebertscore:model=DIR,layer=2|3|4,F=F1|F3' "
                        "(default: codebertscore and every baseline whose dependencies are installed)")
    g.add_argument("--list-metrics", action="store_true", help="list the metric names and exit")
    g.add_argument("--folds", type=int, default=5, help="k of the cross-validation over problems (0: none; default 5)")
    g.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples of problems (default 1000)")
    g.add_argument("--seed", type=int, default=0,
                   help="seed of the bootstrap, the folds, --problems and --max-per-problem (default 0)")
    g.add_argument("--max-per-problem", type=positive_int, metavar="N",
                   help="keep at most N candidates of each problem, the same seeded choice as `tune --max-per-problem` "
                        "(for data with 100 samples per problem)")
    g.add_argument("--level", type=float, default=0.95, help="confidence level of the intervals (default 0.95)")
    o = p.add_argument_group("output")
    hide_aliases(o.add_argument("--out", "--json", type=Path, metavar="FILE",
                                help="write everything as JSON here (--json: the old spelling)"), "--json")
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
    if args.html:  # the optional dependency, checked before the work
        from codebertscore.report.html import check_dependencies

        check_dependencies()
    records, source = records_from_args(args)
    if args.max_per_problem is not None:
        from codebertscore.metaeval.records import subsample

        before = len(records)
        records = subsample(records, args.max_per_problem, args.seed)
        source += (f" (at most {args.max_per_problem} candidates per problem, seed {args.seed}: "
                   f"{len(records)} of {before})")
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
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(dumps(result.to_dict(include_scores=not args.no_scores), indent=1) + "\n",
                             encoding="utf-8")
        say(f"wrote {args.out}")
    if args.html:
        from codebertscore.report.html import write_html

        write_html(result, args.html)
        say(f"wrote {args.html}")
    return 0
