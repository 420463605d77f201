"""Validation of the inputs of a scoring call, shared by the scorer and the baseline metrics (no torch here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from codebertscore.errors import ArgumentError


@dataclass(frozen=True)
class Inputs:
    """Checked inputs: refs as one non-empty list of references per candidate."""

    cands: list[str]
    refs: list[list[str]]
    sources: list[str] | None


def _check_str_list(name: str, value: Any) -> list[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ArgumentError(f"{name}: expected a list of strings, got {type(value).__name__}")
    out = list(value)
    for i, item in enumerate(out):
        if not isinstance(item, str):
            raise ArgumentError(f"{name}[{i}]: expected a string, got {type(item).__name__}")
    return out


def validate_inputs(cands: Any, refs: Any, sources: Any) -> Inputs:
    """Check the three inputs of a scoring call and normalise refs to one list of references per candidate."""
    c = _check_str_list("cands", cands)
    if isinstance(refs, (str, bytes)) or not isinstance(refs, Sequence):
        raise ArgumentError(
            f"refs: expected a list of strings or a list of lists of strings, got {type(refs).__name__}"
        )
    if len(refs) != len(c):
        raise ArgumentError(
            f"refs: expected one entry per candidate ({len(c)}), got {len(refs)} "
            "(one list of references per candidate, or one reference string each)"
        )
    r: list[list[str]] = []
    for i, item in enumerate(refs):
        if isinstance(item, str):
            r.append([item])
        elif isinstance(item, Sequence) and not isinstance(item, bytes):
            group = list(item)
            if not group:
                raise ArgumentError(f"refs[{i}]: expected at least one reference, got an empty list")
            for j, ref in enumerate(group):
                if not isinstance(ref, str):
                    raise ArgumentError(f"refs[{i}][{j}]: expected a string, got {type(ref).__name__}")
            r.append(group)
        else:
            raise ArgumentError(f"refs[{i}]: expected a string or a list of strings, got {type(item).__name__}")
    s = None
    if sources is not None:
        s = _check_str_list("sources", sources)
        if len(s) != len(c):
            raise ArgumentError(f"sources: expected one context per candidate ({len(c)}), got {len(s)}")
    return Inputs(c, r, s)
