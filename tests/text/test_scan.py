"""The literal scanners both C-like lexers use (hand-checked positions)."""

from __future__ import annotations

import pytest

from codebertscore.text.scan import quoted_end, regex_end


@pytest.mark.parametrize("src, quote, end", [
    ('"abc" + x', '"', 5),
    ('"a\\"b" + x', '"', 6),          # an escaped quote does not close
    ("'a' + x", "'", 3),
    ('"open\nnext', '"', 5),          # unclosed: ends at the line break
    ('"open\r\nnext', '"', 5),
    ('"open\rnext', '"', 5),          # a lone \r is a line break too
    ('"never closed', '"', 13),       # unclosed at the end of the text
    ("`a\nb` + x", "`", 5),           # template literals span lines
    ("`open", "`", 5),
])
def test_quoted_end(src, quote, end):
    assert quoted_end(src, 0, quote) == end


@pytest.mark.parametrize("src, end", [
    ("/ab+c/g.test(s)", 7),
    ("/[/]x/.test(s)", 6),            # a / inside a class does not close
    ("/a\\/b/i;", 7),                 # an escaped / does not close
    ("/ 2;\nx / 3", None),            # no closing / on the line: a division
    ("/ 2;\rx / 3", None),
])
def test_regex_end(src, end):
    assert regex_end(src, 0) == end
