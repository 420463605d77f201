"""Reports of meta-evaluations: a terminal table (:mod:`.table`), JSON (``MetaEvalResult.to_dict``) and a
self-contained HTML page with plots (:mod:`.html`, the only place matplotlib is imported; extra ``report``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from codebertscore.report.table import format_table

__all__ = ["format_table", "write_html"]


def write_html(result: Any, path: str | Path) -> Path:
    """Write the HTML report (imports matplotlib; see :func:`codebertscore.report.html.write_html`)."""
    from codebertscore.report.html import write_html as _write

    return _write(result, path)
