"""``codebertscore train``: train or adapt an encoder, and move trained models as deltas.

Sub-commands::

    codebertscore train mlm          --corpus DIR --out DIR [--init scratch|FOLDER|HUB] [--time-budget 300s] ...
    codebertscore train contrastive  --init FOLDER --out DIR (--pairs FILE | --corpus DIR) [--head token|mean] ...
    codebertscore train mine-pairs   --corpus DIR --out pairs.jsonl.xz [--kinds doc,rewrite] ...
    codebertscore train export-delta --base FOLDER --model FOLDER --out DIR [--shard-mib 15]
    codebertscore train apply-delta  --base FOLDER --delta DIR --out DIR

Each prints a JSON summary on stdout (progress goes to stderr and to the output folder's train.log).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from codebertscore.cli.common import hide_aliases, positive_int
from codebertscore.errors import ArgumentError
from codebertscore.jsonio import dumps


def _fraction(text: str) -> float:
    try:
        v = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1), got {text!r}") from exc
    if not 0.0 <= v < 1.0:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1), got {text!r}")
    return v


def _add_common_training(p: argparse.ArgumentParser, *, lr: float, batch: int, warmup: float, log_every: int) -> None:
    g = p.add_argument_group("budget and optimisation")
    g.add_argument("--time-budget", metavar="DURATION",
                   help="training time (e.g. 300s, 5m; evaluation and checkpoints not counted); "
                        "the LR schedule is fitted to it")
    g.add_argument("--steps", type=positive_int, help="optimizer steps (with --time-budget: whichever ends first)")
    g.add_argument("--batch-size", type=positive_int, default=batch,
                   help=f"sequences or pairs per step (default {batch})")
    g.add_argument("--lr", type=float, default=lr, help=f"peak learning rate (default {lr:g})")
    g.add_argument("--warmup", type=float, default=warmup, help=f"warm-up fraction of the budget (default {warmup:g})")
    g.add_argument("--schedule", choices=("linear", "cosine", "constant"), default="linear", help="decay after warm-up")
    g.add_argument("--weight-decay", type=float, default=0.01, help="AdamW weight decay")
    g.add_argument("--clip", type=float, default=1.0, help="gradient-norm clipping (0: off)")
    g.add_argument("--freeze-embeddings", action="store_true",
                   help="keep the word-embedding matrix fixed (only transformer layers change; smaller deltas)")
    g.add_argument("--compile", action="store_true", help="torch.compile the model (pays off on long GPU runs)")
    g.add_argument("--device", default=None, help="cpu, cuda, cuda:N (default: CUDA when available)")
    g.add_argument("--precision", choices=("auto", "bf16", "fp32"), default="auto",
                   help="auto: bf16 autocast on CUDA, fp32 on CPU")
    g.add_argument("--threads", type=positive_int, default=None,
                   help="CPU threads for torch (default: torch's choice)")
    g.add_argument("--seed", type=int, default=0, help="seed of every random choice (reported in the output)")
    o = p.add_argument_group("output and progress")
    hide_aliases(o.add_argument("--out", "--output", required=True, metavar="DIR",
                                help="model folder to write (transformers layout + training_state.json)"), "--output")
    o.add_argument("--save-dtype", choices=("fp16", "fp32", "bf16"), default="fp16", help="dtype of the saved weights")
    o.add_argument("--checkpoint-every", default="10m", help="steps (500) or time (10m); 'never' to disable")
    o.add_argument("--checkpoint-dir", default=None, help="where checkpoints go (default: OUT/checkpoint)")
    o.add_argument("--resume", action="store_true",
                   help="continue from the checkpoint (model, optimizer, RNG, data position)")
    o.add_argument("--stop-at-step", type=positive_int, default=None,
                   help="end this invocation after that step with a checkpoint (same budget and schedule); "
                        "--resume continues")
    o.add_argument("--eval-every", default=None,
                   help="held-out evaluation cadence, steps or time (default: start and end)")
    o.add_argument("--log-every", type=positive_int, default=log_every,
                   help="steps between log lines (each one syncs the GPU)")
    o.add_argument("--heldout-fraction", type=_fraction, default=0.01, help="documents held out by hash (default 0.01)")
    o.add_argument("--quiet", action="store_true", help="no progress on stderr (still written to OUT/train.log)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="train_command", metavar="COMMAND")
    sub.required = True

    m = sub.add_parser("mlm", help="masked-LM training, from scratch or continued from a model",
                       description="Masked-LM training, from scratch (a new byte-level BPE tokenizer and RoBERTa-style "
                                   "encoder) or continued from a model folder or hub name.")
    m.add_argument("--corpus", required=True, help="corpus folder (<lang>.txt.xz files) or a folder of source files")
    m.add_argument("--langs", default=None, help="comma-separated languages (default: all in the corpus)")
    m.add_argument("--init", default="scratch", help="'scratch', a model folder or a hub name (default scratch)")
    m.add_argument("--seq-len", type=positive_int, default=256, help="tokens per packed sequence (default 256)")
    m.add_argument("--mask-prob", type=float, default=0.15, help="fraction of tokens masked per sequence")
    m.add_argument("--max-docs-per-lang", type=positive_int, default=None, help="deterministic subset, for quick runs")
    m.add_argument("--max-tokens-per-lang", type=positive_int, default=None,
                   help="at most this many training tokens per language (default: all)")
    m.add_argument("--eval-sequences", type=positive_int, default=64, help="held-out sequences per language")
    m.add_argument("--layer", type=int, default=None, help="default scoring layer to record in codebertscore.json")
    s = m.add_argument_group("from scratch")
    s.add_argument("--tokenizer", default=None, help="reuse this folder's tokenizer instead of training one")
    s.add_argument("--vocab-size", type=positive_int, default=16000, help="tokens in the new BPE vocabulary")
    s.add_argument("--tokenizer-sample-mib", type=float, default=64.0, help="text the BPE tokenizer is trained on")
    # --layers elsewhere is a list of layers to score; the depth of a new model is --num-layers (old spelling hidden)
    hide_aliases(s.add_argument("--num-layers", "--layers", dest="num_layers", type=positive_int, default=8,
                                help="transformer layers of the new encoder"), "--layers")
    s.add_argument("--hidden", type=positive_int, default=512, help="hidden size of the new encoder")
    s.add_argument("--heads", type=positive_int, default=8, help="attention heads per layer")
    s.add_argument("--intermediate", type=positive_int, default=2048, help="feed-forward size per layer")
    _add_common_training(m, lr=1e-4, batch=64, warmup=0.06, log_every=50)
    m.set_defaults(train_run=_run_mlm)

    c = sub.add_parser("contrastive", help="contrastive training on mined pairs (doc<->function, function<->rewrite)",
                       description="Contrastive training with in-batch negatives; head 'token' optimises "
                                   "CodeBERTScore's own token-matching F1/F3, head 'mean' a mean-pooled cosine.")
    c.add_argument("--init", required=True, help="model folder or hub name to start from")
    src = c.add_mutually_exclusive_group(required=True)
    src.add_argument("--pairs", help="pairs file from `train mine-pairs` (.jsonl or .jsonl.xz)")
    src.add_argument("--corpus", help="corpus folder to mine pairs from now")
    c.add_argument("--langs", default=None, help="comma-separated languages (default: all in the pairs or corpus)")
    c.add_argument("--kinds", default="doc,rewrite", help="pair kinds: doc, rewrite or both (default)")
    c.add_argument("--head", choices=("token", "mean"), default="token",
                   help="token: CodeBERTScore's own token-matching F_beta; mean: a mean-pooled cosine")
    c.add_argument("--layer", type=int, default=None,
                   help="layer trained and scored (default: token -> the base's default layer; mean -> last)")
    c.add_argument("--beta", type=float, default=1.0, help="token head: F_beta (1 = F1, 3 = F3)")
    c.add_argument("--temperature", type=float, default=0.05, help="InfoNCE temperature")
    c.add_argument("--max-len", type=positive_int, default=256, help="tokens per text, special tokens included")
    c.add_argument("--max-docs-per-lang", type=positive_int, default=None,
                   help="with --corpus: a deterministic subset of documents per language (default: all)")
    c.add_argument("--max-pairs-per-lang", type=positive_int, default=None,
                   help="at most this many training pairs per language (default: all)")
    c.add_argument("--eval-pairs-per-lang", type=positive_int, default=256, help="held-out pairs per language")
    c.add_argument("--chunk", type=positive_int, default=None,
                   help="token head: rows per checkpointed block of the all-pairs matching (saves GPU memory)")
    c.add_argument("--workers", type=positive_int, default=None, help="processes for mining (default: all cores)")
    _add_common_training(c, lr=2e-5, batch=32, warmup=0.1, log_every=20)
    c.set_defaults(train_run=_run_contrastive)

    p = sub.add_parser("mine-pairs", help="mine positive pairs from a corpus into a JSONL file",
                       description="Mine doc<->function and function<->rewrite pairs (deterministic, parallel).")
    p.add_argument("--corpus", required=True, help="corpus folder (<lang>.txt.xz files) or a folder of source files")
    hide_aliases(p.add_argument("--out", "--output", required=True, metavar="FILE",
                                help="pairs file (.jsonl or .jsonl.xz)"), "--output")
    p.add_argument("--langs", default=None, help="comma-separated languages (default: all in the corpus)")
    p.add_argument("--kinds", default="doc,rewrite", help="pair kinds: doc, rewrite or both (default)")
    p.add_argument("--max-docs-per-lang", type=positive_int, default=None,
                   help="a deterministic subset of documents per language (default: all)")
    p.add_argument("--max-pairs-per-lang", type=positive_int, default=None,
                   help="at most this many pairs per language (default: all)")
    p.add_argument("--heldout-fraction", type=_fraction, default=0.01,
                   help="documents held out by hash (never mined for training pairs)")
    p.add_argument("--rename-prob", type=float, default=0.8, help="probability that each local name is renamed")
    p.add_argument("--seed", type=int, default=0, help="seed of every random choice")
    p.add_argument("--workers", type=positive_int, default=None, help="processes for mining (default: all cores)")
    p.set_defaults(train_run=_run_mine)

    e = sub.add_parser("export-delta", help="write the tensors that differ from a base folder, in small shards")
    e.add_argument("--base", required=True, help="the model folder the delta is taken against")
    e.add_argument("--model", required=True, help="the trained model folder")
    hide_aliases(e.add_argument("--out", "--output", required=True, metavar="DIR",
                                help="folder for delta-NNNNN-of-NNNNN.safetensors"), "--output")
    e.add_argument("--shard-mib", type=float, default=15.0, help="largest shard (default 15 MiB)")
    e.set_defaults(train_run=_run_export)

    a = sub.add_parser("apply-delta", help="rebuild a model folder from a base and a delta (checked bit for bit)")
    a.add_argument("--base", required=True, help="the model folder the delta was taken against")
    a.add_argument("--delta", required=True, help="the delta folder from `train export-delta`")
    hide_aliases(a.add_argument("--out", "--output", required=True, metavar="DIR",
                                help="the model folder to rebuild"), "--output")
    a.set_defaults(train_run=_run_apply)


def _budget(args: argparse.Namespace) -> tuple[int | None, float | None]:
    from codebertscore.training.schedule import parse_duration

    seconds = parse_duration(args.time_budget, "time-budget") if args.time_budget else None
    if seconds is None and args.steps is None:
        raise ArgumentError("time-budget/steps: give --time-budget (e.g. 300s) or --steps (or both)")
    return args.steps, seconds


def _summary(state: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if k not in ("history", "evals", "environment", "recipe")}


def _common_options(args: argparse.Namespace) -> dict[str, Any]:
    """The settings both objectives share (``TrainingOptions``), from the options both verbs take."""
    steps, seconds = _budget(args)
    return dict(
        schedule=args.schedule, weight_decay=args.weight_decay, clip=args.clip or None, steps=steps,
        time_budget=seconds, freeze_embeddings=args.freeze_embeddings, compile=args.compile, device=args.device,
        precision=args.precision, threads=args.threads, save_dtype=args.save_dtype,
        checkpoint_every=args.checkpoint_every, checkpoint_dir=args.checkpoint_dir, eval_every=args.eval_every,
        seed=args.seed, max_docs_per_lang=args.max_docs_per_lang, heldout_fraction=args.heldout_fraction,
        resume=args.resume, stop_at_step=args.stop_at_step, quiet=args.quiet,
    )


def _run_mlm(args: argparse.Namespace) -> int:
    from codebertscore.training.mlm import MLMOptions, ScratchModel, train_mlm

    opts = MLMOptions(
        corpus=args.corpus, output=args.out, init=args.init, langs=args.langs,
        scratch=ScratchModel(args.vocab_size, args.num_layers, args.hidden, args.heads, args.intermediate,
                             args.tokenizer, args.tokenizer_sample_mib),
        seq_len=args.seq_len, batch_size=args.batch_size, lr=args.lr, warmup=args.warmup, mask_prob=args.mask_prob,
        log_every=args.log_every, max_tokens_per_lang=args.max_tokens_per_lang, eval_sequences=args.eval_sequences,
        layer=args.layer, **_common_options(args),
    )
    print(dumps(_summary(train_mlm(opts)), indent=1, default=str))
    return 0


def _run_contrastive(args: argparse.Namespace) -> int:
    from codebertscore.training.contrastive import ContrastiveOptions, train_contrastive

    opts = ContrastiveOptions(
        output=args.out, init=args.init, pairs=args.pairs, corpus=args.corpus, langs=args.langs, kinds=args.kinds,
        head=args.head, layer=args.layer, beta=args.beta, temperature=args.temperature, max_len=args.max_len,
        batch_size=args.batch_size, lr=args.lr, warmup=args.warmup, log_every=args.log_every,
        max_pairs_per_lang=args.max_pairs_per_lang, eval_pairs_per_lang=args.eval_pairs_per_lang, chunk=args.chunk,
        workers=args.workers, **_common_options(args),
    )
    print(dumps(_summary(train_contrastive(opts)), indent=1, default=str))
    return 0


def _run_mine(args: argparse.Namespace) -> int:
    import time

    from codebertscore.training.corpus import read_corpus
    from codebertscore.training.pairs import MiningOptions, mine_pairs, pair_statistics, parse_kinds, write_pairs

    if not 0.0 <= args.rename_prob <= 1.0:
        raise ArgumentError(f"rename-prob: expected a probability in [0, 1], got {args.rename_prob}")
    t0 = time.perf_counter()
    docs = read_corpus(args.corpus, args.langs, max_docs_per_lang=args.max_docs_per_lang)
    options = MiningOptions(kinds=parse_kinds(args.kinds), seed=args.seed, heldout_fraction=args.heldout_fraction,
                            rename_prob=args.rename_prob)
    pairs = mine_pairs(docs, options, workers=args.workers, max_pairs_per_lang=args.max_pairs_per_lang)
    n = write_pairs(args.out, pairs)
    print(dumps({"output": args.out, "pairs": n, "seed": args.seed, "per_language": pair_statistics(pairs),
                      "documents": {k: len(v) for k, v in docs.items()},
                      "seconds": round(time.perf_counter() - t0, 2)}, indent=1))
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from codebertscore.training.delta import export_delta

    print(dumps(export_delta(args.base, args.model, args.out, args.shard_mib), indent=1))
    return 0


def _run_apply(args: argparse.Namespace) -> int:
    from codebertscore.training.delta import apply_delta

    print(dumps(apply_delta(args.base, args.delta, args.out), indent=1))
    return 0


def run(args: argparse.Namespace) -> int:
    handler = getattr(args, "train_run", None)
    if handler is None:  # pragma: no cover - argparse enforces a sub-command
        print("codebertscore train: give a command (mlm, contrastive, mine-pairs, export-delta, apply-delta)",
              file=sys.stderr)
        return 2
    return int(handler(args))
