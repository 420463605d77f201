"""The ``>>>`` examples in the library's docstrings run and hold (``doctest`` over every module that has one).

Modules are found by reading the source, not by importing everything (``--doctest-modules`` over ``src`` would import
the training and ONNX modules and their heavy optional dependencies). Files under ``data/`` are package data (the
Hugging Face ``evaluate`` script, whose example needs the ``evaluate`` package), not modules of the library.
"""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "codebertscore"

#: a doctest prompt: ``>>>`` at the start of a line (after indentation) followed by a space or the line's end
PROMPT = re.compile(r"^\s*>>>( |$)", re.MULTILINE)


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[1] == "data" or not PROMPT.search(path.read_text(encoding="utf-8")):
            continue
        parts = rel.with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = _modules_with_examples()


def test_some_modules_carry_examples() -> None:
    # guards the discovery itself: an empty list would make the parametrized test below vacuous
    assert {"codebertscore.baselines.tokenize", "codebertscore.baselines.lexical"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.attempted > 0, f"{name} has a '>>>' line that doctest did not collect"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
