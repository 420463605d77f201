"""Fixtures for the training tests: a tiny hand-written corpus and a tiny RoBERTa-style model built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.training.training_snippets import C_DOC, CPP_DOC, JAVA_DOC, JS_DOC, PY_DOC


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of source files (several copies with small changes, so that MLM has enough sequences)."""
    root = tmp_path_factory.mktemp("tiny_corpus")
    sources = {"py": PY_DOC, "java": JAVA_DOC, "js": JS_DOC, "cpp": CPP_DOC, "c": C_DOC}
    for i in range(6):
        for ext, text in sources.items():
            sub = root / f"pkg{i}"
            sub.mkdir(exist_ok=True)
            (sub / f"file{i}.{ext}").write_text(text.replace("total", f"total{i}"), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, tiny_corpus: Path) -> Path:
    """A 2-layer RoBERTa (hidden 32) with a byte-level BPE tokenizer trained on the tiny corpus, saved as a folder."""
    import torch

    from codebertscore.models.hf import (
        build_training_encoder,
        save_tokenizer,
        save_training_encoder,
        wrap_tokenizer,
    )
    from codebertscore.training.corpus import read_corpus
    from codebertscore.training.textdata import (
        roberta_special_tokens,
        tokenizer_info,
        train_bpe_tokenizer,
    )

    folder = tmp_path_factory.mktemp("tiny_model")
    texts = [d.text for docs in read_corpus(tiny_corpus).values() for d in docs]
    bpe = train_bpe_tokenizer(texts, vocab_size=400)
    tok = wrap_tokenizer(bpe, roberta_special_tokens(), model_max_length=126)
    info = tokenizer_info(tok)
    torch.manual_seed(0)
    enc = build_training_encoder({
        "model_type": "roberta", "vocab_size": info.vocab_size, "hidden_size": 32, "num_hidden_layers": 2,
        "num_attention_heads": 2, "intermediate_size": 64, "max_position_embeddings": 128, "type_vocab_size": 1,
        "pad_token_id": info.pad_id, "bos_token_id": 0, "eos_token_id": 2,
    })
    save_training_encoder(enc, folder, torch.float32)
    save_tokenizer(tok, folder)
    return folder
