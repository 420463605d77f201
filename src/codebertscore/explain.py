"""Explanations of one score: which candidate token matched which reference token, and how well.

:meth:`CodeBERTScorer.explain` returns the evidence (kept tokens with their character offsets, cosine matrix, best
matches, scores); :mod:`codebertscore.report.alignment` renders it as text for a terminal or as a self-contained HTML
page showing the two codes side by side (no plotting library needed).
"""

from __future__ import annotations

from codebertscore.report.alignment import render_html, render_text

__all__ = ["render_html", "render_text"]
