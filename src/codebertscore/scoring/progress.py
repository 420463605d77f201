"""Progress of a scoring run: a bar in encoded tokens, with an ETA over the whole run, shown only on a terminal.

The scorer tells a progress object what each call will encode (:meth:`TokenProgress.plan`: candidates and the tokens
of its forward passes, ``Embedder.forward_lengths``) and the encoder advances it batch by batch by the tokens it
encoded (:meth:`TokenProgress.update`; texts found in the embedding cache count at once). When the number of
candidates of the whole run is known (``total_items``), the bar's total is extrapolated from the tokens per
candidate planned so far, so its ETA covers the run, not the current chunk. Anything with ``plan`` and ``update``
can stand in (tests record the calls).
"""

from __future__ import annotations

from typing import IO, Any


def show_progress(flag: bool | None, stream: Any) -> bool:
    """Whether to draw progress: ``flag`` when given, else only when ``stream`` (stderr) is a terminal."""
    if flag is not None:
        return bool(flag)
    isatty = getattr(stream, "isatty", None)
    if isatty is None:
        return False
    try:
        return bool(isatty())
    except (ValueError, OSError):  # a closed or detached stream
        return False


class TokenProgress:
    """A tqdm bar counting encoded tokens, across any number of scoring calls of one run."""

    def __init__(self, total_items: int | None = None, *, file: IO[str] | None = None, desc: str = "encoding") -> None:
        from tqdm import tqdm

        self.total_items = total_items
        self.items_planned = 0
        self.tokens_planned = 0
        self.bar = tqdm(total=None, unit="tok", unit_scale=True, desc=desc, file=file, dynamic_ncols=True,
                        mininterval=0.5)

    def plan(self, n_items: int, tokens: int) -> None:
        """A call will encode ``tokens`` tokens for ``n_items`` candidates."""
        self.items_planned += n_items
        self.tokens_planned += tokens
        total = self.tokens_planned
        if self.total_items and 0 < self.items_planned < self.total_items:
            total = round(self.tokens_planned * self.total_items / self.items_planned)  # extrapolated
        self.bar.total = max(total, self.bar.n)
        of = f"/{self.total_items}" if self.total_items else ""
        self.bar.set_postfix_str(f"{self.items_planned}{of} cand", refresh=True)

    def update(self, tokens: int) -> None:
        """``tokens`` more tokens were encoded (the total grows when a call encodes more than it planned: texts
        encoded again under a small memory budget, ``matching.plan_chunks``)."""
        if self.bar.total is not None and self.bar.n + tokens > self.bar.total:
            self.bar.total = self.bar.n + tokens
        self.bar.update(tokens)

    def close(self) -> None:
        self.bar.close()
