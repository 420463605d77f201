"""The section files of the dev sets: ``=== <task id>`` blocks of ``--- <kind>[: note]`` sections of code.

Used for the hand-written solutions (:mod:`codebertscore.devset.multilang.problems`) and the independent samples
(:mod:`codebertscore.devset.samples`).
"""

from __future__ import annotations

from codebertscore.errors import InputError


def parse_sections(
    text: str, source: str, kinds: tuple[str, ...]
) -> dict[str, list[tuple[str, str, str]]]:
    """Parse a file of ``=== <task id>`` blocks of ``--- <kind>[: note]`` sections into
    ``{task_id: [(kind, note, code), ...]}`` (sections in file order; ``kinds`` are the allowed section kinds).

    Lines starting with ``#`` before the first ``===`` are comments. Raises :class:`InputError` with the file and
    line for a repeated task, an unknown or empty section, or text outside a section.
    """
    out: dict[str, list[tuple[str, str, str]]] = {}
    task: str | None = None
    sections: list[tuple[str, str, list[str]]] = []  # (kind, note, lines)

    def close(lineno: int) -> None:
        if task is None:
            return
        texts = [(kind, note, section_code(lines)) for kind, note, lines in sections]
        for kind, _, code in texts:
            if not code.strip():
                raise InputError(f"{source}:{lineno}: {task} has an empty '{kind}' section")
        out[task] = texts

    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.startswith("=== "):
            close(lineno)
            task = line[4:].strip()
            if task in out:
                raise InputError(f"{source}:{lineno}: {task} appears twice")
            sections = []
        elif line.startswith("--- "):
            if task is None:
                raise InputError(f"{source}:{lineno}: a section before the first '=== <task id>' line")
            kind, _, note = line[4:].strip().partition(":")
            kind = kind.strip()
            if kind not in kinds:
                raise InputError(f"{source}:{lineno}: unknown section {kind!r} ({', '.join(kinds)})")
            sections.append((kind, note.strip(), []))
        elif task is None:
            if line.strip() and not line.startswith("#"):
                raise InputError(f"{source}:{lineno}: text before the first '=== <task id>' line")
        elif not sections:
            if line.strip():
                raise InputError(f"{source}:{lineno}: code before the first '--- <section>' line of {task}")
        else:
            sections[-1][2].append(line)
    close(len(text.splitlines()))
    return out


def section_code(lines: list[str]) -> str:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    while lines and not lines[0].strip():
        lines = lines[1:]
    return "\n".join(lines) + "\n"
