"""Baseline metrics behind one interface (:class:`~codebertscore.baselines.base.Metric`), built from specs.

==================  ====================================================================================
name                what (tokenisation stated in each signature)
==================  ====================================================================================
``bleu``            sentence BLEU (sacrebleu), code tokens, exp smoothing, effective order
``crystalbleu``     BLEU ignoring the k most frequent n-grams of a corpus (ours)
``chrf``            chrF / chrF++ (sacrebleu), characters
``rouge1/2/L``      ROUGE F-measures (rouge-score), code tokens
``meteor``          METEOR (NLTK) with WordNet found offline
``codebleu``        CodeBLEU (codebleu package) with its zero-data-flow and hash-seed defects fixed
``exact``           exact match after whitespace normalisation
``edit_sim``        1 - normalised character edit distance
``codebertscore``   this package's CodeBERTScore, any model / layer / F / idf / context
==================  ====================================================================================

Use :func:`~codebertscore.baselines.base.build_metric` (``build_metric("bleu:tok=13a")``) or the classes.
"""

from __future__ import annotations

from codebertscore.baselines.base import Metric, MetricSpec, available, build_metric, expand_spec, parse_spec

__all__ = ["Metric", "MetricSpec", "available", "build_metric", "expand_spec", "parse_spec"]
