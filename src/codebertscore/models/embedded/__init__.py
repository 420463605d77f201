"""The offline default encoder: what ``lang=...`` gives when no model is named.

The encoder ships with the package (a folder beside this file holding safetensors weights, tokenizer, config, a
model card ``README.md`` and ``codebertscore.json`` with the per-language defaults chosen on our dev data), so that
scoring works on a fresh machine without a model hub.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from codebertscore.errors import ModelLoadError
from codebertscore.models.registry import ModelSpec

#: folder name of the shipped encoder, beside this file
DEFAULT_FOLDER = "codebertscore-minilm-code"


def default_folder() -> Path:
    return Path(__file__).resolve().parent / DEFAULT_FOLDER


@lru_cache(maxsize=1)
def _defaults() -> dict:
    folder = default_folder()
    card = folder / "codebertscore.json"
    if not card.is_file():
        raise ModelLoadError(
            f"the default encoder is missing from this installation ({folder}); reinstall codebertscore, or name a "
            "model with model=... (a hub name such as neulab/codebert-python, or a local folder)"
        )
    return json.loads(card.read_text(encoding="utf-8"))


def default_spec(lang: str | None) -> ModelSpec:
    """The shipped encoder with the defaults recorded for ``lang`` (or its language-independent defaults)."""
    d = _defaults()
    per_lang = d.get("languages", {}).get(lang or "", {})
    spec = ModelSpec(
        name=str(default_folder()),
        layer=int(d["layer"]),
        headline=d.get("headline", "F3"),
        idf=bool(d.get("idf", False)),
        provenance=str(d.get("provenance", "")),
        languages=tuple(d.get("languages", {})),
    )
    if per_lang:
        spec = replace(
            spec,
            layer=int(per_lang.get("layer", spec.layer)),
            headline=per_lang.get("headline", spec.headline),
            idf=bool(per_lang.get("idf", spec.idf)),
            provenance=str(per_lang.get("provenance", spec.provenance)),
        )
    return spec
