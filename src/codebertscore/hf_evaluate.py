"""CodeBERTScore as a Hugging Face ``evaluate`` metric (optional extra ``[evaluate]``).

The metric module ships with the package (``data/evaluate/codebertscore``: the script and its metric card), so it
loads offline from a local path::

    import evaluate
    from codebertscore.hf_evaluate import PATH
    metric = evaluate.load(PATH)              # or: from codebertscore.hf_evaluate import load; metric = load()
    out = metric.compute(predictions=cands, references=refs, lang="python")
    out["f3"], out["hashcode"]

The script is a thin shell around :func:`compute`, which scores with :func:`codebertscore.score` (the scorer is kept
between calls with the same settings). Only this module and the script import ``evaluate``.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, require

#: the folder ``evaluate.load`` takes (it holds ``codebertscore.py`` and the metric card ``README.md``)
PATH = str(Path(__file__).resolve().parent / "data" / "evaluate" / "codebertscore")

#: what each example's output holds, in order (per-example lists, then the settings)
OUTPUT_KEYS = ("precision", "recall", "f1", "f3", "score", "best_ref", "headline", "hashcode")


def load(**kwargs: Any) -> Any:
    """``evaluate.load(PATH, **kwargs)``, with an install hint when ``evaluate`` is missing."""
    evaluate = require("evaluate", "evaluate", "the Hugging Face evaluate metric")
    return evaluate.load(PATH, **kwargs)


def scorer_keywords() -> tuple[str, ...]:
    """The settings ``compute`` accepts: :class:`~codebertscore.CodeBERTScorer`'s keyword arguments."""
    from codebertscore.scoring.scorer import CodeBERTScorer

    params = inspect.signature(CodeBERTScorer.__init__).parameters
    return tuple(name for name in params if name != "self")


def compute(
    *,
    predictions: Sequence[str],
    references: Sequence[str] | Sequence[Sequence[str]],
    sources: Sequence[str] | None = None,
    **settings: Any,
) -> dict[str, Any]:
    """Score ``predictions`` against ``references`` (one or several per prediction), with optional ``sources``
    (contexts: encoded with the code, never matched). ``settings`` are :class:`~codebertscore.CodeBERTScorer`'s
    keywords (``lang``, ``model``, ``layer``, ``headline``, ``idf``, ...).

    Returns per-example lists ``precision``, ``recall``, ``f1``, ``f3``, ``score`` (the headline measure) and
    ``best_ref`` (index of the reference that was used), the ``headline`` measure's name and ``hashcode`` (the
    signature: everything that changes the numbers).
    """
    from codebertscore.scoring.scorer import score

    known = scorer_keywords()
    unknown = sorted(set(settings) - set(known))
    if unknown:
        raise ArgumentError(f"{', '.join(unknown)}: not a setting of the metric; expected any of {', '.join(known)}")
    result = score(cands=list(predictions), refs=[r if isinstance(r, str) else list(r) for r in references],
                   sources=None if sources is None else list(sources), **settings)
    return {
        "precision": result.P.tolist(),
        "recall": result.R.tolist(),
        "f1": result.F1.tolist(),
        "f3": result.F3.tolist(),
        "score": result.F.tolist(),
        "best_ref": result.best_ref.tolist(),
        "headline": result.headline,
        "hashcode": result.signature.format(),
    }


__all__ = ["OUTPUT_KEYS", "PATH", "compute", "load", "scorer_keywords"]
