"""What every part of the GUI is handed: the workspace, the data folder, preferences, the runner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from app.paths import Paths
from app.settings import Settings, save_settings
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.workspace import Workspace

UI_STATE_FILE = "window-state.ini"


class AppContext:
    """Passed down explicitly from `ui.application`; there are no globals.

    Window geometry and layout live in an INI file in the data folder (not the platform's
    settings store), because the app writes nothing outside that folder.
    """

    def __init__(
        self, paths: Paths, workspace: Workspace, settings: Settings, runner: TaskRunner
    ) -> None:
        self.paths = paths
        self.workspace = workspace
        self.settings = settings
        self.runner = runner
        self.ui_state = QSettings(str(paths.data_dir / UI_STATE_FILE), QSettings.Format.IniFormat)

    @property
    def actor(self) -> str:
        """The name recorded with changes made in the app.

        On the district it is the signed-in person's name, whatever this laptop saved.
        """
        return self.workspace.person_name or self.settings.actor

    def update_settings(self, settings: Settings) -> None:
        """Save new preferences (raises UserError when a value is refused)."""
        self.settings = save_settings(self.paths, settings)
