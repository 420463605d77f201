"""Independent samples: candidate completions written from the prompt alone, by an author who saw neither the
reference nor any other candidate.

The hand-written alternatives and wrong solutions of the dev sets share one author with the translated
references, and in JavaScript, Java and C++ the wrong ones were written as misreadings of the reference — so
similarity to the reference there measures authorship as much as correctness (see the datasheet). Samples fix
that: for each problem, four completions written from the prompt only, as a code model would produce them —

* ``careful`` — the author's best solution;
* ``other`` — a solution in a clearly different approach or idiom;
* ``quick`` (two) — written from a first reading, like a smaller model sampled at temperature 0.8: right or
  wrong, and when wrong then in the ways such models fail (a misread requirement, a missed edge case, an
  off-by-one, a wrong tie-break, a non-existent library method).

The intent says how a sample was written, never whether it passes: labels come only from running the tests.
Both labels thus come from one independent hand, the property that the ``samples`` view of a dev set rests on.

Files: ``codebertscore/devset/problems/samples/<lang>.txt``, in the section format of
:mod:`codebertscore.devset.sections` with ``--- sample: <intent>`` sections::

    === HumanEval/0
    --- sample: careful
    <the completion, exactly as it continues the prompt>
    --- sample: quick
    ...
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from codebertscore.devset.format import DEV_LANGUAGES
from codebertscore.devset.sections import parse_sections
from codebertscore.errors import ArgumentError, InputError

#: how a sample was written (see the module docstring)
SAMPLE_INTENTS = ("careful", "other", "quick")

#: the origin prefix of sample candidates in dev-set records (``sample:careful``, ...)
SAMPLE_ORIGIN = "sample:"


@dataclass(frozen=True)
class Sample:
    """One independently written completion of a problem."""

    intent: str
    code: str

    @property
    def origin(self) -> str:
        return SAMPLE_ORIGIN + self.intent


def parse_samples(text: str, source: str = "<samples>") -> dict[str, tuple[Sample, ...]]:
    """Parse a samples file into ``{task_id: (Sample, ...)}`` (samples in file order)."""
    out: dict[str, tuple[Sample, ...]] = {}
    for task, sections in parse_sections(text, source, ("sample",)).items():
        samples = []
        for _, intent, code in sections:
            if intent not in SAMPLE_INTENTS:
                raise InputError(
                    f"{source}: {task}: sample intent {intent!r} is not one of {', '.join(SAMPLE_INTENTS)}"
                )
            samples.append(Sample(intent, code))
        out[task] = tuple(samples)
    return out


def load_samples(lang: str) -> dict[str, tuple[Sample, ...]]:
    """The samples bundled for ``lang`` (an empty mapping if none are)."""
    if lang not in DEV_LANGUAGES:
        raise ArgumentError(f"lang: expected one of {', '.join(DEV_LANGUAGES)}, got {lang!r}")
    folder = resources.files("codebertscore.devset").joinpath("problems").joinpath("samples")
    entry = folder.joinpath(f"{lang}.txt")
    if not entry.is_file():
        return {}
    return parse_samples(entry.read_text(encoding="utf-8"), source=f"devset/problems/samples/{lang}.txt")


__all__ = ["SAMPLE_INTENTS", "SAMPLE_ORIGIN", "Sample", "load_samples", "parse_samples"]
