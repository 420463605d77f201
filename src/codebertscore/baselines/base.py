"""One interface for every per-pair metric, and a registry that builds metrics from short specs.

A metric scores each candidate against its references and returns one float per candidate, higher = more
similar. Its :meth:`Metric.signature` names everything that changes the numbers (tokenisation, smoothing, how
several references are combined, the library version), as sacrebleu's signatures do.

Specs, as the command line takes them::

    chrf                                  # defaults
    bleu:tok=13a,smooth=floor             # options after a colon, comma-separated key=value
    codebertscore:layer=4,F=F3,idf=yes    # the CodeBERTScore adapter
    codebertscore:layer=2|3|4,F=F1|F3     # a grid: "|" separates alternative values (see expand_spec)
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from codebertscore.errors import ArgumentError


@runtime_checkable
class Metric(Protocol):
    """A per-pair similarity metric between candidate code and reference code."""

    name: str

    def signature(self) -> str:
        """Everything that changes this metric's numbers, in one line."""
        ...

    def score(
        self,
        cands: Sequence[str],
        refs: Sequence[Sequence[str]],
        sources: Sequence[str] | None = None,
        lang: str | None = None,
    ) -> np.ndarray:
        """One float64 score per candidate (shape (N,)); ``refs[i]`` holds candidate i's references."""
        ...


# -- inputs ----------------------------------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """The user's cache folder for metric data and scores: ``$CODEBERTSCORE_CACHE``, else
    ``$XDG_CACHE_HOME/codebertscore``, else ``~/.cache/codebertscore``."""
    if os.environ.get("CODEBERTSCORE_CACHE"):
        return Path(os.environ["CODEBERTSCORE_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "codebertscore"


def check_inputs(
    metric: str, cands: Any, refs: Any, sources: Any = None
) -> tuple[list[str], list[list[str]], list[str] | None]:
    """Validate a scoring call; returns (cands, refs as a list of non-empty lists, sources or None). The checks are
    the scorer's (:func:`codebertscore.scoring.inputs.validate_inputs`); errors name the metric first."""
    from codebertscore.scoring.inputs import validate_inputs

    try:
        checked = validate_inputs(cands, refs, sources)
    except ArgumentError as exc:
        raise ArgumentError(f"{metric}: {exc}") from None
    return checked.cands, checked.refs, checked.sources


# -- option parsing --------------------------------------------------------------------------------------------------

_TRUE = {"1", "true", "yes", "on", "y"}
_FALSE = {"0", "false", "no", "off", "n"}


def opt_bool(metric: str, key: str, value: str) -> bool:
    """Parse a yes/no option value."""
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ArgumentError(f"{metric}: option {key}: expected yes or no, got {value!r}")


def opt_int(metric: str, key: str, value: str, minimum: int | None = None) -> int:
    """Parse an integer option value (at least ``minimum`` when given)."""
    try:
        n = int(value)
    except ValueError:
        raise ArgumentError(f"{metric}: option {key}: expected an integer, got {value!r}") from None
    if minimum is not None and n < minimum:
        raise ArgumentError(f"{metric}: option {key}: expected an integer >= {minimum}, got {n}")
    return n


def opt_choice(metric: str, key: str, value: str, choices: Sequence[str]) -> str:
    """Check that an option value is one of ``choices``."""
    if value not in choices:
        raise ArgumentError(f"{metric}: option {key}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def opt_floats(metric: str, key: str, value: str, count: int) -> tuple[float, ...]:
    """Parse ``count`` floats separated by ``/`` (e.g. weights ``0.25/0.25/0.25/0.25``)."""
    parts = value.split("/")
    try:
        out = tuple(float(p) for p in parts)
    except ValueError:
        out = ()
    if len(out) != count:
        raise ArgumentError(f"{metric}: option {key}: expected {count} numbers separated by '/', got {value!r}")
    return out


def reject_unknown(metric: str, options: dict[str, str], known: Sequence[str]) -> None:
    """Raise if ``options`` has a key outside ``known``."""
    unknown = sorted(set(options) - set(known))
    if unknown:
        allowed = ", ".join(known) if known else "none"
        raise ArgumentError(f"{metric}: unknown option(s) {', '.join(unknown)}; accepted: {allowed}")


# -- specs and the registry ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricSpec:
    """A parsed spec: a registered metric name and its option strings."""

    name: str
    options: tuple[tuple[str, str], ...]

    def format(self) -> str:
        if not self.options:
            return self.name
        return self.name + ":" + ",".join(f"{k}={v}" for k, v in self.options)


def parse_spec(spec: str) -> MetricSpec:
    """Parse ``name[:key=value,key=value]``; keys keep their order, a key may appear once."""
    if not isinstance(spec, str) or not spec.strip():
        raise ArgumentError(f"metrics: expected a metric spec such as 'chrf' or 'bleu:tok=13a', got {spec!r}")
    name, _, rest = spec.strip().partition(":")
    name = name.strip()
    options: list[tuple[str, str]] = []
    if rest.strip():
        for part in rest.split(","):
            key, eq, value = part.partition("=")
            if not eq or not key.strip() or not value.strip():
                raise ArgumentError(f"metrics: {spec!r}: expected key=value options after ':', got {part!r}")
            if key.strip() in dict(options):
                raise ArgumentError(f"metrics: {spec!r}: option {key.strip()!r} given twice")
            options.append((key.strip(), value.strip()))
    return MetricSpec(name, tuple(options))


def expand_spec(spec: str) -> list[MetricSpec]:
    """All settings of a spec whose option values list alternatives with ``|`` (a grid, in the order written).

    ``codebertscore:layer=2|3,F=F1|F3`` gives layer=2,F=F1; layer=2,F=F3; layer=3,F=F1; layer=3,F=F3. Ranges
    ``a..b`` of integers expand too: ``layer=1..3`` is ``layer=1|2|3``.
    """
    parsed = parse_spec(spec)
    keys = [k for k, _ in parsed.options]
    choices: list[list[str]] = []
    for key, value in parsed.options:
        alts: list[str] = []
        for alt in value.split("|"):
            alt = alt.strip()
            lo, dots, hi = alt.partition("..")
            if dots and lo.strip().lstrip("-").isdigit() and hi.strip().lstrip("-").isdigit():
                a, b = int(lo), int(hi)
                if b < a:
                    raise ArgumentError(f"metrics: {spec!r}: empty range {alt!r} for option {key!r}")
                alts.extend(str(i) for i in range(a, b + 1))
            elif alt:
                alts.append(alt)
            else:
                raise ArgumentError(f"metrics: {spec!r}: empty alternative in option {key!r}")
        choices.append(alts)
    return [MetricSpec(parsed.name, tuple(zip(keys, combo))) for combo in itertools.product(*choices)]


Factory = Callable[..., Metric]

#: metric name -> (factory taking option strings as keyword arguments, one-line description)
REGISTRY: dict[str, tuple[Factory, str]] = {}
#: modules that register metrics when imported (imported lazily by :func:`available` and :func:`build_metric`)
_MODULES = (
    "codebertscore.baselines.lexical",
    "codebertscore.baselines.bleu",
    "codebertscore.baselines.chrf",
    "codebertscore.baselines.rouge",
    "codebertscore.baselines.meteor",
    "codebertscore.baselines.codebleu",
    "codebertscore.baselines.codebertscore",
)


def register(name: str, description: str) -> Callable[[Factory], Factory]:
    """Class decorator: make ``name`` buildable from a spec."""

    def deco(factory: Factory) -> Factory:
        REGISTRY[name] = (factory, description)
        return factory

    return deco


def _load_all() -> None:
    import importlib

    for module in _MODULES:
        importlib.import_module(module)


def available() -> dict[str, str]:
    """Registered metric names and their descriptions."""
    _load_all()
    return {name: desc for name, (_, desc) in sorted(REGISTRY.items())}


def build_metric(spec: str | MetricSpec) -> Metric:
    """Build the metric a spec names, e.g. ``build_metric("bleu:tok=13a")``."""
    parsed = parse_spec(spec) if isinstance(spec, str) else spec
    _load_all()
    if parsed.name not in REGISTRY:
        raise ArgumentError(f"metrics: unknown metric {parsed.name!r}; available: {', '.join(sorted(REGISTRY))}")
    factory, _ = REGISTRY[parsed.name]
    for _, value in parsed.options:
        if "|" in value:
            raise ArgumentError(f"metrics: {parsed.format()!r} is a grid; expand it with expand_spec first")
    reject_unknown(parsed.name, dict(parsed.options), option_names(factory))
    return factory(**dict(parsed.options))


def option_names(factory: Factory) -> list[str]:
    """The options a metric factory accepts (its keyword parameters)."""
    import inspect

    params = inspect.signature(factory).parameters.values()
    return [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name != "self"]


class BaseMetric:
    """Shared plumbing: input checks and taking the best reference for metrics defined on one reference."""

    name: str = ""

    def signature(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def score_one(self, cand: str, ref: str, source: str | None, lang: str | None) -> float:
        """Score one candidate against one reference (subclasses without native multi-reference support)."""
        raise NotImplementedError

    def score_multi(self, cand: str, refs: list[str], source: str | None, lang: str | None) -> float:
        """Score against several references: by default the best single-reference score."""
        return max(self.score_one(cand, r, source, lang) for r in refs)

    def score(
        self,
        cands: Sequence[str],
        refs: Sequence[Sequence[str]],
        sources: Sequence[str] | None = None,
        lang: str | None = None,
    ) -> np.ndarray:
        c, r, s = check_inputs(self.name, cands, refs, sources)
        out = np.empty(len(c), dtype=np.float64)
        for i, (cand, group) in enumerate(zip(c, r)):
            out[i] = self.score_multi(cand, group, None if s is None else s[i], lang)
        return out

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.signature()}>"
