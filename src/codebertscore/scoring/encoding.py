"""Encoding: texts in, unit-norm token vectors out (the scoring path's second stage, after ``prepare``).

:class:`Embedder` holds the encoder and the settings that change a text's vectors (window, overlap, truncation,
token filter) and those that only change speed (token budget, batch size, cache). Its public stages, in order:

1. :meth:`Embedder.prepare` — tokenise (context, code) texts with offsets, select the matched tokens (the token
   filter, ``codebertscore.scoring.filters``) and plan windows (``codebertscore.scoring.prepare``);
   :meth:`Embedder.prepare_each` does it under several filters from one tokenisation (the tuning grid);
2. :meth:`Embedder.encode` — encode windows in length-sorted batches under a token budget, keeping the chosen layers'
   vectors of the matched tokens, L2-normalised in float32;
3. :meth:`Embedder.vectors` — the same, reading from and writing to the embedding cache where there is one (new
   vectors are committed every few seconds, so an interruption loses little work).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from codebertscore.errors import ArgumentError
from codebertscore.models.hf import HFEncoder, dtype_name
from codebertscore.scoring import functional as F
from codebertscore.scoring.embedding_cache import EmbeddingCache, entry_key, settings_fingerprint
from codebertscore.scoring.filters import TokenFilter
from codebertscore.scoring.prepare import PreparedText, join, prepare
from codebertscore.scoring.signature import library_versions

TextKey = tuple[str | None, str]  # (context, code)

#: a forward batch holds windows of at least this fraction of its longest one (bounds the padding to 1/5 of a batch)
_MIN_FILL = 0.8
#: seconds between commits of new vectors to the cache while encoding (an interruption loses at most this much work)
_CACHE_FLUSH_S = 2.0


class Embedder:
    """The encoder with its windowing, batching and caching settings (validated by the scorer)."""

    def __init__(
        self,
        encoder: HFEncoder,
        *,
        window: int,
        overlap: float,
        truncate: bool,
        token_filter: TokenFilter,
        token_budget: int,
        batch_size: int | None,
        cache: EmbeddingCache | None,
    ) -> None:
        self.encoder = encoder
        self.window = window
        self.overlap = overlap
        self.truncate = truncate
        self.token_filter = token_filter
        self.token_budget = token_budget
        self.batch_size = batch_size
        self.n_frame = len(encoder.prefix_ids) + len(encoder.suffix_ids)
        self.budget = window - self.n_frame  # code and context tokens per window
        # where token vectors live between encoding and matching: on the GPU when the encoder runs there
        self.vec_device = encoder.device if encoder.device.type == "cuda" else torch.device("cpu")
        self.cache = cache
        self.cache_fp = settings_fingerprint(self.cache_settings()) if cache is not None else ""

    def cache_settings(self) -> dict[str, Any]:
        """Everything besides the text and the layer that changes a text's cached vectors."""
        enc = self.encoder
        info = enc.info
        if not info.weights_sha256 and not info.revision:
            raise ArgumentError(
                f"cache_dir: {info.name} has neither a weights hash nor a revision, so the cache could not tell its "
                "versions apart; pass revision=... or use a local model folder"
            )
        v = library_versions()
        return {
            "model": None if info.weights_sha256 else info.name,
            "weights_sha256": info.weights_sha256,
            "revision": None if info.weights_sha256 else info.revision,
            "tokenizer_sha256": enc.tokenizer_sha256,
            "device": enc.device.type,
            "dtype": dtype_name(enc.dtype),
            "attention": str(getattr(enc.config, "_attn_implementation", None)),
            "torch": v["torch"],
            "transformers": v["transformers"],
            "window": self.window,
            "overlap": self.overlap,
            "truncate": self.truncate,
            "no_punc": self.token_filter.drop,
            # the paper's and the keep-all filter keep their older keys (no_punc alone), so existing caches stay valid
            **({} if self.token_filter.name in ("paper", "none") else {"token_filter": self.token_filter.name}),
        }

    def prepare(self, keys: Sequence[TextKey]) -> list[PreparedText]:
        """Tokenise (context, code) texts and plan their windows under the embedder's filter; nothing is encoded."""
        return self.prepare_each(keys, [self.token_filter])[0]

    def prepare_each(self, keys: Sequence[TextKey], filters: Sequence[TokenFilter]) -> list[list[PreparedText]]:
        """The texts prepared under each of ``filters``, tokenised once. A filter only chooses which code tokens are
        matched: the token ids and the windows are the same under every filter."""
        joined = [join(ctx, code) for ctx, code in keys]
        tokens = self.encoder.tokenize([t for t, _ in joined])
        return [
            [
                prepare(
                    ctx, code, ids, offs, text, start,
                    special_ids=self.encoder.special_ids, token_filter=f,
                    budget=self.budget, overlap=self.overlap, truncate=self.truncate,
                )
                for (ctx, code), (text, start), (ids, offs) in zip(keys, joined, tokens)
            ]
            for f in filters
        ]

    def forward_lengths(self, texts: Sequence[PreparedText]) -> list[int]:
        """Tokens (special tokens included) of each forward pass encoding ``texts`` needs."""
        return [
            w.length + self.n_frame
            for t in texts if t.n_kept
            for w in t.windows if t.keep[w.own_lo : w.own_hi].any()
        ]

    def encode(
        self,
        texts: Sequence[PreparedText],
        layers: Sequence[int],
        bar: Any = None,
        on_batch: Callable[[list[int], list[torch.Tensor | None]], None] | None = None,
    ) -> list[torch.Tensor]:
        """(len(layers), n_kept, H) unit-norm float32 vectors of each text's matched tokens.

        Windows are sorted by length and batched under the token budget, a batch ending where padding to its longest
        window would waste more than a fifth of it (short texts are not padded to long ones). Each batch's kept-token
        vectors are gathered with one index, normalised in float32 and moved to the vector device in one copy.
        ``bar`` (a progress object, ``codebertscore.scoring.progress``) is advanced by the tokens of each batch.
        ``on_batch`` is called after each batch with the indices of the texts that were completed by it (for the
        cache).
        """
        enc = self.encoder
        hidden = enc.info.hidden_size
        n_layers = len(layers)
        out: list[torch.Tensor | None] = [None] * len(texts)
        jobs = []  # (length, text index, window index)
        for ti, t in enumerate(texts):
            if t.n_kept == 0:
                out[ti] = torch.zeros(n_layers, 0, hidden, dtype=torch.float32, device=self.vec_device)
                continue
            for wi, w in enumerate(t.windows):
                if t.keep[w.own_lo : w.own_hi].any():
                    jobs.append((w.length, ti, wi))
        jobs.sort(key=lambda j: (-j[0], j[1], j[2]))
        remaining = np.zeros(len(texts), dtype=np.int64)
        for _, ti, _ in jobs:
            remaining[ti] += 1
        pieces: dict[int, list[tuple[np.ndarray, torch.Tensor]]] = {}  # texts encoded in several windows
        prefix = np.asarray(enc.prefix_ids, dtype=np.int64)
        suffix = np.asarray(enc.suffix_ids, dtype=np.int64)
        n_frame = len(prefix) + len(suffix)
        start = 0
        while start < len(jobs):
            longest = jobs[start][0] + n_frame
            cap = max(1, self.token_budget // longest)
            if self.batch_size is not None:
                cap = min(cap, self.batch_size)
            end = start + 1  # lengths are sorted: cut where padding to ``longest`` would waste over a fifth
            while end < min(len(jobs), start + cap) and jobs[end][0] + n_frame >= _MIN_FILL * longest:
                end += 1
            batch = jobs[start:end]
            start = end
            ids = np.full((len(batch), longest), enc.pad_id, dtype=np.int64)
            mask = np.zeros((len(batch), longest), dtype=np.int64)
            flat: list[np.ndarray] = []  # positions of the owned kept tokens in the flattened (B*T) batch
            owned_rows: list[np.ndarray] = []
            for b, (_, ti, wi) in enumerate(batch):
                t, w = texts[ti], texts[ti].windows[wi]
                seq = np.concatenate([prefix, t.ids[w.ctx_lo : w.code_first], t.ids[w.lo : w.hi], suffix])
                ids[b, : len(seq)] = seq
                mask[b, : len(seq)] = 1
                owned = w.own_lo + np.flatnonzero(t.keep[w.own_lo : w.own_hi])  # kept code tokens this window owns
                flat.append(b * longest + len(prefix) + (w.code_first - w.ctx_lo) + (owned - w.lo))
                owned_rows.append(owned)
            states = enc.hidden_states(torch.from_numpy(ids), torch.from_numpy(mask), layers)  # (L, B, T, H)
            index = torch.from_numpy(np.concatenate(flat)).to(states.device)
            vecs = F.normalize(states.reshape(n_layers, -1, hidden).index_select(1, index))  # (L, N, H) float32
            vecs = vecs.to(self.vec_device)
            finished: list[int] = []
            for (_, ti, _), piece, owned in zip(batch, vecs.split([len(f) for f in flat], dim=1), owned_rows):
                t = texts[ti]
                remaining[ti] -= 1
                if len(t.windows) == 1 or (remaining[ti] == 0 and ti not in pieces and len(owned) == t.n_kept):
                    out[ti] = piece  # the window owns every kept token, in order
                else:
                    pieces.setdefault(ti, []).append((owned, piece))
                    if remaining[ti] == 0:
                        rows_of = np.cumsum(t.keep) - 1  # token index -> row among the kept tokens
                        full = torch.empty(n_layers, t.n_kept, hidden, dtype=torch.float32, device=self.vec_device)
                        for own, part in pieces.pop(ti):
                            full[:, torch.from_numpy(rows_of[own]).to(full.device)] = part
                        out[ti] = full
                if remaining[ti] == 0:
                    finished.append(ti)
            if bar is not None:
                bar.update(sum(j[0] for j in batch) + n_frame * len(batch))  # tokens encoded, as forward_lengths
            if on_batch is not None and finished:
                on_batch(finished, out)
        return [o if o is not None else torch.zeros(n_layers, 0, hidden) for o in out]

    def vectors(
        self, keys: Sequence[TextKey], texts: Sequence[PreparedText], layers: Sequence[int], bar: Any = None
    ) -> list[torch.Tensor]:
        """Vectors of ``texts`` from the cache where it has them, encoding (and caching) the rest."""
        cache = self.cache
        if cache is None:
            return self.encode(texts, layers, bar)
        n_layers = len(layers)
        ekeys = [[entry_key(self.cache_fp, layer, ctx, code) for layer in layers] for ctx, code in keys]
        ids = [t.kept_ids for t in texts]
        found = cache.get_many([k for ks in ekeys for k in ks], [i for i in ids for _ in layers])
        out: list[torch.Tensor | None] = [None] * len(texts)
        missing: list[int] = []
        for ti in range(len(texts)):
            entries = found[ti * n_layers : (ti + 1) * n_layers]
            if all(e is not None for e in entries):
                stacked = np.stack([e.vectors for e in entries])  # type: ignore[union-attr]  # (L, n, H)
                out[ti] = torch.from_numpy(stacked).to(self.vec_device)
            else:
                missing.append(ti)
        if bar is not None and len(missing) < len(texts):  # found in the cache: their tokens count at once
            missing_set = set(missing)
            bar.update(sum(self.forward_lengths([t for i, t in enumerate(texts) if i not in missing_set])))
        if missing:
            pending: list[tuple[bytes, np.ndarray, np.ndarray]] = []
            last = [time.monotonic()]

            def flush() -> None:
                cache.put_many(pending)
                pending.clear()
                last[0] = time.monotonic()

            def on_batch(done: list[int], vecs: list[torch.Tensor | None]) -> None:
                for j in done:
                    v = vecs[j]
                    if v is None:
                        continue
                    host = v.cpu().numpy()
                    ti = missing[j]
                    pending.extend((ekeys[ti][li], ids[ti], host[li]) for li in range(n_layers))
                if time.monotonic() - last[0] >= _CACHE_FLUSH_S:
                    flush()

            encoded = self.encode([texts[ti] for ti in missing], layers, bar, on_batch=on_batch)
            for j, ti in enumerate(missing):
                out[ti] = encoded[j]
            flush()
        return [o for o in out if o is not None]
