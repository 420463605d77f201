"""Sentence-level BLEU (sacrebleu) and CrystalBLEU (ours), on code tokens by default.

**BLEU** is sacrebleu's sentence BLEU, up to 4-grams, with *effective order* (orders the candidate is too short
for are left out) and **exp smoothing** (Chen & Cherry 2014 method 3, mteval's: the k-th order with no match
counts 1 / (2^k * total)) by default — unsmoothed sentence BLEU is 0 for most short snippets, which makes it
useless for ranking them. Several references are native (clipped counts take the max over references, the
closest reference length gives the brevity penalty). Scores are in [0, 1] (sacrebleu's / 100). The text is
tokenised by us (``tok=code``, see :mod:`codebertscore.baselines.tokenize`) and handed to sacrebleu with
``tokenize="none"``; ``tok=13a`` lets sacrebleu tokenise as for English.

**CrystalBLEU** (Eghbali & Pradel, ASE 2022) is BLEU that ignores the *trivially shared* n-grams: the ``k``
(default 500) most frequent 1- to 4-grams of a corpus of the language, which any two programs share (``) ;``,
``return``, ``for ( int``...). They are dropped from the candidate's and the references' n-gram counts before
the clipped precisions are computed; lengths (and so the brevity penalty) are the full token counts. The corpus
is the distinct references of the call by default (``trivial:refs`` in the signature), or a text file
(``corpus=path``). Smoothing and effective order as for BLEU above; with ``k=0`` it equals our BLEU exactly (a
test checks this against sacrebleu).
"""

from __future__ import annotations

import hashlib
import math
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from codebertscore.baselines.base import BaseMetric, check_inputs, opt_choice, opt_int, register
from codebertscore.baselines.tokenize import TOKENIZERS, get_tokenizer, tokenizer_label
from codebertscore.errors import ArgumentError, InputError, require

MAX_ORDER = 4
SMOOTHING = ("exp", "floor", "add-k", "none")

NGram = tuple[str, ...]


def _sacrebleu_version() -> str:
    return str(getattr(require("sacrebleu", "metaeval", "BLEU"), "__version__", "unknown"))


@register("bleu", "sentence BLEU (sacrebleu), code tokens, exp smoothing, effective order")
class BLEU(BaseMetric):
    """sacrebleu's sentence BLEU with our tokenisation; see the module docstring."""

    name = "bleu"

    def __init__(self, tok: str = "code", smooth: str = "exp") -> None:
        self.tok = opt_choice(self.name, "tok", tok, list(TOKENIZERS))
        self.smooth = opt_choice(self.name, "smooth", smooth, SMOOTHING)
        metrics = require("sacrebleu.metrics", "metaeval", "BLEU")
        self._bleu = metrics.BLEU(
            tokenize="13a" if self.tok == "13a" else "none", smooth_method=self.smooth, effective_order=True
        )

    def signature(self) -> str:
        return (
            f"bleu|tok:{tokenizer_label(self.tok)}|smooth:{self.smooth}|eff:yes|order:{MAX_ORDER}"
            f"|refs:multi|case:mixed|sacrebleu:{_sacrebleu_version()}"
        )

    def _prep(self, text: str) -> str:
        return text if self.tok == "13a" else " ".join(get_tokenizer(self.tok)(text))

    def score_multi(self, cand: str, refs: list[str], source: str | None, lang: str | None) -> float:
        result = self._bleu.sentence_score(self._prep(cand), [self._prep(r) for r in refs])
        return float(result.score) / 100.0


# -- CrystalBLEU -----------------------------------------------------------------------------------------------------


def ngram_counts(tokens: Sequence[str], max_order: int = MAX_ORDER) -> Counter[NGram]:
    """Counts of all 1..max_order-grams of a token list."""
    counts: Counter[NGram] = Counter()
    for n in range(1, max_order + 1):
        for i in range(len(tokens) - n + 1):
            counts[tuple(tokens[i : i + n])] += 1
    return counts


def trivially_shared_ngrams(token_lists: Iterable[Sequence[str]], k: int) -> frozenset[NGram]:
    """The ``k`` most frequent 1..4-grams over ``token_lists`` (ties broken by the n-gram itself: deterministic).

    Warns when ``k`` reaches half of the corpus's distinct n-grams: then nearly everything counts as trivial and
    most scores collapse to 0 (a corpus far too small for ``k``; pass a larger ``corpus=`` or a smaller ``k``).
    """
    if k <= 0:
        return frozenset()
    total: Counter[NGram] = Counter()
    for tokens in token_lists:
        total.update(ngram_counts(tokens))
    if k >= len(total) / 2:
        warnings.warn(
            f"crystalbleu: k={k} trivially shared n-grams out of only {len(total)} distinct n-grams in the corpus; "
            "most n-grams are ignored and scores collapse toward 0 (use a larger corpus= or a smaller k)",
            stacklevel=3,
        )
    ranked = sorted(total.items(), key=lambda item: (-item[1], item[0]))
    return frozenset(ng for ng, _ in ranked[:k])


def closest_ref_length(hyp_len: int, ref_lens: Sequence[int]) -> int:
    """The reference length closest to the hypothesis length (the shorter one on a tie), as BLEU defines it."""
    return min(ref_lens, key=lambda r: (abs(hyp_len - r), r))


def bleu_from_stats(
    correct: Sequence[float], total: Sequence[float], hyp_len: int, ref_len: int, smooth: str = "exp"
) -> float:
    """BLEU in [0, 1] from clipped matches and totals per order, with effective order (as sacrebleu computes it)."""
    correct, total = list(correct), list(total)
    bp = 1.0 if hyp_len >= ref_len else (math.exp(1 - ref_len / hyp_len) if hyp_len > 0 else 0.0)
    if not any(correct):
        return 0.0
    precisions = [0.0] * len(correct)
    smooth_mteval = 1.0
    eff_order = len(correct)
    for n in range(len(correct)):
        if smooth == "add-k" and n > 0:
            correct[n] += 1
            total[n] += 1
        if total[n] == 0:
            break
        eff_order = n + 1
        if correct[n] == 0:
            if smooth == "exp":
                smooth_mteval *= 2
                precisions[n] = 1.0 / (smooth_mteval * total[n])
            elif smooth == "floor":
                precisions[n] = 0.1 / total[n]
        else:
            precisions[n] = correct[n] / total[n]
    logs = [math.log(p) if p > 0 else -9999999999.0 for p in precisions[:eff_order]]
    return bp * math.exp(sum(logs) / eff_order)


def crystal_bleu_sentence(
    hyp: Sequence[str], refs: Sequence[Sequence[str]], trivial: frozenset[NGram], smooth: str = "exp"
) -> float:
    """CrystalBLEU of one tokenised hypothesis against tokenised references."""
    hyp_counts = ngram_counts(hyp)
    ref_max: Counter[NGram] = Counter()
    for ref in refs:
        for ng, c in ngram_counts(ref).items():
            if c > ref_max[ng]:
                ref_max[ng] = c
    correct = [0] * MAX_ORDER
    total = [0] * MAX_ORDER
    for ng, c in hyp_counts.items():
        if ng in trivial:
            continue
        total[len(ng) - 1] += c
        correct[len(ng) - 1] += min(c, ref_max.get(ng, 0))
    ref_len = closest_ref_length(len(hyp), [len(r) for r in refs])
    return bleu_from_stats(correct, total, len(hyp), ref_len, smooth)


@register("crystalbleu", "BLEU ignoring the k most frequent (trivially shared) n-grams of a corpus")
class CrystalBLEU(BaseMetric):
    """CrystalBLEU; see the module docstring."""

    name = "crystalbleu"

    def __init__(self, k: str | int = "500", tok: str = "code", smooth: str = "exp", corpus: str | None = None) -> None:
        self.k = opt_int(self.name, "k", str(k), minimum=0)
        self.tok = opt_choice(self.name, "tok", tok, list(TOKENIZERS))
        self.smooth = opt_choice(self.name, "smooth", smooth, SMOOTHING)
        self._tokenize = get_tokenizer(self.tok)
        self.corpus = corpus
        self._corpus_trivial: frozenset[NGram] | None = None
        self._corpus_sha = ""
        if corpus is not None:
            path = Path(corpus).expanduser()
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ArgumentError(f"{self.name}: option corpus: cannot read {path} ({exc})") from None
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{self.name}: corpus {path}: not UTF-8 text") from None
            self._corpus_sha = hashlib.sha256(data).hexdigest()[:12]
            self._corpus_trivial = trivially_shared_ngrams([self._tokenize(text)], self.k)

    def signature(self) -> str:
        source = f"file:{self._corpus_sha}" if self.corpus is not None else "refs"
        return (
            f"crystalbleu|tok:{tokenizer_label(self.tok)}|k:{self.k}|trivial:{source}|smooth:{self.smooth}"
            f"|eff:yes|order:{MAX_ORDER}|refs:multi"
        )

    def score(
        self,
        cands: Sequence[str],
        refs: Sequence[Sequence[str]],
        sources: Sequence[str] | None = None,
        lang: str | None = None,
    ) -> np.ndarray:
        c, r, _ = check_inputs(self.name, cands, refs, sources)
        tok_refs: dict[str, list[str]] = {}
        for group in r:
            for ref in group:
                if ref not in tok_refs:
                    tok_refs[ref] = self._tokenize(ref)
        if self._corpus_trivial is not None:
            trivial = self._corpus_trivial
        else:
            trivial = trivially_shared_ngrams((tok_refs[x] for x in sorted(tok_refs)), self.k)
        return np.array(
            [
                crystal_bleu_sentence(self._tokenize(cand), [tok_refs[x] for x in group], trivial, self.smooth)
                for cand, group in zip(c, r)
            ],
            dtype=np.float64,
        )
