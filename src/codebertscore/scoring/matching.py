"""Matching: pairs of texts in, P/R/F1/F3 out, and the best reference of each candidate.

The stage after encoding (``codebertscore.scoring.encoding``), and the loop that runs the two in chunks
(:func:`encode_and_match`). A call's inputs are reduced to distinct
(context, code) texts and pairs of text indices (:func:`distinct_texts`); token weights are uniform or idf
(:func:`idf_weights`); each pair is scored by the pure functions of ``codebertscore.scoring.functional`` in batches of
similar size (:func:`score_pairs`); each candidate keeps the first reference with the best headline measure
(:func:`first_best`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

from codebertscore.scoring import functional as F
from codebertscore.scoring.encoding import Embedder, TextKey
from codebertscore.scoring.idf import IdfTable
from codebertscore.scoring.inputs import Inputs
from codebertscore.scoring.prepare import PreparedText

#: max elements of one padded similarity batch (B x C x K x layers)
_SIM_BUDGET = 1 << 25


def distinct_texts(inputs: Inputs) -> tuple[dict[TextKey, int], list[tuple[int, int]], list[int], list[int]]:
    """The distinct (context, code) texts of a call (in order of first use) and its pairs as text indices, with each
    pair's candidate and the reference's position in that candidate's list."""
    n = len(inputs.cands)
    srcs: list[str | None] = list(inputs.sources) if inputs.sources is not None else [None] * n
    index: dict[TextKey, int] = {}

    def key_id(k: TextKey) -> int:
        if k not in index:
            index[k] = len(index)
        return index[k]

    pair_rows: list[tuple[int, int]] = []
    owner: list[int] = []
    ref_pos: list[int] = []
    for i in range(n):
        ci = key_id((srcs[i], inputs.cands[i]))
        for j, ref in enumerate(inputs.refs[i]):
            pair_rows.append((ci, key_id((srcs[i], ref))))
            owner.append(i)
            ref_pos.append(j)
    return index, pair_rows, owner, ref_pos


def first_best(values: np.ndarray, owner: np.ndarray, ref_pos: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``n`` owners: the position (among its references) and the row of its first maximal value.

    ``owner`` is non-decreasing and covers 0..n-1 (pairs are listed candidate by candidate).
    """
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    group_max = np.maximum.reduceat(values, starts)  # (n,)
    is_max = np.flatnonzero(values == group_max[owner])
    _, first = np.unique(owner[is_max], return_index=True)  # first maximal row of each owner
    chosen = is_max[first]
    return ref_pos[chosen], chosen


def coverage_notes(
    inputs: Inputs,
    index: Mapping[TextKey, int],
    texts: Sequence[PreparedText],
    pair_rows: Sequence[tuple[int, int]],
    truncate: bool,
    window: int,
    notes: list[str],
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """What a call could not match in full: per pair, whether a side has no kept token, and the tokens left out
    (columns: candidate code tokens and reference code tokens dropped by truncation, context tokens never encoded
    on either side); the notes for the result are appended to ``notes``, and the ones that also deserve a warning
    are returned."""
    n = len(inputs.cands)
    srcs: list[str | None] = list(inputs.sources) if inputs.sources is not None else [None] * n
    pairs = np.asarray(pair_rows, dtype=np.int64).reshape(-1, 2)
    warn: list[str] = []
    sizes = np.array([t.n_kept for t in texts], dtype=np.int64)
    pair_empty = (sizes[pairs[:, 0]] == 0) | (sizes[pairs[:, 1]] == 0) if len(pairs) else np.zeros(0, bool)
    empty_cands = int(sum(1 for i in range(n) if texts[index[(srcs[i], inputs.cands[i])]].n_kept == 0))
    empty_refs = int(sum(1 for t in set(pairs[:, 1].tolist()) if texts[t].n_kept == 0)) if len(pairs) else 0
    if empty_cands or empty_refs:
        msg = (
            f"{empty_cands} candidate(s) and {empty_refs} distinct reference(s) have no code token left after "
            "filtering (empty, whitespace-only or punctuation-only); their pairs score 0"
        )
        notes.append(msg)
        warn.append(msg)
    trunc = np.array([t.truncated_tokens for t in texts], dtype=np.int64)
    ctx = np.array([t.context_tokens_dropped for t in texts], dtype=np.int64)
    cut = np.zeros((len(pairs), 3), dtype=np.int64)
    if len(pairs):
        cut[:, 0] = trunc[pairs[:, 0]]
        cut[:, 1] = trunc[pairs[:, 1]]
        cut[:, 2] = np.maximum(ctx[pairs[:, 0]], ctx[pairs[:, 1]])
    if truncate and cut[:, :2].any():
        cand_ids = {int(c) for c in pairs[:, 0] if trunc[c]}
        ref_ids = {int(r) for r in pairs[:, 1] if trunc[r]}
        msg = (
            f"truncate=True dropped code tokens of {len(cand_ids)} candidate(s) and {len(ref_ids)} distinct "
            f"reference(s) longer than the window ({int((cut[:, :2] > 0).any(axis=1).sum())} pair(s))"
        )
        notes.append(msg)
        warn.append(msg)
    ctx_cut = int((ctx > 0).sum())
    if ctx_cut:
        notes.append(f"{ctx_cut} long text(s) were encoded with only the end of their context (window {window})")
    return pair_empty, cut, warn


def idf_weights(texts: Sequence[PreparedText], table: IdfTable | None, notes: list[str]) -> list[torch.Tensor]:
    """Per-token weights of each text: 1 without a table, else its idf (uniform where every token has idf 0)."""
    if table is None:
        return [torch.ones(t.n_kept, dtype=torch.float32) for t in texts]
    out, zero = [], 0
    for t in texts:
        w = table.weights(t.kept_ids)
        if t.n_kept and not (w > 0).any():
            w = np.ones_like(w)
            zero += 1
        out.append(torch.as_tensor(w, dtype=torch.float32))
    if zero:
        notes.append(
            f"{zero} text(s) had idf 0 on every token (each token occurs in every idf document); "
            "they use uniform weights"
        )
    return out


def score_pairs(
    pairs: np.ndarray,
    embs: Mapping[int, torch.Tensor],
    weights: Mapping[int, torch.Tensor],
    n_layers: int,
    device: torch.device,
) -> np.ndarray:
    """(n_pairs, n_layers, 4) P, R, F1, F3 for pairs of text indices (rows of ``pairs``: cand, ref).

    The texts' vectors are laid end to end in one bank (plus a zero row for padding); each batch of pairs,
    similar in size, is gathered from it with one index per side and matched by the pure functions.
    """
    out = np.zeros((len(pairs), n_layers, 4), dtype=np.float64)
    if len(pairs) == 0:
        return out
    used = np.unique(pairs.ravel())
    lens = np.array([embs[int(t)].shape[1] for t in used], dtype=np.int64)
    offsets = np.zeros(len(used), dtype=np.int64)
    offsets[1:] = np.cumsum(lens)[:-1]
    slot = {int(t): i for i, t in enumerate(used)}
    hidden = next(iter(embs.values())).shape[2]
    pad_row = int(lens.sum())
    bank = torch.cat([embs[int(t)].to(device) for t in used] + [torch.zeros(n_layers, 1, hidden, device=device)],
                     dim=1)  # (L, total + 1, H)
    wbank = torch.cat([weights[int(t)].to(device) for t in used] + [torch.zeros(1, device=device)])  # (total + 1,)
    ci = np.array([slot[int(c)] for c in pairs[:, 0]], dtype=np.int64)
    ri = np.array([slot[int(r)] for r in pairs[:, 1]], dtype=np.int64)
    sizes = np.stack([lens[ci], lens[ri]], axis=1)
    live = np.flatnonzero((sizes[:, 0] > 0) & (sizes[:, 1] > 0))
    order = live[np.lexsort((sizes[live, 1], sizes[live, 0]))]

    def gather(side: np.ndarray, width: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(B*L, width, H) vectors, (B*L, width) weights and mask of one side of a batch."""
        cols = np.arange(width, dtype=np.int64)
        real = cols[None, :] < lens[side][:, None]  # (B, width)
        rows = np.where(real, offsets[side][:, None] + cols[None, :], pad_row)
        idx = torch.from_numpy(rows.ravel()).to(device)
        vec = bank.index_select(1, idx).reshape(n_layers, len(side), width, hidden)  # (L, B, W, H)
        vec = vec.transpose(0, 1).reshape(len(side) * n_layers, width, hidden)  # (B*L, W, H)
        w = wbank.index_select(0, idx).reshape(len(side), width).repeat_interleave(n_layers, dim=0)
        m = torch.from_numpy(real).to(device).repeat_interleave(n_layers, dim=0)
        return vec, w, m

    start = 0
    while start < len(order):
        end = start
        c_len = k_len = 0
        while end < len(order):
            nc = max(c_len, int(sizes[order[end], 0]))
            nk = max(k_len, int(sizes[order[end], 1]))
            if end > start and (end - start + 1) * nc * nk * n_layers > _SIM_BUDGET:
                break
            c_len, k_len, end = nc, nk, end + 1
        idx = order[start:end]
        start = end
        cand, cw, cm = gather(ci[idx], c_len)
        ref, rw, rm = gather(ri[idx], k_len)
        scores = F.pair_scores(cand, cw, ref, rw, cm, rm).reshape(len(idx), n_layers, 4)
        out[idx] = scores.double().cpu().numpy()
    return out


def encode_and_match(
    embedder: Embedder,
    keys: Sequence[TextKey],
    texts: Sequence[PreparedText],
    pairs: np.ndarray,
    weights: Sequence[torch.Tensor],
    layers: list[int],
    pair_chunk: int,
    bar: Any = None,
    capture: dict[TextKey, tuple[PreparedText, torch.Tensor]] | None = None,
) -> np.ndarray:
    """(n_pairs, n_layers, 4) P, R, F1, F3 of ``pairs`` (rows: candidate, reference text index).

    Pairs are encoded and scored in chunks ordered by reference, and a text's vectors are dropped once no later chunk
    needs them, so memory is bounded by the chunk size rather than by the number of pairs. ``capture`` (for
    explanations) receives every text's vectors.
    """
    order = np.lexsort((pairs[:, 0], pairs[:, 1])) if len(pairs) else np.zeros(0, dtype=np.int64)
    chunks = [order[s : s + pair_chunk] for s in range(0, len(order), pair_chunk)]
    last_use = np.full(len(texts), -1, dtype=np.int64)
    for ci, chunk in enumerate(chunks):
        last_use[pairs[chunk].ravel()] = ci
    raw = np.zeros((len(pairs), len(layers), 4), dtype=np.float64)
    embs: dict[int, torch.Tensor] = {}
    for ci, chunk in enumerate(chunks):
        needed = sorted(set(pairs[chunk].ravel().tolist()) - set(embs))
        if needed:
            vecs = embedder.vectors([keys[t] for t in needed], [texts[t] for t in needed], layers, bar)
            embs.update(zip(needed, vecs))
        chunk_weights = {t: weights[t] for t in set(pairs[chunk].ravel().tolist())}
        raw[chunk] = score_pairs(pairs[chunk], embs, chunk_weights, len(layers), embedder.vec_device)
        if capture is not None:
            capture.update((keys[t], (texts[t], embs[t])) for t in embs)
        for t in [t for t in embs if last_use[t] <= ci]:
            del embs[t]
    return raw
