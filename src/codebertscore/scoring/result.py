"""The result of scoring: per-pair P, R, F1, F3, the best reference, corpus means and the signature."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from codebertscore.jsonio import dumps
from codebertscore.models.spec import MEASURES
from codebertscore.scoring.signature import Signature


@dataclass(frozen=True)
class ScoreResult:
    """Scores of N candidates, each against its best reference.

    Attributes:
        P, R, F1, F3: float64 arrays of shape (N,). All four come from the same reference: the one with the best
            ``headline`` measure (ties go to the first).
        best_ref: int64 array (N,): index of that reference in the candidate's list of references.
        headline: "F1", "F3" or "R", the measure that picks the best reference.
        signature: everything that changes these numbers.
        empty: bool array (N,): pairs scored 0 because the candidate or its best reference had no code token left
            after filtering (empty, whitespace-only or punctuation-only code).
        truncated_tokens: int array (N,): candidate code tokens dropped (only with truncate=True).
    """

    P: np.ndarray
    R: np.ndarray
    F1: np.ndarray
    F3: np.ndarray
    best_ref: np.ndarray
    headline: str
    signature: Signature
    empty: np.ndarray
    truncated_tokens: np.ndarray
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return int(self.P.shape[0])

    @property
    def F(self) -> np.ndarray:
        """The headline measure (F1, F3 or R)."""
        return self.measure(self.headline)

    def measure(self, name: str) -> np.ndarray:
        if name not in MEASURES:
            raise KeyError(f"measure: expected one of {MEASURES}, got {name!r}")
        return getattr(self, name)

    def summary(self) -> dict[str, Any]:
        """Corpus-level numbers: the mean of each measure over the pairs, counts, and the signature."""
        n = len(self)
        # no pairs: the means are None (null in JSON), never NaN
        means = {m: (float(np.mean(getattr(self, m))) if n else None) for m in MEASURES}
        return {
            "n": n,
            "mean": means,
            "headline": self.headline,
            "n_empty": int(self.empty.sum()),
            "n_truncated": int((self.truncated_tokens > 0).sum()),
            "signature": self.signature.format(),
            "settings": self.signature.to_dict(),
            "notes": list(self.notes),
        }

    def records(self, ids: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """One dict per pair: id (or index), P, R, F1, F3, best_ref, and flags where set."""
        if ids is not None and len(ids) != len(self):
            raise ValueError(f"ids: expected {len(self)} ids, got {len(ids)}")
        out = []
        for i in range(len(self)):
            rec: dict[str, Any] = {"id": ids[i] if ids is not None else i}
            for m in MEASURES:
                rec[m] = float(getattr(self, m)[i])
            rec["best_ref"] = int(self.best_ref[i])
            if self.empty[i]:
                rec["empty"] = True
            if self.truncated_tokens[i]:
                rec["truncated_tokens"] = int(self.truncated_tokens[i])
            out.append(rec)
        return out

    def to_json(self, ids: Sequence[Any] | None = None, indent: int | None = None) -> str:
        return dumps({**self.summary(), "items": self.records(ids)}, indent=indent)

    def __repr__(self) -> str:
        s = self.summary()
        means = " ".join(f"{m}={v:.4f}" if v is not None else f"{m}=None" for m, v in s["mean"].items())
        return f"ScoreResult(n={s['n']}, {means}, signature={s['signature']!r})"
