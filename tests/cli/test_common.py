"""The shared argparse types: one positive integer, one spelling of layer lists (the old spaced one still works)."""

from __future__ import annotations

import argparse

import pytest

from codebertscore.cli.common import add_layers_argument, layers_arg, positive_int


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(exit_on_error=False)
    add_layers_argument(p, "layers")
    p.add_argument("--n", type=positive_int)
    return p


@pytest.mark.parametrize("argv,layers", [
    (["--layers", "2..4"], [2, 3, 4]),
    (["--layers", "4,2,2"], [2, 4]),
    (["--layers", "3", "5"], [3, 5]),  # the spelling `codebertscore baseline` used before
    (["--layers", "1..2,6", "0"], [0, 1, 2, 6]),
    ([], None),
])
def test_layer_lists(argv: list[str], layers: list[int] | None):
    assert layers_arg(_parser().parse_args(argv).layers) == layers


@pytest.mark.parametrize("argv", [["--layers", "3..x"], ["--layers", "4..2"], ["--layers", "-1"], ["--n", "0"],
                                  ["--n", "two"]])
def test_rejected_values_name_the_option(argv: list[str]):
    with pytest.raises(argparse.ArgumentError, match=argv[0]):
        _parser().parse_args(argv)


def test_positive_int():
    assert positive_int("7") == 7
    with pytest.raises(argparse.ArgumentTypeError, match="expected a positive integer, got '0'"):
        positive_int("0")


def test_memory_budget_option_in_gb():
    from codebertscore.cli.common import add_model_arguments, scorer_kwargs
    from codebertscore.errors import ArgumentError

    p = argparse.ArgumentParser()
    add_model_arguments(p)
    assert "memory_budget" not in scorer_kwargs(p.parse_args([]))
    assert scorer_kwargs(p.parse_args(["--memory-budget", "0.5"]))["memory_budget"] == 500_000_000
    for bad in ("0", "-1"):
        with pytest.raises(ArgumentError, match="--memory-budget: expected a positive size in GB"):
            scorer_kwargs(p.parse_args(["--memory-budget", bad]))
