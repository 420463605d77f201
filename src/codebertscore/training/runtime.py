"""What both objectives share: device and precision, the optimiser, logging, generators and the training loop.

The loop keeps the GPU busy: it reads the loss back (a host synchronisation) only every ``log_every`` steps, and
its clock counts training time only (evaluation and checkpoint writing pause it), so that a ``--time-budget`` is
time spent training and the learning-rate schedule ends where the budget does.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from codebertscore.errors import ArgumentError
from codebertscore.training.schedule import Budget, Every, lr_at

#: dtypes a trained model may be saved in
SAVE_DTYPES = {"fp16": torch.float16, "fp32": torch.float32, "bf16": torch.bfloat16}


@dataclass(kw_only=True)
class TrainingOptions:
    """Settings both objectives share (schedule shape, budget, hardware, checkpoints, logging, data limits); each
    objective's options add their own fields and defaults (learning rate, batch, optimiser constants...)."""

    schedule: str = "linear"
    weight_decay: float = 0.01
    clip: float | None = 1.0
    steps: int | None = None
    time_budget: float | None = None
    freeze_embeddings: bool = False
    compile: bool = False
    device: str | None = None
    precision: str = "auto"
    threads: int | None = None
    save_dtype: str = "fp16"
    checkpoint_every: str | None = "10m"
    checkpoint_dir: str | None = None
    eval_every: str | None = None
    seed: int = 0
    max_docs_per_lang: int | None = None
    heldout_fraction: float = 0.01
    resume: bool = False
    stop_at_step: int | None = None  # stop after this step (checkpoint written), to continue later with resume
    quiet: bool = False

    def check_common(self) -> None:
        """The checks every objective needs (its own ``check`` adds the rest)."""
        if self.save_dtype not in SAVE_DTYPES:
            raise ArgumentError(f"save-dtype: expected one of {', '.join(SAVE_DTYPES)}, got {self.save_dtype!r}")
        Budget(self.steps, self.time_budget)


@dataclass(frozen=True)
class Runtime:
    device: torch.device
    amp_dtype: torch.dtype | None  # bf16 autocast on CUDA; None (fp32) on CPU

    def autocast(self) -> AbstractContextManager[Any]:
        if self.amp_dtype is None:
            return nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.amp_dtype)

    @property
    def precision(self) -> str:
        return "bf16 autocast" if self.amp_dtype == torch.bfloat16 else "fp32"


def setup_runtime(device: str | None, seed: int, precision: str = "auto", threads: int | None = None) -> Runtime:
    """Seed torch, pick the device (CUDA when available) and the precision (bf16 autocast on CUDA, fp32 on CPU).

    ``threads`` sets torch's CPU threads (on a shared, busy machine 1 thread can be several times faster than
    oversubscribed cores).
    """
    from codebertscore.models.hf import resolve_device

    if threads is not None:
        if threads < 1:
            raise ArgumentError(f"threads: expected a positive number, got {threads}")
        torch.set_num_threads(threads)
    dev = resolve_device(device)
    torch.manual_seed(seed)
    amp: torch.dtype | None = None
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        if precision in ("auto", "bf16") and torch.cuda.is_bf16_supported():
            amp = torch.bfloat16
    elif precision == "bf16":
        amp = torch.bfloat16
    return Runtime(dev, amp)


def build_optimizer(module: torch.nn.Module, lr: float, weight_decay: float, betas: tuple[float, float], eps: float,
                    device: torch.device) -> torch.optim.AdamW:
    """AdamW over trainable parameters; no weight decay on biases, LayerNorm weights and 1-d parameters."""
    decay: list[torch.nn.Parameter] = []
    no_decay: list[torch.nn.Parameter] = []
    for p in module.parameters():
        if p.requires_grad:
            (no_decay if p.ndim < 2 else decay).append(p)
    groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    kwargs: dict[str, Any] = {"lr": lr, "betas": betas, "eps": eps}
    if device.type == "cuda":
        kwargs["fused"] = True
    return torch.optim.AdamW([g for g in groups if g["params"]], **kwargs)


def set_lr(optimizer: torch.optim.Optimizer, lr: float) -> None:
    for g in optimizer.param_groups:
        g["lr"] = lr


def count_parameters(module: torch.nn.Module) -> dict[str, int]:
    total = sum(p.numel() for p in module.parameters())
    trainable = sum(p.numel() for p in module.parameters() if p.requires_grad)
    return {"total": int(total), "trainable": int(trainable)}


def environment_info(device: torch.device) -> dict[str, Any]:
    """Hardware and software the run used (for training_state.json and the model card)."""
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "platform": platform.platform(),
        "cpu_cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "device": str(device),
    }
    try:
        import transformers

        info["transformers"] = transformers.__version__
    except ImportError:  # pragma: no cover
        pass
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    if device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(device)
        info["cuda"] = torch.version.cuda
    return info


class RunLog:
    """Human log lines (stderr and ``train.log``) and JSON metrics (``metrics.jsonl``) of a run."""

    def __init__(self, folder: Path | None, quiet: bool = False) -> None:
        self.folder = folder
        self.quiet = quiet
        self.t0 = time.perf_counter()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def info(self, msg: str) -> None:
        line = f"[{time.perf_counter() - self.t0:8.1f}s] {msg}"
        if not self.quiet:
            print(line, file=sys.stderr, flush=True)
        if self.folder is not None:
            with open(self.folder / "train.log", "a", encoding="utf-8") as fh:
                fh.write(line + "\n")

    def metric(self, record: dict[str, Any]) -> None:
        if self.folder is not None:
            with open(self.folder / "metrics.jsonl", "a", encoding="utf-8") as fh:
                fh.write(json.dumps(record) + "\n")


def rng_tensors(generators: dict[str, torch.Generator], device: torch.device) -> dict[str, torch.Tensor]:
    """States of torch's global generators (CPU, and CUDA when used) and of named generators."""
    out = {"torch_cpu": torch.get_rng_state()}
    if device.type == "cuda":
        out["torch_cuda"] = torch.cuda.get_rng_state(device)
    for name, g in generators.items():
        out[f"gen_{name}"] = g.get_state()
    return out


def restore_rng(states: dict[str, torch.Tensor], generators: dict[str, torch.Generator], device: torch.device) -> None:
    torch.set_rng_state(states["torch_cpu"])
    if device.type == "cuda" and "torch_cuda" in states:
        torch.cuda.set_rng_state(states["torch_cuda"], device)
    for name, g in generators.items():
        key = f"gen_{name}"
        if key in states:
            g.set_state(states[key])


def epoch_permutation(n: int, seed: int, epoch: int) -> np.ndarray:
    """The order of ``n`` items in ``epoch``: a pure function of (seed, epoch), so resuming needs no RNG state."""
    return np.random.default_rng([seed, epoch]).permutation(n)


@dataclass
class LoopState:
    """Progress of a run (saved in checkpoints)."""

    step: int = 0
    elapsed: float = 0.0  # seconds of training (evaluation and checkpointing excluded)
    items: int = 0  # tokens (masked LM) or pairs (contrastive) trained on
    epoch: int = 0
    cursor: int = 0  # position in the epoch's order
    history: list[dict[str, Any]] = field(default_factory=list)  # logged training points
    evals: list[dict[str, Any]] = field(default_factory=list)  # evaluation results

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step, "elapsed": self.elapsed, "items": self.items, "epoch": self.epoch,
                "cursor": self.cursor, "history": self.history, "evals": self.evals}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> LoopState:
        return cls(int(d["step"]), float(d["elapsed"]), int(d["items"]), int(d["epoch"]), int(d["cursor"]),
                   list(d.get("history", [])), list(d.get("evals", [])))


@dataclass
class LoopConfig:
    budget: Budget
    lr: float
    warmup: float
    schedule: str = "linear"
    final_lr_ratio: float = 0.0
    clip: float | None = 1.0
    log_every: int = 50
    eval_every: Every = field(default_factory=Every)
    checkpoint_every: Every = field(default_factory=Every)
    item_name: str = "items"
    stop_at_step: int | None = None  # end this invocation after that step (the budget and schedule stay the same)


def run_loop(
    *,
    config: LoopConfig,
    state: LoopState,
    optimizer: torch.optim.Optimizer,
    step_fn: Callable[[LoopState], tuple[torch.Tensor, torch.Tensor | None, int]],
    evaluate: Callable[[LoopState], dict[str, Any]] | None,
    save_checkpoint: Callable[[LoopState], None] | None,
    log: RunLog,
    device: torch.device,
) -> LoopState:
    """Train until the budget is spent.

    ``step_fn(state)`` runs forward and backward for one batch and returns (loss, accuracy or None, items); it
    advances ``state.cursor``/``state.epoch`` itself. The optimiser step, clipping and learning rate are done here.
    """
    params = [p for g in optimizer.param_groups for p in g["params"]]
    zero = torch.zeros((), device=device)
    loss_sum, acc_sum, norm_sum = zero.clone(), zero.clone(), zero.clone()
    n_sum, items_since = 0, 0
    last_log_elapsed = state.elapsed
    last_eval = (state.step, state.elapsed)
    last_ckpt = (state.step, state.elapsed)
    t_last = time.perf_counter()
    while True:
        progress = config.budget.progress(state.step, state.elapsed)
        if progress >= 1.0 or (config.stop_at_step is not None and state.step >= config.stop_at_step):
            break
        lr = lr_at(progress, config.lr, config.warmup, config.final_lr_ratio, config.schedule)
        set_lr(optimizer, lr)
        loss, acc, items = step_fn(state)
        if config.clip:
            norm_sum += torch.nn.utils.clip_grad_norm_(params, config.clip).detach().float()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        state.step += 1
        state.items += items
        items_since += items
        loss_sum += loss.detach().float()
        if acc is not None:
            acc_sum += acc.detach().float()
        n_sum += 1
        now = time.perf_counter()
        state.elapsed += now - t_last
        t_last = now
        if state.step % config.log_every == 0 or state.step == 1:
            if device.type == "cuda":
                torch.cuda.synchronize(device)
            now = time.perf_counter()
            state.elapsed += now - t_last
            t_last = now
            span = max(state.elapsed - last_log_elapsed, 1e-9)
            point = {
                "step": state.step, "elapsed_s": round(state.elapsed, 3), "lr": lr,
                "loss": float(loss_sum.item()) / n_sum,
                f"{config.item_name}_per_s": items_since / span, config.item_name: state.items,
            }
            if acc is not None:
                point["acc"] = float(acc_sum.item()) / n_sum
            if config.clip:
                point["grad_norm"] = float(norm_sum.item()) / n_sum
            state.history.append(point)
            log.metric({"kind": "train", **point})
            log.info(
                f"step {state.step} loss {point['loss']:.4f}" + (f" acc {point['acc']:.3f}" if "acc" in point else "")
                + f" lr {lr:.2e} {point[f'{config.item_name}_per_s']:.0f} {config.item_name}/s"
                + f" ({state.elapsed:.0f}s, {100 * config.budget.progress(state.step, state.elapsed):.0f}%)"
            )
            loss_sum.zero_()
            acc_sum.zero_()
            norm_sum.zero_()
            n_sum, items_since, last_log_elapsed = 0, 0, state.elapsed
        if evaluate is not None and config.eval_every.due(state.step, state.elapsed, *last_eval):
            _record_eval(state, evaluate, log)
            last_eval = (state.step, state.elapsed)
            t_last = time.perf_counter()
        if save_checkpoint is not None and config.checkpoint_every.due(state.step, state.elapsed, *last_ckpt):
            save_checkpoint(state)
            last_ckpt = (state.step, state.elapsed)
            t_last = time.perf_counter()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    state.elapsed += time.perf_counter() - t_last
    return state


def _record_eval(state: LoopState, evaluate: Callable[[LoopState], dict[str, Any]], log: RunLog) -> dict[str, Any]:
    result = {"step": state.step, "elapsed_s": round(state.elapsed, 3), **evaluate(state)}
    state.evals.append(result)
    log.metric({"kind": "eval", **result})
    log.info("eval " + json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in result.items()}))
    return result


def record_eval(state: LoopState, evaluate: Callable[[LoopState], dict[str, Any]], log: RunLog) -> dict[str, Any]:
    """Evaluate now and keep the result in the state's history."""
    return _record_eval(state, evaluate, log)


def encoder_positions(config: Any) -> int:
    """Tokens one sequence may hold in an encoder with ``config`` (RoBERTa-style models reserve padding offsets)."""
    positions = int(getattr(config, "max_position_embeddings", 512))
    if config.model_type in ("roberta", "xlm-roberta", "camembert"):
        positions -= int(getattr(config, "pad_token_id", 1) or 1) + 1
    return positions


def loop_config(opts: Any, item_name: str) -> LoopConfig:
    """The loop settings common to both objectives' options (budget, schedule, clipping, logging, checkpoints)."""
    return LoopConfig(
        budget=Budget(opts.steps, opts.time_budget), lr=opts.lr, warmup=opts.warmup, schedule=opts.schedule,
        clip=opts.clip, log_every=opts.log_every, eval_every=Every.parse(opts.eval_every, "eval-every"),
        checkpoint_every=Every.parse(opts.checkpoint_every, "checkpoint-every"), stop_at_step=opts.stop_at_step,
        item_name=item_name,
    )


def train_with_evals(
    *,
    config: LoopConfig,
    state: LoopState,
    optimizer: torch.optim.Optimizer,
    step_fn: Callable[[LoopState], tuple[torch.Tensor, torch.Tensor | None, int]],
    evaluate: Callable[[LoopState], dict[str, Any]] | None,
    checkpoint: Callable[[LoopState], None],
    log: RunLog,
    device: torch.device,
) -> dict[str, Any]:
    """Evaluate before a fresh run, train (:func:`run_loop`), evaluate again and write the last checkpoint when
    checkpoints are on or the run stops early to be resumed. Returns the final evaluation ({} without one)."""
    if evaluate is not None and state.step == 0:
        record_eval(state, evaluate, log)
    run_loop(config=config, state=state, optimizer=optimizer, step_fn=step_fn, evaluate=evaluate,
             save_checkpoint=checkpoint if config.checkpoint_every.active else None, log=log, device=device)
    final_eval = record_eval(state, evaluate, log) if evaluate is not None else {}
    if config.checkpoint_every.active or config.stop_at_step is not None:
        checkpoint(state)
    return final_eval


def run_record(state: LoopState, final_eval: dict[str, Any], runtime: Runtime, wall0: float) -> dict[str, Any]:
    """What a finished run reports whatever its objective: progress, speed, losses, evaluations, environment."""
    dev = runtime.device
    return {
        "steps": state.step,
        "items_seen": state.items,
        "items_per_second": state.items / state.elapsed if state.elapsed > 0 else None,
        "train_seconds": state.elapsed,
        "wall_seconds": time.perf_counter() - wall0,
        "final_train_loss": state.history[-1]["loss"] if state.history else None,
        "final_eval": final_eval,
        "history": state.history[-200:],
        "evals": state.evals,
        "precision": runtime.precision,
        "cuda_max_memory_gib": torch.cuda.max_memory_allocated(dev) / 2**30 if dev.type == "cuda" else None,
        "environment": environment_info(dev),
    }
