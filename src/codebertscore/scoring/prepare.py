"""From (context, code) strings to the tokens that are matched and the windows that encode them.

* **Joining.** With a context, the encoder sees ``context.strip() + " \\n" + code.strip()`` (the reference
  implementation's join); without one, ``code.strip()``. The context shapes the embeddings but is never matched.
* **Locating the code.** Tokens are located by the tokenizer's character offsets: a token belongs to the code when
  it ends after the code's start (no re-decoding of prefixes).
* **Filtering.** Special tokens are never matched. A named token filter (``codebertscore.scoring.filters``, the
  table ``data/token_filters.json``) drops more: ``paper`` (the default, as in the paper; ``no_punc=True``) drops
  tokens whose surface text is only whitespace, or only punctuation other than the operators ``+ - * / & | ~``;
  ``operators`` also keeps comparison, logical and assignment operators; ``none`` keeps everything — judged on the
  token's surface text in the input, so BPE and WordPiece tokenizers behave alike, in the API and the CLI.
* **Windows.** A text longer than the encoder window is encoded in overlapping windows: each window holds the
  framing special tokens, the end of the context (up to a quarter of the window when the code itself does not fit)
  and a chunk of the code; each code token takes its vector from the window in which it is farthest from the chunk
  edges. With ``truncate=True`` only the first window is encoded and the dropped tokens are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from codebertscore.scoring.filters import TokenFilter, get_filter

#: the string put between context and code (the reference implementation's)
CONTEXT_SEPARATOR = " \n"


def join(context: str | None, code: str) -> tuple[str, int]:
    """The text the encoder sees and the character index where the code starts."""
    code = code.strip()
    if context is None:
        return code, 0
    ctx = context.strip()
    if not ctx:
        return code, 0
    prefix = ctx + CONTEXT_SEPARATOR
    return prefix + code, len(prefix)


def code_offsets(code: str, code_start: int, offsets: np.ndarray) -> np.ndarray:
    """(n, 2) character offsets into the joined text (from :func:`join` and the tokenizer) as offsets into ``code``
    as the caller gave it (before :func:`join` stripped it), clipped to the code's stripped extent."""
    lead = len(code) - len(code.lstrip())
    size = len(code.strip())
    offs = np.asarray(offsets, dtype=np.int64).reshape(-1, 2) - code_start
    return np.clip(offs, 0, size) + lead


def is_punct_or_space(surface: str) -> bool:
    """True when the paper's filter drops a token with this surface text: whitespace only, or punctuation only
    other than the operators ``+ - * / & | ~`` (the training data's token mask uses it too)."""
    return get_filter("paper").drops(surface)


@dataclass(frozen=True)
class Window:
    """One forward pass over part of a text (token indices into the text's tokens, specials excluded).

    The pass encodes ``tokens[ctx_lo:code_first] + tokens[lo:hi]``; it owns the code tokens ``[own_lo, own_hi)``.
    """

    ctx_lo: int
    code_first: int
    lo: int
    hi: int
    own_lo: int
    own_hi: int

    @property
    def length(self) -> int:
        return (self.code_first - self.ctx_lo) + (self.hi - self.lo)

    def position(self, token: int) -> int:
        """Position of code token ``token`` inside this window's text part (add the prefix length)."""
        return (self.code_first - self.ctx_lo) + (token - self.lo)


@dataclass(frozen=True)
class PreparedText:
    """A (context, code) text ready to encode."""

    ids: np.ndarray  # (T,) token ids, no special tokens
    keep: np.ndarray  # (T,) bool: tokens that are matched (code, not special, not filtered, not truncated)
    windows: tuple[Window, ...]
    code_first: int  # number of context tokens
    truncated_tokens: int  # code tokens dropped because truncate=True
    context_tokens_dropped: int  # context tokens left out of every window (long inputs)
    text: str
    offsets: np.ndarray  # (T, 2) character offsets into ``text``

    @property
    def n_kept(self) -> int:
        return int(self.keep.sum())

    @property
    def kept_ids(self) -> np.ndarray:
        return self.ids[self.keep]

    def kept_surfaces(self) -> list[str]:
        return [self.text[a:b] for (a, b), k in zip(self.offsets.tolist(), self.keep.tolist()) if k]


def plan_windows(
    n_tokens: int,
    code_first: int,
    budget: int,
    overlap: float,
    truncate: bool,
) -> tuple[tuple[Window, ...], int, int]:
    """Windows covering the code tokens ``[code_first, n_tokens)`` with at most ``budget`` tokens each.

    Returns (windows, truncated code tokens, context tokens never encoded).
    """
    if budget < 2:
        raise ValueError(f"window budget too small: {budget}")
    k = n_tokens - code_first  # code tokens
    if n_tokens <= budget:
        return (Window(0, code_first, code_first, n_tokens, code_first, n_tokens),), 0, 0
    if k <= budget - budget // 4:  # the code fits with at least a quarter window of context
        ctx_keep = budget - k
        ctx_lo = code_first - ctx_keep
        return (Window(ctx_lo, code_first, code_first, n_tokens, code_first, n_tokens),), 0, ctx_lo
    ctx_keep = min(code_first, budget // 4)
    ctx_lo = code_first - ctx_keep
    chunk = budget - ctx_keep
    if truncate:
        hi = code_first + chunk
        return (Window(ctx_lo, code_first, code_first, hi, code_first, hi),), n_tokens - hi, ctx_lo
    stride = max(1, int(round(chunk * (1.0 - overlap))))
    starts = list(range(0, k - chunk, stride)) + [k - chunk]
    starts = sorted(set(starts))
    bounds = [(code_first + s, code_first + s + chunk) for s in starts]
    windows = []
    for i, (lo, hi) in enumerate(bounds):
        own_lo = lo if i == 0 else (lo + bounds[i - 1][1]) // 2
        own_hi = hi if i == len(bounds) - 1 else (bounds[i + 1][0] + hi) // 2
        windows.append(Window(ctx_lo, code_first, lo, hi, own_lo, own_hi))
    return tuple(windows), 0, ctx_lo


def prepare(
    context: str | None,
    code: str,
    ids: Sequence[int] | np.ndarray,
    offsets: Sequence[tuple[int, int]] | np.ndarray,
    text: str,
    code_start: int,
    *,
    special_ids: frozenset[int],
    budget: int,
    overlap: float,
    truncate: bool,
    token_filter: TokenFilter | None = None,
    no_punc: bool = True,
) -> PreparedText:
    """Select the matched tokens of one tokenised text and plan its windows (see the module docstring).

    ``token_filter`` is the filter; without one, the older ``no_punc`` picks ``paper`` (True) or ``none`` (False).
    """
    filt = token_filter if token_filter is not None else get_filter("paper" if no_punc else "none")
    ids_a = np.asarray(ids, dtype=np.int64)
    offs = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
    # a token is code when it ends after the code's start; whitespace tokens whose offsets the tokenizer trimmed
    # to zero width count by their end too (their surface is "", so the punctuation filter drops them)
    is_code = offs[:, 1] > code_start
    keep = is_code.copy()
    if len(ids_a):
        keep &= ~np.isin(ids_a, np.fromiter(special_ids, dtype=np.int64, count=len(special_ids)))
    if filt.drop and keep.any():
        cand = np.flatnonzero(keep)  # only tokens still kept need their surface looked at (not the context's)
        punct = [filt.drops(text[a:b]) for a, b in offs[cand].tolist()]
        keep[cand[np.asarray(punct, dtype=bool)]] = False
    code_first = int(np.argmax(is_code)) if is_code.any() else len(ids_a)
    windows, truncated, ctx_dropped = plan_windows(len(ids_a), code_first, budget, overlap, truncate)
    if truncated:
        last = windows[-1].own_hi
        keep = keep.copy()
        keep[last:] = False
    return PreparedText(
        ids=ids_a,
        keep=keep,
        windows=windows,
        code_first=code_first,
        truncated_tokens=truncated,
        context_tokens_dropped=ctx_dropped,
        text=text,
        offsets=offs,
    )
