"""Keep the baselines' on-disk state (the LF copy of WordNet for METEOR) out of the user's cache folder."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    old = os.environ.get("CODEBERTSCORE_CACHE")
    os.environ["CODEBERTSCORE_CACHE"] = str(tmp_path_factory.mktemp("codebertscore_cache"))
    yield
    if old is None:
        os.environ.pop("CODEBERTSCORE_CACHE", None)
    else:
        os.environ["CODEBERTSCORE_CACHE"] = old
