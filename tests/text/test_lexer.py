"""The C-like lexer shared by the dev-set edits and the training rewrites: kinds, literals, losslessness.

(The training side's round trips are in tests/training/test_mining.py; both sets run against this one lexer.)
"""

from __future__ import annotations

import pytest

from codebertscore.errors import ArgumentError
from codebertscore.text.lexer import code_tokens, detokenize, tokenize


def kinds(code: str, lang: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(code, lang) if not t.is_space]


def test_lexer_javascript_tokens():
    assert kinds("let s = a[0].length / 2; // half", "javascript") == [
        ("keyword", "let"), ("ident", "s"), ("op", "="), ("ident", "a"), ("punct", "["), ("number", "0"),
        ("punct", "]"), ("punct", "."), ("ident", "length"), ("op", "/"), ("number", "2"), ("punct", ";"),
    ]


def test_lexer_javascript_regex_string_template():
    toks = kinds("x = s.replace(/\\s+/g, '') + `a${b}` === 'q'", "javascript")
    assert ("regex", "/\\s+/g") in toks
    assert ("string", "''") in toks and ("string", "'q'") in toks  # single quotes are strings in JS
    assert ("template", "`a${b}`") in toks
    assert ("op", "===") in toks


def test_lexer_cpp_generics_chars_preprocessor():
    code = "#include <vector>\nvector<vector<int>> g; char c = 'a'; x->y; std::sort(a, b);\n"
    toks = kinds(code, "cpp")
    assert toks[0] == ("preproc", "#include <vector>")
    assert ("op", ">>") in toks and ("char", "'a'") in toks
    assert ("op", "->") in toks and ("op", "::") in toks


def test_lexer_java_numbers_and_comments():
    toks = kinds("long x = 10L; double d = 1.5e-3; /* c */ i++;", "java")
    assert ("number", "10L") in toks and ("number", "1.5e-3") in toks
    assert ("op", "++") in toks
    assert all(kind != "comment" for kind, _ in toks)
    assert [t.kind for t in tokenize("/* c */", "java")] == ["comment"]


@pytest.mark.parametrize("lang", ["javascript", "java", "cpp"])
@pytest.mark.parametrize(
    "code",
    [
        "",
        "  x\r\n\ty  ",
        'return "a\\"b" + \'c\';',
        "/* unterminated comment",
        '"unterminated string\nnext line',
        "a >>>= 2; b ??= c; d?.e; f => g; h -> i; j::k; ...rest; #x @y $z `t` \\ \u00e9",
    ],
)
def test_lexer_is_lossless(code, lang):
    assert detokenize(tokenize(code, lang)) == code


def test_lexer_rejects_unknown_language():
    with pytest.raises(ArgumentError, match="lang"):
        tokenize("x", "python")


def test_code_tokens_ignores_layout():
    assert code_tokens("if(a){b;}", "cpp") == code_tokens("if (a)\n{\n    b;  // note\n}\n", "cpp")


