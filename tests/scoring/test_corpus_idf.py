"""The shipped corpus idf tables: what the index says matches the files, idf="corpus" picks the scorer's language's
table (its hash in the signature), Go (not in the corpus) scores without idf and says so, and a table is never used
with another tokenizer."""

from __future__ import annotations

import gzip
import json
import warnings

import pytest

from codebertscore.errors import ArgumentError
from codebertscore.scoring import corpus_idf
from codebertscore.scoring.idf import IdfTable


def test_the_index_matches_the_shipped_files():
    idx = corpus_idf.index()
    assert idx["tables"], "no shipped table"
    for t in idx["tables"]:
        table = IdfTable.load(corpus_idf._FOLDER / t["file"])
        assert table.sha256 == t["sha256"] and table.tokenizer_sha256 == t["tokenizer_sha256"]
        assert table.n_docs == t["n_docs"] and len(table.df) == t["n_token_ids"]
        assert table.tokenizer == "all-MiniLM-L6-v2" and "/" not in table.tokenizer
        assert (corpus_idf._FOLDER / t["file"]).stat().st_size < 200_000  # small enough to ship
    assert "python" in corpus_idf.corpus_languages()
    assert "go" not in corpus_idf.corpus_languages() and corpus_idf.missing_reason("go")


def test_gzip_tables_round_trip_reproducibly(tmp_path):
    t = IdfTable(n_docs=3, df={5: 1, 7: 3}, tokenizer="tok", tokenizer_sha256="ab" * 32, source="s")
    a, b = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    t.save(a)
    t.save(b)
    assert a.read_bytes() == b.read_bytes()  # no timestamp in the gzip header
    assert json.loads(gzip.decompress(a.read_bytes()))["n_docs"] == 3
    back = IdfTable.load(a)
    assert back.sha256 == t.sha256 and dict(back.df) == {5: 1, 7: 3}


def test_idf_corpus_uses_the_language_table_with_its_hash_in_the_signature(minilm_path: str):
    from codebertscore import CodeBERTScorer

    py = next(t for t in corpus_idf.index()["tables"] if t["lang"] == "python")
    s = CodeBERTScorer(lang="python", idf="corpus")
    assert s.idf_table is not None and s.idf_table.sha256 == py["sha256"]
    r = s.score(cands=["return a + b"], refs=["return b + a"])
    assert f"idf:table:{py['sha256'][:12]}" in r.signature.format()
    named = CodeBERTScorer(model=minilm_path, layer=3, idf="corpus:py")
    assert named.idf_table is s.idf_table
    # the table weighs rare tokens more than common ones
    tok = s.encoder.tokenize(["self zygote"])[0][0]
    w = s.idf_table.weights(tok)
    assert w[0] < w[-1]


def test_idf_corpus_for_go_scores_without_idf_and_says_so(minilm_path: str):
    from codebertscore import CodeBERTScorer

    with pytest.warns(UserWarning, match="no corpus idf table for go"):
        s = CodeBERTScorer(lang="go", idf="corpus")
    r = s.score(cands=["x := 1"], refs=["y := 2"])
    assert "idf:no" in r.signature.format() and any("no corpus idf table for go" in n for n in r.notes)
    # never idf from the call instead
    again = s.score_layers(cands=["x := 1"], refs=["y := 2"], layers=[3], idf=True)[3]
    assert "idf:no" in again.signature.format()


def test_idf_corpus_refuses_other_tokenizers_and_a_missing_language(tiny_roberta_path: str, minilm_path: str):
    from codebertscore import CodeBERTScorer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ArgumentError, match="idf: the shipped corpus idf tables are for the tokenizer of"):
            CodeBERTScorer(model=tiny_roberta_path, layer=1, idf="corpus:python")
    with pytest.raises(ArgumentError, match="needs a language"):
        CodeBERTScorer(model=minilm_path, layer=1, idf="corpus")


def test_the_metric_takes_idf_corpus_and_never_falls_back_to_refs():
    import numpy as np

    from codebertscore.baselines.codebertscore import CodeBERTScoreMetric

    cands, refs = ["x := a < b", "x := a > b"], [["x := a > b"], ["x := a > b"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        go = CodeBERTScoreMetric(lang="go", idf="corpus", layer=3, F="R")
        plain = CodeBERTScoreMetric(lang="go", idf="no", layer=3, F="R")
        np.testing.assert_array_equal(go.score(cands, refs), plain.score(cands, refs))
        assert "idf:no" in go.signature()
        py = CodeBERTScoreMetric(lang="python", idf="corpus", layer=3, F="R", token_filter="operators")
        assert "idf:table:" in py.signature() and "punc:operators" in py.signature()
    with pytest.raises(ArgumentError, match="token_filter"):
        CodeBERTScoreMetric(lang="python", token_filter="ops")
