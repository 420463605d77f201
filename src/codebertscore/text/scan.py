"""Literal scanners of the C-like lexer (:mod:`codebertscore.text.lexer`).

The lexer is lossless and total: an unterminated literal never raises, it ends where these functions say.
A line break is ``\\n``, ``\\r\\n`` or a lone ``\\r``.
"""

from __future__ import annotations


def quoted_end(src: str, start: int, quote: str) -> int:
    """End index (exclusive) of the quoted literal that opens at ``start``. Backslash escapes are skipped; an
    unclosed ``'`` or ``"`` literal ends at its line break, an unclosed `` ` `` one at the end of the text."""
    i = start + 1
    n = len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            return i + 1
        if c in "\r\n" and quote != "`":
            return i
        i += 1
    return n


def regex_end(src: str, start: int) -> int | None:
    """End index (exclusive, flags included) of a JavaScript regular-expression literal whose ``/`` is at
    ``start``, or None when no closing ``/`` comes before the line break (then it is a division)."""
    i = start + 1
    n = len(src)
    in_class = False
    while i < n:
        c = src[i]
        if c in "\r\n":
            return None
        if c == "\\":
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "/" and not in_class:
            i += 1
            while i < n and (src[i].isalnum() or src[i] == "_"):
                i += 1
            return i
        i += 1
    return None
