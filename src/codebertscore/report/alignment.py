"""Readable views of one explanation (:meth:`CodeBERTScorer.explain`): which code token matched which, and how well.

Both views are built from the same per-token facts (:func:`token_matches`): each kept token's position in the code as
given (1-based line and column, in characters; ``\\r\\n``, ``\\r`` and ``\\n`` end a line), the cosine of its best
match on the other side, and that match. Precision averages the candidate tokens' best matches, recall the reference
tokens' — so the least matched candidate tokens are what lowers precision, and the least matched reference tokens are
what the candidate misses.

* :func:`render_text`: the scores, the signature and the least matched tokens of each side with their positions.
* :func:`render_html`: a self-contained page (no external assets, no plotting library) with the candidate and the
  reference code side by side, as written. Each kept token is coloured by its best-match cosine on one fixed scale
  (:func:`colour`); tokens that are not matched by design (punctuation, whitespace, context, truncated tokens) stay
  plain; reference tokens whose best match is below ``weak`` are outlined (what the candidate misses). Hovering a
  token shows its best match (other side's token, line:column, cosine) and highlights it; the least matched tokens
  are listed with links to them.

Size: the page holds each text once and one element per kept token (its best match only, never the token x token
matrix), so it grows linearly with the code: at most ``PAGE_FIXED_BYTES + 6 x (characters of both texts) +
TOKEN_BYTES x (kept tokens) + 2 x worst x ROW_BYTES`` plus the tokens' own text (checked by the tests).
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

#: the colour scale: (cosine, RGB) stops, linear in between; cosines below 0 clamp to the first stop
SCALE: tuple[tuple[float, tuple[int, int, int]], ...] = (
    (0.0, (244, 109, 67)),  # weak: orange-red
    (0.5, (254, 224, 144)),  # middling: pale yellow
    (1.0, (145, 191, 219)),  # strong: light blue
)
#: reference tokens whose best match is below this cosine are outlined as missed (render_html's ``weak``)
DEFAULT_WEAK = 0.5
#: bounds of the page's size (see the module docstring); the tests check a long input against them
PAGE_FIXED_BYTES = 8192
TOKEN_BYTES = 320
ROW_BYTES = 400

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SIDES = ("cand", "ref")
_ID_PREFIX = {"cand": "c", "ref": "r"}


@dataclass(frozen=True)
class TokenMatch:
    """One kept token and its best match on the other side (``match`` is -1 when the other side has no token)."""

    side: str  # "cand" or "ref"
    index: int  # position among the side's kept tokens
    token: str
    start: int  # [start, end) character offsets into the side's text as given
    end: int
    line: int  # 1-based
    col: int  # 1-based, in characters
    best: float  # cosine of the best match (0.0 when the other side has no token)
    match: int
    match_token: str
    match_line: int
    match_col: int

    @property
    def where(self) -> str:
        return f"{self.line}:{self.col}"

    @property
    def match_where(self) -> str:
        return f"{self.match_line}:{self.match_col}" if self.match >= 0 else "-"


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(starts, offset)  # 1-based: starts[line - 1] <= offset
    return line, offset - starts[line - 1] + 1


def token_matches(ex: dict[str, Any]) -> dict[str, list[TokenMatch]]:
    """Per side ("cand", "ref"), each kept token with its position and its best match on the other side."""
    sim = np.asarray(ex["similarity"], dtype=np.float64).reshape(len(ex["cand_tokens"]), len(ex["ref_tokens"]))
    pos: dict[str, list[tuple[int, int]]] = {}
    for side in _SIDES:
        starts = _line_starts(ex[side])
        pos[side] = [_position(starts, int(a)) for a, _ in ex[f"{side}_offsets"]]
    out: dict[str, list[TokenMatch]] = {}
    for side, other, mat in (("cand", "ref", sim), ("ref", "cand", sim.T)):
        rows = []
        for i, (tok, (a, b)) in enumerate(zip(ex[f"{side}_tokens"], ex[f"{side}_offsets"])):
            j = int(mat[i].argmax()) if mat.shape[1] else -1
            line, col = pos[side][i]
            m_line, m_col = pos[other][j] if j >= 0 else (0, 0)
            rows.append(TokenMatch(
                side=side, index=i, token=tok, start=int(a), end=int(b), line=line, col=col,
                best=float(mat[i, j]) if j >= 0 else 0.0, match=j,
                match_token=ex[f"{other}_tokens"][j] if j >= 0 else "", match_line=m_line, match_col=m_col,
            ))
        out[side] = rows
    return out


def least_matched(matches: Sequence[TokenMatch], n: int) -> list[TokenMatch]:
    """The ``n`` tokens with the lowest best-match cosine (ties in text order)."""
    order = sorted(range(len(matches)), key=lambda i: (matches[i].best, i))
    return [matches[i] for i in order[: max(0, n)]]


def colour(cosine: float) -> str:
    """The scale's colour (``#rrggbb``) of a best-match cosine (clamped to [0, 1])."""
    x = min(1.0, max(0.0, float(cosine)))
    for (x0, c0), (x1, c1) in itertools.pairwise(SCALE):
        if x <= x1:
            t = (x - x0) / (x1 - x0)
            rgb = [round(a + (b - a) * t) for a, b in zip(c0, c1)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#{:02x}{:02x}{:02x}".format(*SCALE[-1][1])  # pragma: no cover - x <= 1 always meets a stop


def _shown(tok: str) -> str:
    return tok.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def render_text(ex: dict[str, Any], *, worst: int = 10) -> str:
    """Scores, the signature, then the least matched candidate tokens (what lowers precision) and reference tokens
    (what the candidate misses: recall), each with line:column and its best match."""
    lines = ["  ".join(f"{k}={v:.4f}" for k, v in ex["scores"].items()), f"signature: {ex['signature']}"]
    matches = token_matches(ex)
    if not matches["cand"] or not matches["ref"]:
        lines.append("no code tokens to match on one side (empty, whitespace-only or punctuation-only code)")
        return "\n".join(lines)
    for side, heading, arrow in (("cand", "candidate tokens least matched (precision)", "->"),
                                 ("ref", "reference tokens least matched (recall: what the candidate misses)", "<-")):
        lines.append(f"\n{heading}, of {len(matches[side])}  (cosine  line:col  token  {arrow} best match)")
        for m in least_matched(matches[side], worst):
            lines.append(f"  {m.best:.3f}  {m.where:>7}  {_shown(m.token)!r:24} {arrow} "
                         f"{_shown(m.match_token)!r} at {m.match_where}")
    return "\n".join(lines)


def _segments(matches: Sequence[TokenMatch]) -> list[tuple[int, int, list[int]]]:
    """Display spans: tokens in text order, those sharing characters (a byte-level BPE splitting one character)
    merged into one span."""
    segs: list[tuple[int, int, list[int]]] = []
    for m in sorted(matches, key=lambda m: (m.start, m.index)):
        if segs and (m.start < segs[-1][1] or m.start == m.end):
            a, b, idx = segs[-1]
            segs[-1] = (a, max(b, m.end), idx + [m.index])
        else:
            segs.append((m.start, m.end, [m.index]))
    return segs


def _tip(m: TokenMatch) -> str:
    if m.match < 0:
        return f"{m.token!r} at {m.where}: no token on the other side"
    other = "reference" if m.side == "cand" else "candidate"
    return (f"{m.token!r} at {m.where}: best match {m.match_token!r} at {m.match_where} in the {other}, "
            f"cosine {m.best:.3f}")


def _code(side: str, text: str, matches: Sequence[TokenMatch], weak: float) -> str:
    esc = html.escape
    pre = _ID_PREFIX[side]
    other = _ID_PREFIX["ref" if side == "cand" else "cand"]
    parts: list[str] = []
    cursor = 0
    for a, b, idx in _segments(matches):
        ms = [matches[i] for i in idx]
        low = min(ms, key=lambda m: m.best)
        parts.append(esc(text[cursor:a]))
        cls = "t miss" if side == "ref" and low.best < weak else "t"
        extra = f' data-ids="{" ".join(f"{pre}{m.index}" for m in ms)}"' if len(ms) > 1 else ""
        match = f' data-m="{other}{low.match}"' if low.match >= 0 else ""
        parts.append(
            f'<span class="{cls}" id="{pre}{ms[0].index}"{extra} data-s="{low.best:.4f}"{match} '
            f'style="background:{colour(low.best)}" title="{esc(chr(10).join(_tip(m) for m in ms))}">'
            f"{esc(text[a:b])}</span>"
        )
        cursor = b
    parts.append(esc(text[cursor:]))
    n_lines = len(_line_starts(text))
    gutter = "\n".join(str(i) for i in range(1, n_lines + 1))
    return f'<div class="code"><pre class="gutter" aria-hidden="true">{gutter}</pre><pre class="src" id="{side}">' \
           f"{''.join(parts)}</pre></div>"


def _rows(side: str, worst: list[TokenMatch]) -> str:
    esc = html.escape
    pre, other = _ID_PREFIX[side], _ID_PREFIX["ref" if side == "cand" else "cand"]
    out = []
    for m in worst:
        target = f'<a href="#{other}{m.match}">{esc(_shown(m.match_token))}</a> at {m.match_where}' if m.match >= 0 \
            else "-"
        out.append(
            f'<tr><td class="num" style="background:{colour(m.best)}">{m.best:.3f}</td>'
            f'<td class="num">{m.where}</td><td><a href="#{pre}{m.index}"><code>{esc(_shown(m.token))}</code></a></td>'
            f"<td><code>{target}</code></td></tr>"
        )
    return "".join(out)


_STYLE = """body{font-family:system-ui,sans-serif;margin:1em 2em;color:#222}
h1{font-size:1.3em}h2{font-size:1.05em;margin:.6em 0 .3em}
.sides{display:flex;gap:1.5em;align-items:flex-start}.sides section{flex:1 1 0;min-width:0}
.code{display:flex;border:1px solid #ccc;overflow-x:auto;background:#fcfcfc}
pre{margin:0;padding:.4em .6em;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;tab-size:4}
.gutter{color:#999;text-align:right;border-right:1px solid #ddd;background:#f3f3f3;user-select:none}
.t{border-radius:2px;cursor:default}.miss{outline:2px solid #b2182b;outline-offset:-1px}
.t.hl{box-shadow:0 0 0 2px #222;position:relative;z-index:1}
#info{position:sticky;top:0;background:#fff;border:1px solid #ccc;padding:.3em .6em;margin:.5em 0;min-height:1.3em;
font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;white-space:pre-wrap}
.legend{display:flex;align-items:center;gap:.6em;flex-wrap:wrap;font-size:13px}
.bar{display:block;width:220px;height:14px;border:1px solid #999}
.ticks{display:flex;justify-content:space-between;width:222px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
td.num{text-align:right;font-family:ui-monospace,monospace}.lists{display:flex;gap:2em;flex-wrap:wrap}
.sig{font-size:12px;color:#555;word-break:break-all}"""

_SCRIPT = """(function(){var map={},info=document.getElementById('info'),last=[];
document.querySelectorAll('.t').forEach(function(el){
(el.dataset.ids||el.id).split(' ').forEach(function(i){map[i]=el;});
el.addEventListener('mouseenter',function(){last.forEach(function(e){e.classList.remove('hl');});last=[el];
el.classList.add('hl');var m=el.dataset.m&&map[el.dataset.m];if(m){m.classList.add('hl');last.push(m);}
info.textContent=el.title;});});})();"""


def render_html(
    ex: dict[str, Any],
    *,
    title: str = "CodeBERTScore explanation",
    worst: int = 10,
    weak: float = DEFAULT_WEAK,
) -> str:
    """The self-contained page described in the module docstring."""
    esc = html.escape
    matches = token_matches(ex)
    scores = " &nbsp; ".join(f"<b>{esc(k)}</b> = {v:.4f}" for k, v in ex["scores"].items())
    stops = ", ".join(f"rgb{rgb} {x * 100:g}%" for x, rgb in SCALE)
    ticks = "".join(f"<span>{x:g}</span>" for x, _ in SCALE)
    empty = "" if matches["cand"] and matches["ref"] else (
        "<p><b>No code token to match on one side</b> (empty, whitespace-only or punctuation-only code): "
        "the pair scores 0.</p>")
    lists = "".join(
        f'<section><h2>{head}</h2><table><tr><th>cosine</th><th>line:col</th><th>token</th><th>best match</th></tr>'
        f"{_rows(side, least_matched(matches[side], worst))}</table></section>"
        for side, head in (("cand", "Candidate tokens least matched (lower precision)"),
                           ("ref", "Reference tokens least matched (what the candidate misses: lower recall)"))
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title><style>{_STYLE}</style></head><body>
<h1>{esc(title)}</h1>
<p>{scores}</p>
<p class="sig"><code>{esc(ex['signature'])}</code></p>
<div class="legend"><span>Token colour = cosine of its best match on the other side:</span>
<span><span class="bar" style="background:linear-gradient(to right, {stops})"></span>
<span class="ticks">{ticks}</span></span>
<span><span class="miss" style="background:{colour(0.3)}">outlined</span>: reference token matched below {weak:g}
(missed by the candidate)</span><span>plain text: not matched by design (punctuation, whitespace, beyond the
window). With idf, precision and recall weight the tokens by idf.</span></div>
{empty}
<div id="info">Hover a token to see its best match.</div>
<div class="sides">
<section><h2>Candidate ({len(matches['cand'])} matched tokens; precision: their mean best cosine)</h2>
{_code('cand', ex['cand'], matches['cand'], weak)}</section>
<section><h2>Reference ({len(matches['ref'])} matched tokens; recall: their mean best cosine)</h2>
{_code('ref', ex['ref'], matches['ref'], weak)}</section>
</div>
<div class="lists">{lists}</div>
<script>{_SCRIPT}</script>
</body></html>
"""
