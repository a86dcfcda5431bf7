"""What the command line prints: every line passes through app.terminal first."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from app.terminal import for_terminal, json_for_terminal


def out_line(text: str) -> None:
    """Print a one-line message: every control in it, line breaks too, is shown escaped.

    Messages put values into a sentence (a file name, a path, a person's name): a line break
    in a value must not start a line of its own, which could pass for the program's output.
    """
    print(for_terminal(text))


def out(block: str) -> None:
    """Print a block of lines laid out by `app/cli/render/`, which escaped each value in it.

    Only the block's own line breaks pass; everything else a terminal would obey is escaped.
    One-line messages go through `out_line`.
    """
    print(for_terminal(block, keep_newlines=True))


def warn(text: str) -> None:
    """Print a warning line to standard error."""
    print(f"warning: {for_terminal(text)}", file=sys.stderr)


def error(text: str) -> None:
    """Print an `error:` line to standard error, one line whatever the text holds."""
    print(f"error: {for_terminal(text)}", file=sys.stderr)


def print_json(data: Any) -> None:
    """Print a JSON document."""
    print(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)))


class _WarningLines(logging.Handler):
    """Log warnings (a settings file ignored, say) shown as `warning:` lines, escaped."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:  # failures are the `error:` line's, and the log's
            return
        try:
            warn(record.getMessage())
        except Exception:  # a warning must never be what fails a command
            self.handleError(record)


_warning_lines = _WarningLines(logging.WARNING)


def show_log_warnings() -> None:
    """Print the core's log warnings as `warning:` lines, not as logging's bare fallback text.

    Without a handler, Python prints a warning raw to standard error; a path or a value in it
    could then hold a line break or an escape sequence that reaches the terminal as it is.
    Only the app's own loggers (`app.*`) are shown: the libraries' notes are for the log file.
    """
    core = logging.getLogger("app")
    if _warning_lines not in core.handlers:
        core.addHandler(_warning_lines)
