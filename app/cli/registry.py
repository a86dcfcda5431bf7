"""How a command joins the command line: its words and the function that runs it, in one place.

Each module in `app/cli/commands/` adds its parsers and binds each one to its function with
`set_defaults(run=...)`, so a command can't be parsed without something to run it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from app.i18n import _
from app.paths import Paths
from app.values import AnswerValue, parse_choice

if TYPE_CHECKING:
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction

Command = Callable[[argparse.Namespace, Paths], int]


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
