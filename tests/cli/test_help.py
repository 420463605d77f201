"""Every option of every verb (and sub-verb) is documented, shows its default, and is spelled the same way
everywhere (issue 12 item 13)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from codebertscore.cli import VERBS, build_parser, main


def _walk(parser: argparse.ArgumentParser, path: str) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, f"{path} {name}")


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    out = []
    for verb in VERBS:
        root = build_parser(verb)
        sub = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction)).choices[verb]
        out.extend(_walk(sub, verb))
    return out


def _visible(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if a.help is not argparse.SUPPRESS and not isinstance(a, argparse._HelpAction)
            and not isinstance(a, argparse._SubParsersAction)]


def _shown(action: argparse.Action) -> list[str]:
    hidden = set(getattr(action, "hidden_aliases", ()))
    return [s for s in action.option_strings if s not in hidden]


PARSERS = _parsers()


@pytest.mark.parametrize("path,parser", PARSERS, ids=[p for p, _ in PARSERS])
def test_every_option_has_help_and_shows_its_default(path: str, parser: argparse.ArgumentParser):
    formatter = parser._get_formatter()
    for action in _visible(parser):
        name = "/".join(action.option_strings) or action.dest
        assert action.help and action.help.strip(), f"{path}: {name} has no help text"
        if action.option_strings and action.nargs != 0 and action.default not in (None, False, argparse.SUPPRESS):
            text = formatter._expand_help(action)
            assert "default" in text, f"{path}: {name} does not show its default ({action.default!r}): {text!r}"


def test_the_help_renders_for_every_parser():
    for path, parser in PARSERS:
        text = parser.format_help()
        assert "(default: None)" not in text and "(default: False)" not in text, path


#: one spelling per meaning across verbs
def test_options_are_spelled_the_same_way_in_every_verb():
    seen: dict[str, list[str]] = {}
    for path, parser in PARSERS:
        for action in _visible(parser):
            for s in _shown(action):
                seen.setdefault(s, []).append(path)
            if "--layers" in _shown(action):  # a list of layers to use, one spelling (0..6, 2,4,6)
                assert action.metavar == "LAYERS", f"{path}: --layers means something else here"
            if "--json" in _shown(action):  # a flag: print JSON on stdout
                assert action.nargs == 0, f"{path}: --json takes a value here; files are written with --out"
    assert "--output" not in seen, f"--output is shown in {seen.get('--output')}; the spelling is --out"
    for old in ("--layer-list", "--outfile", "--output-file"):
        assert old not in seen


def test_renamed_spellings_still_work_as_hidden_aliases():
    args = build_parser("train").parse_args(["train", "export-delta", "--base", "b", "--model", "m", "--output", "o"])
    assert args.out == "o"
    args = build_parser("train").parse_args(["train", "mlm", "--corpus", "c", "--out", "o", "--layers", "4"])
    assert args.num_layers == 4
    args = build_parser("metaeval").parse_args(["metaeval", "--dev", "python", "--json", "x.json"])
    assert str(args.out) == "x.json"
    help_text = build_parser("train").format_help()
    assert "--output" not in help_text


def test_list_metrics_needs_no_data(capsys):
    assert main(["metaeval", "--list-metrics"]) == 0
    out = capsys.readouterr().out
    assert "chrf" in out and "codebertscore" in out


def test_metaeval_without_data_is_a_clear_error(capsys):
    assert main(["metaeval", "--metrics", "chrf"]) == 2
    assert "--data or --dev" in capsys.readouterr().err
