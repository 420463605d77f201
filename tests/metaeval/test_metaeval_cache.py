"""The metric-score cache: exact round trips, keys on everything, corrupt entries ignored."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from codebertscore.metaeval.cache import ScoreCache, data_hash, default_cache_dir


def test_round_trip_is_exact_and_nan_survives(tmp_path: Path):
    cache = ScoreCache(tmp_path)
    scores = np.array([0.1, 1 / 3, np.nextafter(0.5, 1.0), math.nan])
    cache.put("sig", "hash", scores)
    got = cache.get("sig", "hash", 4)
    assert got is not None and np.array_equal(got[:3], scores[:3]) and math.isnan(got[3])
    assert cache.hits == 1
    files = list((tmp_path / "metric-scores").rglob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text())["scores"][3] is None  # strict JSON: null, not NaN


def test_misses_on_any_difference(tmp_path: Path):
    cache = ScoreCache(tmp_path)
    cache.put("sig", "hash", np.array([1.0, 2.0]))
    assert cache.get("sig2", "hash", 2) is None
    assert cache.get("sig", "hash2", 2) is None
    assert cache.get("sig", "hash", 3) is None  # other length
    assert cache.misses == 3


def test_corrupt_entry_is_ignored(tmp_path: Path):
    cache = ScoreCache(tmp_path)
    cache.put("sig", "hash", np.array([1.0]))
    for f in (tmp_path / "metric-scores").rglob("*.json"):
        f.write_text("{broken")
    assert cache.get("sig", "hash", 1) is None


def test_no_directory_caches_nothing():
    cache = ScoreCache(None)
    cache.put("sig", "hash", np.array([1.0]))
    assert cache.get("sig", "hash", 1) is None


def test_data_hash_covers_order_refs_sources_and_language():
    base = data_hash(["a", "b"], [["r"], ["s"]], ["c", "d"], "python")
    assert base == data_hash(["a", "b"], [["r"], ["s"]], ["c", "d"], "python")
    assert base != data_hash(["b", "a"], [["r"], ["s"]], ["c", "d"], "python")
    assert base != data_hash(["a", "b"], [["r"], ["s", "t"]], ["c", "d"], "python")
    assert base != data_hash(["a", "b"], [["r"], ["s"]], None, "python")
    assert base != data_hash(["a", "b"], [["r"], ["s"]], ["c", "d"], "java")


def test_default_cache_dir_follows_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("CODEBERTSCORE_CACHE", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("CODEBERTSCORE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "codebertscore"
