"""Go is a supported language: lang="go" (and "golang") scores with the shipped encoder; unknown languages stay loud."""

from __future__ import annotations

import pytest

from codebertscore.errors import ArgumentError
from codebertscore.languages import LANGUAGES, normalize_language

GO_REF = "func Max(a, b int) int {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n"
GO_FLIP = "func Max(a, b int) int {\n\tif a < b {\n\t\treturn a\n\t}\n\treturn b\n}\n"


def test_the_language_table_lists_go_and_its_alias():
    assert "go" in LANGUAGES
    assert normalize_language("go") == normalize_language("Golang") == "go"
    with pytest.raises(ArgumentError, match="unknown language 'cobol'.*go"):
        normalize_language("cobol")


def test_go_scores_with_the_shipped_encoder(minilm_path: str):
    from codebertscore import CodeBERTScorer

    for name in ("go", "golang"):
        s = CodeBERTScorer(lang=name, token_filter="paper")
        assert s.lang == "go" and s.spec.display == "all-MiniLM-L6-v2"
        assert CodeBERTScorer(lang=name).token_filter.name == "operators"  # the shipped default's filter
        r = s.score(cands=[GO_REF, GO_FLIP], refs=[GO_REF, GO_REF])
        assert r.F1[0] == pytest.approx(1.0) and 0.9 < r.F1[1] < 1.0
    ops = CodeBERTScorer(lang="go", token_filter="operators")
    r2 = ops.score(cands=[GO_FLIP], refs=[GO_REF])
    assert r2.F1[0] < r.F1[1]  # the flipped comparison is visible to the operators filter
    toks = ops.explain(cand="x := <-ch", ref="y")["cand_tokens"]
    assert toks == ["x", "=", "<", "-", "ch"]


def test_unknown_language_is_a_loud_error():
    from codebertscore import CodeBERTScorer

    with pytest.raises(ArgumentError, match="lang: unknown language 'klingon'"):
        CodeBERTScorer(lang="klingon")
