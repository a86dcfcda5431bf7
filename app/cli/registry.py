"""How a command joins the command line: its words and the function that runs it, in one place.

Each module in `app/cli/words/` adds its parsers and binds each one to its function with
`set_defaults(run=Handler(module, name))`, so a command can't be parsed without something to run
it. The function lives in `app/cli/commands/` and is imported only when its command runs: building
the parser (for any command, or `--help`) loads the words of every command and none of their code.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from app.i18n import _
from app.paths import Paths
from app.values import AnswerValue, parse_choice

if TYPE_CHECKING:
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction

Command = Callable[[argparse.Namespace, Paths], int]


@dataclass(frozen=True)
class Handler:
    """The function that runs a command, named by module and name, imported when it runs."""

    module: str
    name: str

    def resolve(self) -> Command:
        """Import the command's module and return its function."""
        function: Command = getattr(importlib.import_module(self.module), self.name)
        return function

    def __call__(self, args: argparse.Namespace, paths: Paths) -> int:
        """Run the command: its module loads now, not when the parser was built."""
        return self.resolve()(args, paths)


def command_of(args: argparse.Namespace) -> Command | None:
    """The function bound to the parsed command, or None for the GUI."""
    run: Command | None = getattr(args, "run", None)
    return run


def scope_pair(text: str) -> tuple[str, str]:
    """Read `QUESTION=OPTION` for `--scope`."""
    question, sep, option = text.partition("=")
    if not sep or not question.strip() or not option.strip():
        raise argparse.ArgumentTypeError(
            _("'{text}' is not QUESTION=OPTION (e.g. platform=zoom)").format(text=text)
        )
    return question.strip(), option.strip()


def answer_value(text: str) -> AnswerValue:
    """Read an answer value; `n/a` is accepted for `na`."""
    value = parse_choice(AnswerValue, "na" if text.strip().lower() == "n/a" else text)
    if value is None:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not an answer; use one of {choices}").format(
                text=text, choices=", ".join(v.value for v in AnswerValue)
            )
        )
    return value
