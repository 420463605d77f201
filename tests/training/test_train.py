"""End to end on CPU in seconds: tiny masked-LM and contrastive runs, loss decrease, exact resume, loadable output."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest
import torch

from codebertscore.cli import main as cli_main
from codebertscore.errors import ArgumentError
from codebertscore.training.contrastive import ContrastiveOptions, train_contrastive
from codebertscore.training.mlm import MLMOptions, ScratchModel, train_mlm


def train_main(argv: list[str]) -> int:
    return cli_main(["train", *argv])


TINY_SCRATCH = ScratchModel(vocab_size=400, layers=2, hidden=32, heads=2, intermediate=64, tokenizer_sample_mib=1)


def _mlm_opts(corpus: Path, out: Path, **kw) -> MLMOptions:
    base = dict(corpus=str(corpus), output=str(out), init="scratch", scratch=TINY_SCRATCH, seq_len=32, batch_size=4,
                lr=3e-3, warmup=0.0, steps=8, log_every=1, eval_sequences=4, heldout_fraction=0.2,
                checkpoint_every=None, threads=1, quiet=True, seed=5)
    base.update(kw)
    return MLMOptions(**base)


def test_cli_mlm_from_scratch_end_to_end(tmp_path: Path, tiny_corpus: Path, capsys):
    out = tmp_path / "mlm"
    rc = train_main(["mlm", "--corpus", str(tiny_corpus), "--output", str(out), "--vocab-size", "400", "--layers", "2",
                     "--hidden", "32", "--heads", "2", "--intermediate", "64", "--seq-len", "32", "--batch-size", "4",
                     "--steps", "4", "--lr", "1e-3", "--log-every", "2", "--eval-sequences", "4",
                     "--heldout-fraction", "0.2", "--checkpoint-every", "never", "--threads", "1", "--quiet",
                     "--tokenizer-sample-mib", "1"])
    assert rc == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["objective"] == "mlm" and summary["steps"] == 4 and summary["items_seen"] == 4 * 4 * 32
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "codebertscore.json",
                 "training_state.json", "README.md"):
        assert (out / name).is_file(), name
    state = json.loads((out / "training_state.json").read_text())
    assert state["recipe"]["seed"] == 0 and "heldout_loss_python" in state["final_eval"]
    assert json.loads((out / "codebertscore.json").read_text())["layer"] == 2
    card = (out / "README.md").read_text()
    assert "## Measured quality" in card and "from scratch" in card
    # transformers and our inference encoder load it
    from codebertscore.models.hf import HFEncoder

    enc = HFEncoder(str(out), device="cpu")
    (ids, offsets), = enc.tokenize(["def f(x):\n    return x + 1"])
    assert len(ids) == len(offsets) > 3
    states = enc.hidden_states(torch.tensor([enc.prefix_ids + ids.tolist() + enc.suffix_ids]),
                               torch.ones(1, len(ids) + 2, dtype=torch.long), [0, 2])
    assert states.shape == (2, 1, len(ids) + 2, 32) and bool(torch.isfinite(states).all())


def test_mlm_loss_decreases(tmp_path: Path, tiny_corpus: Path):
    st = train_mlm(_mlm_opts(tiny_corpus, tmp_path / "m", steps=30))
    losses = [h["loss"] for h in st["history"]]
    assert len(losses) == 30
    assert sum(losses[-5:]) / 5 < sum(losses[:5]) / 5 - 0.5
    assert st["evals"][-1]["heldout_loss"] < st["evals"][0]["heldout_loss"]


def test_mlm_checkpoint_resume_reproduces_the_same_state(tmp_path: Path, tiny_corpus: Path):
    straight = tmp_path / "straight"
    train_mlm(_mlm_opts(tiny_corpus, straight, steps=8, checkpoint_every="100"))
    split = tmp_path / "split"
    first = train_mlm(_mlm_opts(tiny_corpus, split, steps=8, stop_at_step=4))
    assert first["steps"] == 4
    second = train_mlm(_mlm_opts(tiny_corpus, split, steps=8, resume=True, checkpoint_every="100"))
    assert second["steps"] == 8
    for name in ("model.safetensors", "optimizer.safetensors", "rng.safetensors"):
        assert filecmp.cmp(straight / "checkpoint" / name, split / "checkpoint" / name, shallow=False), name
    assert filecmp.cmp(straight / "model.safetensors", split / "model.safetensors", shallow=False)
    a = json.loads((straight / "checkpoint" / "state.json").read_text())["loop"]
    b = json.loads((split / "checkpoint" / "state.json").read_text())["loop"]
    assert (a["step"], a["epoch"], a["cursor"], a["items"]) == (b["step"], b["epoch"], b["cursor"], b["items"])
    assert [h["loss"] for h in a["history"]] == [h["loss"] for h in b["history"]]


def test_resume_refuses_a_different_recipe(tmp_path: Path, tiny_corpus: Path):
    out = tmp_path / "r"
    train_mlm(_mlm_opts(tiny_corpus, out, steps=4, stop_at_step=2))
    with pytest.raises(ArgumentError, match="batch"):
        train_mlm(_mlm_opts(tiny_corpus, out, steps=4, batch_size=2, resume=True))


def _cl_opts(init: Path, corpus: Path, out: Path, **kw) -> ContrastiveOptions:
    base = dict(output=str(out), init=str(init), corpus=str(corpus), langs="python,java,javascript", head="token",
                batch_size=4, max_len=64, lr=1e-3, warmup=0.0, steps=25, log_every=1, eval_pairs_per_lang=8,
                heldout_fraction=0.0, checkpoint_every=None, workers=1, threads=1, quiet=True, seed=0, kinds="doc")
    base.update(kw)
    return ContrastiveOptions(**base)


@pytest.mark.parametrize("head", ["token", "mean"])
def test_contrastive_loss_decreases(tmp_path: Path, tiny_model: Path, tiny_corpus: Path, head: str):
    st = train_contrastive(_cl_opts(tiny_model, tiny_corpus, tmp_path / head, head=head, layer=2))
    losses = [h["loss"] for h in st["history"]]
    assert sum(losses[-5:]) / 5 < sum(losses[:5]) / 5
    assert st["recipe"]["head"] == head and st["defaults"]["layer"] == 2


def test_cli_contrastive_end_to_end_and_frozen_embeddings(tmp_path: Path, tiny_model: Path, tiny_corpus: Path, capsys):
    from safetensors.torch import load_file

    from codebertscore.training.pairs import read_pairs

    pairs_file = tmp_path / "pairs.jsonl.xz"
    assert train_main(["mine-pairs", "--corpus", str(tiny_corpus), "--output", str(pairs_file), "--workers", "1",
                       "--heldout-fraction", "0.3"]) == 0
    mined = json.loads(capsys.readouterr().out)
    assert mined["pairs"] == len(read_pairs(pairs_file)) > 0
    out = tmp_path / "cl"
    rc = train_main(["contrastive", "--init", str(tiny_model), "--pairs", str(pairs_file), "--output", str(out),
                     "--layer", "1", "--batch-size", "4", "--max-len", "64", "--steps", "3", "--threads", "1",
                     "--freeze-embeddings", "--save-dtype", "fp32", "--checkpoint-every", "never", "--quiet",
                     "--eval-pairs-per-lang", "8"])
    assert rc == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["steps"] == 3 and summary["objective"] == "contrastive"
    before = load_file(str(tiny_model / "model.safetensors"))
    after = load_file(str(out / "model.safetensors"))
    emb = "embeddings.word_embeddings.weight"
    assert torch.equal(before[emb], after[emb])  # frozen
    layer2 = "encoder.layer.1.attention.self.query.weight"
    assert torch.equal(before[layer2], after[layer2])  # above the trained layer: untouched
    layer1 = "encoder.layer.0.attention.self.query.weight"
    assert not torch.equal(before[layer1], after[layer1])  # trained
    assert "mean_doc_token_acc" in summary["final_eval"] or "mean_rewrite_token_acc" in summary["final_eval"]


def test_output_folder_loads_in_the_scorer(tmp_path: Path, tiny_model: Path, tiny_corpus: Path):
    scorer_mod = pytest.importorskip("codebertscore.scoring.scorer")
    out = tmp_path / "cl"
    train_contrastive(_cl_opts(tiny_model, tiny_corpus, out, steps=2, layer=2))
    scorer = scorer_mod.CodeBERTScorer(model=str(out))
    result = scorer.score(cands=["def f(x):\n    return x + 1"], refs=["def g(y):\n    return y + 1"])
    assert result.F1.shape == (1,) and 0.0 < float(result.F1[0]) <= 1.0


def test_bad_arguments_are_typed_errors(tmp_path: Path, tiny_corpus: Path, tiny_model: Path):
    with pytest.raises(ArgumentError, match="head"):
        train_contrastive(_cl_opts(tiny_model, tiny_corpus, tmp_path / "x", head="max"))
    with pytest.raises(ArgumentError, match="layer"):
        train_contrastive(_cl_opts(tiny_model, tiny_corpus, tmp_path / "x", layer=7))
    with pytest.raises(ArgumentError, match="steps"):
        train_mlm(_mlm_opts(tiny_corpus, tmp_path / "y", steps=None))
    assert train_main(["mlm", "--corpus", str(tiny_corpus), "--output", str(tmp_path / "z")]) == 2  # no budget


def test_contrastive_checkpoint_resume_reproduces_the_same_state(tmp_path: Path, tiny_model: Path, tiny_corpus: Path):
    kw = dict(steps=6, layer=2, kinds="doc,rewrite", checkpoint_every="100")
    straight = tmp_path / "straight"
    train_contrastive(_cl_opts(tiny_model, tiny_corpus, straight, **kw))
    split = tmp_path / "split"
    assert train_contrastive(_cl_opts(tiny_model, tiny_corpus, split, stop_at_step=3, **kw))["steps"] == 3
    assert train_contrastive(_cl_opts(tiny_model, tiny_corpus, split, resume=True, **kw))["steps"] == 6
    for name in ("model.safetensors", "optimizer.safetensors"):
        assert filecmp.cmp(straight / "checkpoint" / name, split / "checkpoint" / name, shallow=False), name
    assert filecmp.cmp(straight / "model.safetensors", split / "model.safetensors", shallow=False)


@pytest.mark.parametrize("make", ["mlm", "contrastive"])
@pytest.mark.parametrize("kw, message", [
    (dict(save_dtype="int4"), "save-dtype: expected one of fp16, fp32, bf16"),
    (dict(steps=None, time_budget=None), "steps"),
])
def test_shared_training_options_are_checked_for_both_objectives(tmp_path: Path, make: str, kw, message):
    opts = (_mlm_opts(tmp_path, tmp_path / "o", **kw) if make == "mlm"
            else _cl_opts(tmp_path, tmp_path, tmp_path / "o", **kw))
    with pytest.raises(ArgumentError, match=message):
        opts.check()
