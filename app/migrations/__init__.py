"""Alembic migrations of the workspace schema, shipped as package data and run at start-up.

`HEAD_REVISION` lets start-up see that a workspace is current without importing Alembic; a test
keeps it equal to the scripts' head.
"""

from __future__ import annotations

from pathlib import Path

HEAD_REVISION = "0010"
SCRIPT_LOCATION = Path(__file__).resolve().parent
