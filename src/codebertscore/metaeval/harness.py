"""The meta-evaluation harness: score labelled data with a set of metrics and measure how well each agrees.

For each metric spec (``chrf``, ``codebertscore:layer=2|3|4,F=F1|F3``, ...):

1. expand grids into settings; score every candidate against its references with every setting — per language
   (a CodeBERTScore spec without ``model``/``lang`` gets the data's language), with CodeBERTScore settings that
   share a model scored in one encoding pass, and baseline scores read from / written to the score cache;
2. compute every statistic of :mod:`~codebertscore.metaeval.stats` on all the data, with bootstrap intervals over
   problems (the same resamples for every metric, so the paired tests below are paired);
3. cross-validate over problems: for each spec (a "family" of one or more settings), the setting chosen on the
   dev folds is scored on the held-out fold; mean +- std of the held-out values;
4. paired bootstrap tests between the families (each represented by the setting chosen on all data; a grid's
   representative is flattered by that choice, which its CV numbers do not hide).

Everything needed to reproduce a number is in the result: data hash, seeds, metric signatures, library versions.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from codebertscore.baselines.base import MetricSpec, build_metric, expand_spec, parse_spec
from codebertscore.errors import ArgumentError
from codebertscore.metaeval.bootstrap import (
    DEFAULT_RESAMPLES,
    Interval,
    PairedResult,
    check_resamples,
    check_seed,
    confidence_intervals,
    paired_bootstrap,
    resample_weights,
)
from codebertscore.metaeval.cache import ScoreCache, data_hash
from codebertscore.metaeval.folds import CVResult, cross_validate
from codebertscore.metaeval.record import DevRecord, record_to_json
from codebertscore.metaeval.stats import STATISTICS, Groups, MetricStats, is_binary, make_groups, summary_counts
from codebertscore.scoring.signature import package_version

RESULT_FORMAT = "codebertscore-metaeval/1"
#: metrics used when none are named (those whose dependencies are missing are skipped with a note)
DEFAULT_METRICS = ("codebertscore", "chrf", "bleu", "crystalbleu", "codebleu", "rouge1", "rouge2", "rougeL", "meteor",
                   "edit_sim", "exact")

Progress = Callable[[str], None]


@dataclass
class ScoredSetting:
    """One metric setting's scores on the data."""

    spec: str  # the expanded spec, e.g. "codebertscore:layer=4,F=F3"
    family: str  # the spec as given (a grid when it has '|' or '..')
    signatures: dict[str, str]  # language -> signature
    scores: np.ndarray
    seconds: float
    cached: bool


def records_hash(records: Sequence[DevRecord]) -> str:
    """sha256 of the records' canonical JSON lines, in order."""
    h = hashlib.sha256()
    for r in records:
        h.update(record_to_json(r).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def language_indices(records: Sequence[DevRecord]) -> dict[str, list[int]]:
    """The positions of the records of each language, languages in sorted order (metrics are scored per language)."""
    by_lang: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        by_lang.setdefault(r.lang, []).append(i)
    return dict(sorted(by_lang.items()))


def problem_groups(records: Sequence[DevRecord]) -> Groups:
    """The records grouped by problem. With several languages a problem is ``<lang>/<problem id>``, so that data
    whose languages share problem ids (HumanEval translated) never pairs candidates of two languages; with one
    language the names are the problem ids themselves."""
    if len({r.lang for r in records}) <= 1:
        return make_groups([r.problem_id for r in records])
    return make_groups([f"{r.lang}/{r.problem_id}" for r in records])


def _with_lang(spec: MetricSpec, lang: str) -> MetricSpec:
    keys = {k for k, _ in spec.options}
    if spec.name == "codebertscore" and "model" not in keys and "lang" not in keys:
        return MetricSpec(spec.name, spec.options + (("lang", lang),))
    return spec


def score_settings(
    records: Sequence[DevRecord],
    specs: Sequence[str],
    cache: ScoreCache | None = None,
    progress: Progress | None = None,
) -> list[ScoredSetting]:
    """Score every record with every setting of every spec (see the module docstring, step 1)."""
    if not records:
        raise ArgumentError("data: no records to evaluate")
    cache = cache or ScoreCache(None)
    say = progress or (lambda _msg: None)
    settings: list[tuple[str, MetricSpec]] = []
    for spec in specs:
        for expanded in expand_spec(spec):
            settings.append((spec, expanded))
    if not settings:
        raise ArgumentError("metrics: expected at least one metric")
    formatted = [e.format() for _, e in settings]
    dupes = sorted({f for f in formatted if formatted.count(f) > 1})
    if dupes:
        raise ArgumentError(f"metrics: setting(s) given twice: {', '.join(dupes)}")
    n = len(records)
    scores = [np.full(n, np.nan) for _ in settings]
    sigs: list[dict[str, str]] = [{} for _ in settings]
    seconds = [0.0] * len(settings)
    cached = [True] * len(settings)
    for lang, idx in language_indices(records).items():
        sub = [records[i] for i in idx]
        cands = [r.candidate for r in sub]
        refs = [list(r.references) for r in sub]
        sources = [r.context for r in sub]
        dhash = data_hash(cands, refs, sources, lang)
        todo: dict[Any, list[tuple[int, Any, str]]] = {}
        for k, (_, expanded) in enumerate(settings):
            metric = build_metric(_with_lang(expanded, lang))
            sig = metric.signature()
            sigs[k][lang] = sig
            hit = cache.get(sig, dhash, len(sub))
            if hit is not None:
                scores[k][idx] = hit
                continue
            cached[k] = False
            key = metric.group_key() if hasattr(metric, "group_key") else ("single", k)
            todo.setdefault(key, []).append((k, metric, sig))
        for members in todo.values():
            names = ", ".join(formatted[k] for k, _, _ in members)
            say(f"scoring {len(sub)} {lang} candidates with {names}")
            t0 = time.perf_counter()
            if len(members) > 1:
                outs = members[0][1].score_group([m for _, m, _ in members], cands, refs, sources, lang)
            else:
                outs = [members[0][1].score(cands, refs, sources, lang)]
            dt = (time.perf_counter() - t0) / len(members)
            for (k, _, sig), out in zip(members, outs):
                out = np.asarray(out, dtype=np.float64)
                if out.shape != (len(sub),):
                    raise ArgumentError(f"{formatted[k]}: returned {out.shape} scores for {len(sub)} candidates")
                scores[k][idx] = out
                seconds[k] += dt
                cache.put(sig, dhash, out)
    return [
        ScoredSetting(formatted[k], family, sigs[k], scores[k], seconds[k], cached[k])
        for k, (family, _) in enumerate(settings)
    ]


@dataclass
class SettingReport:
    scored: ScoredSetting
    stats: dict[str, float]
    intervals: dict[str, Interval]
    counts: dict[str, int]
    per_problem_darr: np.ndarray


@dataclass
class FamilyReport:
    family: str
    settings: list[str]
    cv: CVResult
    representative: str  # the setting best on all data


@dataclass
class MetaEvalResult:
    """Everything a meta-evaluation measured (see :meth:`to_dict` for the JSON form)."""

    records: list[DevRecord]
    problems: tuple[str, ...]
    labels: np.ndarray
    settings: list[SettingReport]
    families: list[FamilyReport]
    paired: list[PairedResult]
    config: dict[str, Any]
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def binary(self) -> bool:
        return bool(self.data.get("binary_labels"))

    def setting(self, spec: str) -> SettingReport:
        for s in self.settings:
            if s.scored.spec == spec:
                return s
        raise KeyError(spec)

    def to_dict(self, include_scores: bool = True) -> dict[str, Any]:
        """The JSON form: data description, configuration with seeds, per-setting statistics with intervals,
        cross-validation per family, paired tests, and (optionally) every candidate's scores."""
        from codebertscore import __version__

        def num(v: float) -> float | None:
            return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

        out: dict[str, Any] = {
            "format": RESULT_FORMAT,
            "codebertscore": __version__,
            "libraries": {
                d: package_version(d) for d in ("numpy", "scipy", "sacrebleu", "rouge-score", "codebleu", "nltk")
            },
            "data": self.data,
            "config": self.config,
            "statistics": list(STATISTICS),
            "settings": [],
            "families": [],
            "paired": [p.to_dict() | {"sentence": p.sentence()} for p in self.paired],
            "notes": list(self.notes),
        }
        for s in self.settings:
            entry: dict[str, Any] = {
                "spec": s.scored.spec,
                "family": s.scored.family,
                "signatures": s.scored.signatures,
                "seconds": round(s.scored.seconds, 3),
                "cached": s.scored.cached,
                "stats": {k: num(v) for k, v in s.stats.items()},
                "intervals": {k: iv.to_dict() for k, iv in s.intervals.items()},
                "counts": s.counts,
                "per_problem_kendall_darr": {p: num(v) for p, v in zip(self.problems, s.per_problem_darr)},
            }
            if include_scores:
                entry["scores"] = [num(x) for x in s.scored.scores]
            out["settings"].append(entry)
        for f in self.families:
            out["families"].append(
                {"family": f.family, "settings": f.settings, "representative": f.representative, "cv": f.cv.to_dict()}
            )
        if include_scores:
            out["items"] = [{"id": r.id, "problem_id": r.problem_id, "label": r.label} for r in self.records]
        return out




def evaluate(
    records: Sequence[DevRecord],
    specs: Sequence[str],
    *,
    folds: int = 5,
    n_boot: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    threshold: float = 0.0,
    level: float = 0.95,
    cache: ScoreCache | None = None,
    progress: Progress | None = None,
    source: str = "",
) -> MetaEvalResult:
    """Meta-evaluate ``specs`` on ``records``; see the module docstring."""
    check_resamples(n_boot)
    check_seed(seed)
    if folds != 0 and (isinstance(folds, bool) or not isinstance(folds, int) or folds < 2):
        raise ArgumentError(f"folds: expected 0 (no cross-validation) or an integer >= 2, got {folds!r}")
    recs = list(records)
    if not recs:
        raise ArgumentError("data: no records to evaluate")
    groups = problem_groups(recs)
    labels = np.array([r.label for r in recs], dtype=np.float64)
    scored = score_settings(recs, specs, cache, progress)
    say = progress or (lambda _msg: None)
    say(f"statistics with {n_boot} bootstrap resamples of {len(groups)} problems (seed {seed})")
    weights = resample_weights(len(groups), n_boot, seed)
    notes: list[str] = []
    stats_by_spec: dict[str, MetricStats] = {}
    reports: list[SettingReport] = []
    for s in scored:
        bad = ~np.isfinite(s.scores)
        if bad.any():
            raise ArgumentError(f"{s.spec}: produced {int(bad.sum())} NaN or infinite score(s)")
        st = MetricStats(s.scores, labels, groups, threshold)
        stats_by_spec[s.spec] = st
        reports.append(
            SettingReport(s, st.compute(), confidence_intervals(st, weights, seed, level), summary_counts(st),
                          st.darr_problem)
        )
    if reports and reports[0].counts["n_pairs"] == 0:
        notes.append("no pair of candidates of the same problem has labels that differ: Kendall tau is undefined")
    families: list[FamilyReport] = []
    seen: list[str] = []
    for s in scored:
        if s.family not in seen:
            seen.append(s.family)
    for fam in seen:
        members = {s.spec: stats_by_spec[s.spec] for s in scored if s.family == fam}
        if folds and len(groups) >= folds:
            cv = cross_validate(members, k=folds, seed=seed)
        else:
            full = {name: st.compute()["kendall_darr"] for name, st in members.items()}
            best = max(full, key=lambda k: -math.inf if math.isnan(full[k]) else full[k])
            cv = CVResult("kendall_darr", 0, seed, [], math.nan, math.nan, full, best, list(members))
            if folds:
                notes.append(f"cross-validation skipped: {len(groups)} problems are fewer than {folds} folds")
        families.append(FamilyReport(fam, list(members), cv, cv.choice))
    paired: list[PairedResult] = []
    point = {r.scored.spec: r.stats["kendall_darr"] for r in reports}
    reps = [(_label(f), f.representative) for f in families]
    for i in range(len(reps)):
        for j in range(i + 1, len(reps)):
            (fa, sa), (fb, sb) = reps[i], reps[j]
            a, b = stats_by_spec[sa], stats_by_spec[sb]
            if point[sa] < point[sb]:  # the better one first: "A beats B"
                (fa, a), (fb, b) = (fb, b), (fa, a)
            paired.append(paired_bootstrap(a, b, weights, seed, names=(fa, fb)))
    n_pairs = reports[0].counts["n_pairs"] if reports else 0
    data = {
        "source": source,
        "hash": records_hash(recs),
        "n_candidates": len(recs),
        "n_problems": len(groups),
        "n_label_differing_pairs": n_pairs,
        "langs": sorted({r.lang for r in recs}),
        "binary_labels": is_binary(labels),
        "label_mean": float(labels.mean()),
    }
    config = {
        "metrics": list(specs),
        "folds": folds,
        "bootstrap_resamples": n_boot,
        "seed": seed,
        "rng": "numpy PCG64 (default_rng)",
        "confidence_level": level,
        "label_threshold": threshold,
        "cv_statistic": "kendall_darr",
        "paired_statistic": "kendall_darr",
    }
    return MetaEvalResult(recs, groups.names, labels, reports, families, paired, config, data, notes)


def _label(family: FamilyReport) -> str:
    """How a family is named in paired tests: its spec, or for a grid the setting chosen on all data."""
    if len(family.settings) == 1:
        return family.family
    return f"{family.representative} (best of grid {family.family})"


def default_metrics(langs: Sequence[str] = (), progress: Progress | None = None) -> list[str]:
    """:data:`DEFAULT_METRICS` whose dependencies are available here for the data's languages ``langs`` (a
    message says which are skipped and why)."""
    from codebertscore.errors import MissingDependencyError

    say = progress or (lambda _msg: None)
    out = []
    for spec in DEFAULT_METRICS:
        if spec == "codebertscore":
            out.append(spec)  # needs only the package itself; its language comes from the data
            continue
        try:
            build_metric(parse_spec(spec))
            if spec == "codebleu":
                from codebertscore.baselines.codebleu import LANGS, _language

                for lang in langs:
                    if lang not in LANGS:
                        raise MissingDependencyError(f"CodeBLEU cannot parse {lang}")
                    _language(LANGS[lang])
        except MissingDependencyError as exc:
            say(f"skipping {spec}: {exc}")
            continue
        out.append(spec)
    return out
