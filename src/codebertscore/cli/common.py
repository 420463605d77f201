"""Options shared by the verbs: the argparse types (positive integers, layer lists), the encoder and cache options,
and the one place that turns them into a scorer."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from codebertscore.errors import ArgumentError
from codebertscore.languages import describe
from codebertscore.models.spec import HEADLINES
from codebertscore.scoring.filters import filter_names


def hide_aliases(action: argparse.Action, *aliases: str) -> argparse.Action:
    """Keep old spellings of an option working while the help shows only the current one (the first)."""
    action.hidden_aliases = aliases  # type: ignore[attr-defined]  # read by cli.HelpFormatter
    return action


def positive_int(text: str) -> int:
    """argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def parse_layers(text: str) -> list[int]:
    """The one spelling of layer lists: ``"0..6"``, ``"2,4,6"`` or ``"1..3,8"`` -> a sorted list of layers."""
    out: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        lo, dots, hi = part.partition("..")
        try:
            if dots:
                a, b = int(lo), int(hi)
                if b < a:
                    raise ValueError
                out.update(range(a, b + 1))
            else:
                out.add(int(part))
        except ValueError:
            raise ArgumentError(f"--layers: expected layers such as 0..6 or 2,4,6, got {text!r}") from None
    if any(x < 0 for x in out):
        raise ArgumentError(f"--layers: layers are non-negative, got {text!r}")
    return sorted(out)


def layer_list(text: str) -> list[int]:
    """argparse type of ``--layers``; with ``nargs="+"`` the old ``--layers 2 3`` still works
    (see :func:`layers_arg`)."""
    try:
        return parse_layers(text)
    except ArgumentError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--layers: ")) from None


def layers_arg(values: list[list[int]] | None) -> list[int] | None:
    """The layers of a ``--layers`` option parsed with :func:`layer_list` (None when it was not given)."""
    return sorted({x for v in values for x in v}) if values else None


def add_layers_argument(p: argparse.ArgumentParser | Any, help_text: str) -> None:
    """``--layers``: e.g. ``0..12``, ``4,6,8`` or ``4 6 8``."""
    p.add_argument("--layers", type=layer_list, nargs="+", metavar="LAYERS", help=help_text)


def add_model_arguments(p: argparse.ArgumentParser, *, with_idf: bool = True, with_rescale: bool = False) -> None:
    g = p.add_argument_group("encoder")
    g.add_argument("--lang", help=f"language: {describe()} (picks the default settings)")
    g.add_argument("--model", help="hub name, local folder, 'default' / 'paper' / 'multilingual', or an installed "
                   "backbone: 'mpnet' / 'gemma' (`codebertscore models install NAME`)")
    g.add_argument("--layer", type=int, help="hidden-state layer to match (0 = embeddings; default from the registry)")
    g.add_argument("--revision", help="hub revision of the model")
    g.add_argument("--device", default=None, help="cpu, cuda, cuda:N, mps (default: cuda when available)")
    g.add_argument("--dtype", default="auto", choices=["auto", "float32", "bfloat16", "float16"],
                   help="encoder precision (similarities are always float32)")
    g.add_argument("--batch-size", type=positive_int, default=None, help="at most this many windows per forward pass")
    g.add_argument("--token-budget", type=positive_int, default=None,
                   help="at most this many padded tokens per forward pass")
    g.add_argument("--window", type=int, default=None, help="tokens per forward pass (default: the model's maximum)")
    g.add_argument("--overlap", type=float, default=0.5, help="overlap of consecutive windows for long inputs")
    g.add_argument("--truncate", action="store_true", help="encode only the first window of long inputs (reported)")
    g.add_argument("--token-filter", choices=filter_names(), default=None,
                   help="which code tokens are matched: paper (the paper's: punctuation-only tokens other than "
                        "+ - * / & | ~ dropped), operators (also keeps comparison, logical and assignment operators), "
                        "none (every token); default: the model's recorded filter, else paper")
    g.add_argument("--keep-punct", dest="no_punc", action="store_const", const=False, default=None,
                   help="the same as --token-filter none (the older spelling)")
    if with_idf:
        g.add_argument("--idf", default=None, metavar="TABLE|corpus|refs",
                       help="idf weighting: 'corpus' (the shipped table of --lang; Go has none and scores without "
                            "idf), 'refs' (computed from the references) or a JSON table from `codebertscore idf` "
                            "(default: the model's recorded choice)")
    if with_rescale:
        g.add_argument("--rescale", type=Path, default=None, metavar="TABLE",
                       help="rescale scores with a baseline table from `codebertscore baseline` (it must hold an entry "
                            "for this model, layer, idf and punctuation setting; checked before the model loads)")
    g.add_argument("--headline", choices=HEADLINES, default=None,
                   help="the score's headline measure, which also picks the best reference (default: the model's)")
    g.add_argument("--memory-budget", type=float, default=None, metavar="GB",
                   help="GB of token vectors held at once while scoring (default 2 GiB); scores do not depend on it")
    g.add_argument("--threads", type=positive_int, default=None,
                   help="CPU threads for the encoder (default: one per core). On a machine shared with other work, "
                        "fewer threads than cores avoid oversubscription, which can slow matrix products many times")


def add_cache_arguments(p: argparse.ArgumentParser) -> None:
    """Options of the on-disk embedding cache (for verbs that score many texts, possibly again)."""
    g = p.add_argument_group("embedding cache")
    g.add_argument("--cache-dir", type=Path, default=None,
                   help="keep every encoded text's vectors in this folder: re-scoring encodes only new texts")
    g.add_argument("--cache-max-gb", type=float, default=None,
                   help="evict least recently used cache entries above this size (default: unbounded)")
    g.add_argument("--cache-dtype", choices=["float32", "float16"], default="float32",
                   help="float32: scores equal uncached ones (default); float16: half the disk, scores within ~1e-3")


def _cache_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    if getattr(args, "cache_dir", None) is None:
        return {}
    max_gb = args.cache_max_gb
    if max_gb is not None and not max_gb > 0:
        raise ArgumentError(f"--cache-max-gb: expected a positive size in GB, got {max_gb}")
    return {"cache_dir": args.cache_dir, "cache_dtype": args.cache_dtype,
            "cache_max_bytes": None if max_gb is None else int(max_gb * 1e9)}


def _memory_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    budget = getattr(args, "memory_budget", None)
    if budget is None:
        return {}
    if not budget > 0:
        raise ArgumentError(f"--memory-budget: expected a positive size in GB, got {budget}")
    return {"memory_budget": max(1, int(budget * 1e9))}


def scorer_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    idf: Any = None  # the model's recorded choice
    if not hasattr(args, "idf"):
        idf = False  # verbs without --idf score without idf
    elif args.idf:
        idf = True if args.idf == "refs" else args.idf
    return dict(
        lang=args.lang, model=args.model, layer=args.layer, revision=args.revision, device=args.device,
        dtype=args.dtype, batch_size=args.batch_size, token_budget=args.token_budget, window=args.window,
        overlap=args.overlap, truncate=args.truncate, no_punc=args.no_punc, token_filter=args.token_filter, idf=idf,
        headline=args.headline,
        **({"rescale": args.rescale} if getattr(args, "rescale", None) is not None else {}), **_cache_kwargs(args),
        **_memory_kwargs(args),
    )


def check_settings(args: argparse.Namespace, **extra: Any) -> None:
    """Every check of the encoder options that needs no encoder (``scoring.preflight``), to run before one loads;
    ``extra``: ``layers`` a call will use, ``context`` (whether the inputs have contexts, when known)."""
    from codebertscore.scoring.preflight import check_scorer_settings

    check_scorer_settings(**scorer_kwargs(args), **extra)


def make_scorer(args: argparse.Namespace, **extra: Any):  # -> CodeBERTScorer (import kept late: torch is heavy)
    from codebertscore.scoring.scorer import CodeBERTScorer

    threads = getattr(args, "threads", None)
    if threads is not None:
        import torch

        torch.set_num_threads(threads)

    return CodeBERTScorer(**{**scorer_kwargs(args), **extra})
