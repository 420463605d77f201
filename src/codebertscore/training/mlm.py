"""Masked-LM training of an encoder, from scratch or continued from a model folder / hub name.

From scratch: a byte-level BPE tokenizer is trained on (a sample of) the training documents first, then a
RoBERTa-style encoder of the asked size is initialised. Continued: the model's own tokenizer and weights are used;
a model without an MLM head (e.g. all-MiniLM-L6-v2, a BertModel) gets a new head tied to its input embeddings.

Data are prepared once, up front: documents tokenised in parallel batches, packed into rows of ``seq_len`` tokens
(documents joined by the separator token), held on the training device. Each step draws a batch in an epoch order
that is a pure function of (seed, epoch), masks it dynamically (:mod:`.masking`) and predicts only the masked
positions. Held-out documents (by hash) give a per-language held-out loss with a fixed masking seed, comparable
across steps and runs.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from codebertscore import __version__
from codebertscore.errors import ArgumentError
from codebertscore.training.checkpoint import (
    has_checkpoint,
    load_checkpoint,
    save_checkpoint,
)
from codebertscore.training.corpus import (
    corpus_description,
    read_corpus,
    split_documents,
)
from codebertscore.training.export import (
    CORPUS_LICENCE_NOTE,
    describe_base,
    write_model_folder,
)
from codebertscore.training.heads import MaskedLM, encoder_config, freeze_word_embeddings, mlm_loss
from codebertscore.training.masking import mask_tokens, predictions_per_sequence
from codebertscore.training.runtime import (
    SAVE_DTYPES,
    LoopState,
    RunLog,
    TrainingOptions,
    build_optimizer,
    count_parameters,
    encoder_positions,
    epoch_permutation,
    loop_config,
    restore_rng,
    rng_tensors,
    run_record,
    setup_runtime,
    train_with_evals,
)
from codebertscore.training.schedule import Budget
from codebertscore.training.textdata import (
    backend_copy,
    encode_texts,
    pack_sequences,
    roberta_special_tokens,
    tokenizer_info,
    train_bpe_tokenizer,
)


@dataclass
class ScratchModel:
    """Size of a RoBERTa-style encoder trained from scratch."""

    vocab_size: int = 16000
    layers: int = 8
    hidden: int = 512
    heads: int = 8
    intermediate: int = 2048
    tokenizer: str | None = None  # reuse this folder's tokenizer instead of training one
    tokenizer_sample_mib: float = 64.0


@dataclass
class MLMOptions(TrainingOptions):
    corpus: str
    output: str
    init: str = "scratch"  # "scratch", a folder or a hub name
    langs: str | None = None
    scratch: ScratchModel = field(default_factory=ScratchModel)
    seq_len: int = 256
    batch_size: int = 64
    lr: float = 1e-4
    warmup: float = 0.06
    betas: tuple[float, float] = (0.9, 0.98)
    eps: float = 1e-6
    mask_prob: float = 0.15
    log_every: int = 50
    max_tokens_per_lang: int | None = None
    eval_sequences: int = 64
    layer: int | None = None  # default scoring layer to record (None: the base's, else a rule)

    def check(self) -> None:
        if self.seq_len < 16:
            raise ArgumentError(f"seq-len: expected at least 16, got {self.seq_len}")
        if self.batch_size < 1:
            raise ArgumentError(f"batch-size: expected a positive number, got {self.batch_size}")
        if not 0.0 < self.mask_prob < 1.0:
            raise ArgumentError(f"mask-prob: expected a fraction in (0, 1), got {self.mask_prob}")
        if not self.lr > 0:
            raise ArgumentError(f"lr: expected a positive number, got {self.lr}")
        self.check_common()


def _recipe(opts: MLMOptions) -> dict[str, Any]:
    keep = ("init", "langs", "seq_len", "batch_size", "lr", "warmup", "schedule", "weight_decay", "betas", "eps",
            "clip", "mask_prob", "steps", "time_budget", "freeze_embeddings", "compile", "seed", "max_docs_per_lang",
            "max_tokens_per_lang", "heldout_fraction", "precision")
    d = {k: getattr(opts, k) for k in keep}
    if opts.init == "scratch":
        d["scratch"] = asdict(opts.scratch)
    return d


#: recipe keys that must match for --resume (the budget may change)
_RESUME_KEYS = ("init", "langs", "seq_len", "batch_size", "mask_prob", "seed", "max_docs_per_lang",
                "max_tokens_per_lang", "heldout_fraction", "freeze_embeddings")


def _sample_texts(docs: list[str], max_bytes: int) -> list[str]:
    out, total = [], 0
    for t in docs:
        out.append(t)
        total += len(t)
        if total >= max_bytes:
            break
    return out


def default_layer_for(init: str | None, num_layers: int) -> tuple[int, str]:
    """The scoring layer recorded for the trained model: the base's recorded default, else the registry's rule."""
    from codebertscore.models.registry import default_layer_rule

    if init and init != "scratch":
        folder = Path(init).expanduser()
        if folder.is_dir():
            from codebertscore.models.spec import read_model_card_defaults

            d = read_model_card_defaults(folder) or {}
            if "layer" in d and int(d["layer"]) <= num_layers:
                return int(d["layer"]), "inherited from the base model's codebertscore.json; not tuned after training"
    layer = default_layer_rule(num_layers)
    return layer, f"rule: ceil(2/3 x {num_layers} layers); not tuned"


def train_mlm(opts: MLMOptions) -> dict[str, Any]:
    """Run masked-LM training as ``opts`` says; writes the model folder and returns its training state."""
    from codebertscore.models.hf import (
        build_training_encoder,
        load_training_encoder,
        load_training_tokenizer,
        wrap_tokenizer,
    )

    opts.check()
    wall0 = time.perf_counter()
    out = Path(opts.output).expanduser()
    ckpt_dir = Path(opts.checkpoint_dir).expanduser() if opts.checkpoint_dir else out / "checkpoint"
    log = RunLog(out, quiet=opts.quiet)
    rt = setup_runtime(opts.device, opts.seed, opts.precision, opts.threads)
    log.info(f"masked-LM training on {rt.device} ({rt.precision}); init={opts.init}; budget "
             f"{Budget(opts.steps, opts.time_budget).describe()}")

    # -- corpus -------------------------------------------------------------------------------------------------
    docs = read_corpus(opts.corpus, opts.langs, max_docs_per_lang=opts.max_docs_per_lang)
    splits = {lang: split_documents(d, opts.heldout_fraction) for lang, d in docs.items()}
    log.info("documents (train/held-out): " + ", ".join(f"{k} {len(a)}/{len(b)}" for k, (a, b) in splits.items()))

    # -- tokenizer and encoder ------------------------------------------------------------------------------------
    tokenizer_source: str | None
    if opts.init == "scratch":
        sc = opts.scratch
        if sc.tokenizer:
            hf_tok = load_training_tokenizer(sc.tokenizer)
            tokenizer_source = sc.tokenizer
        else:
            budget_bytes = int(sc.tokenizer_sample_mib * 2**20)
            per_lang = max(1, budget_bytes // max(1, len(splits)))
            sample = [t for train, _ in splits.values() for t in _sample_texts([d.text for d in train], per_lang)]
            t0 = time.perf_counter()
            bpe = train_bpe_tokenizer(sample, sc.vocab_size)
            hf_tok = wrap_tokenizer(bpe, roberta_special_tokens(), model_max_length=opts.seq_len)
            tokenizer_source = None
            log.info(f"trained a byte-level BPE tokenizer ({bpe.get_vocab_size()} tokens) on "
                     f"{sum(map(len, sample)) / 2**20:.1f} MiB in {time.perf_counter() - t0:.1f}s")
        info = tokenizer_info(hf_tok)
        config = {
            "model_type": "roberta", "vocab_size": info.vocab_size, "hidden_size": sc.hidden,
            "num_hidden_layers": sc.layers, "num_attention_heads": sc.heads, "intermediate_size": sc.intermediate,
            "max_position_embeddings": opts.seq_len + 2, "type_vocab_size": 1, "pad_token_id": info.pad_id,
            "bos_token_id": info.prefix_ids[0] if info.prefix_ids else 0, "eos_token_id": info.sep_id,
            "layer_norm_eps": 1e-5,
        }
        encoder = build_training_encoder(config)
    else:
        hf_tok = load_training_tokenizer(opts.init)
        tokenizer_source = opts.init
        info = tokenizer_info(hf_tok)
        encoder = load_training_encoder(opts.init)
    cfg = encoder_config(encoder)
    max_pos = encoder_positions(cfg)
    if opts.seq_len > max_pos:
        raise ArgumentError(f"seq-len: {opts.seq_len} is longer than the model's {max_pos} positions")
    backend = backend_copy(hf_tok)

    # -- data ------------------------------------------------------------------------------------------------------
    t0 = time.perf_counter()
    train_rows: list[np.ndarray] = []
    heldout: dict[str, np.ndarray] = {}
    tokens_per_lang: dict[str, int] = {}
    for lang, (train_docs, held_docs) in splits.items():
        arrays = encode_texts(backend, [d.text for d in train_docs])
        packed = pack_sequences(arrays, opts.seq_len, info, opts.max_tokens_per_lang)
        tokens_per_lang[lang] = int(sum(a.size for a in arrays))
        train_rows.append(packed)
        if held_docs:
            held = pack_sequences(encode_texts(backend, [d.text for d in held_docs]), opts.seq_len, info)
            if len(held):
                heldout[lang] = held[: opts.eval_sequences]
    train_np = np.concatenate(train_rows) if train_rows else np.zeros((0, opts.seq_len), dtype=np.int32)
    if len(train_np) < opts.batch_size:
        raise ArgumentError(
            f"corpus: only {len(train_np)} training sequences of {opts.seq_len} tokens, fewer than one batch "
            f"({opts.batch_size}); use a larger corpus or a smaller --batch-size/--seq-len"
        )
    log.info(f"tokenised and packed in {time.perf_counter() - t0:.1f}s: {len(train_np)} training sequences of "
             f"{opts.seq_len} ({train_np.size / 1e6:.1f}M tokens); held-out sequences: "
             + ", ".join(f"{k} {len(v)}" for k, v in heldout.items()))

    # -- model, optimiser, generators ---------------------------------------------------------------------------------
    dev = rt.device
    model = MaskedLM(encoder, float(getattr(cfg, "layer_norm_eps", 1e-12)))
    frozen = freeze_word_embeddings(encoder) if opts.freeze_embeddings else 0
    model.to(dev)
    model.train()
    optimizer = build_optimizer(model, opts.lr, opts.weight_decay, opts.betas, opts.eps, dev)
    params = count_parameters(model)
    log.info(f"model: {cfg.model_type}, {cfg.num_hidden_layers} layers, hidden {cfg.hidden_size}; "
             f"{params['total'] / 1e6:.1f}M parameters, {params['trainable'] / 1e6:.1f}M trained"
             + (f" (word embeddings frozen: {frozen / 1e6:.1f}M)" if frozen else ""))
    forward = torch.compile(model) if opts.compile else model

    train_t = torch.from_numpy(train_np).to(dev)  # (N, T) int32, on the device once
    special = torch.zeros(max(info.vocab_size, int(train_np.max()) + 1), dtype=torch.bool)
    special[list(info.special_ids)] = True
    special = special.to(dev)
    random_ids = torch.nonzero(~special[: info.vocab_size]).flatten().to(dev)
    k = predictions_per_sequence(opts.seq_len - len(info.prefix_ids) - len(info.suffix_ids), opts.mask_prob)
    mask_gen = torch.Generator(device=dev)
    mask_gen.manual_seed(opts.seed + 1)
    state = LoopState()
    recipe = _recipe(opts)
    if opts.resume and has_checkpoint(ckpt_dir):
        saved, rng = load_checkpoint(ckpt_dir, model=model, optimizer=optimizer)
        for key in _RESUME_KEYS:
            if saved["recipe"].get(key) != recipe.get(key) and not (
                isinstance(recipe.get(key), tuple) and list(recipe[key]) == saved["recipe"].get(key)
            ):
                raise ArgumentError(f"resume: --{key.replace('_', '-')} differs from the checkpoint's "
                                    f"({recipe.get(key)!r} vs {saved['recipe'].get(key)!r})")
        restore_rng(rng, {"mask": mask_gen}, dev)
        state = LoopState.from_json(saved["loop"])
        log.info(f"resumed from {ckpt_dir} at step {state.step} ({state.elapsed:.0f}s trained)")
    elif opts.resume:
        log.info(f"--resume: no checkpoint in {ckpt_dir}; starting fresh")

    n_rows = len(train_np)
    order = torch.from_numpy(epoch_permutation(n_rows, opts.seed, state.epoch)).to(dev)

    def step_fn(st: LoopState) -> tuple[torch.Tensor, None, int]:
        nonlocal order
        if st.cursor + opts.batch_size > n_rows:
            st.epoch += 1
            st.cursor = 0
            order = torch.from_numpy(epoch_permutation(n_rows, opts.seed, st.epoch)).to(dev)
        idx = order[st.cursor: st.cursor + opts.batch_size]
        st.cursor += opts.batch_size
        ids = train_t[idx].long()  # (B, T)
        batch = mask_tokens(ids, ~special[ids], k, mask_id=info.mask_id, random_ids=random_ids, generator=mask_gen)
        with rt.autocast():
            logits = forward(batch.input_ids, batch.positions)  # (B, k, V)
        loss = mlm_loss(logits, batch.labels)
        loss.backward()
        return loss, None, int(ids.numel())

    @torch.no_grad()
    def evaluate(_: LoopState) -> dict[str, Any]:
        model.eval()
        g = torch.Generator(device=dev)
        result: dict[str, Any] = {}
        total_loss, total_n = 0.0, 0
        for lang, rows in heldout.items():
            g.manual_seed(opts.seed + 10_000)
            loss_sum, n = torch.zeros((), device=dev), 0
            data = torch.from_numpy(rows).to(dev)
            for i in range(0, len(data), opts.batch_size):
                ids = data[i:i + opts.batch_size].long()
                batch = mask_tokens(ids, ~special[ids], k, mask_id=info.mask_id, random_ids=random_ids, generator=g)
                with rt.autocast():
                    logits = model(batch.input_ids, batch.positions)
                count = int((batch.labels != -100).sum())
                loss_sum += mlm_loss(logits, batch.labels) * count
                n += count
            value = float(loss_sum.item()) / max(n, 1)
            result[f"heldout_loss_{lang}"] = value
            total_loss += value * n
            total_n += n
        if total_n:
            result["heldout_loss"] = total_loss / total_n
        model.train()
        return result

    def checkpoint(st: LoopState) -> None:
        save_checkpoint(ckpt_dir, model=model, optimizer=optimizer, rng=rng_tensors({"mask": mask_gen}, dev),
                        state={"recipe": recipe, "loop": st.to_json(), "objective": "mlm"})
        log.info(f"checkpoint at step {st.step} -> {ckpt_dir}")

    loop_cfg = loop_config(opts, "tokens")
    final_eval = train_with_evals(config=loop_cfg, state=state, optimizer=optimizer, step_fn=step_fn,
                                  evaluate=evaluate if heldout else None, checkpoint=checkpoint, log=log, device=dev)

    # -- output ----------------------------------------------------------------------------------------------------
    if opts.layer is not None:
        layer, provenance = opts.layer, "chosen by the caller; not tuned"
    else:
        layer, provenance = default_layer_for(opts.init, int(cfg.num_hidden_layers))
    defaults = {"layer": layer, "headline": "F3", "idf": False, "provenance": provenance}
    st = {
        "name": out.name,
        "codebertscore_version": __version__,
        "objective": "mlm",
        "item_name": "tokens",
        "base": describe_base(opts.init),
        "recipe": recipe,
        "architecture": {"model_type": cfg.model_type, "num_layers": int(cfg.num_hidden_layers),
                         "hidden_size": int(cfg.hidden_size), "vocab_size": info.vocab_size,
                         "parameters": count_parameters(encoder)["total"], "trainable": params["trainable"]},
        "corpus": {**corpus_description(opts.corpus), "languages": list(splits),
                   "heldout_fraction": opts.heldout_fraction,
                   "documents": {k: [len(a), len(b)] for k, (a, b) in splits.items()}, "tokens": tokens_per_lang,
                   "training_sequences": int(n_rows), "licence": CORPUS_LICENCE_NOTE},
        "epochs": state.epoch + state.cursor / max(n_rows, 1),
        **run_record(state, final_eval, rt, wall0),
        "defaults": defaults,
    }
    write_model_folder(out, encoder=encoder, hf_tokenizer=hf_tok, tokenizer_source=tokenizer_source,
                       save_dtype=SAVE_DTYPES[opts.save_dtype], defaults=defaults, state=st)
    log.info(f"wrote {out} ({state.step} steps, {state.items / 1e6:.2f}M tokens, {state.elapsed:.0f}s training, "
             f"{st['items_per_second'] or 0:.0f} tokens/s)")
    return st
