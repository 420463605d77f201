"""HumanEval problems as programs, and running one candidate in the sandbox: statuses, no network, a fresh folder."""

from __future__ import annotations

import pytest

from codebertscore.devset.python.humaneval import (
    Problem,
    classify,
    program,
    run_candidate,
)

TOY = Problem(
    task_id="Toy/0",
    prompt='def inc(x):\n    """Add one."""\n',
    canonical_solution="    return x + 1\n",
    test="def check(candidate):\n    assert candidate(1) == 2\n    assert candidate(-1) == 0\n",
    entry_point="inc",
)


def test_program_layout():
    assert program(TOY, "    return x + 1\n") == (
        'def inc(x):\n    """Add one."""\n    return x + 1\n\n'
        "def check(candidate):\n    assert candidate(1) == 2\n    assert candidate(-1) == 0\n\ncheck(inc)\n"
    )


@pytest.mark.parametrize(
    "returncode, timed_out, stderr, expected",
    [
        (0, False, "", "pass"),
        (None, True, "", "timeout"),
        (1, False, "Traceback ...\n  ...\nAssertionError\n", "fail"),
        (1, False, "Traceback ...\nAssertionError: off by one\n\n", "fail"),
        (1, False, "Traceback ...\nZeroDivisionError: division by zero\n", "error"),
        (-9, False, "", "error"),
    ],
)
def test_classify(returncode, timed_out, stderr, expected):
    assert classify(returncode, timed_out, stderr) == expected


def test_run_candidate_statuses_in_the_sandbox():
    assert run_candidate(TOY, "    return x + 1\n", timeout_s=5) == "pass"
    assert run_candidate(TOY, "    return x + 2\n", timeout_s=5) == "fail"
    assert run_candidate(TOY, "    return x / 0\n", timeout_s=5) == "error"
    assert run_candidate(TOY, "    return (x +\n", timeout_s=5) == "compile_error"
    assert run_candidate(TOY, "    while True:\n        pass\n", timeout_s=1) == "timeout"


def test_sandbox_has_no_network_and_a_fresh_folder():
    probe = (
        "    import os, socket\n"
        "    assert os.listdir('.') == ['candidate.py']\n"
        "    s = socket.socket()\n"
        "    s.settimeout(1)\n"
        "    try:\n"
        "        s.connect(('1.1.1.1', 53))\n"
        "    except OSError:\n"
        "        return x + 1\n"
        "    return 0\n"
    )
    assert run_candidate(TOY, probe, timeout_s=5) == "pass"
