"""Exploration (not part of the package): does centring or whitening the encoder's token space help?

Each layer's token vectors are transformed before the cosine matching — centred (minus the mean vector of a
sample of code) or whitened (centred, then multiplied by C^-1/2 of that sample's covariance, eigenvalues floored at
eps x the largest) — and re-normalised; then Kendall tau (da-RR) with correctness is measured on a bundled dev set
(realistic view), for layers 1-6, F1 and F3, context on, no idf. The statistics come from 300 random files of the
project corpus (../shared/corpus), never from the dev set, except the row "dev-centred", which centres on the
scored data itself to show what an oracle mean would give.

It runs the scorer's public stages itself (``scorer.embedder.prepare``/``vectors``, then
``scoring.matching.score_pairs`` and ``first_best``), transforming the unit-norm vectors in between, so the dev set is
encoded once for every transform.

    PYTHONPATH=src python scripts/explore/embedding_space.py --lang python --corpus ../shared/corpus
"""

from __future__ import annotations

import argparse
import lzma
import random
import time
import warnings
from pathlib import Path

import numpy as np
import torch

from codebertscore import CodeBERTScorer
from codebertscore.devset import load_bundled
from codebertscore.metaeval.stats import darr_counts, kendall_darr, make_groups
from codebertscore.models.spec import MEASURES
from codebertscore.scoring.inputs import validate_inputs
from codebertscore.scoring.matching import distinct_texts, first_best, score_pairs

LAYERS = [1, 2, 3, 4, 5, 6]


class Call:
    """One scoring call taken apart: the unit vectors of its distinct texts at LAYERS, and its pairs."""

    def __init__(self, scorer: CodeBERTScorer, cands: list[str], refs: list, sources=None) -> None:
        inputs = validate_inputs(cands, refs, sources)
        index, pair_rows, owner, ref_pos = distinct_texts(inputs)
        keys = list(index)
        self.scorer = scorer
        self.vectors = scorer.embedder.vectors(keys, scorer.embedder.prepare(keys), LAYERS)  # each (L, n, H)
        self.pairs = np.asarray(pair_rows, dtype=np.int64).reshape(-1, 2)
        self.owner, self.ref_pos, self.n = np.asarray(owner), np.asarray(ref_pos), len(inputs.cands)

    def token_vectors(self) -> torch.Tensor:
        """(layers, tokens, hidden) unit vectors of every kept token of the texts."""
        return torch.cat([v.float() for v in self.vectors if v.shape[1]], dim=1)

    def scores(self, transform=None) -> dict[int, dict[str, np.ndarray]]:
        """Per layer: F1 and F3 of each candidate's best reference (by the scorer's headline), no idf, with
        transform(vectors) re-normalised in place of the vectors."""
        vecs = self.vectors
        if transform is not None:
            vecs = [torch.nn.functional.normalize(transform(v.float()), dim=-1) for v in vecs]
        weights = {i: torch.ones(v.shape[1]) for i, v in enumerate(vecs)}
        raw = score_pairs(self.pairs, dict(enumerate(vecs)), weights, len(LAYERS), self.scorer.embedder.vec_device)
        head = MEASURES.index(self.scorer.headline)
        out: dict[int, dict[str, np.ndarray]] = {}
        for li, layer in enumerate(LAYERS):
            s = raw[:, li, :]
            _, chosen = first_best(s[:, head], self.owner, self.ref_pos, self.n)
            out[layer] = {m: s[chosen, MEASURES.index(m)] for m in ("F1", "F3")}
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lang", default="python")
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    warnings.simplefilter("ignore")

    rows = load_bundled(args.lang, view="realistic")
    labels = np.array([r.label for r in rows])
    groups = make_groups([r.problem_id for r in rows])
    cands = [r.candidate for r in rows]
    refs = [list(r.references) for r in rows]
    srcs = [r.context for r in rows]
    scorer = CodeBERTScorer(lang=args.lang, layer=3)

    docs = lzma.open(Path(args.corpus) / f"{args.lang}.txt.xz", "rt", encoding="utf-8").read().split("\x1e")
    sample = [d[:1500] for d in random.Random(args.seed).sample([d for d in docs if len(d) > 200], args.files)]
    corpus = Call(scorer, sample, sample[1:] + sample[:1]).token_vectors()
    mean = corpus.mean(dim=1)  # (L, H)
    print(f"{args.lang}: {len(rows)} candidates; corpus sample {corpus.shape[1]} tokens from {args.files} files")

    def whitener(eps: float) -> torch.Tensor:
        out = []
        for li in range(corpus.shape[0]):
            x = corpus[li] - mean[li]
            vals, vecs = torch.linalg.eigh(x.T @ x / x.shape[0])
            out.append(vecs @ torch.diag(1 / torch.sqrt(vals.clamp_min(0) + eps * vals.max())) @ vecs.T)
        return torch.stack(out)

    dev = Call(scorer, cands, refs, srcs)
    dev_mean = dev.token_vectors().mean(dim=1)
    settings = {"plain": None,
                "corpus-centred": lambda v: v - mean[:, None, :],
                "dev-centred (oracle)": lambda v: v - dev_mean[:, None, :]}
    for eps in (1e-3, 0.05, 0.3):
        w = whitener(eps)
        settings[f"corpus-whitened eps={eps:g}"] = lambda v, w=w: torch.einsum("lnh,lhk->lnk", v - mean[:, None, :], w)
    print("| transform | " + " | ".join(f"L{L} F1 / F3" for L in LAYERS) + " |")
    print("|---|" + "---|" * len(LAYERS))
    for name, transform in settings.items():
        t0 = time.perf_counter()
        res = dev.scores(transform)
        cells = []
        for L in LAYERS:
            taus = [kendall_darr(darr_counts(res[L][m], labels, groups)) for m in ("F1", "F3")]
            cells.append(f"{taus[0]:.3f} / {taus[1]:.3f}")
        print(f"| {name} | " + " | ".join(cells) + f" |  ({time.perf_counter() - t0:.0f}s)", flush=True)


if __name__ == "__main__":
    main()
