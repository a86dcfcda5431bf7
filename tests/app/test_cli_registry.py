"""Every command the parser accepts is bound to a function that runs it."""

from __future__ import annotations

import argparse

from app.cli.parser import build_parser


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
