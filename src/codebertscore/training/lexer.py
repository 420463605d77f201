"""A light, total lexer for Java, JavaScript, C and C++ — enough to find functions and their comments, and to
rename identifiers and re-indent code without touching strings or comments.

It never fails: an unterminated string or comment runs to the end of its line (strings) or of the text (block
comments), and an unknown character becomes a one-character ``punct`` token. Concatenating the token texts gives
the input back exactly (tested), which is what makes the rewriters safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codebertscore.text.scan import quoted_end, regex_end

#: token kinds
WS, NL, LINE_COMMENT, BLOCK_COMMENT, STRING, CHAR, TEMPLATE, REGEX, NUMBER, IDENT, PUNCT, PREPROC = (
    "ws", "nl", "line_comment", "block_comment", "string", "char", "template", "regex", "number", "ident", "punct",
    "preproc",
)
#: kinds that carry no meaning for the program
TRIVIA = frozenset({WS, NL, LINE_COMMENT, BLOCK_COMMENT})
COMMENTS = frozenset({LINE_COMMENT, BLOCK_COMMENT})

_PUNCTS = sorted(
    """>>>= <<= >>= >>> ... === !== **= &&= ||= ??= <=> -> :: ++ -- << >> <= >= == != && || ?? ?. += -= *= /= %=
    &= |= ^= => **""".split(),
    key=len,
    reverse=True,
)
_IDENT_RE = re.compile(r"[A-Za-z_$\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*")
_NUMBER_RE = re.compile(
    r"(?:0[xX][0-9a-fA-F_']+|0[bB][01_']+|(?:\d[\d_']*\.?[\d_']*|\.\d[\d_']*)(?:[eEpP][+-]?\d+)?)[A-Za-z]*"
)
_WS_RE = re.compile(r"[ \t\f\v]+")

#: keywords after which a '/' starts a regular expression in JavaScript
_REGEX_AFTER_KEYWORDS = frozenset({"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw",
                                   "case", "do", "else", "yield", "await"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int  # character offset in the source

    @property
    def end(self) -> int:
        return self.start + len(self.text)


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
    if prev is None:
        return True
    if prev.kind in (IDENT,):
        return prev.text in _REGEX_AFTER_KEYWORDS
    if prev.kind in (NUMBER, STRING, CHAR, TEMPLATE, REGEX):
        return False
    return prev.text not in (")", "]", "}", "++", "--")


def tokenize(src: str, lang: str) -> list[Token]:
    """Tokens of ``src`` for ``lang`` in {java, javascript, c, cpp}; ``"".join(t.text) == src``."""
    js = lang == "javascript"
    cfam = lang in ("c", "cpp")
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
            kind = LINE_COMMENT
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
            kind = BLOCK_COMMENT
        elif cfam and c == "#" and at_line_start:
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
            if j > start and src[j - 1] == "\r":
                j -= 1
            i = j
            kind = PREPROC
        elif c == '"' and src.startswith('"""', i) and lang == "java":
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
        elif c == "/" and js and _regex_allowed(prev_sig) and (j := regex_end(src, i)) is not None:
            i = j
            kind = REGEX
        elif c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            m = _NUMBER_RE.match(src, i)
            i = m.end() if m and m.end() > i else i + 1
            kind = NUMBER
        elif (m := _IDENT_RE.match(src, i)) is not None:
            word = m.group(0)
            raw = re.match(r'(?:u8|u|U|L)?R"([^()\\ ]{0,16})\(', src[i:i + 24]) if lang == "cpp" else None
            if raw is not None and word in ("R", "u8R", "uR", "UR", "LR"):
                close = ")" + raw.group(1) + '"'
                j = src.find(close, i + raw.end())
                i = n if j < 0 else j + len(close)
                kind = STRING
            else:
                i = m.end()
                kind = IDENT
        else:
            for p in _PUNCTS:
                if src.startswith(p, i):
                    i += len(p)
                    break
            else:
                i += 1
            kind = PUNCT
        tok = Token(kind, src[start:i], start)
        out.append(tok)
        if kind == NL:
            at_line_start = True
        elif kind not in (WS, BLOCK_COMMENT):
            at_line_start = False
        if kind not in TRIVIA:
            prev_sig = tok
    return out


def significant(tokens: list[Token]) -> list[Token]:
    """The tokens that carry meaning: no whitespace, newlines or comments."""
    return [t for t in tokens if t.kind not in TRIVIA]
