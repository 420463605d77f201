"""Helpers shared by the CLI tests: run a verb in-process and capture what it printed."""

from __future__ import annotations

from pathlib import Path

from codebertscore.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "python"


def run_cli(capsys, *argv):
    """(exit code, stdout, stderr) of ``codebertscore ARGV`` run in this process."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err
