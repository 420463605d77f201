"""The one language table: every spelling resolves, each module that names languages reads it."""

from __future__ import annotations

import pytest

from codebertscore.errors import ArgumentError
from codebertscore.languages import EXTENSIONS, LANGUAGE_ALIASES, LANGUAGES, canonical, describe, normalize_language


@pytest.mark.parametrize("spelling,name", [
    ("python", "python"), ("PY", "python"), (" js ", "javascript"), ("node", "javascript"), ("c++", "cpp"),
    ("cc", "cpp"), ("c", "c"), ("java", "java"), ("go", "go"), ("golang", "go"),
])
def test_spellings(spelling: str, name: str):
    assert canonical(spelling) == name and normalize_language(spelling) == name


def test_unknown_language_names_the_argument():
    assert canonical("cobol") is None
    with pytest.raises(ArgumentError, match="lang: unknown language 'cobol'"):
        normalize_language("cobol")


def test_table_is_consistent():
    assert LANGUAGES == ("python", "java", "javascript", "c", "cpp", "go")
    assert set(LANGUAGE_ALIASES.values()) == set(LANGUAGES)
    assert EXTENSIONS[".h"] == "c" and EXTENSIONS[".go"] == "go"
    assert describe().startswith("python/py, java, javascript/js/node")


def test_go_resolves_to_the_default_encoder_without_torch():
    import subprocess
    import sys

    code = ("import sys; from codebertscore.models import registry; s = registry.resolve(lang='golang'); "
            "print(s.display, 'torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[1:] == ["False", "False"] and out[0] == "all-MiniLM-L6-v2"
