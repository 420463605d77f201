"""Empty calls give a valid result (n = 0, means null in JSON, never NaN)."""

from __future__ import annotations

import json

import numpy as np

from codebertscore.scoring.result import ScoreResult
from codebertscore.scoring.signature import Signature

SIG = Signature(nrefs="1", model="m", model_ident="x", layer=3, idf="no", context=False, no_punc=True, window=8,
                overlap=0.5, truncate=False, dtype="fp32", rescale="no", headline="F1", version="0", torch="0",
                transformers="0")


def _empty() -> ScoreResult:
    z = np.zeros(0)
    return ScoreResult(P=z, R=z, F1=z, F3=z, best_ref=np.zeros(0, dtype=np.int64), headline="F1", signature=SIG,
                       empty=np.zeros(0, dtype=bool), truncated_tokens=np.zeros(0, dtype=np.int64))


def test_empty_result_summary_has_null_means():
    s = _empty().summary()
    assert s["n"] == 0 and s["mean"] == {"P": None, "R": None, "F1": None, "F3": None}


def test_empty_result_json_is_strict():
    text = _empty().to_json()
    assert "NaN" not in text
    doc = json.loads(text)
    assert doc["n"] == 0 and doc["items"] == [] and doc["mean"]["F1"] is None
    assert "n=0" in repr(_empty())
