"""The explanation page in a real browser (Chromium driven by Playwright): it renders, each token's colour is the one
its score gives, and hovering a token shows its best match and highlights it.

Needs the optional test extra ``[browser]`` (Playwright for Python) and a Chromium executable: Debian's ``chromium``
package (``apt-get install chromium``) or the path in ``CODEBERTSCORE_CHROMIUM``. Playwright's own browser download
is not used. Skipped, with the reason, where either is missing. Set ``CODEBERTSCORE_SCREENSHOT=path.png`` to keep a
screenshot of the page.
"""

from __future__ import annotations

import os
import shutil

import pytest

from codebertscore.report.alignment import colour, render_html, token_matches

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

CAND = "def mean(xs):\n    if not xs:\n        return 0.0\n    return sum(xs) / len(xs)\n"
REF = "def mean(values):\n    total = 0\n    for v in values:\n        total += v\n    return total / len(values)\n"


def _chromium() -> str:
    path = os.environ.get("CODEBERTSCORE_CHROMIUM")
    if path and not os.access(path, os.X_OK):
        pytest.skip(f"CODEBERTSCORE_CHROMIUM={path} is not an executable")
    path = path or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("no Chromium executable (install Debian's chromium package or set CODEBERTSCORE_CHROMIUM)")
    return path


@pytest.fixture(scope="module")
def browser_setup():
    """Playwright and a Chromium executable, checked before any model loads."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (extra [browser])")
    return sync_api, _chromium()


@pytest.fixture(scope="module")
def page(browser_setup, tmp_path_factory, minilm_scorer):
    sync_api, exe = browser_setup
    ex = minilm_scorer.explain(cand=CAND, ref=REF)
    path = tmp_path_factory.mktemp("page") / "explain.html"
    path.write_text(render_html(ex), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1400, "height": 900})
            pg.goto(path.as_uri())
            yield pg, ex
        finally:
            browser.close()


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_page_renders_both_codes_as_written(page):
    pg, _ = page
    assert pg.inner_text("#cand").rstrip("\n") == CAND.rstrip("\n")
    assert pg.inner_text("#ref").rstrip("\n") == REF.rstrip("\n")
    assert pg.locator("#cand").bounding_box()["width"] > 200 and pg.locator("#ref").bounding_box()["height"] > 60


def test_each_token_is_coloured_by_its_score(page):
    pg, ex = page
    matches = token_matches(ex)
    shown = pg.eval_on_selector_all(
        ".t", "els => els.map(e => [e.id, e.dataset.s, getComputedStyle(e).backgroundColor, e.textContent,"
              " e.classList.contains('miss')])")
    assert len(shown) == len(matches["cand"]) + len(matches["ref"])
    for ident, score, bg, text, miss in shown:
        tok = matches["cand" if ident[0] == "c" else "ref"][int(ident[1:])]
        assert text == tok.token and float(score) == pytest.approx(tok.best, abs=1e-4)
        assert bg == _rgb(colour(tok.best))
        assert miss == (ident[0] == "r" and tok.best < 0.5)


def test_hovering_a_token_shows_and_highlights_its_match(page):
    pg, ex = page
    matches = token_matches(ex)
    for side, other in (("cand", "r"), ("ref", "c")):
        tok = min(matches[side], key=lambda m: m.best)  # the least matched token of each side
        ident = ("c" if side == "cand" else "r") + str(tok.index)
        pg.hover(f"#{ident}")
        info = pg.inner_text("#info")
        assert f"best match {tok.match_token!r} at {tok.match_where}" in info and f"{tok.best:.3f}" in info
        assert pg.eval_on_selector(f"#{other}{tok.match}", "e => e.classList.contains('hl')")
        assert pg.eval_on_selector(f"#{other}{tok.match}", "e => getComputedStyle(e).boxShadow") != "none"
        hl = pg.eval_on_selector_all(".hl", "els => els.map(e => e.id)")
        assert sorted(hl) == sorted({ident, f"{other}{tok.match}"})
    shot = os.environ.get("CODEBERTSCORE_SCREENSHOT")
    if shot:
        pg.screenshot(path=shot, full_page=True)
