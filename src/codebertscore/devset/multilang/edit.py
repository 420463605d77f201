"""Token-level edits of JavaScript, Java and C++ candidates: what every edit shares.

Two families of edits, each a dict from a name to a function ``(code, ctx, rng) -> str | None`` (None when the
edit does not apply to this code):

* :data:`codebertscore.devset.multilang.rewrites.REWRITES` keep the meaning: rename local variables, reformat
  (brace style, spacing, indentation, braces around single statements), ``i++`` <-> ``i += 1`` <-> ``i = i + 1``,
  ``for`` <-> ``while``, ternary <-> ``if``/``else``.
* :data:`codebertscore.devset.multilang.mutations.MUTATIONS` inject one plausible fault: a comparison or
  arithmetic operator swapped, a constant off by one, an off-by-one loop bound, a dropped or swapped statement,
  a wrong return value, ``&&`` <-> ``||``.

Every function is deterministic given ``rng`` (a :class:`random.Random`), works on the tokens of the C-like
lexer (so strings and comments are never edited by accident), and returns code that differs from its input, or
None. Whether a rewrite really kept the meaning, or a fault really broke it, is settled later by running the
tests: labels never come from the edit's name. This module holds the edit context and the token helpers.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from codebertscore.devset.multilang.signatures import Type
from codebertscore.text.lexer import Token, tokenize

T = TypeVar("T")

OPEN = {"(": ")", "[": "]", "{": "}"}
CLOSE = {v: k for k, v in OPEN.items()}
OPERAND_END = ("ident", "number", "string", "char", "template")


@dataclass(frozen=True)
class Context:
    """What an edit needs to know besides the code: the language, the result type, names it must not take."""

    lang: str
    returns: Type | None = None
    reserved: frozenset[str] = field(default_factory=frozenset)
    #: parameter name -> type, from the signature (an index loop needs to know what can be indexed)
    params: tuple[tuple[str, Type], ...] = ()


Edit = Callable[[str, Context, random.Random], "str | None"]
# ----------------------------------------------------------------------------------------- token helpers


class Toks:
    """Tokens of one piece of code, with navigation over the meaningful ones."""

    def __init__(self, code: str, lang: str) -> None:
        self.lang = lang
        self.toks: list[Token] = tokenize(code, lang)
        self.sig: list[int] = [i for i, t in enumerate(self.toks) if not t.is_space]
        self.pos = {ti: k for k, ti in enumerate(self.sig)}

    def text(self, k: int) -> str:
        """Text of the k-th meaningful token ("" outside the range)."""
        return self.toks[self.sig[k]].text if 0 <= k < len(self.sig) else ""

    def kind(self, k: int) -> str:
        return self.toks[self.sig[k]].kind if 0 <= k < len(self.sig) else ""

    def match(self, k: int) -> int | None:
        """Index (meaningful-token index) of the bracket matching the one at k, or None."""
        t = self.text(k)
        if t in OPEN:
            step, want, other = 1, OPEN[t], t
        elif t in CLOSE:
            step, want, other = -1, CLOSE[t], t
        else:
            return None
        depth = 0
        j = k
        while 0 <= j < len(self.sig):
            x = self.text(j)
            if x == other:
                depth += 1
            elif x == want:
                depth -= 1
                if depth == 0:
                    return j
            j += step
        return None

    def replace(self, edits: dict[int, str]) -> str:
        """Code with the meaningful tokens at the given indices replaced (by arbitrary text)."""
        out = [t.text for t in self.toks]
        for k, new in edits.items():
            out[self.sig[k]] = new
        return "".join(out)

    def splice(self, k0: int, k1: int, new: str) -> str:
        """Code with meaningful tokens k0..k1 (inclusive, and everything between them) replaced by ``new``."""
        a, b = self.sig[k0], self.sig[k1]
        return "".join(t.text for t in self.toks[:a]) + new + "".join(t.text for t in self.toks[b + 1 :])

    def source(self, k0: int, k1: int) -> str:
        """The exact source of meaningful tokens k0..k1 inclusive ("" when k1 < k0)."""
        if k1 < k0:
            return ""
        return "".join(t.text for t in self.toks[self.sig[k0] : self.sig[k1] + 1])

    def is_generic_angle(self, k: int) -> bool:
        """Whether ``<``/``>`` at k is a generic/template bracket rather than a comparison."""
        t = self.text(k)
        allowed_kinds = ("ident", "keyword")
        allowed = {",", "::", "?", "&", "*", "<", ">", ">>", ".", "[", "]"}
        if t == "<":
            if self.kind(k - 1) != "ident" and self.text(k - 1) not in ("template",):
                return False
            depth = 0
            for j in range(k, min(len(self.sig), k + 40)):
                x = self.text(j)
                if x == "<":
                    depth += 1
                elif x in (">", ">>"):
                    depth -= 1 if x == ">" else 2
                    if depth <= 0:
                        return True
                elif not (self.kind(j) in allowed_kinds or x in allowed):
                    return False
            return False
        if t in (">", ">>"):
            depth = 0
            for j in range(k, max(-1, k - 40), -1):
                x = self.text(j)
                if x in (">", ">>"):
                    depth += 1 if x == ">" else 2
                elif x == "<":
                    depth -= 1
                    if depth <= 0:
                        return self.kind(j - 1) == "ident"
                elif not (self.kind(j) in allowed_kinds or x in allowed):
                    return False
            return False
        return False

    def is_binary(self, k: int) -> bool:
        """Whether the operator at k has an operand on its left (so it is binary, not unary)."""
        prev = self.text(k - 1)
        return self.kind(k - 1) in OPERAND_END or prev in (")", "]") or (
            self.kind(k - 1) == "keyword" and prev in ("true", "false", "null", "this", "undefined", "nullptr")
        )


def code_lines(code: str) -> list[str]:
    return code.split("\n")


def indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def pick(rng: random.Random, items: Sequence[T]) -> T | None:
    """One of ``items`` drawn with ``rng``, or None when there are none."""
    return pick_one(rng, items) if items else None


def pick_one(rng: random.Random, items: Sequence[T]) -> T:
    """One of the (non-empty) ``items`` drawn with ``rng`` (the same draw as :func:`pick`)."""
    return items[rng.randrange(len(items))]
