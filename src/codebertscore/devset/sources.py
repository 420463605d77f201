"""The dev sets ``--dev`` names: the bundled ones (by language) and the registered real-output sources (read from
the dev-data root, see :mod:`codebertscore.metaeval.readers.devdata`), pooled."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from codebertscore.devset.format import bundled_languages, load_bundled
from codebertscore.errors import ArgumentError
from codebertscore.metaeval.readers.devdata import DEV_SOURCES, load_dev_source
from codebertscore.metaeval.record import DevRecord


def load_dev(names: str, *, view: str, devdata: Path | None = None, dedupe: bool = True) -> tuple[list[DevRecord], str]:
    """The records of ``--dev NAMES``: bundled dev sets (by language, restricted to ``view``) and registered
    real-output sources (read under ``devdata``), pooled. When two of them share a language, every record's problem
    (and id) is prefixed with its source's name, so that no pair crosses two sources. Returns (records, a
    description of the source)."""
    items = [x.strip() for x in names.split(",")]
    if len(set(items)) != len(items) or not all(items):
        raise ArgumentError(f"--dev: expected one name or several distinct ones, comma-separated; got {names!r}")
    parts: list[tuple[str, list[DevRecord]]] = []
    for name in items:
        if name in DEV_SOURCES:
            parts.append((name, load_dev_source(name, devdata, dedupe=dedupe)))
        elif name in bundled_languages():
            parts.append((name, load_bundled(name, view=view)))
        else:
            raise ArgumentError(f"--dev: unknown dev set {name!r}; expected a bundled language "
                                f"({', '.join(bundled_languages())}) or a dev source ({', '.join(DEV_SOURCES)})")
    langs = [{r.lang for r in recs} for _, recs in parts]
    shared = any(a & b for i, a in enumerate(langs) for b in langs[i + 1:])
    records = [replace(r, id=f"{name}:{r.id}", problem_id=f"{name}:{r.problem_id}") if shared else r
               for name, recs in parts for r in recs]
    bundled = [name for name, _ in parts if name not in DEV_SOURCES]
    real = [name for name, _ in parts if name in DEV_SOURCES]
    described = []
    if bundled:
        described.append(f"bundled dev set{'s' if len(bundled) > 1 else ''}: {', '.join(bundled)} ({view} view)")
    if real:
        described.append(f"real-output dev source{'s' if len(real) > 1 else ''}: {', '.join(real)}")
    return records, "; ".join(described)
