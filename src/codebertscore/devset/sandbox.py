"""Running untrusted generated code: only on explicit opt-in, in a limited subprocess.

Generated programs are untrusted. Nothing in this package executes them unless the caller opts in
(``execute=True`` in the library, ``--execute`` on the command line). Then each program runs in a child
process that:

* has its own session (the whole process group is killed on timeout);
* gets CPU-time, address-space, file-size and open-file limits (``resource.setrlimit``);
* runs with no network: inside a fresh network namespace (``unshare --net``, with ``--map-root-user``
  when not root) where the system allows it — :func:`network_isolation` says whether it does;
* sees a scrubbed environment and a private temporary working directory.

This is a containment layer for buggy code, not a security boundary against a determined attacker; run
untrusted benchmarks inside a VM or container as well.
"""

from __future__ import annotations

import functools
import os
import resource
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from codebertscore.errors import ArgumentError


@dataclass(frozen=True)
class RunResult:
    """What a sandboxed run did."""

    returncode: int | None  # None when killed for the time limit
    stdout: str
    stderr: str
    timed_out: bool
    seconds: float

    @property
    def passed(self) -> bool:
        return (not self.timed_out) and self.returncode == 0


@functools.lru_cache(maxsize=1)
def network_isolation() -> list[str]:
    """The command prefix that puts a child in a fresh network namespace here, or [] where none works."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    for prefix in ([unshare, "--net"], [unshare, "--net", "--map-root-user"]):
        try:
            ok = subprocess.run(prefix + ["true"], capture_output=True, timeout=10).returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
        if ok:
            return prefix
    return []


def _limits(cpu_s: int, memory_mb: int | None, file_mb: int) -> None:  # runs in the child
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    if memory_mb is not None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_mb * 1024 * 1024,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_sandboxed(
    argv: list[str],
    *,
    cwd: str | os.PathLike[str],
    timeout_s: float = 10.0,
    memory_mb: int | None = 1024,
    file_mb: int = 64,
    stdin: str | None = None,
    extra_env: dict[str, str] | None = None,
    require_no_network: bool = False,
) -> RunResult:
    """Run ``argv`` in ``cwd`` under time, memory and file limits, without network where possible.

    ``memory_mb`` limits the address space; pass ``None`` for runtimes that reserve large virtual areas
    (the JVM, Node.js) and bound their heap with their own flags instead. With ``require_no_network`` the
    call refuses to run where no network namespace can be made.
    """
    if not argv:
        raise ArgumentError("argv: expected a non-empty command list")
    if timeout_s <= 0:
        raise ArgumentError(f"timeout_s: expected a positive number of seconds, got {timeout_s!r}")
    prefix = network_isolation()
    if require_no_network and not prefix:
        raise ArgumentError("require_no_network: this system cannot create a network namespace (unshare --net)")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "TMPDIR": str(cwd),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if extra_env:
        env.update(extra_env)
    cpu_s = max(1, int(timeout_s) + 1)
    start = time.monotonic()
    proc = subprocess.Popen(
        prefix + list(argv),
        cwd=Path(cwd),
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=functools.partial(_limits, cpu_s, memory_mb, file_mb),
    )
    try:
        out, err = proc.communicate(stdin.encode() if stdin is not None else None, timeout=timeout_s)
        timed_out = False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
        timed_out = True
    seconds = time.monotonic() - start
    cap = 1 << 16  # keep logs bounded

    def _text(b: bytes) -> str:
        return b[:cap].decode("utf-8", errors="replace")

    return RunResult(
        returncode=None if timed_out else proc.returncode,
        stdout=_text(out),
        stderr=_text(err),
        timed_out=timed_out,
        seconds=seconds,
    )
