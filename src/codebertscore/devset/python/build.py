"""Building the labelled Python dev set: make the candidates of every HumanEval problem, label them by running
their tests (only on opt-in).

Labels come from execution only. :func:`build_python` refuses to run unless ``execute=True``: the candidates are
generated code (and a dev set labelled by assumption would teach a metric the wrong thing). Each candidate runs in
its own sandboxed process (:func:`codebertscore.devset.python.humaneval.run_candidate`: a fresh temporary folder,
time, memory and file limits, no network), several at a time on ``workers`` threads
(:func:`codebertscore.devset.labelling.label`).

Before labelling, every canonical solution is run; a problem whose canonical solution fails here is left out (and
named in :attr:`PythonBuild.canonical_failures`), since its labels could not be trusted.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from codebertscore.devset.format import PreviousLabels
from codebertscore.devset.labelling import (
    check_build_arguments,
    check_positive_int,
    label,
    log,
    run_all,
)
from codebertscore.devset.python import humaneval
from codebertscore.devset.python.humaneval import Problem
from codebertscore.devset.python.problems import alternatives_for, wrong_for
from codebertscore.devset.python.variants import (
    Candidate,
    VariantPlan,
    generate_candidates,
)
from codebertscore.devset.samples import Sample, load_samples
from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.record import DevRecord


@dataclass(frozen=True)
class PythonBuild:
    """The outcome of :func:`build_python_detailed`: records plus what a report of the build needs."""

    records: list[DevRecord]
    canonical_failures: list[str] = field(default_factory=list)  # task ids left out
    seconds: float = 0.0  # wall time of the labelling
    executed: int = 0  # programs run (canonical checks included)
    seed: int = 0


def python_candidates(
    problem: Problem,
    *,
    seed: int,
    plan: VariantPlan | None = None,
    samples: Mapping[str, Sequence[Sample]] | None = None,
) -> list[Candidate]:
    """Every candidate of one HumanEval problem in build order: the generated and hand-written ones
    (:func:`~codebertscore.devset.python.variants.generate_candidates`), then the independent samples (tags
    ``sample_00``...; ``samples`` defaults to the bundled ones)."""
    if samples is None:
        samples = load_samples("python")
    cands = generate_candidates(
        problem, seed=seed, alternatives=alternatives_for(problem.task_id), wrong=wrong_for(problem.task_id), plan=plan
    )
    return cands + [Candidate(origin=smp.origin, body=smp.code, tag=f"sample_{i:02d}")
                    for i, smp in enumerate(samples.get(problem.task_id, ()))]


def python_records(problems: Sequence[Problem], *, seed: int, plan: VariantPlan | None = None,
                   samples: Mapping[str, Sequence[Sample]] | None = None) -> list[DevRecord]:
    """The unlabelled records of ``problems`` (no execution): the canonical solution labelled ``pass``, every
    other candidate ``fail`` until it runs."""
    return [
        DevRecord(
            id=f"python/{problem.slug}/{cand.tag}",
            problem_id=problem.task_id,
            lang="python",
            candidate=cand.body,
            references=[problem.canonical_solution],
            context=problem.prompt,
            label=1.0 if cand.origin == "canonical" else 0.0,
            origin=cand.origin,
            exec_status="pass" if cand.origin == "canonical" else "fail",
            seed=seed,
        )
        for problem in problems
        for cand in python_candidates(problem, seed=seed, plan=plan, samples=samples)
    ]


def build_python_detailed(
    *,
    execute: bool,
    seed: int = 0,
    workers: int = 2,
    progress: bool = False,
    task_ids: list[str] | None = None,
    timeout_s: float | None = None,
    memory_mb: int | None = None,
    require_no_network: bool = True,
    plan: VariantPlan | None = None,
    previous: PreviousLabels | None = None,
) -> PythonBuild:
    """Generate and label the Python dev set from HumanEval (see :mod:`codebertscore.devset.python.variants`).

    ``execute`` must be True: labelling runs the candidates' tests. ``task_ids`` restricts the problems (all 164
    by default); ``timeout_s`` and ``memory_mb`` bound each run (defaults: 5 s, 1024 MiB). The independent samples
    (:mod:`codebertscore.devset.samples`) follow each problem's generated candidates. ``previous`` holds the
    records of an earlier build: unchanged candidates take their label from it instead of running again.
    """
    check_build_arguments(execute, seed, workers)
    timeout = humaneval.DEFAULT_TIMEOUT_S if timeout_s is None else float(timeout_s)
    memory = humaneval.DEFAULT_MEMORY_MB if memory_mb is None else memory_mb
    if timeout <= 0:
        raise ArgumentError(f"timeout_s: expected a positive number of seconds, got {timeout_s!r}")
    check_positive_int("memory_mb", memory)
    problems = humaneval.load_problems(task_ids)
    by_id = {p.task_id: p for p in problems}

    def run(problem: Problem, body: str) -> str:
        return humaneval.run_candidate(
            problem, body, timeout_s=timeout, memory_mb=memory, require_no_network=require_no_network
        )

    started = time.monotonic()
    log(progress, f"checking the canonical solutions of {len(problems)} problems")
    statuses = run_all(problems, lambda p: run(p, p.canonical_solution), workers=workers, progress=progress,
                       what="canonical solutions")
    failures = [p.task_id for p, status in zip(problems, statuses, strict=True) if status != "pass"]
    for p, status in zip(problems, statuses, strict=True):
        if status != "pass":
            log(True, f"WARNING: the canonical solution of {p.task_id} does not pass here ({status}); left out")
    kept = [p for p, status in zip(problems, statuses, strict=True) if status == "pass"]

    samples = load_samples("python")
    stray = sorted(set(samples) - {p.task_id for p in humaneval.load_problems()})
    if stray:
        raise InputError(f"devset/problems/samples/python.txt: samples of unknown problems: {', '.join(stray)}")
    previous = previous if previous is not None else PreviousLabels()
    unlabelled = python_records(kept, seed=seed, plan=plan, samples=samples)
    records, ran = label(unlabelled, lambda r: run(by_id[r.problem_id], r.candidate), workers=workers,
                         previous=previous, progress=progress, skip=lambda r: r.origin == "canonical")
    seconds = time.monotonic() - started
    log(progress, f"labelled {len(records)} candidates in {seconds:.0f} s")
    return PythonBuild(records=records, canonical_failures=failures, seconds=seconds,
                       executed=len(problems) + ran, seed=seed)


def build_python(
    *, execute: bool, seed: int = 0, workers: int = 2, progress: bool = False, task_ids: list[str] | None = None
) -> list[DevRecord]:
    """The labelled Python dev set (records only); see :func:`build_python_detailed`."""
    return build_python_detailed(
        execute=execute, seed=seed, workers=workers, progress=progress, task_ids=task_ids
    ).records


__all__ = ["PythonBuild", "build_python", "build_python_detailed", "python_candidates", "python_records"]
