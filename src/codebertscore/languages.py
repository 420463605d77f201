"""The languages the package knows and their accepted spellings: one table, ``data/languages.json``.

Every module that names a language goes through here (the registry, the CLI help, the metric adapters, the
training corpus, the meta-evaluation readers). A language here is scored with the default encoder's settings; which
languages have a paper model, a dev set or a training corpus is a separate fact kept where that data lives.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from codebertscore.errors import ArgumentError

_TABLE = Path(__file__).resolve().parent / "data" / "languages.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, dict]:
    return json.loads(_TABLE.read_text(encoding="utf-8"))["languages"]


def _aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, entry in _table().items():
        out[name] = name
        for alias in entry.get("aliases", []):
            out[alias] = name
    return out


#: canonical language names, in the table's order
LANGUAGES: tuple[str, ...] = tuple(_table())
#: every accepted spelling (lower case) -> its canonical name
LANGUAGE_ALIASES: dict[str, str] = _aliases()
#: source-file extension (with the dot, lower case) -> canonical name
EXTENSIONS: dict[str, str] = {ext: name for name, entry in _table().items() for ext in entry.get("extensions", [])}


def canonical(lang: str) -> str | None:
    """The canonical name of ``lang`` (any accepted spelling, any case), or None for an unknown language."""
    return LANGUAGE_ALIASES.get(lang.strip().lower())


def normalize_language(lang: str, *, argument: str = "lang") -> str:
    """The canonical name of ``lang``; an :class:`ArgumentError` naming ``argument`` for an unknown language."""
    name = canonical(lang)
    if name is None:
        choices = ", ".join(sorted(LANGUAGE_ALIASES))
        raise ArgumentError(
            f"{argument}: unknown language {lang!r}; expected one of {choices} — or name a model with model=... "
            "(any hub name or local folder) to score another language"
        )
    return name


def describe() -> str:
    """The languages and their spellings in one line, for help texts: ``python/py, java, ...``."""
    return ", ".join("/".join([name, *entry.get("aliases", [])]) for name, entry in _table().items())
