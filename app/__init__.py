"""Compliance Desk core: checklists, the workspace, the rules and the command line, free of Qt."""

from __future__ import annotations

__version__ = "0.1.0"
