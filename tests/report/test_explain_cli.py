"""`codebertscore explain`: the terminal list with line:column and the side-by-side page, end to end on a real
encoder."""

from __future__ import annotations

import json
import re

from codebertscore.cli import main

CAND = "def area(w, h):\n    return w * h\n"
REF = "def area(width, height):\n    result = width * height\n    return result\n"


def test_explain_prints_positions_and_writes_the_code_page(capsys, tmp_path, minilm_path):
    (tmp_path / "c.py").write_text(CAND)
    (tmp_path / "r.py").write_text(REF)
    page = tmp_path / "ex.html"
    code = main(["explain", "--model", minilm_path, "--layer", "4", "--cand", str(tmp_path / "c.py"),
                 "--ref", str(tmp_path / "r.py"), "--html", str(page), "--worst", "3"])
    out = capsys.readouterr().out
    assert code == 0
    rows = [line for line in out.splitlines() if re.match(r"\s+\d\.\d{3}\s+\d+:\d+\s", line)]
    assert len(rows) == 6  # 3 per side
    text = page.read_text(encoding="utf-8")
    assert '<pre class="src" id="cand">' in text and '<pre class="src" id="ref">' in text
    assert "return</span>" in text and "<td>" in text and len(text) < 60_000
    code = main(["explain", "--model", minilm_path, "--layer", "4", "--cand-text", CAND, "--ref-text", REF, "--json"])
    ex = json.loads(capsys.readouterr().out)
    assert code == 0 and [REF[a:b] for a, b in ex["ref_offsets"]] == ex["ref_tokens"]
