"""chrF and chrF++ (sacrebleu), sentence level.

chrF works on characters, so it needs no code tokeniser: sacrebleu removes whitespace before extracting
character n-grams (1..6) and combines precision and recall with beta = 2. ``word_order=2`` gives chrF++ (word
1-2-grams added, words split on whitespace). Several references: sacrebleu's sentence chrF keeps the best
reference. Scores are in [0, 1] (sacrebleu's / 100).
"""

from __future__ import annotations

from codebertscore.baselines.base import BaseMetric, opt_bool, opt_int, register
from codebertscore.errors import require


@register("chrf", "character n-gram F-score (sacrebleu chrF; word_order=2 for chrF++)")
class ChrF(BaseMetric):
    name = "chrf"

    def __init__(self, char_order: str = "6", word_order: str = "0", beta: str = "2", lowercase: str = "no") -> None:
        self.char_order = opt_int(self.name, "char_order", char_order, minimum=1)
        self.word_order = opt_int(self.name, "word_order", word_order, minimum=0)
        self.beta = opt_int(self.name, "beta", beta, minimum=1)
        self.lowercase = opt_bool(self.name, "lowercase", lowercase)
        metrics = require("sacrebleu.metrics", "metaeval", "chrF")
        self._chrf = metrics.CHRF(
            char_order=self.char_order, word_order=self.word_order, beta=self.beta, lowercase=self.lowercase
        )

    def signature(self) -> str:
        sacrebleu = require("sacrebleu", "metaeval", "chrF")
        return (
            f"chrf|tok:chars(whitespace removed)|nc:{self.char_order}|nw:{self.word_order}|beta:{self.beta}"
            f"|case:{'lc' if self.lowercase else 'mixed'}|refs:best|sacrebleu:{sacrebleu.__version__}"
        )

    def score_multi(self, cand: str, refs: list[str], source: str | None, lang: str | None) -> float:
        return float(self._chrf.sentence_score(cand, refs).score) / 100.0
