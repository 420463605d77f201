"""Tier 1 (no model): the explanation views from hand-made evidence — positions, colours derived from the scores,
the missed-token outline, merged spans, escaping, and the page's size bound on a long input."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

from codebertscore.report.alignment import (
    PAGE_FIXED_BYTES,
    ROW_BYTES,
    SCALE,
    TOKEN_BYTES,
    colour,
    least_matched,
    render_html,
    render_text,
    token_matches,
)

SPAN = re.compile(r'<span class="(t[^"]*)" id="([cr]\d+)"(?: data-ids="([^"]*)")? data-s="([^"]*)"'
                  r'(?: data-m="([^"]*)")? style="background:(#[0-9a-f]{6})" title="([^"]*)">(.*?)</span>', re.DOTALL)


def _words(text: str) -> tuple[list[str], list[list[int]]]:
    spans = [[m.start(), m.end()] for m in re.finditer(r"\w+", text)]
    return [text[a:b] for a, b in spans], spans


def evidence(cand: str, ref: str, sim: np.ndarray | None = None) -> dict:
    """Words as tokens; similarity 1 for equal words, else 0.2 (or the given matrix)."""
    ct, co = _words(cand)
    rt, ro = _words(ref)
    if sim is None:
        sim = np.array([[1.0 if a == b else 0.2 for b in rt] for a in ct]).reshape(len(ct), len(rt))
    return {"cand": cand, "ref": ref, "cand_tokens": ct, "ref_tokens": rt, "cand_offsets": co, "ref_offsets": ro,
            "similarity": sim, "scores": {"P": 0.5, "R": 0.25, "F1": 0.3333, "F3": 0.2632}, "signature": "nrefs:1|x"}


def test_positions_are_one_based_lines_and_columns_with_any_line_break():
    ex = evidence("def f(x):\r\n    return x\rpass\n", "def f(y):\n\treturn y\n")
    m = token_matches(ex)
    assert [(t.token, t.line, t.col) for t in m["cand"]] == [
        ("def", 1, 1), ("f", 1, 5), ("x", 1, 7), ("return", 2, 5), ("x", 2, 12), ("pass", 3, 1)]
    assert [(t.token, t.where) for t in m["ref"]] == [("def", "1:1"), ("f", "1:5"), ("y", "1:7"), ("return", "2:2"),
                                                      ("y", "2:9")]
    ret = m["cand"][3]
    assert (ret.best, ret.match_token, ret.match_where) == (1.0, "return", "2:2")


def test_least_matched_sorts_by_cosine_then_text_order():
    ex = evidence("a b c d", "a b", np.array([[0.9, 0.1], [0.3, 0.4], [0.2, 0.2], [0.4, 0.3]]))
    m = token_matches(ex)
    assert [t.token for t in least_matched(m["cand"], 3)] == ["c", "b", "d"]
    assert [t.best for t in m["ref"]] == [0.9, 0.4] and m["ref"][1].match_token == "b"
    assert least_matched(m["cand"], 0) == []


def test_colour_scale_hits_its_stops_and_clamps():
    for x, rgb in SCALE:
        assert colour(x) == "#{:02x}{:02x}{:02x}".format(*rgb)
    assert colour(-0.4) == colour(0.0) and colour(1.3) == colour(1.0)
    mid = colour(0.25)  # halfway between the first two stops
    expect = [round((a + b) / 2) for a, b in zip(SCALE[0][1], SCALE[1][1])]
    assert mid == "#{:02x}{:02x}{:02x}".format(*expect)


def test_terminal_view_lists_the_least_matched_tokens_with_positions():
    ex = evidence("def f(x):\n    return x\n", "def f(y):\n    return y + z\n")
    out = render_text(ex, worst=2)
    assert "0.200      1:7  'x'" in out and "-> 'def' at 1:1" in out  # ties go to the first reference token
    rec = out.split("reference tokens least matched")[1]
    assert "1:7  'y'" in rec and "2:12  'y'" in rec and "'z'" not in rec  # worst=2: z (2:16) comes third
    assert "P=0.5000" in out and "signature: nrefs:1|x" in out


def test_empty_side_is_said_not_crashed():
    ex = evidence("(){}", "return y")
    assert "no code tokens to match" in render_text(ex)
    page = render_html(ex)
    assert "No code token to match on one side" in page
    assert [m.group(2) for m in SPAN.finditer(page)] == ["r0", "r1"]
    assert "no token on the other side" in page


def test_page_shows_the_code_as_written_with_colours_from_the_scores():
    cand = "def f(x):\n    if x < 2:\n        return x\n"
    ref = "def f(y):\n    return y & 1\n"
    ex = evidence(cand, ref)
    page = render_html(ex, weak=0.5)
    spans = list(SPAN.finditer(page))
    m = token_matches(ex)
    assert len(spans) == len(m["cand"]) + len(m["ref"])
    for s in spans:
        cls, ident, _, score, match, bg, title, body = s.groups()
        side = "cand" if ident[0] == "c" else "ref"
        tok = m[side][int(ident[1:])]
        assert html.unescape(body) == tok.token
        assert float(score) == pytest.approx(tok.best, abs=1e-4) and bg == colour(tok.best)
        assert match == ("r" if side == "cand" else "c") + str(tok.match)
        assert ("miss" in cls) == (side == "ref" and tok.best < 0.5)
        assert f"at {tok.match_where}" in html.unescape(title)
    # the code's text survives: strip the markup and unescape
    cand_pre = re.search(r'<pre class="src" id="cand">(.*?)</pre>', page, re.DOTALL).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", cand_pre)) == cand
    assert "</span> &lt; <span" in cand_pre  # escaped, not markup
    gutter = re.search(r'<pre class="gutter" aria-hidden="true">(.*?)</pre>', page, re.DOTALL).group(1)
    assert gutter.split("\n") == ["1", "2", "3", "4"]
    assert "<script src" not in page and "<link" not in page and "http" not in page  # self-contained


def test_tokens_sharing_characters_are_one_span():
    text = "a\u00e9b"
    ex = {**evidence(text, "z"), "cand_tokens": ["a", "\u00e9", "\u00e9", "b"],
          "cand_offsets": [[0, 1], [1, 2], [1, 2], [2, 3]], "similarity": np.array([[0.9], [0.1], [0.3], [0.8]])}
    spans = list(SPAN.finditer(render_html(ex)))
    assert [s.group(2) for s in spans[:3]] == ["c0", "c1", "c3"]
    assert spans[1].group(3) == "c1 c2" and spans[1].group(4) == "0.1000"  # the weaker of the two is shown


def test_page_size_is_linear_in_the_code_not_tokens_squared():
    line = "    total_{i} = compute(items[{i}], offset) + scale * {i}\n"
    sizes = {}
    for n_lines in (100, 400):
        cand = "".join(line.format(i=i) for i in range(n_lines))
        ref = cand.replace("total", "sum")
        ex = evidence(cand, ref, None)
        n_tok = len(ex["cand_tokens"]) + len(ex["ref_tokens"])
        page = render_html(ex, worst=10)
        bound = (PAGE_FIXED_BYTES + 6 * (len(cand) + len(ref)) + TOKEN_BYTES * n_tok + 2 * 10 * ROW_BYTES
                 + 2 * sum(len(t) for t in ex["cand_tokens"] + ex["ref_tokens"]))
        assert len(page.encode()) <= bound
        sizes[n_lines] = len(page.encode())
    # 4x the code: about 4x the page (an N x M table would be 16x)
    assert sizes[400] / sizes[100] < 4.5
    assert sizes[100] < 400_000
