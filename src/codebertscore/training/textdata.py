"""Tokenisation for training: special tokens, batch encoding, sequence packing, a new byte-level BPE tokenizer,
and the table of tokens that CodeBERTScore matches.

Encoding uses the Rust ``tokenizers`` library directly (its batch encoding runs on all cores), on a copy of the
model's tokenizer with truncation and padding switched off (all-MiniLM-L6-v2's tokenizer.json, for instance,
truncates to 128 tokens by default).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from codebertscore.errors import ArgumentError

#: RoBERTa's special tokens, in the id order a new tokenizer gets (0..4)
ROBERTA_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


@dataclass(frozen=True)
class TokenizerInfo:
    """What training needs to know about a tokenizer."""

    vocab_size: int
    prefix_ids: tuple[int, ...]  # special ids before a single text (e.g. [CLS] / <s>)
    suffix_ids: tuple[int, ...]  # special ids after it (e.g. [SEP] / </s>)
    sep_id: int  # put between packed documents
    pad_id: int
    mask_id: int
    special_ids: tuple[int, ...]


def tokenizer_info(hf_tokenizer: Any) -> TokenizerInfo:
    """Special tokens of a transformers fast tokenizer (the frame is found by encoding a probe text)."""
    bare = list(hf_tokenizer("a", add_special_tokens=False)["input_ids"])
    framed = list(hf_tokenizer("a", add_special_tokens=True)["input_ids"])
    prefix: list[int] = []
    suffix: list[int] = []
    for start in range(len(framed) - len(bare) + 1):
        if framed[start:start + len(bare)] == bare:
            prefix, suffix = framed[:start], framed[start + len(bare):]
            break
    mask_id = hf_tokenizer.mask_token_id
    if mask_id is None:
        raise ArgumentError("tokenizer: it has no mask token; masked-LM training needs one")
    pad_id = hf_tokenizer.pad_token_id if hf_tokenizer.pad_token_id is not None else 0
    sep = hf_tokenizer.sep_token_id if hf_tokenizer.sep_token_id is not None else hf_tokenizer.eos_token_id
    if sep is None:
        sep = suffix[-1] if suffix else pad_id
    return TokenizerInfo(
        vocab_size=len(hf_tokenizer),
        prefix_ids=tuple(prefix),
        suffix_ids=tuple(suffix),
        sep_id=int(sep),
        pad_id=int(pad_id),
        mask_id=int(mask_id),
        special_ids=tuple(sorted(int(i) for i in hf_tokenizer.all_special_ids)),
    )


def backend_copy(hf_tokenizer: Any) -> Any:
    """A copy of the Rust tokenizer behind ``hf_tokenizer``, with truncation and padding off."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(hf_tokenizer.backend_tokenizer.to_str())
    tok.no_truncation()
    tok.no_padding()
    return tok


def encode_texts(backend: Any, texts: Sequence[str], batch_size: int = 2048) -> list[np.ndarray]:
    """Token ids (no special tokens) of each text, as int32 arrays; batches run on all cores."""
    out: list[np.ndarray] = []
    for i in range(0, len(texts), batch_size):
        encs = backend.encode_batch(list(texts[i:i + batch_size]), add_special_tokens=False)
        out.extend(np.asarray(e.ids, dtype=np.int32) for e in encs)
    return out


def pack_sequences(
    token_arrays: Iterable[np.ndarray],
    seq_len: int,
    info: TokenizerInfo,
    max_tokens: int | None = None,
) -> np.ndarray:
    """Pack documents into rows of exactly ``seq_len`` tokens: prefix + chunk + suffix, documents joined by the
    separator. The last incomplete chunk is dropped. Returns (N, seq_len) int32."""
    body = seq_len - len(info.prefix_ids) - len(info.suffix_ids)
    if body < 8:
        raise ArgumentError(f"seq_len: {seq_len} leaves {body} tokens between the special tokens; expected >= 8")
    sep = np.asarray([info.sep_id], dtype=np.int32)
    parts: list[np.ndarray] = []
    total = 0
    for arr in token_arrays:
        if arr.size == 0:
            continue
        parts.append(arr)
        parts.append(sep)
        total += arr.size + 1
        if max_tokens is not None and total >= max_tokens:
            break
    if not parts:
        return np.zeros((0, seq_len), dtype=np.int32)
    stream = np.concatenate(parts)
    if max_tokens is not None:
        stream = stream[:max_tokens]
    n = stream.size // body
    chunks = stream[: n * body].reshape(n, body)
    pre = np.broadcast_to(np.asarray(info.prefix_ids, dtype=np.int32), (n, len(info.prefix_ids)))
    suf = np.broadcast_to(np.asarray(info.suffix_ids, dtype=np.int32), (n, len(info.suffix_ids)))
    return np.ascontiguousarray(np.concatenate([pre, chunks, suf], axis=1))


def frame(ids: np.ndarray, info: TokenizerInfo, max_len: int) -> np.ndarray:
    """prefix + ids (cut to fit) + suffix, as int32."""
    room = max_len - len(info.prefix_ids) - len(info.suffix_ids)
    return np.concatenate([
        np.asarray(info.prefix_ids, dtype=np.int32),
        ids[:room].astype(np.int32),
        np.asarray(info.suffix_ids, dtype=np.int32),
    ])


def content_table(hf_tokenizer: Any, size: int) -> np.ndarray:
    """(size,) bool: True for the token ids CodeBERTScore would match — not special, and (with its default
    ``no_punc``) not only punctuation or whitespace — judged on each token's decoded surface text."""
    from codebertscore.scoring.prepare import is_punct_or_space

    backend = hf_tokenizer.backend_tokenizer
    specials = set(int(i) for i in hf_tokenizer.all_special_ids)
    table = np.zeros(size, dtype=bool)
    vocab_n = min(size, backend.get_vocab_size(with_added_tokens=True))
    for i in range(vocab_n):
        if i in specials:
            continue
        piece = backend.id_to_token(i)
        if piece is None:
            continue
        surface = backend.decode([i], skip_special_tokens=False)
        if piece.startswith("##"):
            surface = piece[2:]
        table[i] = not is_punct_or_space(surface)
    return table


def train_bpe_tokenizer(texts: Iterable[str], vocab_size: int, min_frequency: int = 2) -> Any:
    """A byte-level BPE tokenizer (RoBERTa-style special tokens ``<s> <pad> </s> <unk> <mask>`` = ids 0..4)
    trained on ``texts``; offsets are trimmed of the leading space, as RoBERTa's are."""
    from tokenizers import (
        Tokenizer,
        decoders,
        models,
        pre_tokenizers,
        processors,
        trainers,
    )

    if vocab_size < 300:
        raise ArgumentError(f"vocab_size: expected at least 300 (256 bytes + specials + merges), got {vocab_size}")
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=list(ROBERTA_SPECIALS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    tok.post_processor = processors.RobertaProcessing(
        ("</s>", 2), ("<s>", 0), trim_offsets=True, add_prefix_space=False
    )
    return tok


def roberta_special_tokens() -> dict[str, str]:
    return {"bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>", "unk_token": "<unk>",
            "pad_token": "<pad>", "mask_token": "<mask>"}
