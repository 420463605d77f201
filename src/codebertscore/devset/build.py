"""One entry point for building a labelled dev set of any language: Python from :mod:`.python.build`, JavaScript,
Java and C++ from :mod:`.multilang.build`; both label through :func:`codebertscore.devset.labelling.label`."""

from __future__ import annotations

from codebertscore.devset.format import DEV_LANGUAGES, PreviousLabels
from codebertscore.devset.labelling import EXECUTE_REFUSAL
from codebertscore.devset.multilang.build import build_language
from codebertscore.devset.python.build import build_python_detailed
from codebertscore.errors import ArgumentError
from codebertscore.metaeval.record import DevRecord


def build(
    lang: str,
    *,
    execute: bool,
    seed: int = 0,
    workers: int = 2,
    progress: bool = False,
    previous: PreviousLabels | None = None,
) -> list[DevRecord]:
    """The labelled dev set of ``lang`` (runs every candidate's tests: ``execute`` must be True).

    ``previous``: the records of an earlier build, whose labels unchanged candidates reuse (see
    :class:`~codebertscore.devset.format.PreviousLabels`).
    """
    if lang not in DEV_LANGUAGES:
        raise ArgumentError(f"lang: expected one of {', '.join(DEV_LANGUAGES)}, got {lang!r}")
    if execute is not True:
        raise ArgumentError(EXECUTE_REFUSAL)
    if lang == "python":
        return build_python_detailed(
            execute=True, seed=seed, workers=workers, progress=progress, previous=previous
        ).records
    return build_language(lang, execute=True, seed=seed, workers=workers, progress=progress, previous=previous)


__all__ = ["EXECUTE_REFUSAL", "build"]
