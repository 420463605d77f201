#!/usr/bin/env python3
"""Train several encoder variants one after another within one time budget, export their deltas, summarise.

Run on the lent GPU machine from the repository root (see scripts/gpu/README.md)::

    OUT=... PYTHONPATH=src python3 scripts/gpu/train_variants.py --out "$OUT" --total-budget 540 \
        --variants cl-token,cl-mean,mlm-token

Each stage runs as its own process (``python3 -m codebertscore --debug train ...``) under a timeout, so one variant's
failure (crash, out of memory, timeout) does not stop the others. The remaining time is re-divided among the
remaining variants after each one. Everything a stage prints goes to the console and to ``$OUT/log.txt``; each
finished model is exported as a delta against ``--base`` into ``$OUT/<variant>/`` (15 MiB shards) as long as the
transfer limits allow (at most ``--max-files`` files and ``--max-mib`` MiB under $OUT, two reserved for the log and
the summary); ``$OUT/summary.json`` holds every variant's training state; a table is printed last.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: the built-in recipes: each variant is a list of stages (objective, share of the variant's budget, arguments).
#: "{prev}" is replaced by the previous stage's output folder, "{base}" by --base.
VARIANTS: dict[str, list[dict[str, Any]]] = {
    # MiniLM + contrastive, mean-pooled last layer (sentence-encoder style)
    "cl-mean": [{"objective": "contrastive", "share": 1.0, "args": {
        "init": "{base}", "head": "mean", "batch-size": 128, "lr": 3e-5, "warmup": 0.1, "temperature": 0.05,
        "max-len": 256, "freeze-embeddings": True}}],
    # MiniLM + contrastive, token matching (CodeBERTScore's F1) at layer 4
    "cl-token": [{"objective": "contrastive", "share": 1.0, "args": {
        "init": "{base}", "head": "token", "layer": 4, "beta": 1.0, "batch-size": 64, "lr": 3e-5, "warmup": 0.1,
        "temperature": 0.05, "max-len": 256, "chunk": 16, "freeze-embeddings": True}}],
    # the same with F3 (recall-weighted, the paper's headline for functional correctness)
    "cl-token-f3": [{"objective": "contrastive", "share": 1.0, "args": {
        "init": "{base}", "head": "token", "layer": 4, "beta": 3.0, "batch-size": 64, "lr": 3e-5, "warmup": 0.1,
        "temperature": 0.05, "max-len": 256, "chunk": 16, "freeze-embeddings": True}}],
    # MiniLM + masked-LM on code only
    "mlm": [{"objective": "mlm", "share": 1.0, "args": {
        "init": "{base}", "seq-len": 256, "batch-size": 256, "lr": 1e-4, "warmup": 0.06, "freeze-embeddings": True}}],
    # MiniLM + short masked-LM, then token-matching contrastive
    "mlm-token": [
        {"objective": "mlm", "share": 0.5, "args": {
            "init": "{base}", "seq-len": 256, "batch-size": 256, "lr": 1e-4, "warmup": 0.06,
            "freeze-embeddings": True}},
        {"objective": "contrastive", "share": 0.5, "args": {
            "init": "{prev}", "head": "token", "layer": 4, "beta": 1.0, "batch-size": 64, "lr": 3e-5, "warmup": 0.1,
            "temperature": 0.05, "max-len": 256, "chunk": 16, "freeze-embeddings": True}}],
    # a RoBERTa-style code MLM from scratch (the earlier 34M experiment's shape)
    "scratch-mlm": [{"objective": "mlm", "share": 1.0, "args": {
        "init": "scratch", "vocab-size": 16000, "layers": 8, "hidden": 512, "heads": 8, "intermediate": 2048,
        "seq-len": 512, "batch-size": 128, "lr": 5e-4, "warmup": 0.06, "save-dtype": "fp16"}}],
}

#: model-size arguments that apply only to a model trained from scratch
SCRATCH_ONLY = ("vocab-size", "layers", "hidden", "heads", "intermediate", "tokenizer-sample-mib")

#: arguments added to every stage with --tiny (an end-to-end check in seconds on a CPU)
TINY = {
    "mlm": {"max-docs-per-lang": 30, "seq-len": 64, "batch-size": 4, "eval-sequences": 4, "log-every": 2,
            "vocab-size": 500, "layers": 2, "hidden": 32, "heads": 2, "intermediate": 64, "heldout-fraction": 0.2,
            "threads": 1, "tokenizer-sample-mib": 1},
    "contrastive": {"batch-size": 4, "max-len": 64, "eval-pairs-per-lang": 8, "log-every": 2,
                    "max-pairs-per-lang": 60, "chunk": 2, "threads": 1},
}


class Tee:
    """Write to the console and to the log file."""

    def __init__(self, path: Path) -> None:
        self.fh = open(path, "a", encoding="utf-8", errors="replace")

    def write(self, text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()
        self.fh.write(text)
        self.fh.flush()

    def line(self, text: str) -> None:
        self.write(f"[driver {time.strftime('%H:%M:%S')}] {text}\n")


def run_logged(cmd: list[str], tee: Tee, prefix: str, timeout: float, env: dict[str, str]) -> tuple[int, float]:
    """Run ``cmd``, streaming its output (prefixed) to the console and log; kill it after ``timeout`` seconds."""
    t0 = time.perf_counter()
    tee.line(f"{prefix}: $ {' '.join(cmd)}  (timeout {timeout:.0f}s)")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
                            env=env, start_new_session=True)
    assert proc.stdout is not None
    deadline = t0 + timeout
    timed_out = False
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            timed_out = True
            break
        if sel.select(timeout=min(remaining, 5.0)):
            line = proc.stdout.readline()
            if not line:
                break
            tee.write(f"{prefix}| {line}" if line.endswith("\n") else f"{prefix}| {line}\n")
        elif proc.poll() is not None:
            break
    if timed_out:
        tee.line(f"{prefix}: timed out after {timeout:.0f}s; stopping it")
        try:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass
        proc.wait()
        return 124, time.perf_counter() - t0
    rest = proc.stdout.read()
    if rest:
        for line in rest.splitlines():
            tee.write(f"{prefix}| {line}\n")
    return proc.wait(), time.perf_counter() - t0


def stage_command(stage: dict[str, Any], out_dir: Path, seconds: float, source: dict[str, str], tiny: bool,
                  extra: dict[str, Any]) -> list[str]:
    objective = stage["objective"]
    args = dict(stage["args"])
    if objective == "mlm":
        args.setdefault("corpus", source["corpus"])
    elif source.get("pairs"):
        args.setdefault("pairs", source["pairs"])
    else:
        args.setdefault("corpus", source["corpus"])
    if tiny:
        for k, v in TINY[objective].items():
            if k in SCRATCH_ONLY and args.get("init") != "scratch":
                continue
            args[k] = v
    args.update(extra.get(objective, {}))
    args["time-budget"] = f"{max(1.0, seconds):.0f}s"
    args["output"] = str(out_dir)
    args.setdefault("checkpoint-every", "never")
    cmd = [sys.executable, "-m", "codebertscore", "--debug", "train", objective]
    for k, v in args.items():
        if v is True:
            cmd.append(f"--{k}")
        elif v is False or v is None:
            continue
        else:
            cmd += [f"--{k}", str(v)]
    return cmd


def out_usage(out: Path) -> tuple[int, int]:
    files = [p for p in out.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def summarise(name: str, status: str, state: dict[str, Any] | None, delta: dict[str, Any] | None,
              seconds: float) -> dict[str, Any]:
    row: dict[str, Any] = {"variant": name, "status": status, "wall_s": round(seconds, 1)}
    if state:
        fe = state.get("final_eval", {}) or {}
        row.update({
            "objective": state.get("objective"), "steps": state.get("steps"), "items": state.get("items_seen"),
            "item_name": state.get("item_name"), "items_per_s": state.get("items_per_second"),
            "train_s": state.get("train_seconds"), "final_loss": state.get("final_train_loss"),
            "heldout_loss": fe.get("heldout_loss", fe.get("mean_doc_loss")),
            "doc_token_acc": fe.get("mean_doc_token_acc"), "rewrite_token_acc": fe.get("mean_rewrite_token_acc"),
            "doc_mean_acc": fe.get("mean_doc_mean_acc"), "gpu_gib": state.get("cuda_max_memory_gib"),
        })
        evals = state.get("evals") or []
        if len(evals) >= 2 and "mean_doc_token_acc" in evals[0]:
            row["doc_token_acc_before"] = evals[0].get("mean_doc_token_acc")
        if len(evals) >= 2 and "heldout_loss" in evals[0]:
            row["heldout_loss_before"] = evals[0].get("heldout_loss")
    if delta:
        row["delta"] = delta
    return row


def _fmt(v: Any, spec: str) -> str:
    if v is None:
        return "-"
    try:
        return format(v, spec)
    except (TypeError, ValueError):
        return str(v)


def table(rows: list[dict[str, Any]]) -> str:
    head = f"{'variant':<14} {'status':<16} {'steps':>6} {'items':>10} {'items/s':>9} {'train s':>7} {'loss':>7} " \
           f"{'heldout':>8} {'docTokAcc':>14} {'rwTokAcc':>8} {'GiB':>5} {'delta':>12}"
    lines = [head, "-" * len(head)]
    for r in rows:
        before = r.get("doc_token_acc_before")
        acc = _fmt(r.get("doc_token_acc"), ".3f") + (f"({before:.3f})" if isinstance(before, float) else "")
        d = r.get("delta") or {}
        dtxt = f"{d['shards']}f/{d.get('bytes', 0) / 2**20:.1f}M" if d.get("shards") else (d.get("note") or "-")
        hl = _fmt(r.get("heldout_loss"), ".3f")
        if isinstance(r.get("heldout_loss_before"), float):
            hl += f"({r['heldout_loss_before']:.2f})"
        rate = _fmt(r.get("items_per_s"), ".0f" if (r.get("items_per_s") or 0) >= 100 else ".2f")
        lines.append(
            f"{r['variant']:<14} {r['status'][:16]:<16} {_fmt(r.get('steps'), 'd'):>6} {_fmt(r.get('items'), 'd'):>10} "
            f"{rate:>9} {_fmt(r.get('train_s'), '.0f'):>7} {_fmt(r.get('final_loss'), '.3f'):>7} "
            f"{hl:>8} {acc:>14} {_fmt(r.get('rewrite_token_acc'), '.3f'):>8} {_fmt(r.get('gpu_gib'), '.1f'):>5} "
            f"{dtxt:>12}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.environ.get("OUT"), help="output folder (default: $OUT)")
    p.add_argument("--variants", default="cl-token,cl-mean,mlm-token",
                   help=f"comma-separated, from: {', '.join(VARIANTS)} (default: cl-token,cl-mean,mlm-token)")
    p.add_argument("--variants-file", default=None, help="JSON file of extra recipes (same shape as VARIANTS)")
    p.add_argument("--total-budget", type=float, default=540.0, help="seconds for everything (default 540)")
    p.add_argument("--stage-overhead", type=float, default=35.0,
                   help="seconds reserved per stage for start-up, data preparation, evaluation and saving")
    p.add_argument("--base", default=".gpu/base",
                   help="base model folder (default: .gpu/base, the default encoder copied there by prepare.py)")
    p.add_argument("--corpus", default=".gpu/corpus", help="corpus folder (<lang>.txt.xz)")
    p.add_argument("--pairs", default=".gpu/pairs.jsonl.xz", help="pre-mined pairs (mined from --corpus if absent)")
    p.add_argument("--work", default="/tmp/cbs_work", help="scratch folder for full model folders")
    p.add_argument("--device", default=None, help="passed to every stage (default: CUDA when available)")
    p.add_argument("--max-files", type=int, default=8)
    p.add_argument("--max-mib", type=float, default=62.0)
    p.add_argument("--shard-mib", type=float, default=15.0)
    p.add_argument("--tiny", action="store_true", help="tiny data and batches: an end-to-end check in seconds on CPU")
    p.add_argument("--set", action="append", default=[], metavar="OBJECTIVE.KEY=VALUE",
                   help="override a stage argument for every variant, e.g. contrastive.batch-size=128")
    a = p.parse_args(argv)
    t_start = time.perf_counter()
    if not a.out:
        print("train_variants: give --out or set OUT", file=sys.stderr)
        return 2
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(a.work)
    tee = Tee(out / "log.txt")
    recipes = dict(VARIANTS)
    if a.variants_file:
        recipes.update(json.loads(Path(a.variants_file).read_text(encoding="utf-8")))
    names = [v.strip() for v in a.variants.split(",") if v.strip()]
    unknown = [v for v in names if v not in recipes]
    if unknown:
        tee.line(f"unknown variants {unknown}; known: {sorted(recipes)}")
        return 2
    extra: dict[str, dict[str, Any]] = {}
    for item in a.set:
        key, _, value = item.partition("=")
        obj, _, arg = key.partition(".")
        if obj not in ("mlm", "contrastive") or not arg:
            tee.line(f"--set {item!r}: expected mlm.KEY=VALUE or contrastive.KEY=VALUE")
            return 2
        extra.setdefault(obj, {})[arg] = True if value.lower() == "true" else value
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", "src")
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("TOKENIZERS_PARALLELISM", "true")
    if a.device:
        extra.setdefault("mlm", {})["device"] = a.device
        extra.setdefault("contrastive", {})["device"] = a.device

    # -- environment ----------------------------------------------------------------------------------------------
    tee.line(f"variants {names}; total budget {a.total_budget:.0f}s; base {a.base}; corpus {a.corpus}; pairs {a.pairs}")
    probe = ("import os, sys, torch, transformers, tokenizers, safetensors, numpy; "
             "gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None; "
             "print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.version.cuda, "
             "'gpu', gpu, 'transformers', transformers.__version__, 'tokenizers', tokenizers.__version__, "
             "'cores', os.cpu_count())")
    run_logged([sys.executable, "-c", probe], tee, "env", 60, env)
    if shutil.which("nvidia-smi"):
        query = ["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"]
        run_logged(query, tee, "env", 20, env)
    if not Path(a.base).is_dir():
        tee.line(f"base folder {a.base} is missing: nothing can run")
        return 3
    source = {"corpus": a.corpus}
    if Path(a.pairs).is_file():
        source["pairs"] = a.pairs
    else:
        tee.line(f"no pairs file at {a.pairs}: contrastive stages mine pairs from {a.corpus} themselves")

    rows: list[dict[str, Any]] = []
    states: dict[str, Any] = {}
    reserved_files = 2  # log.txt and summary.json
    for vi, name in enumerate(names):
        stages = recipes[name]
        elapsed = time.perf_counter() - t_start
        remaining_variants = names[vi:]
        n_stages_left = sum(len(recipes[v]) for v in remaining_variants)
        pool = a.total_budget - elapsed - n_stages_left * a.stage_overhead - 10.0 * len(remaining_variants)
        budget = pool / len(remaining_variants)
        t_var = time.perf_counter()
        if budget < 5:
            tee.line(f"{name}: skipped, {a.total_budget - elapsed:.0f}s left is not enough")
            rows.append(summarise(name, "skipped (time)", None, None, 0.0))
            continue
        status, state, prev = "ok", None, None
        for si, stage in enumerate(stages):
            seconds = budget * float(stage["share"])
            folder = work / name / f"{si + 1}-{stage['objective']}"
            if folder.exists():
                shutil.rmtree(folder)
            stage = json.loads(json.dumps(stage).replace("{base}", a.base).replace("{prev}", str(prev or a.base)))
            cmd = stage_command(stage, folder, seconds, source, a.tiny, extra)
            timeout = seconds + 3 * a.stage_overhead + 60
            rc, took = run_logged(cmd, tee, f"{name}/{si + 1}", timeout, env)
            if rc != 0 or not (folder / "training_state.json").is_file():
                status = f"failed stage {si + 1} (rc {rc})"
                break
            state = json.loads((folder / "training_state.json").read_text(encoding="utf-8"))
            prev = folder
            tee.line(f"{name}/{si + 1}: done in {took:.0f}s (trained {state.get('train_seconds', 0):.0f}s)")
        delta: dict[str, Any] | None = None
        if status == "ok" and prev is not None:
            dest = out / name
            rc, _ = run_logged([sys.executable, "-m", "codebertscore", "--debug", "train", "export-delta",
                                "--base", a.base,
                                "--model", str(prev), "--output", str(dest), "--shard-mib", str(a.shard_mib)],
                               tee, f"{name}/delta", 300, env)
            n_files, n_bytes = out_usage(out)
            extra_files = 0 if (out / "summary.json").exists() else 1
            if rc != 0:
                delta = {"note": f"export failed (rc {rc})"}
                shutil.rmtree(dest, ignore_errors=True)
            elif n_files + extra_files > a.max_files or n_bytes > a.max_mib * 2**20:
                shards = sorted(dest.glob("*.safetensors"))
                delta = {"note": "not kept: over the transfer limits", "shards": 0,
                         "would_be": [p.stat().st_size for p in shards]}
                shutil.rmtree(dest, ignore_errors=True)
                tee.line(f"{name}: delta dropped ({n_files} files / {n_bytes / 2**20:.1f} MiB would exceed "
                         f"{a.max_files - reserved_files + 1} files or {a.max_mib} MiB)")
            else:
                shards = sorted(dest.glob("*.safetensors"))
                delta = {"folder": name, "shards": len(shards), "bytes": sum(p.stat().st_size for p in shards)}
        states[name] = state
        rows.append(summarise(name, status, state, delta, time.perf_counter() - t_var))
        (out / "summary.json").write_text(json.dumps({"rows": rows, "states": states, "base": a.base,
                                                      "total_budget_s": a.total_budget}, indent=1, default=str) + "\n",
                                          encoding="utf-8")
    total = time.perf_counter() - t_start
    outputs = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    tee.line(f"all variants done in {total:.0f}s; outputs: {outputs}")
    # the log must fit the transfer limit: keep its head and tail
    log_file = out / "log.txt"
    tee.fh.close()
    if log_file.stat().st_size > 15 * 2**20:
        data = log_file.read_bytes()
        log_file.write_bytes(data[: 5 * 2**20] + b"\n...[truncated]...\n" + data[-9 * 2**20:])
    print("\nSUMMARY (items: tokens for mlm, pairs for contrastive; heldout: MLM held-out loss or doc-pair InfoNCE "
          "loss; docTokAcc: held-out doc->code top-1 with token matching, (before training))")
    print(table(rows))
    return 0 if all(r["status"] == "ok" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
