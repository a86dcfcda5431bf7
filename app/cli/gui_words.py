"""The words that start the GUI, read without building the whole command line's parser.

Building that parser loads each command's module: time the window shouldn't wait for.
"""

from __future__ import annotations

import argparse
from typing import NoReturn


class _NotTheGuiError(Exception):
    """The words are more than the GUI's: the whole parser is needed."""


class _GuiWords(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheGuiError(message)


def gui_words(words: list[str]) -> argparse.Namespace | None:
    """The GUI's words (`[--data-dir DIR] [--database-url URL] [gui]`), read on their own.

    Building it loads each command's module: time the window shouldn't wait for. Anything else
    (a command, --help, a mistake) returns None, for the whole parser to read and answer.
    """
    parser = _GuiWords(add_help=False)
    parser.add_argument("--data-dir")
    parser.add_argument("--database-url")
    parser.add_argument("command", nargs="?", choices=["gui"])
    try:
        args, rest = parser.parse_known_args(words)
    except _NotTheGuiError:
        return None
    return None if rest else args
