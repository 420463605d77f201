"""The one labelling loop of the dev-set builders: reuse earlier labels, run the rest in the sandbox, in parallel.

Labels come from execution only, and only on explicit opt-in (``execute=True`` in the library, ``--execute`` on
the command line): the candidates are generated code. Each builder supplies a ``run(record)`` that runs one
candidate's tests through :func:`codebertscore.devset.sandbox.run_sandboxed` and says how it ended (one of
:data:`~codebertscore.metaeval.record.EXEC_STATUSES`); :func:`label` does the rest for every language.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from typing import Any, TypeVar

from codebertscore.devset.format import PreviousLabels
from codebertscore.errors import ArgumentError
from codebertscore.metaeval.record import DevRecord

EXECUTE_REFUSAL = (
    "execute: labelling the dev set runs every candidate's unit tests, i.e. it executes generated code; "
    "it is done only on explicit opt-in (execute=True in the library, --execute on the command line), "
    "and then in a sandbox (time/memory/file limits, no network)"
)

J = TypeVar("J")


def check_build_arguments(execute: Any, seed: Any, workers: Any) -> None:
    """Raise :class:`ArgumentError` unless ``execute`` is True, ``seed`` an integer and ``workers`` positive."""
    if execute is not True:
        raise ArgumentError(EXECUTE_REFUSAL)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ArgumentError(f"seed: expected an integer, got {seed!r}")
    check_positive_int("workers", workers)


def check_positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ArgumentError(f"{name}: expected a positive integer, got {value!r}")
    return value


def log(progress: bool, message: str) -> None:
    if progress:
        print(f"[devset] {message}", file=sys.stderr, flush=True)


def run_all(
    jobs: Sequence[J],
    run: Callable[[J], str],
    *,
    workers: int,
    progress: bool = False,
    what: str = "candidates",
) -> list[str]:
    """``run(job)`` for every job on ``workers`` threads, results in job order (an exception in a job is raised)."""
    if not jobs:
        return []
    results: list[str] = [""] * len(jobs)
    start = time.monotonic()
    step = max(1, len(jobs) // 10)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run, job): k for k, job in enumerate(jobs)}
        done = 0
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            done += 1
            if done % step == 0 or done == len(jobs):
                log(progress, f"ran {done}/{len(jobs)} {what} ({time.monotonic() - start:.0f} s)")
    return results


def label(
    records: Sequence[DevRecord],
    run: Callable[[DevRecord], str],
    *,
    workers: int,
    previous: PreviousLabels | None = None,
    progress: bool = False,
    skip: Callable[[DevRecord], bool] | None = None,
) -> tuple[list[DevRecord], int]:
    """``records`` labelled, and how many ran: each takes its earlier label from ``previous`` when its program is
    unchanged, else the exec status of ``run(record)`` (label 1.0 for ``pass``, else 0.0). Records for which ``skip``
    says True keep the label they came with unless reused (the Python builder checks the canonical solutions before)."""
    previous = previous if previous is not None else PreviousLabels()
    out: list[DevRecord] = []
    to_run: list[int] = []
    for record in records:
        reused = previous.relabel(record)
        if reused is None and not (skip is not None and skip(record)):
            to_run.append(len(out))
        out.append(reused or record)
    log(progress, f"{len(out)} candidates ({previous.reused} labels reused); running {len(to_run)} tests on "
                  f"{workers} workers")
    statuses = run_all([out[k] for k in to_run], run, workers=workers, progress=progress)
    for k, status in zip(to_run, statuses, strict=True):
        out[k] = replace(out[k], label=1.0 if status == "pass" else 0.0, exec_status=status)
    return out, len(to_run)


__all__ = ["EXECUTE_REFUSAL", "check_build_arguments", "check_positive_int", "label", "log", "run_all"]
