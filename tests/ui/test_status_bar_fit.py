"""In German, the status bar's line naming the district workspace never runs over its neighbours.

A narrow window gives it less room than its text: it shows the start and the end, "…" between,
and holds the whole line in its tip (and its text, for a screen reader). So does the notice
of a draft just moved to the recycle bin, beside its Undo button; the save status stays whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from app.paths import Paths
from app.workspace import Workspace, open_workspace
from tests.postgres_server import PostgresServer
from tests.server.district import District, set_up_district
from tests.ui.catalogues import compile_catalogue, install_catalogue

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


@pytest.fixture
def german(tmp_path: Path) -> Iterator[None]:
    """The German catalogue installed while the test builds and reads its widgets."""
    translator = install_catalogue(compile_catalogue("de", tmp_path))
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def on_the_district(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> Iterator[Workspace]:
    """The district workspace opened as its coordinator ada, as the window opens it."""
    district: District = set_up_district(postgres_server, postgres_database, tmp_path / "files")
    url = district.server.url(district.database, district.login("ada"))
    workspace = open_workspace(replace(Paths(tmp_path / "ada"), workspace_url=url))
    try:
        yield workspace
    finally:
        workspace.close()
        district.dispose()


def test_the_district_line_is_cut_short_in_a_narrow_window_not_laid_over_the_rest(
    qtbot, german, make_window, on_the_district: Workspace
) -> None:
    window = make_window(on_the_district)
    label, saved = window.workspace_label, window.saved_label
    whole = label.text()
    assert whole.startswith("Arbeitsbereich: Bezirk ") and whole.endswith(")")
    window.resize(window.minimumWidth(), 600)
    qtbot.waitUntil(lambda: window.width() == window.minimumWidth())
    # With the notice of a draft just moved to the recycle bin beside them, its Undo button.
    notice = window.undo_notice
    notice.show_notice(
        "„Frühjahrsprüfung der Hillside Primary School“ in den Papierkorb verschoben."
    )
    QCoreApplication.processEvents()
    assert notice.isVisible() and notice.label.text().startswith("„Frühjahrsprüfung")
    assert notice.label.geometry().right() < notice.undo_button.geometry().left()
    assert notice.undo_button.width() >= notice.undo_button.sizeHint().width()
    assert notice.label.elided and notice.label.toolTip() == notice.label.text()
    assert notice.geometry().right() < label.geometry().left()
    assert label.geometry().right() < saved.geometry().left()
    assert saved.isVisible() and saved.width() >= saved.sizeHint().width()
    assert label.elided and label.toolTip() == whole and label.text() == whole
    shown = label.shown_text()
    assert shown.startswith("Arbeits") and "…" in shown and shown.endswith(")")

    window.resize(1900, 600)
    qtbot.waitUntil(lambda: window.width() == 1900)
    QCoreApplication.processEvents()
    assert not label.elided and label.toolTip() == "" and label.shown_text() == whole
