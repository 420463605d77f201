"""Tokenisers for the lexical baselines, each named so that a metric's signature can state which one it used.

* ``code`` (version ``code-v1``): identifiers and keywords, numbers, string quotes, multi-character operators
  (``==``, ``->``, ``+=``, ``<<=``, ...) and every other non-space character on its own. Whitespace is dropped.
  Case is kept. This is what the lexical metrics use on code by default: an English tokeniser (sacrebleu's 13a,
  rouge-score's default) splits ``x+=1`` differently and rouge-score's drops every operator.
* ``space``: Python's ``str.split()`` (what the codebleu package uses by default).
* ``13a``: sacrebleu's mteval-v13a tokeniser (for comparison with MT practice).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from codebertscore.errors import ArgumentError

#: the version of the ``code`` tokeniser (bump when its output changes)
CODE_TOKENIZER_VERSION = "code-v1"

# Longest operators first so that the alternation prefers them.
_OPERATORS = sorted(
    [
        ">>>=", "<<=", ">>=", "**=", "//=", "...", "===", "!==", ">>>", "<=>", "->*", "::",
        "==", "!=", "<=", ">=", "&&", "||", "++", "--", "->", "=>", "+=", "-=", "*=", "/=", "%=", "&=",
        "|=", "^=", "<<", ">>", "**", "//", ":=", "?.", "??",
    ],
    key=len,
    reverse=True,
)
_CODE_TOKEN = re.compile(
    r"(?:[^\W\d]|\$)(?:\w|\$)*"  # identifiers and keywords (any script; $ for JavaScript)
    r"|0[xXbBoO][0-9A-Fa-f_]+[A-Za-z]*"  # hexadecimal, binary and octal literals with an optional suffix
    r"|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?[A-Za-z]*"  # decimal numbers: 1_000, 1.5e-3, 10L, 2.0f
    r"|" + "|".join(re.escape(op) for op in _OPERATORS)  # multi-character operators, longest first
    + r"|\S",  # any other non-space character on its own
)


def code_tokens(text: str) -> list[str]:
    """Split code into tokens (``code-v1``); whitespace separates tokens and is never a token itself.

    >>> code_tokens("if x+=1: return a->b")
    ['if', 'x', '+=', '1', ':', 'return', 'a', '->', 'b']
    """
    return _CODE_TOKEN.findall(text)


def space_tokens(text: str) -> list[str]:
    """Split on runs of whitespace (``str.split``)."""
    return text.split()


def _tok_13a(text: str) -> list[str]:
    from codebertscore.errors import require

    tok = require("sacrebleu.tokenizers.tokenizer_13a", "metaeval", "the 13a tokeniser").Tokenizer13a()
    return tok(text).split()


TOKENIZERS: dict[str, Callable[[str], list[str]]] = {"code": code_tokens, "space": space_tokens, "13a": _tok_13a}


def get_tokenizer(name: str) -> Callable[[str], list[str]]:
    """The tokeniser called ``name`` (one of :data:`TOKENIZERS`)."""
    if name not in TOKENIZERS:
        raise ArgumentError(f"tok: expected one of {', '.join(TOKENIZERS)}, got {name!r}")
    return TOKENIZERS[name]


def tokenizer_label(name: str) -> str:
    """The label a signature uses for tokeniser ``name`` (with its version for ours)."""
    return CODE_TOKENIZER_VERSION if name == "code" else name
