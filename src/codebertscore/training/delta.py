"""Ship a trained model as the difference from its base: ``export_delta`` and ``apply_delta``.

A delta is a set of safetensors shards, each at most ``shard_mib`` MiB (default 15), named
``delta-00001-of-0000N.safetensors``. It holds:

* every weight tensor of the model that is new, or differs from the base's tensor of the same name in dtype, shape
  or any bit (tensors larger than a shard are split into row blocks);
* in the first shard's metadata, a JSON manifest: the base's weight-file hashes (checked before applying), the
  model's weight files with their tensor names, safetensors metadata and sha256, the tensors it dropped, and the
  content of every small file (config, tokenizer, card) that is new or differs from the base's.

``apply_delta(base, delta, out)`` rebuilds the model folder and checks every rebuilt weight file against the sha256
recorded at export: the round trip is bit-exact or it fails loudly.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import torch
from safetensors import safe_open
from safetensors.torch import save_file

from codebertscore.errors import ArgumentError, InputError

DELTA_FORMAT = 1
MANIFEST_KEY = "codebertscore_delta"
#: files of a model folder never shipped in a delta (logs, checkpoints)
EXCLUDED_FILES = frozenset({"train.log", "metrics.jsonl"})
_SHARD_RE = re.compile(r"delta-(\d{5})-of-(\d{5})\.safetensors$")
_HEADER_ROOM = 64 * 1024  # bytes kept free in each shard for its header


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def weight_files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.safetensors"))
    if not files:
        raise InputError(f"delta: {folder} has no *.safetensors weight file")
    return files


def _index(folder: Path) -> dict[str, Path]:
    """tensor name -> the weight file holding it."""
    out: dict[str, Path] = {}
    for f in weight_files(folder):
        with safe_open(str(f), "pt") as fh:
            for k in fh.keys():
                out[k] = f
    return out


def _bits(t: torch.Tensor) -> torch.Tensor:
    return t.contiguous().reshape(-1).view(torch.uint8)


def _same(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and torch.equal(_bits(a), _bits(b))


def _row_blocks(t: torch.Tensor, max_bytes: int) -> list[tuple[int, int]]:
    """Row ranges of ``t`` (split along dim 0) of at most ``max_bytes`` each; [(0, 0)] marks 'whole tensor'."""
    nbytes = t.numel() * t.element_size()
    if nbytes <= max_bytes or t.dim() == 0 or t.shape[0] <= 1:
        return [(0, 0)]
    row = nbytes // t.shape[0]
    per = max(1, max_bytes // max(row, 1))
    return [(i, min(i + per, t.shape[0])) for i in range(0, t.shape[0], per)]


def _small_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix != ".safetensors" and p.name not in EXCLUDED_FILES
    )


def export_delta(base: str | Path, model: str | Path, out: str | Path, shard_mib: float = 15.0) -> dict[str, Any]:
    """Write the delta of ``model`` against ``base`` into the folder ``out``; returns a summary."""
    base, model, out = Path(base).expanduser(), Path(model).expanduser(), Path(out).expanduser()
    for name, folder in (("base", base), ("model", model)):
        if not folder.is_dir():
            raise ArgumentError(f"{name}: {folder} is not a folder")
    if not shard_mib >= 0.01:
        raise ArgumentError(f"shard-mib: expected at least 0.01, got {shard_mib}")
    shard_bytes = int(shard_mib * 2**20)
    limit = shard_bytes - min(_HEADER_ROOM, shard_bytes // 4)
    base_index = _index(base)
    changed: dict[str, torch.Tensor] = {}
    files_manifest: list[dict[str, Any]] = []
    model_names: set[str] = set()
    for f in weight_files(model):
        with safe_open(str(f), "pt") as fh:
            names = list(fh.keys())
            meta = fh.metadata() or {}
            for k in names:
                t = fh.get_tensor(k)
                model_names.add(k)
                if k in base_index:
                    with safe_open(str(base_index[k]), "pt") as bh:
                        if _same(t, bh.get_tensor(k)):
                            continue
                changed[k] = t
        files_manifest.append({"name": f.name, "tensors": names, "metadata": meta, "sha256": _sha256(f)})
    # small files: content shipped when new or different from the base's
    shipped: dict[str, str] = {}
    from_base: list[str] = []
    for p in _small_files(model):
        other = base / p.name
        if other.is_file() and other.read_bytes() == p.read_bytes():
            from_base.append(p.name)
        else:
            try:
                shipped[p.name] = p.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"delta: {p} is not a text file; only text files travel in a delta") from exc
    # pieces -> shards (greedy, in tensor order)
    pieces: list[tuple[str, int, int, int]] = []  # (name, part, row_lo, row_hi)
    for name in sorted(changed):
        for part, (lo, hi) in enumerate(_row_blocks(changed[name], limit)):
            pieces.append((name, part, lo, hi))
    manifest_base: dict[str, Any] = {
        "format": DELTA_FORMAT,
        "base": {"files": {f.name: _sha256(f) for f in weight_files(base)}},
        "model_files": files_manifest,
        "removed": sorted(set(base_index) - model_names),
        "files": shipped,
        "files_from_base": from_base,
    }
    first_budget = limit - len(json.dumps(manifest_base)) - 256 * (len(pieces) + 1)
    if first_budget < 0:
        raise InputError(f"delta: the text files alone ({len(json.dumps(shipped)) / 2**20:.1f} MiB) do not fit a "
                         f"{shard_mib} MiB shard")
    def piece_bytes(piece: tuple[str, int, int, int]) -> int:
        name, _, lo, hi = piece
        t = changed[name]
        if (lo, hi) == (0, 0):
            return t.numel() * t.element_size()
        return (hi - lo) * (t.numel() // t.shape[0]) * t.element_size()

    # first-fit decreasing: the fewest shards for the transfer limits; ties broken by name for determinism
    shards: list[list[tuple[str, int, int, int]]] = [[]]
    room = [first_budget]
    for piece in sorted(pieces, key=lambda q: (-piece_bytes(q), q[0], q[1])):
        size = piece_bytes(piece)
        for si in range(len(shards)):
            if size <= room[si] or not shards[si]:
                shards[si].append(piece)
                room[si] -= size
                break
        else:
            shards.append([piece])
            room.append(limit - size)
    shards = [sorted(sh, key=lambda q: (q[0], q[1])) for sh in shards if sh] or [[]]
    n = len(shards)
    layout: dict[str, list[list[Any]]] = {}
    for si, shard in enumerate(shards, start=1):
        for name, part, lo, hi in shard:
            layout.setdefault(name, []).append([f"delta-{si:05d}-of-{n:05d}.safetensors", f"{name}@{part}", lo, hi])
    manifest = {**manifest_base, "tensors": layout}
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("delta-*-of-*.safetensors"):
        old.unlink()
    total = 0
    for si, shard in enumerate(shards, start=1):
        tensors = {}
        for name, part, lo, hi in shard:
            t = changed[name]
            tensors[f"{name}@{part}"] = (t if (lo, hi) == (0, 0) else t[lo:hi]).contiguous()
        meta = {"delta_shard": f"{si}/{n}"}
        if si == 1:
            meta[MANIFEST_KEY] = json.dumps(manifest, ensure_ascii=False)
        path = out / f"delta-{si:05d}-of-{n:05d}.safetensors"
        save_file(tensors, str(path), metadata=meta)
        size = path.stat().st_size
        if size > shard_mib * 2**20:
            raise InputError(f"delta: shard {path.name} is {size / 2**20:.2f} MiB, over the {shard_mib} MiB limit")
        total += size
    return {
        "shards": n,
        "bytes": total,
        "changed_tensors": len(changed),
        "changed_parameters": int(sum(t.numel() for t in changed.values())),
        "removed_tensors": len(manifest["removed"]),
        "files": sorted(shipped),
    }


def _delta_shards(delta: Path) -> list[Path]:
    shards = sorted(p for p in delta.glob("delta-*-of-*.safetensors") if _SHARD_RE.search(p.name))
    if not shards:
        raise InputError(f"delta: no delta-NNNNN-of-NNNNN.safetensors shard in {delta}")
    n = int(_SHARD_RE.search(shards[0].name).group(2))  # type: ignore[union-attr]
    if len(shards) != n:
        raise InputError(f"delta: {delta} holds {len(shards)} of the {n} shards")
    return shards


def read_manifest(delta: str | Path) -> dict[str, Any]:
    shards = _delta_shards(Path(delta).expanduser())
    with safe_open(str(shards[0]), "pt") as fh:
        meta = fh.metadata() or {}
    if MANIFEST_KEY not in meta:
        raise InputError(f"delta: {shards[0]} has no manifest (is it a codebertscore delta?)")
    manifest = json.loads(meta[MANIFEST_KEY])
    if manifest.get("format") != DELTA_FORMAT:
        raise InputError(f"delta: format {manifest.get('format')!r} is not {DELTA_FORMAT}")
    return manifest


def apply_delta(base: str | Path, delta: str | Path, out: str | Path, check_base: bool = True) -> dict[str, Any]:
    """Rebuild the model folder ``out`` from ``base`` + ``delta``; every weight file is checked against its sha256."""
    base, delta, out = Path(base).expanduser(), Path(delta).expanduser(), Path(out).expanduser()
    if not base.is_dir():
        raise ArgumentError(f"base: {base} is not a folder")
    manifest = read_manifest(delta)
    if check_base:
        have = {f.name: _sha256(f) for f in weight_files(base)}
        want = manifest["base"]["files"]
        if have != want:
            raise InputError(f"delta: the base folder {base} is not the one the delta was made against "
                             f"(weight hashes {have} vs {want})")
    base_index = _index(base)
    out.mkdir(parents=True, exist_ok=True)
    handles: dict[str, Any] = {}
    try:
        def piece(file: str, key: str) -> torch.Tensor:
            if file not in handles:
                handles[file] = safe_open(str(delta / file), "pt").__enter__()
            return handles[file].get_tensor(key)

        for wf in manifest["model_files"]:
            tensors: dict[str, torch.Tensor] = {}
            for name in wf["tensors"]:
                parts = manifest["tensors"].get(name)
                if parts:
                    blocks = [piece(file, key) for file, key, _, _ in parts]
                    tensors[name] = blocks[0] if len(blocks) == 1 else torch.cat(blocks, dim=0)
                else:
                    if name not in base_index:
                        raise InputError(f"delta: tensor {name} is neither in the delta nor in the base")
                    with safe_open(str(base_index[name]), "pt") as bh:
                        tensors[name] = bh.get_tensor(name)
            path = out / wf["name"]
            save_file(tensors, str(path), metadata=wf["metadata"] or None)
            if _sha256(path) != wf["sha256"]:
                raise InputError(f"delta: the rebuilt {path.name} does not match the exported model bit for bit")
    finally:
        for h in handles.values():
            h.__exit__(None, None, None)
    for name in manifest["files_from_base"]:
        shutil.copyfile(base / name, out / name)
    for name, text in manifest["files"].items():
        (out / name).write_text(text, encoding="utf-8")
    return {"weight_files": [wf["name"] for wf in manifest["model_files"]],
            "files": sorted([*manifest["files"], *manifest["files_from_base"]])}
