"""The district's pictures for the docs, on a throwaway PostgreSQL server (`screenshots district`).

Coordinator Ada connects (File > Connect to district workspace) and opens Hillside's review;
then the DPO connects and sees every school's assessments in the list's School column, and
Assessment > Move to school… for Hillside's review.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from app.checklists.library import load_library
from app.paths import Paths
from app.services import assessments
from app.settings import Settings
from app.workspace import open_workspace
from docs.demo_workspace import seed_demo
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.tasks import InlineTaskRunner

# The port the district's throwaway server listens on, on localhost only, while the pictures
# are taken.
DISTRICT_PORT = 55432
HILLSIDE = "Hillside Primary School"
RIVERSIDE = "Riverside Secondary School"
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Camera:
    """Where the pictures go, the window's size, and how to let the window draw first."""

    docs: Path
    size: tuple[int, int]
    settle: Callable[[], None]

    def window_with_title_bar(self, window: QWidget) -> QPixmap:
        """The window with its title bar, when a window manager draws one (else the window alone).

        The title says which workspace is open; under Xvfb, start one first:
        `xvfb-run -s "-screen 0 1920x1200x24" sh -c 'openbox & sleep 1; exec ...'`.
        """
        frame = window.frameGeometry()
        screen = window.screen()
        if frame.size() == window.size() or screen is None:
            return window.grab()
        window.raise_()
        window.activateWindow()
        self.settle()
        return screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())


def _fill_connect(window: MainWindow, user: str) -> Any:
    """File > Connect to district workspace, filled in for `user` on the throwaway server."""
    window.district.show_connect()
    dialog = window.district.connect_dialog
    assert dialog is not None
    dialog.host_edit.setText("localhost")
    dialog.port_spin.setValue(DISTRICT_PORT)
    dialog.database_edit.setText("compliance_desk")
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(PASSWORD)
    dialog.remember_box.setChecked(True)
    return dialog


def _dpo_pictures(camera: Camera, window: MainWindow, hillside_id: str) -> None:
    """As the DPO: the list with its School column, and Move to school… for Hillside's review."""
    dialog = _fill_connect(window, "dora.okafor")
    dialog.connect_button.click()
    camera.settle()
    workspace = window.ctx.workspace
    assert workspace.on_server, dialog.error_label.text()
    checklist = load_library(window.ctx.paths).find("e2ee-calls-meetings")
    for title, organisation, school in (
        ("Spring term review", RIVERSIDE, RIVERSIDE),
        ("District office review", "Springfield School District", None),
    ):
        with workspace.write() as session:
            assessments.create_assessment(
                session,
                checklist,
                title=title,
                organisation=organisation,
                assessor="Dora Okafor",
                actor="Dora Okafor",
                scope={"platform": "teams"},
                school=school,
            )
    window.refresh_assessments()
    window.assessments_page.select_assessment(hillside_id)
    camera.settle()
    camera.window_with_title_bar(window).save(str(camera.docs / "screenshot-district-list.png"))
    window.list_commands.school_move.action.trigger()
    move = window.list_commands.school_move.dialog
    assert move is not None
    move.school_combo.setCurrentIndex(move.school_combo.findText(RIVERSIDE))
    camera.settle()
    move.grab().save(str(camera.docs / "screenshot-district-move.png"))
    move.reject()


def district_pictures(docs: Path, size: tuple[int, int], settle: Callable[[], None]) -> None:
    """Connect as a coordinator, then as the DPO, and save the district's pictures in `docs`."""
    import keyring

    from app.district.connection import admin_connection, server_url
    from app.district.directory import add_person, add_school, grant_role
    from app.district.setup import init_server
    from tests.postgres_server import start_server
    from tests.ui.memory_keyring import MemoryKeyring

    camera = Camera(docs, size, settle)
    keyring.set_keyring(MemoryKeyring())  # as on a desktop with one: the box to tick shows
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tempfile.mkdtemp(prefix="cd-pg-"))  # as the tests': its user reaches it
        server = start_server(folder, tcp_port=DISTRICT_PORT)
        try:
            server.psql("postgres", "CREATE DATABASE compliance_desk")
            admin = server_url(server.url("compliance_desk"))
            with admin_connection(admin) as conn:
                init_server(conn)
            with admin_connection(admin) as conn:
                add_school(conn, HILLSIDE)
                add_school(conn, RIVERSIDE)
                add_person(conn, "Ada Lovelace", "ada.lovelace", PASSWORD)
                grant_role(conn, "ada.lovelace", "coordinator", HILLSIDE)
                add_person(conn, "Dora Okafor", "dora.okafor", PASSWORD)
                grant_role(conn, "dora.okafor", "dpo", None)
            paths = Paths(Path(tmp) / "data")
            workspace = open_workspace(paths)
            ctx = AppContext(
                paths, workspace, Settings(user_name="Ada Lovelace"), InlineTaskRunner()
            )
            window = MainWindow(ctx)
            window.resize(*size)
            window.show()
            dialog = _fill_connect(window, "ada.lovelace")
            dialog.test_button.click()
            settle()
            dialog.grab().save(str(docs / "screenshot-district-connect.png"))
            dialog.connect_button.click()
            settle()
            assert window.ctx.workspace.on_server, dialog.error_label.text()
            snap = seed_demo(window.ctx.workspace, window.ctx.paths)
            window.refresh_assessments()
            window.open_assessment(snap.id)
            view = window.view
            view.splitter.setSizes([size[0] * 11 // 20, size[0] * 9 // 20])
            view.select_item("students-central-account")
            settle()
            camera.window_with_title_bar(window).save(str(docs / "screenshot-district.png"))
            window.show_assessments()
            _dpo_pictures(camera, window, snap.id)
            window.close()
            window.ctx.workspace.close()
        finally:
            server.stop()
            shutil.rmtree(folder, ignore_errors=True)
