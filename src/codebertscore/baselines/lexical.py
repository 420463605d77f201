"""Exact match and edit similarity: the two metrics that need no tokeniser and no dependency.

* ``exact``: 1.0 when the candidate equals one of its references after normalisation, else 0.0. Normalisations
  (``norm=``): ``strip`` (default: leading/trailing whitespace of the whole text, and trailing whitespace of each
  line), ``ws`` (every run of whitespace counts as one space; leading/trailing removed), ``none``.
* ``edit_sim``: 1 - Levenshtein(c, r) / max(len(c), len(r)) over characters (unit costs for insertion, deletion
  and substitution), after the same normalisation; the best over the references. Two empty texts score 1.0.
  The distance is computed with the bit-parallel algorithm of Myers (1999) in Hyyrö's (2001) formulation, using
  Python integers as bit vectors: O(len(c) * len(r) / word size) instead of the O(len(c) * len(r)) table.
"""

from __future__ import annotations

import re

from codebertscore.baselines.base import BaseMetric, opt_choice, register

NORMALISATIONS = ("strip", "ws", "none")
_WS = re.compile(r"\s+")


def normalise(text: str, how: str) -> str:
    """Apply one of :data:`NORMALISATIONS` to ``text``."""
    if how == "strip":
        return "\n".join(line.rstrip() for line in text.strip().splitlines())
    if how == "ws":
        return _WS.sub(" ", text).strip()
    return text


def levenshtein(a: str, b: str) -> int:
    """Unit-cost edit distance between two strings (bit-parallel; exact).

    >>> levenshtein("kitten", "sitting")
    3
    """
    if len(a) < len(b):
        a, b = b, a  # the shorter string is the bit-vector "pattern": fewer bits per step
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(b):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv, dist = full, 0, m  # vertical +1/-1 deltas of the current column; D[m][0] = m
    for ch in a:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & full) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & full
        mh = pv & xh
        if ph & top:
            dist += 1
        elif mh & top:
            dist -= 1
        ph = ((ph << 1) | 1) & full  # row 0 of the table is 0, 1, 2, ...: a +1 enters from the top
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv
    return dist


def edit_similarity(a: str, b: str) -> float:
    """1 - levenshtein(a, b) / max(len(a), len(b)); 1.0 for two empty strings."""
    longest = max(len(a), len(b))
    if longest == 0:
        return 1.0
    return 1.0 - levenshtein(a, b) / longest


@register("exact", "exact match after whitespace normalisation (1 or 0)")
class ExactMatch(BaseMetric):
    name = "exact"

    def __init__(self, norm: str = "strip") -> None:
        self.norm = opt_choice(self.name, "norm", norm, NORMALISATIONS)

    def signature(self) -> str:
        return f"exact|norm:{self.norm}|refs:any"

    def score_one(self, cand: str, ref: str, source: str | None, lang: str | None) -> float:
        return 1.0 if normalise(cand, self.norm) == normalise(ref, self.norm) else 0.0


@register("edit_sim", "1 - normalised character Levenshtein distance, best reference")
class EditSimilarity(BaseMetric):
    name = "edit_sim"

    def __init__(self, norm: str = "strip") -> None:
        self.norm = opt_choice(self.name, "norm", norm, NORMALISATIONS)

    def signature(self) -> str:
        return f"edit_sim|unit:char|norm:{self.norm}|denom:max_len|refs:max"

    def score_one(self, cand: str, ref: str, source: str | None, lang: str | None) -> float:
        return edit_similarity(normalise(cand, self.norm), normalise(ref, self.norm))
