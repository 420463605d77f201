"""The one lexer for C-like code (Java, JavaScript, C, C++): the dev-set edits, the training rewrites and miners.

It is lossless and total: ``detokenize(tokenize(code, lang)) == code`` for every input, and it never fails — an
unterminated string runs to the end of its line, an unterminated comment or template to the end of the text, and
an unknown character becomes a one-character ``other`` token. That is what makes token-level edits safe: renaming
an identifier or swapping an operator can never touch a string or a comment. A line break is ``\\n``, ``\\r\\n``
or a lone ``\\r``. The literal scanners are :mod:`codebertscore.text.scan`.

Token kinds:

``ws``        spaces and tabs
``nl``        one line break
``comment``   ``// ...`` up to the line break, or ``/* ... */``
``preproc``   a C/C++ preprocessor line (``#include <vector>``), with its ``\\``-continued lines
``ident``     an identifier that is not a keyword of the language (Unicode letters and ``$`` included)
``keyword``   a keyword of the language (``for``, ``return``, ``int``, ``const`` ...)
``number``    a numeric literal with its suffix (``10``, ``0x1F``, ``1.5e-3``, ``10L``, ``2.0f``)
``string``    a string literal (``"..."``; in JavaScript also ``'...'``; Java text blocks; C++ raw and prefixed
              strings ``R"d(...)d"``, ``u8"..."``)
``char``      a character literal in Java, C and C++ (``'a'``)
``template``  a JavaScript template literal (`` `...` ``, nested ``${...}`` followed; not split further)
``regex``     a JavaScript regular-expression literal (``/\\s+/g``)
``op``        an operator (longest match: ``>>>=``, ``===``, ``&&``, ``->``, ``::``, ``+`` ...)
``punct``     brackets and separators: ``( ) [ ] { } ; , .``
``other``     any other single character
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codebertscore.errors import ArgumentError
from codebertscore.text.scan import quoted_end, regex_end

#: the languages the lexer knows
LANGUAGES: tuple[str, ...] = ("javascript", "java", "c", "cpp")

#: token kinds (see the module docstring)
WS, NL, COMMENT, PREPROC, IDENT, KEYWORD, NUMBER, STRING, CHAR, TEMPLATE, REGEX, OP, PUNCT, OTHER = (
    "ws", "nl", "comment", "preproc", "ident", "keyword", "number", "string", "char", "template", "regex", "op",
    "punct", "other",
)
#: kinds that carry no meaning for the program
TRIVIA = frozenset({WS, NL, COMMENT})
#: words: identifiers and keywords
WORDS = frozenset({IDENT, KEYWORD})
#: operators, brackets, separators and stray characters
SYMBOLS = frozenset({OP, PUNCT, OTHER})

_CPP_KEYWORDS = frozenset(
    """alignas alignof and asm auto bool break case catch char class const constexpr const_cast continue
    decltype default delete do double dynamic_cast else enum explicit extern false float for friend goto
    if inline int long mutable namespace new noexcept not nullptr operator or private protected public
    register reinterpret_cast return short signed sizeof static static_cast struct switch template this
    throw true try typedef typeid typename union unsigned using virtual void volatile while""".split()
)

#: the keywords of each language (a keyword lexes as ``keyword``, never as ``ident``)
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
    "c": frozenset(
        """auto break case char const continue default do double else enum extern float for goto if inline int
        long register restrict return short signed sizeof static struct switch typedef union unsigned void
        volatile while _Bool _Complex _Static_assert""".split()
    ),
    "cpp": _CPP_KEYWORDS,
}

_OPERATORS: tuple[str, ...] = tuple(
    sorted(
        """>>>= <<= >>= >>> === !== **= &&= ||= ??= <=> ... -> :: ++ -- && || ?? ?. == != <= >= += -= *= /= %=
        &= |= ^= << >> => ** + - * / % = < > ! ~ ^ & | ? : @ #""".split(),
        key=len,
        reverse=True,
    )
)
_PUNCT = frozenset("()[]{};,.")

_WS_RE = re.compile(r"[ \t\f\v]+")
_IDENT_RE = re.compile(r"[A-Za-z_$\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*")
_NUMBER_RE = re.compile(
    r"(?:0[xX][0-9a-fA-F_']+|0[bB][01_']+|(?:\d[\d_']*\.?[\d_']*|\.\d[\d_']*)(?:[eEpP][+-]?\d+)?)[A-Za-z]*"
)
_RAW_STRING_RE = re.compile(r'(?:u8|u|U|L)?R"([^()\\ ]{0,16})\(')
_STRING_PREFIXES = ("u8", "u", "U", "L")

#: keywords after which a '/' starts a regular expression in JavaScript
_REGEX_AFTER_KEYWORDS = frozenset({"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw",
                                   "case", "do", "else", "yield", "await"})


@dataclass(frozen=True)
class Token:
    """One token: its kind (see the module docstring), its exact text, and its character offset in the source."""

    kind: str
    text: str
    start: int = 0

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_space(self) -> bool:
        """Whitespace, line breaks and comments: tokens that carry no meaning for the program."""
        return self.kind in TRIVIA


def check_language(lang: str) -> str:
    """Return ``lang`` if the lexer knows it, else raise :class:`ArgumentError` naming the choices."""
    if lang not in LANGUAGES:
        raise ArgumentError(f"lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def _scan_template(src: str, i: int) -> int:
    """End index of a JavaScript template literal starting at the backquote ``i`` (nested ``${}`` followed)."""
    j = i + 1
    n = len(src)
    while j < n:
        c = src[j]
        if c == "\\":
            j += 2
            continue
        if c == "`":
            return j + 1
        if c == "$" and j + 1 < n and src[j + 1] == "{":
            depth = 1
            j += 2
            while j < n and depth:
                d = src[j]
                if d in "'\"":
                    j = quoted_end(src, j, d)
                    continue
                if d == "`":
                    j = _scan_template(src, j)
                    continue
                if d == "{":
                    depth += 1
                elif d == "}":
                    depth -= 1
                j += 1
            continue
        j += 1
    return n


def _regex_allowed(prev: Token | None) -> bool:
    """Whether a JavaScript ``/`` after the meaningful token ``prev`` starts a regular expression."""
    if prev is None:
        return True
    if prev.kind in WORDS:
        return prev.text in _REGEX_AFTER_KEYWORDS
    if prev.kind in (NUMBER, STRING, CHAR, TEMPLATE, REGEX):
        return False
    return prev.text not in (")", "]", "}", "++", "--")


def _preproc_end(src: str, i: int) -> int:
    """End of the preprocessor line at ``i``: up to the first line break not escaped by a backslash."""
    n = len(src)
    j = i
    while True:
        k = src.find("\n", j)
        if k < 0:
            j = n
            break
        if src[k - 1] == "\\" or (src[k - 1] == "\r" and k >= 2 and src[k - 2] == "\\"):
            j = k + 1
            continue
        j = k
        break
    if j > i and src[j - 1] == "\r":
        j -= 1
    return j


def tokenize(src: str, lang: str) -> list[Token]:
    """The tokens of ``src`` in ``lang`` (one of :data:`LANGUAGES`); ``detokenize(tokenize(src, lang)) == src``."""
    check_language(lang)
    js = lang == "javascript"
    cfam = lang in ("c", "cpp")
    keywords = KEYWORDS[lang]
    out: list[Token] = []
    prev_sig: Token | None = None
    at_line_start = True
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        start = i
        kind: str
        if c == "\n" or c == "\r":
            i += 2 if src.startswith("\r\n", i) else 1
            kind = NL
        elif c in " \t\f\v":
            m = _WS_RE.match(src, i)
            i = m.end() if m else i + 1
            kind = WS
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            if i > start and src[i - 1] == "\r":
                i -= 1
            kind = COMMENT
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
            kind = COMMENT
        elif cfam and c == "#" and at_line_start:
            i = _preproc_end(src, i)
            kind = PREPROC
        elif c == '"' and lang == "java" and src.startswith('"""', i):
            j = src.find('"""', i + 3)
            i = n if j < 0 else j + 3
            kind = STRING
        elif c == '"':
            i = quoted_end(src, i, '"')
            kind = STRING
        elif c == "'":
            i = quoted_end(src, i, "'")
            kind = STRING if js else CHAR
        elif c == "`" and js:
            i = _scan_template(src, i)
            kind = TEMPLATE
        elif c == "/" and js and _regex_allowed(prev_sig) and (rx := regex_end(src, i)) is not None:
            i = rx
            kind = REGEX
        elif c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            m = _NUMBER_RE.match(src, i)
            i = m.end() if m and m.end() > i else i + 1
            kind = NUMBER
        elif (m := _IDENT_RE.match(src, i)) is not None:
            word = m.group(0)
            raw = _RAW_STRING_RE.match(src, i) if lang == "cpp" and word in ("R", "u8R", "uR", "UR", "LR") else None
            if raw is not None:  # a C++ raw string: R"delim( ... )delim"
                close = ")" + raw.group(1) + '"'
                j = src.find(close, raw.end())
                i = n if j < 0 else j + len(close)
                kind = STRING
            elif lang == "cpp" and word in _STRING_PREFIXES and src.startswith('"', m.end()):
                i = quoted_end(src, m.end(), '"')  # a prefixed string: u8"...", L"..."
                kind = STRING
            else:
                i = m.end()
                kind = KEYWORD if word in keywords else IDENT
        elif c in _PUNCT and not src.startswith("...", i):
            i += 1
            kind = PUNCT
        else:
            for op in _OPERATORS:
                if src.startswith(op, i):
                    i += len(op)
                    kind = OP
                    break
            else:
                i += 1
                kind = OTHER
        tok = Token(kind, src[start:i], start)
        out.append(tok)
        if kind == NL:
            at_line_start = True
        elif kind not in (WS, COMMENT) or tok.text.startswith("//"):
            at_line_start = False
        if kind not in TRIVIA:
            prev_sig = tok
    return out


def detokenize(tokens: list[Token]) -> str:
    """Join tokens back into code."""
    return "".join(t.text for t in tokens)


def significant(tokens: list[Token]) -> list[Token]:
    """The tokens that carry meaning: no whitespace, line breaks or comments."""
    return [t for t in tokens if t.kind not in TRIVIA]


def code_tokens(code: str, lang: str) -> list[str]:
    """The texts of the meaningful tokens of ``code``: a layout-free view."""
    return [t.text for t in tokenize(code, lang) if t.kind not in TRIVIA]


__all__ = [
    "COMMENT", "CHAR", "IDENT", "KEYWORD", "KEYWORDS", "LANGUAGES", "NL", "NUMBER", "OP", "OTHER", "PREPROC", "PUNCT",
    "REGEX", "STRING", "SYMBOLS", "TEMPLATE", "TRIVIA", "WORDS", "WS", "Token", "check_language", "code_tokens",
    "detokenize", "significant", "tokenize",
]
