"""The one build entry point: refusal without opt-in, argument checks, delegation to the language's builder."""

from __future__ import annotations

import pytest

from codebertscore.devset import build as builder
from codebertscore.devset.python import build as python_builder
from codebertscore.errors import ArgumentError


def test_builder_refuses_without_execute():
    for call in (
        lambda: python_builder.build_python_detailed(execute=False),
        lambda: python_builder.build_python(execute=False),
        lambda: builder.build("python", execute=False),
        lambda: builder.build("java", execute=False),
    ):
        with pytest.raises(ArgumentError, match="executes generated code; it is done only on explicit opt-in"):
            call()


def test_builder_argument_checks():
    with pytest.raises(ArgumentError, match="workers: expected a positive integer"):
        python_builder.build_python_detailed(execute=True, workers=0)
    with pytest.raises(ArgumentError, match="lang: expected one of python, javascript, java, cpp"):
        builder.build("cobol", execute=True)
    with pytest.raises(ArgumentError, match="task_ids: unknown HumanEval task"):
        python_builder.build_python_detailed(execute=True, task_ids=["HumanEval/999"])


def test_other_languages_are_delegated(monkeypatch):
    calls = []

    def build_language(lang, *, execute, seed, workers, progress, previous):
        calls.append((lang, execute, seed, workers, progress, previous))
        return []

    monkeypatch.setattr(builder, "build_language", build_language)
    assert builder.build("javascript", execute=True, seed=3, workers=1) == []
    assert calls == [("javascript", True, 3, 1, False, None)]
