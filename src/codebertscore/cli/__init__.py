"""The ``codebertscore`` command: one verb per job, each a thin wire over library calls.

Each verb lives in ``codebertscore/cli/<verb>.py`` and provides ``add_arguments(parser)`` and
``run(args) -> int``. Verbs are imported only when used, so ``codebertscore score`` never imports the
meta-evaluation or training code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from typing import Any

from codebertscore import __version__
from codebertscore.errors import EXIT_CODES, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, CodeBERTScoreError

#: verb -> (module, one-line help)
VERBS: dict[str, tuple[str, str]] = {
    "score": ("codebertscore.cli.score", "score candidates against references (JSONL, folders or line files)"),
    "idf": ("codebertscore.cli.idf", "build an idf table (JSON) from a corpus of code"),
    "baseline": ("codebertscore.cli.baseline", "measure a rescaling baseline table for a model and layer"),
    "explain": ("codebertscore.cli.explain", "show the token alignment behind one score"),
    "metaeval": ("codebertscore.cli.metaeval", "measure how well metrics agree with correctness or human grades"),
    "tune": (
        "codebertscore.cli.tune",
        "choose layer, headline, idf and token filter by cross-validation on labelled data",
    ),
    "devset": (
        "codebertscore.cli.devset",
        "build the labelled dev set from HumanEval (executes code only with --execute)",
    ),
    "train": ("codebertscore.cli.train", "train or adapt an encoder (masked-LM and/or contrastive)"),
    "models": ("codebertscore.cli.models", "list and install the offline backbones (mpnet, gemma)"),
}


class HelpFormatter(argparse.HelpFormatter):
    """Help that shows each option's default (unless its help already speaks of it, or it is a flag or None) and
    leaves out old spellings kept as hidden aliases (see :func:`codebertscore.cli.common.hide_aliases`)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (action.option_strings and action.nargs != 0 and default not in (None, False, argparse.SUPPRESS)
                and default != [] and "default" not in text.lower()):
            shown = " ".join(map(str, default)) if isinstance(default, (list, tuple)) else "%(default)s"
            text = f"{text} (default: {shown})" if text else f"(default: {shown})"
        return text

    def _format_action_invocation(self, action: argparse.Action) -> str:
        hidden = set(getattr(action, "hidden_aliases", ()))
        if not hidden:
            return super()._format_action_invocation(action)
        visible = argparse.Action(
            [s for s in action.option_strings if s not in hidden], action.dest, nargs=action.nargs,
            metavar=action.metavar, choices=action.choices,
        )
        return super()._format_action_invocation(visible)


class Parser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` with :class:`HelpFormatter` (sub-parsers are built with the same class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen verb's module is imported (``--help`` imports none)."""
    parser = Parser(
        prog="codebertscore",
        description="CodeBERTScore: evaluate generated code against reference code with a pretrained code encoder.",
        epilog="exit codes: " + ", ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items()),
        exit_on_error=False,  # a value its type rejects comes back as argparse.ArgumentError: see main()
    )
    parser.add_argument("--version", action="version", version=f"codebertscore {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of internal errors")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for name, (module_name, help_text) in VERBS.items():
        p = sub.add_parser(name, help=help_text, description=help_text, exit_on_error=False)
        if name == verb:
            module = importlib.import_module(module_name)
            module.add_arguments(p)
            p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verb = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(verb if verb in VERBS else None)
    try:
        args = parser.parse_args(argv)
    except argparse.ArgumentError as exc:  # e.g. --chunk 0: the shared types (cli.common) reject it
        print(f"codebertscore {verb or ''}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if getattr(args, "_run", None) is None:
        parser.print_help(sys.stderr)
        return 2
    with warnings.catch_warnings():  # restored on return: main() may be called again in one process (tests)
        warnings.showwarning = _warning_printer(args.verb)
        if getattr(args, "quiet", False):
            warnings.simplefilter("ignore")
        return _run(args)


def _warning_printer(verb: str) -> Any:
    """``warnings.showwarning`` for the command: one line naming the verb, without the file and line of the code that
    warned (our warnings speak to the user; internal paths are noise to them)."""

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: Any = None,
             line: str | None = None) -> None:
        print(f"codebertscore {verb}: warning: {message}", file=sys.stderr)

    return show


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args._run(args) or 0)
    except CodeBERTScoreError as exc:
        print(f"codebertscore {args.verb}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"codebertscore {args.verb}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # pragma: no cover - e.g. `| head`
        return 0
    except Exception as exc:  # pragma: no cover - a bug: say so, keep the traceback available
        if args.debug:
            raise
        print(
            f"codebertscore {args.verb}: internal error: {type(exc).__name__}: {exc} "
            "(re-run with --debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
