"""File > Connect to district workspace, against the throwaway PostgreSQL server.

The district is set up as its IT would (`server init`, schools, people); Ada, a coordinator,
connects from the window with her own login, which must give its password on the server's
socket (`PostgresServer.require_password`). The keyring is an in-memory one, or keyring's own
"fail" backend for a system that has none: no test reaches the real keyring.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.cli.gui_words import gui_words
from app.district_login import DistrictLogin
from app.paths import Paths
from app.server_passwords import KEYRING_SERVICE
from app.services import assessments
from app.settings import SETTINGS_FILE, Settings, load_settings, save_settings
from tests.postgres_server import PostgresServer
from tests.server.district import PASSWORD, District, set_up_district
from tests.ui.memory_keyring import MemoryKeyring
from tests.ui.test_assessment_workflow import open_view
from ui.announcements import announcer
from ui.application import build_main_window
from ui.main_window import MainWindow

pytestmark = pytest.mark.posix  # a throwaway PostgreSQL server, run as nobody under root


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def district(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> Iterator[District]:
    made = set_up_district(postgres_server, postgres_database, tmp_path / "district-evidence")
    postgres_server.require_password(made.login("ada"))
    try:
        yield made
    finally:
        made.dispose()


@pytest.fixture(autouse=True)
def _district_closed(make_window) -> Iterator[None]:
    """Whatever workspace a window was left on is closed: its server connections go too.

    So is a laptop's workspace File > Use this laptop's workspace opened afresh: left open, its
    SQLite connections are found unclosed when collected (Python 3.13 warns of them).
    """
    yield
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow):
            window.ctx.workspace.close()


@pytest.fixture
def said() -> Iterator[list[str]]:
    heard: list[str] = []

    def hear(text: str, _assertive: bool) -> None:
        heard.append(text)

    announcer.said.connect(hear)
    yield heard
    announcer.said.disconnect(hear)


def fill(dialog, district: District, password: str, *, remember: bool = False) -> None:
    dialog.host_edit.setText(str(district.server.socket_dir))
    dialog.database_edit.setText(district.database)
    dialog.user_edit.setText(district.login("ada"))
    dialog.password_edit.setText(password)
    if remember:
        dialog.remember_box.setChecked(True)


def connect_dialog(qtbot, window):
    window.connect_action.trigger()
    dialog = window.district.connect_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def district_title(district: District) -> str:
    return (
        f"Compliance Desk — district: {district.database}@{district.server.socket_dir} "
        f"({district.login('ada')})"
    )


def written_files(paths: Paths) -> str:
    """Every file the app wrote in the data folder (settings, logs), as text."""
    return "\n".join(
        f.read_text(encoding="utf-8", errors="replace")
        for f in paths.data_dir.rglob("*")
        if f.is_file() and f.suffix in (".json", ".log", ".ini", "")
    )


def test_connecting_opens_the_district_in_the_window_and_answers_land_in_postgresql(
    qtbot, make_window, workspace, district, vc_checklist, memory_keyring, said, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    window = make_window()
    assert window.windowTitle() == "Compliance Desk — this laptop"
    assert window.workspace_label.text() == "Workspace: this laptop"
    assert not window.laptop_action.isEnabled()
    dialog = connect_dialog(qtbot, window)
    assert dialog.remember_box.isVisible() and dialog.keyring_label.isHidden()
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    fill(dialog, district, PASSWORD, remember=True)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "the workspace is ready" in dialog.result_label.text()
    assert dialog.result_label.text() in said
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    assert window.windowTitle() == district_title(district)
    ada = district.login("ada")
    assert window.workspace_label.text() == (
        f"Workspace: district {district.database}@{district.server.socket_dir} ({ada})"
    )
    assert window.ctx.workspace.on_server and window.laptop_action.isEnabled()
    assert not window.backups_action.isEnabled()
    assert "pg_dump" in window.backups_action.toolTip()
    assert any("Connected to the district workspace" in line for line in said)
    # The URL is remembered without its password; the keyring keeps the password.
    url = load_settings(workspace.paths).database_url
    assert url.startswith(f"postgresql://{ada}@/{district.database}?host=")
    assert PASSWORD not in url
    assert memory_keyring.kept == {(KEYRING_SERVICE, url): PASSWORD}
    assert PASSWORD not in written_files(workspace.paths)
    assert caplog.records and PASSWORD not in caplog.text  # every logger, at every level

    # Ada starts an assessment (it is her school's) and answers an item from the keyboard.
    with window.ctx.workspace.write() as session:
        snap = assessments.create_assessment(
            session,
            vc_checklist,
            title="District review",
            organisation="Hillside School",
            assessor="Ada",
            actor="Ada",
            scope={
                "platform": "zoom",
                "students": "under13",
                "recording": "yes",
                "jurisdiction": "us-ny",
            },
        )
    window.refresh_assessments()
    view = open_view(qtbot, window, snap.id)
    assert window.windowTitle() == f"District review (Hillside School) — {district_title(district)}"
    item = view.current_item_id()
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    rows = district.server.psql(
        district.database,
        f"SELECT value FROM answers WHERE assessment_id = '{snap.id}' AND item_id = '{item}'",
    )
    assert rows.split() == ["yes"]

    # On the district the bin is emptied by its IT, after pg_dump.
    window.recycle_bin_action.trigger()
    bin_dialog = window.workspace_actions.recycle_bin_dialog
    assert bin_dialog is not None
    assert not bin_dialog.empty_button.isEnabled()
    assert "pg_dump" in bin_dialog.empty_button.toolTip()
    bin_dialog.reject()


def test_a_wrong_password_is_one_line_in_the_dialog_and_nothing_changes(
    qtbot, make_window, workspace, district, memory_keyring, said
) -> None:
    window = make_window()
    dialog = connect_dialog(qtbot, window)
    fill(dialog, district, "not the password", remember=True)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    refusal = dialog.error_label.text()
    assert dialog.error_label.isVisible() and "\n" not in refusal
    assert "refused the login" in refusal
    assert "not the password" not in refusal
    assert refusal in said
    assert window.windowTitle() == "Compliance Desk — this laptop"
    assert not window.ctx.workspace.on_server
    assert load_settings(workspace.paths).database_url == ""
    assert memory_keyring.kept == {}
    assert "not the password" not in written_files(workspace.paths)
    # Test connection says the same, and a fixed password connects from the same dialog.
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "refused the login" in dialog.error_label.text()
    dialog.password_edit.setText(PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and window.ctx.workspace.on_server


def test_no_server_and_no_rights_are_said_in_one_line(
    qtbot, make_window, district, postgres_server, tmp_path
) -> None:
    window = make_window()
    dialog = connect_dialog(qtbot, window)
    fill(dialog, district, PASSWORD)
    dialog.host_edit.setText(str(tmp_path / "no-server-here"))
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    server = f"{tmp_path / 'no-server-here'}:5432/{district.database}"
    assert dialog.error_label.text().startswith(f"Can't reach the district server {server}: ")
    assert "\n" not in dialog.error_label.text()
    # No password typed, none kept: the server asks for one.
    dialog.host_edit.setText(str(district.server.socket_dir))
    dialog.password_edit.clear()
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    server = f"{district.server.socket_dir}:5432/{district.database}"
    assert dialog.error_label.text() == (
        f"The district server {server} needs the password of the login {district.login('ada')}: "
        "type it in the Password field."
    )
    # A login that is no one of the district's (no member of its app role) may not connect.
    stranger = f"stranger_{district.database}"
    postgres_server.psql("postgres", f"CREATE ROLE \"{stranger}\" LOGIN PASSWORD '{PASSWORD}'")
    postgres_server.require_password(stranger)
    dialog.user_edit.setText(stranger)
    dialog.password_edit.setText(PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    refusal = dialog.error_label.text()
    assert refusal.startswith(f"The district server {server} refused the login {stranger}: ")
    assert "permission denied" not in refusal and "FATAL" not in refusal  # the server's: logged
    assert "\n" not in refusal and PASSWORD not in refusal
    assert not window.ctx.workspace.on_server


def test_use_this_laptops_workspace_goes_back(
    qtbot, make_window, workspace, district, vc_assessment, memory_keyring
) -> None:
    login = DistrictLogin(str(district.server.socket_dir), district.database, district.login("ada"))
    memory_keyring.set_password(KEYRING_SERVICE, login.url(), "kept before")
    window = make_window()
    dialog = connect_dialog(qtbot, window)
    fill(dialog, district, PASSWORD)
    assert not dialog.remember
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert window.ctx.workspace.on_server
    assert window.assessments_page.table.model().rowCount() == 0  # Ada's school has none yet
    assert memory_keyring.kept == {}  # not to be remembered: the one kept before went too
    window.laptop_action.trigger()
    assert window.windowTitle() == "Compliance Desk — this laptop"
    assert not window.ctx.workspace.on_server and not window.laptop_action.isEnabled()
    assert window.backups_action.isEnabled() and "pg_dump" not in window.backups_action.toolTip()
    assert load_settings(workspace.paths).database_url == ""
    assert window.assessments_page.table.model().rowCount() == 1  # the laptop's own again
    # The dialog offers the last login again, without the password.
    dialog = connect_dialog(qtbot, window)
    assert dialog.user_edit.text() == district.login("ada")
    assert dialog.database_edit.text() == district.database
    assert dialog.password_edit.text() == ""
    dialog.reject()


def start_paths(tmp_path: Path, district: District, host: str | None = None) -> Paths:
    """A laptop's data folder whose settings name the district, as a connect leaves them."""
    paths = Paths(tmp_path / "laptop")
    paths.ensure()
    socket = host or str(district.server.socket_dir)
    url = DistrictLogin(socket, district.database, district.login("ada")).url()
    save_settings(paths, Settings(user_name="Ada", database_url=url))
    return paths


def test_a_kept_password_opens_the_district_at_start(
    qtbot, tmp_path, district, memory_keyring, monkeypatch
) -> None:
    monkeypatch.delenv("COMPLIANCE_DESK_DATABASE", raising=False)
    paths = start_paths(tmp_path, district)
    url = load_settings(paths).database_url
    memory_keyring.set_password(KEYRING_SERVICE, url, PASSWORD)
    window, workspace = build_main_window(str(paths.data_dir))
    qtbot.addWidget(window)
    assert workspace.on_server and window.windowTitle() == district_title(district)
    assert window.ask_password == ""
    assert PASSWORD not in json.dumps(json.loads((paths.data_dir / SETTINGS_FILE).read_text()))
    window.ctx.workspace.close()


def test_without_a_keyring_the_password_is_asked_for_each_time(
    qtbot, tmp_path, district, monkeypatch
) -> None:
    monkeypatch.delenv("COMPLIANCE_DESK_DATABASE", raising=False)
    paths = start_paths(tmp_path, district)
    window, workspace = build_main_window(str(paths.data_dir))
    qtbot.addWidget(window)
    # The laptop's workspace opens; the window asks for the password at once.
    assert not workspace.on_server
    assert window.ask_password == "Type your password to open the district workspace."
    window.show()
    window.district.show_connect(said=window.ask_password)
    dialog = window.district.connect_dialog
    assert dialog is not None
    assert dialog.remember_box.isHidden() and dialog.keyring_label.isVisible()
    assert "will not be remembered" in dialog.keyring_label.text()
    assert dialog.error_label.text() == "Type your password to open the district workspace."
    assert dialog.user_edit.text() == district.login("ada")
    dialog.password_edit.setText(PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert window.ctx.workspace.on_server
    assert window.windowTitle() == district_title(district)
    assert PASSWORD not in written_files(paths)
    window.ctx.workspace.close()


def test_an_unreachable_server_at_start_offers_the_laptops_workspace(
    qtbot, tmp_path, district, prompt_log, monkeypatch
) -> None:
    monkeypatch.delenv("COMPLIANCE_DESK_DATABASE", raising=False)
    paths = start_paths(tmp_path, district, host=str(tmp_path / "gone"))
    prompt_log.confirmations.append(True)
    window, workspace = build_main_window(str(paths.data_dir))
    qtbot.addWidget(window)
    ((title, question),) = prompt_log.questions
    assert title == "District workspace not available"
    assert question.startswith(f"Can't reach the district server {tmp_path / 'gone'}:5432/")
    assert question.endswith(
        "\n\nOpen this laptop's workspace instead? File > Connect to "
        "district workspace tries the district again."
    )
    assert not workspace.on_server
    assert window.windowTitle() == "Compliance Desk — this laptop"
    assert "this laptop's workspace is open" in window.statusBar().currentMessage()
    # The setting stays: File > Connect (or the next start) tries the district again.
    assert load_settings(paths).database_url.startswith("postgresql://")
    workspace.close()


def test_on_the_district_the_trail_names_the_person_signed_in_not_the_laptops_name(
    qtbot, make_window, workspace, district, vc_checklist, memory_keyring
) -> None:
    window = make_window()
    assert window.ctx.actor == "Tess Tester"  # this laptop's saved name
    dialog = connect_dialog(qtbot, window)
    fill(dialog, district, PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert window.ctx.workspace.on_server
    assert window.ctx.actor == "Ada Lovelace"

    with window.ctx.workspace.write() as session:
        snap = assessments.create_assessment(
            session,
            vc_checklist,
            title="District review",
            organisation="Hillside School",
            assessor="Ada",
            actor=window.ctx.actor,
            scope={
                "platform": "zoom",
                "students": "under13",
                "recording": "yes",
                "jurisdiction": "us-ny",
            },
        )
    window.refresh_assessments()
    view = open_view(qtbot, window, snap.id)
    item = view.current_item_id()
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    answered = district.server.psql(
        district.database,
        f"SELECT answered_by FROM answers WHERE assessment_id = '{snap.id}' AND item_id = '{item}'",
    )
    assert answered.strip() == "Ada Lovelace"
    actors = district.server.psql(
        district.database,
        f"SELECT actor FROM audit_events WHERE assessment_id = '{snap.id}' AND item_id = '{item}'",
    )
    assert actors.strip().splitlines() == ["Ada Lovelace"]

    # Back on this laptop's workspace, its saved name is recorded again.
    window.laptop_action.trigger()
    qtbot.waitUntil(lambda: not window.ctx.workspace.on_server)
    assert window.ctx.actor == "Tess Tester"


def test_the_database_url_given_to_the_gui_opens_that_workspace(
    qtbot, tmp_path, district, memory_keyring, monkeypatch
) -> None:
    monkeypatch.delenv("COMPLIANCE_DESK_DATABASE", raising=False)
    paths = start_paths(tmp_path, district)
    url = load_settings(paths).database_url
    save_settings(paths, Settings(user_name="Ada"))  # nothing saved: the words alone name it
    memory_keyring.set_password(KEYRING_SERVICE, url, PASSWORD)
    args = gui_words(["--data-dir", str(paths.data_dir), "--database-url", url, "gui"])
    assert args is not None and args.database_url == url
    window, workspace = build_main_window(args.data_dir, args.database_url)
    qtbot.addWidget(window)
    assert workspace.on_server and window.windowTitle() == district_title(district)
    window.ctx.workspace.close()


def test_connecting_as_a_superuser_says_it_bypasses_the_schools_rules(
    qtbot, make_window, district
) -> None:
    window = make_window()
    dialog = connect_dialog(qtbot, window)
    fill(dialog, district, "")
    dialog.user_edit.setText("postgres")  # the socket trusts it: no password
    warning = (
        "The login postgres is a superuser of the district server "
        f"{district.server.socket_dir}:5432/{district.database}, and a superuser bypasses the "
        "schools' access rules: connect with your own login, which the district's IT makes "
        "with server add-user."
    )
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text().endswith(" " + warning)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert window.ctx.workspace.on_server
    assert window.statusBar().currentMessage().endswith(" " + warning)
    # Ada, with her own login, is told nothing of the kind.
    dialog = connect_dialog(qtbot, window)
    fill(dialog, district, PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "superuser" not in window.statusBar().currentMessage()
