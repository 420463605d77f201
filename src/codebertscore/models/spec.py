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

#: the defaults file of a model folder we trained (layer, headline, idf, token_filter, provenance)
DEFAULTS_FILE = "codebertscore.json"

#: what a model's recorded idf default may be: False (uniform weights), "corpus" (the shipped table of the scored
#: language, ``codebertscore.scoring.corpus_idf``) or True (idf counted over each call's references: older defaults
#: files only; ``codebertscore tune`` never chooses it)
IdfDefault = bool | Literal["corpus"]

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
    idf: IdfDefault = False
    token_filter: str | None = None  # a filter of data/token_filters.json; None: that table's default (the paper's)
    window: int | None = None  # tokens per forward pass; None = the model's maximum
    provenance: str = ""
    revision: str | None = None
    languages: tuple[str, ...] = field(default_factory=tuple)


def idf_default(value: Any, where: str) -> IdfDefault:
    """A defaults file's ``idf`` entry, checked: false, true or "corpus" (``where`` names the file in the error)."""
    if isinstance(value, bool) or value == "corpus":
        return value
    raise ModelLoadError(f"model: {where}: idf: expected false, true or \"corpus\", got {value!r}")


def token_filter_default(value: Any, where: str) -> str | None:
    """A defaults file's ``token_filter`` entry: a filter's name or absent (None); the scorer checks the name."""
    if value is None or isinstance(value, str):
        return value
    raise ModelLoadError(f"model: {where}: token_filter: expected a filter's name, got {value!r}")


def read_model_card_defaults(folder: Path) -> dict[str, Any] | None:
    """The ``codebertscore.json`` defaults file of a model folder we trained (layer, headline, idf, token_filter),
    if any."""
    f = folder / DEFAULTS_FILE
    if not f.is_file():
        return None
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelLoadError(f"model: {f} is not valid JSON: {exc}") from exc
