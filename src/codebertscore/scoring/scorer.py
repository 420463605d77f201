"""The one scorer: loads an encoder once and scores any number of calls with it.

Each call:

1. checks its inputs (clear errors naming the argument);
2. collects the distinct (context, code) texts — every reference and candidate text is encoded once per call, however
   many pairs use it (HumanEval-style runs have ~100 candidates per reference);
3. tokenises them with offsets, selects the matched tokens and plans windows (``codebertscore.text.prepare``);
4. encodes windows in length-sorted batches under a token budget, keeping the chosen layers' vectors of the
   matched tokens, L2-normalised in float32;
5. scores every (candidate, reference) pair with the pure functions of ``codebertscore.scoring.functional``;
6. keeps, for each candidate, the reference with the best headline measure (P, R, F1, F3 all from that reference).

Pairs are processed in chunks ordered by reference, and a text's vectors are dropped once no later chunk needs them,
so memory stays bounded by the chunk size rather than by the number of pairs. With ``cache_dir``, the vectors of every
text are also kept on disk (``codebertscore.cache``): a later call, or a resumed run, encodes only the texts it has
not seen with the same encoder and settings.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from codebertscore import corpus_idf
from codebertscore.cache import EmbeddingCache, entry_key, settings_fingerprint
from codebertscore.errors import ArgumentError
from codebertscore.idf import IdfTable
from codebertscore.models import registry
from codebertscore.models.hf import HFEncoder, dtype_name
from codebertscore.models.registry import HEADLINES
from codebertscore.rescale import BaselineTable
from codebertscore.scoring import functional as F
from codebertscore.scoring.inputs import Inputs, validate_inputs
from codebertscore.scoring.result import MEASURES, ScoreResult
from codebertscore.scoring.signature import Signature, library_versions
from codebertscore.text.filters import resolve_filter
from codebertscore.text.prepare import PreparedText, join, prepare

TextKey = tuple[str | None, str]  # (context, code)

#: pairs scored per chunk (bounds memory; each distinct text is still encoded once per call)
DEFAULT_PAIR_CHUNK = 8192
#: max elements of one padded similarity batch (B x C x K x layers)
_SIM_BUDGET = 1 << 25
#: a forward batch holds windows of at least this fraction of its longest one (bounds the padding to 1/5 of a batch)
_MIN_FILL = 0.8
#: seconds between commits of new vectors to the cache while encoding (an interruption loses at most this much work)
_CACHE_FLUSH_S = 2.0


class CodeBERTScorer:
    """CodeBERTScore with one encoder, loaded once and reused across calls.

    Args:
        lang: python, java, javascript (js), c, cpp (c++) or go (golang): picks the default encoder's settings for
            that language.
        model: a hub name (``neulab/codebert-python``), a local folder, or a keyword: "default" (the shipped
            encoder), "paper" (the paper's model for ``lang``), "multilingual" (microsoft/codebert-base-mlm).
        layer: hidden-state layer whose token vectors are matched (0 = embedding layer); default from the registry.
        revision: hub revision of the model (recorded in the signature).
        idf: False (uniform weights), True (idf computed from the distinct references of each call), "corpus" (the
            shipped table of ``lang``, counted over the project's code corpus with the default encoder's tokenizer;
            "corpus:<lang>" names the language; languages without one, Go, score without idf and say so), a path to
            a JSON idf table (``codebertscore idf``) or an :class:`~codebertscore.idf.IdfTable`.
        token_filter: which code tokens are matched, by name (``data/token_filters.json``): "paper" (the default,
            the paper's: whitespace-only and punctuation-only tokens are dropped, the operators ``+ - * / & | ~``
            kept), "operators" (also keeps comparison, logical, assignment, ``% ^ ?`` and the operators built from
            them, e.g. ``<= != := <- =>``) or "none" (every token).
        no_punc: the older flag for the filter: True = "paper", False = "none" (must agree with ``token_filter``
            when both are given).
        headline: "F1", "F3" or "R": the score's headline measure, which also picks the best of several references
            (default from the registry).
        rescale: a baseline table (path or :class:`~codebertscore.rescale.BaselineTable`) to rescale scores with.
        device: "cpu", "cuda", "cuda:N", "mps" or None/"auto".
        dtype: "auto" (bf16 on CUDA, fp32 on CPU), "float32", "bfloat16" or "float16". Similarities are always
            computed in float32.
        batch_size: at most this many windows per forward pass (default: only the token budget limits).
        token_budget: at most this many (padded) tokens per forward pass.
        window: tokens per forward pass including special tokens (default: the model's maximum).
        overlap: fraction of a window shared with the next one for long inputs, in [0, 1).
        truncate: encode only the first window of long inputs instead of all windows (the dropped tokens are
            counted in the result and a warning is issued).
        progress: show a progress bar while encoding.
        pair_chunk: pairs scored per step (bounds memory; each distinct text is still encoded once per call).
        cache_dir: a folder (or an :class:`~codebertscore.cache.EmbeddingCache`) keeping every encoded text's vectors
            on disk, keyed by the encoder, its settings and the text: later calls and resumed runs encode only what
            is new. Scores equal uncached ones within 1e-6 (float32 storage).
        cache_max_bytes: evict least recently used cache entries above this size (None: unbounded).
        cache_dtype: "float32" (exact) or "float16" (half the disk; scores within ~1e-3) for new cache folders.
    """

    def __init__(
        self,
        lang: str | None = None,
        model: str | None = None,
        layer: int | None = None,
        *,
        revision: str | None = None,
        idf: bool | str | Path | IdfTable = False,
        no_punc: bool | None = None,
        token_filter: str | None = None,
        headline: str | None = None,
        rescale: str | Path | BaselineTable | None = None,
        device: str | torch.device | None = None,
        dtype: str | torch.dtype = "auto",
        batch_size: int | None = None,
        token_budget: int | None = None,
        window: int | None = None,
        overlap: float = 0.5,
        truncate: bool = False,
        progress: bool = False,
        pair_chunk: int = DEFAULT_PAIR_CHUNK,
        cache_dir: str | Path | EmbeddingCache | None = None,
        cache_max_bytes: int | None = None,
        cache_dtype: str = "float32",
    ) -> None:
        spec = registry.resolve(lang=lang, model=model, layer=layer, revision=revision)
        self.lang = registry.LANGUAGE_ALIASES.get(lang.strip().lower()) if isinstance(lang, str) else None
        self.token_filter = resolve_filter(token_filter, no_punc)
        if headline is not None and headline not in HEADLINES:
            raise ArgumentError(f"headline: expected one of {', '.join(HEADLINES)}, got {headline!r}")
        if not isinstance(overlap, (int, float)) or not 0.0 <= float(overlap) < 1.0:
            raise ArgumentError(f"overlap: expected a fraction in [0, 1), got {overlap!r}")
        for name, value in (("batch_size", batch_size), ("token_budget", token_budget), ("pair_chunk", pair_chunk)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ArgumentError(f"{name}: expected a positive integer, got {value!r}")

        self.encoder = HFEncoder(spec.name, revision=spec.revision, device=device, dtype=dtype)
        self.spec = registry.finalize_layer(spec, self.encoder.total_layers)
        self.layer = self.spec.layer
        self.headline = headline or self.spec.headline
        self.no_punc = self.token_filter.drop  # the older flag: True for the paper's and the operators filter
        self.overlap = float(overlap)
        self.truncate = bool(truncate)
        self.progress = progress
        self.batch_size = batch_size
        self.pair_chunk = pair_chunk
        info = self.encoder.info
        max_len = info.max_length
        if window is None:
            window = spec.window or max_len
        if not isinstance(window, int) or isinstance(window, bool) or window > max_len:
            raise ArgumentError(f"window: expected an integer up to the model's maximum of {max_len}, got {window!r}")
        n_special = len(self.encoder.prefix_ids) + len(self.encoder.suffix_ids)
        if window - n_special < 8:
            raise ArgumentError(f"window: {window} leaves fewer than 8 tokens per pass after special tokens")
        self.window = window
        self._budget = window - n_special
        if token_budget is None:
            token_budget = 16384 if self.encoder.device.type == "cpu" else 131072
        if token_budget < window:
            raise ArgumentError(f"token_budget: expected at least one full window ({window} tokens), got {token_budget}")
        self.token_budget = token_budget
        self.idf_table, self.idf_mode = self._load_idf(idf)
        self.rescale_table = self._load_rescale(rescale)
        if self.rescale_table is not None and self.token_filter.name not in ("paper", "none"):
            raise ArgumentError(
                f"rescale: baseline tables are keyed by no_punc (the 'paper' or 'none' filter); "
                f"token_filter={self.token_filter.name!r} has none"
            )
        # where token vectors live between encoding and matching: on the GPU when the encoder runs there
        self._vec_device = self.encoder.device if self.encoder.device.type == "cuda" else torch.device("cpu")
        self.cache = self._open_cache(cache_dir, cache_max_bytes, cache_dtype)
        self._cache_fp = settings_fingerprint(self._cache_settings()) if self.cache is not None else ""

    # -- settings ------------------------------------------------------------------------------------------------
    def _load_idf(self, idf: bool | str | Path | IdfTable) -> tuple[IdfTable | None, str]:
        self._idf_notes: list[str] = []
        self._idf_unavailable = False  # idf="corpus" for a language without a table: never falls back to refs
        if idf is False or idf is None:
            return None, "no"
        if idf is True:
            return None, "refs"
        if corpus_idf.is_corpus_keyword(idf):
            named = str(idf).partition(":")[2]
            if not named and self.lang is None:
                raise ArgumentError("idf: 'corpus' needs a language (lang=...) or names one (idf='corpus:python')")
            lang = registry.normalize_language(named) if named else str(self.lang)
            table = corpus_idf.corpus_table(lang, self.encoder.tokenizer_sha256, self.encoder.info.name)
            if table is None:
                msg = (f"idf='corpus': no corpus idf table for {lang} ({corpus_idf.missing_reason(lang)}); "
                       "scoring without idf")
                warnings.warn(msg, stacklevel=3)
                self._idf_notes.append(msg)
                self._idf_unavailable = True
                return None, "no"
            return table, "table"
        if isinstance(idf, IdfTable):
            table = idf
        elif isinstance(idf, (str, Path)):
            table = IdfTable.load(idf)
        else:
            raise ArgumentError(
                f"idf: expected False, True, a path to a JSON idf table or an IdfTable, got {type(idf).__name__}"
            )
        table.check_tokenizer(self.encoder.tokenizer_sha256, self.encoder.info.name)
        return table, "table"

    @staticmethod
    def _load_rescale(rescale: str | Path | BaselineTable | None) -> BaselineTable | None:
        if rescale is None or rescale is False:
            return None
        if isinstance(rescale, BaselineTable):
            return rescale
        if isinstance(rescale, (str, Path)):
            return BaselineTable.load(rescale)
        raise ArgumentError(f"rescale: expected None, a path to a baseline table or a BaselineTable, got {rescale!r}")

    @staticmethod
    def _open_cache(
        cache_dir: str | Path | EmbeddingCache | None, max_bytes: int | None, dtype: str
    ) -> EmbeddingCache | None:
        if cache_dir is None:
            return None
        if isinstance(cache_dir, EmbeddingCache):
            return cache_dir
        if isinstance(cache_dir, (str, Path)):
            return EmbeddingCache(cache_dir, max_bytes=max_bytes, dtype=dtype)
        raise ArgumentError(f"cache_dir: expected a folder path or an EmbeddingCache, got {type(cache_dir).__name__}")

    def _cache_settings(self) -> dict[str, Any]:
        """Everything besides the text and the layer that changes a text's cached vectors."""
        info = self.encoder.info
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
            "tokenizer_sha256": self.encoder.tokenizer_sha256,
            "device": self.encoder.device.type,
            "dtype": dtype_name(self.encoder.dtype),
            "attention": str(getattr(self.encoder.config, "_attn_implementation", None)),
            "torch": v["torch"],
            "transformers": v["transformers"],
            "window": self.window,
            "overlap": self.overlap,
            "truncate": self.truncate,
            "no_punc": self.no_punc,
            # the paper's and the keep-all filter keep their older keys (no_punc alone), so existing caches stay valid
            **({} if self.token_filter.name in ("paper", "none") else {"token_filter": self.token_filter.name}),
        }

    def signature(
        self, *, nrefs: str = "1", context: bool = False, layer: int | None = None, idf: str | None = None
    ) -> Signature:
        v = library_versions()
        return Signature(
            nrefs=nrefs,
            model=self.spec.display or self.encoder.info.name,
            model_ident=self.encoder.info.ident,
            layer=self.layer if layer is None else layer,
            idf=idf if idf is not None else ("no" if self.idf_table is None and self.idf_mode == "no" else
                                            f"table:{self.idf_table.sha256[:12]}" if self.idf_table else "refs"),
            context=context,
            no_punc=self.no_punc,
            token_filter=self.token_filter.name,
            window=self.window,
            overlap=self.overlap,
            truncate=self.truncate,
            dtype=dtype_name(self.encoder.dtype),
            rescale=f"table:{self.rescale_table.sha256[:12]}" if self.rescale_table else "no",
            headline=self.headline,
            version=v["version"],
            torch=v["torch"],
            transformers=v["transformers"],
        )

    # -- public API ----------------------------------------------------------------------------------------------
    def score(
        self,
        *,
        cands: Sequence[str],
        refs: Sequence[str] | Sequence[Sequence[str]],
        sources: Sequence[str] | None = None,
    ) -> ScoreResult:
        """Score each candidate against its reference(s); see :class:`~codebertscore.scoring.result.ScoreResult`."""
        return self.score_layers(cands=cands, refs=refs, sources=sources, layers=[self.layer])[self.layer]

    def score_layers(
        self,
        *,
        cands: Sequence[str],
        refs: Sequence[str] | Sequence[Sequence[str]],
        sources: Sequence[str] | None = None,
        layers: Iterable[int],
        idf: bool | None = None,
    ) -> dict[int, ScoreResult]:
        """Scores at several layers from one encoding pass (for tuning and meta-evaluation).

        ``idf`` overrides the scorer's idf setting for this call: False = uniform weights, True = the scorer's
        table if it has one, else idf computed from this call's references (except after ``idf="corpus"`` for a
        language without a table, which stays without idf).
        """
        inputs = validate_inputs(cands, refs, sources)
        layer_list = sorted(set(int(x) for x in layers))
        if not layer_list:
            raise ArgumentError("layers: expected at least one layer")
        for lay in layer_list:
            if not 0 <= lay <= self.encoder.total_layers:
                raise ArgumentError(f"layers: {self.encoder.info.name} has layers 0..{self.encoder.total_layers}, got {lay}")
        return self._score(inputs, layer_list, idf)

    def explain(self, *, cand: str, ref: str, source: str | None = None) -> dict[str, Any]:
        """Token-level evidence of one pair: kept tokens, the cosine matrix and each token's best match."""
        captured: dict[TextKey, tuple[PreparedText, torch.Tensor]] = {}
        inputs = validate_inputs([cand], [ref], None if source is None else [source])
        result = self._score(inputs, [self.layer], None, capture=captured)[self.layer]
        (c_text, c_emb), (r_text, r_emb) = captured[(source, cand)], captured[(source, ref)]
        c_tok, r_tok = c_text.kept_surfaces(), r_text.kept_surfaces()
        if not c_tok or not r_tok:
            sim = np.zeros((len(c_tok), len(r_tok)))
        else:
            sim = F.similarity_matrix(c_emb[0].cpu(), r_emb[0].cpu()).numpy().astype(np.float64)
        return {
            "cand_tokens": c_tok,
            "ref_tokens": r_tok,
            "similarity": sim,
            "cand_best": sim.argmax(axis=1).tolist() if sim.size else [],
            "ref_best": sim.argmax(axis=0).tolist() if sim.size else [],
            "scores": {m: float(result.measure(m)[0]) for m in MEASURES},
            "signature": result.signature.format(),
        }

    def forward_lengths(
        self,
        *,
        cands: Sequence[str],
        refs: Sequence[str] | Sequence[Sequence[str]],
        sources: Sequence[str] | None = None,
    ) -> list[int]:
        """Tokens (special tokens included) of each forward pass that scoring these inputs needs: one entry per window
        of each distinct text with matched tokens. For FLOP accounting (``codebertscore.flops``); nothing is encoded."""
        keys = list(_distinct_texts(validate_inputs(cands, refs, sources))[0])
        n_frame = len(self.encoder.prefix_ids) + len(self.encoder.suffix_ids)
        return [
            w.length + n_frame
            for t in self._prepare(keys) if t.n_kept
            for w in t.windows if t.keep[w.own_lo : w.own_hi].any()
        ]

    # -- internals -----------------------------------------------------------------------------------------------
    def _prepare(self, keys: Sequence[TextKey]) -> list[PreparedText]:
        joined = [join(ctx, code) for ctx, code in keys]
        tokens = self.encoder.tokenize([t for t, _ in joined])
        return [
            prepare(
                ctx, code, ids, offs, text, start,
                special_ids=self.encoder.special_ids, no_punc=self.no_punc,
                budget=self._budget, overlap=self.overlap, truncate=self.truncate, token_filter=self.token_filter,
            )
            for (ctx, code), (text, start), (ids, offs) in zip(keys, joined, tokens)
        ]

    def _encode(
        self,
        texts: Sequence[PreparedText],
        layers: Sequence[int],
        bar: Any = None,
        on_batch: Callable[[list[int], list[torch.Tensor | None]], None] | None = None,
    ) -> list[torch.Tensor]:
        """(len(layers), n_kept, H) unit-norm float32 vectors of each text's matched tokens.

        Windows are sorted by length and batched under the token budget, a batch ending where padding to its longest
        window would waste more than a fifth of it (short texts are not padded to long ones). Each batch's kept-token vectors are gathered
        with one index, normalised in float32 and moved to the vector device in one copy. ``on_batch`` is called after
        each batch with the indices of the texts that were completed by it (for the cache).
        """
        enc = self.encoder
        hidden = enc.info.hidden_size
        n_layers = len(layers)
        out: list[torch.Tensor | None] = [None] * len(texts)
        jobs = []  # (length, text index, window index)
        for ti, t in enumerate(texts):
            if t.n_kept == 0:
                out[ti] = torch.zeros(n_layers, 0, hidden, dtype=torch.float32, device=self._vec_device)
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
            vecs = vecs.to(self._vec_device)
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
                        full = torch.empty(n_layers, t.n_kept, hidden, dtype=torch.float32, device=self._vec_device)
                        for own, part in pieces.pop(ti):
                            full[:, torch.from_numpy(rows_of[own]).to(full.device)] = part
                        out[ti] = full
                if remaining[ti] == 0:
                    finished.append(ti)
            if bar is not None:
                bar.update(len(finished))
            if on_batch is not None and finished:
                on_batch(finished, out)
        if bar is not None:
            bar.update(sum(1 for t in texts if t.n_kept == 0))
        return [o if o is not None else torch.zeros(n_layers, 0, hidden) for o in out]

    def _vectors(
        self, keys: Sequence[TextKey], texts: Sequence[PreparedText], layers: Sequence[int], bar: Any = None
    ) -> list[torch.Tensor]:
        """Vectors of ``texts`` from the cache where it has them, encoding (and caching) the rest."""
        cache = self.cache
        if cache is None:
            return self._encode(texts, layers, bar)
        n_layers = len(layers)
        ekeys = [[entry_key(self._cache_fp, layer, ctx, code) for layer in layers] for ctx, code in keys]
        ids = [t.kept_ids for t in texts]
        found = cache.get_many([k for ks in ekeys for k in ks], [i for i in ids for _ in layers])
        out: list[torch.Tensor | None] = [None] * len(texts)
        missing: list[int] = []
        for ti in range(len(texts)):
            entries = found[ti * n_layers : (ti + 1) * n_layers]
            if all(e is not None for e in entries):
                stacked = np.stack([e.vectors for e in entries])  # type: ignore[union-attr]  # (L, n, H)
                out[ti] = torch.from_numpy(stacked).to(self._vec_device)
            else:
                missing.append(ti)
        if bar is not None:
            bar.update(len(texts) - len(missing))
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

            encoded = self._encode([texts[ti] for ti in missing], layers, bar, on_batch=on_batch)
            for j, ti in enumerate(missing):
                out[ti] = encoded[j]
            flush()
        return [o for o in out if o is not None]

    def _weights(self, texts: Sequence[PreparedText], table: IdfTable | None, notes: list[str]) -> list[torch.Tensor]:
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

    def _score_pairs(
        self,
        pairs: np.ndarray,
        embs: Mapping[int, torch.Tensor],
        weights: Mapping[int, torch.Tensor],
        n_layers: int,
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
        device = self._vec_device
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

    def _score(
        self,
        inputs: Inputs,
        layers: list[int],
        idf_override: bool | None,
        capture: dict[TextKey, tuple[PreparedText, torch.Tensor]] | None = None,
    ) -> dict[int, ScoreResult]:
        """Score validated inputs at ``layers``; ``capture`` (for explanations) receives every text's vectors."""
        n = len(inputs.cands)
        srcs: list[str | None] = list(inputs.sources) if inputs.sources is not None else [None] * n
        notes: list[str] = list(self._idf_notes)
        index, pair_rows, owner, ref_pos = _distinct_texts(inputs)
        keys = list(index)
        texts = self._prepare(keys)
        pairs = np.asarray(pair_rows, dtype=np.int64).reshape(-1, 2)

        # weights
        use_idf = (self.idf_mode != "no") if idf_override is None else bool(idf_override)
        use_idf = use_idf and not self._idf_unavailable
        table = None
        idf_label = "no"
        if use_idf:
            if self.idf_table is not None:
                table = self.idf_table
                idf_label = f"table:{table.sha256[:12]}"
            else:
                ref_ids = sorted(set(int(r) for r in pairs[:, 1]))
                table = IdfTable.from_token_ids(
                    (texts[r].kept_ids for r in ref_ids),
                    tokenizer=self.encoder.info.name,
                    tokenizer_sha256=self.encoder.tokenizer_sha256,
                    source="the distinct references of this call",
                )
                idf_label = f"refs:{table.sha256[:12]}"
        weights_list = self._weights(texts, table, notes)

        # encode + score in chunks ordered by reference; drop vectors no later chunk needs
        order = np.lexsort((pairs[:, 0], pairs[:, 1])) if len(pairs) else np.zeros(0, dtype=np.int64)
        chunks = [order[s : s + self.pair_chunk] for s in range(0, len(order), self.pair_chunk)]
        last_use = np.full(len(texts), -1, dtype=np.int64)
        for ci_, chunk in enumerate(chunks):
            last_use[pairs[chunk].ravel()] = ci_
        raw = np.zeros((len(pairs), len(layers), 4), dtype=np.float64)
        embs: dict[int, torch.Tensor] = {}
        bar = None
        if self.progress and texts:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(texts), desc="encoding", unit="text", leave=False)
        try:
            for ci_, chunk in enumerate(chunks):
                needed = sorted(set(pairs[chunk].ravel().tolist()) - set(embs))
                if needed:
                    vecs = self._vectors([keys[t] for t in needed], [texts[t] for t in needed], layers, bar)
                    embs.update(zip(needed, vecs))
                weights = {t: weights_list[t] for t in set(pairs[chunk].ravel().tolist())}
                raw[chunk] = self._score_pairs(pairs[chunk], embs, weights, len(layers))
                if capture is not None:
                    capture.update((keys[t], (texts[t], embs[t])) for t in embs)
                for t in [t for t in embs if last_use[t] <= ci_]:
                    del embs[t]
        finally:
            if bar is not None:
                bar.close()
        if not np.all(np.isfinite(raw)):
            raise FloatingPointError(
                "non-finite scores came out of the encoder (overflow in a reduced-precision dtype?); "
                "re-run with dtype='float32'"
            )

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
            warnings.warn(msg, stacklevel=3)
        trunc_pairs = np.array([texts[c].truncated_tokens for c, _ in pair_rows], dtype=np.int64)
        if self.truncate and trunc_pairs.any():
            msg = f"truncate=True dropped code tokens of {int((trunc_pairs > 0).sum())} pair(s) longer than the window"
            notes.append(msg)
            warnings.warn(msg, stacklevel=3)
        ctx_cut = sum(1 for t in texts if t.context_tokens_dropped)
        if ctx_cut:
            notes.append(f"{ctx_cut} long text(s) were encoded with only the end of their context (window {self.window})")

        nrefs_set = {len(r) for r in inputs.refs}
        nrefs = str(next(iter(nrefs_set))) if len(nrefs_set) == 1 else ("var" if nrefs_set else "1")
        head = MEASURES.index(self.headline)  # columns of s: P, R, F1, F3
        owner_a = np.asarray(owner, dtype=np.int64)
        ref_pos_a = np.asarray(ref_pos, dtype=np.int64)
        results: dict[int, ScoreResult] = {}
        for li, layer in enumerate(layers):
            s = raw[:, li, :]  # (n_pairs, 4)
            best, chosen = _first_best(s[:, head], owner_a, ref_pos_a, n)
            final = s[chosen] if n else np.zeros((0, 4))
            rescale_label = "no"
            if self.rescale_table is not None:
                base = self.rescale_table.lookup(
                    layer=layer, idf=use_idf, no_punc=self.no_punc, context=inputs.sources is not None,
                    model_ident=self.encoder.info.ident,
                )
                b = np.array([base[m] for m in MEASURES])
                final = (final - b) / (1 - b)
                rescale_label = f"table:{self.rescale_table.sha256[:12]}"
            sig = replace(
                self.signature(nrefs=nrefs, context=inputs.sources is not None, layer=layer, idf=idf_label),
                rescale=rescale_label,
            )
            results[layer] = ScoreResult(
                P=final[:, 0].copy(), R=final[:, 1].copy(), F1=final[:, 2].copy(), F3=final[:, 3].copy(),
                best_ref=best, headline=self.headline, signature=sig,
                empty=pair_empty[chosen] if n else np.zeros(0, dtype=bool),
                truncated_tokens=trunc_pairs[chosen] if n else np.zeros(0, dtype=np.int64),
                notes=tuple(notes),
            )
        return results


def _distinct_texts(inputs: Inputs) -> tuple[dict[TextKey, int], list[tuple[int, int]], list[int], list[int]]:
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


def _first_best(values: np.ndarray, owner: np.ndarray, ref_pos: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
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


_LAST: dict[str, Any] = {}


def score(
    *,
    cands: Sequence[str],
    refs: Sequence[str] | Sequence[Sequence[str]],
    sources: Sequence[str] | None = None,
    **scorer_kwargs: Any,
) -> ScoreResult:
    """Score in one call: builds (or reuses, when the settings are the same) a :class:`CodeBERTScorer`.

    ``scorer_kwargs`` are :class:`CodeBERTScorer`'s arguments (lang, model, layer, idf, ...).
    """
    key = repr(sorted((k, repr(v)) for k, v in scorer_kwargs.items()))
    if _LAST.get("key") != key:
        _LAST.clear()
        _LAST["scorer"] = CodeBERTScorer(**scorer_kwargs)
        _LAST["key"] = key
    return _LAST["scorer"].score(cands=cands, refs=refs, sources=sources)


__all__ = ["CodeBERTScorer", "score", "validate_inputs"]
