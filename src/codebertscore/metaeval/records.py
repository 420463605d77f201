"""Labelled records for meta-evaluation and tuning: the bundled dev sets or a file in one of the readers' formats,
optionally a seeded subset of problems. The ``metaeval`` and ``tune`` verbs call :func:`load_records`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.record import DevRecord


def load_records(
    *,
    dev: str | None = None,
    dev_view: str = "realistic",
    fmt: str = "devset",
    data: str | Path | None = None,
    refs: str | Path | None = None,
    samples: str | Path | None = None,
    lang: str | None = None,
    scale: int | None = None,
    label: str = "plus",
    dedupe: bool = True,
    skip_missing_refs: bool = False,
    problems: int | None = None,
    seed: int = 0,
    bundled: Callable[[str, str], tuple[list[Any], str]] | None = None,
    labels: str | Path | None = None,
) -> tuple[list[Any], str]:
    """Read labelled data: the dev set(s) named by ``dev`` in ``dev_view``, through ``bundled(dev, dev_view)`` (the
    caller passes :func:`codebertscore.devset.sources.load_dev`, so that metaeval never imports devset), or
    ``data`` in format ``fmt`` (see :func:`codebertscore.metaeval.readers.load_data`); with ``problems``, a
    seeded subset of that many problems. Returns (records, a description of the source)."""
    if dev:
        if bundled is None:
            raise ArgumentError("--dev: no loader for the bundled dev sets was given")
        records, source = bundled(dev, dev_view)
    else:
        from codebertscore.metaeval.readers import load_data

        if data is None:
            raise ArgumentError("data: expected a file or folder of labelled data, or a dev set name (dev); got none")
        try:
            records = load_data(
                fmt, data, refs=refs, samples=samples, lang=lang, scale=scale,
                label=label, dedupe=dedupe, skip_missing_refs=skip_missing_refs, labels=labels,
            )
        except InputError as exc:
            if fmt == "devset" and ("field" in str(exc)):
                hint = "for a plain JSONL with only some of these fields, use --format jsonl"
                raise InputError(f"{exc} ({hint})") from None
            raise
        source = f"{fmt}: {data}"
    if problems is not None:
        records = subset_problems(records, problems, seed)
        source += f" (subset of {problems} problems, seed {seed})"
    return records, source


def subset_problems(records: list[Any], n: int, seed: int) -> list[Any]:
    """The records of ``n`` problems drawn without replacement (numpy PCG64 seeded with ``seed``), in input order."""
    import numpy as np

    problems = sorted({r.problem_id for r in records})
    if n < 1:
        raise ArgumentError(f"--problems: expected a positive number, got {n}")
    if n >= len(problems):
        return records
    keep = {problems[i] for i in np.random.default_rng(seed).choice(len(problems), size=n, replace=False)}
    return [r for r in records if r.problem_id in keep]


def subsample(records: Sequence[DevRecord], max_per_problem: int | None, seed: int = 0) -> list[DevRecord]:
    """At most ``max_per_problem`` records of each (language, problem): the ones with the smallest
    sha256("<seed>:<id>"), in their original order (so the choice does not depend on the records' order)."""
    recs = list(records)
    if max_per_problem is None:
        return recs
    if isinstance(max_per_problem, bool) or not isinstance(max_per_problem, int) or max_per_problem < 1:
        raise ArgumentError(f"max_per_problem: expected a positive integer, got {max_per_problem!r}")
    by_problem: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(recs):
        by_problem.setdefault((r.lang, r.problem_id), []).append(i)
    keep: set[int] = set()
    for members in by_problem.values():
        ranked = sorted(members, key=lambda i: hashlib.sha256(f"{seed}:{recs[i].id}".encode()).hexdigest())
        keep.update(ranked[:max_per_problem])
    return [r for i, r in enumerate(recs) if i in keep]
