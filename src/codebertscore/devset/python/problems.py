"""The hand-written Python alternatives and wrong solutions of the HumanEval problems (``problems/python.txt``).

Written for this project (not taken from any model output, benchmark release or solution collection), in the
styles a code model produces: other algorithms, library calls instead of loops and loops instead of library calls,
other names. ``alternative`` bodies are meant to be correct and ``wrong`` bodies to be plausible solutions of a
misread problem (an inclusive bound read as exclusive, a case-sensitive count, the last of equal elements instead
of the first...); the dev-set builder labels every one of them by running the tests, so a mistake here changes a
label, never makes it wrong.

The file is in the section format of :mod:`codebertscore.devset.sections` (the format of the other languages'
solutions, :mod:`codebertscore.devset.multilang.problems`, without a ``canonical`` section: Python's is
HumanEval's own)::

    === HumanEval/0
    --- alternative
        <a function body, indented like HumanEval's canonical_solution>
    --- wrong[: <what it misreads>]
        <a plausible body that misreads the docstring>
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from codebertscore.devset.sections import parse_sections

SOURCE = "devset/problems/python.txt"


def parse_python_solutions(text: str, source: str = "<solutions>") -> dict[str, tuple[list[str], list[str]]]:
    """``{task_id: (alternatives, wrong)}`` of a Python solutions file (bodies in file order)."""
    return {
        task: ([c for k, _, c in sections if k == "alternative"], [c for k, _, c in sections if k == "wrong"])
        for task, sections in parse_sections(text, source, ("alternative", "wrong")).items()
    }


@lru_cache(maxsize=1)
def _bundled() -> dict[str, tuple[list[str], list[str]]]:
    entry = resources.files("codebertscore.devset").joinpath("problems").joinpath("python.txt")
    return parse_python_solutions(entry.read_text(encoding="utf-8"), SOURCE)


def alternatives_for(task_id: str) -> list[str]:
    """The hand-written correct alternatives of a problem (``"HumanEval/12"``), as indented bodies."""
    return list(_bundled().get(task_id, ([], []))[0])


def wrong_for(task_id: str) -> list[str]:
    """The hand-written plausible-but-wrong solutions of a problem, as indented bodies."""
    return list(_bundled().get(task_id, ([], []))[1])


def covered() -> list[int]:
    """The problem numbers with at least one alternative."""
    return sorted(int(task.rsplit("/", 1)[1]) for task, (alts, _) in _bundled().items() if alts)


__all__ = ["SOURCE", "alternatives_for", "covered", "parse_python_solutions", "wrong_for"]
