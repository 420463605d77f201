"""Positive pairs for contrastive training, mined from a code corpus.

Two kinds:

* ``doc``: a doc comment / docstring (``a``) and the function below it, without the comment (``b``);
* ``rewrite``: a function (``a``) and a semantics-preserving rewrite of it (``b``; :mod:`.rewrite`).

Mining is deterministic: each document's random choices are seeded by (seed, document hash), so the pairs do not
depend on the number of worker processes or the order in which documents are processed. A pair from a held-out
document (:func:`codebertscore.training.corpus.is_heldout`) is marked ``heldout`` and is only used for evaluation.
Pairs are stored as JSON lines (``.jsonl`` or ``.jsonl.xz``), never pickled.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import os
import random
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

from codebertscore.errors import ArgumentError, InputError
from codebertscore.training.corpus import Document, is_heldout
from codebertscore.training.mining import MiningLimits, find_functions
from codebertscore.training.rewrite import rewrite_function

PAIR_KINDS: tuple[str, ...] = ("doc", "rewrite")


@dataclass(frozen=True)
class Pair:
    """Two texts that should match: (doc, function) or (function, rewrite)."""

    lang: str
    kind: str
    a: str
    b: str
    source: str  # key of the document it came from
    heldout: bool = False

    @property
    def key(self) -> str:
        """Identity for de-duplication: the hash of kind, a and b."""
        return hashlib.sha256(f"{self.kind}\x00{self.a}\x00{self.b}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class MiningOptions:
    kinds: tuple[str, ...] = PAIR_KINDS
    seed: int = 0
    heldout_fraction: float = 0.01
    rename_prob: float = 0.8
    limits: MiningLimits = MiningLimits()


def parse_kinds(spec: str | Sequence[str]) -> tuple[str, ...]:
    items = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    bad = [s for s in items if s not in PAIR_KINDS]
    if not items or bad:
        raise ArgumentError(f"pair kinds: expected some of {', '.join(PAIR_KINDS)}, got {spec!r}")
    return tuple(k for k in PAIR_KINDS if k in items)


def mine_document(doc: Document, options: MiningOptions) -> list[Pair]:
    """The pairs one document gives."""
    rng = random.Random(f"{options.seed}:{doc.key}")
    held = is_heldout(doc.text, options.heldout_fraction)
    out: list[Pair] = []
    try:
        functions = find_functions(doc.text, doc.lang, options.limits)
    except RecursionError:
        return []
    for fn in functions:
        if "doc" in options.kinds and fn.doc:
            out.append(Pair(doc.lang, "doc", fn.doc, fn.code, doc.key, held))
        if "rewrite" in options.kinds:
            try:
                rewritten = rewrite_function(fn.code, doc.lang, rng, options.rename_prob)
            except (RecursionError, ValueError, IndexError):
                rewritten = None
            if rewritten is not None:
                out.append(Pair(doc.lang, "rewrite", fn.code, rewritten[0], doc.key, held))
    return out


def _mine_chunk(args: tuple[list[Document], MiningOptions]) -> list[Pair]:
    docs, options = args
    out: list[Pair] = []
    for d in docs:
        out.extend(mine_document(d, options))
    return out


def _chunks(docs: Sequence[Document], size: int) -> Iterable[list[Document]]:
    for i in range(0, len(docs), size):
        yield list(docs[i:i + size])


def mine_pairs(
    docs_by_lang: dict[str, list[Document]],
    options: MiningOptions | None = None,
    *,
    workers: int | None = None,
    max_pairs_per_lang: int | None = None,
) -> list[Pair]:
    """Pairs of every document, de-duplicated, in (language, document) order.

    ``workers``: processes to use (default: all cores; 1 mines in this process). ``max_pairs_per_lang`` keeps a
    deterministic subset per language and kind (the pairs first in hash order), split evenly between the kinds.
    """
    options = options or MiningOptions()
    n_workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    pairs: list[Pair] = []
    for docs in docs_by_lang.values():
        if n_workers == 1 or len(docs) < 8:
            mined = _mine_chunk((list(docs), options))
        else:
            size = max(1, min(64, len(docs) // (n_workers * 4) or 1))
            with ProcessPoolExecutor(max_workers=n_workers, mp_context=get_context("spawn")) as pool:
                mined = [p for part in pool.map(_mine_chunk, ((c, options) for c in _chunks(docs, size))) for p in part]
        seen: set[str] = set()
        unique = []
        for p in mined:
            k = p.key
            if k not in seen and p.a.strip() != p.b.strip():
                seen.add(k)
                unique.append(p)
        if max_pairs_per_lang is not None:
            unique = cap_pairs(unique, max_pairs_per_lang)
        pairs.extend(unique)
    return pairs


def cap_pairs(pairs: Sequence[Pair], max_pairs: int) -> list[Pair]:
    """At most ``max_pairs`` training pairs (held-out pairs kept), shared evenly by kind, chosen by hash order."""
    by_kind: dict[str, list[Pair]] = {}
    held = [p for p in pairs if p.heldout]
    for p in pairs:
        if not p.heldout:
            by_kind.setdefault(p.kind, []).append(p)
    if not by_kind:
        return list(held)
    keep: set[str] = set()
    remaining = max_pairs
    kinds = sorted(by_kind, key=lambda k: len(by_kind[k]))
    for i, kind in enumerate(kinds):
        share = remaining // (len(kinds) - i)
        chosen = sorted(by_kind[kind], key=lambda p: p.key)[:share]
        keep.update(p.key for p in chosen)
        remaining -= len(chosen)
    return [p for p in pairs if p.heldout or p.key in keep]


def write_pairs(path: str | Path, pairs: Iterable[Pair]) -> int:
    """Write pairs as JSON lines (xz-compressed when the name ends in ``.xz``); returns how many."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = lzma.open if path.suffix == ".xz" else open
    n = 0
    with opener(path, "wt", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
            n += 1
    return n


def read_pairs(path: str | Path) -> list[Pair]:
    """Read pairs written by :func:`write_pairs`; a malformed line raises InputError naming its number."""
    path = Path(path)
    opener = lzma.open if path.suffix == ".xz" else open
    out: list[Pair] = []
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                    out.append(Pair(str(d["lang"]), str(d["kind"]), str(d["a"]), str(d["b"]), str(d.get("source", "")),
                                    bool(d.get("heldout", False))))
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise InputError(
                        f"pairs: {path}:{lineno}: expected a JSON object with lang, kind, a, b: {exc}") from exc
    except OSError as exc:
        raise InputError(f"pairs: could not read {path}: {exc}") from exc
    for p in out:
        if p.kind not in PAIR_KINDS:
            raise InputError(f"pairs: {path}: unknown pair kind {p.kind!r} (expected {', '.join(PAIR_KINDS)})")
    return out


def pair_statistics(pairs: Sequence[Pair]) -> dict[str, dict[str, int]]:
    """Counts per language and kind, training and held-out: ``{lang: {"doc": n, "rewrite": n, "heldout": n}}``."""
    stats: dict[str, dict[str, int]] = {}
    for p in pairs:
        s = stats.setdefault(p.lang, {"doc": 0, "rewrite": 0, "heldout": 0})
        if p.heldout:
            s["heldout"] += 1
        else:
            s[p.kind] += 1
    return stats
