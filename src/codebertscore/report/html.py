"""A self-contained HTML report of a meta-evaluation, with plots (matplotlib, imported only here).

Sections: the table (as in the terminal) with every statistic and interval; a forest plot of tau da-RR with
its confidence interval per setting; per metric, the scores of passing vs failing candidates (or scores against
the graded label); the distribution of per-problem tau; the cross-validation folds; the paired tests; the
signatures, seeds and data hash. Images are embedded as base64 PNG so the file can be mailed or archived alone.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path
from typing import Any

import numpy as np

from codebertscore.errors import require
from codebertscore.report.table import format_table


def check_dependencies() -> None:
    """Raise :class:`~codebertscore.errors.MissingDependencyError` now when the report could not be drawn (to refuse
    ``--html`` before a long meta-evaluation rather than after it)."""
    _plt()


def _plt() -> Any:
    matplotlib = require("matplotlib", "report", "the HTML report's plots")
    matplotlib.use("Agg", force=True)
    return require("matplotlib.pyplot", "report", "the HTML report's plots")


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    _plt().close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _img(data: str, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def forest_plot(names: list[str], est: list[float], low: list[float], high: list[float], title: str) -> str:
    """Point estimates with interval bars, one row per name (top = first)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(names) + 1.2))
    y = np.arange(len(names))[::-1]
    e, lo, hi = (np.array(v, dtype=float) for v in (est, low, high))
    ax.errorbar(e, y, xerr=[np.nan_to_num(e - lo), np.nan_to_num(hi - e)], fmt="o", capsize=3)
    ax.set_yticks(y)
    ax.set_yticklabels(names, fontsize=8)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel(title)
    return _png(fig)


def score_distribution_plot(name: str, scores: np.ndarray, labels: np.ndarray, binary: bool) -> str:
    """Histograms of passing vs failing candidates' scores, or a scatter of scores against graded labels."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.2, 2.8))
    if binary:
        bins = np.linspace(float(np.min(scores)), float(np.max(scores)) + 1e-9, 30)
        ax.hist(scores[labels == 1], bins=bins, alpha=0.6, label=f"pass ({int((labels == 1).sum())})", density=True)
        ax.hist(scores[labels == 0], bins=bins, alpha=0.6, label=f"fail ({int((labels == 0).sum())})", density=True)
        ax.legend(fontsize=7)
        ax.set_ylabel("density")
    else:
        ax.scatter(labels, scores, s=4, alpha=0.4)
        ax.set_xlabel("label")
    ax.set_title(name, fontsize=8)
    ax.set_xlabel("score" if binary else "label")
    return _png(fig)


def per_problem_plot(name: str, taus: list[float | None]) -> str:
    """Histogram of per-problem tau da-RR."""
    plt = _plt()
    values = np.array([t for t in taus if t is not None and not math.isnan(t)], dtype=float)
    fig, ax = plt.subplots(figsize=(4.2, 2.8))
    if values.size:
        ax.hist(values, bins=np.linspace(-1, 1, 21))
        ax.axvline(float(values.mean()), color="k", lw=1, label=f"mean {values.mean():.3f}")
        ax.legend(fontsize=7)
    ax.set_title(f"{name}: per-problem tau ({values.size} problems)", fontsize=8)
    ax.set_xlabel("tau da-RR")
    return _png(fig)


def render_html(result: Any) -> str:
    """The report as an HTML string (``result``: a MetaEvalResult)."""
    doc = result.to_dict(include_scores=False)
    labels = np.asarray(result.labels)
    esc = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>codebertscore metaeval</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}pre{background:#f6f6f6;padding:8px;"
        "overflow-x:auto;font-size:12px}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;"
        "padding:2px 6px;text-align:right}td:first-child{text-align:left}.grid{display:flex;flex-wrap:wrap}</style>",
        "</head><body><h1>Meta-evaluation</h1>",
        f"<p>Data: {esc(str(doc['data'].get('source') or ''))} — sha256 <code>{doc['data']['hash'][:16]}</code>, "
        f"{doc['data']['n_candidates']} candidates, {doc['data']['n_problems']} problems, "
        f"languages {esc(', '.join(doc['data']['langs']))}.</p>",
        f"<pre>{esc(format_table(doc))}</pre>",
    ]
    names = [s["spec"] for s in doc["settings"]]
    iv = [s["intervals"]["kendall_darr"] for s in doc["settings"]]
    nan = float("nan")

    def val(x: Any) -> float:
        return nan if x is None else float(x)

    parts.append("<h2>Kendall tau da-RR with confidence intervals</h2>")
    parts.append(_img(forest_plot(names, [val(i["estimate"]) for i in iv], [val(i["low"]) for i in iv],
                                  [val(i["high"]) for i in iv], "tau da-RR (pooled pairs)"), "forest plot"))
    parts.append("<h2>Scores by label</h2><div class='grid'>")
    for s in result.settings:
        plot = score_distribution_plot(s.scored.spec, s.scored.scores, labels, result.binary)
        parts.append(_img(plot, s.scored.spec))
    parts.append("</div><h2>Per-problem tau</h2><div class='grid'>")
    for s in doc["settings"]:
        parts.append(_img(per_problem_plot(s["spec"], list(s["per_problem_kendall_darr"].values())), s["spec"]))
    parts.append("</div><h2>Cross-validation over problems</h2>")
    for f in doc["families"]:
        cv = f["cv"]
        parts.append(f"<h3>{esc(f['family'])}</h3>")
        if not cv.get("k"):
            parts.append("<p>not cross-validated</p>")
            continue
        parts.append(
            f"<p>held-out tau {cv['heldout_mean'] if cv['heldout_mean'] is not None else float('nan'):.3f} ± "
            f"{cv['heldout_std'] if cv['heldout_std'] is not None else float('nan'):.3f} over {cv['k']} folds "
            f"(seed {cv['seed']}); choice on all data: <code>{esc(cv['choice'])}</code></p>"
            "<table><tr><th>fold</th><th>held-out problems</th><th>chosen on dev folds</th><th>held-out tau</th></tr>"
        )
        for fold in cv["folds"]:
            hv = fold["heldout_value"]
            parts.append(
                f"<tr><td>{fold['fold']}</td><td>{fold['n_heldout_problems']}</td><td>{esc(fold['chosen'])}</td>"
                f"<td>{'-' if hv is None else format(hv, '.3f')}</td></tr>"
            )
        parts.append("</table>")
    if doc["paired"]:
        parts.append("<h2>Paired bootstrap tests</h2><ul>")
        parts.extend(f"<li>{esc(p['sentence'])}</li>" for p in doc["paired"])
        parts.append("</ul>")
    parts.append("<h2>Signatures</h2><ul>")
    for s in doc["settings"]:
        for lang, sig in s["signatures"].items():
            parts.append(f"<li><b>{esc(s['spec'])}</b> ({esc(lang)}): <code>{esc(sig)}</code></li>")
    parts.append("</ul>")
    cfg = doc["config"]
    parts.append(
        f"<p>Bootstrap: {cfg['bootstrap_resamples']} resamples of problems, seed {cfg['seed']} ({esc(cfg['rng'])}); "
        f"confidence level {cfg['confidence_level']}; label threshold {cfg['label_threshold']}; "
        f"codebertscore {esc(doc['codebertscore'])}.</p></body></html>"
    )
    return "\n".join(parts)


def write_html(result: Any, path: str | Path) -> Path:
    """Write the report to ``path`` (UTF-8) and return the path."""
    p = Path(path)
    if p.parent and not p.parent.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_html(result), encoding="utf-8")
    return p
