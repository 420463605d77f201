"""The idf tables shipped with the package: one per language, counted over the project's source-code corpus with the
default encoder's tokenizer (``data/idf/``; ``data/idf/tables.json`` lists them, with the command that built each;
``data/idf/README.md`` is their datasheet).

``idf="corpus"`` gives a scorer the table of its language (``idf="corpus:<lang>"`` names another); a table is used
only with the tokenizer it was counted with (its hash is checked), and its content hash is in every signature.
Languages the corpus lacks (Go) have no table: ``idf="corpus"`` then scores without idf, with a warning and a note
in the result, and the signature says ``idf:no`` — never idf counted over the call's references instead.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError
from codebertscore.languages import normalize_language
from codebertscore.scoring.idf import IdfTable

INDEX_FORMAT = "codebertscore-idf-index/1"
_FOLDER = Path(__file__).resolve().parent.parent / "data" / "idf"


@lru_cache(maxsize=1)
def index() -> dict[str, Any]:
    """The index of shipped tables (``data/idf/tables.json``)."""
    data = json.loads((_FOLDER / "tables.json").read_text(encoding="utf-8"))
    if data.get("format") != INDEX_FORMAT:
        raise ValueError(f"{_FOLDER / 'tables.json'}: expected format {INDEX_FORMAT}, got {data.get('format')!r}")
    return data


def corpus_languages() -> tuple[str, ...]:
    """Languages with a shipped corpus table."""
    return tuple(sorted({t["lang"] for t in index()["tables"]}))


def missing_reason(lang: str) -> str | None:
    """Why a language has no table (e.g. Go: not in the corpus), or None when it has one."""
    return index().get("missing", {}).get(lang)


@lru_cache(maxsize=16)
def _load(file: str, sha256: str) -> IdfTable:
    table = IdfTable.load(_FOLDER / file)
    if table.sha256 != sha256:
        raise ValueError(f"{_FOLDER / file}: content hash {table.sha256[:12]} differs from the index's {sha256[:12]}")
    return table


def corpus_table(lang: str, tokenizer_sha256: str, tokenizer_name: str = "") -> IdfTable | None:
    """The shipped table of ``lang`` (a canonical language name) for the tokenizer with this hash.

    None when the corpus has no such language (see :func:`missing_reason`); an :class:`ArgumentError` when the
    language has tables but none for this tokenizer (its ids would mean other tokens).
    """
    tables = [t for t in index()["tables"] if t["lang"] == lang]
    if not tables:
        if missing_reason(lang) is not None:
            return None
        raise ArgumentError(
            f"idf: no shipped corpus idf table for language {lang!r}; the tables cover {', '.join(corpus_languages())}"
        )
    for t in tables:
        if t["tokenizer_sha256"] == tokenizer_sha256:
            return _load(t["file"], t["sha256"])
    names = ", ".join(sorted({t["tokenizer"] for t in tables}))
    raise ArgumentError(
        f"idf: the shipped corpus idf tables are for the tokenizer of {names}, not for "
        f"{tokenizer_name or 'this model'} (sha256 {tokenizer_sha256[:12]}); build one for this model with "
        "`codebertscore idf` and pass its path"
    )


def is_corpus_keyword(idf: object) -> bool:
    """Whether a scorer's ``idf`` argument asks for a shipped table: ``"corpus"`` or ``"corpus:<lang>"``."""
    return isinstance(idf, str) and (idf == "corpus" or idf.startswith("corpus:"))


def resolve_corpus(
    idf: str, lang: str | None, tokenizer_sha256: str, tokenizer_name: str = ""
) -> tuple[IdfTable | None, str]:
    """The table ``idf="corpus"`` (the language ``lang``'s) or ``idf="corpus:<lang>"`` stands for, and, when there
    is none (a language the corpus lacks, Go), the message saying the scores are without idf.

    An :class:`ArgumentError` when no language is known, for an unknown language, or for another tokenizer.
    """
    named = idf.partition(":")[2]
    if not named and lang is None:
        raise ArgumentError("idf: 'corpus' needs a language (lang=...) or names one (idf='corpus:python')")
    canon = normalize_language(named, argument="idf") if named else normalize_language(str(lang))
    table = corpus_table(canon, tokenizer_sha256, tokenizer_name)
    if table is not None:
        return table, ""
    return None, f"idf='corpus': no corpus idf table for {canon} ({missing_reason(canon)}); scoring without idf"


__all__ = ["corpus_languages", "corpus_table", "index", "is_corpus_keyword", "missing_reason", "resolve_corpus"]
