"""A cache of per-pair metric scores: (metric signature, data hash) -> scores, as JSON files.

Meta-evaluation runs the same baselines over the same data again and again (another model, another layer); the
baselines' scores do not change, so they are kept. The key is the metric's full signature (tokeniser, options,
library version) and a hash of everything the metric sees (candidates, references, contexts, language), so a
cache hit can only return the numbers the metric would compute. Entries are plain JSON (no pickles), written
atomically; a corrupt or mismatching entry is ignored and recomputed.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from codebertscore.baselines.base import default_cache_dir
from codebertscore.errors import ArgumentError

__all__ = ["ScoreCache", "data_hash", "default_cache_dir"]

_FORMAT = "codebertscore-metric-scores/1"


def data_hash(
    cands: Sequence[str], refs: Sequence[Sequence[str]], sources: Sequence[str] | None, lang: str | None
) -> str:
    """sha256 of the exact inputs a metric sees (order included), as hex."""
    h = hashlib.sha256()
    payload = {
        "cands": list(cands),
        "refs": [list(r) for r in refs],
        "sources": None if sources is None else list(sources),
        "lang": lang,
    }
    h.update(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return h.hexdigest()


class ScoreCache:
    """Scores on disk under ``directory/metric-scores``; ``ScoreCache(None)`` caches nothing."""

    def __init__(self, directory: str | os.PathLike[str] | None) -> None:
        self.directory = None if directory is None else Path(directory).expanduser() / "metric-scores"
        self.hits = 0
        self.misses = 0

    def _path(self, signature: str, dhash: str) -> Path:
        assert self.directory is not None
        key = hashlib.sha256(f"{signature}\n{dhash}".encode()).hexdigest()
        return self.directory / key[:2] / f"{key}.json"

    def get(self, signature: str, dhash: str, n: int) -> np.ndarray | None:
        """The cached scores for this metric and data, or None (also for an unreadable or mismatching entry)."""
        if self.directory is None:
            return None
        path = self._path(signature, dhash)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.misses += 1
            return None
        ok = (
            isinstance(entry, dict)
            and entry.get("format") == _FORMAT
            and entry.get("signature") == signature
            and entry.get("data_hash") == dhash
            and isinstance(entry.get("scores"), list)
            and len(entry["scores"]) == n
        )
        if not ok:
            self.misses += 1
            return None
        self.hits += 1
        return np.array([math.nan if x is None else float(x) for x in entry["scores"]], dtype=np.float64)

    def put(self, signature: str, dhash: str, scores: np.ndarray) -> None:
        """Store scores (floats round-trip exactly through JSON; NaN is stored as null)."""
        if self.directory is None:
            return
        if scores.ndim != 1:
            raise ArgumentError(f"scores: expected a 1-D array, got shape {scores.shape}")
        path = self._path(signature, dhash)
        path.parent.mkdir(parents=True, exist_ok=True)
        values = [None if not math.isfinite(float(x)) else float(x) for x in scores]
        entry = {"format": _FORMAT, "signature": signature, "data_hash": dhash, "scores": values}
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(tmp, path)
