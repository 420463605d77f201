"""The bert_score calling convention, as a thin layer over :func:`codebertscore.score`.

::

    from codebertscore.compat import score
    P, R, F = score(cands, refs, lang="python")                     # torch tensors of shape (N,), F = F1
    (P, R, F), hashcode = score(cands, refs, lang="python", return_hash=True)
    P, R, F3 = score(cands, refs, lang="python", f_measure="F3")    # F3, the paper's main score

Differences from ``bert_score.score`` (and from ``code_bert_score.score``, which returns four tensors P, R, F1, F3):

* ``lang`` names a programming language (python, java, javascript, c, cpp) and picks our registry's default encoder
  and layer; ``model_type`` / ``num_layers`` choose them explicitly (our ``model`` / ``layer``).
* With several references per candidate, P, R and F all come from one reference: the one with the best headline
  measure (``headline``; the registry's default unless given). bert_score takes the maximum of each measure
  separately, so its P, R and F may come from different references.
* ``hashcode`` is our full signature (model, weights hash, layer, idf, context, filtering, window, versions), not
  bert_score's short hash.
* ``idf`` is False, True (idf from the references of this call), a path to an idf table (``codebertscore idf``) or an
  :class:`~codebertscore.scoring.idf.IdfTable`; bert_score's ``{token_id: weight}`` dicts are refused.
* ``rescale_with_baseline=True`` needs ``baseline_path`` (a table from ``codebertscore baseline``): no baseline is
  shipped, and none is made up.
* ``all_layers=True`` is refused (use :meth:`CodeBERTScorer.score_layers`); ``nthreads`` and ``use_fast_tokenizer``
  are accepted and have no effect (idf is computed without threads; the tokenizer is always the fast one).
* ``batch_size`` caps the windows per forward pass (a token budget also applies); ``verbose`` shows a progress bar.
* Tensors are float32 on the CPU, as bert_score returns them.
* Everything else (``sources``, ``no_punc``, ``headline``, ``dtype``, ``window``, ``truncate``, ``cache_dir``, …) is
  passed on to :class:`~codebertscore.CodeBERTScorer` as keywords.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from codebertscore.errors import ArgumentError
from codebertscore.scoring.idf import IdfTable
from codebertscore.scoring.inputs import validate_inputs

#: the F measures ``f_measure`` may pick
F_MEASURES = ("F1", "F3")


def score(
    cands: Sequence[str],
    refs: Sequence[str] | Sequence[Sequence[str]],
    model_type: str | None = None,
    num_layers: int | None = None,
    verbose: bool = False,
    idf: bool | str | Path | IdfTable = False,
    device: str | None = None,
    batch_size: int | None = None,
    nthreads: int = 4,
    all_layers: bool = False,
    lang: str | None = None,
    return_hash: bool = False,
    rescale_with_baseline: bool = False,
    baseline_path: str | Path | None = None,
    use_fast_tokenizer: bool = False,
    *,
    sources: Sequence[str] | None = None,
    f_measure: str = "F1",
    **scorer_kwargs: Any,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | tuple[tuple[torch.Tensor, torch.Tensor, torch.Tensor], str]:
    """``P, R, F = score(cands, refs, lang=...)`` as in bert_score; see the module docstring for the differences.

    ``f_measure`` ("F1", the default as in bert_score, or "F3") chooses the third tensor. With ``return_hash=True``
    the result is ``((P, R, F), signature)``.
    """
    from codebertscore.scoring.scorer import score as _score

    del nthreads, use_fast_tokenizer  # accepted for bert_score compatibility; they do not change the scores
    if f_measure not in F_MEASURES:
        raise ArgumentError(f"f_measure: expected one of {', '.join(F_MEASURES)}, got {f_measure!r}")
    if all_layers:
        raise ArgumentError("all_layers: not supported here; use CodeBERTScorer.score_layers(layers=...) instead")
    if isinstance(idf, dict):
        raise ArgumentError(
            "idf: bert_score's {token_id: weight} dicts are not accepted; pass True, a path to an idf table "
            "(codebertscore idf) or an IdfTable"
        )
    if rescale_with_baseline and baseline_path is None:
        raise ArgumentError(
            "rescale_with_baseline: needs baseline_path, a baseline table from `codebertscore baseline` "
            "(no baseline is shipped)"
        )
    if baseline_path is not None and not rescale_with_baseline:
        raise ArgumentError("baseline_path: given without rescale_with_baseline=True")
    for name in ("model", "layer", "rescale", "progress"):
        if name in scorer_kwargs:
            alias = {"model": "model_type", "layer": "num_layers", "rescale": "baseline_path", "progress": "verbose"}
            raise ArgumentError(f"{name}: in the bert_score convention this is {alias[name]}=...")
    validate_inputs(cands, refs, sources)  # before the model loads
    result = _score(
        cands=cands, refs=refs, sources=sources,
        lang=lang, model=model_type, layer=num_layers, idf=idf, device=device, batch_size=batch_size,
        rescale=baseline_path if rescale_with_baseline else None, progress=bool(verbose), **scorer_kwargs,
    )

    def tensor(values: Any) -> torch.Tensor:
        return torch.as_tensor(values, dtype=torch.float32)

    out = (tensor(result.P), tensor(result.R), tensor(result.measure(f_measure)))
    if return_hash:
        return out, result.signature.format()
    return out


__all__ = ["F_MEASURES", "score"]
