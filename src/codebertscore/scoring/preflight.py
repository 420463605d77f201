"""The checks of a scorer's settings that need no encoder: run them before one loads (about 10 s) so that a typo is
reported at once, not after the load.

Everything knowable from the registry, a model folder's ``config.json`` and the files named is checked: the language
and model keyword, the layer (or layers) and the window against the folder's depth and length, the headline, overlap
and batch sizes, the idf table and the rescale baseline table (readable, of the right format, and, where the layer is
known, holding an entry for these settings); ``idf="corpus"`` for a language the shipped tables know, and a token
filter a baseline table can be keyed by. What needs the encoder itself (a hub model's depth, the tokenizer an idf
table was built with, the weights a baseline was measured on) is checked when the scorer is built.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError
from codebertscore.languages import normalize_language
from codebertscore.models import registry
from codebertscore.models.spec import HEADLINES, config_limits
from codebertscore.scoring import corpus_idf
from codebertscore.scoring.filters import resolve_filter
from codebertscore.scoring.idf import load_idf
from codebertscore.scoring.rescale import load_baseline


def check_scorer_settings(
    *,
    lang: str | None = None,
    model: str | None = None,
    layer: int | None = None,
    revision: str | None = None,
    layers: Iterable[int] | None = None,
    window: int | None = None,
    overlap: float = 0.5,
    headline: str | None = None,
    batch_size: int | None = None,
    token_budget: int | None = None,
    idf: Any = False,
    no_punc: bool | None = None,
    token_filter: str | None = None,
    rescale: Any = None,
    context: bool | None = None,
    **_other: Any,
) -> None:
    """Raise the typed error a :class:`~codebertscore.scoring.scorer.CodeBERTScorer` built with these arguments would
    raise, for every check that needs no encoder (``layers``: the layers a call will ask for, e.g. `baseline`'s;
    ``context``: whether the inputs have contexts, when known, for the rescale table's lookup). Other arguments
    (device, cache, ...) are accepted and left to the scorer."""
    spec = registry.resolve(lang=lang, model=model, layer=layer, revision=revision)
    if headline is not None and headline not in HEADLINES:
        raise ArgumentError(f"headline: expected one of {', '.join(HEADLINES)}, got {headline!r}")
    if not isinstance(overlap, (int, float)) or not 0.0 <= float(overlap) < 1.0:
        raise ArgumentError(f"overlap: expected a fraction in [0, 1), got {overlap!r}")
    for name, value in (("batch_size", batch_size), ("token_budget", token_budget)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise ArgumentError(f"{name}: expected a positive integer, got {value!r}")
    if window is not None and (not isinstance(window, int) or isinstance(window, bool) or window < 1):
        raise ArgumentError(f"window: expected a positive integer, got {window!r}")
    wanted = sorted({int(x) for x in layers}) if layers else []
    limits = config_limits(Path(spec.name).expanduser()) if Path(spec.name).expanduser().is_dir() else None
    if limits is not None:
        depth, max_len = limits
        for lay in ([spec.layer] if spec.layer != -1 else []) + wanted:
            if not 0 <= lay <= depth:
                raise ArgumentError(f"layer: {spec.name} has layers 0..{depth}, got {lay}")
        if window is not None and window > max_len:
            raise ArgumentError(f"window: expected an integer up to the model's maximum of {max_len}, got {window!r}")
    if window is not None and token_budget is not None and token_budget < window:
        raise ArgumentError(f"token_budget: expected at least one full window ({window} tokens), got {token_budget}")
    filt = resolve_filter(token_filter, no_punc, spec.token_filter)
    use_idf = _uses_idf(spec.idf if idf is None else idf, lang, from_spec=idf is None)
    table = load_baseline(rescale)
    if table is not None and context is not None and use_idf is not None:
        known = wanted or ([spec.layer] if spec.layer != -1 else [])
        for lay in known:
            table.lookup(layer=lay, idf=use_idf, token_filter=filt.name, context=context, model_ident="")


def _uses_idf(idf: Any, lang: str | None, *, from_spec: bool) -> bool | None:
    """Whether scores will be idf-weighted, as far as it is known without the tokenizer (None: not known). ``idf``
    "corpus" is checked for its language: unknown languages are refused, one the corpus lacks (Go) means no idf."""
    if corpus_idf.is_corpus_keyword(idf):
        named = str(idf).partition(":")[2]
        if not named and lang is None:
            if from_spec:
                return False  # the model's default without a language: scored without idf (with a warning)
            raise ArgumentError("idf: 'corpus' needs a language (lang=...) or names one (idf='corpus:python')")
        canon = normalize_language(named, argument="idf") if named else normalize_language(str(lang))
        if canon in corpus_idf.corpus_languages():
            return True
        if corpus_idf.missing_reason(canon) is not None:
            return False
        raise ArgumentError(f"idf: no shipped corpus idf table for language {canon!r}; the tables cover "
                            f"{', '.join(corpus_idf.corpus_languages())}")
    _, idf_mode = load_idf(idf)
    return idf_mode != "no"
