"""The result of scoring: per-pair P, R, F1, F3, the best reference, corpus means and the signature."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from codebertscore.jsonio import dumps
from codebertscore.models.spec import MEASURES
from codebertscore.scoring.signature import Signature

#: the one table of truncation counts: (per-pair attribute and record flag, summary key in pairs, in tokens)
TRUNCATION_FIELDS = (
    ("truncated_tokens", "candidates", "candidate_tokens"),
    ("ref_truncated_tokens", "references", "reference_tokens"),
    ("context_tokens_dropped", "context", "context_tokens"),
)


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
        truncated_tokens: int array (N,): the candidate's code tokens dropped (only with truncate=True).
        ref_truncated_tokens: int array (N,): the best reference's code tokens dropped (only with truncate=True).
        context_tokens_dropped: int array (N,): context tokens left out of every window of the candidate or the
            best reference (the larger of the two; long inputs keep only the end of their context). The code is
            still matched in full.
        notes: what the call could not match in full, in words.

    ``summary()["n_truncated"]`` counts the pairs whose candidate or best reference lost code tokens;
    ``summary()["truncation"]`` breaks it down by side, with the context, in pairs and in tokens.
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
    ref_truncated_tokens: np.ndarray | None = None
    context_tokens_dropped: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name in ("ref_truncated_tokens", "context_tokens_dropped"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, np.zeros(len(self.P), dtype=np.int64))

    def truncation(self) -> dict[str, int]:
        """Pairs (and tokens) cut on each side: candidates and references (truncate=True), and the context."""
        out = {pairs: int((np.asarray(getattr(self, attr)) > 0).sum()) for attr, pairs, _ in TRUNCATION_FIELDS}
        out.update({tokens: int(np.asarray(getattr(self, attr)).sum()) for attr, _, tokens in TRUNCATION_FIELDS})
        return out

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
            "n_truncated": int(((self.truncated_tokens > 0) | (self.ref_truncated_tokens > 0)).sum()),  # type: ignore[operator]
            "truncation": self.truncation(),
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
            if self.ref_truncated_tokens[i]:  # type: ignore[index]
                rec["ref_truncated_tokens"] = int(self.ref_truncated_tokens[i])  # type: ignore[index]
            if self.context_tokens_dropped[i]:  # type: ignore[index]
                rec["context_tokens_dropped"] = int(self.context_tokens_dropped[i])  # type: ignore[index]
            out.append(rec)
        return out

    def to_json(self, ids: Sequence[Any] | None = None, indent: int | None = None) -> str:
        return dumps({**self.summary(), "items": self.records(ids)}, indent=indent)

    def __repr__(self) -> str:
        s = self.summary()
        means = " ".join(f"{m}={v:.4f}" if v is not None else f"{m}=None" for m, v in s["mean"].items())
        return f"ScoreResult(n={s['n']}, {means}, signature={s['signature']!r})"
