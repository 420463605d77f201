"""CodeBERTScore itself behind the metric interface, so that meta-evaluation treats it like any baseline.

Options (``codebertscore:model=...,layer=4,F=F3,idf=yes,context=yes``):

* ``model``: a hub name, a local folder or a keyword (``default``, ``paper``, ``multilingual``); default: the
  registry's model for the data's language (``lang``, filled in from the data by the harness);
* ``layer``: the hidden-state layer (default: the registry's for that model);
* ``F``: which number is the metric: ``F3``, ``F1``, ``P`` or ``R`` (default: the registry's headline for the model);
* ``idf``: ``no``, ``yes`` (idf from the distinct references of the data), ``corpus`` (the shipped corpus table of
  the data's language, ``codebertscore.scoring.corpus_idf``; ``corpus:<lang>`` names one; Go has none and is scored
  without idf) or a path to an idf table (default: the registry's choice for the model);
* ``context``: ``yes`` (default: the prompt shapes the embeddings, as in the paper) or ``no``;
* ``token_filter``: ``paper``, ``operators`` or ``none`` (``codebertscore.scoring.filters``; default: the
  registry's choice for the model, else ``paper``); ``no_punc`` (``yes`` = paper, ``no`` = none) is its older
  spelling;
* ``device``, ``dtype``, ``batch_size``, ``revision``: passed to :class:`CodeBERTScorer`.

Settings that differ only in ``layer``, ``F`` and ``idf`` share one scorer and one encoding pass per idf choice
(``score_layers``); the harness hands them over together (:meth:`score_group`). With several references per
candidate, the best reference is picked by ``F`` (F1 or F3; P and R use F3).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from codebertscore.baselines.base import check_inputs, opt_bool, opt_choice, opt_int, register
from codebertscore.errors import ArgumentError
from codebertscore.models.spec import HEADLINES, MEASURES
from codebertscore.scoring.filters import filter_names, resolve_filter


@register("codebertscore", "CodeBERTScore (this package): any model, layer, F1/F3/P/R, idf, context, token filter")
class CodeBERTScoreMetric:
    """CodeBERTScore as a per-pair metric; see the module docstring."""

    name = "codebertscore"

    def __init__(
        self,
        model: str | None = None,
        lang: str | None = None,
        layer: str | int | None = None,
        F: str | None = None,  # noqa: N803 - the option is spelled F on the command line
        idf: str | None = None,
        context: str = "yes",
        no_punc: str | None = None,
        token_filter: str | None = None,
        device: str | None = None,
        dtype: str = "auto",
        batch_size: str | int | None = None,
        revision: str | None = None,
    ) -> None:
        if model is None and lang is None:
            raise ArgumentError(f"{self.name}: give model=... or lang=... (the harness fills lang from the data)")
        self.model = model
        self.lang = lang
        self.layer = None if layer is None else opt_int(self.name, "layer", str(layer), minimum=0)
        default_filter: str | None = None
        if F is None or idf is None or (token_filter is None and no_punc is None):
            # the registry's defaults for this model (its tuned headline, idf and token filter)
            from codebertscore.models import registry

            spec = registry.resolve(lang=lang, model=model, revision=revision)
            F = spec.headline if F is None else F
            if idf is None:  # a recorded idf: False, "corpus", or True (idf from the references: older files)
                idf = spec.idf if isinstance(spec.idf, str) else ("yes" if spec.idf else "no")
            default_filter = spec.token_filter
        self.measure = opt_choice(self.name, "F", F, MEASURES)
        idf_value = idf.strip()
        if idf_value.lower() in ("no", "yes", "true", "false", "0", "1", "on", "off"):
            self.idf_path: str | None = None
            self.use_idf = opt_bool(self.name, "idf", idf_value)
        elif idf_value == "corpus" or idf_value.startswith("corpus:"):
            self.idf_path, self.use_idf = idf_value, True  # the scorer resolves it (a table, or none for Go)
        else:
            if not Path(idf_value).expanduser().is_file():
                raise ArgumentError(
                    f"{self.name}: option idf: expected yes, no, corpus or a path to an idf table, got {idf!r}"
                )
            self.idf_path, self.use_idf = str(Path(idf_value).expanduser()), True
        self.context = opt_bool(self.name, "context", context)
        self.token_filter = resolve_filter(
            None if token_filter is None else opt_choice(self.name, "token_filter", token_filter, filter_names()),
            None if no_punc is None else opt_bool(self.name, "no_punc", no_punc),
            default_filter,
        ).name
        self.device = device
        self.dtype = dtype
        self.batch_size = None if batch_size is None else opt_int(self.name, "batch_size", str(batch_size), 1)
        self.revision = revision
        self._default_layer: int | None = None

    # -- the scorer ------------------------------------------------------------------------------------------------
    def _headline(self) -> str:
        return self.measure if self.measure in HEADLINES else "F3"

    def get_scorer(self, headline: str) -> Any:
        # layer=0 exists in every encoder: the scorer is shared by all layers (each call names its layers), and an
        # unset layer is resolved by _layer() without the scorer warning about a default it does not use
        kwargs: dict[str, Any] = {
            "lang": self.lang, "model": self.model, "layer": 0, "revision": self.revision,
            "idf": self.idf_path or False,
            "token_filter": self.token_filter, "headline": headline, "device": self.device, "dtype": self.dtype,
            "batch_size": self.batch_size,
        }
        from codebertscore.scoring.scorer import scorer_for

        return scorer_for(**kwargs)

    def _layer(self, scorer: Any) -> int:
        """The layer option, or the registry's default for the model (warning when only a rule decides it)."""
        if self.layer is not None:
            return self.layer
        if self._default_layer is None:
            from codebertscore.models import registry

            spec = registry.resolve(lang=self.lang, model=self.model, revision=self.revision)
            self._default_layer = registry.finalize_layer(spec, scorer.encoder.total_layers).layer
        return self._default_layer

    def signature(self) -> str:
        scorer = self.get_scorer(self._headline())
        idf = scorer.idf_label(self.use_idf)
        sig = scorer.signature(nrefs="data", context=self.context, layer=self._layer(scorer), idf=idf)
        return "codebertscore|" + replace(sig, headline=self.measure).format()

    # -- scoring ---------------------------------------------------------------------------------------------------
    def score(
        self,
        cands: Sequence[str],
        refs: Sequence[Sequence[str]],
        sources: Sequence[str] | None = None,
        lang: str | None = None,
    ) -> np.ndarray:
        return self.score_group([self], cands, refs, sources, lang)[0]

    def group_key(self) -> Hashable:
        return ("codebertscore", self.model, self.lang, self.revision, self.idf_path, self.context, self.token_filter,
                self.device, self.dtype, self.batch_size)

    def score_group(
        self,
        metrics: Sequence[Any],
        cands: Sequence[str],
        refs: Sequence[Sequence[str]],
        sources: Sequence[str] | None,
        lang: str | None,
    ) -> list[np.ndarray]:
        """Score several settings of the same scorer with one encoding pass per (idf, best-reference rule)."""
        c, r, s = check_inputs(self.name, cands, refs, sources)
        for m in metrics:
            if not isinstance(m, CodeBERTScoreMetric) or m.group_key() != self.group_key():
                raise ArgumentError("score_group: expected CodeBERTScore settings that share model and options")
        src = s if (self.context and s is not None) else None
        multi_ref = any(len(group) > 1 for group in r)
        out: list[np.ndarray | None] = [None] * len(metrics)
        # single references: every headline gives the same P, R, F1, F3, so one scorer serves all settings
        headlines = sorted({m._headline() for m in metrics}) if multi_ref else [self._headline()]
        for headline in headlines:
            scorer = self.get_scorer(headline)
            for use_idf in (False, True):
                chosen = [
                    i for i, m in enumerate(metrics)
                    if m.use_idf == use_idf and (not multi_ref or m._headline() == headline)
                ]
                if not chosen:
                    continue
                layers = sorted({metrics[i]._layer(scorer) for i in chosen})
                results = scorer.score_layers(cands=c, refs=r, sources=src, layers=layers, idf=use_idf)
                for i in chosen:
                    m = metrics[i]
                    out[i] = np.asarray(results[m._layer(scorer)].measure(m.measure), dtype=np.float64)
        return [x for x in out if x is not None]

    def __repr__(self) -> str:
        return (f"<CodeBERTScoreMetric model={self.model} lang={self.lang} layer={self.layer} F={self.measure} "
                f"idf={self.idf_path or self.use_idf} context={self.context} token_filter={self.token_filter}>")
