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
#: max elements of one batch's gathered vectors (B x layers x (C + K) x H): 256 MiB in float32
_GATHER_BUDGET = 1 << 26


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
            grow = (end - start + 1) * n_layers
            if end > start and (grow * nc * nk > _SIM_BUDGET or grow * (nc + nk) * hidden > _GATHER_BUDGET):
                break
            c_len, k_len, end = nc, nk, end + 1
        idx = order[start:end]
        start = end
        cand, cw, cm = gather(ci[idx], c_len)
        ref, rw, rm = gather(ri[idx], k_len)
        scores = F.pair_scores(cand, cw, ref, rw, cm, rm).reshape(len(idx), n_layers, 4)
        out[idx] = scores.double().cpu().numpy()
    return out


#: default bytes of token vectors held while scoring (``memory_budget``): the texts alive plus the matching bank
DEFAULT_MEMORY_BUDGET = 2 * 1024**3


def plan_chunks(
    pairs: np.ndarray, text_bytes: np.ndarray, budget: int, max_pairs: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Chunks of pairs (rows of ``pairs``, ordered by reference then candidate) and, after each chunk, the texts whose
    vectors are kept for later chunks.

    While a chunk is scored, memory holds the vectors of the texts alive (those of the chunk and those kept from
    earlier chunks for later ones) plus one copy of the chunk's vectors (the matching bank). A chunk grows while
    ``alive + chunk`` stays within ``budget`` bytes (``text_bytes``: each text's vectors) and it has at most
    ``max_pairs`` pairs; it always takes at least one pair. Texts kept for a later chunk take at most half the budget:
    beyond that the ones needed last are dropped and encoded again when needed (read back from the embedding cache
    when there is one). So peak memory is bounded by the budget, whatever the number of pairs, layers or width,
    except for a single pair whose two texts exceed it.
    """
    if len(pairs) == 0:
        return [], []
    order = np.lexsort((pairs[:, 0], pairs[:, 1]))
    rows = pairs[order]
    last_pos = np.full(len(text_bytes), -1, dtype=np.int64)
    for pos, (c, r) in enumerate(rows.tolist()):
        last_pos[c] = pos
        last_pos[r] = pos
    chunks: list[np.ndarray] = []
    keeps: list[np.ndarray] = []
    kept: dict[int, int] = {}  # texts carried from earlier chunks -> bytes
    start = 0
    n = len(rows)
    while start < n:
        alive = dict(kept)
        alive_bytes = sum(alive.values())
        in_chunk: set[int] = set()
        chunk_bytes = 0
        end = start
        while end < n and end - start < max_pairs:
            new = [t for t in set(rows[end].tolist()) if t not in in_chunk]
            add_chunk = sum(int(text_bytes[t]) for t in new)
            add_alive = sum(int(text_bytes[t]) for t in new if t not in alive)
            if end > start and alive_bytes + add_alive + chunk_bytes + add_chunk > budget:
                break
            for t in new:
                in_chunk.add(t)
                if t not in alive:
                    alive[t] = int(text_bytes[t])
            alive_bytes += add_alive
            chunk_bytes += add_chunk
            end += 1
        chunks.append(order[start:end])
        carry = sorted((t for t in alive if last_pos[t] >= end), key=lambda t: last_pos[t])
        kept, total = {}, 0
        for t in carry:  # the ones needed soonest first, up to half the budget
            if total + alive[t] > budget // 2:
                break
            kept[t] = alive[t]
            total += alive[t]
        keeps.append(np.array(sorted(kept), dtype=np.int64))
        start = end
    return chunks, keeps


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
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
) -> np.ndarray:
    """(n_pairs, n_layers, 4) P, R, F1, F3 of ``pairs`` (rows: candidate, reference text index).

    Pairs are encoded and scored in chunks ordered by reference, sized by :func:`plan_chunks` so that the token
    vectors held (``layers x width x kept tokens x 4 bytes`` per text) stay within ``memory_budget`` bytes and a
    chunk has at most ``pair_chunk`` pairs; a text's vectors are dropped once no later chunk needs them. Memory is
    therefore bounded by the budget, not by the number of pairs or layers. ``capture`` (for explanations) receives
    every text's vectors.
    """
    per_token = len(layers) * embedder.encoder.info.hidden_size * 4  # float32 vectors
    text_bytes = np.array([t.n_kept * per_token for t in texts], dtype=np.int64)
    chunks, keeps = plan_chunks(pairs, text_bytes, memory_budget, pair_chunk)
    raw = np.zeros((len(pairs), len(layers), 4), dtype=np.float64)
    embs: dict[int, torch.Tensor] = {}
    for chunk, keep in zip(chunks, keeps):
        used = set(pairs[chunk].ravel().tolist())
        needed = sorted(used - set(embs))
        if needed:
            vecs = embedder.vectors([keys[t] for t in needed], [texts[t] for t in needed], layers, bar)
            embs.update(zip(needed, vecs))
        chunk_weights = {t: weights[t] for t in used}
        raw[chunk] = score_pairs(pairs[chunk], embs, chunk_weights, len(layers), embedder.vec_device)
        if capture is not None:
            capture.update((keys[t], (texts[t], embs[t])) for t in embs)
        keep_set = set(keep.tolist())
        for t in [t for t in embs if t not in keep_set]:
            del embs[t]
    return raw
