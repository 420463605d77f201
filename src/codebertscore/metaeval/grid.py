"""Every setting of one encoder from one encoding pass: layers x headline (P, R, F1, F3) x idf x token filter.

A setting's scores equal those of a :class:`~codebertscore.scoring.scorer.CodeBERTScorer` built with that layer,
headline, idf and ``token_filter`` (tests check it), but the texts are encoded once for the whole grid:

* a token filter only chooses which code tokens are *matched*; the encoder always sees every token, and the windows
  of a long text do not depend on the filter. So each text is tokenised once, prepared once per filter, and encoded
  once with the union of the filters' kept tokens; each filter's vectors are a subset of those rows;
* idf only weights the matched tokens: ``no`` (uniform), ``corpus`` (the shipped table of the data's language,
  :mod:`codebertscore.scoring.corpus_idf`; a language without one, Go, gets uniform weights and a note) and ``refs``
  (idf counted over the distinct references of the call, i.e. of all records of that language — for completeness: a
  score that depends on the rest of the call is never a default);
* P, R, F1 and F3 come from the same similarity matrices; with several references a candidate's best reference is
  picked by the headline (P by F3, as the ``codebertscore`` metric does).

Candidates are processed in chunks of whole problems (texts of one problem are encoded together and dropped after),
so memory is bounded by the chunk, not by the data. The stages are the scorer's own (its
:class:`~codebertscore.scoring.encoding.Embedder`, ``scoring.matching``); torch is imported only when scoring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from codebertscore.errors import ArgumentError
from codebertscore.models.spec import MEASURES
from codebertscore.scoring.filters import get_filter
from codebertscore.scoring.idf import IdfTable
from codebertscore.scoring.inputs import validate_inputs

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

    ``scorer``: a :class:`~codebertscore.scoring.scorer.CodeBERTScorer` (its encoder and embedder — window,
    overlap, truncation, token budget — are used; its own layer, headline, idf and filter are not).
    ``corpus_table``: the table ``idf="corpus"`` stands for (None: uniform weights).
    ``chunks``: lists of candidate indices encoded together (default: all at once); put a problem's candidates in
    one chunk so its reference is encoded once.
    """
    import torch

    from codebertscore.scoring.matching import (
        distinct_texts,
        first_best,
        idf_weights,
        score_pairs,
    )

    check_grid(headlines, idfs, filters)
    inputs = validate_inputs(cands, refs, sources)
    n = len(inputs.cands)
    layer_list = sorted({int(x) for x in layers})
    for lay in layer_list:
        if not 0 <= lay <= scorer.encoder.total_layers:
            raise ArgumentError(f"layers: the encoder has layers 0..{scorer.encoder.total_layers}, got {lay}")
    embedder = scorer.embedder
    index, pair_rows, owner_l, ref_pos_l = distinct_texts(inputs)
    keys = list(index)
    filt = {f: get_filter(f) for f in dict.fromkeys(filters)}
    prepared = dict(zip(filt, embedder.prepare_each(keys, list(filt.values()))))
    first = next(iter(prepared.values()))
    union = [
        replace(first[t], keep=np.logical_or.reduce([prepared[f][t].keep for f in filt])) for t in range(len(keys))
    ]
    # each filter's matched tokens as rows of the union's vectors
    rows_of = {f: [torch.from_numpy(prepared[f][t].keep[union[t].keep]) for t in range(len(keys))] for f in filt}
    pairs = np.asarray(pair_rows, dtype=np.int64).reshape(-1, 2)
    owner = np.asarray(owner_l, dtype=np.int64)
    ref_pos = np.asarray(ref_pos_l, dtype=np.int64)
    say = notes if notes is not None else []

    tables: dict[tuple[str, str], IdfTable | None] = {}
    for f in filt:
        for i in dict.fromkeys(idfs):
            if i == "no":
                tables[(f, i)] = None
            elif i == "corpus":
                tables[(f, i)] = corpus_table
            else:
                ref_ids = sorted({int(r) for r in pairs[:, 1]})
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
        vecs = embedder.encode([union[t] for t in needed], layer_list)
        embs_u = dict(zip(needed, vecs))
        cand_of = owner[rows]
        # candidates of the chunk renumbered 0..m-1 for first_best (rows are listed candidate by candidate)
        cands_here, local = np.unique(cand_of, return_inverse=True)
        for f in filt:
            sub = {t: embs_u[t][:, rows_of[f][t].to(embs_u[t].device)] for t in needed}
            for i in dict.fromkeys(idfs):
                w = dict(zip(needed, idf_weights([prepared[f][t] for t in needed], tables[(f, i)], say)))
                raw = score_pairs(pairs[rows], sub, w, len(layer_list), embedder.vec_device)  # (rows, L, 4)
                for li, lay in enumerate(layer_list):
                    for h in headlines:
                        _, best = first_best(raw[:, li, pick[h]], local, ref_pos[rows], len(cands_here))
                        out[Setting(lay, h, i, f)][cands_here] = raw[best, li, col[h]]
    return out


__all__ = ["GRID_HEADLINES", "IDF_CHOICES", "Setting", "check_grid", "score_grid"]
