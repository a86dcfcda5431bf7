"""Every help page of the command line, in English and German, word for word as recorded.

The parser is built from each command's words alone, without the code that runs the command; these
pages hold it to what `--help` printed when each area's module built its own parser, so a command
whose words went missing or changed on the way shows up here. After a deliberate change of the
words, write the pages again with `.venv/bin/python -m tests.app.test_cli_help_pages`.

The pages are compared word by word, not space by space: argparse lays its columns out differently
from one Python to the next (3.13 keeps a long subcommand's name and help on one line), and the
words are what this test is for.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.parser import build_parser
from app.i18n import use_language
from tests.conftest import ROOT

PAGES = ROOT / "tests" / "fixtures" / "cli_help"
LANGUAGES = ("en", "de")
WIDTH = "100"  # argparse wraps at $COLUMNS: the recorded pages and the test use the same width


def _parsers(
    parser: argparse.ArgumentParser, words: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """The parser of the top level and of every command and subcommand, depth first."""
    yield words, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, (*words, name))


def _words_by_page(text: str) -> dict[str, str]:
    """Each page's words with runs of spaces and line breaks made one space, under its title."""
    parts = re.split(r"^(=== .* ===)$", text, flags=re.MULTILINE)[1:]
    pages = {
        title: " ".join(body.split()) for title, body in zip(parts[::2], parts[1::2], strict=True)
    }
    return pages


def help_pages(language: str) -> str:
    """Every `--help` page, each under a line naming its words."""
    use_language([language])
    pages = [
        f"=== {' '.join(words) or '(top)'} ===\n{parser.format_help()}"
        for words, parser in _parsers(build_parser())
    ]
    return "".join(pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_help_page_reads_as_recorded(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", WIDTH)
    recorded = (PAGES / f"{language}.txt").read_text("utf-8")
    assert _words_by_page(help_pages(language)) == _words_by_page(recorded)


def test_the_recorded_pages_cover_every_command() -> None:
    recorded = (PAGES / "en.txt").read_text("utf-8")
    titles = [line for line in recorded.splitlines() if line.startswith("=== ")]
    assert len(titles) >= 40
    assert {"=== export ===", "=== verify ===", "=== action add ===", "=== gui ==="} <= set(titles)


if __name__ == "__main__":
    os.environ["COLUMNS"] = WIDTH
    PAGES.mkdir(parents=True, exist_ok=True)
    for code in LANGUAGES:
        path: Path = PAGES / f"{code}.txt"
        path.write_text(help_pages(code), "utf-8")
