"""JSON written by the package is strict JSON: non-finite numbers become null, never ``NaN``/``Infinity``."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from codebertscore.jsonio import dumps, finite


def test_non_finite_numbers_become_null():
    doc = {"a": math.nan, "b": [1.0, math.inf, -math.inf], "c": {"d": np.float64("nan"), "e": np.float32(0.5)},
           "f": (2, np.int64(3))}
    text = dumps(doc)
    assert json.loads(text) == {"a": None, "b": [1.0, None, None], "c": {"d": None, "e": 0.5}, "f": [2, 3]}
    assert "NaN" not in text and "Infinity" not in text


def test_finite_keeps_ordinary_values():
    assert finite({"x": 1, "y": "NaN", "z": None, "w": True}) == {"x": 1, "y": "NaN", "z": None, "w": True}


def test_plain_json_dumps_would_not_be_strict():
    with pytest.raises(ValueError):
        json.dumps({"a": math.nan}, allow_nan=False)
