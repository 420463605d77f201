"""An on-disk cache of token vectors, so that re-scoring encodes only what is new.

Why: a benchmark run is scored again and again — after adding candidates, another model's samples, a new
checkpoint's samples, or after an interruption. The encoder pass dominates the cost, and its output for one
(context, code) text depends only on the encoder and a few settings, so it can be kept.

What is stored, per (text, layer): the L2-normalised float32 vectors of the text's matched tokens (or float16 with
``dtype="float16"``: half the size, scores within ~1e-3 instead of ~1e-7) and the matched tokens' ids. The ids are
compared with the tokenizer's on every read, so an entry can never be paired with the wrong tokens.

The key is the sha256 of everything that changes those vectors: the encoder's identity (full weights hash or hub
revision, name, tokenizer hash), the device type and dtype it runs in, torch and transformers versions, the layer,
the window, overlap and truncation settings, the punctuation filter, and the exact context and code strings. An
encoder with neither a weights hash nor a revision cannot be cached (its versions cannot be told apart).

Storage: one SQLite file (``embeddings.sqlite3`` in the cache folder) in WAL mode. Each batch of new entries is one
transaction, so an interrupted run leaves only whole entries (a torn write is rolled back, never read); each entry
also carries a CRC32 of its bytes, checked on read (a corrupted entry is dropped and recomputed). Several processes
may share a folder (SQLite's locking). With ``max_bytes``, the least recently used entries are evicted after writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, final

import numpy as np

from codebertscore.errors import ArgumentError

#: bump when the stored layout or the meaning of a key changes
FORMAT_VERSION = 1
FILE_NAME = "embeddings.sqlite3"
_DTYPES = {"float32": np.float32, "float16": np.float16}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    key BLOB PRIMARY KEY,
    n INTEGER NOT NULL,
    dim INTEGER NOT NULL,
    dtype TEXT NOT NULL,
    ids BLOB NOT NULL,
    data BLOB NOT NULL,
    crc INTEGER NOT NULL,
    used REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS vectors_used ON vectors(used);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Entry:
    """One cached (text, layer): matched token ids (n,) int64 and unit-norm vectors (n, dim) float32."""

    ids: np.ndarray
    vectors: np.ndarray


def settings_fingerprint(settings: Mapping[str, Any]) -> str:
    """Canonical JSON of the settings that change cached vectors (sorted keys; the cache hashes it into each key)."""
    return json.dumps({"format": FORMAT_VERSION, **settings}, sort_keys=True, separators=(",", ":"))


def entry_key(fingerprint: str, layer: int, context: str | None, code: str) -> bytes:
    """sha256 of (settings fingerprint, layer, context, code): the key of one cached (text, layer)."""
    h = hashlib.sha256()
    h.update(fingerprint.encode("utf-8"))
    h.update(b"\x00")
    h.update(json.dumps([int(layer), context, code], ensure_ascii=False).encode("utf-8"))
    return h.digest()


def _crc(ids: bytes, data: bytes) -> int:
    return zlib.crc32(data, zlib.crc32(ids))


@final
class EmbeddingCache:
    """A folder holding cached token vectors (see the module docstring).

    Args:
        folder: where the SQLite file lives (created if missing).
        max_bytes: evict least recently used entries once the stored vectors and ids exceed this many bytes
            (None: unbounded).
        dtype: "float32" (exact: scores equal to uncached ones within 1e-6) or "float16" (half the size).
    """

    def __init__(self, folder: str | Path, *, max_bytes: int | None = None, dtype: str = "float32") -> None:
        if dtype not in _DTYPES:
            raise ArgumentError(f"cache dtype: expected 'float32' or 'float16', got {dtype!r}")
        if max_bytes is not None and (not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes < 1):
            raise ArgumentError(f"cache max_bytes: expected a positive integer or None, got {max_bytes!r}")
        self.folder = Path(folder).expanduser()
        if self.folder.exists() and not self.folder.is_dir():
            raise ArgumentError(f"cache folder: {self.folder} exists and is not a folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / FILE_NAME
        self.max_bytes = max_bytes
        self.dtype = dtype
        self.hits = 0
        self.misses = 0
        self.written = 0
        self.evicted = 0
        self.dropped = 0  # entries that failed their integrity check
        try:
            self._db = sqlite3.connect(str(self.path), timeout=120.0, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: atomic commits, no fsync on each one
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta(name, value) VALUES ('format', ?)", (str(FORMAT_VERSION),))
            self._db.execute("INSERT OR IGNORE INTO meta(name, value) VALUES ('bytes', '0')")
        except sqlite3.DatabaseError as exc:
            raise ArgumentError(f"cache folder: {self.path} is not a usable cache ({exc})") from exc
        stored = self._db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()[0]
        if stored != str(FORMAT_VERSION):
            raise ArgumentError(f"cache folder: {self.path} has format {stored}; this version writes {FORMAT_VERSION}")

    # -- reading -------------------------------------------------------------------------------------------------
    def get_many(self, keys: Sequence[bytes], expected_ids: Sequence[np.ndarray] | None = None) -> list[Entry | None]:
        """The entries of ``keys`` (None where missing). With ``expected_ids``, an entry whose token ids differ is a
        miss (and is dropped): cached vectors never meet the wrong tokens."""
        found: dict[bytes, tuple[Any, ...]] = {}
        step = 500  # SQLite's bound-parameter limit is 999 in old builds
        for s in range(0, len(keys), step):
            part = list(dict.fromkeys(keys[s : s + step]))
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT key, n, dim, dtype, ids, data, crc FROM vectors WHERE key IN ({marks})", part
            ).fetchall()
            found.update((bytes(r[0]), r[1:]) for r in rows)
        out: list[Entry | None] = []
        bad: list[bytes] = []
        used: list[bytes] = []
        for i, key in enumerate(keys):
            row = found.get(key)
            entry = None if row is None else self._decode(row)
            if entry is not None and expected_ids is not None and not np.array_equal(entry.ids, expected_ids[i]):
                entry = None
            if row is not None and entry is None:
                bad.append(key)
            if entry is None:
                self.misses += 1
            else:
                self.hits += 1
                used.append(key)
            out.append(entry)
        if bad:
            self.dropped += len(bad)
            self._delete(bad)
        if used and self.max_bytes is not None:  # recency only matters when something may be evicted
            now = time.time()
            with self._transaction():
                self._db.executemany("UPDATE vectors SET used = ? WHERE key = ?", [(now, k) for k in set(used)])
        return out

    @staticmethod
    def _decode(row: tuple[Any, ...]) -> Entry | None:
        n, dim, dtype, ids_b, data_b, crc = row
        ids_b, data_b = bytes(ids_b), bytes(data_b)
        np_dtype = _DTYPES.get(dtype)
        if np_dtype is None or _crc(ids_b, data_b) != crc:
            return None
        if len(ids_b) != 8 * n or len(data_b) != n * dim * np.dtype(np_dtype).itemsize:
            return None
        ids = np.frombuffer(ids_b, dtype="<i8").astype(np.int64)
        vecs = np.frombuffer(data_b, dtype=np.dtype(np_dtype).newbyteorder("<")).reshape(n, dim).astype(np.float32)
        if np_dtype is np.float16 and n:  # re-normalise after the rounding to half precision
            vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return Entry(ids=ids, vectors=vecs)

    # -- writing -------------------------------------------------------------------------------------------------
    def put_many(self, items: Iterable[tuple[bytes, np.ndarray, np.ndarray]]) -> int:
        """Store (key, token ids (n,), vectors (n, dim)) entries in one transaction; returns how many were new."""
        rows = []
        np_dtype = np.dtype(_DTYPES[self.dtype]).newbyteorder("<")
        now = time.time()
        for key, ids, vecs in items:
            ids_a = np.ascontiguousarray(ids, dtype="<i8")
            v = np.ascontiguousarray(np.asarray(vecs), dtype=np_dtype)
            if v.ndim != 2 or v.shape[0] != ids_a.shape[0]:
                raise ValueError(f"cache entry: expected vectors (n, dim) for n={ids_a.shape[0]} ids, got {v.shape}")
            ids_b, data_b = ids_a.tobytes(), v.tobytes()
            rows.append((key, int(v.shape[0]), int(v.shape[1]), self.dtype, ids_b, data_b, _crc(ids_b, data_b), now))
        if not rows:
            return 0
        with self._transaction():  # BEGIN IMMEDIATE: no other writer between the check and the insert
            present = self._existing([r[0] for r in rows])
            fresh = list({r[0]: r for r in rows if r[0] not in present}.values())
            self._db.executemany(
                "INSERT INTO vectors(key, n, dim, dtype, ids, data, crc, used) VALUES (?,?,?,?,?,?,?,?)", fresh
            )
            added = sum(len(r[4]) + len(r[5]) for r in fresh)
            self._db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE name = 'bytes'", (added,))
        self.written += len(fresh)
        if self.max_bytes is not None and self.size_bytes() > self.max_bytes:
            self._evict()
        return len(fresh)

    def _existing(self, keys: Sequence[bytes]) -> set[bytes]:
        present: set[bytes] = set()
        for s in range(0, len(keys), 500):
            part = list(keys[s : s + 500])
            marks = ",".join("?" * len(part))
            present.update(
                bytes(r[0]) for r in self._db.execute(f"SELECT key FROM vectors WHERE key IN ({marks})", part)
            )
        return present

    def _recount(self) -> int:
        row = self._db.execute("SELECT COALESCE(SUM(length(ids) + length(data)), 0) FROM vectors").fetchone()
        return int(row[0])

    def _delete(self, keys: Sequence[bytes]) -> None:
        with self._transaction():
            self._db.executemany("DELETE FROM vectors WHERE key = ?", [(k,) for k in keys])
            self._db.execute("UPDATE meta SET value = ? WHERE name = 'bytes'", (str(self._recount()),))

    def _evict(self) -> None:
        """Drop least recently used entries until the store is at most 90% of ``max_bytes``."""
        target = int((self.max_bytes or 0) * 0.9)
        with self._transaction():
            size = self._recount()
            victims: list[bytes] = []
            for key, nbytes in self._db.execute("SELECT key, length(ids) + length(data) FROM vectors ORDER BY used"):
                if size <= target:
                    break
                victims.append(bytes(key))
                size -= int(nbytes)
            self._db.executemany("DELETE FROM vectors WHERE key = ?", [(k,) for k in victims])
            self._db.execute("UPDATE meta SET value = ? WHERE name = 'bytes'", (str(size),))
        self.evicted += len(victims)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (nothing half-written is ever visible)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- housekeeping --------------------------------------------------------------------------------------------
    def size_bytes(self) -> int:
        """Bytes of stored vectors and ids (the SQLite file is somewhat larger)."""
        return int(self._db.execute("SELECT value FROM meta WHERE name = 'bytes'").fetchone()[0])

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def stats(self) -> dict[str, Any]:
        """Counts of this session (hits, misses, written, evicted, dropped) and the store's size."""
        return {
            "folder": str(self.folder), "entries": len(self), "bytes": self.size_bytes(), "dtype": self.dtype,
            "max_bytes": self.max_bytes, "hits": self.hits, "misses": self.misses, "written": self.written,
            "evicted": self.evicted, "dropped": self.dropped,
        }

    def close(self) -> None:
        try:
            self._db.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["FILE_NAME", "FORMAT_VERSION", "EmbeddingCache", "Entry", "entry_key", "settings_fingerprint"]


def open_cache(
    cache_dir: str | Path | EmbeddingCache | None, max_bytes: int | None, dtype: str
) -> EmbeddingCache | None:
    """A scorer's ``cache_dir`` argument as a cache (opened from a folder path when given one), or None."""
    if cache_dir is None:
        return None
    if isinstance(cache_dir, EmbeddingCache):
        return cache_dir
    if isinstance(cache_dir, (str, Path)):
        return EmbeddingCache(cache_dir, max_bytes=max_bytes, dtype=dtype)
    raise ArgumentError(f"cache_dir: expected a folder path or an EmbeddingCache, got {type(cache_dir).__name__}")
