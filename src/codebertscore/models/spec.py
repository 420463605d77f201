"""What a model is used with: :class:`ModelSpec`, the measures a score has and the ones that can be its headline.

A leaf of ``models/`` (no torch, no transformers): the registry, the default encoder's settings and the scorer all
read these.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from codebertscore.errors import ModelLoadError

Measure = Literal["P", "R", "F1", "F3"]
#: the measures every score has, in the order they are stored and reported
MEASURES: tuple[str, ...] = get_args(Measure)

Headline = Literal["F1", "F3", "R"]
#: the measures that can be a scorer's headline (the number reported as the score, and the one that picks the best
#: of several references): the paper's F1 and F3, and recall alone (F_beta as beta grows)
HEADLINES: tuple[str, ...] = get_args(Headline)

#: the defaults file of a model folder we trained (layer, headline, idf, provenance)
DEFAULTS_FILE = "codebertscore.json"

#: model types whose position ids start after the padding index: their usable length is shorter by pad_token_id + 1
OFFSET_POSITION_TYPES = frozenset({"roberta", "xlm-roberta", "camembert", "longformer", "data2vec-text", "mpnet"})


def max_tokens(config: dict[str, Any], tokenizer_max: int | None = None) -> int:
    """Tokens one forward pass may hold (special tokens included): the positions the model has, less the offset of
    RoBERTa-style models, and no more than the tokenizer's ``model_max_length`` when it sets a real one."""
    max_pos = int(config.get("max_position_embeddings", 512) or 512)
    if config.get("model_type") in OFFSET_POSITION_TYPES:
        max_pos -= int(config.get("pad_token_id", 1) or 1) + 1
    if tokenizer_max is not None and 0 < int(tokenizer_max) < 1_000_000:
        return min(max_pos, int(tokenizer_max))
    return max_pos


def config_limits(folder: Path) -> tuple[int, int] | None:
    """(number of layers, tokens per forward pass) of a model folder, read from its ``config.json`` and
    ``tokenizer_config.json`` without loading anything; None when the folder has no readable config (a hub name)."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        layers = int(config["num_hidden_layers"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    tok_max = None
    try:
        tok_max = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8")).get("model_max_length")
    except (OSError, ValueError, AttributeError):
        pass
    try:
        return layers, max_tokens(config, None if tok_max is None else int(tok_max))
    except (TypeError, ValueError):
        return layers, max_tokens(config)


@dataclass(frozen=True)
class ModelSpec:
    """An encoder with the settings it is used with by default, and why."""

    name: str  # hub name or local folder
    layer: int
    display: str | None = None  # the name shown in signatures (default: the hub name, or a folder's name)
    headline: Headline = "F3"
    idf: bool = False
    window: int | None = None  # tokens per forward pass; None = the model's maximum
    provenance: str = ""
    revision: str | None = None
    languages: tuple[str, ...] = field(default_factory=tuple)


def read_model_card_defaults(folder: Path) -> dict[str, Any] | None:
    """The ``codebertscore.json`` defaults file of a model folder we trained (layer, headline, idf), if any."""
    f = folder / DEFAULTS_FILE
    if not f.is_file():
        return None
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelLoadError(f"model: {f} is not valid JSON: {exc}") from exc
