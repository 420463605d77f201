"""Choose an encoder's layer, headline (F1, F3 or R) and idf on/off by cross-validation over problems on labelled data.

The grid is every layer asked for (default: all, 0 = embeddings) x headline (F1, F3, R) x idf (off, on). One
encoding pass per idf choice covers every layer (``CodeBERTScorer.score_layers``); F1, F3 and R come out of the
same pass. Data in several languages is tuned on together (one encoder for all of them; a problem is a language
and a problem id). Each setting's pooled Kendall tau da-RR is computed on each fold's dev part and held-out part
(:func:`~codebertscore.metaeval.folds.cross_validate`); the held-out tau of the setting chosen on the dev folds,
mean +- std over folds, says how well the choice carries to new problems. The final choice is the setting best
on all the data. The result records everything: per-setting tau on each fold, the choice, the held-out numbers,
the data hash, the seed and the encoder's signature — and a ``defaults`` block in the form of a model folder's
``codebertscore.json`` (layer, headline, idf, provenance), which is where the registry reads its defaults.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from codebertscore.baselines.codebertscore import CodeBERTScoreMetric
from codebertscore.errors import ArgumentError
from codebertscore.metaeval.folds import CVResult, cross_validate
from codebertscore.metaeval.harness import Progress, language_indices, problem_groups, records_hash
from codebertscore.metaeval.record import DevRecord
from codebertscore.metaeval.stats import MetricStats
from codebertscore.models import registry
from codebertscore.models.spec import HEADLINES

TUNE_FORMAT = "codebertscore-tune/1"


def setting_name(layer: int, headline: str, idf: bool) -> str:
    return f"layer={layer},F={headline},idf={'yes' if idf else 'no'}"


@dataclass
class TuneResult:
    model: str
    signature: str
    lang: str
    layers: list[int]
    headlines: list[str]
    idf: list[bool]
    context: bool
    cv: CVResult
    data: dict[str, Any]
    seconds: float

    @property
    def choice(self) -> dict[str, Any]:
        layer, headline, idf = _parse(self.cv.choice)
        return {"setting": self.cv.choice, "layer": layer, "headline": headline, "idf": idf,
                "full_data_kendall_darr": self.cv.full_data[self.cv.choice]}

    def defaults(self) -> dict[str, Any]:
        """The choice as a model folder's ``codebertscore.json`` (what the registry reads), with its evidence."""
        c = self.choice

        def f(v: float) -> str:
            return "nan" if v is None or math.isnan(v) else f"{v:.3f}"

        return {
            "layer": c["layer"],
            "headline": c["headline"],
            "idf": c["idf"],
            "provenance": (
                f"codebertscore tune: best pooled Kendall tau da-RR ({f(c['full_data_kendall_darr'])}) among "
                f"{len(self.cv.settings)} settings on {self.data['n_candidates']} {self.lang} candidates of "
                f"{self.data['n_problems']} problems (data sha256 {self.data['hash'][:12]}); {self.cv.k}-fold CV over "
                f"problems, seed {self.cv.seed}: held-out tau {f(self.cv.heldout_mean)} +- {f(self.cv.heldout_std)}"
            ),
        }

    def to_dict(self) -> dict[str, Any]:
        cv = self.cv.to_dict()
        per_setting = {
            name: {
                "full_data": cv["full_data"][name],
                "dev": [fold["dev"][name] for fold in cv["folds"]],
                "heldout": [fold["heldout"][name] for fold in cv["folds"]],
            }
            for name in self.cv.settings
        }
        return {
            "format": TUNE_FORMAT,
            "model": self.model,
            "signature": self.signature,
            "lang": self.lang,
            "grid": {"layers": self.layers, "headlines": self.headlines, "idf": self.idf, "context": self.context},
            "statistic": self.cv.statistic,
            "folds": self.cv.k,
            "seed": self.cv.seed,
            "data": self.data,
            "choice": self.choice,
            "heldout_mean": cv["heldout_mean"],
            "heldout_std": cv["heldout_std"],
            "chosen_per_fold": [fold["chosen"] for fold in cv["folds"]],
            "per_setting": per_setting,
            "cv": cv,
            "defaults": self.defaults(),
            "seconds": round(self.seconds, 3),
        }


def _parse(name: str) -> tuple[int, str, bool]:
    parts = dict(p.split("=", 1) for p in name.split(","))
    return int(parts["layer"]), parts["F"], parts["idf"] == "yes"


def tune(
    records: Sequence[DevRecord],
    *,
    model: str | None = None,
    lang: str | None = None,
    layers: Sequence[int] | None = None,
    headlines: Sequence[str] = HEADLINES,
    idf: Sequence[bool] = (False, True),
    context: bool = True,
    folds: int = 5,
    seed: int = 0,
    threshold: float = 0.0,
    device: str | None = None,
    dtype: str = "auto",
    batch_size: int | None = None,
    progress: Progress | None = None,
    source: str = "",
) -> TuneResult:
    """Cross-validate the grid layers x headlines x idf for one encoder on ``records``.

    Records in several languages are scored per language with the same encoder (``model``, or the default of
    ``lang``, or the default of the data's language when all the languages share one) and pooled.
    """
    recs = list(records)
    if not recs:
        raise ArgumentError("data: no records to tune on")
    by_lang = language_indices(recs)
    langs = list(by_lang)
    if len(langs) > 1 and model is None and lang is None:
        names = {registry.resolve(lang=x).name for x in langs}
        if len(names) > 1:
            raise ArgumentError(
                f"model: the data has {', '.join(langs)}, whose default encoders differ ({', '.join(sorted(names))});"
                " name one encoder (model=...) to tune on them together"
            )
    data_lang = "+".join(langs)
    lang = lang or langs[0]
    if not headlines or any(h not in HEADLINES for h in headlines):
        raise ArgumentError(f"headlines: expected some of {', '.join(HEADLINES)}, got {list(headlines)!r}")
    if not idf:
        raise ArgumentError("idf: expected at least one of off/on")
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    opts: dict[str, Any] = {"context": "yes" if context else "no", "dtype": dtype}
    if device:
        opts["device"] = device
    if batch_size:
        opts["batch_size"] = str(batch_size)
    probe = CodeBERTScoreMetric(model=model, lang=None if model else lang, **opts)
    scorer = probe.get_scorer("F3")
    if layers is None:
        layers = list(range(0, scorer.encoder.total_layers + 1))
    layers = sorted(set(int(x) for x in layers))
    for layer in layers:
        if not 0 <= layer <= scorer.encoder.total_layers:
            raise ArgumentError(f"layers: the encoder has layers 0..{scorer.encoder.total_layers}, got {layer}")
    grid = [(layer, h, flag) for layer in layers for h in headlines for flag in sorted(set(idf))]
    metrics = [
        CodeBERTScoreMetric(model=model, lang=None if model else lang, layer=str(layer), F=h,
                            idf="yes" if flag else "no", **opts)
        for layer, h, flag in grid
    ]
    say(f"encoding {len(recs)} candidates once per idf choice; {len(grid)} settings")
    outs = [np.zeros(len(recs), dtype=np.float64) for _ in grid]
    for part_lang, idx in by_lang.items():
        part = [recs[i] for i in idx]
        scored = metrics[0].score_group(
            metrics, [r.candidate for r in part], [list(r.references) for r in part], [r.context for r in part],
            part_lang,
        )
        for out, values in zip(outs, scored):
            out[idx] = values
    groups = problem_groups(recs)
    labels = np.array([r.label for r in recs], dtype=np.float64)
    settings = {setting_name(*g): MetricStats(out, labels, groups, threshold) for g, out in zip(grid, outs)}
    say(f"cross-validating over {len(groups)} problems ({folds} folds, seed {seed})")
    cv = cross_validate(settings, k=folds, seed=seed)
    sig = metrics[[setting_name(*g) for g in grid].index(cv.choice)].signature()
    data = {"source": source, "hash": records_hash(recs), "n_candidates": len(recs), "n_problems": len(groups),
            "label_threshold": threshold}
    return TuneResult(scorer.encoder.info.name, sig, data_lang, layers, list(headlines), sorted(set(idf)), context, cv,
                      data, time.perf_counter() - t0)
