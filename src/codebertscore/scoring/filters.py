"""Named token filters: which code tokens are matched (the table is ``data/token_filters.json``).

A token is judged on its surface text in the input (what its character offsets cover), stripped of whitespace, so
WordPiece tokenizers (which split ``<=`` into ``<`` and ``=``) and byte-level BPE tokenizers (with tokens such as
``" <"``, ``"=="`` or ``");"``) are judged by the same rule:

* a filter that drops nothing (``none``) keeps every token;
* otherwise an empty surface (whitespace only) is dropped, and a surface made only of ASCII punctuation is dropped
  unless it contains one of the filter's kept operator characters; any other token is kept.

``paper`` is the paper's filter (``no_punc=True``), ``operators`` also keeps comparison, logical, assignment and the
remaining arithmetic and bitwise operators, ``none`` is ``no_punc=False``. The scorer applies the filter in
``scoring.prepare``; its name is in every signature (``punc:paper``).
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from codebertscore.errors import ArgumentError

FORMAT = "codebertscore-token-filters/1"
_TABLE = Path(__file__).resolve().parent.parent / "data" / "token_filters.json"
_PUNCTUATION = frozenset(string.punctuation)


@dataclass(frozen=True)
class TokenFilter:
    """One named filter: ``drop`` says whether it drops anything; ``keep_chars`` are the operator characters whose
    presence keeps a punctuation-only token."""

    name: str
    drop: bool
    keep_chars: frozenset[str]
    about: str = ""

    @property
    def drop_chars(self) -> frozenset[str]:
        """Punctuation characters a dropped token is made of."""
        return _PUNCTUATION - self.keep_chars

    def drops(self, surface: str) -> bool:
        """Whether a token with this surface text is left out of matching."""
        return self.drop and _drops(surface, self.keep_chars)


@lru_cache(maxsize=1 << 16)
def _drops(surface: str, keep_chars: frozenset[str]) -> bool:
    s = surface.strip()
    return all(ch in _PUNCTUATION for ch in s) and not any(ch in keep_chars for ch in s)  # True for ""


@lru_cache(maxsize=1)
def _table() -> dict[str, TokenFilter]:
    data = json.loads(_TABLE.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{_TABLE}: expected format {FORMAT}, got {data.get('format')!r}")
    return {
        name: TokenFilter(name=name, drop=bool(d["drop"]), keep_chars=frozenset(d["keep_chars"]),
                          about=str(d.get("about", "")))
        for name, d in data["filters"].items()
    }


def filter_names() -> tuple[str, ...]:
    """The names of the filters, in the table's order."""
    return tuple(_table())


@lru_cache(maxsize=1)
def default_filter_name() -> str:
    """The filter used when neither a caller nor a model names one (the table's ``default``: the paper's)."""
    return str(json.loads(_TABLE.read_text(encoding="utf-8"))["default"])


def get_filter(name: str, *, argument: str = "token_filter") -> TokenFilter:
    """The filter called ``name``; an :class:`ArgumentError` listing the choices otherwise."""
    table = _table()
    if not isinstance(name, str) or name.strip().lower() not in table:
        raise ArgumentError(f"{argument}: expected one of {', '.join(table)}, got {name!r}")
    return table[name.strip().lower()]


def resolve_filter(token_filter: str | None, no_punc: bool | None, default: str | None = None) -> TokenFilter:
    """The filter from the two ways of naming it: ``token_filter`` by name, or the older ``no_punc`` flag
    (True = ``paper``, False = ``none``); both given must agree; neither gives ``default`` (a model's recorded
    filter) or else the table's default."""
    if no_punc is not None and not isinstance(no_punc, bool):
        raise ArgumentError(f"no_punc: expected True or False, got {no_punc!r}")
    if token_filter is None:
        if no_punc is None:
            return get_filter(default or default_filter_name())
        return get_filter("paper" if no_punc else "none")
    f = get_filter(token_filter)
    if no_punc is not None and no_punc != f.drop:
        raise ArgumentError(
            f"no_punc: no_punc={no_punc} contradicts token_filter={f.name!r}; give only token_filter "
            f"(one of {', '.join(filter_names())})"
        )
    return f


__all__ = ["TokenFilter", "default_filter_name", "filter_names", "get_filter", "resolve_filter"]
