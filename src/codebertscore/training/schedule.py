"""Training budgets and the learning-rate schedule fitted to them.

A run is budgeted in optimizer steps, in seconds of training time, or both (whichever ends first). Its *progress*
is a number in [0, 1]: ``max(step / steps, seconds / time budget)``. The learning rate is a pure function of
progress — linear warm-up over the first ``warmup`` fraction, then linear (or cosine) decay to
``final_ratio × peak`` — so a wall-clock run decays to the end of its budget whatever its speed, and a resumed run
continues the same curve.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from codebertscore.errors import ArgumentError

_UNITS = {"": 1.0, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}


def parse_duration(text: str | float | int, name: str = "time budget") -> float:
    """``"300s"``, ``"5m"``, ``"1.5h"`` or a number of seconds -> seconds (positive)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    else:
        m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(s|sec|m|min|h)?\s*", str(text))
        if not m:
            raise ArgumentError(f"{name}: expected a duration such as 300s, 5m or 1h, got {text!r}")
        value = float(m.group(1)) * _UNITS[m.group(2) or ""]
    if not value > 0 or math.isinf(value):
        raise ArgumentError(f"{name}: expected a positive duration, got {text!r}")
    return value


@dataclass(frozen=True)
class Every:
    """A cadence: every ``steps`` optimizer steps, or every ``seconds`` of training time (or never)."""

    steps: int | None = None
    seconds: float | None = None

    @classmethod
    def parse(cls, text: str | None, name: str) -> Every:
        """``"500"`` (steps), ``"10m"``/``"30s"`` (time), or ``None``/``"0"``/``"never"`` (never)."""
        if text is None or str(text).strip().lower() in ("", "0", "never", "none"):
            return cls()
        s = str(text).strip()
        if s.isdigit():
            return cls(steps=int(s))
        return cls(seconds=parse_duration(s, name))

    def due(self, step: int, elapsed: float, last_step: int, last_elapsed: float) -> bool:
        if self.steps is not None and step - last_step >= self.steps:
            return True
        return self.seconds is not None and elapsed - last_elapsed >= self.seconds

    @property
    def active(self) -> bool:
        return self.steps is not None or self.seconds is not None


@dataclass(frozen=True)
class Budget:
    """When a run ends: after ``steps`` optimizer steps and/or ``seconds`` of training time."""

    steps: int | None = None
    seconds: float | None = None

    def __post_init__(self) -> None:
        if self.steps is None and self.seconds is None:
            raise ArgumentError("budget: give --steps or --time-budget (or both)")
        if self.steps is not None and self.steps <= 0:
            raise ArgumentError(f"steps: expected a positive number, got {self.steps}")

    def progress(self, step: int, elapsed: float) -> float:
        p = 0.0
        if self.steps is not None:
            p = max(p, step / self.steps)
        if self.seconds is not None:
            p = max(p, elapsed / self.seconds)
        return min(1.0, p)

    def describe(self) -> str:
        parts = []
        if self.steps is not None:
            parts.append(f"{self.steps} steps")
        if self.seconds is not None:
            parts.append(f"{self.seconds:g} s")
        return " or ".join(parts)


def lr_at(progress: float, peak: float, warmup: float = 0.06, final_ratio: float = 0.0, shape: str = "linear") -> float:
    """Learning rate at ``progress`` in [0, 1]: warm-up to ``peak``, then decay to ``final_ratio * peak``."""
    if not 0.0 <= warmup < 1.0:
        raise ArgumentError(f"warmup: expected a fraction in [0, 1), got {warmup}")
    p = min(max(progress, 0.0), 1.0)
    if warmup > 0 and p < warmup:
        return peak * max(p / warmup, 1e-3)
    rest = (p - warmup) / (1.0 - warmup)
    if shape == "cosine":
        factor = 0.5 * (1.0 + math.cos(math.pi * rest))
    elif shape == "linear":
        factor = 1.0 - rest
    elif shape == "constant":
        factor = 1.0
    else:
        raise ArgumentError(f"schedule: expected linear, cosine or constant, got {shape!r}")
    return peak * (final_ratio + (1.0 - final_ratio) * factor)
