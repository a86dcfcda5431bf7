"""Opening a workspace file behind the app's back, as a tamperer or another tool would."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def raw_sqlite(path: Path | str, **options: Any) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection: committed when the block ends well, and always closed.

    `with sqlite3.connect(...)` only commits; the connection stays open until it is collected,
    which Python 3.13 reports as an unclosed database.
    """
    db = sqlite3.connect(path, **options)
    try:
        with db:
            yield db
    finally:
        db.close()
