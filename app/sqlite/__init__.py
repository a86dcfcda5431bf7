"""The SQLite backend's own work: copies of the file, restores, error messages.

`app.sqlite.workspace` opens the file (pragmas, transactions, migrations); everything here knows
it is SQLite. The rest of the core uses portable SQLAlchemy through `app.workspace`.
"""

from __future__ import annotations

# Every SQLite file starts with these 16 bytes.
SQLITE_HEADER = b"SQLite format 3\x00"
# How long a connection waits for another process's write lock before saying the file is busy.
BUSY_TIMEOUT_SECONDS = 10.0
