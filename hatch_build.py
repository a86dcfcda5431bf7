"""Compile the core's translations into the wheel, so an installed app speaks every language.

The gettext sources (`resources/locale/<lang>/LC_MESSAGES/*.po`) become `.mo` beside them with
Babel, a build requirement; the wheel takes them in with the rest of `resources/`. The window's
Qt catalogues (`.ts` -> `.qm`) need pyside6-lrelease, which comes with PySide6 rather than with
the build tools: `python3 dev.py catalogues` compiles those (and these) before a packaged build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CataloguesHook(BuildHookInterface):
    """Compile every `.po` whose `.mo` is missing or older, before the files are collected."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Write the `.mo` files into the source tree, where force-include picks them up."""
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path(self.root, "resources", "locale").glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            with po.open("rb") as source:
                catalogue = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalogue)
