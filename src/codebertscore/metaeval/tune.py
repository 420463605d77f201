"""Choose an encoder's layer, headline, idf and token filter by cross-validation over problems on labelled data.

The grid is every layer asked for (default: all, 0 = embeddings) x headline (F1, F3, R, and P for completeness) x
idf (``no``; ``corpus``: the shipped table of the data's language; ``refs``: idf from the references of the scored
data, for completeness) x token filter (``paper``, ``operators``; any of ``codebertscore.scoring.filters``). Every
setting comes from one encoding pass per language (:func:`~codebertscore.metaeval.grid.score_grid`, in chunks of
whole problems). Data in several languages is tuned on together (one encoder for all of them; a problem is a
language and a problem id).

**What can be chosen.** Settings with ``idf=refs`` make a candidate's score depend on the other references of the
call, and P is not a scorer headline: both are measured and reported, never chosen. Among the others, each setting's
pooled Kendall tau da-RR is computed on each fold's dev part and held-out part
(:func:`~codebertscore.metaeval.folds.cross_validate`); the held-out tau of the setting chosen on the dev folds,
mean +- std over folds, says how well the choice carries to new problems. The final choice is the setting best on
all the data.

**Evidence.** Every setting's tau on all the data with a bootstrap interval over problems (pooled and per language),
and a paired bootstrap test of the chosen setting against a named baseline setting (default: the encoder's current
registry default, ``ModelSpec`` — for the shipped encoder layer 3, R, no idf, the paper's filter), pooled and per
language.
``max_per_problem`` keeps at most N candidates of each problem (a seeded, order-independent choice: the N with the
smallest sha256 of ``"<seed>:<record id>"``) for quick runs. The result records the data hash, the seeds and the
encoder's signature, and a ``defaults`` block in the form of a model folder's ``codebertscore.json``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from codebertscore.errors import ArgumentError
from codebertscore.languages import normalize_language
from codebertscore.metaeval.bootstrap import (
    DEFAULT_RESAMPLES,
    PairedResult,
    confidence_intervals,
    paired_bootstrap,
    resample_weights,
)
from codebertscore.metaeval.folds import CVResult, cross_validate
from codebertscore.metaeval.grid import GRID_HEADLINES, IDF_CHOICES, Setting, check_grid, score_grid
from codebertscore.metaeval.harness import Progress, language_indices, problem_groups, records_hash
from codebertscore.metaeval.record import DevRecord
from codebertscore.metaeval.records import subsample
from codebertscore.metaeval.stats import MetricStats
from codebertscore.models import registry
from codebertscore.models.spec import HEADLINES

TUNE_FORMAT = "codebertscore-tune/2"
STATISTIC = "kendall_darr"
#: candidates encoded together (whole problems; a chunk ends at the first problem that would pass this)
CHUNK_CANDIDATES = 1024
NOT_CHOSEN_NOTE = (
    "settings with idf=refs (idf counted over the references of the scored data) and headline P are measured for "
    "completeness and never chosen: a refs-idf score depends on what else is in the call, and P is not a scorer "
    "headline"
)


def setting_name(layer: int, headline: str, idf: str | bool, token_filter: str = "paper") -> str:
    if isinstance(idf, bool):
        idf = "refs" if idf else "no"
    return Setting(layer, headline, idf, token_filter).name


def choosable(s: Setting) -> bool:
    """Whether a setting may be chosen as a default (see the module docstring)."""
    return s.idf != "refs" and s.headline in HEADLINES


def _chunks(records: Sequence[DevRecord], size: int) -> list[list[int]]:
    """Candidate positions in chunks of whole problems, about ``size`` candidates each."""
    by_problem: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        by_problem.setdefault(r.problem_id, []).append(i)
    out: list[list[int]] = [[]]
    for members in by_problem.values():
        if out[-1] and len(out[-1]) + len(members) > size:
            out.append([])
        out[-1].extend(members)
    return [c for c in out if c]


def _f(v: float | None) -> str:
    return "nan" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.3f}"


@dataclass
class TuneResult:
    model: str
    signature: str
    lang: str
    layers: list[int]
    headlines: list[str]
    idf: list[str]
    token_filters: list[str]
    context: bool
    cv: CVResult
    data: dict[str, Any]
    seconds: float
    baseline: str = ""
    full_data: dict[str, float] = field(default_factory=dict)  # every setting, chosen or not
    intervals: dict[str, dict[str, Any]] = field(default_factory=dict)  # setting -> pooled interval
    per_language: dict[str, dict[str, Any]] = field(default_factory=dict)
    paired: PairedResult | None = None
    n_boot: int = DEFAULT_RESAMPLES
    notes: list[str] = field(default_factory=list)

    @property
    def choice(self) -> dict[str, Any]:
        s = Setting.parse(self.cv.choice)
        return {"setting": self.cv.choice, "layer": s.layer, "headline": s.headline, "idf": s.idf,
                "token_filter": s.token_filter, "full_data_kendall_darr": self.cv.full_data[self.cv.choice]}

    def defaults(self) -> dict[str, Any]:
        """The choice as a model folder's ``codebertscore.json`` (what the registry reads), with its evidence.

        ``idf`` is false or ``"corpus"`` (the shipped table of the scored language); ``token_filter`` names the filter.
        """
        c = self.choice
        paired = f"; against the baseline {self.paired.sentence()}" if self.paired is not None else ""
        return {
            "layer": c["layer"],
            "headline": c["headline"],
            "idf": False if c["idf"] == "no" else c["idf"],
            "token_filter": c["token_filter"],
            "provenance": (
                f"codebertscore tune: best pooled Kendall tau da-RR ({_f(c['full_data_kendall_darr'])}) among "
                f"{len(self.cv.settings)} choosable settings on {self.data['n_candidates']} {self.lang} candidates of "
                f"{self.data['n_problems']} problems (data sha256 {self.data['hash'][:12]}); {self.cv.k}-fold CV over "
                f"problems, seed {self.cv.seed}: held-out tau {_f(self.cv.heldout_mean)} +- {_f(self.cv.heldout_std)}"
                f"{paired}"
            ),
        }

    def to_dict(self) -> dict[str, Any]:
        cv = self.cv.to_dict()
        per_setting = {}
        for name, value in self.full_data.items():
            entry: dict[str, Any] = {
                "full_data": None if math.isnan(value) else value,
                "choosable": name in self.cv.settings,
                "interval": self.intervals.get(name),
                "per_language": {lang: d["full_data"].get(name) for lang, d in self.per_language.items()},
            }
            if name in self.cv.settings:
                entry["dev"] = [fold["dev"][name] for fold in cv["folds"]]
                entry["heldout"] = [fold["heldout"][name] for fold in cv["folds"]]
            per_setting[name] = entry
        return {
            "format": TUNE_FORMAT,
            "model": self.model,
            "signature": self.signature,
            "lang": self.lang,
            "grid": {"layers": self.layers, "headlines": self.headlines, "idf": self.idf,
                     "token_filters": self.token_filters, "context": self.context},
            "statistic": self.cv.statistic,
            "folds": self.cv.k,
            "seed": self.cv.seed,
            "n_boot": self.n_boot,
            "data": self.data,
            "not_chosen": NOT_CHOSEN_NOTE,
            "choice": self.choice,
            "choice_interval": self.intervals.get(self.cv.choice),
            "baseline": self.baseline,
            "baseline_interval": self.intervals.get(self.baseline),
            "paired_vs_baseline": None if self.paired is None else {**self.paired.to_dict(),
                                                                    "sentence": self.paired.sentence()},
            "heldout_mean": cv["heldout_mean"],
            "heldout_std": cv["heldout_std"],
            "chosen_per_fold": [fold["chosen"] for fold in cv["folds"]],
            "per_language": self.per_language,
            "per_setting": per_setting,
            "cv": cv,
            "defaults": self.defaults(),
            "notes": self.notes,
            "seconds": round(self.seconds, 3),
        }


def _spec_idf_name(idf: bool | str) -> str:
    """A registry default's idf (``ModelSpec.idf``: False, "corpus", or True for idf from the references) as the
    grid names it."""
    if isinstance(idf, str):
        return idf
    return "refs" if idf else "no"


def _idf_names(idf: Sequence[str | bool]) -> list[str]:
    out = []
    for x in idf:
        name = ("refs" if x else "no") if isinstance(x, bool) else x
        if name not in IDF_CHOICES:
            raise ArgumentError(f"idf: expected some of {', '.join(IDF_CHOICES)}, got {list(idf)!r}")
        out.append(name)
    return sorted(set(out), key=IDF_CHOICES.index)


def tune(
    records: Sequence[DevRecord],
    *,
    model: str | None = None,
    lang: str | None = None,
    layers: Sequence[int] | None = None,
    headlines: Sequence[str] = GRID_HEADLINES,
    idf: Sequence[str | bool] = ("no", "corpus", "refs"),
    token_filters: Sequence[str] = ("paper", "operators"),
    context: bool = True,
    folds: int = 5,
    seed: int = 0,
    threshold: float = 0.0,
    device: str | None = None,
    dtype: str = "auto",
    batch_size: int | None = None,
    progress: Progress | None = None,
    source: str = "",
    baseline: str | None = None,
    n_boot: int = DEFAULT_RESAMPLES,
    max_per_problem: int | None = None,
    chunk_candidates: int = CHUNK_CANDIDATES,
) -> TuneResult:
    """Cross-validate the grid layers x headlines x idf x token filters for one encoder on ``records``.

    Records in several languages are scored per language with the same encoder (``model``, or the default of
    ``lang``, or the default of the data's language when all the languages share one) and pooled. ``baseline``
    names the setting the choice is tested against (default: the encoder's registry default: its layer, headline, idf
    and token filter); its layer, headline, idf and filter are added to the grid when missing.
    """
    from codebertscore.scoring import corpus_idf
    from codebertscore.scoring.scorer import CodeBERTScorer

    all_recs = list(records)
    if not all_recs:
        raise ArgumentError("data: no records to tune on")
    recs = subsample(all_recs, max_per_problem, seed)
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
    idf_list = _idf_names(idf)
    check_grid(headlines, idf_list, token_filters)
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    # the grid uses the scorer's encoder and embedder only: its own idf and filter settings play no part
    scorer = CodeBERTScorer(lang=None if model else lang, model=model, layer=0, idf=False, device=device, dtype=dtype,
                            batch_size=batch_size)
    total = scorer.encoder.total_layers
    if layers is None:
        layers = list(range(0, total + 1))
    layers = sorted(set(int(x) for x in layers))
    for layer in layers:
        if not 0 <= layer <= total:
            raise ArgumentError(f"layers: the encoder has layers 0..{total}, got {layer}")
    if baseline is None:
        spec = registry.finalize_layer(registry.resolve(lang=None if model else lang, model=model), total)
        base = Setting(spec.layer, spec.headline, _spec_idf_name(spec.idf), scorer.token_filter.name)
    else:
        base = Setting.parse(baseline)
        check_grid([base.headline], [base.idf], [base.token_filter])
        if not 0 <= base.layer <= total:
            raise ArgumentError(f"baseline: the encoder has layers 0..{total}, got layer {base.layer}")
    notes: list[str] = []
    added = [
        what for what, have, value in (("layer", layers, base.layer), ("headline", headlines, base.headline),
                                        ("idf", idf_list, base.idf), ("token filter", token_filters, base.token_filter))
        if value not in have
    ]
    if added:
        notes.append(f"the baseline's {', '.join(added)} added to the grid")
    layers = sorted(set(layers) | {base.layer})
    headline_list = [h for h in GRID_HEADLINES if h in set(headlines) | {base.headline}]
    idf_list = [i for i in IDF_CHOICES if i in set(idf_list) | {base.idf}]
    filter_list = list(dict.fromkeys([*token_filters, base.token_filter]))

    corpus_tables: dict[str, Any] = {}
    corpus_labels: dict[str, str] = {}
    if "corpus" in idf_list:
        for part_lang in by_lang:
            try:
                canon = normalize_language(part_lang)
                table = corpus_idf.corpus_table(canon, scorer.encoder.tokenizer_sha256, scorer.encoder.info.name)
                why = corpus_idf.missing_reason(canon) if table is None else ""
            except ArgumentError as exc:  # another tokenizer, or a language the tables do not know
                table, why = None, str(exc)
            if table is None:
                notes.append(f"idf=corpus: no corpus table for {part_lang} ({why}); its candidates are scored "
                             "without idf in the idf=corpus settings")
            corpus_tables[part_lang] = table
            corpus_labels[part_lang] = f"table:{table.sha256[:12]}" if table is not None else "no"
        if all(t is None for t in corpus_tables.values()) and base.idf != "corpus":
            idf_list = [i for i in idf_list if i != "corpus"]
            notes.append("idf=corpus left out of the grid: no language of the data has a corpus table usable with this "
                         "encoder (see the notes above; the settings would equal idf=no)")
    grid = [Setting(lay, h, i, f) for lay in layers for h in headline_list for i in idf_list for f in filter_list]
    say(f"{len(recs)} candidates ({len(all_recs)} before --max-per-problem), {len(grid)} settings; "
        f"one encoding pass per language")

    outs = {s: np.zeros(len(recs), dtype=np.float64) for s in grid}
    for part_lang, idx in by_lang.items():
        part = [recs[i] for i in idx]
        table = corpus_tables.get(part_lang)
        say(f"{part_lang}: scoring {len(part)} candidates")
        part_notes: list[str] = []
        scored = score_grid(
            scorer, [r.candidate for r in part], [list(r.references) for r in part],
            [r.context for r in part] if context else None,
            layers=layers, headlines=headline_list, idfs=idf_list, filters=filter_list, corpus_table=table,
            chunks=_chunks(part, chunk_candidates), notes=part_notes,
        )
        notes.extend(f"{part_lang}: {n}" for n in dict.fromkeys(part_notes))
        for s, values in scored.items():
            outs[s][np.asarray(idx)] = values

    groups = problem_groups(recs)
    labels = np.array([r.label for r in recs], dtype=np.float64)
    stats = {s.name: MetricStats(outs[s], labels, groups, threshold) for s in grid}
    full = {name: float(st.compute()[STATISTIC]) for name, st in stats.items()}
    chooseable = {s.name: stats[s.name] for s in grid if choosable(s)}
    if not chooseable:
        raise ArgumentError("grid: no choosable setting (every setting has idf=refs or headline P)")
    say(f"cross-validating over {len(groups)} problems ({folds} folds, seed {seed}); {len(chooseable)} choosable")
    cv = cross_validate(chooseable, k=folds, seed=seed, statistic=STATISTIC)
    say(f"bootstrap: {n_boot} resamples of problems (seed {seed})")
    w_all = resample_weights(len(groups), n_boot, seed)
    intervals = {name: confidence_intervals(st, w_all, seed, statistics=[STATISTIC])[STATISTIC].to_dict()
                 for name, st in stats.items()}
    paired = paired_bootstrap(stats[cv.choice], stats[base.name], w_all, seed, names=(cv.choice, base.name),
                              statistic=STATISTIC)

    per_language: dict[str, dict[str, Any]] = {}
    if len(by_lang) > 1:
        for part_lang, idx in by_lang.items():
            ix = np.asarray(idx)
            g = problem_groups([recs[i] for i in idx])
            sub = {s.name: MetricStats(outs[s][ix], labels[ix], g, threshold) for s in grid}
            w = resample_weights(len(g), n_boot, seed)
            best_here = max((n for n in sub if n in chooseable),
                            key=lambda n: -math.inf if math.isnan(v := sub[n].compute()[STATISTIC]) else v)
            pr = paired_bootstrap(sub[cv.choice], sub[base.name], w, seed, names=(cv.choice, base.name),
                                  statistic=STATISTIC)
            per_language[part_lang] = {
                "n_candidates": len(idx), "n_problems": len(g),
                "full_data": {n: (None if math.isnan(v := st.compute()[STATISTIC]) else v) for n, st in sub.items()},
                "choice_interval": confidence_intervals(sub[cv.choice], w, seed, statistics=[STATISTIC])[STATISTIC]
                .to_dict(),
                "baseline_interval": confidence_intervals(sub[base.name], w, seed, statistics=[STATISTIC])[STATISTIC]
                .to_dict(),
                "best_choosable_here": best_here,
                "paired_vs_baseline": {**pr.to_dict(), "sentence": pr.sentence()},
            }

    chosen = Setting.parse(cv.choice)
    idf_label = "no"
    if chosen.idf == "corpus":
        idf_label = (next(iter(corpus_labels.values())) if len(corpus_labels) == 1
                     else "corpus(" + ",".join(f"{k}:{v}" for k, v in corpus_labels.items()) + ")")
    sig = replace(scorer.signature(nrefs="data", context=context, layer=chosen.layer, idf=idf_label),
                  headline=chosen.headline, token_filter=chosen.token_filter,
                  no_punc=chosen.token_filter != "none")
    data = {"source": source, "hash": records_hash(recs), "n_candidates": len(recs), "n_problems": len(groups),
            "label_threshold": threshold, "max_per_problem": max_per_problem, "n_candidates_before": len(all_recs),
            "hash_before": records_hash(all_recs) if max_per_problem is not None else None,
            "languages": {k: len(v) for k, v in by_lang.items()}}
    return TuneResult(
        scorer.encoder.info.name, "codebertscore|" + sig.format(), data_lang, layers, headline_list, idf_list,
        filter_list, context, cv, data, time.perf_counter() - t0, baseline=base.name, full_data=full,
        intervals=intervals, per_language=per_language, paired=paired, n_boot=n_boot, notes=notes,
    )
