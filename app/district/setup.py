"""Setting a district workspace up: its roles, privileges, schema and policies, all idempotent.

`init_server` can run any number of times: on a new database it makes everything; on one set up
before it changes nothing, or, after the app was upgraded, brings the schema and the policies up
to the new version. It all happens in one transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import Connection, text

from app.district import policies
from app.district.connection import driver_connection
from app.district.memberships import sync_everyone
from app.errors import WorkspaceError
from app.i18n import _
from app.migrations import HEAD_REVISION

# The functions that make a large object (PostgreSQL grants them to everyone in each database).
_LARGE_OBJECT_MAKERS = (
    "pg_catalog.lo_creat(integer)",
    "pg_catalog.lo_create(oid)",
    "pg_catalog.lo_from_bytea(oid, bytea)",
)


@dataclass(frozen=True)
class InitResult:
    """What `init_server` did: the roles it made, and the schema before and after."""

    created_roles: tuple[str, ...]
    revision_before: str | None
    revision_after: str


def _role_exists(conn: Connection, name: str) -> bool:
    return bool(
        conn.execute(
            text("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :name)"), {"name": name}
        ).scalar_one()
    )


def _ensure_roles(conn: Connection) -> tuple[str, ...]:
    """The owner and the group roles people's logins are members of, with just the powers needed."""
    raw = driver_connection(conn)
    created = []
    wanted = {
        # Runs the migrations, which must see every row (see `app.district.policies`).
        policies.OWNER_ROLE: "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS",
    }
    # Nobody logs in as a group role: people's logins are their members (`memberships`).
    for group in policies.GROUP_ROLES:
        wanted[group] = "NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    for role, options in wanted.items():
        name = sql.Identifier(role)
        if not _role_exists(conn, role):
            raw.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(name))
            created.append(role)
        raw.execute(sql.SQL("ALTER ROLE {} {}").format(name, sql.SQL(options)))
    return tuple(created)


def _restrict_database(conn: Connection) -> None:
    """Only the district's people connect; no one but the owner makes anything, large objects too.

    Every person who can log in is a member of the person role; the app's role had these
    privileges before the person role existed, and gives them no more.
    """
    raw = driver_connection(conn)
    database = sql.Identifier(str(conn.execute(text("SELECT current_database()")).scalar_one()))
    owner, person = sql.Identifier(policies.OWNER_ROLE), sql.Identifier(policies.PERSON_ROLE)
    app = sql.Identifier(policies.APP_ROLE)
    raw.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC, {}").format(database, app))
    raw.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(database, owner, person))
    raw.execute(sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    raw.execute(sql.SQL("REVOKE ALL ON SCHEMA public FROM {}").format(app))
    raw.execute(sql.SQL("GRANT USAGE, CREATE ON SCHEMA public TO {}").format(owner))
    raw.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(person))
    # Large objects live in pg_largeobject, out of the policies' reach; the app keeps none.
    for function in _LARGE_OBJECT_MAKERS:
        raw.execute(sql.SQL("REVOKE EXECUTE ON FUNCTION {} FROM PUBLIC").format(sql.SQL(function)))


def _own_tables(conn: Connection) -> None:
    """Hand the workspace's tables and functions to the owner.

    Tables the app migrated as someone else, or a dump restored without its owners, become the
    owner's again; so do the policies' functions, which the owner must be able to replace.
    """
    raw = driver_connection(conn)
    ours = set(policies.classified_tables()) | set(policies.MIGRATION_TABLES)
    rows = conn.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
            " AND pg_get_userbyid(c.relowner) <> :owner"
        ),
        {"owner": policies.OWNER_ROLE},
    ).scalars()
    for table in sorted(set(rows) & ours):
        raw.execute(
            sql.SQL("ALTER TABLE public.{} OWNER TO {}").format(
                sql.Identifier(table), sql.Identifier(policies.OWNER_ROLE)
            )
        )
    for signature in policies.function_signatures():
        owner = conn.execute(
            text(
                "SELECT pg_get_userbyid(proowner) FROM pg_proc"
                " WHERE oid = to_regprocedure(:signature)"
            ),
            {"signature": signature.as_string(raw)},
        ).scalar()
        if owner is not None and owner != policies.OWNER_ROLE:
            raw.execute(
                sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(
                    signature, sql.Identifier(policies.OWNER_ROLE)
                )
            )


def _migrate(conn: Connection) -> str | None:
    """Bring the schema to this version's; the revision it had (None: a new database)."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    from app.migrations import alembic_config, current_revision

    before = current_revision(conn)
    if before == HEAD_REVISION:
        return before
    config = alembic_config(conn)
    if before is not None:
        try:
            known = ScriptDirectory.from_config(config).get_revision(before) is not None
        except CommandError:
            known = False
        if not known:
            raise WorkspaceError(
                _(
                    "the district workspace was set up by a newer version of Compliance Desk "
                    "(schema {revision}); install that version to set it up"
                ).format(revision=before)
            )
    command.upgrade(config, "head")
    return before


def init_server(conn: Connection) -> InitResult:
    """Set up (or bring up to date) the district workspace `conn` reaches, as a superuser.

    Raises:
        WorkspaceError: the database holds a newer version's schema.
    """
    created = _ensure_roles(conn)
    _restrict_database(conn)
    _own_tables(conn)
    raw = driver_connection(conn)
    raw.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(policies.OWNER_ROLE)))
    before = _migrate(conn)
    policies.apply_policies(raw)
    raw.execute(sql.SQL("RESET ROLE"))
    # A district set up before the reader role: its auditors stop being writers.
    sync_everyone(conn)
    return InitResult(created_roles=created, revision_before=before, revision_after=HEAD_REVISION)
