"""Help > About: version, data folder, and every bundled part with its licence text."""

from __future__ import annotations

from PySide6.QtGui import QAction

from app import __version__
from ui.dialogs.about_dialog import AboutDialog
from ui.main_window import MainWindow


def _about_action(window: MainWindow) -> QAction:
    (action,) = [a for a in window.findChildren(QAction) if a.text() == "&About Compliance Desk"]
    return action


def test_about_shows_version_data_folder_and_licences(qtbot, make_window) -> None:
    window = make_window()
    _about_action(window).trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert __version__ in dialog.title_label.text()
    assert str(window.ctx.paths.data_dir) in dialog.data_label.text()
    rows = dialog.rows()
    assert rows[0] == ("compliance-desk", __version__, "MIT", "This app")
    by_name = {name: (version, licence, what) for name, version, licence, what in rows}
    assert by_name["Qt"][1:] == ("LGPL-3.0-only", "Window toolkit")
    assert by_name["DejaVu fonts"][2] == "Fonts"
    assert by_name["SQLAlchemy"][1:] == ("MIT", "Python package")
    assert by_name["pyHanko"][1] == "MIT"
    assert "pytest" not in by_name
    # The first row is chosen: its licence is shown.
    assert "Permission is hereby granted" in dialog.licence_text.toPlainText()


def test_choosing_a_row_shows_its_licence_text(qtbot, make_window) -> None:
    window = make_window()
    _about_action(window).trigger()
    dialog = window.findChild(AboutDialog)
    names = [row[0] for row in dialog.rows()]
    dialog.table.selectRow(names.index("Qt"))
    shown = dialog.licence_text.toPlainText()
    assert shown.startswith("Qt ")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in shown
    assert "GNU GENERAL PUBLIC LICENSE" in shown
    assert "can be replaced" in shown
    dialog.table.selectRow(names.index("DejaVu fonts"))
    assert "Bitstream Vera" in dialog.licence_text.toPlainText()


def test_about_again_brings_the_open_box_forward(qtbot, make_window) -> None:
    window = make_window()
    _about_action(window).trigger()
    _about_action(window).trigger()
    assert len(window.findChildren(AboutDialog)) == 1
