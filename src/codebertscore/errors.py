"""Typed errors with the exit codes the command-line tool maps them to.

Every error raised for bad user input names the argument (or file and line) and says what was expected.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: Exit codes of the ``codebertscore`` command (documented in the README).
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_MODEL = 4
EXIT_DEPENDENCY = 5
EXIT_INTERRUPTED = 130
#: the one table of exit codes and their meaning (the command's help is written from it)
EXIT_CODES: dict[int, str] = {
    0: "ok",
    EXIT_INTERNAL: "internal error",
    EXIT_USAGE: "bad argument",
    EXIT_INPUT: "bad input data",
    EXIT_MODEL: "model not loadable",
    EXIT_DEPENDENCY: "optional dependency missing",
    EXIT_INTERRUPTED: "interrupted",
}


class CodeBERTScoreError(Exception):
    """Base class of the errors this package raises on purpose."""

    exit_code: int = EXIT_INTERNAL


class ArgumentError(CodeBERTScoreError, ValueError):
    """An argument has a value outside what is accepted; the message names it and what was expected."""

    exit_code = EXIT_USAGE


class InputError(CodeBERTScoreError, ValueError):
    """User data (a file, a line, a field) is malformed; the message names the file and line where known."""

    exit_code = EXIT_INPUT


class ModelLoadError(CodeBERTScoreError, OSError):
    """An encoder or tokenizer could not be loaded."""

    exit_code = EXIT_MODEL


class MissingDependencyError(CodeBERTScoreError, ModuleNotFoundError):
    """An optional dependency is not installed; the message says which extra installs it."""

    exit_code = EXIT_DEPENDENCY


def require(module: str, extra: str, purpose: str = "") -> ModuleType:
    """Import an optional dependency late, or raise :class:`MissingDependencyError` with an install hint."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        what = f" (needed for {purpose})" if purpose else ""
        raise MissingDependencyError(
            f"the optional dependency '{module.split('.')[0]}' is not installed{what}; "
            f"install it with: pip install 'codebertscore[{extra}]'"
        ) from exc
