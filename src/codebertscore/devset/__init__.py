"""Labelled dev sets: candidate completions of HumanEval problems, labelled by running the problems' tests.

The reader side: the bundled sets and their views (:mod:`.format`; the record type and its JSONL form are
:mod:`codebertscore.metaeval.record`), their counts (:mod:`.stats`), the section files of hand-written code
(:mod:`.sections`, :mod:`.samples`). The builders: :mod:`.python` and :mod:`.multilang`, behind one
:func:`codebertscore.devset.build.build`, label candidates through one loop (:mod:`.labelling`) in the sandbox
(:mod:`.sandbox`) — only when the caller opts in to executing code (``execute=True``).
"""

from __future__ import annotations

from codebertscore.devset.format import DEV_LANGUAGES, bundled_languages, load_bundled
from codebertscore.metaeval.record import (
    EXEC_STATUSES,
    DevRecord,
    read_records,
    write_records,
)

__all__ = [
    "DEV_LANGUAGES",
    "EXEC_STATUSES",
    "DevRecord",
    "bundled_languages",
    "load_bundled",
    "read_records",
    "write_records",
]
