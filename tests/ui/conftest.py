"""GUI fixtures: a context on a fresh workspace, modal prompts answered by the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.checklists import Checklist, load_checklist_file
from app.dto import AssessmentSnapshot
from app.services import assessments
from app.settings import Settings
from app.workspace import Workspace
from tests.conftest import ROOT
from tests.ui.catalogues import compile_catalogue, install_catalogue
from ui import prompts
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.tasks import InlineTaskRunner


class PromptLog:
    """What the GUI would have shown in modal boxes, and the answers tests give to questions."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.open_paths: list[Path | None] = []
        self.save_paths: list[Path | None] = []
        self.confirmations: list[bool] = []
        self.questions: list[tuple[str, str]] = []


@pytest.fixture(autouse=True)
def prompt_log(monkeypatch: pytest.MonkeyPatch) -> PromptLog:
    """Record modal messages instead of blocking; forbid real `exec()` dialogs."""
    log = PromptLog()
    monkeypatch.setattr(
        prompts,
        "show_error",
        lambda parent, title, text, details="": log.errors.append((title, text)),
    )
    monkeypatch.setattr(
        prompts, "show_info", lambda parent, title, text: log.infos.append((title, text))
    )

    def ask_open(parent, title, name_filter):
        assert log.open_paths, "the test did not say which file to open"
        return log.open_paths.pop(0)

    def ask_save(parent, title, suggested, name_filter, **_options):
        assert log.save_paths, "the test did not say where to save"
        return log.save_paths.pop(0)

    def confirm(parent, title, text, **_options):
        assert log.confirmations, f"unexpected question: {text}"
        log.questions.append((title, text))
        return log.confirmations.pop(0)

    monkeypatch.setattr(prompts, "ask_open_path", ask_open)
    monkeypatch.setattr(prompts, "ask_save_path", ask_save)
    monkeypatch.setattr(prompts, "confirm", confirm)

    def no_exec(self: QDialog) -> int:
        raise AssertionError(f"{type(self).__name__}.exec() would block a test; use open()")

    monkeypatch.setattr(QDialog, "exec", no_exec)
    return log


@pytest.fixture(scope="session", autouse=True)
def _no_system_keyring() -> None:
    """Keyring's "fail" backend, as on a system without one.

    No test reads or writes the real keyring of whoever runs them; a test that needs one sets
    its own (test_district_connect).
    """
    keyring.set_keyring(fail.Keyring())


@pytest.fixture(scope="session", autouse=True)
def _english_plurals(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The English catalogue, which holds only plural forms: "1 event" and "2 events".

    The source words say "%n event(s)"; the window in English shows them through this
    catalogue, as German shows them through its own.
    """
    translator = install_catalogue(compile_catalogue("en", tmp_path_factory.mktemp("catalogues")))
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture(scope="session")
def vc_checklist() -> Checklist:
    return load_checklist_file(ROOT / "checklists" / "vc-security-privacy.yaml").checklist


@pytest.fixture
def ctx(workspace: Workspace) -> AppContext:
    return AppContext(
        workspace.paths, workspace, Settings(user_name="Tess Tester"), InlineTaskRunner()
    )


MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, workspace: Workspace) -> Iterator[MakeWindow]:
    """Build a main window on the test workspace (a new context each time, as a new start)."""

    def make(on: Workspace | None = None) -> MainWindow:
        ws = workspace if on is None else on
        context = AppContext(ws.paths, ws, Settings(user_name="Tess Tester"), InlineTaskRunner())
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make


@pytest.fixture
def vc_assessment(workspace: Workspace, vc_checklist: Checklist) -> AssessmentSnapshot:
    """A fresh assessment of the security-and-privacy checklist: Zoom, under-13s, recorded, NY."""
    with workspace.write() as session:
        return assessments.create_assessment(
            session,
            vc_checklist,
            title="Spring review",
            organisation="Hillside Primary",
            assessor="Ada",
            actor="tester",
            scope={
                "platform": "zoom",
                "students": "under13",
                "recording": "yes",
                "jurisdiction": "us-ny",
            },
        )
