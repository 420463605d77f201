"""The on-disk embedding cache: storage, keys, integrity, eviction, and the scorer with it (same scores, less work)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

from codebertscore import CodeBERTScorer
from codebertscore.errors import ArgumentError
from codebertscore.scoring.embedding_cache import FILE_NAME, EmbeddingCache, entry_key, settings_fingerprint
from tests.conftest import CODE_SAMPLES


def _unit(n: int, dim: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


# -- storage ------------------------------------------------------------------------------------------------------
def test_float32_round_trip_is_exact_and_survives_reopening(tmp_path):
    ids, vecs = np.array([5, 9, 2], dtype=np.int64), _unit(3, 8, 0)
    with EmbeddingCache(tmp_path) as c:
        assert c.put_many([(b"k1", ids, vecs), (b"k2", ids[:0], vecs[:0])]) == 2
    with EmbeddingCache(tmp_path) as c:
        got = c.get_many([b"k1", b"nope", b"k2"])
        assert got[1] is None and c.hits == 2 and c.misses == 1
        assert np.array_equal(got[0].ids, ids) and np.array_equal(got[0].vectors, vecs)
        assert got[2].vectors.shape == (0, 8)
        assert len(c) == 2 and c.size_bytes() == 3 * 8 + 3 * 8 * 4


def test_float16_storage_is_within_1e3_and_unit_norm(tmp_path):
    vecs = _unit(50, 64, 1)
    with EmbeddingCache(tmp_path, dtype="float16") as c:
        c.put_many([(b"k", np.arange(50), vecs)])
        got = c.get_many([b"k"])[0]
        assert c.size_bytes() == 50 * 8 + 50 * 64 * 2
    assert got.vectors.dtype == np.float32
    assert np.abs(got.vectors - vecs).max() < 1e-3
    assert np.allclose(np.linalg.norm(got.vectors, axis=1), 1.0, atol=1e-6)


def test_an_entry_never_meets_other_tokens(tmp_path):
    with EmbeddingCache(tmp_path) as c:
        c.put_many([(b"k", np.array([1, 2]), _unit(2, 4, 0))])
        assert c.get_many([b"k"], [np.array([1, 3])]) == [None]  # other token ids: a miss, and the entry is dropped
        assert c.dropped == 1 and len(c) == 0 and c.size_bytes() == 0


def test_a_corrupted_entry_is_dropped_not_read(tmp_path):
    with EmbeddingCache(tmp_path) as c:
        c.put_many([(b"k", np.array([1, 2]), _unit(2, 4, 0))])
    db = sqlite3.connect(str(tmp_path / FILE_NAME))
    blob = bytearray(db.execute("SELECT data FROM vectors").fetchone()[0])
    blob[3] ^= 0x40  # one flipped bit in a stored float
    db.execute("UPDATE vectors SET data = ?", (bytes(blob),))
    db.commit()
    db.close()
    with EmbeddingCache(tmp_path) as c:
        assert c.get_many([b"k"]) == [None] and c.dropped == 1


def test_a_write_interrupted_before_its_commit_leaves_no_entry(tmp_path):
    """A process killed inside a write transaction: the next reader sees the earlier entries and nothing torn."""
    with EmbeddingCache(tmp_path) as c:
        c.put_many([(b"before", np.array([1]), _unit(1, 4, 0))])
    script = textwrap.dedent(f"""
        import os, sqlite3
        db = sqlite3.connect({str(tmp_path / FILE_NAME)!r}, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO vectors(key, n, dim, dtype, ids, data, crc, used) VALUES (?,?,?,?,?,?,?,?)",
                   (b"torn", 1, 4, "float32", b"\\0" * 8, b"\\0" * 16, 0, 0.0))
        os._exit(1)  # killed before COMMIT
    """)
    assert subprocess.run([sys.executable, "-c", script], check=False).returncode == 1
    with EmbeddingCache(tmp_path) as c:
        got = c.get_many([b"before", b"torn"])
        assert got[0] is not None and got[1] is None and len(c) == 1


def test_repeated_puts_count_once(tmp_path):
    with EmbeddingCache(tmp_path) as c:
        item = (b"k", np.array([1, 2]), _unit(2, 4, 0))
        assert c.put_many([item, item]) == 1
        assert c.put_many([item]) == 0
        assert len(c) == 1 and c.size_bytes() == 2 * 8 + 2 * 4 * 4


def test_bounded_size_evicts_least_recently_used(tmp_path):
    entry = 10 * 8 + 10 * 16 * 4  # bytes of one entry: 10 ids + 10 x 16 float32
    with EmbeddingCache(tmp_path, max_bytes=3 * entry) as c:
        for k in (b"a", b"b", b"c"):
            c.put_many([(k, np.arange(10), _unit(10, 16, 0))])
        c.get_many([b"a"])  # a is now the most recently used
        c.put_many([(b"d", np.arange(10), _unit(10, 16, 1))])  # over the bound: evict down to 90%
        assert c.size_bytes() <= 3 * entry
        present = [k for k, e in zip((b"a", b"b", b"c", b"d"), c.get_many([b"a", b"b", b"c", b"d"])) if e is not None]
        assert b"b" not in present and b"a" in present and b"d" in present
        assert c.evicted >= 1


def test_keys_change_with_every_input():
    fp = settings_fingerprint({"weights_sha256": "x", "window": 512})
    base = entry_key(fp, 4, "ctx", "code")
    assert entry_key(fp, 4, "ctx", "code") == base
    others = [
        entry_key(fp, 3, "ctx", "code"),
        entry_key(fp, 4, None, "code"),
        entry_key(fp, 4, "", "code"),
        entry_key(fp, 4, "ctx", "code "),
        entry_key(fp, 4, "ctxcode", ""),
        entry_key(settings_fingerprint({"weights_sha256": "y", "window": 512}), 4, "ctx", "code"),
        entry_key(settings_fingerprint({"weights_sha256": "x", "window": 256}), 4, "ctx", "code"),
    ]
    assert len({base, *others}) == 1 + len(others)


def test_bad_arguments_name_the_setting(tmp_path):
    with pytest.raises(ArgumentError, match="dtype"):
        EmbeddingCache(tmp_path, dtype="int8")
    with pytest.raises(ArgumentError, match="max_bytes"):
        EmbeddingCache(tmp_path, max_bytes=0)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ArgumentError, match="not a folder"):
        EmbeddingCache(tmp_path / "file")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / FILE_NAME).write_bytes(b"not a database" * 100)
    with pytest.raises(ArgumentError, match="not a usable cache"):
        EmbeddingCache(bad)


# -- the scorer with a cache ----------------------------------------------------------------------------------------
CANDS = CODE_SAMPLES[:12]
REFS = CODE_SAMPLES[5:17]
SRCS = [f"# task {i}: do the thing\n" for i in range(12)]


class _Counter:
    """Counts the sequences the encoder runs (wraps HFEncoder.hidden_states)."""

    def __init__(self, scorer: CodeBERTScorer, fail_after: int | None = None) -> None:
        self.rows = 0
        self.calls = 0
        self.fail_after = fail_after
        self._orig = scorer.encoder.hidden_states

        def wrapped(ids, mask, layers):
            if self.fail_after is not None and self.calls >= self.fail_after:
                raise KeyboardInterrupt
            self.calls += 1
            self.rows += int(ids.shape[0])
            return self._orig(ids, mask, layers)

        scorer.encoder.hidden_states = wrapped


def _scores(res) -> np.ndarray:
    return np.stack([res.P, res.R, res.F1, res.F3], axis=1)


def test_cached_scores_equal_uncached_and_the_second_call_encodes_nothing(tiny_roberta_path, tmp_path):
    plain = CodeBERTScorer(model=tiny_roberta_path, layer=2)
    cached = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path)
    expected = _scores(plain.score(cands=CANDS, refs=REFS, sources=SRCS))
    first = _scores(cached.score(cands=CANDS, refs=REFS, sources=SRCS))
    assert np.abs(first - expected).max() <= 1e-6
    count = _Counter(cached)
    again = _scores(cached.score(cands=CANDS, refs=REFS, sources=SRCS))
    assert count.rows == 0  # every vector came from the cache
    assert np.abs(again - expected).max() <= 1e-6
    # a new scorer (another process, another day) on the same folder
    fresh = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path)
    count = _Counter(fresh)
    assert np.abs(_scores(fresh.score(cands=CANDS, refs=REFS, sources=SRCS)) - expected).max() <= 1e-6
    assert count.rows == 0 and fresh.cache.hits == 24 and fresh.cache.misses == 0


def test_adding_candidates_encodes_only_the_new_ones(tiny_roberta_path, tmp_path):
    scorer = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path, batch_size=1)
    scorer.score(cands=CANDS[:6], refs=REFS[:6])
    count = _Counter(scorer)
    new = ["def extra(x):\n    return x * 2\n", "print('new candidate')\n"]
    res = scorer.score(cands=CANDS[:6] + new, refs=REFS[:6] + REFS[:2])
    assert count.rows == 2  # batch_size=1 and two short new texts: two sequences, nothing else
    plain = CodeBERTScorer(model=tiny_roberta_path, layer=2).score(cands=CANDS[:6] + new, refs=REFS[:6] + REFS[:2])
    assert np.abs(_scores(res) - _scores(plain)).max() <= 1e-6


def test_settings_that_change_vectors_miss(tiny_roberta_path, tmp_path):
    CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path).score(cands=CANDS, refs=REFS)
    for kwargs in ({"layer": 1}, {"layer": 2, "no_punc": False}, {"layer": 2, "window": 64},
                   {"layer": 2, "overlap": 0.25}, {"layer": 2, "token_filter": "operators"}):
        other = CodeBERTScorer(model=tiny_roberta_path, cache_dir=tmp_path, **kwargs)
        count = _Counter(other)
        other.score(cands=CANDS[:2], refs=REFS[:2])
        assert count.rows > 0, kwargs
        assert other.cache.hits == 0, kwargs
    # context is part of the text: the same code with a context is another entry
    ctx = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path)
    ctx.score(cands=CANDS[:2], refs=REFS[:2], sources=SRCS[:2])
    assert ctx.cache.hits == 0


def test_several_layers_and_long_windowed_texts(tiny_roberta_path, tmp_path):
    long_code = "\n".join(CODE_SAMPLES[:10])  # several windows of the 128-token tiny model
    cands, refs = [long_code, CANDS[0]], [REFS[0], long_code]
    plain = CodeBERTScorer(model=tiny_roberta_path, layer=2).score_layers(cands=cands, refs=refs, layers=[1, 3])
    cached = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path)
    cached.score_layers(cands=cands, refs=refs, layers=[1, 3])
    count = _Counter(cached)
    again = cached.score_layers(cands=cands, refs=refs, layers=[1, 3])
    assert count.rows == 0
    for layer in (1, 3):
        assert np.abs(_scores(again[layer]) - _scores(plain[layer])).max() <= 1e-6
    # layer 3 alone is cached too (per-layer entries); layer 2 is not
    count = _Counter(cached)
    cached.score_layers(cands=cands, refs=refs, layers=[3])
    assert count.rows == 0
    cached.score_layers(cands=cands, refs=refs, layers=[2, 3])
    assert count.rows > 0


def test_an_interrupted_call_keeps_what_it_finished(tiny_roberta_path, tmp_path, monkeypatch):
    import codebertscore.scoring.encoding as encoding_module

    monkeypatch.setattr(encoding_module, "_CACHE_FLUSH_S", 0.0)  # commit after every batch
    first = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path, batch_size=4)
    _Counter(first, fail_after=3)
    with pytest.raises(KeyboardInterrupt):
        first.score(cands=CANDS, refs=REFS, sources=SRCS)
    assert len(first.cache) == 12  # three batches of four texts were committed
    second = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path, batch_size=4)
    count = _Counter(second)
    res = second.score(cands=CANDS, refs=REFS, sources=SRCS)
    assert count.rows == 24 - 12 and second.cache.hits == 12
    plain = CodeBERTScorer(model=tiny_roberta_path, layer=2).score(cands=CANDS, refs=REFS, sources=SRCS)
    assert np.abs(_scores(res) - _scores(plain)).max() <= 1e-6


def test_float16_cache_scores_within_1e3(tiny_roberta_path, tmp_path):
    plain = _scores(CodeBERTScorer(model=tiny_roberta_path, layer=2).score(cands=CANDS, refs=REFS))
    half = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path, cache_dtype="float16")
    half.score(cands=CANDS, refs=REFS)
    from_cache = _scores(half.score(cands=CANDS, refs=REFS))
    assert half.cache.misses == 10 and half.cache.hits == 10  # ten distinct texts: encoded once, then read
    assert 0 < np.abs(from_cache - plain).max() <= 1e-3


def test_empty_code_with_a_cache(tiny_roberta_path, tmp_path):
    scorer = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = scorer.score(cands=["", "()", CANDS[0]], refs=[REFS[0]] * 3)
        again = scorer.score(cands=["", "()", CANDS[0]], refs=[REFS[0]] * 3)
    assert res.F1[:2].tolist() == [0.0, 0.0] and np.array_equal(_scores(res), _scores(again))


def test_bad_cache_argument(tiny_roberta_path):
    with pytest.raises(ArgumentError, match="cache_dir"):
        CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=3)


def test_the_papers_and_the_keep_all_filter_keep_their_older_cache_keys(tiny_roberta_path, tmp_path):
    """Caches written before filters had names (keyed by no_punc alone) stay valid for 'paper' and 'none'."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        settings = {name: CodeBERTScorer(model=tiny_roberta_path, layer=2, token_filter=name).embedder.cache_settings()
                    for name in ("paper", "operators", "none")}
        by_flag = CodeBERTScorer(model=tiny_roberta_path, layer=2, no_punc=True).embedder.cache_settings()
    assert "token_filter" not in settings["paper"] and settings["paper"]["no_punc"] is True
    assert "token_filter" not in settings["none"] and settings["none"]["no_punc"] is False
    assert settings["operators"]["token_filter"] == "operators" and settings["operators"]["no_punc"] is True
    assert by_flag == settings["paper"]
    prints = {name: settings_fingerprint(s) for name, s in settings.items()}
    assert len(set(prints.values())) == 3
    # exactly the entries the settings had before filters had names (so the fingerprints are the older ones)
    assert set(settings["paper"]) == set(settings["none"]) == {
        "model", "weights_sha256", "revision", "tokenizer_sha256", "device", "dtype", "attention", "torch",
        "transformers", "window", "overlap", "truncate", "no_punc",
    }
