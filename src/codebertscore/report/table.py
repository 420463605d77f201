"""The terminal table of a meta-evaluation: one row per metric setting, best first.

Columns: pooled Kendall tau da-RR with its bootstrap interval, the per-problem mean of da-RR tau, Kendall tau-b
and Spearman averaged over problems, pooled Spearman and Pearson, ROC-AUC (binary labels only), and the
cross-validated held-out tau (mean +- std over folds) of the setting's family. Below: the evidence counts, the
paired tests and the seeds.
"""

from __future__ import annotations

import math
from typing import Any

_COLUMNS = (
    ("kendall_darr_problem_mean", "tau/prob"),
    ("kendall_tau_b", "tau-b"),
    ("spearman_problem_mean", "rho/prob"),
    ("spearman_pooled", "rho"),
    ("pearson_pooled", "r"),
    ("roc_auc", "AUC"),
)


def _f(v: Any, digits: int = 3) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    return f"{v:.{digits}f}"


def short_labels(settings: list[dict[str, Any]]) -> dict[str, str]:
    """Row labels: a setting of a grid is named by its metric and the options that vary in its grid only
    (``codebertscore[layer=4,F=F3]``); the full spec is in the JSON."""
    from codebertscore.baselines.base import parse_spec

    by_family: dict[str, list[str]] = {}
    for s in settings:
        by_family.setdefault(s["family"], []).append(s["spec"])
    labels = {}
    for specs in by_family.values():
        if len(specs) == 1:
            labels[specs[0]] = specs[0]
            continue
        parsed = [parse_spec(x) for x in specs]
        varying = [k for k, _ in parsed[0].options if len({dict(p.options).get(k) for p in parsed}) > 1]
        for spec, p in zip(specs, parsed):
            opts = dict(p.options)
            shown = [f"{k}={opts[k]}" for k in varying]
            if "model" in opts and "model" not in varying:  # tell grids of different models apart
                shown.insert(0, f"model={opts['model'].rstrip('/').rsplit('/', 1)[-1]}")
            labels[spec] = f"{p.name}[{','.join(shown)}]"
    return labels


def format_table(result: Any, max_width: int = 48) -> str:
    """The table for a :class:`~codebertscore.metaeval.harness.MetaEvalResult` (or its ``to_dict()``)."""
    doc = result if isinstance(result, dict) else result.to_dict(include_scores=False)
    level = int(round(100 * doc["config"]["confidence_level"]))
    cv_by_family = {f["family"]: f["cv"] for f in doc["families"]}
    grids = {f["family"] for f in doc["families"] if len(f["settings"]) > 1}
    rows = []
    labels = short_labels(doc["settings"])
    for s in doc["settings"]:
        st, iv = s["stats"], s["intervals"]["kendall_darr"]
        cv = cv_by_family.get(s["family"], {})
        cv_text = "-"
        if cv.get("k"):
            cv_text = f"{_f(cv.get('heldout_mean'))} +- {_f(cv.get('heldout_std'))}"
        name = labels[s["spec"]]
        if len(name) > max_width:
            name = name[: max_width // 2 - 2] + "..." + name[-(max_width - max_width // 2 - 1) :]
        rows.append(
            [
                name,
                f"{_f(st['kendall_darr'])} [{_f(iv['low'])}, {_f(iv['high'])}]",
                *[_f(st[key]) for key, _ in _COLUMNS],
                cv_text + (" (grid)" if s["family"] in grids else ""),
            ]
        )
    order = sorted(
        range(len(rows)),
        key=lambda i: -(doc["settings"][i]["stats"]["kendall_darr"] if doc["settings"][i]["stats"]["kendall_darr"]
                        is not None else -math.inf),
    )
    cv_head = f"CV tau ({doc['config']['folds']}-fold)" if doc["config"]["folds"] else "CV tau"
    header = ["metric", f"tau da-RR [{level}% CI]", *[h for _, h in _COLUMNS], cv_head]
    body = [rows[i] for i in order]
    widths = [max(len(str(r[c])) for r in [header, *body]) for c in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) if k == 0 else str(c).rjust(w) for k, (c, w) in enumerate(zip(cells, widths)))

    data = doc["data"]
    out = [
        f"{data['n_candidates']} candidates, {data['n_problems']} problems, {data['n_label_differing_pairs']} "
        f"label-differing pairs; labels {'pass/fail' if data['binary_labels'] else 'graded'}"
        f"{'' if data['binary_labels'] else ' (threshold ' + format(doc['config']['label_threshold'], 'g') + ')'}",
        line(header),
        line(["-" * w for w in widths]),
        *[line(r) for r in body],
    ]
    if doc["paired"] and body:
        # the best row against each other family here; every pair is in the JSON
        top = doc["settings"][order[0]]
        names = {top["spec"], top["family"]}
        shown = [p for p in doc["paired"] if p["a"].split(" (best of grid")[0] in names
                 or p["b"].split(" (best of grid")[0] in names]
        out.append("")
        out.append(f"paired bootstrap tests of the best row against the others (all {len(doc['paired'])} in the JSON):")
        out.extend(f"  {p['sentence']}" for p in shown)
    cfg = doc["config"]
    out.append("")
    cv = f"{cfg['folds']} folds over problems, seed {cfg['seed']}" if cfg["folds"] else "none"
    out.append(
        f"bootstrap: {cfg['bootstrap_resamples']} resamples of problems, seed {cfg['seed']}; "
        f"CV: {cv}; data sha256 {data['hash'][:16]}"
    )
    for note in doc.get("notes", []):
        out.append(f"note: {note}")
    return "\n".join(out)
