"""Build the byte-level BPE tokenizer of the benchmarks' RoBERTa-style stand-in encoders (run once; output committed).

The reference implementation's context path needs a RoBERTa-style tokenizer (it strips ``<s>`` from decoded
prefixes), and no RoBERTa-style code model can be downloaded here. The speed benchmark therefore builds
RoBERTa-shaped encoders with random weights (speed and the equality of the two implementations' outputs do not depend
on what the weights learned) around this tokenizer: a 16k-token byte-level BPE trained on the first 8 MB of the
project's Python corpus (``shared/corpus/python.txt.xz``: the CPython standard library and PyPI packages; no file
mentions HumanEval), the vocabulary size of the 34M RoBERTa of FINDINGS.md.

Usage: python benchmarks/make_bpe.py [--corpus ../shared/corpus/python.txt.xz] [--out benchmarks/data/code-bpe-16k]
"""

from __future__ import annotations

import argparse
import json
import lzma
from pathlib import Path

SPECIAL = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent
    ap.add_argument("--corpus", type=Path, default=here.parent.parent / "shared" / "corpus" / "python.txt.xz")
    ap.add_argument("--out", type=Path, default=here / "data" / "code-bpe-16k")
    ap.add_argument("--bytes", type=int, default=8_000_000, help="corpus prefix to train on")
    ap.add_argument("--vocab", type=int, default=16384)
    args = ap.parse_args()
    from tokenizers import ByteLevelBPETokenizer

    with lzma.open(args.corpus, "rt", encoding="utf-8") as fh:
        text = fh.read(args.bytes)
    docs = [d for d in text.split("\x1e") if d.strip()]
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(docs, vocab_size=args.vocab, min_frequency=2, special_tokens=SPECIAL, show_progress=False)
    args.out.mkdir(parents=True, exist_ok=True)
    bpe.save_model(str(args.out))
    (args.out / "PROVENANCE.json").write_text(json.dumps({
        "what": "byte-level BPE for the speed benchmark's RoBERTa-style stand-in encoders",
        "corpus": f"shared/corpus/python.txt.xz (first {args.bytes} characters, {len(docs)} documents)",
        "vocab_size": args.vocab, "min_frequency": 2, "special_tokens": SPECIAL,
        "built_by": "benchmarks/make_bpe.py",
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(docs)} documents)")


if __name__ == "__main__":
    main()
