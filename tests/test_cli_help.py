"""The command line helps a new user: suggestions for typos, any case for --format, help for every option, completion."""
from __future__ import annotations

import argparse
import shutil
import subprocess

import pytest

from conftest import run_confdeck
from confdeck.cli import make_parser


@pytest.mark.parametrize("args, message", [
    (["biuld", "notes/pwc2020.md"], "error: argument COMMAND: invalid choice: 'biuld' (choose from 'build', 'plan', "
     "'import', 'preview', 'template', 'completion'); did you mean 'build'?"),
    (["build", "notes/pwc2020.md", "--strcit"], "error: unrecognized arguments: --strcit; did you mean '--strict'?"),
    (["plan", "notes/pwc2020.md", "--slieds"], "error: unrecognized arguments: --slieds; did you mean '--slides'?"),
    (["build", "notes/pwc2020.md", "--format", "ppx"],
     "error: argument --format: unknown format 'ppx' (expected pptx, html, pdf, handout, runsheet or all, "
     "comma-separated); did you mean 'pptx'?"),
    (["template", "lst"], "error: argument ACTION: invalid choice: 'lst' (choose from 'list', 'new', 'check'); "
     "did you mean 'list'?"),
])
def test_mistypes_get_a_suggestion(args, message):
    result = run_confdeck(*args)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == message


def test_nothing_close_gets_no_suggestion():
    result = run_confdeck("xyzzy")
    assert result.returncode == 2
    assert "did you mean" not in result.stderr


def test_format_in_any_case(tmp_path):
    result = run_confdeck("build", "notes/pwc2020.md", "--format", "PPTX", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".confdeck-notes.json", "pwc2020.pptx"]
    from pptx import Presentation
    assert Presentation(str(tmp_path / "pwc2020.pptx")).slides[0].shapes.title.text == "Python Web Conference 2020"


def _parsers(parser: argparse.ArgumentParser, name: str = "confdeck"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {command}")


def test_every_option_and_argument_has_help_text():
    missing = [f"{name}: {action.dest}" for name, parser in _parsers(make_parser()) for action in parser._actions
               if not isinstance(action, argparse._SubParsersAction) and not (action.help or "").strip()]
    assert missing == []


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_scripts_come_from_the_parser(shell):
    result = run_confdeck("completion", shell)
    assert result.returncode == 0, result.stderr
    script = result.stdout
    for word in ("build", "plan", "preview", "--strict", "--slides", "--auto-advance", "--no-open", "completion"):
        assert word in script, word
    if shell == "bash" and shutil.which("bash"):
        checked = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
        assert checked.returncode == 0, checked.stderr
    if shell == "zsh" and shutil.which("zsh"):
        checked = subprocess.run(["zsh", "-n"], input=script, text=True, capture_output=True)
        assert checked.returncode == 0, checked.stderr


def test_bash_completion_completes_a_command():
    if not shutil.which("bash"):
        pytest.skip("bash not installed (Debian package bash)")
    script = run_confdeck("completion", "bash").stdout
    probe = script + '\nCOMP_WORDS=(confdeck pl); COMP_CWORD=1; COMP_LINE="confdeck pl"; COMP_POINT=11\n' \
        + '_shtab_confdeck confdeck pl confdeck; printf "%s\\n" "${COMPREPLY[@]}"\n'
    result = subprocess.run(["bash", "-c", probe], text=True, capture_output=True)
    assert "plan" in result.stdout.split(), result.stdout + result.stderr
