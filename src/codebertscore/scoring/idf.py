"""Inverse document frequency tables for idf-weighted CodeBERTScore.

idf(w) = log((M + 1) / (df(w) + 1)) over a reference corpus of M documents, where df(w) counts the documents whose
code contains token id w (the paper's and BERTScore's definition). A token never seen gets log(M + 1).

Tables are saved as JSON (never pickles; gzip-compressed when the name ends in ``.gz``, as the shipped corpus tables
of ``data/idf/`` are: ``codebertscore.scoring.corpus_idf``) with the tokenizer they belong to (its name and a hash of
its vocabulary), so that a table is never applied to another tokenizer's ids; the content hash of the table is part of
every score's signature.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from codebertscore.errors import ArgumentError, InputError
from codebertscore.jsonio import dumps

FORMAT = "codebertscore-idf/1"


@dataclass(frozen=True)
class IdfTable:
    """Document frequencies of token ids over ``n_docs`` documents, for one tokenizer."""

    n_docs: int
    df: Mapping[int, int]
    tokenizer: str = ""
    tokenizer_sha256: str = ""
    source: str = ""
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.n_docs < 0:
            raise ArgumentError(f"idf: n_docs must be >= 0, got {self.n_docs}")

    @classmethod
    def from_token_ids(
        cls,
        documents: Iterable[Iterable[int]],
        *,
        tokenizer: str = "",
        tokenizer_sha256: str = "",
        source: str = "",
    ) -> IdfTable:
        """Count, for each token id, the documents that contain it."""
        df: Counter[int] = Counter()
        n = 0
        for doc in documents:
            n += 1
            df.update(set(int(t) for t in doc))
        return cls(n_docs=n, df=dict(df), tokenizer=tokenizer, tokenizer_sha256=tokenizer_sha256, source=source)

    def idf(self, token_id: int) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(int(token_id), 0) + 1))

    def weights(self, token_ids: np.ndarray) -> np.ndarray:
        """idf of each id in ``token_ids`` (float64 array of the same shape)."""
        lookup = np.vectorize(self.idf, otypes=[np.float64])
        return lookup(token_ids) if token_ids.size else np.zeros(token_ids.shape, dtype=np.float64)

    # -- persistence ----------------------------------------------------------------------------------------------
    def to_json_dict(self) -> dict:
        return {
            "format": FORMAT,
            "tokenizer": self.tokenizer,
            "tokenizer_sha256": self.tokenizer_sha256,
            "source": self.source,
            "n_docs": self.n_docs,
            "df": {str(k): int(v) for k, v in sorted(self.df.items())},
        }

    @property
    def sha256(self) -> str:
        """Hash of the table's content (documents count and frequencies, tokenizer hash)."""
        if "sha" not in self._cache:
            content = {k: v for k, v in self.to_json_dict().items() if k not in ("source", "tokenizer")}
            blob = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
            self._cache["sha"] = hashlib.sha256(blob).hexdigest()
        return self._cache["sha"]

    def save(self, path: str | Path) -> None:
        """Write the table as strict JSON; gzip-compressed (reproducibly: no timestamp in the header) when the name
        ends in ``.gz``."""
        p = Path(path)
        if p.name.endswith(".gz"):
            blob = dumps(self.to_json_dict(), sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"
            p.write_bytes(gzip.compress(blob, compresslevel=9, mtime=0))
        else:
            p.write_text(dumps(self.to_json_dict(), indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> IdfTable:
        from codebertscore.scoring.readers import read_json_table

        p = Path(path)
        data = read_json_table(p, argument="idf", what="idf table", format_name=FORMAT)
        try:
            df = {int(k): int(v) for k, v in data["df"].items()}
            n_docs = int(data["n_docs"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"idf: {p} has a malformed 'df' or 'n_docs' field ({exc})") from exc
        return cls(
            n_docs=n_docs,
            df=df,
            tokenizer=str(data.get("tokenizer", "")),
            tokenizer_sha256=str(data.get("tokenizer_sha256", "")),
            source=str(data.get("source", "")),
        )

    def check_tokenizer(self, tokenizer_sha256: str, name: str) -> None:
        """Refuse a table built for another tokenizer (ids would mean other tokens)."""
        if self.tokenizer_sha256 and tokenizer_sha256 and self.tokenizer_sha256 != tokenizer_sha256:
            raise ArgumentError(
                f"idf: the table was built for tokenizer {self.tokenizer or '?'} "
                f"(sha256 {self.tokenizer_sha256[:12]}), not for {name} (sha256 {tokenizer_sha256[:12]}); "
                "rebuild it with `codebertscore idf` for this model"
            )


def load_idf(idf: bool | str | Path | IdfTable | None) -> tuple[IdfTable | None, str]:
    """A scorer's ``idf`` argument as (table or None, mode): mode "no", "refs" (computed from each call's distinct
    references) or "table" (the caller's table, loaded from a path when given one). ``"corpus"`` is not a path: the
    scorer resolves it for its language and tokenizer (``codebertscore.scoring.corpus_idf``)."""
    if idf is False or idf is None:
        return None, "no"
    if idf is True:
        return None, "refs"
    if isinstance(idf, IdfTable):
        return idf, "table"
    if isinstance(idf, (str, Path)):
        return IdfTable.load(idf), "table"
    raise ArgumentError(
        f"idf: expected False, True, a path to a JSON idf table or an IdfTable, got {type(idf).__name__}"
    )


#: the scorer's idf mode after ``idf="corpus"`` for a language without a shipped table: scored without idf, and never
#: with idf counted over the call's references instead (``codebertscore.scoring.corpus_idf``)
UNAVAILABLE = "unavailable"


def idf_label(mode: str, table: IdfTable | None) -> str:
    """The idf part of a signature, the one spelling of it: ``mode`` is "no", "refs" (computed from each call's
    distinct references), "table" (a loaded table) or :data:`UNAVAILABLE` (no idf: labelled "no"). With the table in
    use: "refs:<sha12>" / "table:<sha12>"; without (a signature asked before any call, for "refs"): the mode alone."""
    if mode in ("no", UNAVAILABLE):
        return "no"
    return f"{mode}:{table.sha256[:12]}" if table is not None else mode


def build_idf_table(
    documents: Iterable[str], *, lang: str | None = None, model: str | None = None, revision: str | None = None,
    source: str = "", batch: int = 512,
) -> IdfTable:
    """Count document frequencies of the encoder's tokens over ``documents`` (each stripped, as when scoring).

    Only the tokenizer is loaded (no weights). The table names the tokenizer by the model's display name when it
    has one (the shipped encoder's folder path differs between machines; its hash identifies it).
    """
    from codebertscore.models import hf, registry

    spec = registry.resolve(lang=lang, model=model, layer=0, revision=revision)
    tokenizer, sha = hf.load_tokenizer(spec.name, revision=spec.revision)

    def ids() -> Iterable[list[int]]:
        buf: list[str] = []
        for doc in documents:
            buf.append(doc.strip())
            if len(buf) >= batch:
                yield from hf.token_ids(tokenizer, buf)
                buf = []
        yield from hf.token_ids(tokenizer, buf)

    table = IdfTable.from_token_ids(ids(), tokenizer=spec.display or spec.name, tokenizer_sha256=sha, source=source)
    if table.n_docs == 0:
        raise InputError("idf: the corpus holds no documents")
    return table
