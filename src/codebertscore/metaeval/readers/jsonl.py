"""A plain JSONL of labelled candidates: the DevRecord fields, with only the essential ones required.

Each line: ``problem_id``, ``candidate``, ``references`` (a list; or ``reference``, one string) and ``label``
(a number in [0, 1], or ``passed``: true/false) are required; ``context`` (default ""), ``lang`` (default: the
``lang`` argument), ``id`` (default ``<problem_id>#<k>``), ``grades``, ``origin`` (default "jsonl"),
``exec_status`` (default: pass for label 1, fail for label 0, else as for graded data) and ``seed`` (default -1)
are optional. A file of complete DevRecords (``--format devset``) reads here too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from codebertscore.errors import InputError
from codebertscore.metaeval.readers.common import UNKNOWN_SEED, load_records_any
from codebertscore.metaeval.readers.conala import NOT_RUN
from codebertscore.metaeval.record import DevRecord

_KNOWN = {"id", "problem_id", "lang", "candidate", "references", "reference", "context", "label", "passed",
          "grades", "origin", "exec_status", "seed"}


def read_jsonl(path: str | Path, *, lang: str | None = None) -> list[DevRecord]:
    """Records from a lenient JSONL (or JSON list) of labelled candidates."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    records: list[DevRecord] = []
    counts: dict[str, int] = {}
    ids: set[str] = set()
    for where, obj in load_records_any(p):
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object")
        unknown = sorted(set(obj) - _KNOWN)
        if unknown:
            known = ", ".join(sorted(_KNOWN))
            raise InputError(f"{where}: unknown field(s) {', '.join(unknown)}; expected some of {known}")
        data: dict[str, Any] = {k: v for k, v in obj.items() if k not in ("reference", "passed")}
        if "references" not in obj and "reference" in obj:
            data["references"] = [obj["reference"]]
        if "label" not in obj and "passed" in obj:
            if not isinstance(obj["passed"], bool):
                raise InputError(f"{where}: passed: expected true or false")
            data["label"] = 1.0 if obj["passed"] else 0.0
        for key in ("problem_id", "candidate", "references", "label"):
            if key not in data:
                raise InputError(f"{where}: missing field {key!r} (see codebertscore metaeval --help)")
        pid = data["problem_id"]
        if isinstance(pid, int) and not isinstance(pid, bool):
            data["problem_id"] = pid = str(pid)
        if not isinstance(pid, str):
            raise InputError(f"{where}: problem_id: expected a string")
        k = counts.get(pid, 0)
        counts[pid] = k + 1
        data.setdefault("id", f"{pid}#{k}")
        data.setdefault("context", "")
        data.setdefault("origin", "jsonl")
        data.setdefault("seed", UNKNOWN_SEED)
        if "lang" not in data:
            if not lang:
                raise InputError(f"{where}: lang: missing; add a lang field or pass --lang")
            data["lang"] = lang
        if "exec_status" not in data:
            label = data["label"]
            data["exec_status"] = "pass" if label == 1 else "fail" if label == 0 else NOT_RUN
        try:
            record = DevRecord(**data)
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        if record.id in ids:
            raise InputError(f"{where}: duplicate id {record.id!r}")
        ids.add(record.id)
        records.append(record)
    if not records:
        raise InputError(f"{p}: no records found")
    return records
