#!/usr/bin/env python3
"""Prepare what the GPU run carries: mined pairs and a corpus subset in ``.gpu/`` (ignored by git), sized so that
the whole working tree that travels stays under the transfer limit (64 MiB).

Run here, on the CPU machine, from the repository root::

    PYTHONPATH=src python scripts/gpu/prepare.py --corpus ../shared/corpus

It writes ``.gpu/pairs.jsonl.xz`` (pairs mined from the WHOLE corpus, capped per language) and
``.gpu/corpus/<lang>.txt.xz`` (a deterministic subset of each language for masked-LM), then prints the sizes and
the device call to make (``carry=[".gpu"]``).
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import subprocess
import sys
import time
from pathlib import Path

MIB = 2**20


def travelling_bytes(repo: Path) -> int:
    """Bytes of the files that travel without being carried: tracked and untracked-but-not-ignored."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=repo,
                         capture_output=True, check=True).stdout
    total = 0
    for name in out.split(b"\0"):
        if name:
            p = repo / name.decode("utf-8", "surrogateescape")
            if p.is_file():
                total += p.stat().st_size
    return total


def copy_base(folder: Path) -> Path:
    """The default encoder's folder, weights in fp16, where the GPU run can read it (the package that carries it is
    not installed on the GPU machine)."""
    import shutil

    import torch
    from safetensors.torch import load_file, save_file

    from codebertscore.models.default import default_folder

    src = default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.is_file() and f.suffix in (".json", ".txt"):
            shutil.copy(f, folder / f.name)
    weights = load_file(str(src / "model.safetensors"))
    save_file({k: v.to(torch.float16).contiguous() for k, v in weights.items()}, str(folder / "model.safetensors"),
              metadata={"format": "pt"})
    return folder


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default="../shared/corpus", help="the project corpus folder (<lang>.txt.xz)")
    p.add_argument("--dest", default=".gpu", help="ignored folder to fill (default .gpu)")
    p.add_argument("--tree-limit-mib", type=float, default=60.0, help="keep tree + carried files under this")
    p.add_argument("--pairs-share", type=float, default=0.55, help="share of the free room for the pairs file")
    p.add_argument("--max-pairs-per-lang", type=int, default=20000, help="training pairs kept per language")
    p.add_argument("--max-docs-per-lang", type=int, default=None, help="mine from a subset only (quicker)")
    p.add_argument("--workers", type=int, default=None, help="mining processes (default: all cores)")
    p.add_argument("--skip-pairs", action="store_true", help="keep an existing pairs file")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)

    from codebertscore.training.corpus import LANGUAGES, corpus_files, read_corpus
    from codebertscore.training.pairs import MiningOptions, mine_pairs, pair_statistics, read_pairs, write_pairs

    repo = Path.cwd()
    dest = repo / a.dest
    dest.mkdir(parents=True, exist_ok=True)
    corpus = Path(a.corpus)
    base = copy_base(dest / "base")
    print(f"base model (the default encoder, fp16) copied to {base}", flush=True)
    tree = travelling_bytes(repo) + sum(f.stat().st_size for f in base.iterdir())
    room = a.tree_limit_mib * MIB - tree
    print(f"working tree that travels: {tree / MIB:.1f} MiB; room for {a.dest}: {room / MIB:.1f} MiB", flush=True)
    if room < 2 * MIB:
        print("not enough room: shrink the working tree first", file=sys.stderr)
        return 1

    pairs_file = dest / "pairs.jsonl.xz"
    if not (a.skip_pairs and pairs_file.is_file()):
        t0 = time.perf_counter()
        docs = read_corpus(corpus, max_docs_per_lang=a.max_docs_per_lang)
        pairs = mine_pairs(docs, MiningOptions(seed=a.seed), workers=a.workers, max_pairs_per_lang=a.max_pairs_per_lang)
        write_pairs(pairs_file, pairs)
        took = time.perf_counter() - t0
        print(f"mined {len(pairs)} pairs in {took:.0f}s: {json.dumps(pair_statistics(pairs))}", flush=True)
    size = pairs_file.stat().st_size
    limit = room * a.pairs_share
    if size > limit:
        # keep fewer pairs per language until the file fits
        pairs = read_pairs(pairs_file)
        from codebertscore.training.pairs import cap_pairs

        keep = int(a.max_pairs_per_lang * limit / size * 0.95)
        by_lang: dict[str, list] = {}
        for q in pairs:
            by_lang.setdefault(q.lang, []).append(q)
        pairs = [q for lang in by_lang for q in cap_pairs(by_lang[lang], keep)]
        write_pairs(pairs_file, pairs)
        print(f"pairs capped to {keep} per language to fit {limit / MIB:.1f} MiB", flush=True)
    size = pairs_file.stat().st_size
    print(f"{pairs_file}: {size / MIB:.2f} MiB", flush=True)

    # corpus subset: equal compressed room per language, estimated from each file's compression ratio
    corpus_room = room - size
    per_lang = corpus_room / len(LANGUAGES) * 0.9
    files = corpus_files(corpus)
    cdir = dest / "corpus"
    cdir.mkdir(exist_ok=True)
    for lang in LANGUAGES:
        if lang not in files:
            continue
        src = files[lang]
        raw = sum(len(d.text.encode("utf-8")) + 1 for d in read_corpus(src)[lang])
        ratio = src.stat().st_size / max(raw, 1)
        raw_cap = int(per_lang / max(ratio, 1e-3))
        docs = read_corpus(src, max_bytes_per_lang=raw_cap)[lang]
        with lzma.open(cdir / f"{lang}.txt.xz", "wt", encoding="utf-8", preset=6) as fh:
            fh.write("\x1e".join(d.text for d in docs))
        written = cdir / f"{lang}.txt.xz"
        print(f"{written}: {len(docs)} documents, {written.stat().st_size / MIB:.2f} MiB "
              f"(of {src.stat().st_size / MIB:.1f})", flush=True)
    total = sum(f.stat().st_size for f in dest.rglob("*") if f.is_file())
    print(f"{a.dest}: {total / MIB:.1f} MiB; tree + carried: {(tree + total) / MIB:.1f} MiB")
    print('device call: run(command="bash scripts/gpu/run.sh", carry=[".gpu"], timeout_s=600)')
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")
    sys.exit(main())
