"""CodeBERTScore for Hugging Face ``evaluate``: load with ``evaluate.load(codebertscore.hf_evaluate.PATH)``.

A thin shell: the scoring is :func:`codebertscore.hf_evaluate.compute` (see the metric card, README.md here).
"""

import datasets
import evaluate

from codebertscore import hf_evaluate

_CITATION = """\
@inproceedings{zhou2023codebertscore,
  title = {CodeBERTScore: Evaluating Code Generation with Pretrained Models of Code},
  author = {Zhou, Shuyan and Alon, Uri and Agarwal, Sumit and Neubig, Graham},
  booktitle = {Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing},
  year = {2023},
  note = {arXiv:2302.05527}
}
"""

_DESCRIPTION = """\
CodeBERTScore compares generated code with reference code through a pretrained encoder: each token of the
candidate and of the reference is embedded in context, and the cosine of its best match on the other side is
averaged into precision (candidate tokens), recall (reference tokens), F1 and F3 (recall weighted three times).
An optional source (the prompt) is encoded with the code but never matched. Every result carries a signature
(`hashcode`) naming the encoder, its weights, the layer and every setting that changes the numbers.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of str): generated code, one program per example.
    references (list of str, or list of list of str): the reference code of each example; with several, the one
        with the best headline measure is used (all four measures come from it).
    sources (list of str, optional, to `compute`): the context (prompt) of each example, in the order the examples
        were added.
    lang (str): python, java, javascript, c, cpp or go: the default encoder's settings for that language.
    model (str): "default", "paper", "multilingual", a hub name or a local folder.
    layer (int), headline ("F1", "F3" or "R"), idf (bool, "corpus" or an idf table path), token_filter ("paper",
        "operators" or "none"), no_punc (bool), rescale (a baseline table path), device, dtype, batch_size, window,
        overlap, truncate, cache_dir, ...: the keyword arguments of codebertscore.CodeBERTScorer.
Returns:
    precision, recall, f1, f3 (lists of float): per example.
    score (list of float): the headline measure per example; headline (str): its name.
    best_ref (list of int): index of the reference used for each example.
    hashcode (str): the signature of the settings.
Examples:
    >>> import evaluate
    >>> from codebertscore.hf_evaluate import PATH
    >>> metric = evaluate.load(PATH)
    >>> out = metric.compute(predictions=["return a + b"], references=[["return a - b", "return b + a"]],
    ...                      lang="python")
    >>> sorted(out)
    ['best_ref', 'f1', 'f3', 'hashcode', 'headline', 'precision', 'recall', 'score']
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class CodeBERTScore(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=[
                datasets.Features({
                    "predictions": datasets.Value("string", id="sequence"),
                    "references": datasets.Sequence(datasets.Value("string", id="sequence"), id="references"),
                }),
                datasets.Features({
                    "predictions": datasets.Value("string", id="sequence"),
                    "references": datasets.Value("string", id="sequence"),
                }),
            ],
            reference_urls=["https://arxiv.org/abs/2302.05527"],
        )

    def _compute(self, predictions, references, **kwargs):
        return hf_evaluate.compute(predictions=predictions, references=references, **kwargs)
