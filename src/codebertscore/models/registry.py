"""Which encoder and layer to use: languages -> models -> default layers, each with the reason it is the default.

Three families of entries:

* **the default encoder** (what ``lang="python"`` alone gives): the offline encoder this package ships, so that
  scoring works on a fresh machine with no model hub; its layer, headline, idf and token-filter choice come from our
  dev-set tuning and are recorded in its folder (``codebertscore.json``) and model card;
* **the paper's models** (``model="paper"`` with a language, or the hub names themselves): ``neulab/codebert-<lang>``
  at the reference implementation's layers, and ``microsoft/codebert-base-mlm`` as the multilingual model — these
  need a hub (or a filled cache);
* **any other hub name or local folder**: its defaults come from a ``codebertscore.json`` in the folder when there is
  one; otherwise, when no layer is given, a documented rule picks one and a warning says so (never silently).
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

from codebertscore.errors import ArgumentError, ModelLoadError
from codebertscore.languages import LANGUAGES, canonical, normalize_language
from codebertscore.models.default import default_folder, default_spec
from codebertscore.models.spec import (
    DEFAULTS_FILE,
    ModelSpec,
    idf_default,
    read_model_card_defaults,
    token_filter_default,
)


def _paper(name: str, layer: int, langs: tuple[str, ...]) -> ModelSpec:
    return ModelSpec(
        name=name,
        layer=layer,
        headline="F3",
        idf=False,
        provenance=(
            f"the reference implementation's default layer for {name} (code-bert-score 0.4.1, chosen by the paper's "
            "authors); F3 is the paper's headline against functional correctness"
        ),
        languages=langs,
    )


#: the paper's published models (need a model hub)
PAPER_MODELS: dict[str, ModelSpec] = {
    "python": _paper("neulab/codebert-python", 11, ("python",)),
    "javascript": _paper("neulab/codebert-javascript", 10, ("javascript",)),
    "c": _paper("neulab/codebert-c", 10, ("c",)),
    "cpp": _paper("neulab/codebert-cpp", 10, ("cpp",)),
    "java": _paper("neulab/codebert-java", 7, ("java",)),
}
MULTILINGUAL = ModelSpec(
    name="microsoft/codebert-base-mlm",
    layer=10,
    headline="F3",
    provenance="the reference implementation's fallback model and layer for languages without a specific model",
    languages=LANGUAGES,
)
#: known hub models by name
KNOWN_MODELS: dict[str, ModelSpec] = {s.name: s for s in [*PAPER_MODELS.values(), MULTILINGUAL]}

#: keywords accepted for ``model=``
MODEL_KEYWORDS = ("default", "paper", "multilingual")


def _is_default_folder(path: Path) -> bool:
    """Whether ``path`` is the default encoder's own folder (named directly rather than by ``lang``)."""
    try:
        return path.expanduser().resolve() == default_folder().resolve()
    except ModelLoadError:
        return False


def _is_backbone(model: str) -> bool:
    from codebertscore.models.install import backbones

    return model in backbones()


def _folder_spec(path: Path, layer: int | None) -> ModelSpec:
    defaults = read_model_card_defaults(path) or {}
    return ModelSpec(
        name=str(path),
        layer=int(defaults["layer"]) if "layer" in defaults else -1,
        headline=defaults.get("headline", "F3"),
        idf=idf_default(defaults.get("idf", False), str(path / DEFAULTS_FILE)),
        token_filter=token_filter_default(defaults.get("token_filter"), str(path / DEFAULTS_FILE)),
        provenance=str(defaults.get("provenance", "")),
    )


def default_layer_rule(num_layers: int) -> int:
    """Layer used for a model with no recorded default: two thirds of the depth, rounded up.

    The paper finds middle-to-late layers best (its tuned layers are 7-11 of 12); the encoders measured here
    (../FINDINGS) were best at 4 of 6. Tune it on labelled data (`codebertscore tune`) instead of relying on this.
    """
    return max(1, -(-2 * num_layers // 3))


def resolve(
    lang: str | None = None,
    model: str | None = None,
    layer: int | None = None,
    revision: str | None = None,
) -> ModelSpec:
    """The encoder, layer and headline to use for a language and/or a model name.

    ``layer=-1`` in the returned spec means "decide once the model is loaded" (unknown models; see
    :func:`finalize_layer`).
    """
    canon = normalize_language(lang) if (lang is not None and model is None) else None
    if lang is not None and model is not None:
        canon = canonical(lang)  # informative only: any language may use a named model
    if model is None or model == "default":
        if model is None and lang is None:
            raise ArgumentError(
                f"lang/model: give a language (lang= one of {', '.join(LANGUAGES)}) or a model "
                "(a hub name, a local folder, or one of 'default', 'paper', 'multilingual')"
            )
        spec = default_spec(canon)
    elif model == "paper":
        if canon is None:
            raise ArgumentError(f"model: 'paper' needs a language among {', '.join(PAPER_MODELS)} (lang=...)")
        spec = PAPER_MODELS[canon]
    elif model == "multilingual":
        spec = MULTILINGUAL
    elif _is_backbone(model):  # an offline backbone by name (models/backbones.json; `codebertscore models install`)
        from codebertscore.models.install import backbone_spec

        spec = backbone_spec(model)
    elif Path(model).expanduser().is_dir():
        spec = _folder_spec(Path(model).expanduser(), layer)
        if spec.layer == -1 and _is_default_folder(Path(model)):
            spec = default_spec(canon)
    elif model in KNOWN_MODELS:
        spec = KNOWN_MODELS[model]
    else:
        spec = ModelSpec(name=model, layer=-1, provenance="")
    if layer is not None:
        if not isinstance(layer, int) or isinstance(layer, bool) or layer < 0:
            raise ArgumentError(f"layer: expected a non-negative integer (0 = the embedding layer), got {layer!r}")
        spec = replace(spec, layer=layer, provenance="chosen by the caller")
    if revision is not None:
        spec = replace(spec, revision=revision)
    return spec


def finalize_layer(spec: ModelSpec, num_layers: int) -> ModelSpec:
    """Fill in an undecided layer (warning that a rule, not tuning, chose it) and check the layer exists."""
    if spec.layer == -1:
        layer = default_layer_rule(num_layers)
        warnings.warn(
            f"no tuned default layer is known for {spec.name}; using layer {layer} of {num_layers} "
            "(two thirds of the depth). Pass layer=... or tune one with `codebertscore tune`.",
            stacklevel=3,
        )
        spec = replace(spec, layer=layer, provenance=f"rule: ceil(2/3 x {num_layers} layers); not tuned")
    if not 0 <= spec.layer <= num_layers:
        raise ArgumentError(f"layer: {spec.name} has layers 0..{num_layers}, got {spec.layer}")
    return spec
