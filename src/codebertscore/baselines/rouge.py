"""ROUGE-1, ROUGE-2 and ROUGE-L F-measures (rouge-score), on code tokens by default.

rouge-score's own tokeniser lowercases and keeps only ``[a-z0-9]`` runs: on code it throws away every operator
and bracket, so ``a + b`` and ``a - b`` are identical to it. We hand it our ``code`` tokeniser instead (case
kept, operators kept); ``tok=default`` restores rouge-score's (with ``stem=yes`` for its Porter stemmer).
ROUGE-L is the sentence-level LCS F-measure (``rougeL``, not the summary-level ``rougeLsum``). Several references:
the best F-measure (rouge-score's ``score_multi``).
"""

from __future__ import annotations

from collections.abc import Callable

from codebertscore.baselines.base import BaseMetric, opt_bool, opt_choice, register
from codebertscore.baselines.tokenize import get_tokenizer, tokenizer_label
from codebertscore.errors import require
from codebertscore.scoring.signature import package_version

ROUGE_TYPES = ("1", "2", "L")


class _CallableTokenizer:
    """Adapts a ``str -> list[str]`` function to rouge-score's tokenizer interface (``.tokenize``)."""

    def __init__(self, fn: Callable[[str], list[str]], lowercase: bool) -> None:
        self.fn = fn
        self.lowercase = lowercase

    def tokenize(self, text: str) -> list[str]:
        return self.fn(text.lower() if self.lowercase else text)


class Rouge(BaseMetric):
    """One ROUGE variant's F-measure; see the module docstring."""

    name = "rouge"

    def __init__(self, type: str = "L", tok: str = "code", lowercase: str = "no", stem: str = "no") -> None:  # noqa: A002
        self.rouge_type = opt_choice(self.name, "type", type, ROUGE_TYPES)
        self.tok = opt_choice(self.name, "tok", tok, ["code", "space", "default"])
        self.lowercase = opt_bool(self.name, "lowercase", lowercase)
        self.stem = opt_bool(self.name, "stem", stem)
        self.name = f"rouge{self.rouge_type}"
        rouge_scorer = require("rouge_score.rouge_scorer", "metaeval", "ROUGE")
        self._key = f"rouge{self.rouge_type}"
        tokenizer = None if self.tok == "default" else _CallableTokenizer(get_tokenizer(self.tok), self.lowercase)
        self._scorer = rouge_scorer.RougeScorer([self._key], use_stemmer=self.stem, tokenizer=tokenizer)

    def signature(self) -> str:
        if self.tok == "default":
            tok = f"rouge-score-default(lc,alnum{',porter' if self.stem else ''})"
        else:
            tok = tokenizer_label(self.tok) + ("(lc)" if self.lowercase else "")
        return f"{self._key}|tok:{tok}|measure:F|refs:best|rouge-score:{package_version('rouge-score')}"

    def score_multi(self, cand: str, refs: list[str], source: str | None, lang: str | None) -> float:
        # score_multi(targets, prediction): the best F-measure over the targets
        return float(self._scorer.score_multi(refs, cand)[self._key].fmeasure)




@register("rouge", "ROUGE F-measure (type=1, 2 or L), code tokens")
def _rouge(type: str = "L", tok: str = "code", lowercase: str = "no", stem: str = "no") -> Rouge:  # noqa: A002
    return Rouge(type=type, tok=tok, lowercase=lowercase, stem=stem)


@register("rouge1", "ROUGE-1 F-measure, code tokens")
def _rouge1(tok: str = "code", lowercase: str = "no", stem: str = "no") -> Rouge:
    return Rouge(type="1", tok=tok, lowercase=lowercase, stem=stem)


@register("rouge2", "ROUGE-2 F-measure, code tokens")
def _rouge2(tok: str = "code", lowercase: str = "no", stem: str = "no") -> Rouge:
    return Rouge(type="2", tok=tok, lowercase=lowercase, stem=stem)


@register("rougeL", "ROUGE-L (LCS) F-measure, code tokens")
def _rougel(tok: str = "code", lowercase: str = "no", stem: str = "no") -> Rouge:
    return Rouge(type="L", tok=tok, lowercase=lowercase, stem=stem)
