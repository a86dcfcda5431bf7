"""Every command the parser accepts is bound to a function that runs it, imported when it runs."""

from __future__ import annotations

import argparse
import subprocess
import sys

from app.cli.parser import build_parser
from app.cli.registry import Handler
from tests.conftest import ROOT


def _leaves(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield words, parser
        return
    for name, child in subs[0].choices.items():
        yield from _leaves(child, (*words, name))


def test_every_command_runs_something() -> None:
    leaves = list(_leaves(build_parser()))
    assert len(leaves) >= 20
    unbound = [
        " ".join(words)
        for words, parser in leaves
        if words != ("gui",) and not callable(parser.get_default("run"))
    ]
    assert unbound == []


def test_the_gui_word_runs_no_command() -> None:
    assert build_parser().parse_args(["gui"]).__dict__.get("run") is None


def test_each_command_names_a_function_of_its_areas_module() -> None:
    handlers = {
        " ".join(words): parser.get_default("run")
        for words, parser in _leaves(build_parser())
        if words != ("gui",)
    }
    assert all(isinstance(h, Handler) for h in handlers.values())
    wrong = [
        words
        for words, handler in handlers.items()
        if not handler.module.startswith("app.cli.commands.") or not callable(handler.resolve())
    ]
    assert wrong == []
    assert handlers["export"] == Handler("app.cli.commands.reports", "cmd_export")


def test_the_parser_is_built_without_any_commands_code() -> None:
    code = (
        "import sys\n"
        "from app.cli.parser import build_parser\n"
        "build_parser().parse_args(['export', 'x', '--pdf', 'x.pdf'])\n"
        "print(sorted(n for n in sys.modules if n.startswith('app.cli.commands.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout == "[]\n"
