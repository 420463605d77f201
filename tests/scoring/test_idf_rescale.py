"""idf tables and rescaling tables: hand-computed values, persistence, and refusal of mismatched tables."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from codebertscore import CodeBERTScorer
from codebertscore.errors import ArgumentError, InputError
from codebertscore.scoring.idf import IdfTable, build_idf_table
from codebertscore.scoring.rescale import BaselineEntry, BaselineTable, measure_baseline, sample_snippets


def test_idf_by_hand():
    table = IdfTable.from_token_ids([[1, 2, 2], [2, 3], [2]])
    assert table.n_docs == 3 and dict(table.df) == {1: 1, 2: 3, 3: 1}
    assert table.idf(2) == pytest.approx(math.log(4 / 4))  # in every document: 0
    assert table.idf(1) == pytest.approx(math.log(4 / 2))
    assert table.idf(99) == pytest.approx(math.log(4 / 1))  # never seen
    assert table.weights(np.array([1, 2, 99])).tolist() == pytest.approx([math.log(2), 0.0, math.log(4)])


def test_idf_save_load_roundtrip_and_hash(tmp_path):
    table = IdfTable.from_token_ids([[5, 6], [6]], tokenizer="tok", tokenizer_sha256="ab" * 32, source="test")
    path = tmp_path / "idf.json"
    table.save(path)
    data = json.loads(path.read_text())
    assert data["format"] == "codebertscore-idf/1" and data["df"] == {"5": 1, "6": 2}
    back = IdfTable.load(path)
    assert back.sha256 == table.sha256 and back.idf(5) == table.idf(5)
    other = IdfTable.from_token_ids([[5, 6], [5]], tokenizer_sha256="ab" * 32)
    assert other.sha256 != table.sha256


@pytest.mark.parametrize("content,match", [
    ("not json", "not a JSON idf table"),
    ('{"format": "other"}', "not a codebertscore idf table"),
    ('{"format": "codebertscore-idf/1", "n_docs": 2}', "malformed"),
])
def test_idf_load_errors(tmp_path, content, match):
    p = tmp_path / "bad.json"
    p.write_text(content)
    with pytest.raises(InputError, match=match):
        IdfTable.load(p)
    with pytest.raises(InputError, match="no such idf table"):
        IdfTable.load(tmp_path / "missing.json")


def test_idf_table_for_another_tokenizer_is_refused(minilm_path, tiny_roberta_path, tmp_path):
    table = build_idf_table(["def f(x): return x"], model=tiny_roberta_path)
    with pytest.raises(ArgumentError, match="idf: the table was built for tokenizer"):
        CodeBERTScorer(model=minilm_path, layer=4, idf=table)


def test_idf_table_path_used_and_in_signature(minilm_path, tmp_path):
    table = build_idf_table(["return a + b", "return a * b", "x = 1"], model=minilm_path, source="three docs")
    assert table.n_docs == 3 and table.tokenizer_sha256
    path = tmp_path / "t.json"
    table.save(path)
    res = CodeBERTScorer(model=minilm_path, layer=4, idf=str(path)).score(cands=["return a + b"], refs=["return b + a"])
    assert res.signature.idf == f"table:{table.sha256[:12]}"


def test_all_zero_idf_falls_back_to_uniform_with_a_note(minilm_path):
    # one reference: every one of its tokens is in every idf document -> idf 0 everywhere
    s = CodeBERTScorer(model=minilm_path, layer=4, idf=True)
    res = s.score(cands=["return a + b"], refs=["return a + b"])
    assert res.F1[0] == pytest.approx(1.0, abs=1e-6)
    assert any("uniform weights" in n for n in res.notes)


def test_rescale_table_roundtrip_lookup_and_application(minilm_path, tmp_path):
    scorer = CodeBERTScorer(model=minilm_path, layer=4, token_filter="paper")
    entry = BaselineEntry(layer=4, idf=False, no_punc=True, context=False,
                          values={"P": 0.5, "R": 0.5, "F1": 0.5, "F3": 0.5}, n_pairs=10)
    table = BaselineTable(model="m", model_ident=scorer.encoder.info.ident, entries=(entry,))
    path = tmp_path / "b.json"
    table.save(path)
    loaded = BaselineTable.load(path)
    assert loaded.sha256 == table.sha256
    raw = scorer.score(cands=["return a + b"], refs=["return a - b"])
    rescaled = CodeBERTScorer(model=minilm_path, layer=4, token_filter="paper", rescale=str(path)).score(
        cands=["return a + b"], refs=["return a - b"])
    assert rescaled.F1[0] == pytest.approx((raw.F1[0] - 0.5) / 0.5)
    assert rescaled.signature.rescale.startswith("table:")
    with pytest.raises(ArgumentError, match="no baseline for layer=4 idf=False token_filter=paper context=True"):
        CodeBERTScorer(model=minilm_path, layer=4, token_filter="paper",
            rescale=loaded).score(cands=["a"], refs=["b"], sources=["c"])
    wrong = BaselineTable(model="m", model_ident="sha256:000000000000", entries=(entry,))
    with pytest.raises(ArgumentError, match="measured for m"):
        CodeBERTScorer(model=minilm_path, layer=4, token_filter="paper", rescale=wrong).score(cands=["a"], refs=["b"])


def test_measure_baseline_on_unrelated_snippets(minilm_path):
    docs = [f"def f{i}(x):\n" + "".join(f"    y{j} = x * {i + j}\n" for j in range(8)) for i in range(6)]
    docs += ["int main() {\n" + "".join(f"  int v{j} = {j};\n" for j in range(8)) + "}\n"] * 2
    assert len(sample_snippets(docs, 5, seed=1)) == 5
    scorer = CodeBERTScorer(model=minilm_path, layer=4)
    table = measure_baseline(scorer, docs, layers=[2, 4], n_pairs=20, seed=0)
    assert [e.layer for e in table.entries] == [2, 4]
    for e in table.entries:
        assert 0.0 < e.values["F1"] < 1.0 and e.n_pairs <= 20
    assert table.model_ident == scorer.encoder.info.ident


@pytest.mark.parametrize("content, message", [
    (None, "no such baseline table file"),
    ("not json", "not a JSON baseline table"),
    ('{"format": "other"}', "not a codebertscore baseline table"),
])
def test_bad_baseline_table_files_are_named(tmp_path, content, message):
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=f"rescale: .*{message}"):
        BaselineTable.load(path)


def test_a_folder_given_as_idf_table_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="idf: .*is a folder"):
        IdfTable.load(tmp_path)


def test_baseline_tables_are_keyed_by_the_token_filter(minilm_path, tmp_path):
    """An entry is looked up by its token filter's name; entries written before filters had names (no_punc only)
    stand for 'paper' (True) and 'none' (False). A table measured with the operators filter rescales that filter
    only, and survives a save/load round trip."""
    scorer = CodeBERTScorer(model=minilm_path, layer=4, token_filter="paper")
    old = BaselineEntry(layer=4, idf=False, no_punc=True, context=False,
                        values={"P": 0.5, "R": 0.5, "F1": 0.5, "F3": 0.5}, n_pairs=10)
    table = BaselineTable(model="m", model_ident=scorer.encoder.info.ident, entries=(old,))
    assert old.filter_name == "paper"
    assert table.lookup(layer=4, idf=False, token_filter="paper", context=False, model_ident="") == old.values
    with pytest.raises(ArgumentError, match="no baseline for layer=4 idf=False token_filter=operators"):
        table.lookup(layer=4, idf=False, token_filter="operators", context=False, model_ident="")
    docs = [f"def f{i}(x):\n" + "".join(f"    y{j} = x {'<' if j % 2 else '>'} {i + j}\n" for j in range(8))
            for i in range(6)]
    ops = CodeBERTScorer(model=minilm_path, layer=4, token_filter="operators")
    measured = measure_baseline(ops, docs, layers=[4], n_pairs=10)
    assert [e.filter_name for e in measured.entries] == ["operators"]
    path = tmp_path / "ops.json"
    measured.save(path)
    back = BaselineTable.load(path)
    assert back.entries[0].filter_name == "operators" and back.sha256 == measured.sha256
    rescaled = CodeBERTScorer(model=minilm_path, layer=4, token_filter="operators", rescale=back)
    assert rescaled.rescale_table is back


def test_gzip_idf_tables_that_are_damaged_are_input_errors(tmp_path):
    path = tmp_path / "t.json.gz"
    path.write_bytes(b"\x1f\x8b\x08not really gzip")
    with pytest.raises(InputError, match="idf: .*is not a JSON idf table"):
        IdfTable.load(path)
