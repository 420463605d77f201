"""The one module that talks to ``transformers``.

Everything else in the package sees an encoder through :class:`HFEncoder`'s small interface: tokenise texts
(token ids + character offsets, no special tokens), the special tokens that frame a window, and the hidden states
of chosen layers for a padded batch. Loading works for hub names (``neulab/codebert-python``, which needs a hub)
and for local folders (what the tests and the shipped encoder use). Training support (masked-LM heads, configs,
tokenizer wrapping) lives at the end of this file, so that the import of ``transformers`` stays in one place.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from codebertscore.errors import ArgumentError, ModelLoadError
from codebertscore.models.spec import max_tokens

_DTYPES = {"float32": torch.float32, "fp32": torch.float32, "bfloat16": torch.bfloat16, "bf16": torch.bfloat16,
           "float16": torch.float16, "fp16": torch.float16}


def resolve_device(device: str | torch.device | None) -> torch.device:
    """``None``/"auto" -> CUDA when available, else CPU; otherwise the named device (checked)."""
    if device is None or device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError) as exc:
        raise ArgumentError(f"device: expected 'cpu', 'cuda', 'cuda:N', 'mps' or 'auto', got {device!r}") from exc
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ArgumentError(f"device: {device!r} was asked for but CUDA is not available on this machine")
    return dev


def resolve_dtype(dtype: str | torch.dtype, device: torch.device) -> torch.dtype:
    """"auto" -> bfloat16 on CUDA devices that support it, float32 elsewhere."""
    if isinstance(dtype, torch.dtype):
        if dtype not in _DTYPES.values():
            raise ArgumentError(f"dtype: expected float32, bfloat16 or float16, got {dtype}")
        return dtype
    if dtype == "auto":
        if device.type == "cuda" and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float32
    if dtype not in _DTYPES:
        raise ArgumentError(f"dtype: expected 'auto', 'float32', 'bfloat16' or 'float16', got {dtype!r}")
    return _DTYPES[dtype]


def dtype_name(dtype: torch.dtype) -> str:
    return {torch.float32: "fp32", torch.bfloat16: "bf16", torch.float16: "fp16"}[dtype]


def _hash_files(files: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(f.name.encode())
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


_WEIGHT_PATTERNS = ("*.safetensors", "pytorch_model*.bin", "model*.bin")


def weights_hash(folder: Path) -> str | None:
    """sha256 of a local model folder's weight files (cached beside nothing: it is cheap next to loading)."""
    files: list[Path] = []
    for pattern in _WEIGHT_PATTERNS:
        files.extend(folder.glob(pattern))
    return _hash_files(sorted(set(files))) if files else None


@dataclass(frozen=True)
class EncoderInfo:
    """What identifies an encoder's numbers: name, revision or weights hash, and shape."""

    name: str
    revision: str | None
    weights_sha256: str | None
    model_type: str
    num_layers: int
    hidden_size: int
    max_length: int  # tokens per forward pass, special tokens included

    @property
    def ident(self) -> str:
        """Short identity for signatures and cache keys: revision for hub models, weights hash for folders."""
        if self.weights_sha256:
            return f"sha256:{self.weights_sha256[:12]}"
        if self.revision:
            return f"rev:{self.revision[:12]}"
        return "unversioned"


class HFEncoder:
    """A pretrained transformers encoder (BERT/RoBERTa-style) with a fast tokenizer.

    Args:
        name_or_path: a hub name (needs a hub or a filled cache) or a local folder.
        revision: a hub revision (branch, tag or commit); recorded in signatures.
        device, dtype: where and in what precision the encoder runs ("auto": bf16 on CUDA, fp32 on CPU).
    """

    def __init__(
        self,
        name_or_path: str,
        *,
        revision: str | None = None,
        device: str | torch.device | None = None,
        dtype: str | torch.dtype = "auto",
        local_files_only: bool | None = None,
    ) -> None:
        from transformers import AutoConfig, AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        self.device = resolve_device(device)
        self.dtype = resolve_dtype(dtype, self.device)
        if self.dtype == torch.float16 and self.device.type == "cpu":
            raise ArgumentError("dtype: float16 is not supported on the CPU; use float32 or bfloat16")
        path = Path(name_or_path).expanduser()
        is_local = path.is_dir()
        if not is_local and (os.sep in name_or_path and name_or_path.count("/") > 1 or name_or_path.startswith(".")):
            raise ModelLoadError(f"model: {name_or_path!r} looks like a path but is not a folder")
        kwargs: dict[str, Any] = {"revision": revision}
        if local_files_only is not None:
            kwargs["local_files_only"] = local_files_only
        source = str(path) if is_local else name_or_path
        try:
            config = AutoConfig.from_pretrained(source, **kwargs)
            tokenizer = AutoTokenizer.from_pretrained(source, use_fast=True, **kwargs)
        except Exception as exc:  # transformers raises OSError, ValueError, HTTP errors...
            hint = "" if is_local else " (a hub name needs network access to the hub or a filled local cache)"
            raise ModelLoadError(f"model: could not load {name_or_path!r}{hint}: {exc}") from exc
        if not getattr(tokenizer, "is_fast", False):
            raise ModelLoadError(
                f"model: {name_or_path!r} has no fast tokenizer; token offsets (needed to locate the context and "
                "filter punctuation) require one (a tokenizer.json)"
            )
        total_layers = int(getattr(config, "num_hidden_layers", 0))
        if total_layers <= 0:
            raise ModelLoadError(f"model: {name_or_path!r} is not a layered encoder (no num_hidden_layers)")
        try:
            model = AutoModel.from_pretrained(source, dtype=self.dtype, **kwargs)
        except Exception as exc:
            raise ModelLoadError(f"model: could not load the weights of {name_or_path!r}: {exc}") from exc
        model.eval()
        self.total_layers = total_layers
        self.model = model.to(self.device)
        self._taps = self._find_taps(model)
        self.tokenizer = tokenizer
        self.config = config

        max_length = max_tokens(config.to_dict(), getattr(tokenizer, "model_max_length", None))

        self.prefix_ids, self.suffix_ids = _special_frame(tokenizer)
        pad = tokenizer.pad_token_id
        self.pad_id: int = int(pad if pad is not None else 0)
        self.special_ids: frozenset[int] = frozenset(int(i) for i in tokenizer.all_special_ids)

        revision_seen = revision or getattr(config, "_commit_hash", None)
        self.info = EncoderInfo(
            name=name_or_path,
            revision=revision_seen,
            weights_sha256=weights_hash(path) if is_local else None,
            model_type=str(config.model_type),
            num_layers=total_layers,
            hidden_size=int(config.hidden_size),
            max_length=max_length,
        )
        self.check_taps()

    # -- tokenisation -------------------------------------------------------------------------------------------
    def tokenize(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Token ids ``(T,)`` and character offsets ``(T, 2)`` (int64 arrays) of each text, without special tokens
        and without truncation.

        Runs the Rust tokenizer directly (a copy with truncation and padding switched off, as the transformers
        wrapper does for ``truncation=False``): the same tokens, without the wrapper's per-token Python lists.
        """
        if not texts:
            return []
        backend = getattr(self, "_backend", None)
        if backend is None:
            from tokenizers import Tokenizer

            backend = Tokenizer.from_str(self.tokenizer.backend_tokenizer.to_str())
            backend.no_truncation()
            backend.no_padding()
            self._backend = backend
        out = []
        for enc in backend.encode_batch(list(texts), add_special_tokens=False):
            ids = np.asarray(enc.ids, dtype=np.int64)
            offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
            out.append((ids, offs))
        return out

    @property
    def tokenizer_sha256(self) -> str:
        """Hash of the tokenizer's full definition (vocabulary, merges, normalisation): idf tables are tied to it."""
        if not hasattr(self, "_tok_sha"):
            self._tok_sha = _tokenizer_sha256(self.tokenizer)
        return self._tok_sha

    @staticmethod
    def _find_taps(model: torch.nn.Module) -> list[torch.nn.Module] | None:
        """The modules whose outputs are hidden states 0..K (embeddings, then each layer), when recognisable: K = N
        for BERT-style encoders; for Gemma-style stacks (``embed_tokens`` + ``layers`` + ``norm``: EmbeddingGemma)
        K = N - 1, since their last hidden state is the final norm's output (layer N then runs the whole model)."""
        emb = getattr(model, "embeddings", None)
        layers = getattr(getattr(model, "encoder", None), "layer", None)
        if isinstance(emb, torch.nn.Module) and isinstance(layers, torch.nn.ModuleList):
            return [emb, *layers]
        emb, layers = getattr(model, "embed_tokens", None), getattr(model, "layers", None)
        if (isinstance(emb, torch.nn.Module) and isinstance(layers, torch.nn.ModuleList)
                and isinstance(getattr(model, "norm", None), torch.nn.Module)):
            return [emb, *list(layers)[:-1]]
        return None

    def _run(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, top: int) -> list[torch.Tensor]:
        """Hidden states 0..top. With taps, the forward pass stops after layer ``top`` (upper layers never run)."""
        taps = self._taps
        if taps is None or top >= len(taps):
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True,
                             return_dict=True)
            return list(out.hidden_states[: top + 1])
        captured: list[torch.Tensor] = []

        def hook(module: torch.nn.Module, args: Any, output: Any) -> None:
            captured.append(output[0] if isinstance(output, (tuple, list)) else output)
            if len(captured) > top:
                raise _StopForward

        handles = [m.register_forward_hook(hook) for m in taps[: top + 1]]
        try:
            self.model(input_ids=input_ids, attention_mask=attention_mask, return_dict=True)
        except _StopForward:
            pass
        finally:
            for h in handles:
                h.remove()
        if len(captured) != top + 1:
            raise RuntimeError(f"expected {top + 1} hidden states from the encoder's taps, got {len(captured)}")
        return captured

    def check_taps(self) -> bool:
        """Verify once that the taps give exactly the model's own hidden states (else fall back to them)."""
        if self._taps is None:
            return False
        probe = self.tokenize(["def f(x): return x + 1"])[0][0].tolist()
        ids = torch.tensor([self.prefix_ids + probe + self.suffix_ids], device=self.device)
        mask = torch.ones_like(ids)
        with torch.inference_mode():
            ref = self.model(input_ids=ids, attention_mask=mask, output_hidden_states=True, return_dict=True)
            mine = self._run(ids, mask, len(self._taps) - 1)
        ok = (len(ref.hidden_states) == self.total_layers + 1 and len(mine) == len(self._taps)
              and all(torch.equal(a, b) for a, b in zip(ref.hidden_states, mine)))
        if not ok:
            self._taps = None
        return ok

    # -- forward -------------------------------------------------------------------------------------------------
    @torch.inference_mode()
    def hidden_states(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, layers: Sequence[int]
    ) -> torch.Tensor:
        """Hidden states of ``layers`` for a padded batch: (len(layers), B, T, H), in the encoder's dtype.

        Only the transformer layers up to ``max(layers)`` run (when the architecture exposes its layer list).
        """
        if not layers or min(layers) < 0 or max(layers) > self.total_layers:
            raise ArgumentError(f"layer: expected layers in 0..{self.total_layers}, got {list(layers)}")
        top = max(layers)
        states = self._run(input_ids.to(self.device), attention_mask.to(self.device), top)
        return torch.stack([states[layer] for layer in layers], dim=0)


class _StopForward(Exception):
    """Raised by a forward hook to skip the layers above the highest one needed."""


def _special_frame(tokenizer: Any) -> tuple[list[int], list[int]]:
    """The special token ids a tokenizer puts before and after a single text (e.g. [CLS] ... [SEP])."""
    probe = "a"
    bare = list(tokenizer(probe, add_special_tokens=False)["input_ids"])
    framed = list(tokenizer(probe, add_special_tokens=True)["input_ids"])
    for start in range(len(framed) - len(bare) + 1):
        if framed[start : start + len(bare)] == bare:
            return framed[:start], framed[start + len(bare) :]
    raise ModelLoadError("model: could not locate the text between the tokenizer's special tokens")


def load_tokenizer(name_or_path: str, *, revision: str | None = None) -> tuple[Any, str]:
    """A model's fast tokenizer alone (no weights) and the sha256 of its definition (what idf tables are tied to)."""
    from transformers import AutoTokenizer

    path = Path(name_or_path).expanduser()
    source = str(path) if path.is_dir() else name_or_path
    try:
        tok = AutoTokenizer.from_pretrained(source, use_fast=True, revision=revision)
    except Exception as exc:
        raise ModelLoadError(f"model: could not load the tokenizer of {name_or_path!r}: {exc}") from exc
    if not getattr(tok, "is_fast", False):
        raise ModelLoadError(f"model: {name_or_path!r} has no fast tokenizer (a tokenizer.json is needed)")
    return tok, _tokenizer_sha256(tok)


def _tokenizer_sha256(tokenizer: Any) -> str:
    """Hash of what maps text to ids (model, normaliser, pre-tokeniser, added tokens) — not the mutable
    truncation/padding state that calling the tokenizer changes."""
    spec = json.loads(tokenizer.backend_tokenizer.to_str())
    for volatile in ("truncation", "padding"):
        spec.pop(volatile, None)
    blob = json.dumps(spec, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def token_ids(tokenizer: Any, texts: Sequence[str]) -> list[list[int]]:
    """Token ids of each text without special tokens or truncation."""
    if not texts:
        return []
    enc = tokenizer(list(texts), add_special_tokens=False, truncation=False, return_attention_mask=False, verbose=False)
    return [list(ids) for ids in enc["input_ids"]]


# --- training support ---
# (owned by the training helper: codebertscore.training uses these; the inference code above does not)

#: tokenizer files copied verbatim from a base folder into a trained model's folder
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json",
                   "merges.txt", "added_tokens.json")


def _quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def build_training_encoder(config: dict[str, Any]) -> torch.nn.Module:
    """A freshly initialised encoder (no head) from a config dict with ``model_type`` ("roberta" or "bert"), using
    torch's scaled-dot-product attention."""
    from transformers import AutoConfig, AutoModel

    _quiet_transformers()
    cfg = dict(config)
    model_type = cfg.pop("model_type", "roberta")
    try:
        hf_config = AutoConfig.for_model(model_type, **cfg)
    except (ValueError, KeyError) as exc:
        raise ArgumentError(f"model config: {exc}") from exc
    return AutoModel.from_config(hf_config, attn_implementation="sdpa")


def load_training_encoder(source: str) -> torch.nn.Module:
    """An encoder (no head) from a folder or hub name, in float32 (the master weights), with SDPA attention.

    A masked-LM checkpoint loads too (its head is dropped); the pooler of a BERT checkpoint is kept, so that the
    saved folder has the same tensors as the base.
    """
    from transformers import AutoModel

    _quiet_transformers()
    try:
        return AutoModel.from_pretrained(source, dtype=torch.float32, attn_implementation="sdpa")
    except Exception as exc:  # transformers raises OSError, ValueError, HTTP errors...
        raise ModelLoadError(f"init: could not load an encoder from {source!r}: {exc}") from exc


def load_training_tokenizer(source: str) -> Any:
    """The fast tokenizer of a folder or hub name (transformers object; ``.backend_tokenizer`` is the Rust one)."""
    from transformers import AutoTokenizer

    _quiet_transformers()
    try:
        tok = AutoTokenizer.from_pretrained(source, use_fast=True)
    except Exception as exc:
        raise ModelLoadError(f"init: could not load the tokenizer of {source!r}: {exc}") from exc
    if not getattr(tok, "is_fast", False):
        raise ModelLoadError(f"init: {source!r} has no fast tokenizer (tokenizer.json); training needs one")
    return tok


def wrap_tokenizer(tokenizer_object: Any, special: dict[str, str], model_max_length: int) -> Any:
    """Wrap a ``tokenizers.Tokenizer`` as a transformers fast tokenizer with the given special tokens
    (keys among bos/eos/unk/sep/pad/cls/mask, e.g. ``{"bos_token": "<s>", ...}``)."""
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(tokenizer_object=tokenizer_object, model_max_length=model_max_length, **special)


def save_tokenizer(tokenizer: Any, folder: Path) -> None:
    """Save a wrapped tokenizer so that any transformers >= 4.46 loads it (class name PreTrainedTokenizerFast)."""
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(str(folder))
    cfg_file = folder / "tokenizer_config.json"
    if cfg_file.is_file():
        cfg = json.loads(cfg_file.read_text(encoding="utf-8"))
        cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
        cfg.pop("backend", None)
        cfg_file.write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def save_training_encoder(model: torch.nn.Module, folder: Path, dtype: torch.dtype) -> None:
    """Save an encoder as config.json + model.safetensors in ``dtype`` (the training copy is left untouched)."""
    import copy

    from transformers import PreTrainedModel

    clone = copy.deepcopy(model).to(device="cpu", dtype=dtype)
    if not isinstance(clone, PreTrainedModel):
        raise TypeError(f"model: expected a transformers PreTrainedModel, got {type(model).__name__}")
    folder.mkdir(parents=True, exist_ok=True)
    clone.save_pretrained(str(folder), safe_serialization=True)
