"""codebertscore — CodeBERTScore for generated code, with signatures, meta-evaluation and speed.

Quick use::

    from codebertscore import CodeBERTScorer
    scorer = CodeBERTScorer(lang="python")
    result = scorer.score(cands=["def f(x): return x + 1"], refs=["def f(y): return y + 1"])
    print(result.F3, result.signature)
"""

__version__ = "0.1.0"

from codebertscore.scoring.result import ScoreResult  # noqa: E402
from codebertscore.scoring.scorer import CodeBERTScorer, score  # noqa: E402

__all__ = ["CodeBERTScorer", "ScoreResult", "score", "__version__"]
