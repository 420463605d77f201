"""CoNaLa-style human grades: several graders per candidate, on a 0-4 or 0-100 scale.

Two layouts are read (JSON list, JSONL, or YAML; optionally gzipped):

* **one graded candidate per object**::

      {"problem_id": "q1", "intent": "sort a dict by value", "reference": "sorted(d.items(), key=...)",
       "system": "codex", "candidate": "sorted(d, key=d.get)", "grades": [3, 4, 2]}

* **one problem per object, its candidates inside**::

      {"problem_id": "q1", "intent": "...", "reference": "...",
       "candidates": [{"system": "codex", "candidate": "...", "grades": [3, 4]}, ...]}

Accepted spellings: the problem id as ``problem_id``, ``question_id`` or ``intent_id``; the context as
``intent``, ``rewritten_intent`` or ``context``; the reference as ``reference``, ``snippet`` or ``references``
(a list); the candidate as ``candidate``, ``prediction`` or ``code``; the grades as ``grades`` (a list) or
``grade`` (a number or a list); the system as ``system`` or ``model``.

The label is the mean grade divided by the scale's maximum (4 or 100), in [0, 1]; every grade is kept in
``grades``. The scale is given, or inferred: 4 when no grade exceeds 4, else 100. Identical candidates of a
problem (two systems producing the same snippet) are counted once, with their grades pooled.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.readers.common import UNKNOWN_SEED, load_records_any, merge_identical
from codebertscore.metaeval.record import EXEC_STATUSES, DevRecord

SCALES = (4, 100)
#: the exec_status of graded (never executed) candidates: DevRecord has no "not run" status yet, so until
#: codebertscore.metaeval.record gains one, "error" (= no test outcome) is used; metaeval never reads exec_status.
NOT_RUN = "not_run" if "not_run" in EXEC_STATUSES else "error"


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in obj and obj[key] is not None:
            return obj[key]
    return None


def _grades(obj: dict[str, Any], where: str) -> list[float]:
    raw = _first(obj, ("grades", "grade"))
    values = raw if isinstance(raw, list) else [raw] if raw is not None else None
    if not values or not all(
        isinstance(g, (int, float)) and not isinstance(g, bool) and math.isfinite(g) and g >= 0 for g in values
    ):
        raise InputError(f"{where}: grades: expected one or more non-negative numbers, got {raw!r}")
    return [float(g) for g in values]


def _problem_fields(obj: dict[str, Any], where: str) -> tuple[str, str, list[str]]:
    pid = _first(obj, ("problem_id", "question_id", "intent_id"))
    if isinstance(pid, (int, float)) and not isinstance(pid, bool):
        pid = str(pid)
    if not isinstance(pid, str) or not pid:
        raise InputError(f"{where}: expected a problem id (problem_id, question_id or intent_id)")
    context = _first(obj, ("intent", "rewritten_intent", "context")) or ""
    if not isinstance(context, str):
        raise InputError(f"{where}: intent/context: expected a string")
    ref = _first(obj, ("reference", "snippet", "references"))
    refs = ref if isinstance(ref, list) else [ref] if ref is not None else None
    if not refs or not all(isinstance(r, str) for r in refs):
        raise InputError(f"{where}: expected the reference code (reference, snippet or references)")
    return pid, context, refs


def _candidate(obj: dict[str, Any], where: str) -> tuple[str, str, list[float]]:
    code = _first(obj, ("candidate", "prediction", "code"))
    if not isinstance(code, str):
        raise InputError(f"{where}: expected the candidate code (candidate, prediction or code)")
    system = _first(obj, ("system", "model")) or "unknown"
    return code, str(system), _grades(obj, where)


def read_conala(
    path: str | Path, *, scale: int | None = None, lang: str = "python", dedupe: bool = True
) -> list[DevRecord]:
    """Records with human grades (label = mean grade / scale maximum)."""
    if scale is not None and scale not in SCALES:
        raise ArgumentError(f"scale: expected 4 or 100 (the grade scale's maximum), got {scale!r}")
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file of graded candidates")
    raw: list[dict[str, Any]] = []
    for where, obj in load_records_any(p):
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object")
        pid, context, refs = _problem_fields(obj, where)
        inner = obj.get("candidates")
        if isinstance(inner, list):
            entries = [(f"{where}.candidates[{j}]", c) for j, c in enumerate(inner)]
        else:
            entries = [(where, obj)]
        for cwhere, entry in entries:
            if not isinstance(entry, dict):
                raise InputError(f"{cwhere}: expected an object")
            code, system, grades = _candidate(entry, cwhere)
            raw.append({"problem_id": pid, "context": context, "references": refs, "candidate": code,
                        "system": system, "grades": grades, "label": 0.0})
    if not raw:
        raise InputError(f"{p}: no graded candidates found")
    return graded_records(raw, scale=scale, lang=lang, dedupe=dedupe, where=str(p))


def graded_records(
    raw: list[dict[str, Any]], *, scale: int | None, lang: str, dedupe: bool, where: str
) -> list[DevRecord]:
    """Records from graded items (dicts with problem_id, context, references, candidate, system, grades): the label
    is the mean grade over the scale's maximum (``scale``, or inferred: 4 when no grade exceeds 4, else 100) and,
    with ``dedupe``, identical candidates of a problem are one record with their grades pooled and their systems
    joined with ``+``. ``where`` names the source in errors."""
    if scale is not None and scale not in SCALES:
        raise ArgumentError(f"scale: expected 4 or 100 (the grade scale's maximum), got {scale!r}")
    top = max(max(r["grades"]) for r in raw)
    chosen = scale if scale is not None else (4 if top <= 4 else 100)
    if top > chosen:
        raise InputError(f"{where}: a grade of {top:g} exceeds the scale's maximum {chosen}")
    if dedupe:
        systems: dict[tuple[str, str], list[str]] = {}
        for r in raw:
            names = systems.setdefault((r["problem_id"], r["candidate"]), [])
            if r["system"] not in names:
                names.append(r["system"])
        items = merge_identical(raw)
        for item in items:
            item["system"] = "+".join(systems[(item["problem_id"], item["candidate"])])
    else:
        items = raw
    counts: dict[str, int] = {}
    records = []
    for item in items:
        k = counts.get(item["problem_id"], 0)
        counts[item["problem_id"]] = k + 1
        grades = item["grades"]
        records.append(
            DevRecord(
                id=f"{item['problem_id']}#{k}",
                problem_id=item["problem_id"],
                lang=lang,
                candidate=item["candidate"],
                references=list(item["references"]),
                context=item["context"],
                label=sum(grades) / len(grades) / chosen,
                origin=f"graded:{item['system']}:scale0-{chosen}",
                exec_status=NOT_RUN,
                seed=UNKNOWN_SEED,
                grades=list(grades),
            )
        )
    return records
