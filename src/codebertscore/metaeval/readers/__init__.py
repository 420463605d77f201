"""Readers of labelled data in the formats people have: each returns a list of
:class:`~codebertscore.metaeval.record.DevRecord`.

======================  ==============================================================================
format                  reader
======================  ==============================================================================
``devset``              our dev-set JSONL (``codebertscore.metaeval.record.read_records``; strict)
``jsonl``               a plain JSONL of the DevRecord fields, only the essential ones required
``multipl-e``           MultiPL-E completions + results files, joined with HumanEval-X references
``humaneval``           human-eval / EvalPlus samples + results, joined with HumanEval references
``conala``              CoNaLa-style human grades (several graders, 0-4 or 0-100)
``codegen``             CodeGen-16B HumanEval samples (cut at HumanEval's stop sequences) + our labels
``humaneval-x``         HumanEval-X results with references and ``passed`` (CodeLlama's files)
``hearthstone``         Hearthstone card outputs of two systems with four programmers' 0-4 grades
======================  ==============================================================================
"""

from __future__ import annotations

from pathlib import Path

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.readers.common import Reference, read_references
from codebertscore.metaeval.readers.conala import read_conala
from codebertscore.metaeval.readers.humaneval import read_humaneval
from codebertscore.metaeval.readers.jsonl import read_jsonl
from codebertscore.metaeval.readers.multipl_e import read_multipl_e
from codebertscore.metaeval.readers.realdata import (
    read_codegen,
    read_hearthstone,
    read_humaneval_x,
)
from codebertscore.metaeval.record import DevRecord

FORMATS: tuple[str, ...] = ("devset", "jsonl", "multipl-e", "humaneval", "conala", "codegen", "humaneval-x",
                            "hearthstone")

__all__ = [
    "FORMATS",
    "Reference",
    "load_data",
    "read_codegen",
    "read_conala",
    "read_hearthstone",
    "read_humaneval",
    "read_humaneval_x",
    "read_jsonl",
    "read_multipl_e",
    "read_references",
]


def load_data(
    fmt: str,
    data: str | Path,
    *,
    refs: str | Path | None = None,
    samples: str | Path | None = None,
    lang: str | None = None,
    scale: int | None = None,
    label: str = "plus",
    dedupe: bool = True,
    skip_missing_refs: bool = False,
    labels: str | Path | None = None,
) -> list[DevRecord]:
    """Read labelled data of format ``fmt`` (one of :data:`FORMATS`); ``labels``: the codegen labels file (default:
    the shipped one)."""
    if fmt == "devset":
        from codebertscore.metaeval.record import read_records

        return read_records(data)
    if fmt == "jsonl":
        return read_jsonl(data, lang=lang)
    if fmt == "multipl-e":
        if refs is None:
            raise ArgumentError("refs: the multipl-e format needs HumanEval-X-style references (--refs refs.jsonl)")
        return read_multipl_e(data, refs, dedupe=dedupe, skip_missing_refs=skip_missing_refs)
    if fmt == "humaneval":
        return read_humaneval(
            data, samples=samples, refs=refs, label=label, lang=lang or "python", dedupe=dedupe,
            skip_missing_refs=skip_missing_refs,
        )
    if fmt == "conala":
        return read_conala(data, scale=scale, lang=lang or "python", dedupe=dedupe)
    if fmt == "codegen":
        return read_codegen(data, labels=labels, dedupe=dedupe)
    if fmt == "humaneval-x":
        return read_humaneval_x(data, lang=lang, dedupe=dedupe)
    if fmt == "hearthstone":
        return read_hearthstone(data, lang=lang or "python", dedupe=dedupe)
    raise ArgumentError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
