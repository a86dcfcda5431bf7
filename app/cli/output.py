"""What the command line prints: every line passes through app.terminal first."""

from __future__ import annotations

import json
import sys
from typing import Any

from app.terminal import for_terminal, json_for_terminal


def out(text: str) -> None:
    """Print to standard output; what a terminal would obey is shown escaped (app/terminal)."""
    print(for_terminal(text, keep_newlines=True))


def warn(text: str) -> None:
    """Print a warning line to standard error."""
    print(f"warning: {for_terminal(text)}", file=sys.stderr)


def error(text: str) -> None:
    """Print an `error:` line to standard error, one line whatever the text holds."""
    print(f"error: {for_terminal(text)}", file=sys.stderr)


def print_json(data: Any) -> None:
    """Print a JSON document."""
    print(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)))
