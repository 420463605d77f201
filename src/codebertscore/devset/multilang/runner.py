"""Running a JavaScript, Java or C++ test program in the sandbox, and reading the outcome.

Only :func:`codebertscore.devset.multilang.build_language` with ``execute=True`` calls this. Every program
runs through :func:`codebertscore.devset.sandbox.run_sandboxed` (no network, time limits, a private temporary
directory per program): Node.js with a bounded heap, javac then java with ``-Xmx256m``, g++ then the binary.
A program that does not compile is a failure with status ``compile_error``.

Outcomes (the ``exec_status`` of the dev-set records): ``pass``; ``fail`` (a test case gave a wrong
answer: the harness printed ``test N failed``); ``error`` (the program crashed: an exception, a signal);
``timeout``; ``compile_error``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from codebertscore.devset.multilang.harness import PROGRAM_FILE
from codebertscore.devset.sandbox import RunResult, run_sandboxed
from codebertscore.errors import MissingDependencyError

#: seconds a test program may run (HumanEval's own harness allows 3 s per problem; JVM start-up adds ~0.3 s)
RUN_TIMEOUT_S = 6.0
#: seconds a compiler may take on one program
COMPILE_TIMEOUT_S = 90.0

_TOOLS = {"javascript": ("node",), "java": ("javac", "java"), "cpp": ("g++",)}
_FAILED = re.compile(r"test \d+ failed")


@dataclass(frozen=True)
class Outcome:
    """What running one candidate's tests gave: a status and, for the record, times and the log tail."""

    status: str  # pass | fail | error | timeout | compile_error
    compile_s: float
    run_s: float
    log: str

    @property
    def passed(self) -> bool:
        return self.status == "pass"


def missing_tools(lang: str) -> list[str]:
    """The programs ``lang`` needs that are not on the PATH (empty when all are there)."""
    return [tool for tool in _TOOLS[lang] if shutil.which(tool) is None]


def require_tools(lang: str) -> None:
    """Raise :class:`MissingDependencyError` naming the missing compilers/runtimes for ``lang``."""
    missing = missing_tools(lang)
    if missing:
        raise MissingDependencyError(
            f"labelling {lang} candidates needs {', '.join(missing)} on the PATH (not found); install "
            + {"javascript": "Node.js", "java": "a JDK (17 or newer)", "cpp": "g++ (C++17)"}[lang]
        )


def _tail(result: RunResult) -> str:
    text = (result.stdout + "\n" + result.stderr).strip()
    return text[-2000:]


def _run_outcome(result: RunResult, compile_s: float) -> Outcome:
    if result.passed:
        return Outcome("pass", compile_s, result.seconds, _tail(result))
    if result.timed_out:
        return Outcome("timeout", compile_s, result.seconds, _tail(result))
    status = "fail" if _FAILED.search(result.stdout + result.stderr) else "error"
    return Outcome(status, compile_s, result.seconds, _tail(result))


def run_program(lang: str, program: str, *, timeout_s: float = RUN_TIMEOUT_S) -> Outcome:
    """Write ``program`` to a fresh temporary directory, compile it if needed, run it; say what happened."""
    with tempfile.TemporaryDirectory(prefix=f"cbs-{lang}-") as tmp:
        path = Path(tmp) / PROGRAM_FILE[lang]
        path.write_text(program, encoding="utf-8")
        if lang == "javascript":
            res = run_sandboxed(
                ["node", "--max-old-space-size=256", "--stack-size=4000", path.name],
                cwd=tmp, timeout_s=timeout_s, memory_mb=None,
            )
            if not res.passed and not res.timed_out and "SyntaxError" in res.stderr:
                check = run_sandboxed(["node", "--check", path.name], cwd=tmp, timeout_s=30, memory_mb=None)
                if not check.passed:
                    return Outcome("compile_error", check.seconds, 0.0, _tail(check))
            return _run_outcome(res, 0.0)
        if lang == "java":
            comp = run_sandboxed(
                ["javac", "-J-Xmx512m", "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-encoding", "UTF-8",
                 "-nowarn", "-Xlint:none", path.name],
                cwd=tmp, timeout_s=COMPILE_TIMEOUT_S, memory_mb=None,
            )
            if not comp.passed:
                return Outcome("timeout" if comp.timed_out else "compile_error", comp.seconds, 0.0, _tail(comp))
            res = run_sandboxed(
                ["java", "-Xmx256m", "-Xss16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", ".", "Main"],
                cwd=tmp, timeout_s=timeout_s, memory_mb=None,
            )
            return _run_outcome(res, comp.seconds)
        comp = run_sandboxed(
            ["g++", "-std=c++17", "-O0", "-w", "-o", "prog", path.name],
            cwd=tmp, timeout_s=COMPILE_TIMEOUT_S, memory_mb=4096,
        )
        if not comp.passed:
            return Outcome("timeout" if comp.timed_out else "compile_error", comp.seconds, 0.0, _tail(comp))
        res = run_sandboxed(["./prog"], cwd=tmp, timeout_s=timeout_s, memory_mb=1024)
        return _run_outcome(res, comp.seconds)
