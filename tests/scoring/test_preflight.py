"""The settings checks that need no encoder (scoring.preflight), without argparse; the model facts read from a
folder's config.json (models.spec.config_limits)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codebertscore.errors import ArgumentError, InputError
from codebertscore.models.spec import config_limits, max_tokens
from codebertscore.scoring.preflight import check_scorer_settings


def test_config_limits_of_the_minilm_folder(minilm_path: str):
    assert config_limits(Path(minilm_path)) == (6, 512)  # 6 layers; 512 positions, tokenizer max 512


def test_config_limits_of_a_folder_without_config(tmp_path: Path):
    assert config_limits(tmp_path) is None


@pytest.mark.parametrize("config,tok,expected", [
    ({"model_type": "bert", "max_position_embeddings": 512}, None, 512),
    ({"model_type": "roberta", "max_position_embeddings": 514, "pad_token_id": 1}, None, 512),  # 514 - (1 + 1)
    ({"model_type": "bert", "max_position_embeddings": 512}, 128, 128),
    ({"model_type": "bert", "max_position_embeddings": 512}, 10**30, 512),  # "no limit" sentinel of tokenizers
])
def test_max_tokens(config: dict, tok: int | None, expected: int):
    assert max_tokens(config, tok) == expected


@pytest.mark.parametrize("kwargs,error,message", [
    ({"layer": 7}, ArgumentError, "has layers 0..6, got 7"),
    ({"layers": [2, 9]}, ArgumentError, "got 9"),
    ({"window": 513}, ArgumentError, "maximum of 512"),
    ({"overlap": 1.0}, ArgumentError, "overlap"),
    ({"headline": "F2"}, ArgumentError, "headline"),
    ({"idf": "nope.json"}, InputError, "no such idf table file"),
    ({"rescale": "nope.json"}, InputError, "no such baseline table file"),
])
def test_refused_settings(minilm_path: str, tmp_path: Path, monkeypatch, kwargs: dict, error: type, message: str):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=message):
        check_scorer_settings(model=minilm_path, **{"layer": 4, **kwargs})


def test_language_checked_and_good_settings_pass(minilm_path: str):
    with pytest.raises(ArgumentError, match="kotlin"):
        check_scorer_settings(lang="kotlin")
    check_scorer_settings(model=minilm_path, layer=6, window=512, layers=[0, 6], device="cpu")


def test_rescale_table_must_hold_the_setting_when_context_is_known(minilm_path: str, tmp_path: Path):
    table = tmp_path / "b.json"
    entry = {"layer": 4, "idf": False, "no_punc": True, "context": False, "n_pairs": 10,
             "P": 0.5, "R": 0.5, "F1": 0.5, "F3": 0.5}
    table.write_text(json.dumps({"format": "codebertscore-baseline/1", "model": "m", "model_ident": "",
                                 "entries": [entry]}))
    check_scorer_settings(model=minilm_path, token_filter="paper", layer=4, rescale=table, context=False)
    check_scorer_settings(model=minilm_path, token_filter="paper",
        layer=4, rescale=table)  # context unknown: left to the scorer
    with pytest.raises(ArgumentError, match="no baseline for layer=4 idf=False token_filter=paper context=True"):
        check_scorer_settings(model=minilm_path, token_filter="paper", layer=4, rescale=table, context=True)
    with pytest.raises(ArgumentError, match="no baseline for layer=4 idf=True"):
        check_scorer_settings(model=minilm_path, token_filter="paper", layer=4, rescale=table, context=False, idf=True)
    with pytest.raises(ArgumentError, match="no baseline for layer=4 idf=True"):  # the shipped python table
        check_scorer_settings(model=minilm_path, token_filter="paper",
            lang="python", layer=4, rescale=table, context=False, idf="corpus")
    # Go has no corpus table: scored without idf, so the no-idf entry is the one looked up
    check_scorer_settings(model=minilm_path, token_filter="paper",
        lang="go", layer=4, rescale=table, context=False, idf="corpus")
    check_scorer_settings(model=minilm_path, layer=4, rescale=table, context=False, token_filter="paper")
    with pytest.raises(ArgumentError, match="no baseline for layer=4 idf=False token_filter=none"):
        check_scorer_settings(model=minilm_path, layer=4, rescale=table, context=False, token_filter="none")
    with pytest.raises(ArgumentError, match="no baseline for layer=4 idf=False token_filter=operators"):
        check_scorer_settings(model=minilm_path, layer=4, rescale=table, context=False, token_filter="operators")


def test_corpus_idf_and_token_filters_are_checked_before_the_model_loads(minilm_path: str):
    with pytest.raises(ArgumentError, match="idf: 'corpus' needs a language"):
        check_scorer_settings(model=minilm_path, layer=4, idf="corpus")
    with pytest.raises(ArgumentError, match="token_filter"):
        check_scorer_settings(model=minilm_path, layer=4, token_filter="nope")
    with pytest.raises(ArgumentError, match="no_punc=True contradicts token_filter='none'"):
        check_scorer_settings(model=minilm_path, layer=4, token_filter="none", no_punc=True)
    check_scorer_settings(model=minilm_path, lang="python", layer=4, idf="corpus:java", token_filter="operators")


def test_scorer_refuses_a_baseline_of_another_model_when_built(minilm_path: str, tmp_path: Path):
    from codebertscore import CodeBERTScorer

    table = tmp_path / "b.json"
    entry = {"layer": 4, "idf": False, "no_punc": True, "context": False, "n_pairs": 10,
             "P": 0.5, "R": 0.5, "F1": 0.5, "F3": 0.5}
    table.write_text(json.dumps({"format": "codebertscore-baseline/1", "model": "other",
                                 "model_ident": "sha256:000000000000", "entries": [entry]}))
    with pytest.raises(ArgumentError, match="measured for other"):
        CodeBERTScorer(model=minilm_path, layer=4, rescale=table)
