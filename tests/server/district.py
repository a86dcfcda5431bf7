"""A district workspace on the throwaway server: set up, two schools and one person per role.

Everything is made the way the district's IT makes it (`server init`, `add-school`, `add-user`,
`grant`, through the functions the commands call); the assessments are made by the people
themselves, through the services, on connections of their own logins, as the app would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.checklists import Checklist
from app.district.connection import admin_connection, server_url
from app.district.directory import add_person, add_school, grant_role
from app.district.setup import init_server
from app.evidence_files import SESSION_KEY, EvidenceFiles
from app.paths import Paths
from app.services import answers, assessments
from app.values import AnswerValue
from app.workspace import Workspace, open_workspace
from tests.postgres_server import PostgresServer

HILLSIDE = "Hillside School"
RIVERSIDE = "Riverside School"
PASSWORD = "correct horse battery"
# who: (name, role, school). Roles belong to the whole server, which every test's database
# shares: each database's people log in as `who` followed by the database's own suffix.
PEOPLE = {
    "ada": ("Ada Lovelace", "coordinator", HILLSIDE),
    "ben": ("Ben Riverside", "coordinator", RIVERSIDE),
    "dora": ("Dora District", "dpo", None),
    "otto": ("Otto Auditor", "auditor", None),
}


@dataclass
class District:
    """The set-up database: its name, the server, and engines per login (made on demand)."""

    server: PostgresServer
    database: str
    evidence_dir: Path
    engines: dict[str, Engine] = field(default_factory=dict)

    @property
    def admin_url(self) -> str:
        return self.server.url(self.database)

    def login(self, who: str) -> str:
        """The login of `who` (a key of PEOPLE) in this database."""
        return f"{who}_{self.database.rsplit('_', 1)[-1]}"

    def engine(self, who: str) -> Engine:
        """An engine connecting as `who` (the socket trusts it; the policies still apply)."""
        if who not in self.engines:
            self.engines[who] = create_engine(
                self.server.url(self.database, self.login(who)), poolclass=NullPool
            )
        return self.engines[who]

    @contextmanager
    def session(self, who: str) -> Iterator[Session]:
        """One unit of work as `who`, committed at the end, with an evidence store of its own."""
        with Session(self.engine(who), expire_on_commit=False) as session, session.begin():
            session.info[SESSION_KEY] = EvidenceFiles(self.evidence_dir)
            yield session

    @contextmanager
    def admin(self) -> Iterator[Connection]:
        """The superuser's connection, as the `server` commands have it."""
        with admin_connection(server_url(self.admin_url)) as conn:
            yield conn

    def dispose(self) -> None:
        for engine in self.engines.values():
            engine.dispose()


@contextmanager
def workspaces_of(district: District, folder: Path, *people: str) -> Iterator[dict[str, Workspace]]:
    """The district workspace as the window opens it for each of `people`, closed at the end.

    Each person's laptop is a data folder of their own under `folder`.
    """
    opened: dict[str, Workspace] = {}
    try:
        for who in people:
            url = district.server.url(district.database, district.login(who))
            opened[who] = open_workspace(replace(Paths(folder / who), workspace_url=url))
        yield opened
    finally:
        for workspace in opened.values():
            workspace.close()


def set_up_district(server: PostgresServer, database: str, evidence_dir: Path) -> District:
    """Init, two schools, and ada, ben, dora and otto with their roles."""
    district = District(server, database, evidence_dir)
    with district.admin() as conn:
        init_server(conn)
    with district.admin() as conn:
        add_school(conn, HILLSIDE)
        add_school(conn, RIVERSIDE)
        for who, (name, role, school) in PEOPLE.items():
            add_person(conn, name, district.login(who), PASSWORD)
            grant_role(conn, district.login(who), role, school)
    return district


def new_assessment(
    district: District, who: str, checklist: Checklist, organisation: str, *, answered: bool
) -> str:
    """A new assessment of `who`'s school, made by them; `answered`: every applicable item Yes.

    Answered, it is ready for the DPO to sign off; else a draft with nothing answered.
    """
    login = district.login(who)
    with district.session(who) as session:
        snap = assessments.create_assessment(
            session,
            checklist,
            title="Spring review",
            organisation=organisation,
            assessor=login,
            scope={"platform": "teams", "under13": "no"},
            actor=login,
        )
        if answered:
            for item in snap.checklist.items:
                if snap.in_scope(item):
                    answers.record_answer(
                        session, snap.id, item.id, value=AnswerValue.YES, actor=login
                    )
    return snap.id
