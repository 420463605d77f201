"""Explanations of one score: which candidate token matched which reference token, and how well.

:meth:`CodeBERTScorer.explain` returns the evidence (kept tokens, cosine matrix, best matches, scores); this
module renders it as text for a terminal or as a self-contained HTML page (no plotting library needed).
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np


def _shown(tok: str) -> str:
    return tok.replace("\n", "\\n").replace("\t", "\\t")


def render_text(ex: dict[str, Any], *, worst: int = 10) -> str:
    """Scores, then the candidate tokens with the weakest best match (what lowers precision), and the reference
    tokens with the weakest best match (what lowers recall)."""
    sim = np.asarray(ex["similarity"])
    lines = ["  ".join(f"{k}={v:.4f}" for k, v in ex["scores"].items()), f"signature: {ex['signature']}"]
    if sim.size == 0:
        lines.append("no code tokens to match on one side (empty, whitespace-only or punctuation-only code)")
        return "\n".join(lines)
    c_best = sim.max(axis=1)
    r_best = sim.max(axis=0)
    lines.append(f"\ncandidate tokens least matched (precision), of {len(c_best)}:")
    for i in np.argsort(c_best, kind="stable")[:worst]:
        j = int(sim[i].argmax())
        lines.append(f"  {c_best[i]:.3f}  {_shown(ex['cand_tokens'][i])!r:24} -> {_shown(ex['ref_tokens'][j])!r}")
    lines.append(f"\nreference tokens least matched (recall), of {len(r_best)}:")
    for j in np.argsort(r_best, kind="stable")[:worst]:
        i = int(sim[:, j].argmax())
        lines.append(f"  {r_best[j]:.3f}  {_shown(ex['ref_tokens'][j])!r:24} <- {_shown(ex['cand_tokens'][i])!r}")
    return "\n".join(lines)


def _cell(value: float) -> str:
    shade = int(255 - max(0.0, min(1.0, value)) * 200)
    return f'<td style="background:rgb({shade},{shade},255)" title="{value:.3f}">{value:.2f}</td>'


def render_html(ex: dict[str, Any], *, title: str = "CodeBERTScore explanation") -> str:
    """A page with the scores, the signature and the candidate x reference cosine matrix (best match per row and
    column outlined)."""
    sim = np.asarray(ex["similarity"])
    esc = html.escape
    head = "".join(f"<th>{esc(_shown(t))}</th>" for t in ex["ref_tokens"])
    rows = []
    for i, tok in enumerate(ex["cand_tokens"]):
        cells = []
        for j in range(sim.shape[1]):
            cell = _cell(float(sim[i, j]))
            if j == int(sim[i].argmax()) or i == int(sim[:, j].argmax()):
                cell = cell.replace("<td ", '<td class="best" ', 1)
            cells.append(cell)
        rows.append(f"<tr><th>{esc(_shown(tok))}</th>{''.join(cells)}</tr>")
    scores = " ".join(f"<b>{k}</b>={v:.4f}" for k, v in ex["scores"].items())
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>body{{font-family:sans-serif}} table{{border-collapse:collapse;font-size:11px}}
td,th{{border:1px solid #ddd;padding:2px 4px;font-family:monospace}} td.best{{outline:2px solid #c00}}
th{{white-space:pre}}</style></head><body><h1>{esc(title)}</h1><p>{scores}</p>
<p><code>{esc(ex['signature'])}</code></p><p>Rows: candidate tokens; columns: reference tokens; cell: cosine.
Outlined: the best match of a row (precision) or of a column (recall).</p>
<table><tr><th></th>{head}</tr>{''.join(rows)}</table></body></html>
"""
