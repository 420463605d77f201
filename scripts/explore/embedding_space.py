"""Exploration (not part of the package): does centring or whitening the encoder's token space help?

Each layer's token vectors are transformed before the cosine matching — centred (minus the mean vector of a
sample of code) or whitened (centred, then multiplied by C^-1/2 of that sample's covariance, eigenvalues floored at
eps x the largest) — and re-normalised; then Kendall tau (da-RR) with correctness is measured on a bundled dev set
(realistic view), for layers 1-6, F1 and F3, context on, no idf. The statistics come from 300 random files of the
project corpus (../shared/corpus), never from the dev set, except the row "dev-centred", which centres on the
scored data itself to show what an oracle mean would give.

It patches a private method of the scorer (``_score_pairs``, which receives unit-norm vectors), so it is an
experiment, not an API.

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
from codebertscore.scoring import scorer as scorer_module

LAYERS = [1, 2, 3, 4, 5, 6]
_ORIGINAL = scorer_module.CodeBERTScorer._score_pairs


def use_transform(transform) -> None:
    """Make the scorer match transform(vectors) (re-normalised) instead of the vectors; None restores it."""
    def patched(self, pairs, embs, weights, n_layers):
        if transform is not None:
            embs = {k: torch.nn.functional.normalize(transform(v.float()), dim=-1) for k, v in embs.items()}
        return _ORIGINAL(self, pairs, embs, weights, n_layers)

    scorer_module.CodeBERTScorer._score_pairs = patched


def token_vectors(scorer: CodeBERTScorer, cands: list[str], refs: list[str], sources=None) -> torch.Tensor:
    """(layers, tokens, hidden) unit vectors of every kept token of the texts scored."""
    seen: dict[int, torch.Tensor] = {}

    def grab(self, pairs, embs, weights, n_layers):
        seen.update(embs)
        return _ORIGINAL(self, pairs, embs, weights, n_layers)

    scorer_module.CodeBERTScorer._score_pairs = grab
    try:
        scorer.score_layers(cands=cands, refs=refs, sources=sources, layers=LAYERS)
    finally:
        use_transform(None)
    return torch.cat([v.float() for v in seen.values() if v.shape[1]], dim=1)


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
    corpus = token_vectors(scorer, sample, sample[1:] + sample[:1])
    mean = corpus.mean(dim=1)  # (L, H)
    print(f"{args.lang}: {len(rows)} candidates; corpus sample {corpus.shape[1]} tokens from {args.files} files")

    def whitener(eps: float) -> torch.Tensor:
        out = []
        for li in range(corpus.shape[0]):
            x = corpus[li] - mean[li]
            vals, vecs = torch.linalg.eigh(x.T @ x / x.shape[0])
            out.append(vecs @ torch.diag(1 / torch.sqrt(vals.clamp_min(0) + eps * vals.max())) @ vecs.T)
        return torch.stack(out)

    dev_mean = token_vectors(scorer, cands, refs, srcs).mean(dim=1)
    settings = {"plain": None,
                "corpus-centred": lambda v: v - mean[:, None, :],
                "dev-centred (oracle)": lambda v: v - dev_mean[:, None, :]}
    for eps in (1e-3, 0.05, 0.3):
        w = whitener(eps)
        settings[f"corpus-whitened eps={eps:g}"] = lambda v, w=w: torch.einsum("lnh,lhk->lnk", v - mean[:, None, :], w)
    print("| transform | " + " | ".join(f"L{L} F1 / F3" for L in LAYERS) + " |")
    print("|---|" + "---|" * len(LAYERS))
    for name, transform in settings.items():
        use_transform(transform)
        t0 = time.perf_counter()
        res = scorer.score_layers(cands=cands, refs=refs, sources=srcs, layers=LAYERS, idf=False)
        cells = []
        for L in LAYERS:
            taus = [kendall_darr(darr_counts(getattr(res[L], m), labels, groups)) for m in ("F1", "F3")]
            cells.append(f"{taus[0]:.3f} / {taus[1]:.3f}")
        print(f"| {name} | " + " | ".join(cells) + f" |  ({time.perf_counter() - t0:.0f}s)", flush=True)
    use_transform(None)


if __name__ == "__main__":
    main()
