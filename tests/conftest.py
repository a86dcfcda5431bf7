"""Shared fixtures. Headless Qt is chosen here, before anything can import Qt."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app.checklists import Checklist, load_checklist_file
from app.dto import AssessmentSnapshot
from app.i18n import LANGUAGE_ENV, use_language
from app.paths import DATA_DIR_ENV, Paths
from app.services import actions, answers, assessments, evidence, signoffs
from app.values import AnswerValue
from app.workspace import Workspace, open_workspace
from tests.postgres_server import PostgresServer, start_server

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    """Compile the translations as `dev.py` does before a run, for tests run without it."""
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    dev.build_catalogues()


# Markers of tests that can only run on some systems, and whether this is one of them. Such tests
# are deselected elsewhere (the project allows no skips): POSIX-only ones on Windows, say.
SYSTEM_MARKERS = {"posix": os.name == "posix", "linux": sys.platform.startswith("linux")}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the tests this system can't run (see SYSTEM_MARKERS)."""
    missing = [name for name, present in SYSTEM_MARKERS.items() if not present]
    elsewhere = [i for i in items if any(i.get_closest_marker(name) for name in missing)]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [i for i in items if i not in elsewhere]


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point every per-user folder into a temporary one, so no test touches the real home.

    The tests read the English source texts, whatever the machine's locale: a test of another
    language sets `COMPLIANCE_DESK_LANG` itself, and English is back for the next test.
    """
    home = tmp_path_factory.mktemp("home")
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv(LANGUAGE_ENV, "en")
    yield
    use_language(["en"])


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    """A fresh data folder."""
    return Paths(tmp_path / "data")


@pytest.fixture
def workspace(paths: Paths) -> Iterator[Workspace]:
    """A fresh workspace, created through the production code path."""
    ws = open_workspace(paths)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL cluster for the whole run (tests/postgres_server.py)."""
    folder = Path(tempfile.mkdtemp(prefix="cd-pg-"))
    server = start_server(folder)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_server: PostgresServer) -> str:
    """A new empty database on the throwaway server; its name."""
    return postgres_server.create_database()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, postgres_database: str) -> str:
    """A SQLAlchemy URL of a new empty database, as its superuser."""
    return postgres_server.url(postgres_database)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A fresh workspace on each backend in turn: the SQLite file, then a PostgreSQL database.

    Its own data folder (`district`), apart from the `workspace` fixture's, so that a test can
    carry bundles between a laptop's workspace and this one.
    """
    paths = Paths(tmp_path / "district")
    if request.param == "postgresql":
        paths = replace(paths, workspace_url=request.getfixturevalue("postgres_url"))
    ws = open_workspace(paths)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def scoring_checklist() -> Checklist:
    """The hand-scored test checklist (tests/fixtures/checklists/good/scoring.yaml)."""
    return load_checklist_file(FIXTURES / "checklists" / "good" / "scoring.yaml").checklist


@pytest.fixture(scope="session")
def e2ee_checklist() -> Checklist:
    """The shipped end-to-end encryption checklist (one scope question: platform)."""
    return load_checklist_file(ROOT / "checklists" / "e2ee-calls-meetings.yaml").checklist


MakeAssessment = Callable[..., AssessmentSnapshot]


@pytest.fixture
def make_assessment(workspace: Workspace, scoring_checklist: Checklist) -> MakeAssessment:
    """Create an assessment of the scoring checklist; keyword arguments override defaults."""

    def make(**overrides: object) -> AssessmentSnapshot:
        fields: dict[str, object] = {
            "title": "Spring review",
            "organisation": "Hillside School",
            "assessor": "Ada Assessor",
            "scope": {"platform": "zoom", "under13": "yes"},
            "actor": "tester",
        }
        fields.update(overrides)
        checklist = fields.pop("checklist", scoring_checklist)
        with workspace.write() as session:
            return assessments.create_assessment(session, checklist, **fields)  # type: ignore[arg-type]

    return make


@pytest.fixture
def make_signed_off(
    workspace: Workspace, make_assessment: MakeAssessment
) -> Callable[[str], AssessmentSnapshot]:
    """A signed-off assessment: Teams only, every applicable item answered yes, by `reviewer`."""

    def make(reviewer: str) -> AssessmentSnapshot:
        snap = make_assessment(
            scope={"platform": "teams", "under13": "no"}, assessor="Łukasz Nowak"
        )
        with workspace.write() as session:
            for item in snap.checklist.items:
                if snap.in_scope(item):
                    answers.record_answer(
                        session, snap.id, item.id, value=AnswerValue.YES, actor="t"
                    )
            signoffs.sign_off(session, snap.id, name=reviewer, role="DPO")
            return assessments.get_assessment(session, snap.id)

    return make


@pytest.fixture
def other_paths(tmp_path: Path) -> Paths:
    """The data folder of the other laptop."""
    return Paths(tmp_path / "other")


@pytest.fixture
def other(other_paths: Paths, scoring_checklist: Checklist) -> Iterator[Workspace]:
    """The other laptop's workspace, which already holds work of its own (so row ids differ)."""
    ws = open_workspace(other_paths)
    with ws.write() as session:
        own = assessments.create_assessment(
            session,
            scoring_checklist,
            title="Their own",
            organisation="Elsewhere",
            scope={"platform": "zoom", "under13": "yes"},
            actor="them",
        )
        for n in range(3):
            actions.add_action(
                session,
                own.id,
                "a2",
                title=f"Own {n}",
                owner="IT",
                due=date(2027, 1, 1),
                actor="them",
            )
        evidence.add_evidence(session, own.id, "a1", name="own.txt", data=b"own", actor="them")
    yield ws
    ws.close()


def write_p12(
    path: Path, common_name: str, *, title: str | None = None, passphrase: bytes = b"p12-pass"
) -> None:
    """A PKCS#12 file as a school's own PKI might hand out: an EC key and its certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    name = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            None, key, cert, None, serialization.BestAvailableEncryption(passphrase)
        )
    )


def run_cli(
    *args: str, data_dir: Path | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `compliance-desk ARGS` in a child process (the real entry point)."""
    env = dict(os.environ)
    if data_dir is not None:
        env[DATA_DIR_ENV] = str(data_dir)
    result = subprocess.run(
        [sys.executable, "-m", "ui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


def new_teams_assessment(data_dir: Path, *, by: str | None = None) -> str:
    """A new Teams assessment (shipped e2ee checklist) made by the command line; its id."""
    words = ["new", "--checklist", "e2ee-calls-meetings", "--org", "O", "--title", "T"]
    words += ["--scope", "platform=teams"] + (["--by", by] if by is not None else [])
    return run_cli(*words, data_dir=data_dir, check=True).stdout.strip()


def copy_fixture(relative: str, target: Path) -> Path:
    """Copy a fixture file into a test's folder (never work on the committed copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / relative, target)
    return target


def wreck_second_page(file: Path) -> None:
    """Fill an SQLite file's second page with junk, whatever its page size."""
    data = bytearray(file.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    size = 65536 if size == 1 else size  # the header writes 65536 as 1
    data[size : 2 * size] = b"\xa5" * size
    file.write_bytes(bytes(data))


def alter_evidence_file(paths: Paths, sha256: str, data: bytes | None) -> None:
    """Change an evidence file in the data folder behind the app's back; None removes it."""
    file = paths.evidence_dir / sha256[:2] / sha256
    if data is None:
        file.unlink()
        return
    file.chmod(0o600)
    file.write_bytes(data)
