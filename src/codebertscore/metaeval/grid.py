"""Every setting of one encoder from one encoding pass: layers x headline (P, R, F1, F3) x idf x token filter.

A setting's scores equal those of a :class:`~codebertscore.scoring.scorer.CodeBERTScorer` built with that layer,
headline, idf and ``token_filter`` (tests check it), but the texts are encoded once for the whole grid:

* a token filter only chooses which code tokens are *matched*; the encoder always sees every token, and the windows
  of a long text do not depend on the filter. So each text is tokenised once, prepared once per filter, and encoded
  once with the union of the filters' kept tokens; each filter's vectors are a subset of those rows;
* idf only weights the matched tokens: ``no`` (uniform), ``corpus`` (the shipped table of the data's language,
  :mod:`codebertscore.corpus_idf`; a language without one, Go, gets uniform weights and a note) and ``refs`` (idf
  counted over the distinct references of the call, i.e. of all records of that language — for completeness: a
  score that depends on the rest of the call is never a default);
* P, R, F1 and F3 come from the same similarity matrices; with several references a candidate's best reference is
  picked by the headline (P by F3, as the ``codebertscore`` metric does).

Candidates are processed in chunks of whole problems (texts of one problem are encoded together and dropped after),
so memory is bounded by the chunk, not by the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import torch

from codebertscore.errors import ArgumentError
from codebertscore.idf import IdfTable
from codebertscore.scoring.inputs import validate_inputs
from codebertscore.scoring.result import MEASURES
from codebertscore.text.filters import get_filter
from codebertscore.text.prepare import PreparedText, join, prepare

#: idf choices of the grid
IDF_CHOICES: tuple[str, ...] = ("no", "corpus", "refs")
#: headline measures of the grid (P is reported for completeness; it is not a scorer headline)
GRID_HEADLINES: tuple[str, ...] = ("F1", "F3", "R", "P")


@dataclass(frozen=True, order=True)
class Setting:
    layer: int
    headline: str
    idf: str
    token_filter: str

    @property
    def name(self) -> str:
        return f"layer={self.layer},F={self.headline},idf={self.idf},filter={self.token_filter}"

    @classmethod
    def parse(cls, name: str) -> Setting:
        try:
            parts = dict(p.split("=", 1) for p in name.split(","))
            s = cls(int(parts["layer"]), parts["F"], parts["idf"], parts["filter"])
        except (KeyError, ValueError):
            raise ArgumentError(
                f"setting: expected e.g. 'layer=3,F=R,idf=no,filter=paper', got {name!r}"
            ) from None
        return s


def check_grid(headlines: Sequence[str], idfs: Sequence[str], filters: Sequence[str]) -> None:
    if not headlines or any(h not in GRID_HEADLINES for h in headlines):
        raise ArgumentError(f"headlines: expected some of {', '.join(GRID_HEADLINES)}, got {list(headlines)!r}")
    if not idfs or any(i not in IDF_CHOICES for i in idfs):
        raise ArgumentError(f"idf: expected some of {', '.join(IDF_CHOICES)}, got {list(idfs)!r}")
    if not filters:
        raise ArgumentError("token_filters: expected at least one filter")
    for f in filters:
        get_filter(f, argument="token_filters")


def _first_best_rows(values: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Row of the first maximal value of each owner (``owner`` non-decreasing), in owner order."""
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    group_max = np.maximum.reduceat(values, starts)
    _, inverse = np.unique(owner, return_inverse=True)
    is_max = np.flatnonzero(values == group_max[inverse])
    _, first = np.unique(owner[is_max], return_index=True)
    return is_max[first]


def score_grid(
    scorer: Any,
    cands: Sequence[str],
    refs: Sequence[Sequence[str]],
    sources: Sequence[str] | None,
    *,
    layers: Sequence[int],
    headlines: Sequence[str],
    idfs: Sequence[str],
    filters: Sequence[str],
    corpus_table: IdfTable | None = None,
    chunks: Sequence[Sequence[int]] | None = None,
    notes: list[str] | None = None,
) -> dict[Setting, np.ndarray]:
    """Scores of every candidate under every setting of the grid (see the module docstring).

    ``scorer``: a :class:`CodeBERTScorer` (its encoder, window and overlap are used; its own layer, headline, idf
    and filter are not). ``corpus_table``: the table ``idf="corpus"`` stands for (None: uniform weights).
    ``chunks``: lists of candidate indices encoded together (default: all at once); put a problem's candidates in
    one chunk so its reference is encoded once.
    """
    check_grid(headlines, idfs, filters)
    inputs = validate_inputs(cands, refs, sources)
    n = len(inputs.cands)
    layer_list = sorted(set(int(x) for x in layers))
    for lay in layer_list:
        if not 0 <= lay <= scorer.encoder.total_layers:
            raise ArgumentError(f"layers: the encoder has layers 0..{scorer.encoder.total_layers}, got {lay}")
    from codebertscore.scoring.scorer import _distinct_texts

    index, pair_rows, owner_l, _ = _distinct_texts(inputs)
    keys = list(index)
    joined = [join(ctx, code) for ctx, code in keys]
    tokens = scorer.encoder.tokenize([t for t, _ in joined])
    filt = {f: get_filter(f) for f in dict.fromkeys(filters)}
    prepared: dict[str, list[PreparedText]] = {
        f: [
            prepare(ctx, code, ids, offs, text, start, special_ids=scorer.encoder.special_ids, no_punc=tf.drop,
                    budget=scorer._budget, overlap=scorer.overlap, truncate=scorer.truncate, token_filter=tf)
            for (ctx, code), (text, start), (ids, offs) in zip(keys, joined, tokens)
        ]
        for f, tf in filt.items()
    }
    first = next(iter(prepared.values()))
    union = [
        replace(first[t], keep=np.logical_or.reduce([prepared[f][t].keep for f in filt])) for t in range(len(keys))
    ]
    # each filter's matched tokens as rows of the union's vectors
    rows_of = {f: [torch.from_numpy(prepared[f][t].keep[union[t].keep]) for t in range(len(keys))] for f in filt}
    pairs = np.asarray(pair_rows, dtype=np.int64).reshape(-1, 2)
    owner = np.asarray(owner_l, dtype=np.int64)
    say = notes if notes is not None else []

    tables: dict[tuple[str, str], IdfTable | None] = {}
    for f in filt:
        for i in dict.fromkeys(idfs):
            if i == "no":
                tables[(f, i)] = None
            elif i == "corpus":
                tables[(f, i)] = corpus_table
            else:
                ref_ids = sorted(set(int(r) for r in pairs[:, 1]))
                tables[(f, i)] = IdfTable.from_token_ids(
                    (prepared[f][r].kept_ids for r in ref_ids), tokenizer=scorer.encoder.info.name,
                    tokenizer_sha256=scorer.encoder.tokenizer_sha256, source="the distinct references of this call",
                )

    out = {
        Setting(lay, h, i, f): np.zeros(n, dtype=np.float64)
        for lay in layer_list for h in headlines for i in dict.fromkeys(idfs) for f in filt
    }
    chunk_list = [np.asarray(c, dtype=np.int64) for c in chunks] if chunks is not None else [np.arange(n)]
    covered = np.zeros(n, dtype=np.int64)
    for c in chunk_list:
        covered[c] += 1
    if not np.all(covered == 1):
        raise ArgumentError("chunks: expected every candidate in exactly one chunk")
    pick = {h: MEASURES.index("F3" if h == "P" else h) for h in headlines}
    col = {h: MEASURES.index(h) for h in headlines}
    for chunk in chunk_list:
        rows = np.flatnonzero(np.isin(owner, chunk))
        if not len(rows):
            continue
        needed = sorted(set(pairs[rows].ravel().tolist()))
        vecs = scorer._encode([union[t] for t in needed], layer_list)
        embs_u = dict(zip(needed, vecs))
        cand_of = owner[rows]
        for f in filt:
            sub = {t: embs_u[t][:, rows_of[f][t].to(embs_u[t].device)] for t in needed}
            for i in dict.fromkeys(idfs):
                w = dict(zip(needed, scorer._weights([prepared[f][t] for t in needed], tables[(f, i)], say)))
                raw = scorer._score_pairs(pairs[rows], sub, w, len(layer_list))  # (rows, L, 4)
                for li, lay in enumerate(layer_list):
                    for h in headlines:
                        best = _first_best_rows(raw[:, li, pick[h]], cand_of)
                        out[Setting(lay, h, i, f)][cand_of[best]] = raw[best, li, col[h]]
    return out


__all__ = ["GRID_HEADLINES", "IDF_CHOICES", "Setting", "check_grid", "score_grid"]
