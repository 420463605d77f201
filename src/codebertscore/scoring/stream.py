"""Scoring a stream of items into a results file, resumable: the loop behind ``codebertscore score``.

Items (id, candidate, references, context) are scored ``chunk`` at a time with one scorer. With a ``.jsonl`` output
each chunk's records are appended and synced as soon as they are scored, the signature is kept beside them
(``OUT.meta.json``), and ``resume=True`` continues an interrupted run: the complete records already written are
kept (a torn last line is cut off), their ids are checked against the inputs in order, and the settings must give
the same signature. A ``.json`` output is written once at the end. The summary (means, counts, signature, notes) is
returned and, for ``.jsonl`` outputs, also written to ``OUT.summary.json`` unless another ``summary`` path is given.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, InputError
from codebertscore.models.spec import MEASURES
from codebertscore.scoring.readers import Item
from codebertscore.scoring.result import TRUNCATION_FIELDS


def _no_cuts() -> dict[str, int]:
    return {key: 0 for _, pairs, tokens in TRUNCATION_FIELDS for key in (pairs, tokens)}


def _add_cuts(total: dict[str, int], rec: dict[str, Any]) -> bool:
    """Add one record's truncation flags to ``total``; True when its code (either side) was cut."""
    for flag, pairs, tokens in TRUNCATION_FIELDS:
        if rec.get(flag):
            total[pairs] += 1
            total[tokens] += int(rec[flag])
    return bool(rec.get("truncated_tokens") or rec.get("ref_truncated_tokens"))


class Interrupted(KeyboardInterrupt):
    """A run stopped by the user; ``kept`` results are in ``out`` (resumable when it is a .jsonl file)."""

    def __init__(self, kept: int, out: Path | None, resumable: bool) -> None:
        super().__init__()
        self.kept, self.out, self.resumable = kept, out, resumable


class Finished:
    """The complete records an interrupted run left in a .jsonl output, read as a stream (memory does not grow with
    their number): counted and summed once when opened (a torn last line is cut off), their ids streamed again for
    the check that the inputs are the same."""

    def __init__(self, out: Path | None = None) -> None:
        self.path = out
        self.count = 0
        self.sums = {m: 0.0 for m in MEASURES}
        self.n_empty = 0
        self.n_truncated = 0
        self.truncation = _no_cuts()
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
                self.n_truncated += _add_cuts(self.truncation, rec)
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


def check_output(out: Path | None, resume: bool, overwrite: bool) -> None:
    """The checks of :func:`prepare_output`, with no effect on the files (to fail before an encoder loads)."""
    if out is None:
        if resume:
            raise ArgumentError("--resume: needs --out")
        return
    out = Path(out)
    if str(out) == "-":  # standard output: JSONL records, nothing to resume or replace
        if resume:
            raise ArgumentError("--resume: needs an --out file (records written to standard output cannot be resumed)")
        return
    if out.name.endswith(".jsonl"):
        if out.exists() and not (resume or overwrite):
            raise ArgumentError(f"--out: {out} exists; pass --resume to continue it or --overwrite to replace it")
        return
    if resume:
        raise ArgumentError("--resume: needs a .jsonl --out (JSON output is written once at the end)")
    if out.exists() and not overwrite:
        raise ArgumentError(f"--out: {out} exists; pass --overwrite to replace it")


def prepare_output(out: Path, resume: bool, overwrite: bool) -> Finished:
    """The complete records already written when resuming (a torn last line cut off); checks before anything runs."""
    check_output(out, resume, overwrite)
    if out.name.endswith(".jsonl"):
        if resume and out.exists():
            return Finished(out)
        if overwrite and out.exists():
            out.unlink()
    return Finished()


def batched(it: Iterator[Item], n: int) -> Iterator[list[Item]]:
    while True:
        chunk = list(itertools.islice(it, n))
        if not chunk:
            return
        yield chunk


def score_items(
    scorer: Any,
    items: Iterable[Item],
    *,
    out: Path | None = None,
    resume: bool = False,
    overwrite: bool = False,
    chunk: int = 4096,
    summary_path: Path | None = None,
    bar: Any = None,
    source: str = "the inputs",
) -> dict[str, Any]:
    """Score ``items`` with ``scorer`` (a :class:`~codebertscore.scoring.scorer.CodeBERTScorer`), writing ``out``
    (``.jsonl``: streamed and resumable; ``.json``: once, with the summary) and returning the summary. ``bar``
    (optional, tqdm-like) is advanced by the candidates handled; ``source`` names the inputs in errors."""
    if not isinstance(chunk, int) or isinstance(chunk, bool) or chunk < 1:
        raise ArgumentError(f"--chunk: expected a positive integer, got {chunk}")
    check_output(out, resume, overwrite)
    out = Path(out) if out is not None else None
    to_stdout = out is not None and str(out) == "-"  # JSONL records on standard output (for pipes)
    if to_stdout:
        out = None
    jsonl_out = out is not None and out.name.endswith(".jsonl")
    finished = prepare_output(out, resume, overwrite) if out is not None else Finished()
    meta_path = Path(str(out) + ".meta.json") if jsonl_out else None
    if summary_path is None and jsonl_out:
        summary_path = Path(str(out) + ".summary.json")

    sums = dict(finished.sums)
    n_empty, n_trunc, cuts = finished.n_empty, finished.n_truncated, dict(finished.truncation)
    notes: list[str] = []
    # resume: the records already written must be the same inputs, in order
    skip = finished.count
    done_ids = finished.ids()
    signature = None
    if skip and meta_path is not None and meta_path.exists():
        signature = json.loads(meta_path.read_text(encoding="utf-8")).get("signature")
    all_records: list[dict[str, Any]] = []
    fh = open(out, "a", encoding="utf-8") if jsonl_out else None  # noqa: SIM115 - closed in finally
    if to_stdout:
        fh = sys.stdout
    started = time.perf_counter()
    n_new = 0
    try:
        consumed = 0
        for part in batched(iter(items), chunk):
            if consumed + len(part) <= skip:  # wholly done before: check ids, then move on
                for item in part:
                    _check_resumed(next(done_ids), item, out)
                consumed += len(part)
                if bar is not None:
                    bar.update(len(part))
                continue
            head = max(0, skip - consumed)
            for k in range(head):
                _check_resumed(next(done_ids), part[k], out)
            todo = part[head:]
            consumed += len(part)
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
                n_trunc += _add_cuts(cuts, rec)
            n_empty += int(result.empty.sum())
            notes.extend(x for x in result.notes if x not in notes)
            n_new += len(records)
            if fh is not None:
                fh.write("".join(json.dumps(r) + "\n" for r in records))
                fh.flush()
                if not to_stdout:
                    os.fsync(fh.fileno())
            else:
                all_records.extend(records)
            if bar is not None:
                bar.update(len(part))
    except KeyboardInterrupt:
        raise Interrupted(skip + n_new, out, jsonl_out) from None
    finally:
        if fh is not None and not to_stdout:
            fh.close()
    seconds = time.perf_counter() - started
    n_done = skip + n_new
    if n_done == 0:
        raise InputError(f"{source}: no candidates to score")
    summary: dict[str, Any] = {
        "n": n_done,
        "mean": {m: sums[m] / n_done for m in MEASURES},
        "headline": scorer.headline,
        "n_empty": n_empty,
        "n_truncated": n_trunc,
        "truncation": cuts,
        "signature": signature,
        "notes": notes,
        "seconds": round(seconds, 3),
        "scored_now": n_new,
    }
    if scorer.cache is not None:
        summary["cache"] = scorer.cache.stats()
    if out is not None and not jsonl_out:
        out.write_text(json.dumps({**summary, "items": all_records}, indent=1) + "\n", encoding="utf-8")
    if summary_path is not None:
        summary_path.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


#: the filter names of signatures written before named token filters (the same settings, spelled by no_punc)
_OLD_PUNC = {"punc:filtered": "punc:paper", "punc:kept": "punc:none"}


def _strip_nrefs(sig: str) -> str:
    """The settings part of a signature to compare on resume: without nrefs, the older punc spelling read as now."""
    return "|".join(_OLD_PUNC.get(p, p) for p in sig.split("|") if not p.startswith("nrefs:"))


def _check_resumed(done_id: Any, item: Item, out: Path) -> None:
    if done_id != item[0]:
        raise ArgumentError(
            f"--resume: {out} holds a result for id {done_id!r} where the input now has {item[0]!r}; "
            "it was written for other inputs"
        )
