"""Execution labels for the CodeGen-16B HumanEval samples (real model outputs; third-party data read in place).

The samples (``codegen16b_humaneval_python_t0.8.jsonl.xz``: task_id, sample, prompt, completion) stay where the
user keeps them (``../shared/devdata`` in the project's checkout); only the labels computed here are shipped
(``data/devdata/codegen16b_humaneval_python.labels.tsv.gz``: task_id, sample, passed, status).

Each completion is first cut where HumanEval's evaluation cuts it (:data:`STOP_SEQUENCES`, :func:`cut_completion`);
the cut completion is both the program body that is tested and the candidate that reference-based metrics score.
The test program is :func:`codebertscore.devset.python.humaneval.program` with the sample's own prompt:
``prompt + cut + "\\n" + test + "\\ncheck(entry_point)\\n"``. Running it happens only on explicit opt-in
(``execute=True`` / ``--execute``) and only through the sandbox of
:func:`codebertscore.devset.python.humaneval.run_candidate_detailed` (time, memory and file limits, no network).

Each distinct (task_id, cut completion) runs once; samples sharing it share its label. Results are appended to
``<out>.part`` as they finish, so an interrupted run resumes where it stopped; the final file is written when every
sample has a label.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, InputError
from codebertscore.metaeval.readers.codegen_data import (
    LABEL_COLUMNS,
    CodegenSample,
    Label,
    open_text,
    parse_label_rows,
    read_samples,
    task_order,
    write_labels,
)

#: seconds and address-space megabytes per program (HumanEval's own harness uses 3 s)
DEFAULT_TIMEOUT_S = 3.0
DEFAULT_MEMORY_MB = 1024


# ---- labelling ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelRun:
    """What :func:`label_samples` did."""

    labels: list[Label]
    programs_run: int  # distinct programs executed by this call (resumed ones not counted)
    programs_reused: int  # distinct programs whose result came from an earlier, interrupted run
    seconds: float
    canonical_failures: list[str]  # task ids whose canonical solution does not pass in this harness


def _log(progress: bool, message: str) -> None:
    if progress:
        print(f"[devset codegen] {message}", file=sys.stderr, flush=True)


def label_samples(
    samples_path: str | Path,
    out: str | Path,
    *,
    execute: bool,
    workers: int = 2,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    task_ids: Sequence[str] | None = None,
    require_no_network: bool = True,
    progress: bool = False,
    recheck_timeouts_s: float | None = None,
) -> LabelRun:
    """Label every CodeGen-16B sample by running HumanEval's tests on its cut completion; write ``out``.

    ``execute`` must be True (the samples are generated code). Each distinct (task_id, cut completion) runs once,
    ``workers`` at a time, each in its own sandboxed process (``timeout_s`` seconds, ``memory_mb`` MiB of address
    space, no network). Finished results are appended to ``<out>.part``; a rerun skips them. ``task_ids`` restricts
    the problems (for a trial). The canonical solutions are run first: a failure there means the harness, not the
    sample, is wrong, and is reported in :attr:`LabelRun.canonical_failures`.

    ``timeout_s`` is wall-clock time, so on a busy machine a slow but finishing program can be cut off. With
    ``recheck_timeouts_s``, every program labelled ``timed out`` (in this run or an earlier one) runs again, once the
    other programs are done, with that many seconds; its new result replaces the old one.
    """
    from codebertscore.devset.build import EXECUTE_REFUSAL
    from codebertscore.devset.python import humaneval

    if execute is not True:
        raise ArgumentError(EXECUTE_REFUSAL)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ArgumentError(f"workers: expected a positive integer, got {workers!r}")
    if not timeout_s > 0:
        raise ArgumentError(f"timeout_s: expected a positive number of seconds, got {timeout_s!r}")
    out = Path(out)
    part = out.with_name(out.name + ".part")
    samples = read_samples(samples_path)
    problems = {p.task_id: p for p in humaneval.load_problems()}
    unknown = sorted({s.task_id for s in samples} - set(problems))
    if unknown:
        raise InputError(f"{samples_path}: samples of unknown HumanEval tasks: {', '.join(unknown[:5])}")
    if task_ids is not None:
        wanted = set(task_ids)
        missing = sorted(wanted - set(problems))
        if missing:
            raise ArgumentError(f"task_ids: unknown HumanEval task(s) {', '.join(missing)}")
        samples = [s for s in samples if s.task_id in wanted]

    def run(problem: humaneval.Problem, body: str) -> humaneval.Outcome:
        return humaneval.run_candidate_detailed(problem, body, timeout_s=timeout_s, memory_mb=memory_mb,
                                                require_no_network=require_no_network)

    started = time.monotonic()
    prompts = {s.task_id: s.prompt for s in samples}  # the canonical solutions run under the samples' prompts
    wanted_tasks = sorted(prompts, key=task_order)
    canonical_failures = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        checks = {t: pool.submit(run, replace(problems[t], prompt=prompts[t]), problems[t].canonical_solution)
                  for t in wanted_tasks}
        for t, fut in checks.items():
            outcome = fut.result()
            if outcome.status != "pass":
                canonical_failures.append(t)
                _log(True, f"WARNING: the canonical solution of {t} does not pass here ({outcome.detail})")
    _log(progress, f"canonical solutions: {len(wanted_tasks) - len(canonical_failures)}/{len(wanted_tasks)} pass")

    # earlier results: a finished labels file and/or the log of an interrupted run
    done: dict[tuple[str, int], Label] = {}
    for source in (out, part):
        if source.is_file():
            with open_text(source) as fh:
                rows = parse_label_rows(csv.reader(fh, delimiter="\t"), str(source), tolerate_truncated_tail=True)
            done.update({(lb.task_id, lb.sample): lb for lb in rows})

    groups: dict[tuple[str, str, str], list[CodegenSample]] = defaultdict(list)  # (task, prompt, cut) -> samples
    for s in samples:
        groups[(s.task_id, s.prompt, s.cut)].append(s)
    todo = []
    reused = 0
    for key, members in groups.items():
        if all((m.task_id, m.sample) in done for m in members):
            reused += 1
        else:
            todo.append((key, members))
    _log(progress, f"{len(samples)} samples, {len(groups)} distinct programs; {reused} already labelled, running "
                   f"{len(todo)} on {workers} workers")
    ran = 0
    if todo:
        step = max(1, len(todo) // 50)
        with open(part, "a", encoding="utf-8", newline="") as log, ThreadPoolExecutor(max_workers=workers) as pool:
            if log.tell() == 0:
                log.write("\t".join(LABEL_COLUMNS) + "\n")
            else:
                log.write("\n")  # end a line an interruption may have left open (blank lines are skipped)
            futures = {
                pool.submit(run, replace(problems[task], prompt=prompt), cut): members
                for (task, prompt, cut), members in todo
            }
            t0 = time.monotonic()
            for fut in as_completed(futures):
                outcome = fut.result()
                for m in futures[fut]:
                    lb = Label(m.task_id, m.sample, outcome.status == "pass", outcome.detail)
                    done[(m.task_id, m.sample)] = lb
                    log.write(f"{lb.task_id}\t{lb.sample}\t{int(lb.passed)}\t{lb.status}\n")
                log.flush()
                ran += 1
                if ran % step == 0 or ran == len(todo):
                    rate = ran / max(time.monotonic() - t0, 1e-9)
                    _log(progress, f"ran {ran}/{len(todo)} programs ({time.monotonic() - t0:.0f} s, "
                                   f"~{(len(todo) - ran) / rate:.0f} s left)")
    if recheck_timeouts_s is not None:
        if not recheck_timeouts_s > 0:
            raise ArgumentError(
                f"recheck_timeouts_s: expected a positive number of seconds, got {recheck_timeouts_s!r}"
            )
        timed_out = [(key, members) for key, members in groups.items()
                     if done[(members[0].task_id, members[0].sample)].status == "timed out"]
        _log(progress, f"re-running {len(timed_out)} timed-out programs with {recheck_timeouts_s:g} s")
        changed = 0
        with ThreadPoolExecutor(max_workers=workers) as pool:
            rechecks = {
                pool.submit(humaneval.run_candidate_detailed, replace(problems[task], prompt=prompt), cut,
                            timeout_s=recheck_timeouts_s, memory_mb=memory_mb,
                            require_no_network=require_no_network): members
                for (task, prompt, cut), members in timed_out
            }
            for fut in as_completed(rechecks):
                outcome = fut.result()
                changed += outcome.detail != "timed out"
                for m in rechecks[fut]:
                    done[(m.task_id, m.sample)] = Label(m.task_id, m.sample, outcome.status == "pass", outcome.detail)
                ran += 1
        _log(progress, f"{changed} of {len(timed_out)} timed-out programs finished with more time")
    labels = [done[(s.task_id, s.sample)] for s in samples]
    if task_ids is None:
        write_labels(out, labels)
    else:  # a trial: keep whatever the file had for other problems
        write_labels(out, list(done.values()))
    part.unlink(missing_ok=True)
    return LabelRun(labels=labels, programs_run=ran, programs_reused=reused, seconds=time.monotonic() - started,
                    canonical_failures=canonical_failures)


def summarize_labels(labels: Sequence[Label], samples: Sequence[CodegenSample] | None = None) -> dict[str, Any]:
    """Counts for the datasheet: pass rate, problems with both labels, label-differing pairs (of samples, and of
    distinct cut completions when ``samples`` are given), status breakdown."""
    by_task: dict[str, list[Label]] = defaultdict(list)
    for lb in labels:
        by_task[lb.task_id].append(lb)
    both = [t for t, ls in by_task.items() if len({lb.passed for lb in ls}) == 2]
    pairs = sum(sum(lb.passed for lb in ls) * sum(not lb.passed for lb in ls) for ls in by_task.values())
    out: dict[str, Any] = {
        "samples": len(labels),
        "problems": len(by_task),
        "passed": sum(lb.passed for lb in labels),
        "pass_rate": round(sum(lb.passed for lb in labels) / len(labels), 4) if labels else None,
        "problems_with_both_labels": len(both),
        "problems_all_pass": sum(all(lb.passed for lb in ls) for ls in by_task.values()),
        "problems_all_fail": sum(not any(lb.passed for lb in ls) for ls in by_task.values()),
        "label_differing_pairs_samples": pairs,
        "status": dict(Counter(lb.status for lb in labels).most_common()),
    }
    if samples is not None:
        key = {(s.task_id, s.sample): s.cut for s in samples}
        distinct: dict[str, dict[str, bool]] = defaultdict(dict)
        for lb in labels:
            distinct[lb.task_id][key[(lb.task_id, lb.sample)]] = lb.passed
        out["distinct_cut_completions"] = sum(len(d) for d in distinct.values())
        out["label_differing_pairs_distinct"] = sum(
            sum(d.values()) * sum(not v for v in d.values()) for d in distinct.values()
        )
    return out
