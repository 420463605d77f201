"""Corpus reading and splitting, pair mining and storage, contrastive batch planning, delta round trip."""

from __future__ import annotations

import filecmp
import lzma
from pathlib import Path

import numpy as np
import pytest

from codebertscore.errors import ArgumentError, InputError
from codebertscore.training.contrastive import EncodedPair, collate, plan_batches
from codebertscore.training.corpus import (
    is_heldout,
    parse_languages,
    read_corpus,
    split_documents,
)
from codebertscore.training.pairs import (
    MiningOptions,
    Pair,
    cap_pairs,
    mine_pairs,
    read_pairs,
    write_pairs,
)


def test_read_corpus_layouts(tmp_path: Path, tiny_corpus: Path):
    docs = read_corpus(tiny_corpus)
    assert set(docs) == {"python", "java", "javascript", "c", "cpp"}
    assert all(len(v) == 6 for v in docs.values())
    # the project layout: <lang>.txt.xz with \x1e-separated documents
    (tmp_path / "c").mkdir()
    with lzma.open(tmp_path / "c" / "python.txt.xz", "wt", encoding="utf-8") as fh:
        fh.write("a = 1\n\x1eb = 2\n\x1e  \n\x1ec = 3\n")
    (tmp_path / "c" / "java.txt").write_text("class A {}\x1eclass B {}", encoding="utf-8")
    layout = read_corpus(tmp_path / "c")
    assert [d.text for d in layout["python"]] == ["a = 1\n", "b = 2\n", "c = 3\n"]
    assert [d.source for d in layout["java"]] == ["java.txt#0", "java.txt#1"]
    assert list(read_corpus(tmp_path / "c", "py")) == ["python"]
    sub = read_corpus(tmp_path / "c", "python", max_docs_per_lang=2)["python"]
    assert len(sub) == 2 and sub == read_corpus(tmp_path / "c", "python", max_docs_per_lang=2)["python"]
    with pytest.raises(ArgumentError):
        parse_languages("python,cobol")
    with pytest.raises(InputError):
        read_corpus(tmp_path / "missing")


def test_heldout_split_is_a_function_of_the_text():
    texts = [f"def f{i}(): return {i}\n" for i in range(2000)]
    held = [t for t in texts if is_heldout(t, 0.1)]
    assert 150 < len(held) < 250  # about 10%
    assert held == [t for t in texts if is_heldout(t, 0.1)]
    assert all(is_heldout(t, 0.2) for t in held)  # nested: a larger fraction holds out a superset
    from codebertscore.training.corpus import Document

    train, heldout = split_documents([Document("python", t, "") for t in texts], 0.1)
    assert [d.text for d in heldout] == held and len(train) + len(heldout) == 2000


def test_mine_pairs_deterministic_and_independent_of_workers(tiny_corpus: Path):
    docs = read_corpus(tiny_corpus)
    opts = MiningOptions(seed=3, heldout_fraction=0.3)
    one = mine_pairs(docs, opts, workers=1)
    again = mine_pairs(docs, opts, workers=1)
    assert one == again
    kinds = {(p.lang, p.kind) for p in one}
    assert ("python", "doc") in kinds and ("java", "doc") in kinds and ("cpp", "rewrite") in kinds
    # a doc pair is exactly (doc comment, function without it)
    clamp = [p for p in one if p.kind == "doc" and p.a.startswith("Limit a number")]
    assert clamp and clamp[0].b == "def clamp(value, low, high):\n    return max(low, min(value, high))"
    assert any(p.heldout for p in one) and any(not p.heldout for p in one)
    # every pair of a document shares its held-out flag
    flags: dict[str, set[bool]] = {}
    for p in one:
        flags.setdefault(p.source, set()).add(p.heldout)
    assert all(len(v) == 1 for v in flags.values())


@pytest.mark.slow
def test_mine_pairs_same_with_processes(tiny_corpus: Path):
    docs = read_corpus(tiny_corpus)
    assert mine_pairs(docs, MiningOptions(seed=1), workers=1) == mine_pairs(docs, MiningOptions(seed=1), workers=2)


def test_pairs_round_trip_and_cap(tmp_path: Path):
    pairs = [Pair("python", "doc" if i % 3 else "rewrite", f"a{i}", f"b{i}", "src", i % 10 == 0) for i in range(30)]
    for name in ("p.jsonl", "p.jsonl.xz"):
        write_pairs(tmp_path / name, pairs)
        assert read_pairs(tmp_path / name) == pairs
    capped = cap_pairs(pairs, 10)
    assert sum(not p.heldout for p in capped) == 10
    assert all(p in capped for p in pairs if p.heldout)
    assert {p.kind for p in capped if not p.heldout} == {"doc", "rewrite"}
    (tmp_path / "bad.jsonl").write_text('{"lang": "python"}\n')
    with pytest.raises(InputError, match="bad.jsonl:1"):
        read_pairs(tmp_path / "bad.jsonl")


def _ep(lang: str, kind: str, a: str, b: str) -> EncodedPair:
    return EncodedPair(lang, kind, np.array([0, len(a), 2]), np.array([0, 5, 6, 2]), a, b)


def test_plan_batches_one_language_and_kind_no_duplicates():
    pairs = [_ep("python", "doc", f"a{i % 7}", f"b{i}") for i in range(40)]  # 'a' texts repeat every 7
    pairs += [_ep("java", "rewrite", f"x{i}", f"y{i}") for i in range(9)]
    batches = plan_batches(pairs, 5, seed=0, epoch=0)
    assert batches == plan_batches(pairs, 5, seed=0, epoch=0)
    assert batches != plan_batches(pairs, 5, seed=0, epoch=1)
    for batch in batches:
        assert 2 <= len(batch) <= 5
        assert len({(pairs[i].lang, pairs[i].kind) for i in batch}) == 1
        keys = [pairs[i].a_key for i in batch] + [pairs[i].b_key for i in batch]
        assert len(keys) == len(set(keys))
    ids, mask = collate(pairs, batches[0], pad_id=1)
    assert ids.shape[0] == 2 * len(batches[0]) and ids.shape[1] % 8 == 0
    assert int(mask[0].sum()) == 3 and int(ids[0, 3]) == 1


def test_delta_round_trip_bit_exact(tmp_path: Path, tiny_model: Path):
    import torch
    from safetensors.torch import load_file, save_file

    from codebertscore.training.delta import apply_delta, export_delta, read_manifest

    model = tmp_path / "model"
    model.mkdir()
    for f in tiny_model.iterdir():
        (model / f.name).write_bytes(f.read_bytes())
    tensors = load_file(str(tiny_model / "model.safetensors"))
    name = "encoder.layer.1.attention.self.query.weight"
    tensors[name] = tensors[name] + 1e-3
    emb = "embeddings.word_embeddings.weight"
    tensors[emb] = tensors[emb].clone()
    tensors[emb][5] += 1.0
    del tensors["encoder.layer.0.output.dense.bias"]
    tensors["extra.weight"] = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    save_file(tensors, str(model / "model.safetensors"), metadata={"format": "pt"})
    (model / "README.md").write_text("changed card\n")
    (model / "train.log").write_text("not shipped\n")
    summary = export_delta(tiny_model, model, tmp_path / "delta", shard_mib=0.05)
    assert summary["changed_tensors"] == 3 and summary["removed_tensors"] == 1
    shards = sorted((tmp_path / "delta").iterdir())
    assert summary["shards"] == len(shards) >= 2  # the embedding matrix (~50 KB) is split into row blocks
    assert all(p.stat().st_size <= 0.05 * 2**20 for p in shards)
    manifest = read_manifest(tmp_path / "delta")
    assert len(manifest["tensors"][emb]) >= 2 and "README.md" in manifest["files"]
    out = tmp_path / "rebuilt"
    apply_delta(tiny_model, tmp_path / "delta", out)
    assert filecmp.cmp(out / "model.safetensors", model / "model.safetensors", shallow=False)
    for f in model.iterdir():
        if f.name != "train.log":
            assert filecmp.cmp(out / f.name, f, shallow=False), f.name
    assert not (out / "train.log").exists()
    # the wrong base is refused
    other = tmp_path / "other"
    other.mkdir()
    save_file({"x": torch.zeros(1)}, str(other / "model.safetensors"))
    with pytest.raises(InputError, match="not the one"):
        apply_delta(other, tmp_path / "delta", tmp_path / "bad")
