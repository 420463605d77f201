"""Baseline rescaling tables (BERTScore's idea): score' = (score - b) / (1 - b).

``b`` is the expected score of unrelated pairs for one encoder, layer and setting, measured on a corpus of code
(`codebertscore baseline`). Rescaling is monotone, so it changes no correlation: it only spreads scores over a
readable range (unrelated code near 0, identical code at 1; scores below the baseline are negative and may go below
-1). The reference implementation ships no tables and silently uses b = 0.5; we refuse to rescale without a table
that matches the model, layer, idf and filter setting, and the table's hash enters the signature.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from codebertscore.errors import ArgumentError, InputError
from codebertscore.jsonio import dumps
from codebertscore.models.spec import MEASURES

if TYPE_CHECKING:
    from codebertscore.models.hf import EncoderInfo
    from codebertscore.scoring.result import ScoreResult

FORMAT = "codebertscore-baseline/1"


@dataclass(frozen=True)
class BaselineEntry:
    layer: int
    idf: bool
    no_punc: bool
    context: bool
    values: dict[str, float]  # P, R, F1, F3
    n_pairs: int
    #: the token filter's name; tables written before filters had names say only no_punc (True = "paper")
    token_filter: str = ""

    @property
    def filter_name(self) -> str:
        return self.token_filter or ("paper" if self.no_punc else "none")

    def key(self) -> tuple[int, bool, str, bool]:
        return (self.layer, self.idf, self.filter_name, self.context)


@dataclass(frozen=True)
class BaselineTable:
    """Baselines of one encoder (identified by its weights hash or revision) for several settings."""

    model: str
    model_ident: str
    entries: tuple[BaselineEntry, ...]
    corpus: str = ""
    seed: int = 0
    #: the pairs asked for when measured (entries' n_pairs are those used: identical snippet pairs are left out);
    #: None in tables written before it was recorded
    n_pairs_requested: int | None = None

    def lookup(
        self, *, layer: int, idf: bool, token_filter: str, context: bool, model_ident: str
    ) -> dict[str, float]:
        if self.model_ident and model_ident and self.model_ident != model_ident:
            raise ArgumentError(
                f"rescale: the baseline table was measured for {self.model} ({self.model_ident}), not for the "
                f"encoder in use ({model_ident}); measure one with `codebertscore baseline`"
            )
        for e in self.entries:
            if e.key() == (layer, idf, token_filter, context):
                return e.values
        have = ", ".join(
            f"layer={e.layer} idf={e.idf} token_filter={e.filter_name} context={e.context}" for e in self.entries
        )
        raise ArgumentError(
            f"rescale: no baseline for layer={layer} idf={idf} token_filter={token_filter} context={context} in the "
            "table "
            f"(it has: {have or 'nothing'})"
        )

    def to_json_dict(self) -> dict:
        return {
            "format": FORMAT,
            "model": self.model,
            "model_ident": self.model_ident,
            "corpus": self.corpus,
            "seed": self.seed,
            **({"n_pairs_requested": self.n_pairs_requested} if self.n_pairs_requested is not None else {}),
            "entries": [
                {"layer": e.layer, "idf": e.idf, "no_punc": e.no_punc,
                 **({"token_filter": e.token_filter} if e.token_filter else {}),
                 "context": e.context, "n_pairs": e.n_pairs, **{m: e.values[m] for m in MEASURES}}
                for e in self.entries
            ],
        }

    @property
    def sha256(self) -> str:
        blob = json.dumps(self.to_json_dict(), sort_keys=True, separators=(",", ":")).encode()
        return hashlib.sha256(blob).hexdigest()

    def save(self, path: str | Path) -> None:
        Path(path).write_text(dumps(self.to_json_dict(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> BaselineTable:
        from codebertscore.scoring.readers import read_json_table

        p = Path(path)
        data = read_json_table(p, argument="rescale", what="baseline table", format_name=FORMAT)
        try:
            entries = tuple(
                BaselineEntry(
                    layer=int(e["layer"]), idf=bool(e["idf"]), no_punc=bool(e["no_punc"]),
                    context=bool(e.get("context", False)), n_pairs=int(e.get("n_pairs", 0)),
                    values={m: float(e[m]) for m in MEASURES}, token_filter=str(e.get("token_filter", "")),
                )
                for e in data["entries"]
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"rescale: {p} has a malformed entry ({exc})") from exc
        for e in entries:
            if any(not (-1.0 <= v < 1.0) for v in e.values.values()):
                raise InputError(f"rescale: {p}: baselines must lie in [-1, 1), got {e.values}")
        requested = data.get("n_pairs_requested")
        return cls(model=str(data.get("model", "")), model_ident=str(data.get("model_ident", "")),
                   entries=entries, corpus=str(data.get("corpus", "")), seed=int(data.get("seed", 0)),
                   n_pairs_requested=None if requested is None else int(requested))

    def shortfall(self) -> str | None:
        """A sentence when fewer pairs were used than asked for (identical snippet pairs left out), else None."""
        if self.n_pairs_requested is None or not self.entries:
            return None
        used = min(e.n_pairs for e in self.entries)
        if used >= self.n_pairs_requested:
            return None
        return (f"used {used} of the {self.n_pairs_requested} pairs asked: {self.n_pairs_requested - used} drew the "
                "same snippet twice and were left out (a corpus with more distinct documents avoids it)")


def load_baseline(rescale: str | Path | BaselineTable | None) -> BaselineTable | None:
    """A scorer's ``rescale`` argument as a table (loaded from a path when given one), or None for no rescaling."""
    if rescale is None or rescale is False:
        return None
    if isinstance(rescale, BaselineTable):
        return rescale
    if isinstance(rescale, (str, Path)):
        return BaselineTable.load(rescale)
    raise ArgumentError(f"rescale: expected None, a path to a baseline table or a BaselineTable, got {rescale!r}")


def sample_snippets(documents: list[str], n: int, seed: int, lines: tuple[int, int] = (5, 40)) -> list[str]:
    """``n`` random code snippets: a random run of 5-40 non-blank-started lines from random documents."""
    import random

    rng = random.Random(seed)
    docs = [d.splitlines() for d in documents if len(d.strip().splitlines()) >= lines[0]]
    if len(docs) < 2:
        raise InputError("baseline: the corpus needs at least two documents of 5 lines or more")
    out: list[str] = []
    while len(out) < n:
        doc = rng.choice(docs)
        size = rng.randint(*lines)
        start = rng.randint(0, max(0, len(doc) - size))
        snippet = "\n".join(doc[start : start + size]).strip()
        if snippet:
            out.append(snippet)
    return out


def check_n_pairs(n_pairs: int) -> None:
    """The number of pairs a baseline is measured on: at least 10."""
    if not isinstance(n_pairs, int) or isinstance(n_pairs, bool) or n_pairs < 10:
        raise ArgumentError(f"n_pairs: expected at least 10 pairs, got {n_pairs}")


class _Encoder(Protocol):
    @property
    def info(self) -> EncoderInfo: ...


class BaselineScorer(Protocol):
    """What :func:`measure_baseline` needs of a scorer (a :class:`~codebertscore.scoring.scorer.CodeBERTScorer`, not
    imported here: the scorer imports this module)."""

    @property
    def encoder(self) -> _Encoder: ...

    def score_layers(
        self, *, cands: Sequence[str], refs: Sequence[str], layers: Iterable[int]
    ) -> dict[int, ScoreResult]: ...


def measure_baseline(
    scorer: BaselineScorer, documents: list[str], *, layers: list[int], n_pairs: int = 2000, seed: int = 0,
    corpus: str = "",
) -> BaselineTable:
    """Mean P, R, F1, F3 of ``n_pairs`` unrelated snippet pairs (drawn from different documents), per layer."""
    import numpy as np

    check_n_pairs(n_pairs)
    token_filter = str(getattr(getattr(scorer, "token_filter", None), "name", "paper"))
    snippets = sample_snippets(documents, 2 * n_pairs, seed)
    cands, refs = snippets[:n_pairs], snippets[n_pairs:]
    keep = [i for i in range(n_pairs) if cands[i] != refs[i]]
    if not keep:
        raise InputError(f"baseline: all {n_pairs} pairs drawn were identical snippets; the corpus needs distinct "
                         "documents")
    results = scorer.score_layers(cands=[cands[i] for i in keep], refs=[refs[i] for i in keep], layers=layers)
    use_idf = getattr(scorer, "idf_mode", "no") != "no"
    entries = tuple(
        BaselineEntry(
            layer=layer, idf=use_idf, no_punc=bool(getattr(scorer, "no_punc", True)), context=False,
            values={m: float(np.mean(res.measure(m))) for m in MEASURES}, n_pairs=len(keep),
            token_filter=token_filter,
        )
        for layer, res in sorted(results.items())
    )
    info = scorer.encoder.info
    return BaselineTable(model=info.name, model_ident=info.ident, entries=entries, corpus=corpus, seed=seed,
                         n_pairs_requested=n_pairs)
