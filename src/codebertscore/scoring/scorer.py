"""The one scorer: loads an encoder once and scores any number of calls with it.

It holds the settings, the signature and the public methods; the work is done by the stages of this package.
Each call:

1. checks its inputs (clear errors naming the argument: ``scoring.inputs``);
2. collects the distinct (context, code) texts — every reference and candidate text is encoded once per call, however
   many pairs use it (HumanEval-style runs have ~100 candidates per reference) (``scoring.matching``);
3. tokenises them with offsets, selects the matched tokens (the named token filter, ``scoring.filters``) and plans
   windows (``scoring.prepare``, through :meth:`Embedder.prepare <codebertscore.scoring.encoding.Embedder.prepare>`);
4. encodes windows in length-sorted batches under a token budget, keeping the chosen layers' vectors of the
   matched tokens, L2-normalised in float32 (``scoring.encoding``; from and to the embedding cache when there is one);
5. scores every (candidate, reference) pair with the pure functions of ``scoring.functional`` (``scoring.matching``);
6. keeps, for each candidate, the reference with the best headline measure (P, R, F1, F3 all from that reference),
   and rescales with a baseline table when one is given (``functional.rescale``).

Pairs are processed in chunks ordered by reference, sized from a memory budget (``memory_budget``: layers x width x
kept tokens x 4 bytes of the texts held), and a text's vectors are dropped once no later chunk needs them, so memory
stays bounded by the budget rather than by the number of pairs or layers. With ``cache_dir``, the vectors of every
text are also kept on disk (``scoring.embedding_cache``): a later call, or a resumed run, encodes only the texts it
has not seen with the same encoder and settings.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from codebertscore.errors import ArgumentError
from codebertscore.languages import canonical
from codebertscore.models import registry
from codebertscore.models.hf import HFEncoder, dtype_name
from codebertscore.models.spec import HEADLINES
from codebertscore.scoring import corpus_idf
from codebertscore.scoring import functional as F
from codebertscore.scoring.embedding_cache import EmbeddingCache, open_cache
from codebertscore.scoring.encoding import Embedder, TextKey
from codebertscore.scoring.filters import resolve_filter
from codebertscore.scoring.idf import UNAVAILABLE, IdfTable, idf_label, load_idf
from codebertscore.scoring.inputs import Inputs, validate_inputs
from codebertscore.scoring.matching import (
    DEFAULT_MEMORY_BUDGET,
    coverage_notes,
    distinct_texts,
    encode_and_match,
    first_best,
    idf_weights,
)
from codebertscore.scoring.prepare import PreparedText, code_offsets, join
from codebertscore.scoring.rescale import BaselineTable, load_baseline
from codebertscore.scoring.result import MEASURES, ScoreResult
from codebertscore.scoring.signature import Signature, library_versions

#: pairs scored per chunk (bounds memory; each distinct text is still encoded once per call)
DEFAULT_PAIR_CHUNK = 8192


class CodeBERTScorer:
    """CodeBERTScore with one encoder, loaded once and reused across calls.

    Args:
        lang: python, java, javascript (js), c, cpp (c++) or go (golang) (``data/languages.json``): picks the
            default encoder's settings for that language.
        model: a hub name (``neulab/codebert-python``), a local folder, or a keyword: "default" (the shipped
            encoder), "paper" (the paper's model for ``lang``), "multilingual" (microsoft/codebert-base-mlm).
        layer: hidden-state layer whose token vectors are matched (0 = embedding layer); default from the registry.
        revision: hub revision of the model (recorded in the signature).
        idf: False (uniform weights), True (idf computed from the distinct references of each call), "corpus" (the
            shipped table of ``lang``, counted over the project's code corpus with the default encoder's tokenizer;
            "corpus:<lang>" names the language; a language without one, Go, scores without idf and says so — never
            with idf from the call instead), a path to a JSON idf table (``codebertscore idf``; ``.json.gz`` too)
            or an :class:`~codebertscore.scoring.idf.IdfTable`. None (the default): the model's recorded default
            (False or "corpus"; the registry's ``ModelSpec.idf``).
        token_filter: which code tokens are matched, by name (``data/token_filters.json``,
            ``codebertscore.scoring.filters``): "paper" (the paper's: whitespace-only and punctuation-only tokens are
            dropped, the operators ``+ - * / & | ~`` kept), "operators" (also keeps comparison, logical,
            assignment, ``% ^ ?`` and the operators built from them, e.g. ``<= != := <- =>``) or "none" (every
            token). None (the default): the model's recorded filter, else "paper".
        no_punc: the older flag for the filter: True = "paper", False = "none" (must agree with ``token_filter``
            when both are given).
        headline: "F1", "F3" or "R": the score's headline measure, which also picks the best of several references
            (default from the registry).
        rescale: a baseline table (path or :class:`~codebertscore.scoring.rescale.BaselineTable`) to rescale scores
            with.
        device: "cpu", "cuda", "cuda:N", "mps" or None/"auto".
        dtype: "auto" (bf16 on CUDA, fp32 on CPU), "float32", "bfloat16" or "float16". Similarities are always
            computed in float32.
        batch_size: at most this many windows per forward pass (default: only the token budget limits).
        token_budget: at most this many (padded) tokens per forward pass.
        window: tokens per forward pass including special tokens (default: the model's maximum).
        overlap: fraction of a window shared with the next one for long inputs, in [0, 1).
        truncate: encode only the first window of long inputs instead of all windows (the dropped tokens are
            counted in the result and a warning is issued).
        progress: True: a progress bar on stderr in encoded tokens, per call; or a run-wide progress object with
            ``plan`` and ``update`` (:class:`~codebertscore.scoring.progress.TokenProgress`).
        pair_chunk: at most this many pairs scored per step.
        memory_budget: bytes of token vectors held at once while scoring (default 2 GiB): steps are sized from it
            (layers x width x kept tokens x 4 bytes per text), so peak memory does not grow with the number of pairs,
            layers or width. Scores do not depend on it (within 1e-6).
        cache_dir: a folder (or an :class:`~codebertscore.scoring.embedding_cache.EmbeddingCache`) keeping every
            encoded text's vectors on disk, keyed by the encoder, its settings and the text: later calls and resumed
            runs encode only what is new. Scores equal uncached ones within 1e-6 (float32 storage).
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
        idf: bool | str | Path | IdfTable | None = None,
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
        progress: Any = False,
        pair_chunk: int = DEFAULT_PAIR_CHUNK,
        memory_budget: int = DEFAULT_MEMORY_BUDGET,
        cache_dir: str | Path | EmbeddingCache | None = None,
        cache_max_bytes: int | None = None,
        cache_dtype: str = "float32",
    ) -> None:
        spec = registry.resolve(lang=lang, model=model, layer=layer, revision=revision)
        self.lang = canonical(lang) if isinstance(lang, str) else None
        #: the named token filter (``scoring.filters``): the caller's, else the model's recorded one, else the paper's
        self.token_filter = resolve_filter(token_filter, no_punc, spec.token_filter)
        if headline is not None and headline not in HEADLINES:
            raise ArgumentError(f"headline: expected one of {', '.join(HEADLINES)}, got {headline!r}")
        if not isinstance(overlap, (int, float)) or not 0.0 <= float(overlap) < 1.0:
            raise ArgumentError(f"overlap: expected a fraction in [0, 1), got {overlap!r}")
        for name, value in (("batch_size", batch_size), ("token_budget", token_budget), ("pair_chunk", pair_chunk)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ArgumentError(f"{name}: expected a positive integer, got {value!r}")
        if not isinstance(memory_budget, int) or isinstance(memory_budget, bool) or memory_budget < 1:
            raise ArgumentError(f"memory_budget: expected a positive number of bytes, got {memory_budget!r}")

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
        self.memory_budget = memory_budget
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
        if token_budget is None:
            token_budget = 16384 if self.encoder.device.type == "cpu" else 131072
        if token_budget < window:
            raise ArgumentError(
                f"token_budget: expected at least one full window ({window} tokens), got {token_budget}"
            )
        self.token_budget = token_budget
        #: notes every result carries about the idf setting (idf="corpus" without a table for the language)
        self.idf_notes: tuple[str, ...] = ()
        self.idf_table, self.idf_mode = self._load_idf(self.spec.idf if idf is None else idf, from_spec=idf is None)
        self.rescale_table = load_baseline(rescale)
        table = self.rescale_table
        # refused now, not after the first encoding
        if table is not None and table.model_ident and table.model_ident != self.encoder.info.ident:
            raise ArgumentError(
                f"rescale: the baseline table was measured for {table.model} ({table.model_ident}), not for "
                f"the encoder in use ({self.encoder.info.ident}); measure one with `codebertscore baseline`"
            )
        self.cache = open_cache(cache_dir, cache_max_bytes, cache_dtype)
        #: the encoding stage (public: benchmarks and explorations call its stages directly)
        self.embedder = Embedder(
            self.encoder, window=window, overlap=self.overlap, truncate=self.truncate, token_filter=self.token_filter,
            token_budget=token_budget, batch_size=batch_size, cache=self.cache,
        )

    # -- settings ------------------------------------------------------------------------------------------------
    def _load_idf(self, idf: bool | str | Path | IdfTable, *, from_spec: bool) -> tuple[IdfTable | None, str]:
        """(table, mode) of the ``idf`` setting; "corpus" is resolved for the scorer's language and tokenizer."""
        if corpus_idf.is_corpus_keyword(idf):
            if from_spec and self.lang is None:
                table, missing = None, ("idf='corpus' (the model's default): no language given (lang=...); "
                                        "scoring without idf")
            else:
                table, missing = corpus_idf.resolve_corpus(
                    str(idf), self.lang, self.encoder.tokenizer_sha256, self.encoder.info.name
                )
            if table is None:
                warnings.warn(missing, stacklevel=3)
                self.idf_notes = (missing,)
                return None, UNAVAILABLE
            return table, "table"
        table, mode = load_idf(idf)
        if table is not None:
            table.check_tokenizer(self.encoder.tokenizer_sha256, self.encoder.info.name)
        return table, mode

    def signature(
        self, *, nrefs: str = "1", context: bool = False, layer: int | None = None, idf: str | None = None
    ) -> Signature:
        v = library_versions()
        return Signature(
            nrefs=nrefs,
            model=self.spec.display or self.encoder.info.name,
            model_ident=self.encoder.info.ident,
            layer=self.layer if layer is None else layer,
            idf=idf if idf is not None else self.idf_label(self.idf_mode != "no"),
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

    def idf_label(self, use_idf: bool, table: IdfTable | None = None) -> str:
        """The signature's idf part for a call with or without idf: "no", "table:<sha12>", or for idf from the
        call's references "refs:<sha12>" of ``table`` (just "refs" before a call has computed one). After
        ``idf="corpus"`` for a language without a table it is "no" either way."""
        if self.idf_mode == UNAVAILABLE:
            return "no"
        mode = "no" if not use_idf else ("table" if self.idf_table is not None else "refs")
        return idf_label(mode, self.idf_table if self.idf_table is not None else table)

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
                raise ArgumentError(
                    f"layers: {self.encoder.info.name} has layers 0..{self.encoder.total_layers}, got {lay}"
                )
        return self._score(inputs, layer_list, idf)

    def explain(self, *, cand: str, ref: str, source: str | None = None) -> dict[str, Any]:
        """Token-level evidence of one pair: the two texts, the kept tokens with their [start, end) character offsets
        into ``cand`` / ``ref`` as given, the cosine matrix and each token's best match."""
        captured: dict[TextKey, tuple[PreparedText, torch.Tensor]] = {}
        inputs = validate_inputs([cand], [ref], None if source is None else [source])
        result = self._score(inputs, [self.layer], None, capture=captured)[self.layer]
        (c_text, c_emb), (r_text, r_emb) = captured[(source, cand)], captured[(source, ref)]
        c_tok, r_tok = c_text.kept_surfaces(), r_text.kept_surfaces()
        if not c_tok or not r_tok:
            sim = np.zeros((len(c_tok), len(r_tok)))
        else:
            sim = F.similarity_matrix(c_emb[0].cpu(), r_emb[0].cpu()).numpy().astype(np.float64)
        spans = {
            side: code_offsets(code, join(source, code)[1], t.offsets[t.keep]).tolist()
            for side, code, t in (("cand", cand, c_text), ("ref", ref, r_text))
        }
        return {
            "cand": cand,
            "ref": ref,
            "cand_tokens": c_tok,
            "ref_tokens": r_tok,
            "cand_offsets": spans["cand"],
            "ref_offsets": spans["ref"],
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
        of each distinct text with matched tokens. For FLOP accounting (``codebertscore.scoring.flops``); nothing is
        encoded."""
        keys = list(distinct_texts(validate_inputs(cands, refs, sources))[0])
        return self.embedder.forward_lengths(self.embedder.prepare(keys))

    # -- internals -----------------------------------------------------------------------------------------------
    def _score(
        self,
        inputs: Inputs,
        layers: list[int],
        idf_override: bool | None,
        capture: dict[TextKey, tuple[PreparedText, torch.Tensor]] | None = None,
    ) -> dict[int, ScoreResult]:
        """Score validated inputs at ``layers``; ``capture`` (for explanations) receives every text's vectors."""
        n = len(inputs.cands)
        notes: list[str] = list(self.idf_notes)
        index, pair_rows, owner, ref_pos = distinct_texts(inputs)
        keys = list(index)
        texts = self.embedder.prepare(keys)
        pairs = np.asarray(pair_rows, dtype=np.int64).reshape(-1, 2)

        # weights
        use_idf = (self.idf_mode != "no") if idf_override is None else bool(idf_override)
        use_idf = use_idf and self.idf_mode != UNAVAILABLE
        table = None
        if use_idf:
            if self.idf_table is not None:
                table = self.idf_table
            else:
                ref_ids = sorted(set(int(r) for r in pairs[:, 1]))
                table = IdfTable.from_token_ids(
                    (texts[r].kept_ids for r in ref_ids),
                    tokenizer=self.encoder.info.name,
                    tokenizer_sha256=self.encoder.tokenizer_sha256,
                    source="the distinct references of this call",
                )
        idf = self.idf_label(use_idf, table)
        weights_list = idf_weights(texts, table, notes)

        bar, own_bar = None, False
        if self.progress is True and texts:
            import sys

            from codebertscore.scoring.progress import TokenProgress

            bar, own_bar = TokenProgress(n, file=sys.stderr), True
        elif self.progress not in (None, False):
            bar = self.progress  # a run-wide progress object (the CLI's), told what this call encodes
        if bar is not None:
            bar.plan(n, sum(self.embedder.forward_lengths(texts)))
        try:
            raw = encode_and_match(
                self.embedder, keys, texts, pairs, weights_list, layers, self.pair_chunk, bar, capture,
                memory_budget=self.memory_budget,
            )
        finally:
            if own_bar and bar is not None:
                bar.close()
        if not np.all(np.isfinite(raw)):
            raise FloatingPointError(
                "non-finite scores came out of the encoder (overflow in a reduced-precision dtype?); "
                "re-run with dtype='float32'"
            )

        pair_empty, cut, warn = coverage_notes(
            inputs, index, texts, pair_rows, self.truncate, self.window, notes
        )
        for msg in warn:
            warnings.warn(msg, stacklevel=3)

        nrefs_set = {len(r) for r in inputs.refs}
        nrefs = str(next(iter(nrefs_set))) if len(nrefs_set) == 1 else ("var" if nrefs_set else "1")
        head = MEASURES.index(self.headline)  # columns of s: P, R, F1, F3
        owner_a = np.asarray(owner, dtype=np.int64)
        ref_pos_a = np.asarray(ref_pos, dtype=np.int64)
        results: dict[int, ScoreResult] = {}
        for li, layer in enumerate(layers):
            s = raw[:, li, :]  # (n_pairs, 4)
            best, chosen = first_best(s[:, head], owner_a, ref_pos_a, n)
            final = s[chosen] if n else np.zeros((0, 4))
            if self.rescale_table is not None:
                base = self.rescale_table.lookup(
                    layer=layer, idf=use_idf, token_filter=self.token_filter.name, context=inputs.sources is not None,
                    model_ident=self.encoder.info.ident,
                )
                b = torch.tensor([base[m] for m in MEASURES], dtype=torch.float64)
                final = F.rescale(torch.from_numpy(final), b).numpy()
            sig = self.signature(nrefs=nrefs, context=inputs.sources is not None, layer=layer, idf=idf)
            results[layer] = ScoreResult(
                P=final[:, 0].copy(), R=final[:, 1].copy(), F1=final[:, 2].copy(), F3=final[:, 3].copy(),
                best_ref=best, headline=self.headline, signature=sig,
                empty=pair_empty[chosen] if n else np.zeros(0, dtype=bool),
                truncated_tokens=cut[chosen, 0] if n else np.zeros(0, dtype=np.int64),
                ref_truncated_tokens=cut[chosen, 1] if n else np.zeros(0, dtype=np.int64),
                context_tokens_dropped=cut[chosen, 2] if n else np.zeros(0, dtype=np.int64),
                notes=tuple(notes),
            )
        return results


#: the one pool of loaded scorers, by construction arguments (the most recent few stay loaded)
_POOL: OrderedDict[str, CodeBERTScorer] = OrderedDict()
_POOL_SIZE = 2


def scorer_for(**scorer_kwargs: Any) -> CodeBERTScorer:
    """A :class:`CodeBERTScorer` built with ``scorer_kwargs``, reused while one with the same arguments is loaded
    (the :func:`score` function and the metric adapters share it)."""
    key = repr(sorted((k, repr(v)) for k, v in scorer_kwargs.items()))
    if key in _POOL:
        _POOL.move_to_end(key)
        return _POOL[key]
    scorer = CodeBERTScorer(**scorer_kwargs)
    _POOL[key] = scorer
    while len(_POOL) > _POOL_SIZE:
        _POOL.popitem(last=False)
    return scorer


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
    return scorer_for(**scorer_kwargs).score(cands=cands, refs=refs, sources=sources)


__all__ = ["CodeBERTScorer", "score", "scorer_for", "validate_inputs"]
