"""The bundled dev sets: where they are, how to load them, and their views; labels reused across rebuilds.

Every language's dev set (Python; JavaScript, Java and C++) is a list of
:class:`~codebertscore.metaeval.record.DevRecord` in the record format of :mod:`codebertscore.metaeval.record`,
stored in the package as ``codebertscore/data/devset/<lang>.jsonl.gz``.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from codebertscore.errors import ArgumentError
from codebertscore.metaeval.record import DevRecord, parse_records

#: languages the dev-set builders know (the bundled files are named ``<lang>.jsonl.gz``)
DEV_LANGUAGES: tuple[str, ...] = ("python", "javascript", "java", "cpp")

_PACKAGE_DATA = ("codebertscore", "data", "devset")


def _data_folder() -> Any:
    """The package's ``data/devset`` folder as an importlib.resources Traversable (one joinpath per part: 3.10)."""
    from importlib import resources

    folder = resources.files(_PACKAGE_DATA[0])
    for part in _PACKAGE_DATA[1:]:
        folder = folder.joinpath(part)
    return folder


def bundled_languages() -> list[str]:
    """The languages whose dev set ships inside the package."""
    folder = _data_folder()
    if not folder.is_dir():
        return []
    return sorted(
        entry.name[: -len(".jsonl.gz")] for entry in folder.iterdir() if entry.name.endswith(".jsonl.gz")
    )


class PreviousLabels:
    """The labels of an earlier build of a dev set, reused for candidates that are unchanged, so that adding
    candidates runs only the new ones.

    A record is reused only when its ``id``, ``candidate``, ``context`` and ``references`` are all equal to the new
    one's (the tests are made from HumanEval and the prompt, so an equal program gives the same label, unless its
    run time is near the time limit). :attr:`reused` counts the hits.
    """

    def __init__(self, records: Iterable[DevRecord] = ()) -> None:
        self._by_id = {r.id: r for r in records}
        self.reused = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def relabel(self, record: DevRecord) -> DevRecord | None:
        """``record`` with the label and exec status of the earlier record of the same program, or None (then it
        has to run)."""
        old = self._by_id.get(record.id)
        if old is None or (old.candidate, old.context, old.references) != (record.candidate, record.context,
                                                                           record.references):
            return None
        self.reused += 1
        return replace(record, label=old.label, exec_status=old.exec_status)


#: views of a bundled dev set (see :func:`in_view`)
DEV_VIEWS = ("realistic", "samples", "alt-reference", "near-copies", "all")

#: origins scored against the first hand-written alternative in the ``alt-reference`` view
_ALT_REFERENCE_ORIGINS = ("canonical", "rewrite:", "alternative:wrong")


def in_view(record: DevRecord, view: str) -> bool:
    """Whether a record belongs to a view of the dev set.

    * ``realistic``: the candidates written as independent solutions (``alternative*`` origins: correct
      alternatives, their renamed and faulty versions, and plausible-but-wrong solutions) — the closest to real model
      generations, which differ from the reference far more than an edit does. The default for tuning and reports.
    * ``samples``: only the independent samples (``sample:*`` origins, :mod:`codebertscore.devset.samples`):
      completions written from the prompt alone by an author who saw neither the reference nor the other
      candidates, so that passing and failing candidates come from one hand that is not the reference's.
    * ``near-copies``: rewrites and single faults of the reference itself (the reference excluded) — a stress test:
      similarity to the reference says little here, since every failing mutant is nearly identical to it.
    * ``alt-reference``: the reference swapped for the problem's first hand-written alternative (a correct
      solution in another idiom); the candidates are the canonical solution, its meaning-preserving rewrites and
      the plausible-but-wrong solutions. Passing and failing candidates then stand at a similar stylistic distance
      from the reference, which removes the bias of the ``realistic`` view in the JavaScript, Java and C++ sets
      (there the wrong solutions were written close to the canonical one). Made by :func:`load_bundled`.
    * ``all``: everything, the reference itself included as a passing candidate.
    """
    if view == "all":
        return True
    if view == "alt-reference":
        return record.origin.startswith(_ALT_REFERENCE_ORIGINS)
    if view == "realistic":
        return record.origin.startswith("alternative")
    if view == "samples":
        return record.origin.startswith("sample:")
    if view == "near-copies":
        return record.origin.startswith(("rewrite", "mutation"))
    raise ArgumentError(f"view: expected one of {', '.join(DEV_VIEWS)}, got {view!r}")


def load_bundled(lang: str, view: str = "all") -> list[DevRecord]:
    """The dev set bundled for ``lang`` (``codebertscore/data/devset/<lang>.jsonl.gz``), restricted to ``view``."""
    if view not in DEV_VIEWS:
        raise ArgumentError(f"view: expected one of {', '.join(DEV_VIEWS)}, got {view!r}")
    available = bundled_languages()
    if not isinstance(lang, str) or lang not in available:
        listed = ", ".join(available) if available else "none"
        raise ArgumentError(f"lang: no bundled dev set for {lang!r}; available: {listed}")
    resource = _data_folder().joinpath(f"{lang}.jsonl.gz")
    source = f"codebertscore/data/devset/{lang}.jsonl.gz"
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        records = parse_records(fh.read().splitlines(), source=source)
    if view == "alt-reference":
        return alt_reference(records)
    return [r for r in records if in_view(r, view)]


def alt_reference(records: list[DevRecord]) -> list[DevRecord]:
    """The ``alt-reference`` view of ``records``: per problem, the first ``alternative`` becomes the only
    reference, and the canonical solution, its rewrites and the wrong solutions are the candidates (problems
    without an alternative are left out; the other alternatives are not candidates)."""
    first_alt: dict[str, str] = {}
    for r in records:
        if r.origin == "alternative":
            first_alt.setdefault(r.problem_id, r.candidate)
    return [
        replace(r, references=[first_alt[r.problem_id]])
        for r in records
        if r.problem_id in first_alt and in_view(r, "alt-reference")
    ]
