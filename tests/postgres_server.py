"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder.

The district workspace runs on PostgreSQL, so its tests need a real server, not a stand-in: row
level security, roles and concurrent writers behave only in the real thing. The server listens on
a Unix socket in its own folder (no TCP port, so parallel runs can't collide) and is stopped when
the test session ends. It is started once per session; each test gets a database of its own.

When the server programs are missing the tests fail, naming the package to install: CI installs
it (`.ci/run`), and a skipped test would hide that the district workspace went untested.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

# Debian keeps the server's programs out of the PATH, in one folder per major version.
_DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"
SUPERUSER = "postgres"
# Logins made members of this role must give their password on the socket (everyone else is
# trusted there): what a wrong password does is tested on them.
PASSWORD_LOGINS = "password_logins"


class PostgresMissingError(RuntimeError):
    """The PostgreSQL server programs are not installed on this machine."""


def server_binaries() -> Path:
    """The folder holding `initdb`, `pg_ctl` and `postgres` (the newest major version)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    folders = sorted(
        (Path(p) for p in glob.glob(_DEBIAN_BINARIES) if (Path(p) / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if folders:
        return folders[-1]
    raise PostgresMissingError(
        "the district workspace tests need a PostgreSQL server: install it "
        "(on Debian or Ubuntu: sudo apt install postgresql), or run them through .ci/run"
    )


@dataclass
class PostgresServer:
    """A running throwaway cluster; `url(db)` gives a SQLAlchemy URL for one of its databases."""

    folder: Path
    binaries: Path
    port: int = 5432  # also the socket's name (.s.PGSQL.<port>)

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str, user: str = SUPERUSER, password: str | None = None) -> str:
        """A `postgresql+psycopg` URL reaching `database` as `user` through the socket."""
        credentials = user if password is None else f"{user}:{password}"
        port = "" if self.port == 5432 else f"&port={self.port}"
        return f"postgresql+psycopg://{credentials}@/{database}?host={self.socket_dir}{port}"

    def create_database(self, prefix: str = "test") -> str:
        """A new empty database with a unique name; returns the name."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return name

    def psql(self, database: str, sql: str) -> str:
        """Run `sql` as the superuser with psql; its output, or an error with psql's message."""
        result = subprocess.run(
            [
                str(self._psql()),
                "-X",
                "-q",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                str(self.socket_dir),
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                "-d",
                database,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout

    def _psql(self) -> Path:
        beside = self.binaries / "psql"
        return beside if beside.exists() else Path(shutil.which("psql") or "psql")

    def require_password(self, login: str) -> None:
        """Make `login` give its password on the socket from now on (`PASSWORD_LOGINS`)."""
        self.psql(
            "postgres",
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
            f"'{PASSWORD_LOGINS}') THEN CREATE ROLE {PASSWORD_LOGINS} NOLOGIN; END IF; END $$",
        )
        self.psql("postgres", f'GRANT {PASSWORD_LOGINS} TO "{login}"')

    def stop(self) -> None:
        _run_as_owner(
            [str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "stop"],
            self.folder,
        )


def start_server(folder: Path, tcp_port: int | None = None) -> PostgresServer:
    """Create a cluster in `folder` and start it; trust authentication on its socket only.

    `tcp_port`: listen on localhost at that port too (docs/screenshots.py shows a server
    by name there, not by a temporary socket folder); the tests never do.

    PostgreSQL refuses to run as root, so under root (CI containers) the cluster belongs to
    `nobody` and its programs run as that user.
    """
    binaries = server_binaries()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "socket").mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, user="nobody")
        shutil.chown(folder / "socket", user="nobody")
        folder.chmod(0o755)
    data = folder / "data"
    _run_as_owner(
        [
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        folder,
    )
    # Before initdb's own lines, which trust everyone on the socket: the first line that
    # matches decides. The role need not exist yet (`require_passwords` makes it).
    hba = data / "pg_hba.conf"
    hba.write_text(
        f"local all +{PASSWORD_LOGINS} scram-sha-256\n" + hba.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    listen = "''" if tcp_port is None else f"localhost -p {tcp_port}"
    options = (
        f"-k {folder / 'socket'} -c listen_addresses={listen} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    )
    _run_as_owner(
        [
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "server.log"),
            "-w",
            "start",
        ],
        folder,
    )
    return PostgresServer(folder=folder, binaries=binaries, port=tcp_port or 5432)


def _run_as_owner(command: list[str], folder: Path) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "nobody", "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=folder)
    if result.returncode != 0:
        log = folder / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        sys.stderr.write(tail)
        raise RuntimeError(
            f"{Path(command[-1]).name if command else 'command'} failed: "
            f"{result.stderr.strip() or result.stdout.strip()}"
        )
