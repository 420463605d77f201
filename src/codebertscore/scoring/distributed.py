"""Scoring past one machine: the Ray engine behind ``codebertscore score --engine ray``.

The inputs (a Ray Dataset with columns ``id``, ``cand``, ``refs`` and optionally ``source``, a list of JSONL files, or
any iterable of items ``(id, candidate, references, context)``) are cut, in order, into shards of ``shard_size``
items. Each shard is one row of a Ray Dataset that ``map_batches`` sends to a pool of actors (:class:`ShardScorer`, a
callable class: each actor loads the encoder once and scores shard after shard with the same
:class:`~codebertscore.scoring.scorer.CodeBERTScorer` as the single-process path, so the numbers are the same).

Results are written as they finish, into an output folder::

    OUT/shard-000000.jsonl        per-item records of shard 0 (the records of ``codebertscore score``), in input order
    OUT/shard-000000.done.json    written after the shard file is complete: its key, count, sums and signature
    OUT/manifest.json             the run: shard size, number of shards, signature, the finished shards in order
    OUT/summary.json              the summary (as ``codebertscore score``'s), once every shard is finished

A shard file is written to a temporary name and renamed, so it is complete or absent. A shard's key is the SHA-256 of
its items and of the scorer's settings; ``resume=True`` skips every shard whose ``.done.json`` holds the same key
(a finished shard is never recomputed, and one scored with other settings or inputs is scored again). An actor that
dies is restarted by Ray and its shard retried (``max_restarts`` / ``max_task_retries``).

Records carry the identity of ``codebertscore score``'s (``id``, ``sample``, ``index``, ``texts_sha``: numbered by the
driver over all inputs), and the summary the same truncation counts. No inputs give a summary with ``n`` 0.

The output folder must be reachable from every worker (one machine, or a shared file system on a cluster). The
inputs are read by the driver and passed to the workers by Ray's object store, so a single run's inputs should fit
the driver's memory; split larger inputs into several runs (each resumable).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, InputError, require
from codebertscore.jsonio import dumps
from codebertscore.models.spec import MEASURES
from codebertscore.scoring.readers import Item
from codebertscore.scoring.result import TRUNCATION_FIELDS
from codebertscore.scoring.stream import Identities, with_identity
from codebertscore.scoring.stream import _strip_nrefs as _settings_part

MANIFEST_FORMAT = "codebertscore-ray-run"
#: environment variable naming a file: the first actor call that creates it kills its own process (tests only: it
#: simulates a worker crash that Ray must survive)
FAULT_ENV = "CODEBERTSCORE_RAY_FAULT_FILE"


def _ray() -> Any:
    return require("ray", "ray", "--engine ray")


def require_ray() -> None:
    """Refuse (a MissingDependencyError with the install hint) when Ray is not installed: checked first."""
    _ray()


def shard_name(k: int) -> str:
    return f"shard-{k:06d}"


def settings_key(scorer_kwargs: dict[str, Any]) -> str:
    """The scorer's settings as text (part of every shard key)."""
    return json.dumps({k: repr(v) for k, v in sorted(scorer_kwargs.items())}, sort_keys=True)


def shard_key(items: Sequence[Item], settings: str, idents: Sequence[dict[str, Any]] | None = None) -> str:
    """SHA-256 of a shard's items (and of their record identities: ``sample`` and ``index`` depend on the items
    before the shard) under the scorer's settings."""
    h = hashlib.sha256(settings.encode())
    for item in items:
        h.update(json.dumps(list(item), ensure_ascii=False).encode())
        h.update(b"\n")
    if idents is not None:
        h.update(json.dumps([[d["sample"], d["index"]] for d in idents]).encode())
    return h.hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class ShardScorer:
    """One Ray actor: loads the encoder once, then scores the shards that ``map_batches`` hands it and writes each
    shard's records and ``.done.json`` to the output folder."""

    def __init__(self, scorer_kwargs: dict[str, Any], out_dir: str, threads: int | None = None) -> None:
        import torch

        from codebertscore.scoring.scorer import CodeBERTScorer

        if threads:
            torch.set_num_threads(threads)
        self.scorer = CodeBERTScorer(**scorer_kwargs)
        self.out = Path(out_dir)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        done = []
        for k, key, payload, idents in zip(batch["shard"], batch["key"], batch["items"], batch["idents"]):
            done.append(dumps(self.score_shard(int(k), str(key), json.loads(str(payload)), json.loads(str(idents)))))
        return {"shard": [int(k) for k in batch["shard"]], "done": done}

    def score_shard(
        self, k: int, key: str, items: list[list[Any]], idents: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        fault = os.environ.get(FAULT_ENV)
        if fault:
            try:
                os.close(os.open(fault, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                pass
            else:
                os._exit(17)  # a crash in the middle of a shard: Ray must restart the actor and retry the shard
        srcs = [it[3] for it in items]
        has_ctx = srcs[0] is not None
        result = self.scorer.score(
            cands=[it[1] for it in items], refs=[it[2] for it in items], sources=srcs if has_ctx else None
        )
        records = result.records([it[0] for it in items])
        if idents is not None:  # the records of `codebertscore score`: id, sample, index, ..., texts_sha
            records = [with_identity(ident, rec) for ident, rec in zip(idents, records)]
        _write_atomic(self.out / f"{shard_name(k)}.jsonl", "".join(dumps(r) + "\n" for r in records))
        truncation = result.truncation()
        info = {
            "shard": k,
            "key": key,
            "n": len(records),
            "sums": {m: float(sum(r[m] for r in records)) for m in MEASURES},
            "n_empty": int(result.empty.sum()),
            "n_truncated": int(((result.truncated_tokens > 0) | (result.ref_truncated_tokens > 0)).sum()),  # type: ignore[operator]
            "truncation": truncation,
            "signature": result.signature.format(),
            "headline": result.headline,
            "notes": list(result.notes),
        }
        _write_atomic(self.out / f"{shard_name(k)}.done.json", dumps(info) + "\n")
        return info


def _items_of(data: Any, fields: dict[str, Any]) -> Iterator[Item]:
    """Items from a Ray Dataset, a list of JSONL files (read like ``codebertscore score``'s JSONL inputs) or an
    iterable of items."""
    from codebertscore.scoring import readers

    if hasattr(data, "iter_rows") and hasattr(data, "map_batches"):  # a ray.data.Dataset
        for row in data.iter_rows():
            refs = row["refs"]
            refs = [refs] if isinstance(refs, str) else [str(r) for r in refs]
            src = row.get("source")
            yield (row["id"], str(row["cand"]), refs, None if src is None else str(src))
        return
    if isinstance(data, (str, Path)):
        data = [data]
    if isinstance(data, list) and data and all(isinstance(p, (str, Path)) for p in data):
        refs_path = fields.pop("refs", None)
        for path in data:
            yield from readers.iter_jsonl_pairs(Path(path), None if refs_path is None else Path(refs_path), **fields)
        return
    yield from data


def _shards(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    shard: list[Item] = []
    for item in items:
        shard.append(item)
        if len(shard) == size:
            yield shard
            shard = []
    if shard:
        yield shard


def _read_done(out: Path, k: int) -> dict[str, Any] | None:
    try:
        return json.loads((out / f"{shard_name(k)}.done.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def check_folder(out: str | Path, resume: bool, overwrite: bool) -> None:
    """Every check of a run's output folder, with no effect on the files (to fail before any work): not a file, a
    parent folder that exists and is writable, and an earlier run in it only with ``resume`` or ``overwrite``."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ArgumentError(f"--out: {out} is a file; --engine ray writes a folder of shards")
    parent = out if out.is_dir() else out.parent
    if not parent.is_dir():
        raise ArgumentError(f"--out: the folder {parent} does not exist (create it first)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ArgumentError(f"--out: {out} cannot be written (no permission)")
    if out.is_dir() and (out / "manifest.json").exists() and not (resume or overwrite):
        raise ArgumentError(f"--out: {out} holds a run; pass --resume to continue it or --overwrite to replace it")


def _prepare_folder(out: Path, resume: bool, overwrite: bool) -> None:
    check_folder(out, resume, overwrite)
    if out.is_dir() and (out / "manifest.json").exists():
        if overwrite and not resume:
            for f in out.iterdir():
                if f.name.startswith("shard-") or f.name in ("manifest.json", "summary.json"):
                    f.unlink()
    out.mkdir(exist_ok=True)


def score_ray(
    data: Any,
    *,
    out: str | Path,
    scorer_kwargs: dict[str, Any],
    shard_size: int = 4096,
    actors: int = 1,
    cpus_per_actor: float = 1,
    gpus_per_actor: float = 0,
    resume: bool = False,
    overwrite: bool = False,
    max_restarts: int = 3,
    address: str | None = None,
    fields: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Score ``data`` on a Ray cluster into the folder ``out`` (see the module) and return the summary.

    Args:
        data: a ``ray.data.Dataset`` (columns ``id``, ``cand``, ``refs``: a string or a list, optional ``source``),
            a list of JSONL files (candidates; ``fields`` as :func:`~codebertscore.scoring.readers.iter_jsonl_pairs`'s
            keyword arguments, plus ``refs``: a references file joined by id), or an iterable of items.
        scorer_kwargs: :class:`~codebertscore.scoring.scorer.CodeBERTScorer`'s arguments (each actor builds one).
        shard_size: items per shard (the unit of work, of output files and of resuming).
        actors: size of the actor pool; each takes ``cpus_per_actor`` CPUs and ``gpus_per_actor`` GPUs.
        resume: keep the finished shards of a run in ``out`` (never recomputed); overwrite: replace it.
        max_restarts: how often Ray restarts a dead actor (and retries its shard) before the run fails.
        address: the cluster (default: ``RAY_ADDRESS``, else a Ray instance already started in this process, else a
            new local one).
    """
    for name, value in (("shard_size", shard_size), ("actors", actors)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ArgumentError(f"{name}: expected a positive integer, got {value!r}")
    if not isinstance(max_restarts, int) or isinstance(max_restarts, bool) or max_restarts < 0:
        raise ArgumentError(f"max_restarts: expected a non-negative integer, got {max_restarts!r}")
    if not cpus_per_actor > 0 or gpus_per_actor < 0:
        raise ArgumentError(
            f"cpus_per_actor/gpus_per_actor: expected > 0 and >= 0, got {cpus_per_actor}, {gpus_per_actor}"
        )
    ray = _ray()
    out_dir = Path(out)
    _prepare_folder(out_dir, resume, overwrite)
    settings = settings_key(scorer_kwargs)

    # cut the inputs into shards; the finished ones (same key) are kept
    rows: list[dict[str, Any]] = []
    finished: dict[int, dict[str, Any]] = {}
    n_items = 0
    identity = Identities()
    for k, shard in enumerate(_shards(_items_of(data, dict(fields or {})), shard_size)):
        idents = [identity(it, n_items + j) for j, it in enumerate(shard)]
        key = shard_key(shard, settings, idents)
        n_items += len(shard)
        done = _read_done(out_dir, k) if resume else None
        if done is not None and done.get("key") == key and (out_dir / f"{shard_name(k)}.jsonl").exists():
            finished[k] = done
        else:
            rows.append({"shard": k, "key": key, "items": json.dumps([list(it) for it in shard]),
                         "idents": json.dumps(idents)})
    n_shards = (n_items + shard_size - 1) // shard_size
    for stale in out_dir.glob("shard-*"):  # shards of a longer earlier run
        if stale.name.split(".")[0] >= shard_name(n_shards):
            stale.unlink()
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT, "shard_size": shard_size, "n_shards": n_shards, "n_items": n_items,
        "settings": json.loads(settings), "signature": None, "finished": sorted(finished),
    }

    def save_manifest() -> None:
        first = next((finished[k]["signature"] for k in sorted(finished)), None)
        manifest["signature"] = first
        manifest["finished"] = sorted(finished)
        _write_atomic(out_dir / "manifest.json", dumps(manifest, indent=1) + "\n")

    save_manifest()
    started = time.perf_counter()
    if rows:
        if not ray.is_initialized():
            ray.init(address=address or os.environ.get("RAY_ADDRESS"), ignore_reinit_error=True,
                     log_to_driver=False)
        ds = ray.data.from_items(rows)
        threads = max(1, int(cpus_per_actor))
        scored = ds.map_batches(
            ShardScorer,
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=actors),
            fn_constructor_kwargs={"scorer_kwargs": scorer_kwargs, "out_dir": str(out_dir), "threads": threads},
            num_cpus=cpus_per_actor,
            num_gpus=gpus_per_actor or None,
            max_restarts=max_restarts,
            max_task_retries=max_restarts,
        )
        for row in scored.iter_rows():  # as each shard finishes
            info = json.loads(row["done"])
            finished[int(info["shard"])] = info
            save_manifest()
    seconds = time.perf_counter() - started
    missing = [k for k in range(n_shards) if k not in finished]
    if missing:
        raise RuntimeError(f"score_ray: shards {missing[:5]} did not finish; run again with resume=True")
    if n_items == 0:  # no inputs: a valid result with n = 0 and null means, as the local engine gives
        summary0: dict[str, Any] = {
            "n": 0, "mean": dict.fromkeys(MEASURES), "headline": scorer_kwargs.get("headline"), "n_empty": 0,
            "n_truncated": 0, "truncation": _no_cuts(), "signature": None,
            "notes": ["the inputs: no candidates to score"],
            "seconds": round(seconds, 3), "scored_now": 0, "shards": 0, "out": str(out_dir),
        }
        _write_atomic(out_dir / "summary.json", dumps(summary0, indent=1) + "\n")
        return summary0
    signature = finished[0]["signature"]
    for k in sorted(finished):
        if _settings_part(finished[k]["signature"]) != _settings_part(signature):
            raise ArgumentError(
                f"--resume: shard {k} was scored with other settings\n  {finished[k]['signature']}\n  {signature}"
            )
    notes: list[str] = []
    for k in sorted(finished):
        notes.extend(x for x in finished[k]["notes"] if x not in notes)
    summary: dict[str, Any] = {
        "n": n_items,
        "mean": {m: sum(finished[k]["sums"][m] for k in finished) / n_items for m in MEASURES},
        "headline": finished[0]["headline"],
        "n_empty": sum(finished[k]["n_empty"] for k in finished),
        "n_truncated": sum(finished[k]["n_truncated"] for k in finished),
        "truncation": {key: sum(finished[k].get("truncation", {}).get(key, 0) for k in finished) for key in _no_cuts()},
        "signature": signature,
        "notes": notes,
        "seconds": round(seconds, 3),
        "scored_now": sum(len(json.loads(r["items"])) for r in rows),
        "shards": n_shards,
        "out": str(out_dir),
    }
    _write_atomic(out_dir / "summary.json", dumps(summary, indent=1) + "\n")
    return summary


def _no_cuts() -> dict[str, int]:
    return {key: 0 for _, pairs, tokens in TRUNCATION_FIELDS for key in (pairs, tokens)}


def read_results(out: str | Path) -> Iterator[dict[str, Any]]:
    """The per-item records of a finished run in ``out``, in input order."""
    out_dir = Path(out)
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{out_dir}: not a finished --engine ray run ({exc})") from exc
    if manifest.get("format") != MANIFEST_FORMAT or len(manifest["finished"]) != manifest["n_shards"]:
        raise InputError(f"{out_dir}: not a finished --engine ray run (resume it first)")
    for k in range(manifest["n_shards"]):
        with open(out_dir / f"{shard_name(k)}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def items_dataset(items: Iterable[Item]) -> Any:
    """A Ray Dataset of items (columns id, cand, refs, source), e.g. to build the input of :func:`score_ray`."""
    ray = _ray()
    return ray.data.from_items([{"id": i, "cand": c, "refs": list(r), "source": s} for i, c, r, s in items])
