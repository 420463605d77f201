"""MultiPL-E output: per-problem completion files and execution-result files, joined with references.

MultiPL-E writes, per problem, a completions file ``<name>.json`` (or ``.json.gz``) holding ``name``,
``language``, ``prompt``, ``tests``, ``completions`` (list of strings), ``stop_tokens``, ...; and after execution a
results file ``<name>.results.json`` (or ``.json.gz``, or YAML ``.results.yaml``) holding ``name``, ``language``
and ``results``: one ``{program, status, exit_code, stdout, stderr, ...}`` per completion, in the same order. The
program it ran is ``prompt + completion + "\\n" + tests``.

The paper's construction, which this reader follows:

* the **candidate** is the program minus the prompt (a prefix) and the tests (a suffix), then minus the one
  newline put between completion and tests; where prompt and tests are unknown or do not frame the program, the
  completions file's entry with the same index is used, and failing that the file is reported as malformed;
* the **label** is 1.0 when the program passed (status ``OK`` and exit code 0), else 0.0; statuses map to
  ``exec_status`` as OK -> pass, Exception -> fail, SyntaxError -> compile_error, Timeout -> timeout,
  anything else -> error;
* **identical completions of a problem are counted once** (their labels, almost always equal, are averaged);
* the **reference** is the HumanEval-X ``canonical_solution`` of the same problem number (see
  :mod:`~codebertscore.metaeval.readers.common` for the name mapping) and the **context** is the MultiPL-E
  prompt the candidate continues.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from codebertscore.errors import InputError
from codebertscore.languages import canonical
from codebertscore.metaeval.readers.common import (
    UNKNOWN_SEED,
    Reference,
    base_name,
    find_reference,
    load_document,
    merge_identical,
    read_references,
)
from codebertscore.metaeval.record import DevRecord
from codebertscore.scoring.readers import MULTIPL_E_RESULT_SUFFIXES as _RESULT_SUFFIXES
from codebertscore.scoring.readers import (
    MultiplECompletions,
    read_multipl_e_completions,
)

_STATUS = {"OK": "pass", "Exception": "fail", "SyntaxError": "compile_error", "Timeout": "timeout"}


def exec_status(status: Any) -> str:
    """MultiPL-E's status -> our ``exec_status``."""
    return _STATUS.get(str(status), "error")


def extract_candidate(program: str, prompt: str, tests: str) -> str | None:
    """``program`` minus the ``prompt`` prefix, the ``tests`` suffix and the newline between; None if they do not
    frame the program."""
    if not program.startswith(prompt) or not program.endswith(tests) or len(program) < len(prompt) + len(tests):
        return None
    middle = program[len(prompt) : len(program) - len(tests)]
    return middle[:-1] if middle.endswith("\n") else middle


def _result_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"{path}: no such file or folder of MultiPL-E results")
    files = sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(_RESULT_SUFFIXES))
    if not files:
        raise InputError(f"{path}: no MultiPL-E results files (*.results.json[.gz] or *.results.yaml) found")
    return files


def _completions_file(results_file: Path) -> Path | None:
    name = results_file.name
    for suffix in _RESULT_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            for ext in (".json", ".json.gz"):
                cand = results_file.with_name(stem + ext)
                if cand.is_file():
                    return cand
    return None


def _str_field(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: {key}: expected a string")
    return value


def read_multipl_e(
    data: str | Path,
    refs: str | Path | dict[str, Reference],
    *,
    dedupe: bool = True,
    skip_missing_refs: bool = False,
) -> list[DevRecord]:
    """Records from MultiPL-E results (a folder or one results file) joined with HumanEval-X-style references."""
    references = refs if isinstance(refs, dict) else read_references(refs)
    items: list[dict[str, Any]] = []
    mismatches = 0
    missing: list[str] = []
    for rfile in _result_files(Path(data)):
        doc = load_document(rfile)
        if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
            raise InputError(f"{rfile}: expected an object with a 'results' list (a MultiPL-E results file)")
        cfile = _completions_file(rfile)
        comp = (read_multipl_e_completions(cfile) if cfile is not None
                else MultiplECompletions(rfile, None, None, None, None, None))
        name = _str_field(doc, "name", str(rfile)) or comp.name or base_name(rfile)
        if name.endswith(".results"):
            name = name[: -len(".results")]
        raw_lang = doc.get("language") or comp.language
        if not isinstance(raw_lang, str) or not raw_lang:
            raise InputError(f"{rfile}: language: expected the MultiPL-E language code (py, js, java, cpp, ...)")
        lang = canonical(raw_lang) or raw_lang.lower()  # MultiPL-E codes (py, js, ...); others kept as they are
        prompt = comp.prompt or _str_field(doc, "prompt", str(rfile))
        tests = comp.tests or _str_field(doc, "tests", str(rfile))
        completions = comp.completions
        ref = find_reference(references, name, lang)
        if ref is None:
            missing.append(name)
            continue
        for i, res in enumerate(doc["results"]):
            where = f"{rfile}: results[{i}]"
            if not isinstance(res, dict):
                raise InputError(f"{where}: expected an object with program and status")
            program = _str_field(res, "program", where)
            status = res.get("status")
            if status is None:
                raise InputError(f"{where}: status: missing")
            cand = None
            if program is not None and prompt is not None and tests is not None:
                cand = extract_candidate(program, prompt, tests)
            if completions is not None and i < len(completions):
                if cand is not None and cand != completions[i] and cand.rstrip() != completions[i].rstrip():
                    mismatches += 1
                if cand is None:
                    cand = completions[i]
            if cand is None:
                raise InputError(
                    f"{where}: cannot recover the completion: the program is not prompt + completion + tests and "
                    "no completions file entry exists (put <name>.json beside the results file)"
                )
            exit_code = res.get("exit_code", 0)
            passed = str(status) == "OK" and exit_code in (0, None)
            items.append(
                {
                    "id": f"{name}#{i}",
                    "problem_id": name,
                    "lang": lang,
                    "candidate": cand,
                    "references": [ref.canonical_solution],
                    "context": prompt if prompt is not None else ref.prompt,
                    "label": 1.0 if passed else 0.0,
                    "origin": "multipl-e",
                    "exec_status": "pass" if passed else (exec_status(status) if str(status) != "OK" else "fail"),
                    "seed": UNKNOWN_SEED,
                }
            )
    if missing and not skip_missing_refs:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise InputError(f"refs: no reference for {len(missing)} problem(s): {shown} (or pass skip_missing_refs)")
    if missing:
        warnings.warn(f"skipped {len(missing)} problem(s) with no reference: {', '.join(missing[:5])}", stacklevel=2)
    if mismatches:
        warnings.warn(
            f"{mismatches} program(s) did not contain their completions-file entry between prompt and tests; "
            "the program's text was used (the paper's construction)",
            stacklevel=2,
        )
    if dedupe:
        items = merge_identical(items)
    return [DevRecord(**item) for item in items]
