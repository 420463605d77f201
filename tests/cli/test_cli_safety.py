"""Issue 12: nothing silently wrong from the command line (warnings, empty inputs, output paths, checks before the
model loads, --rescale), each checked end to end through ``codebertscore.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

from codebertscore.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "python"


def run_cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_warnings_name_no_internal_path_and_quiet_silences_them(capsys, tiny_roberta_path):
    # a model folder with no recorded default layer: the registry warns that a rule chose the layer
    argv = ["score", "--model", tiny_roberta_path, "--cands", EXAMPLES / "samples.jsonl",
            "--refs", EXAMPLES / "problems.jsonl"]
    code, _, err = run_cli(capsys, *argv)
    assert code == 0
    assert "codebertscore score: warning: no tuned default layer" in err
    assert ".py:" not in err and "site-packages" not in err and "warnings.warn" not in err
    code, _, err = run_cli(capsys, *argv, "--quiet")
    assert code == 0 and "warning" not in err and err == ""
