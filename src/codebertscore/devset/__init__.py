"""Labelled dev sets: candidate completions of HumanEval problems, labelled by running the problems' tests.

The record format and its readers/writers live in :mod:`codebertscore.devset.format`; the Python candidates come
from :mod:`codebertscore.devset.python_variants` (rewrites, faults, hand-written alternatives) and are labelled in
:mod:`codebertscore.devset.build` — only when the caller opts in to executing code (``execute=True``).
"""

from __future__ import annotations

from codebertscore.devset.format import (
    DEV_LANGUAGES,
    EXEC_STATUSES,
    DevRecord,
    bundled_languages,
    load_bundled,
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
