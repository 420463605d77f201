"""human-eval and EvalPlus sample files with their execution results, joined with references.

Accepted results files:

* human-eval's ``<samples>.jsonl_results.jsonl``: one line per sample with ``task_id``, ``completion``,
  ``result`` ("passed", "failed: ...", "timed out") and ``passed`` (bool);
* a JSONL with ``task_id`` and EvalPlus-style ``base_status`` / ``plus_status`` ("pass", "fail", "timeout", ...),
  with ``completion`` or ``solution`` on each line or not;
* EvalPlus's ``eval_results.json``: ``{"eval": {task_id: [{"solution" or "completion", "base_status",
  "plus_status", ...}, ...]}}``.

When the results lines carry no code, the samples file (``task_id`` + ``completion`` or ``solution``) is joined
with them by task id and order of appearance. ``label="plus"`` (default) counts a sample as passing when it passes
the base tests and, where EvalPlus ran them, the plus tests; ``label="base"`` uses the base tests only.

The candidate is the ``completion``; an EvalPlus ``solution`` (a whole program) has the problem's prompt removed
when it starts with it (otherwise it is kept whole, and a warning counts such samples: they hold the signature
and docstring the reference lacks). Identical completions of a problem are counted once. References default to
OpenAI's HumanEval problems shipped by the ``human-eval`` package (``task_id`` ``HumanEval/<n>``); the context is
the problem's prompt.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.readers.common import (
    UNKNOWN_SEED,
    Reference,
    bundled_humaneval_references,
    load_document,
    load_records_any,
    merge_identical,
    read_references,
)
from codebertscore.metaeval.record import DevRecord

_EVALPLUS_STATUS = {"pass": "pass", "fail": "fail", "timeout": "timeout", "error": "error"}


def _rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(location, row) for each sample result, from a JSONL file or EvalPlus's eval_results.json."""
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    if name.endswith(".json"):
        doc = load_document(path)
        if isinstance(doc, dict) and isinstance(doc.get("eval"), dict):
            rows = []
            for task_id, entries in doc["eval"].items():
                if not isinstance(entries, list):
                    raise InputError(f"{path}: eval[{task_id!r}]: expected a list of sample results")
                for j, entry in enumerate(entries):
                    if not isinstance(entry, dict):
                        raise InputError(f"{path}: eval[{task_id!r}][{j}]: expected an object")
                    rows.append((f"{path}: eval[{task_id!r}][{j}]", {"task_id": task_id, **entry}))
            return rows
    out = []
    for where, obj in load_records_any(path):
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object")
        out.append((where, obj))
    return out


def _outcome(row: dict[str, Any], where: str, label: str) -> tuple[float, str]:
    """(label, exec_status) of one result row."""
    if "base_status" in row:
        base = str(row["base_status"])
        plus = row.get("plus_status")
        statuses = [base] if label == "base" or plus is None else [base, str(plus)]
        failing = [s for s in statuses if s != "pass"]
        if not failing:
            return 1.0, "pass"
        return 0.0, _EVALPLUS_STATUS.get(failing[0], "error")
    if "passed" in row:
        if not isinstance(row["passed"], bool):
            raise InputError(f"{where}: passed: expected true or false, got {row['passed']!r}")
        if row["passed"]:
            return 1.0, "pass"
        result = str(row.get("result", ""))
        return 0.0, "timeout" if "timed out" in result else "fail"
    raise InputError(f"{where}: expected 'passed' (human-eval) or 'base_status' (EvalPlus) in each result")


def _code(row: dict[str, Any]) -> tuple[str | None, bool]:
    """(code, is_whole_program) of a row: its completion, else its solution."""
    if isinstance(row.get("completion"), str):
        return row["completion"], False
    if isinstance(row.get("solution"), str):
        return row["solution"], True
    return None, False


def read_humaneval(
    results: str | Path,
    *,
    samples: str | Path | None = None,
    refs: str | Path | dict[str, Reference] | None = None,
    label: str = "plus",
    lang: str = "python",
    dedupe: bool = True,
    skip_missing_refs: bool = False,
) -> list[DevRecord]:
    """Records from human-eval / EvalPlus results (and samples), joined with HumanEval-style references."""
    if label not in ("plus", "base"):
        raise ArgumentError(f"label: expected 'plus' or 'base', got {label!r}")
    if isinstance(refs, dict):
        references = refs
    else:
        references = read_references(refs) if refs is not None else bundled_humaneval_references()
    rpath = Path(results)
    if not rpath.is_file():
        raise InputError(f"{rpath}: no such results file")
    rows = _rows(rpath)
    sample_code: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    if samples is not None:
        for where, row in _rows(Path(samples)):
            code, whole = _code(row)
            if not isinstance(row.get("task_id"), str) or code is None:
                raise InputError(f"{where}: expected task_id and completion (or solution)")
            sample_code[row["task_id"]].append((code, whole))
    seen: dict[str, int] = defaultdict(int)
    items: list[dict[str, Any]] = []
    whole_kept = 0
    missing: set[str] = set()
    for where, row in rows:
        task_id = row.get("task_id")
        if not isinstance(task_id, str) or not task_id:
            raise InputError(f"{where}: task_id: expected a non-empty string")
        k = seen[task_id]
        seen[task_id] += 1
        code, whole = _code(row)
        if code is None:
            if k >= len(sample_code.get(task_id, [])):
                raise InputError(
                    f"{where}: no completion in the result and no matching sample "
                    f"(sample {k} of {task_id!r}); pass the samples file"
                )
            code, whole = sample_code[task_id][k]
        ref = references.get(task_id)
        if ref is None:
            missing.add(task_id)
            continue
        if whole:
            if code.startswith(ref.prompt):
                code = code[len(ref.prompt) :]
            else:
                whole_kept += 1
        value, status = _outcome(row, where, label)
        items.append(
            {
                "id": f"{task_id}#{k}",
                "problem_id": task_id,
                "lang": lang,
                "candidate": code,
                "references": [ref.canonical_solution],
                "context": ref.prompt,
                "label": value,
                "origin": "evalplus" if "base_status" in row else "human-eval",
                "exec_status": status,
                "seed": UNKNOWN_SEED,
            }
        )
    if missing and not skip_missing_refs:
        shown = ", ".join(sorted(missing)[:5])
        raise InputError(f"refs: no reference for {len(missing)} task(s): {shown} (or pass skip_missing_refs)")
    if whole_kept:
        warnings.warn(
            f"{whole_kept} EvalPlus solution(s) do not start with the problem's prompt and were kept whole "
            "(signature and docstring included; the reference has only the body)",
            stacklevel=2,
        )
    if dedupe:
        items = merge_identical(items)
    return [DevRecord(**item) for item in items]
