"""Row-level security of a district workspace: which rows a person's connection reaches.

Each person connects as their own PostgreSQL login; the database finds their grants by
`current_user` and lets them reach:

- a coordinator: the assessments of the schools they coordinate, and those assessments' rows;
- the district's DPO: every assessment, to read and change;
- an auditor: every assessment, to read only.

Only the DPO signs off: a sign-off row is added, and voided (a reopening), by a DPO's
connection alone, whatever the app does; a coordinator's sign-off is refused by the database
even as hand-written SQL. A sign-off is removed only with an assessment emptied from the
recycle bin, as the trail is, and by the DPO alone: nor can anyone else empty away the trail of
an assessment that was ever signed off.

Every table is classified below, and a test fails when one is not: a new table must say whose
rows it holds before it can be shipped. Rows that belong to an assessment (answers, actions,
evidence links, sign-offs, the trail) are reached through their `assessment_id`: a policy on
them asks whether the assessment is visible (its own policy decides) or changeable. The trail is
appended to and never changed; it goes only with an assessment emptied from the recycle bin.

Evidence content is stored once by its hash, however many schools attach the same file, so its
rows belong to no assessment: a person reads content only through an evidence link of an
assessment they see. Adding content that is already held (by a school the person can't see)
is skipped quietly by a trigger: refused as a duplicate, it would fail their attachment of the
same file. So knowing a file's hash counts as holding it (docs/district.md says so). Content is
removed only once no evidence row of any school links it. What every school reads under a hash
must be that content, whoever stored it first: a check at commit hashes content stored under a
hash (pieces numbered from 0, none missing) and refuses the transaction when it is other bytes,
so no one adds a piece to content others attach nor claims a hash in advance with other bytes;
the register's size is set from the content. Checklist copies, stored once by hash as well, are
taken only when their content hashes to it and their columns are its content's.

What a login may do to a table at all is its group roles' (`app.district.memberships` keeps
them to the person's grants), and the policies narrow it to rows:

- `PERSON_ROLE`, every person who can log in: connect, and read the schools and their own entry
  and grants (so one with no grant yet is told so);
- `READER_ROLE`, an auditor with no other grant: read the assessments' tables, nothing more.
  Only SELECT, so they can't lock a table against the schools' writes (LOCK TABLE in the
  stronger modes needs UPDATE or DELETE) nor use up a sequence (no USAGE on any);
- `APP_ROLE`, a coordinator or the DPO: read and write them.

The tables stay owned by `OWNER_ROLE`, which runs the migrations and so must see every row: it
has BYPASSRLS (as superusers do). `FORCE ROW LEVEL SECURITY` is on as well, so a table handed to
another owner is not left open. Every statement here names its tables in full and pins the
functions' search path, and the app role can create nothing, so no object of a person's making
can stand in for ours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from psycopg import Connection, sql

from app.district.policy_functions import COMMIT_CHECKS, FUNCTION_SIGNATURES, FUNCTIONS

OWNER_ROLE = "compliance_desk_owner"
APP_ROLE = "compliance_desk_app"
READER_ROLE = "compliance_desk_reader"
PERSON_ROLE = "compliance_desk_person"

# Tables whose rows each belong to one assessment, reached through their `assessment_id`.
ASSESSMENT_ROWS = ("answers", "actions", "evidence")
# Also an assessment's rows, but added and changed (voided) by the district's DPO only.
SIGNOFF_ROWS = ("signoffs",)
# The trail's tables: also an assessment's rows, but only ever added to (or emptied with it).
TRAIL_ROWS = ("audit_events", "line_events")


@dataclass(frozen=True)
class ContentTable:
    """A table of evidence content shared by hash: `hash_column` is what evidence rows link."""

    name: str
    key_columns: tuple[str, ...]

    @property
    def hash_column(self) -> str:
        """The column holding the content's SHA-256 (the first of the key)."""
        return self.key_columns[0]


CONTENT_TABLES = (
    ContentTable("evidence_blobs", ("sha256",)),
    ContentTable("evidence_chunks", ("sha256", "seq")),
)
# Checklist versions, read by all and added by anyone working: public texts, stored once by hash.
SHARED_TABLES = ("checklist_copies",)
# Who is who, changed only by the `server` commands: schools are read by all, a person reads
# only their own row and grants.
DIRECTORY_TABLES = ("schools", "people", "grants")
MIGRATION_TABLES = ("alembic_version",)


def classified_tables() -> tuple[str, ...]:
    """Every table the policies account for, each once."""
    return (
        "assessments",
        *ASSESSMENT_ROWS,
        *SIGNOFF_ROWS,
        *TRAIL_ROWS,
        *(t.name for t in CONTENT_TABLES),
        *SHARED_TABLES,
        *DIRECTORY_TABLES,
    )


# A policy: its command, its USING expression and its WITH CHECK expression.
Policy = tuple[str, str | None, str | None]

_ASSESSMENT_POLICIES: dict[str, Policy] = {
    "read": ("SELECT", "public.compliance_desk_can_see(school_id)", None),
    "add": ("INSERT", None, "public.compliance_desk_can_change(school_id)"),
    "change": (
        "UPDATE",
        "public.compliance_desk_can_change(school_id)",
        "public.compliance_desk_can_change(school_id)",
    ),
    "remove": ("DELETE", "public.compliance_desk_can_change(school_id)", None),
}
# `{table}` is filled with the table's quoted name.
_SEEN = "EXISTS (SELECT 1 FROM public.assessments a WHERE a.id = {table}.assessment_id)"
_CHANGED = (
    "EXISTS (SELECT 1 FROM public.assessments a WHERE a.id = {table}.assessment_id"
    " AND public.compliance_desk_can_change(a.school_id))"
)
_ROW_POLICIES: dict[str, Policy] = {
    "read": ("SELECT", _SEEN, None),
    "add": ("INSERT", None, _CHANGED),
    "change": ("UPDATE", _CHANGED, _CHANGED),
    "remove": ("DELETE", _CHANGED, None),
}
_SIGNED = _CHANGED + " AND public.compliance_desk_is_dpo()"
# Sign-offs and the trail are never removed by a person's connection (no DELETE is granted):
# emptying the recycle bin is off on the district, and allowed here it would let someone bin an
# assessment, cut its trail or sign-offs away and take it out of the bin again.
_SIGNOFF_POLICIES: dict[str, Policy] = {
    "read": ("SELECT", _SEEN, None),
    "add": ("INSERT", None, _SIGNED),
    "change": ("UPDATE", _SIGNED, _SIGNED),
}
_TRAIL_POLICIES: dict[str, Policy] = {
    "read": ("SELECT", _SEEN, None),
    "add": ("INSERT", None, _CHANGED),
}
# `{table}` as above, `{hash}` the quoted hash column.
_CONTENT_POLICIES: dict[str, Policy] = {
    "read": (
        "SELECT",
        "EXISTS (SELECT 1 FROM public.evidence e WHERE e.blob_sha256 = {table}.{hash})"
        " OR NOT public.compliance_desk_content_linked({table}.{hash})",
        None,
    ),
    "add": ("INSERT", None, "public.compliance_desk_can_change_some()"),
    "remove": (
        "DELETE",
        "public.compliance_desk_can_change_some()"
        " AND NOT public.compliance_desk_content_linked({table}.{hash})",
        None,
    ),
}
# A checklist copy is read by all, and added by those who work on assessments only as what its
# hash says, with the columns its content gives (a spoiled copy would be every school's).
_CHECKLIST_POLICIES: dict[str, Policy] = {
    "read": ("SELECT", "true", None),
    "add": (
        "INSERT",
        None,
        "public.compliance_desk_can_change_some()"
        " AND sha256 = pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(content, 'UTF8')),"
        " 'hex')"
        " AND checklist_id = (content::jsonb ->> 'id')"
        " AND version = (content::jsonb ->> 'version')"
        " AND title = (content::jsonb ->> 'title')"
        " AND item_count = (SELECT count(*) FROM"
        " pg_catalog.jsonb_array_elements(content::jsonb -> 'sections') s,"
        " pg_catalog.jsonb_array_elements(s -> 'items') i)",
    ),
}
_DIRECTORY_POLICIES: dict[str, dict[str, Policy]] = {
    "people": {"read": ("SELECT", "login = current_user", None)},
    "grants": {
        "read": (
            "SELECT",
            "person_id IN (SELECT p.id FROM public.people p WHERE p.login = current_user)",
            None,
        )
    },
}
# What the app role may do to each kind of table (row-level security narrows it further).
_ALL = "SELECT, INSERT, UPDATE, DELETE"
_PRIVILEGES = {
    "assessments": _ALL,
    **dict.fromkeys(ASSESSMENT_ROWS, _ALL),
    # A sign-off changes only by being voided (a reopening): its assessment, number, signer and
    # fingerprint stay as signed, so no one moves it to another assessment.
    **dict.fromkeys(SIGNOFF_ROWS, "SELECT, INSERT, UPDATE (voided_at, voided_by, void_reason)"),
    **dict.fromkeys(TRAIL_ROWS, "SELECT, INSERT"),
    **{t.name: "SELECT, INSERT, DELETE" for t in CONTENT_TABLES},
    **dict.fromkeys(SHARED_TABLES, "SELECT, INSERT"),
}
# The reader role's: the same tables, to read only.
_READER_PRIVILEGES = dict.fromkeys(_PRIVILEGES, "SELECT")
# Every person's: the directory, and the schema's revision the app checks on opening.
_PERSON_PRIVILEGES = dict.fromkeys((*DIRECTORY_TABLES, *MIGRATION_TABLES), "SELECT")
# The functions the reader's policies (the SELECT ones) call.
_READER_FUNCTIONS = (
    "public.compliance_desk_can_see(integer)",
    "public.compliance_desk_content_linked(text)",
)
GROUP_ROLES = (APP_ROLE, READER_ROLE, PERSON_ROLE)


def _table(name: str) -> sql.Composed:
    return sql.SQL("public.{}").format(sql.Identifier(name))


def _keep_known_function(table: ContentTable) -> sql.Composed:
    """The trigger function that skips adding content already held (see the module's text)."""
    same_key = sql.SQL(" AND ").join(
        sql.SQL("t.{col} = NEW.{col}").format(col=sql.Identifier(c)) for c in table.key_columns
    )
    return sql.SQL(
        """
        CREATE OR REPLACE FUNCTION {function}()
        RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp
        AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM {table} t WHERE {same_key}) THEN
                RETURN NULL;
            END IF;
            RETURN NEW;
        END
        $$
        """
    ).format(
        function=_keep_known_name(table),
        table=_table(table.name),
        same_key=same_key,
    )


def _keep_known_name(table: ContentTable) -> sql.Composed:
    return sql.SQL("public.{}").format(sql.Identifier(f"compliance_desk_keep_known_{table.name}"))


def function_signatures() -> list[sql.Composable]:
    """Every function this module makes, by its signature."""
    functions: list[sql.Composable] = [sql.SQL(f) for f in FUNCTION_SIGNATURES]
    functions += [_keep_known_name(c) + sql.SQL("()") for c in CONTENT_TABLES]
    return functions


def _protect(
    conn: Connection[object],
    table: str,
    policies: Mapping[str, Policy],
    readers: tuple[str, ...] = (APP_ROLE, READER_ROLE),
    **names: str,
) -> None:
    """Turn row-level security on for `table` and (re)make its policies.

    Its SELECT policies are for the `readers` roles, every other one for the app role alone.
    """
    target = _table(table)
    conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(target))
    conn.execute(sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(target))
    fills = {"table": sql.Identifier(table), **{k: sql.Identifier(v) for k, v in names.items()}}
    # A policy an earlier version made and this one doesn't (the trail's "remove") goes.
    stale = conn.execute(
        "SELECT policyname FROM pg_catalog.pg_policies WHERE schemaname = 'public'"
        " AND tablename = %s AND policyname LIKE 'compliance\\_desk\\_%%'",
        (table,),
    ).fetchall()
    for row in stale:
        policy = str(row[0])  # type: ignore[index]  # a tuple row: Connection[object]
        if policy.removeprefix("compliance_desk_") not in policies:
            conn.execute(
                sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(policy), target)
            )
    for suffix, (command, using, check) in policies.items():
        name = sql.Identifier(f"compliance_desk_{suffix}")
        conn.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(name, target))
        roles = readers if command == "SELECT" else (APP_ROLE,)
        statement = sql.SQL("CREATE POLICY {name} ON {target} FOR {command} TO {roles}").format(
            name=name,
            target=target,
            command=sql.SQL(command),
            roles=sql.SQL(", ").join(sql.Identifier(r) for r in roles),
        )
        if using is not None:
            statement += sql.SQL(" USING ({})").format(sql.SQL(using).format(**fills))
        if check is not None:
            statement += sql.SQL(" WITH CHECK ({})").format(sql.SQL(check).format(**fills))
        conn.execute(statement)


def apply_policies(conn: Connection[object]) -> None:
    """Make the functions, triggers, policies and table privileges; run as `OWNER_ROLE`.

    Idempotent: every object is replaced by its current definition, so running it again after an
    upgrade brings the policies up to date and otherwise changes nothing.
    """
    app, reader = sql.Identifier(APP_ROLE), sql.Identifier(READER_ROLE)
    for statement in FUNCTIONS:
        conn.execute(sql.SQL(statement))
    for content in CONTENT_TABLES:
        conn.execute(_keep_known_function(content))
    conn.execute(
        sql.SQL(
            "CREATE OR REPLACE TRIGGER compliance_desk_school_by_default"
            " BEFORE INSERT ON public.assessments FOR EACH ROW"
            " EXECUTE FUNCTION public.compliance_desk_school_by_default()"
        )
    )
    for content in CONTENT_TABLES:
        conn.execute(
            sql.SQL(
                "CREATE OR REPLACE TRIGGER compliance_desk_keep_known BEFORE INSERT ON {table}"
                " FOR EACH ROW EXECUTE FUNCTION {function}()"
            ).format(table=_table(content.name), function=_keep_known_name(content))
        )
    for trigger, table, changes, check in COMMIT_CHECKS:
        # A constraint trigger can't be replaced in place: made again.
        trigger_name = sql.Identifier(trigger)
        conn.execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(trigger_name, _table(table)))
        conn.execute(
            sql.SQL(
                "CREATE CONSTRAINT TRIGGER {name} AFTER {changes} ON {table}"
                " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.{function}()"
            ).format(
                name=trigger_name,
                changes=sql.SQL(changes),
                table=_table(table),
                function=sql.Identifier(check),
            )
        )
    for function in function_signatures():
        conn.execute(sql.SQL("REVOKE ALL ON FUNCTION {} FROM PUBLIC").format(function))
        conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(function, app))
    for signature in _READER_FUNCTIONS:
        function = sql.SQL(signature)
        conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(function, reader))

    _protect(conn, "assessments", _ASSESSMENT_POLICIES)
    for table in ASSESSMENT_ROWS:
        _protect(conn, table, _ROW_POLICIES)
    for table in SIGNOFF_ROWS:
        _protect(conn, table, _SIGNOFF_POLICIES)
    for table in TRAIL_ROWS:
        _protect(conn, table, _TRAIL_POLICIES)
    for content in CONTENT_TABLES:
        _protect(conn, content.name, _CONTENT_POLICIES, hash=content.hash_column)
    for table in SHARED_TABLES:
        _protect(conn, table, _CHECKLIST_POLICIES)
    for table, policies in _DIRECTORY_POLICIES.items():
        _protect(conn, table, policies, readers=(PERSON_ROLE,))

    for role, privileges in (
        (APP_ROLE, _PRIVILEGES),
        (READER_ROLE, _READER_PRIVILEGES),
        (PERSON_ROLE, _PERSON_PRIVILEGES),
    ):
        grantee = sql.Identifier(role)
        conn.execute(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(grantee))
        conn.execute(
            sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(grantee)
        )
        for table, allowed in privileges.items():
            conn.execute(
                sql.SQL("GRANT {} ON {} TO {}").format(sql.SQL(allowed), _table(table), grantee)
            )
    # Only writers take numbers: a reader's nextval would use a sequence up.
    conn.execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(app))
