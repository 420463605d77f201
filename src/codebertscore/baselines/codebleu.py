"""CodeBLEU per pair (PyPI ``codebleu``), with its two known defects fixed — or reproduced on request.

CodeBLEU = a * BLEU + b * keyword-weighted BLEU + c * AST subtree match + d * data-flow match (weights 0.25 each
by default). We compute the four components per pair with the package's own functions and combine them
ourselves, because its ``calc_codebleu`` has two defects:

1. **A zero data-flow score becomes 1.** It combines ``theta * (dataflow_match_score or 1)``, so a candidate
   that shares *no* data flow with the reference gets the full data-flow credit: ``print('hello')`` against
   ``def add(a, b): ...`` scores 0.25 with all four components at 0. We use the score as it is; only when the
   *reference* has no data flow at all (one-liners, constant returns: the component is undefined) is the
   policy ``dfg_missing=`` applied: ``renorm`` (default: drop the component and renormalise the other weights),
   ``zero`` or ``one`` (the package's choice for that case).
2. **Data-flow matching depends on Python's hash seed.** The package's data-flow graphs merge the parents of a
   variable with ``list(set(names))``, whose order changes with ``PYTHONHASHSEED``; parents are then numbered in
   that order and compared as ordered lists, so the same pair scores differently from one process to the next
   (0.92 or 0.85 on a ten-line function). We sort each node's parent names before numbering, which makes the
   score a function of the code alone.

``compat=yes`` reproduces the package exactly (both defects; for parity checks only). The n-gram components
use the package's BLEU (unsmoothed, as CodeBLEU defines it) on whitespace tokens (``tok=space``, the package's
default) or on our code tokens (``tok=code``). Several references are pooled as the package pools them. C and
C++ use the package's C# data-flow rules on the C/C++ grammars (as the package does). Needs the tree-sitter
grammar of the language: ``pip install tree-sitter-python~=0.21.0`` (and -java, -javascript, -c, -cpp).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from codebertscore.baselines.base import BaseMetric, check_inputs, opt_bool, opt_choice, opt_floats, register
from codebertscore.baselines.tokenize import get_tokenizer, tokenizer_label
from codebertscore.errors import ArgumentError, MissingDependencyError, require
from codebertscore.languages import LANGUAGE_ALIASES
from codebertscore.scoring.signature import package_version

_GRAMMARS = {"python": "tree_sitter_python", "java": "tree_sitter_java", "javascript": "tree_sitter_javascript",
             "c": "tree_sitter_c", "cpp": "tree_sitter_cpp"}
#: our language spellings -> the package's names, for the languages it has a grammar for
LANGS = {alias: lang for alias, lang in LANGUAGE_ALIASES.items() if lang in _GRAMMARS}
_GRAMMAR_PINS = {"python": "~=0.21.0", "java": "~=0.21.0", "javascript": "~=0.21.0", "c": "~=0.21.0", "cpp": "~=0.22.0"}


@functools.cache
def _language(lang: str) -> Any:
    """The tree-sitter Language for one of our languages (raises with an install hint when missing)."""
    require("codebleu", "metaeval", "CodeBLEU")
    module = _GRAMMARS[lang]
    dist = module.replace("_", "-")
    try:
        require(module, "metaeval", f"CodeBLEU on {lang}")
    except MissingDependencyError:
        raise MissingDependencyError(
            f"codebleu: CodeBLEU on {lang} needs the tree-sitter grammar '{dist}'; install it with: "
            f"pip install '{dist}{_GRAMMAR_PINS[lang]}' (newer grammars need a newer tree-sitter than codebleu accepts)"
        ) from None
    utils = require("codebleu.utils", "metaeval", "CodeBLEU")
    return utils.get_tree_sitter_language(lang)


def canonical_dataflow(dfg: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The package's data-flow items with each node's parent names (and parent positions) sorted.

    Items are ``(name, position, relation, parent_names, parent_positions)``. The package builds the two parent
    lists from Python sets, so their order (and the numbering derived from it) follows the hash seed.
    """
    return [(d[0], d[1], d[2], sorted(d[3]), sorted(d[4])) for d in dfg]


class _Components:
    """The package's component functions for one language, with our deterministic data-flow match."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.language = _language(lang)
        self.bleu = require("codebleu.bleu", "metaeval", "CodeBLEU")
        self.weighted = require("codebleu.weighted_ngram_match", "metaeval", "CodeBLEU")
        self.syntax = require("codebleu.syntax_match", "metaeval", "CodeBLEU")
        self.dataflow = require("codebleu.dataflow_match", "metaeval", "CodeBLEU")
        tree_sitter = require("tree_sitter", "metaeval", "CodeBLEU")
        parser = tree_sitter.Parser()
        parser.language = self.language
        self.dfg_parser = [parser, self.dataflow.dfg_function[lang]]
        package_dir = Path(require("codebleu.codebleu", "metaeval", "CodeBLEU").PACKAGE_DIR)
        with open(package_dir / "keywords" / f"{lang}.txt", encoding="utf-8") as fh:
            self.keywords = {x.strip() for x in fh}

    def ngram(self, hyp: list[str], refs: list[list[str]]) -> tuple[float, float]:
        plain = self.bleu.corpus_bleu([refs], [hyp])
        weighted_refs = [[r, {t: 1 if t in self.keywords else 0.2 for t in r}] for r in refs]
        weighted = self.weighted.corpus_bleu([weighted_refs], [hyp])
        return float(plain), float(weighted)

    def syntax_match(self, cand: str, refs: list[str]) -> float:
        return float(self.syntax.corpus_syntax_match([refs], [cand], self.lang, tree_sitter_language=self.language))

    def _flows(self, code: str) -> list[Any]:
        try:
            code = self.dataflow.remove_comments_and_docstrings(code, self.lang)
        except Exception:  # noqa: BLE001 - the package ignores unparsable code the same way
            pass
        dfg = canonical_dataflow(self.dataflow.get_data_flow(code, self.dfg_parser))
        return self.dataflow.normalize_dataflow(dfg)

    def dataflow_match(self, cand: str, refs: list[str]) -> float | None:
        """Matched / total reference data flows, pooled over the references; None when no reference has any."""
        matched = total = 0
        for ref in refs:
            ref_flows = self._flows(ref)
            if not ref_flows:
                continue
            cand_flows = self._flows(cand)
            total += len(ref_flows)
            for flow in ref_flows:
                if flow in cand_flows:
                    matched += 1
                    cand_flows.remove(flow)
        return matched / total if total else None


@register("codebleu", "CodeBLEU (codebleu package) with the zero-data-flow and hash-seed defects fixed")
class CodeBLEU(BaseMetric):
    """Per-pair CodeBLEU; see the module docstring."""

    name = "codebleu"

    def __init__(
        self,
        weights: str = "0.25/0.25/0.25/0.25",
        tok: str = "space",
        dfg_missing: str = "renorm",
        compat: str = "no",
        lang: str | None = None,
    ) -> None:
        self.weights = opt_floats(self.name, "weights", weights, 4)
        if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
            raise ArgumentError(f"{self.name}: option weights: expected non-negative weights with a positive sum")
        self.tok = opt_choice(self.name, "tok", tok, ["space", "code"])
        self.dfg_missing = opt_choice(self.name, "dfg_missing", dfg_missing, ["renorm", "zero", "one"])
        self.compat = opt_bool(self.name, "compat", compat)
        self.lang = None if lang is None else self._lang(lang)
        self._tokenize = get_tokenizer(self.tok)
        self.last_components: dict[str, np.ndarray] = {}

    def _lang(self, lang: str | None) -> str:
        key = (lang or "").strip().lower()
        if key not in LANGS:
            raise ArgumentError(
                f"{self.name}: lang: expected one of {', '.join(sorted(set(LANGS.values())))} (CodeBLEU parses "
                f"the code), got {lang!r}"
            )
        return LANGS[key]

    def signature(self) -> str:
        w = "/".join(f"{x:g}" for x in self.weights)
        if self.compat:
            fixes = "compat(df0->1,hashseed)"
        else:
            fixes = f"df:exact,df_missing:{self.dfg_missing},df_order:sorted"
        lang = f"|lang:{self.lang}" if self.lang else ""
        return (
            f"codebleu|tok:{tokenizer_label(self.tok)}|w:{w}|{fixes}|ngram:unsmoothed{lang}"
            f"|codebleu:{package_version('codebleu')}"
        )

    def score(
        self,
        cands: Sequence[str],
        refs: Sequence[Sequence[str]],
        sources: Sequence[str] | None = None,
        lang: str | None = None,
    ) -> np.ndarray:
        c, r, _ = check_inputs(self.name, cands, refs, sources)
        lang_name = self.lang or self._lang(lang)
        if self.compat:
            return self._score_compat(c, r, lang_name)
        comp = _Components(lang_name)
        a, b, g, d = self.weights
        parts = {k: np.empty(len(c)) for k in ("ngram", "weighted_ngram", "syntax", "dataflow")}
        out = np.empty(len(c), dtype=np.float64)
        logger = logging.getLogger()
        previous = logger.level
        logger.setLevel(logging.ERROR)  # the package warns on every pair without data flow
        try:
            for i, (cand, group) in enumerate(zip(c, r)):
                cand_s, group_s = cand.strip(), [x.strip() for x in group]
                ngram, weighted = comp.ngram(self._tokenize(cand_s), [self._tokenize(x) for x in group_s])
                syntax = comp.syntax_match(cand_s, group_s)
                flow = comp.dataflow_match(cand_s, group_s)
                parts["ngram"][i], parts["weighted_ngram"][i], parts["syntax"][i] = ngram, weighted, syntax
                parts["dataflow"][i] = np.nan if flow is None else flow
                if flow is None and self.dfg_missing == "renorm":
                    out[i] = (a * ngram + b * weighted + g * syntax) / (a + b + g) if a + b + g > 0 else 0.0
                else:
                    if flow is None:
                        flow = 0.0 if self.dfg_missing == "zero" else 1.0
                    out[i] = a * ngram + b * weighted + g * syntax + d * flow
        finally:
            logger.setLevel(previous)
        self.last_components = parts
        return out

    def _score_compat(self, c: list[str], r: list[list[str]], lang: str) -> np.ndarray:
        _language(lang)
        calc = require("codebleu", "metaeval", "CodeBLEU").calc_codebleu
        logging.disable(logging.WARNING)
        try:
            return np.array(
                [
                    calc([group], [cand], lang, weights=self.weights, tokenizer=self._tokenize)["codebleu"]
                    for cand, group in zip(c, r)
                ],
                dtype=np.float64,
            )
        finally:
            logging.disable(logging.NOTSET)
