"""Checkpoints that resume a run exactly: model, optimiser, random generators, step and data position.

A checkpoint is a folder, written atomically (a temporary folder renamed into place):

* ``model.safetensors`` — every tensor of the trained module (encoder and head);
* ``optimizer.safetensors`` — the optimiser's per-parameter state tensors, keyed ``state.<index>.<name>``;
* ``rng.safetensors`` — torch's CPU (and CUDA) generator states and the training-specific generators;
* ``state.json`` — step, training seconds, data position, losses, the optimiser's hyper-parameters and the recipe.

No pickles: tensors go to safetensors, everything else to JSON.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from codebertscore.errors import InputError

CHECKPOINT_FORMAT = 1


def _contiguous_cpu(t: torch.Tensor) -> torch.Tensor:
    return t.detach().to("cpu").contiguous().clone()


def optimizer_tensors(optimizer: torch.optim.Optimizer) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Split an optimiser's state_dict into tensors (for safetensors) and JSON-able rest."""
    sd = optimizer.state_dict()
    tensors: dict[str, torch.Tensor] = {}
    scalars: dict[str, dict[str, Any]] = {}
    for idx, st in sd["state"].items():
        for name, value in st.items():
            if isinstance(value, torch.Tensor):
                tensors[f"state.{idx}.{name}"] = _contiguous_cpu(value)
            else:
                scalars.setdefault(str(idx), {})[name] = value
    groups = []
    for g in sd["param_groups"]:
        groups.append({k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()})
    return tensors, {"param_groups": groups, "scalars": scalars}


def restore_optimizer(optimizer: torch.optim.Optimizer, tensors: dict[str, torch.Tensor], meta: dict[str, Any]) -> None:
    state: dict[int, dict[str, Any]] = {}
    for key, value in tensors.items():
        _, idx, name = key.split(".", 2)
        state.setdefault(int(idx), {})[name] = value
    for idx, extra in meta.get("scalars", {}).items():
        state.setdefault(int(idx), {}).update(extra)
    groups = []
    for g in meta["param_groups"]:
        groups.append({k: (tuple(v) if k == "betas" else v) for k, v in g.items()})
    optimizer.load_state_dict({"state": state, "param_groups": groups})


def save_checkpoint(
    folder: Path,
    *,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    rng: dict[str, torch.Tensor],
    state: dict[str, Any],
) -> None:
    """Write a checkpoint folder atomically (see the module docstring)."""
    folder = Path(folder)
    tmp = folder.with_name(folder.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    save_file({k: _contiguous_cpu(v) for k, v in model.state_dict().items()}, str(tmp / "model.safetensors"))
    opt_tensors, opt_meta = optimizer_tensors(optimizer)
    save_file(opt_tensors, str(tmp / "optimizer.safetensors"))
    save_file({k: _contiguous_cpu(v) for k, v in rng.items()}, str(tmp / "rng.safetensors"))
    doc = {"format": CHECKPOINT_FORMAT, "optimizer": opt_meta, **state}
    (tmp / "state.json").write_text(json.dumps(doc, indent=1, default=_json_default) + "\n", encoding="utf-8")
    old = folder.with_name(folder.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if folder.exists():
        folder.rename(old)
    tmp.rename(folder)
    if old.exists():
        shutil.rmtree(old)


def _json_default(obj: Any) -> Any:
    if isinstance(obj, torch.Tensor):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def has_checkpoint(folder: Path) -> bool:
    return (Path(folder) / "state.json").is_file()


def load_checkpoint(
    folder: Path,
    *,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
    """Restore model and optimiser in place; returns (state.json content, rng tensors)."""
    folder = Path(folder)
    if not has_checkpoint(folder):
        raise InputError(f"resume: no checkpoint in {folder} (expected {folder / 'state.json'})")
    try:
        state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"resume: {folder / 'state.json'} is unreadable: {exc}") from exc
    if state.get("format") != CHECKPOINT_FORMAT:
        raise InputError(f"resume: checkpoint format {state.get('format')!r} is not {CHECKPOINT_FORMAT}")
    weights = load_file(str(folder / "model.safetensors"))
    missing, unexpected = model.load_state_dict(weights, strict=False)
    missing = [m for m in missing if not m.endswith(("position_ids", "token_type_ids"))]
    if missing or unexpected:
        raise InputError(
            f"resume: the checkpoint does not fit the model (missing {missing[:5]}, unexpected {unexpected[:5]})")
    restore_optimizer(optimizer, load_file(str(folder / "optimizer.safetensors")), state["optimizer"])
    rng = load_file(str(folder / "rng.safetensors"))
    return state, rng
