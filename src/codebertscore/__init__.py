"""codebertscore — CodeBERTScore for generated code, with signatures, meta-evaluation and speed.

Quick use::

    from codebertscore import CodeBERTScorer
    scorer = CodeBERTScorer(lang="python")
    result = scorer.score(cands=["def f(x): return x + 1"], refs=["def f(y): return y + 1"])
    print(result.F3, result.signature)
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["CodeBERTScorer", "ScoreResult", "score", "__version__"]

_LAZY = {
    "CodeBERTScorer": "codebertscore.scoring.scorer",
    "score": "codebertscore.scoring.scorer",
    "ScoreResult": "codebertscore.scoring.result",
}


def __getattr__(name: str) -> Any:
    """Import the scorer (and torch) only when it is first used, so that `codebertscore --help` stays fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'codebertscore' has no attribute {name!r}")
