"""Strict JSON for everything the package writes for users: a non-finite number (NaN, inf) becomes ``null``.

Python's ``json`` writes ``NaN`` and ``Infinity`` by default, which no other JSON reader accepts. Writers of results,
summaries and tables call :func:`dumps` (``allow_nan=False`` after :func:`finite`), so a mean over nothing is
``null``, never ``NaN``. A neutral module: any part of the package may import it.
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite(obj: Any) -> Any:
    """``obj`` with every non-finite float (numpy scalars too) replaced by None, and numpy scalars made Python ones;
    dicts, lists and tuples are walked (tuples become lists, as JSON has them)."""
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    item = getattr(obj, "item", None)  # numpy scalars
    if callable(item) and getattr(obj, "shape", None) == ():
        return finite(item())
    return obj


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps`` of :func:`finite` ``(obj)`` with ``allow_nan=False`` (other keyword arguments passed on)."""
    return json.dumps(finite(obj), allow_nan=False, **kwargs)
