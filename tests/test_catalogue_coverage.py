"""Every string a person reads goes through a catalogue: `_()` in app/, `self.tr()` in ui/.

The check walks the source: the words of refusals (`raise SomethingError("...")`), of the command
line's output and help, and of the window's labels, titles, tooltips and messages. A literal there
is a sentence nobody can translate. Text without letters ("", ": ", "—") needs no catalogue; the
few literals a person reads on purpose untranslated are listed below, each with its reason.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from tests.conftest import ROOT

# (file, literal): shown as they are, on purpose.
APP_ALLOWED = {
    # The answer values typed on the command line, not words about them.
    ("app/cli/words/answers.py", "yes | partial | no | na | unanswered"),
    # The line prefixes of the command-line contract, which scripts match: never translated.
    ("app/cli/output.py", "f'warning: {for_terminal(text)}'"),
    ("app/cli/output.py", "f'error: {for_terminal(text)}'"),
}
UI_ALLOWED = {
    # The name of the hash, as the command line and the report print it.
    ("ui/dialogs/history_dialog.py", "f'SHA-256 {event.hash}'"),
    ("ui/widgets/evidence_tab.py", "f'SHA-256 {entry.sha256}'"),
}

TRANSLATING_CALLS = {"_", "ngettext", "tr", "_tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}
# Calls in the command line whose string arguments are printed.
CLI_OUTPUT_CALLS = {"print", "out", "out_line", "error", "warn", "lines_text", "table"}
# Calls in the reports (PDF, Word, Excel) whose string arguments end up on the page.
REPORT_TEXT_CALLS = {
    "para",
    "Paragraph",
    "heading",
    "add_heading",
    "add_paragraph",
    "add_run",
    "cell",
    "drawString",
    "drawCentredString",
    "drawRightString",
}
# Keyword arguments whose text argparse shows.
ARGPARSE_WORDS = {"help", "description", "epilog", "title"}
# Qt calls whose string arguments are shown (constructors and setters of visible text).
QT_TEXT_CALLS = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setPlaceholderText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setTitle",
    "setLabelText",
    "setInformativeText",
    "setDetailedText",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "setSpecialValueText",
    "setSuffix",
    "setPrefix",
    "showMessage",
    "addItem",
    "addItems",
    "addAction",
    "addMenu",
    "addTab",
    "addRow",
    "insertItem",
    "information",
    "warning",
    "critical",
    "question",
    "QAction",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QToolButton",
    "QMessageBox",
    "QMenu",
}


def _has_words(text: str) -> bool:
    """Whether the text holds words: letters outside HTML tags and `{placeholders}`."""
    bare = re.sub(r"<[^<>]*>|\{[^{}]*\}|%[sd]", "", text)
    return any(ch.isalpha() for ch in bare)


@cache
def _user_errors() -> frozenset[str]:
    """The names of `UserError` and every class of app/ and ui/ derived from it."""
    bases: dict[str, set[str]] = {}
    for path in [*_sources("app"), *_sources("ui")]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    found = {"UserError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return frozenset(found)
        found |= more


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_logging(func: ast.expr) -> bool:
    """`log.warning(...)`: words for the log file, which stays in English for whoever reads it."""
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("log", "logger", "logging")
    )


def _untranslated(node: ast.expr) -> Iterator[ast.expr]:
    """The literals with words in `node` that no catalogue call wraps."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if _has_words(node.value):
            yield node
    elif isinstance(node, ast.JoinedStr):
        if any(
            isinstance(part, ast.Constant) and _has_words(str(part.value)) for part in node.values
        ):
            yield node
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                yield from _untranslated(part.value)
    elif isinstance(node, ast.Call):
        name = _name(node.func)
        if name in TRANSLATING_CALLS:
            return
        if name in ("format", "replace", "join", "arg") and isinstance(node.func, ast.Attribute):
            yield from _untranslated(node.func.value)
    elif isinstance(node, ast.BinOp):
        yield from _untranslated(node.left)
        yield from _untranslated(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _untranslated(node.body)
        yield from _untranslated(node.orelse)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for element in node.elts:
            yield from _untranslated(element)


def _findings(path: Path, calls: set[str], *, raises: bool, argparse_words: bool) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    relative = path.relative_to(ROOT).as_posix()
    found = set()
    for node in ast.walk(tree):
        shown: list[ast.expr] = []
        if (
            raises
            and isinstance(node, ast.Raise)
            and isinstance(node.exc, ast.Call)
            and _name(node.exc.func) in _user_errors()
        ):
            shown += node.exc.args
        if isinstance(node, ast.Call) and not _is_logging(node.func):
            if _name(node.func) in calls:
                shown += node.args
                shown += [k.value for k in node.keywords if k.arg in ("text", "title")]
            if argparse_words:
                shown += [k.value for k in node.keywords if k.arg in ARGPARSE_WORDS]
        for expr in shown:
            for literal in _untranslated(expr):
                text = ast.unparse(literal)
                key = literal.value if isinstance(literal, ast.Constant) else text
                if (relative, key) not in APP_ALLOWED | UI_ALLOWED:
                    found.add(f"{relative}:{literal.lineno}: {text}")
    return found


def _sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_the_cores_words_go_through_the_catalogue() -> None:
    found: set[str] = set()
    for path in _sources("app"):
        if "migrations" in path.parts:
            continue  # migration scripts say nothing to a person
        parts = path.relative_to(ROOT).parts
        in_cli = "cli" in parts
        calls = CLI_OUTPUT_CALLS if in_cli else set()
        if "report" in parts or "exports" in parts:
            calls = REPORT_TEXT_CALLS
        found |= _findings(path, calls, raises=True, argparse_words=in_cli)
    assert sorted(found) == []


def test_the_windows_words_go_through_the_catalogue() -> None:
    found: set[str] = set()
    for path in _sources("ui"):
        found |= _findings(path, QT_TEXT_CALLS, raises=True, argparse_words=False)
    assert sorted(found) == []


def test_the_check_sees_a_literal_and_passes_a_translated_one(tmp_path: Path) -> None:
    sample = ROOT / "tests" / "fixtures" / "catalogue_sample.py"
    found = _findings(sample, QT_TEXT_CALLS | CLI_OUTPUT_CALLS, raises=True, argparse_words=True)
    assert sorted(line.split(": ", 1)[1] for line in found) == [
        "'Cancelled'",
        "'Name'",
        "'bad value'",
        "'print JSON'",
        "f'no such item {item}'",
    ]


def _command_line_words(text: str) -> bool:
    return bool(re.search(r"(?<![\w-])--[a-z]|compliance-desk [a-z]", text))


def test_the_cores_messages_name_command_line_flags_only_in_the_command_lines_hint() -> None:
    """The window shows the core's messages too: a flag there is only for `command_hint`."""
    found = []
    for path in _sources("app"):
        if "cli" in path.relative_to(ROOT).parts:
            continue  # the command line's own words
        tree = ast.parse(path.read_text("utf-8"))
        hinted = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.keyword) and node.arg == "command_hint"
            for inner in ast.walk(node.value)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _name(node.func) in ("_", "ngettext")
                and id(node) not in hinted
                and any(
                    isinstance(arg, ast.Constant) and _command_line_words(str(arg.value))
                    for arg in node.args
                )
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
