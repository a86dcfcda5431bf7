"""Why a bundle is refused: one error kind, whose text names what failed."""

from __future__ import annotations

from app.errors import UserError


class BundleError(UserError):
    """A bundle that can't be read or fails a check; nothing was written because of it."""
