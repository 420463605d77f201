"""A small lossless lexer for C-like languages (JavaScript, Java, C++), the base of the dev-set mutators.

The mutators of :mod:`codebertscore.devset.multilang.edit` edit code at the token level: rename a local
variable, swap a comparison operator, move a brace. They need to know what is an identifier, what sits
inside a string or a comment, and what is an operator — no more. A full parser per language would be far
more than that needs, so this lexer splits code into tokens such that ``"".join(t.text for t in tokens)``
gives the input back exactly (whitespace and comments are tokens too).

Token kinds:

``ws``        spaces and tabs
``nl``        one line break (``\\n`` or ``\\r\\n``)
``comment``   ``// ...`` up to the line break, or ``/* ... */``
``preproc``   a C++ preprocessor line (``#include <vector>``)
``ident``     an identifier that is not a keyword of the language
``keyword``   a keyword of the language (``for``, ``return``, ``int``, ``const`` ...)
``number``    a numeric literal, with its suffix (``10``, ``0x1F``, ``1.5e-3``, ``10L``, ``2.0f``)
``string``    a string literal (``"..."``; in JavaScript also ``'...'``)
``char``      a character literal in Java and C++ (``'a'``)
``template``  a JavaScript template literal (`` `...` ``; ``${...}`` parts are not split further)
``regex``     a JavaScript regular-expression literal (``/\\s+/g``)
``op``        an operator (longest match: ``>>>=``, ``===``, ``&&``, ``->``, ``::``, ``+`` ...)
``punct``     brackets and separators: ``( ) [ ] { } ; , .``
``other``     any other single character (so that lexing never fails)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codebertscore.errors import ArgumentError
from codebertscore.text.scan import quoted_end, regex_end

#: The languages the lexer knows.
LANGUAGES: tuple[str, ...] = ("javascript", "java", "cpp")

KEYWORDS: dict[str, frozenset[str]] = {
    "javascript": frozenset(
        """break case catch class const continue debugger default delete do else export extends false finally
        for function if import in instanceof let new null of return super switch this throw true try typeof
        undefined var void while with yield async await static""".split()
    ),
    "java": frozenset(
        """abstract assert boolean break byte case catch char class const continue default do double else enum
        extends final finally float for goto if implements import instanceof int interface long native new
        package private protected public return short static strictfp super switch synchronized this throw
        throws transient try void volatile while true false null var""".split()
    ),
    "cpp": frozenset(
        """alignas alignof and asm auto bool break case catch char class const constexpr const_cast continue
        decltype default delete do double dynamic_cast else enum explicit extern false float for friend goto
        if inline int long mutable namespace new noexcept not nullptr operator or private protected public
        register reinterpret_cast return short signed sizeof static static_cast struct switch template this
        throw true try typedef typeid typename union unsigned using virtual void volatile while""".split()
    ),
}

#: Type keywords: a declaration starts with one of these (or with a type name) in Java and C++.
TYPE_KEYWORDS: dict[str, frozenset[str]] = {
    "javascript": frozenset({"let", "const", "var"}),
    "java": frozenset({"int", "long", "double", "float", "boolean", "char", "byte", "short", "var"}),
    "cpp": frozenset({"int", "long", "double", "float", "bool", "char", "auto", "short", "unsigned", "signed"}),
}

_OPERATORS: tuple[str, ...] = tuple(
    sorted(
        """>>>= <<= >>= >>> === !== **= ... -> :: ++ -- && || ?? ?. == != <= >= += -= *= /= %= &= |= ^= << >>
        => ** + - * / % = < > ! ~ ^ & | ? : @ #""".split(),
        key=len,
        reverse=True,
    )
)
_PUNCT = frozenset("()[]{};,.")

_WS = re.compile(r"[ \t\f\v]+")
_NL = re.compile(r"\r?\n|\r")
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(
    r"""0[xX][0-9a-fA-F_']+[uUlLnN]*
      | 0[bB][01_']+[uUlLnN]*
      | (?:[0-9][0-9_']*(?:\.[0-9][0-9_']*|\.(?![A-Za-z_$.]))?|\.[0-9][0-9_']*)(?:[eE][+-]?[0-9]+)?[fFdDlLuUnN]*""",
    re.VERBOSE,
)
_LINE_COMMENT = re.compile(r"//[^\r\n]*")
_BLOCK_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_PREPROC = re.compile(r"#[^\r\n]*")

# Tokens after which a JavaScript ``/`` starts a regular expression rather than a division.
_REGEX_AFTER_OPS = frozenset("( [ { , ; : = ! & | ? + - * % < > ~ ^ => && || ?? == != === !== return typeof".split())


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind (see the module docstring) and its exact text."""

    kind: str
    text: str

    @property
    def is_space(self) -> bool:
        """Whitespace, line breaks and comments: tokens that carry no meaning for the program."""
        return self.kind in ("ws", "nl", "comment")


def check_language(lang: str) -> str:
    """Return ``lang`` if the lexer knows it, else raise :class:`ArgumentError` naming the choices."""
    if lang not in LANGUAGES:
        raise ArgumentError(f"lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def _regex_allowed(tokens: list[Token]) -> bool:
    """Whether a ``/`` after these tokens starts a regex (JavaScript): after an operator, not an operand."""
    for tok in reversed(tokens):
        if tok.is_space:
            continue
        return tok.text in _REGEX_AFTER_OPS
    return True


def tokenize(code: str, lang: str) -> list[Token]:
    """Split ``code`` into tokens; ``detokenize(tokenize(code, lang)) == code`` always holds."""
    check_language(lang)
    keywords = KEYWORDS[lang]
    tokens: list[Token] = []
    i = 0
    n = len(code)
    at_line_start = True
    while i < n:
        c = code[i]
        m = _WS.match(code, i)
        if m:
            tokens.append(Token("ws", m.group()))
            i = m.end()
            continue
        m = _NL.match(code, i)
        if m:
            tokens.append(Token("nl", m.group()))
            i = m.end()
            at_line_start = True
            continue
        line_start, at_line_start = at_line_start, False
        if code.startswith("//", i):
            m = _LINE_COMMENT.match(code, i)
            assert m is not None  # the pattern always matches at "//"
            tokens.append(Token("comment", m.group()))
            i = m.end()
            continue
        if code.startswith("/*", i):
            m = _BLOCK_COMMENT.match(code, i)
            assert m is not None
            tokens.append(Token("comment", m.group()))
            i = m.end()
            continue
        if c == "#" and lang == "cpp" and line_start:
            m = _PREPROC.match(code, i)
            assert m is not None
            tokens.append(Token("preproc", m.group()))
            i = m.end()
            continue
        if c == '"' or (c == "'" and lang == "javascript"):
            j = quoted_end(code, i, c)
            tokens.append(Token("string", code[i:j]))
            i = j
            continue
        if c == "'":
            j = quoted_end(code, i, c)
            tokens.append(Token("char", code[i:j]))
            i = j
            continue
        if c == "`" and lang == "javascript":
            j = quoted_end(code, i, c)
            tokens.append(Token("template", code[i:j]))
            i = j
            continue
        if c == "/" and lang == "javascript" and _regex_allowed(tokens):
            j = regex_end(code, i)
            if j is not None:
                tokens.append(Token("regex", code[i:j]))
                i = j
                continue
        m = _IDENT.match(code, i)
        if m:
            word = m.group()
            # C++ raw and prefixed string literals: R"(...)", u8"..."
            if lang == "cpp" and m.end() < n and code[m.end()] == '"' and word in ("R", "u8", "u", "U", "L"):
                if word == "R":
                    close = code.find(")" + '"', m.end())
                    j = n if close < 0 else close + 2
                else:
                    j = quoted_end(code, m.end(), '"')
                tokens.append(Token("string", code[i:j]))
                i = j
                continue
            tokens.append(Token("keyword" if word in keywords else "ident", word))
            i = m.end()
            continue
        if c.isdigit() or (c == "." and i + 1 < n and code[i + 1].isdigit()):
            m = _NUMBER.match(code, i)
            if m and m.group():
                tokens.append(Token("number", m.group()))
                i = m.end()
                continue
        if c in _PUNCT and not code.startswith("...", i):
            tokens.append(Token("punct", c))
            i += 1
            continue
        for op in _OPERATORS:
            if code.startswith(op, i):
                tokens.append(Token("op", op))
                i += len(op)
                break
        else:
            tokens.append(Token("other", c))
            i += 1
    return tokens


def detokenize(tokens: list[Token]) -> str:
    """Join tokens back into code."""
    return "".join(t.text for t in tokens)


def significant(tokens: list[Token]) -> list[int]:
    """Indices of the tokens that are not whitespace, line breaks or comments."""
    return [i for i, t in enumerate(tokens) if not t.is_space]


def code_tokens(code: str, lang: str) -> list[str]:
    """The texts of the meaningful tokens of ``code`` (no whitespace, comments): a layout-free view."""
    return [t.text for t in tokenize(code, lang) if not t.is_space]
