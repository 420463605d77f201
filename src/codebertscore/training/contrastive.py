"""Contrastive training of an encoder on mined positive pairs, with in-batch negatives.

Each batch holds pairs of ONE language and one kind (doc<->function, or function<->rewrite), with no text twice
(a pair whose ``a`` or ``b`` is already in the batch waits for the next batch), so every off-diagonal entry is a
true negative. Both sides are encoded in one forward pass; a similarity head turns them into a (B, B) matrix and
the loss is symmetric InfoNCE at a temperature:

* ``--head mean``: cosine of mean-pooled token vectors of a layer (sentence-encoder style);
* ``--head token``: token matching — CodeBERTScore's own F1 (or F3) between the two texts' content tokens at the
  scoring layer (:func:`codebertscore.training.heads.token_match_similarity`).

Only the layers up to the trained layer run (the later ones get no gradient and stay as they were, which also keeps
the delta to ship small); ``--freeze-embeddings`` keeps the word-embedding matrix fixed as well.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from codebertscore import __version__
from codebertscore.errors import ArgumentError, InputError
from codebertscore.training.checkpoint import (
    has_checkpoint,
    load_checkpoint,
    save_checkpoint,
)
from codebertscore.training.corpus import (
    corpus_description,
    parse_languages,
    read_corpus,
)
from codebertscore.training.export import (
    CORPUS_LICENCE_NOTE,
    describe_base,
    write_model_folder,
)
from codebertscore.training.heads import (
    encoder_config,
    encoder_layer_list,
    freeze_word_embeddings,
    info_nce,
    input_embeddings,
    mean_pool_similarity,
    only_first_layers,
    token_match_similarity,
)
from codebertscore.training.mlm import default_layer_for
from codebertscore.training.pairs import (
    MiningOptions,
    Pair,
    mine_pairs,
    pair_statistics,
    parse_kinds,
    read_pairs,
)
from codebertscore.training.runtime import (
    SAVE_DTYPES,
    LoopState,
    RunLog,
    TrainingOptions,
    build_optimizer,
    count_parameters,
    encoder_positions,
    loop_config,
    restore_rng,
    rng_tensors,
    run_record,
    setup_runtime,
    train_with_evals,
)
from codebertscore.training.schedule import Budget
from codebertscore.training.textdata import (
    TokenizerInfo,
    backend_copy,
    content_table,
    encode_texts,
    frame,
    tokenizer_info,
)

HEADS = ("mean", "token")


@dataclass
class ContrastiveOptions(TrainingOptions):
    output: str
    init: str  # a folder or hub name (an MLM output, a sentence encoder...)
    pairs: str | None = None  # a pairs file (JSONL, .xz) from `train mine-pairs`; else mined from --corpus
    corpus: str | None = None
    langs: str | None = None
    kinds: str = "doc,rewrite"
    head: str = "token"
    layer: int | None = None  # None: token -> the base's default scoring layer; mean -> the last layer
    beta: float = 1.0
    temperature: float = 0.05
    max_len: int = 256
    batch_size: int = 32
    lr: float = 2e-5
    warmup: float = 0.1
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8
    log_every: int = 20
    max_pairs_per_lang: int | None = None
    eval_pairs_per_lang: int = 256
    chunk: int | None = None  # token head: rows per activation-checkpointed block (None: all at once)
    workers: int | None = None

    def check(self) -> None:
        if self.head not in HEADS:
            raise ArgumentError(f"head: expected one of {', '.join(HEADS)}, got {self.head!r}")
        if self.beta <= 0:
            raise ArgumentError(f"beta: expected a positive number (1 for F1, 3 for F3), got {self.beta}")
        if not self.temperature > 0:
            raise ArgumentError(f"temperature: expected a positive number, got {self.temperature}")
        if self.batch_size < 2:
            raise ArgumentError(
                f"batch-size: in-batch negatives need at least 2 pairs per batch, got {self.batch_size}")
        if self.max_len < 8:
            raise ArgumentError(f"max-len: expected at least 8 tokens, got {self.max_len}")
        if self.layer is not None and self.layer < 1:
            raise ArgumentError(f"layer: expected a transformer layer >= 1 (layer 0, the embeddings, is not trained "
                                f"contextually), got {self.layer}")
        if self.pairs is None and self.corpus is None:
            raise ArgumentError(
                "pairs/corpus: give a pairs file (--pairs, from `train mine-pairs`) or a corpus (--corpus)")
        parse_kinds(self.kinds)
        self.check_common()


@dataclass(frozen=True)
class EncodedPair:
    lang: str
    kind: str
    a: np.ndarray  # framed token ids
    b: np.ndarray
    a_key: str
    b_key: str


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def encode_pairs(
    pairs: list[Pair], backend: Any, info: TokenizerInfo, max_len: int, content: np.ndarray
) -> list[EncodedPair]:
    """Tokenise both sides (each distinct text once), frame with special tokens, cut to ``max_len``; pairs where a
    side has no content token (nothing CodeBERTScore would match) are dropped."""
    texts = sorted({p.a for p in pairs} | {p.b for p in pairs})
    ids = dict(zip(texts, encode_texts(backend, texts), strict=True))
    out: list[EncodedPair] = []
    for p in pairs:
        a = frame(ids[p.a], info, max_len)
        b = frame(ids[p.b], info, max_len)
        if not content[a].any() or not content[b].any():
            continue
        out.append(EncodedPair(p.lang, p.kind, a, b, _text_key(p.a), _text_key(p.b)))
    return out


def plan_batches(pairs: list[EncodedPair], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    """Batches (lists of pair indices) for one epoch: one language and kind per batch, no text twice in a batch,
    groups shuffled by (seed, epoch), batches of fewer than 2 pairs dropped, batch order shuffled."""
    rng = np.random.default_rng([seed, epoch, 7])
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        groups[(p.lang, p.kind)].append(i)
    batches: list[list[int]] = []
    for key in sorted(groups):
        current: list[int] = []
        seen: set[str] = set()
        deferred: list[int] = []
        for i in (groups[key][j] for j in rng.permutation(len(groups[key]))):
            if pairs[i].a_key in seen or pairs[i].b_key in seen:
                deferred.append(i)
            else:
                current.append(i)
                seen.update((pairs[i].a_key, pairs[i].b_key))
            if len(current) == batch_size:
                batches.append(current)
                current, seen = [], set()
                waiting, deferred = deferred, []
                for w in waiting:  # pairs that clashed with the last batch get the first chance in this one
                    if len(current) < batch_size and pairs[w].a_key not in seen and pairs[w].b_key not in seen:
                        current.append(w)
                        seen.update((pairs[w].a_key, pairs[w].b_key))
                    else:
                        deferred.append(w)
        if len(current) >= 2:
            batches.append(current)
    order = rng.permutation(len(batches))
    return [batches[i] for i in order]


def collate(
    pairs: list[EncodedPair], idx: list[int], pad_id: int, multiple: int = 8
) -> tuple[torch.Tensor, torch.Tensor]:
    """(2B, T) ids and attention mask: the B ``a`` texts then the B ``b`` texts, padded to a multiple of 8."""
    seqs = [pairs[i].a for i in idx] + [pairs[i].b for i in idx]
    t = max(len(s) for s in seqs)
    t = ((t + multiple - 1) // multiple) * multiple
    ids = np.full((len(seqs), t), pad_id, dtype=np.int64)
    mask = np.zeros((len(seqs), t), dtype=np.int64)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = s
        mask[r, : len(s)] = 1
    return torch.from_numpy(ids), torch.from_numpy(mask)


def _load_pairs(opts: ContrastiveOptions, log: RunLog) -> list[Pair]:
    kinds = parse_kinds(opts.kinds)
    langs = parse_languages(opts.langs)
    if opts.pairs:
        pairs = read_pairs(opts.pairs)
        log.info(f"read {len(pairs)} pairs from {opts.pairs}")
    else:
        docs = read_corpus(opts.corpus, langs, max_docs_per_lang=opts.max_docs_per_lang)  # type: ignore[arg-type]
        t0 = time.perf_counter()
        pairs = mine_pairs(docs, MiningOptions(kinds=kinds, seed=opts.seed, heldout_fraction=opts.heldout_fraction),
                           workers=opts.workers, max_pairs_per_lang=opts.max_pairs_per_lang)
        n_docs = sum(map(len, docs.values()))
        log.info(f"mined {len(pairs)} pairs from {n_docs} documents in {time.perf_counter() - t0:.1f}s")
    pairs = [p for p in pairs if p.lang in langs and p.kind in kinds]
    if opts.pairs and opts.max_pairs_per_lang:
        from codebertscore.training.pairs import cap_pairs

        by_lang: dict[str, list[Pair]] = defaultdict(list)
        for p in pairs:
            by_lang[p.lang].append(p)
        pairs = [q for lang in by_lang for q in cap_pairs(by_lang[lang], opts.max_pairs_per_lang)]
    if not pairs:
        raise InputError(f"pairs: none of kinds {', '.join(kinds)} for languages {', '.join(langs)}")
    return pairs


def train_contrastive(opts: ContrastiveOptions) -> dict[str, Any]:
    """Run contrastive training as ``opts`` says; writes the model folder and returns its training state."""
    from codebertscore.models.hf import load_training_encoder, load_training_tokenizer

    opts.check()
    wall0 = time.perf_counter()
    out = Path(opts.output).expanduser()
    ckpt_dir = Path(opts.checkpoint_dir).expanduser() if opts.checkpoint_dir else out / "checkpoint"
    log = RunLog(out, quiet=opts.quiet)
    rt = setup_runtime(opts.device, opts.seed, opts.precision, opts.threads)
    dev = rt.device
    log.info(f"contrastive training on {dev} ({rt.precision}); init={opts.init}; head={opts.head}; budget "
             f"{Budget(opts.steps, opts.time_budget).describe()}")

    hf_tok = load_training_tokenizer(opts.init)
    encoder = load_training_encoder(opts.init)
    info = tokenizer_info(hf_tok)
    cfg = encoder_config(encoder)
    n_layers = len(encoder_layer_list(encoder))
    if opts.layer is not None:
        layer = opts.layer
        layer_note = "the layer contrastive training optimised (chosen by the caller); not tuned on the dev set"
    elif opts.head == "token":
        layer, _ = default_layer_for(opts.init, n_layers)
        layer_note = "the layer token-matching training optimised (the base's default layer); not tuned on the dev set"
    else:
        layer = n_layers
        layer_note = "the last layer (mean-pool training); not tuned on the dev set"
    if not 1 <= layer <= n_layers:
        raise ArgumentError(f"layer: {opts.init} has transformer layers 1..{n_layers}, got {layer}")
    max_pos = encoder_positions(cfg)
    max_len = min(opts.max_len, max_pos)

    # -- pairs -----------------------------------------------------------------------------------------------------
    pairs = _load_pairs(opts, log)
    t0 = time.perf_counter()
    content_np = content_table(hf_tok, int(input_embeddings(encoder).weight.shape[0]))
    backend = backend_copy(hf_tok)
    train = encode_pairs([p for p in pairs if not p.heldout], backend, info, max_len, content_np)
    held_all = encode_pairs([p for p in pairs if p.heldout], backend, info, max_len, content_np)
    held_by_lang: dict[str, list[EncodedPair]] = defaultdict(list)
    for p in held_all:
        if len(held_by_lang[p.lang]) < opts.eval_pairs_per_lang:
            held_by_lang[p.lang].append(p)
    if not train:
        raise InputError("pairs: no training pairs left (all held out, or no side with a matchable token)")
    stats = pair_statistics(pairs)
    log.info(f"encoded {len(train)} training and {len(held_all)} held-out pairs in {time.perf_counter() - t0:.1f}s; "
             f"per language: {stats}")

    # -- model -----------------------------------------------------------------------------------------------------
    frozen = freeze_word_embeddings(encoder) if opts.freeze_embeddings else 0
    # layers above the trained one get no gradient: do not hand them to the optimiser
    for layer_module in list(encoder_layer_list(encoder))[layer:]:
        for param in layer_module.parameters():
            param.requires_grad_(False)
    pooler = getattr(encoder, "pooler", None)
    if pooler is not None:
        for param in pooler.parameters():
            param.requires_grad_(False)
    encoder.to(dev)
    encoder.train()
    optimizer = build_optimizer(encoder, opts.lr, opts.weight_decay, opts.betas, opts.eps, dev)
    params = count_parameters(encoder)
    log.info(f"model: {cfg.model_type}, layer {layer} of {n_layers}; {params['total'] / 1e6:.1f}M parameters, "
             f"{params['trainable'] / 1e6:.1f}M trained"
             + (f" (word embeddings frozen: {frozen / 1e6:.1f}M)" if frozen else ""))
    content = torch.from_numpy(content_np).to(dev)

    # run only the layers up to the trained one, for the whole run (restored before saving)
    truncation = only_first_layers(encoder, layer)
    truncation.__enter__()
    compiled = torch.compile(encoder, dynamic=True) if opts.compile else encoder

    def embed(ids: torch.Tensor, mask: torch.Tensor, train: bool = False) -> torch.Tensor:
        with rt.autocast():
            model = compiled if train else encoder
            return model(input_ids=ids, attention_mask=mask).last_hidden_state  # (2B, T, H) at the layer

    def forward(ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return embed(ids, mask, train=True)

    def similarity(hidden: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor, head: str) -> torch.Tensor:
        b = hidden.shape[0] // 2
        if head == "mean":
            m = mask.bool()
            return mean_pool_similarity(hidden[:b], m[:b], hidden[b:], m[b:])
        w = (content[ids] & mask.bool()).float()  # (2B, T): tokens CodeBERTScore matches
        return token_match_similarity(hidden[:b], w[:b], hidden[b:], w[b:], beta=opts.beta, chunk=opts.chunk)

    state = LoopState()
    recipe = {k: getattr(opts, k) for k in (
        "init", "pairs", "corpus", "langs", "kinds", "head", "beta", "temperature", "max_len", "batch_size", "lr",
        "warmup", "schedule", "weight_decay", "clip", "steps", "time_budget", "freeze_embeddings", "seed",
        "max_pairs_per_lang", "heldout_fraction", "precision")}
    recipe["layer"] = layer
    if opts.resume and has_checkpoint(ckpt_dir):
        saved, rng = load_checkpoint(ckpt_dir, model=encoder, optimizer=optimizer)
        for key in ("init", "head", "layer", "batch_size", "seed", "kinds", "langs", "max_len"):
            if saved["recipe"].get(key) != recipe.get(key):
                raise ArgumentError(f"resume: {key} differs from the checkpoint's ({recipe.get(key)!r} vs "
                                    f"{saved['recipe'].get(key)!r})")
        restore_rng(rng, {}, dev)
        state = LoopState.from_json(saved["loop"])
        log.info(f"resumed from {ckpt_dir} at step {state.step}")
    elif opts.resume:
        log.info(f"--resume: no checkpoint in {ckpt_dir}; starting fresh")

    batches = plan_batches(train, opts.batch_size, opts.seed, state.epoch)
    if not batches:
        raise InputError("pairs: too few distinct training pairs per language and kind to form a batch of 2")

    def step_fn(st: LoopState) -> tuple[torch.Tensor, torch.Tensor, int]:
        nonlocal batches
        if st.cursor >= len(batches):
            st.epoch += 1
            st.cursor = 0
            batches = plan_batches(train, opts.batch_size, opts.seed, st.epoch)
        idx = batches[st.cursor]
        st.cursor += 1
        ids, mask = collate(train, idx, info.pad_id)
        ids = ids.to(dev, non_blocking=True)
        mask = mask.to(dev, non_blocking=True)
        hidden = forward(ids, mask)
        loss, acc = info_nce(similarity(hidden, ids, mask, opts.head), opts.temperature)
        loss.backward()
        return loss, acc, len(idx)

    @torch.no_grad()
    def evaluate(_: LoopState) -> dict[str, Any]:
        encoder.eval()
        result: dict[str, Any] = {}
        totals: dict[str, list[float]] = defaultdict(list)
        for lang, items in held_by_lang.items():
            for kind in ("doc", "rewrite"):
                group = [p for p in items if p.kind == kind]
                order = plan_batches(group, opts.batch_size, opts.seed, 0)
                if not order:
                    continue
                vals: dict[str, list[float]] = defaultdict(list)
                for idx in order:
                    ids, mask = collate(group, idx, info.pad_id)
                    ids, mask = ids.to(dev), mask.to(dev)
                    hidden = embed(ids, mask)
                    for head in HEADS:
                        loss, acc = info_nce(similarity(hidden, ids, mask, head), opts.temperature)
                        vals[f"{head}_acc"].append(float(acc))
                        if head == opts.head:
                            vals["loss"].append(float(loss))
                for name, v in vals.items():
                    result[f"{lang}_{kind}_{name}"] = float(np.mean(v))
                    totals[f"{kind}_{name}"].append(float(np.mean(v)))
        for name, v in totals.items():
            result[f"mean_{name}"] = float(np.mean(v))
        encoder.train()
        return result

    def checkpoint(st: LoopState) -> None:
        save_checkpoint(ckpt_dir, model=encoder, optimizer=optimizer, rng=rng_tensors({}, dev),
                        state={"recipe": recipe, "loop": st.to_json(), "objective": "contrastive"})
        log.info(f"checkpoint at step {st.step} -> {ckpt_dir}")

    loop_cfg = loop_config(opts, "pairs")
    final_eval = train_with_evals(config=loop_cfg, state=state, optimizer=optimizer, step_fn=step_fn,
                                  evaluate=evaluate if any(held_by_lang.values()) else None, checkpoint=checkpoint,
                                  log=log, device=dev)
    truncation.__exit__(None, None, None)

    defaults = {"layer": layer, "headline": "F3", "idf": False, "provenance": layer_note}
    st = {
        "name": out.name,
        "codebertscore_version": __version__,
        "objective": "contrastive",
        "item_name": "pairs",
        "base": describe_base(opts.init),
        "recipe": recipe,
        "architecture": {"model_type": cfg.model_type, "num_layers": n_layers, "hidden_size": int(cfg.hidden_size),
                         "vocab_size": info.vocab_size, "parameters": params["total"],
                         "trainable": params["trainable"]},
        "corpus": {**(corpus_description(opts.corpus) if opts.corpus else {"path": opts.pairs}),
                   "languages": sorted({p.lang for p in pairs}), "heldout_fraction": opts.heldout_fraction,
                   "licence": CORPUS_LICENCE_NOTE},
        "pairs": stats,
        "epochs": state.epoch + state.cursor / max(len(batches), 1),
        **run_record(state, final_eval, rt, wall0),
        "defaults": defaults,
    }
    write_model_folder(out, encoder=encoder, hf_tokenizer=hf_tok, tokenizer_source=opts.init,
                       save_dtype=SAVE_DTYPES[opts.save_dtype], defaults=defaults, state=st)
    log.info(f"wrote {out} ({state.step} steps, {state.items} pairs, {state.elapsed:.0f}s training, "
             f"{st['items_per_second'] or 0:.1f} pairs/s)")
    return st
