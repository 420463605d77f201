"""Building labelled dev sets: make candidates, run their tests (only on opt-in), write records; and summarise them.

Labels come from execution only. :func:`build_python` refuses to run unless ``execute=True``: the candidates are
generated code (and a dev set labelled by assumption would teach a metric the wrong thing). Each candidate runs in
its own sandboxed process (:func:`codebertscore.devset.humaneval.run_candidate`: a fresh temporary folder, time,
memory and file limits, no network), several at a time on ``workers`` threads.

Before labelling, every canonical solution is run; a problem whose canonical solution fails here is left out (and
named in :attr:`PythonBuild.canonical_failures`), since its labels could not be trusted.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from codebertscore.devset.format import DEV_LANGUAGES, DevRecord, PreviousLabels
from codebertscore.errors import ArgumentError, InputError, MissingDependencyError

if TYPE_CHECKING:
    from codebertscore.devset.python_variants import Candidate, VariantPlan
    from codebertscore.devset.samples import Sample

EXECUTE_REFUSAL = (
    "execute: labelling the dev set runs every candidate's unit tests, i.e. it executes generated code; "
    "it is done only on explicit opt-in (execute=True in the library, --execute on the command line), "
    "and then in a sandbox (time/memory/file limits, no network)"
)


@dataclass(frozen=True)
class PythonBuild:
    """The outcome of :func:`build_python_detailed`: records plus what a report of the build needs."""

    records: list[DevRecord]
    canonical_failures: list[str] = field(default_factory=list)  # task ids left out
    seconds: float = 0.0  # wall time of the labelling
    executed: int = 0  # programs run (canonical checks included)
    seed: int = 0


def _check_positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ArgumentError(f"{name}: expected a positive integer, got {value!r}")
    return value


def _log(progress: bool, message: str) -> None:
    if progress:
        print(f"[devset] {message}", file=sys.stderr, flush=True)


def run_all(
    jobs: Sequence[tuple[Any, str]],
    run: Callable[[Any, str], str],
    *,
    workers: int,
    progress: bool = False,
    what: str = "candidates",
) -> list[str]:
    """``run(problem, body)`` for every job on ``workers`` threads, results in job order."""
    if not jobs:
        return []
    results: list[str] = [""] * len(jobs)
    start = time.monotonic()
    step = max(1, len(jobs) // 10)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run, problem, body): k for k, (problem, body) in enumerate(jobs)}
        done = 0
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            done += 1
            if done % step == 0 or done == len(jobs):
                _log(progress, f"ran {done}/{len(jobs)} {what} ({time.monotonic() - start:.0f} s)")
    return results


def python_candidates(
    problem: Any, *, seed: int, plan: VariantPlan | None = None, samples: Mapping[str, Sequence[Sample]] | None = None
) -> list[Candidate]:
    """Every candidate of one HumanEval problem in build order: the generated and hand-written ones
    (:func:`~codebertscore.devset.python_variants.generate_candidates`), then the independent samples (tags
    ``sample_00``...; ``samples`` defaults to the bundled ones)."""
    from codebertscore.devset.python_alternatives import alternatives_for, wrong_for
    from codebertscore.devset.python_variants import Candidate, generate_candidates
    from codebertscore.devset.samples import load_samples

    if samples is None:
        samples = load_samples("python")
    cands = generate_candidates(
        problem, seed=seed, alternatives=alternatives_for(problem.task_id), wrong=wrong_for(problem.task_id), plan=plan
    )
    return cands + [Candidate(origin=smp.origin, body=smp.code, tag=f"sample_{i:02d}")
                    for i, smp in enumerate(samples.get(problem.task_id, ()))]


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
    """Generate and label the Python dev set from HumanEval (see :mod:`codebertscore.devset.python_variants`).

    ``execute`` must be True: labelling runs the candidates' tests. ``task_ids`` restricts the problems (all 164
    by default); ``timeout_s`` and ``memory_mb`` bound each run (defaults: 5 s, 1024 MiB). The independent samples
    (:mod:`codebertscore.devset.samples`) follow each problem's generated candidates. ``previous`` holds the
    records of an earlier build: unchanged candidates take their label from it instead of running again.
    """
    if execute is not True:
        raise ArgumentError(EXECUTE_REFUSAL)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ArgumentError(f"seed: expected an integer, got {seed!r}")
    _check_positive_int("workers", workers)
    from codebertscore.devset import humaneval
    from codebertscore.devset.samples import load_samples

    timeout = humaneval.DEFAULT_TIMEOUT_S if timeout_s is None else float(timeout_s)
    memory = humaneval.DEFAULT_MEMORY_MB if memory_mb is None else memory_mb
    if timeout <= 0:
        raise ArgumentError(f"timeout_s: expected a positive number of seconds, got {timeout_s!r}")
    _check_positive_int("memory_mb", memory)
    problems = humaneval.load_problems(task_ids)

    def run(problem: Any, body: str) -> str:
        return humaneval.run_candidate(
            problem, body, timeout_s=timeout, memory_mb=memory, require_no_network=require_no_network
        )

    started = time.monotonic()
    _log(progress, f"checking the canonical solutions of {len(problems)} problems")
    statuses = run_all([(p, p.canonical_solution) for p in problems], run, workers=workers, progress=progress,
                       what="canonical solutions")
    failures = [p.task_id for p, status in zip(problems, statuses, strict=True) if status != "pass"]
    for p, status in zip(problems, statuses, strict=True):
        if status != "pass":
            _log(True, f"WARNING: the canonical solution of {p.task_id} does not pass here ({status}); left out")
    kept = [p for p, status in zip(problems, statuses, strict=True) if status == "pass"]

    samples = load_samples("python")
    stray = sorted(set(samples) - {p.task_id for p in humaneval.load_problems()})
    if stray:
        raise InputError(f"devset/problems/samples/python.txt: samples of unknown problems: {', '.join(stray)}")
    previous = previous if previous is not None else PreviousLabels()
    records: list[DevRecord] = []
    to_run: list[tuple[int, Any, str]] = []  # (index in records, problem, body)
    for problem in kept:
        for cand in python_candidates(problem, seed=seed, plan=plan, samples=samples):
            record = DevRecord(
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
            reused = previous.relabel(record)
            if reused is None and cand.origin != "canonical":
                to_run.append((len(records), problem, cand.body))
            records.append(reused or record)
    _log(progress, f"{len(records)} candidates for {len(kept)} problems ({previous.reused} labels reused); "
                   f"running {len(to_run)} tests on {workers} workers")
    statuses = run_all([(problem, body) for _, problem, body in to_run], run, workers=workers, progress=progress)
    for (index, _, _), status in zip(to_run, statuses, strict=True):
        records[index] = replace(records[index], label=1.0 if status == "pass" else 0.0, exec_status=status)
    seconds = time.monotonic() - started
    _log(progress, f"labelled {len(records)} candidates in {seconds:.0f} s")
    return PythonBuild(
        records=records,
        canonical_failures=failures,
        seconds=seconds,
        executed=len(problems) + len(to_run),
        seed=seed,
    )


def build_python(
    *, execute: bool, seed: int = 0, workers: int = 2, progress: bool = False, task_ids: list[str] | None = None
) -> list[DevRecord]:
    """The labelled Python dev set (records only); see :func:`build_python_detailed`."""
    return build_python_detailed(
        execute=execute, seed=seed, workers=workers, progress=progress, task_ids=task_ids
    ).records


def build(
    lang: str,
    *,
    execute: bool,
    seed: int = 0,
    workers: int = 2,
    progress: bool = False,
    previous: PreviousLabels | None = None,
) -> list[DevRecord]:
    """The labelled dev set of ``lang``: Python here, the other languages from ``codebertscore.devset.multilang``.

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
    try:
        import importlib

        multilang = importlib.import_module("codebertscore.devset.multilang")
    except ModuleNotFoundError as exc:
        if exc.name not in ("codebertscore.devset.multilang", "codebertscore.devset"):
            raise
        raise MissingDependencyError(
            f"lang: the {lang} dev-set builder (codebertscore.devset.multilang) is not part of this installation"
        ) from None
    return list(multilang.build_language(lang, execute=True, seed=seed, workers=workers, progress=progress,
                                         previous=previous))


# ---- statistics --------------------------------------------------------------------------------------------------


def origin_kind(origin: str) -> str:
    """The family of an origin: ``"mutation:compare_op"`` -> ``"mutation"``, ``"alternative:wrong"`` -> itself."""
    if origin == "alternative:wrong":
        return origin
    return origin.split(":", 1)[0]


def summarize(records: Sequence[DevRecord]) -> dict[str, Any]:
    """Counts of a dev set: per label, exec status, origin (and origin family), problem; tau-usable problems.

    A problem is *tau-usable* when its candidates do not all share one label (only then does it contribute
    pairs to Kendall's tau).
    """
    by_problem: dict[str, list[DevRecord]] = defaultdict(list)
    for r in records:
        by_problem[r.problem_id].append(r)

    def _label_counts(rs: Sequence[DevRecord]) -> dict[str, int]:
        passed = sum(1 for r in rs if r.label == 1.0)
        failed = sum(1 for r in rs if r.label == 0.0)
        out = {"total": len(rs), "pass": passed, "fail": failed}
        other = len(rs) - passed - failed
        if other:
            out["partial"] = other
        return out

    origins: dict[str, list[DevRecord]] = defaultdict(list)
    kinds: dict[str, list[DevRecord]] = defaultdict(list)
    for r in records:
        origins[r.origin].append(r)
        kinds[origin_kind(r.origin)].append(r)
    sizes = [len(rs) for rs in by_problem.values()]
    usable = [pid for pid, rs in by_problem.items() if len({r.label for r in rs}) > 1]
    canonical_not_passing = sorted(r.id for r in records if r.origin == "canonical" and r.label != 1.0)
    return {
        "records": len(records),
        "problems": len(by_problem),
        "languages": dict(sorted(Counter(r.lang for r in records).items())),
        "labels": _label_counts(records),
        "pass_rate": round(sum(r.label for r in records) / len(records), 4) if records else None,
        "exec_status": dict(sorted(Counter(r.exec_status for r in records).items())),
        "origin_kinds": {k: _label_counts(v) for k, v in sorted(kinds.items())},
        "origins": {k: _label_counts(v) for k, v in sorted(origins.items())},
        "candidates_per_problem": {
            "min": min(sizes) if sizes else 0,
            "max": max(sizes) if sizes else 0,
            "mean": round(sum(sizes) / len(sizes), 2) if sizes else 0.0,
        },
        "tau_usable_problems": len(usable),
        "single_label_problems": sorted(set(by_problem) - set(usable)),
        "canonical_not_passing": canonical_not_passing,
        "seeds": sorted({r.seed for r in records}),
    }


def format_summary(summary: dict[str, Any]) -> str:
    """A short plain-text table of :func:`summarize`'s output."""
    lines = [
        f"records {summary['records']}  problems {summary['problems']}  tau-usable problems "
        f"{summary['tau_usable_problems']}  pass rate {summary['pass_rate']}",
        f"candidates per problem: min {summary['candidates_per_problem']['min']}, "
        f"mean {summary['candidates_per_problem']['mean']}, max {summary['candidates_per_problem']['max']}",
        "exec status: " + ", ".join(f"{k} {v}" for k, v in summary["exec_status"].items()),
        "",
        f"{'origin':45s} {'total':>6s} {'pass':>6s} {'fail':>6s}",
    ]
    for origin, c in summary["origins"].items():
        lines.append(f"{origin:45s} {c['total']:6d} {c['pass']:6d} {c['fail']:6d}")
    lines.append("")
    for kind, c in summary["origin_kinds"].items():
        lines.append(f"{'[' + kind + ']':45s} {c['total']:6d} {c['pass']:6d} {c['fail']:6d}")
    if summary["single_label_problems"]:
        lines.append("")
        lines.append("problems with a single label: " + ", ".join(summary["single_label_problems"]))
    return "\n".join(lines)
