"""Files in the data folder are read bounded: another laptop or user can plant anything there.

A pipe, a device, a folder, a huge file or a file nested past Python's recursion limit where
settings.json, an identity's files, an imported checklist, the log file or the workspace itself
should be: each is refused or skipped with a line, within the time and memory of a normal run.
Every command runs in a child process with a timeout and a memory cap, so a read that hangs or
runs away fails the test instead of the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app.paths import Paths
from tests.conftest import ROOT

pytestmark = pytest.mark.posix  # named pipes, /dev/zero, memory caps, root's capabilities

# Far below the sparse files planted here: reading one whole would fail, not pass slowly.
MEMORY_CAP = 1536 * 1024 * 1024
SPARSE = 3 * 1024 * 1024 * 1024
PASSPHRASES = {
    "COMPLIANCE_DESK_PASSPHRASE": "dana-secret-1",
    "COMPLIANCE_DESK_AUTHORITY_PASSPHRASE": "authority-secret-1",
}


# Root reads and enters any folder only by these capabilities: without them, as other users.
NO_BYPASS = "-dac_override,-dac_read_search"


def _capped() -> None:
    import resource  # POSIX only, as this whole module

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def cli(data: Path, *args: str, as_other_user: bool = False) -> subprocess.CompletedProcess[str]:
    """The real command line on `data`, with a timeout and a memory cap."""
    env = dict(os.environ, COMPLIANCE_DESK_DATA=str(data), **PASSPHRASES)
    command = [sys.executable, "-m", "ui", *args]
    if as_other_user:  # root, without the capabilities that let it pass permission bits
        command = ["setpriv", f"--bounding-set={NO_BYPASS}", f"--inh-caps={NO_BYPASS}", *command]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
        preexec_fn=_capped,
    )


def new_assessment(data: Path) -> str:
    made = cli(
        data,
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "Hillside",
        "--title",
        "Calls",
        "--scope",
        "platform=teams",
        "--by",
        "Ada",
    )
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def sparse(path: Path, head: bytes = b"") -> None:
    """A file of SPARSE bytes that costs nothing on disk."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(SPARSE)


def plant(path: Path, kind: str) -> None:
    """Put something that is not an ordinary small file at `path`."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "huge":
        sparse(path, b'{"user_name": "')
    elif kind == "nested":
        path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    else:
        raise AssertionError(kind)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one `error:` line of a refusal (warnings may come before it)."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = [x for x in result.stderr.strip().splitlines() if not x.startswith("warning: ")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "unexpected failure" not in lines[0]
    return lines[0]


# settings.json


@pytest.mark.parametrize("kind", ["pipe", "device", "folder", "huge", "nested"])
def test_a_settings_file_that_is_not_one_gives_the_defaults(tmp_path: Path, kind: str) -> None:
    data = tmp_path / "data"
    made = new_assessment(data)
    plant(data / "settings.json", kind)
    shown = cli(data, "settings", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["name"] == ""
    answered = cli(data, "answer", made, "teams-policy-allows", "yes", "--by", "Ada")
    assert answered.returncode == 0, answered.stderr
    # Without --by the saved name is wanted, and there is none: refused, saying how to give one.
    assert "--by NAME" in one_line(cli(data, "answer", made, "teams-policy-allows", "no"))


# Signing identities


def _identity(data: Path) -> Path:
    made = cli(data, "identity", "create", "--name", "Dana Okafor", "--role", "DPO")
    assert made.returncode == 0, made.stderr
    (folder,) = [p for p in (data / "identities").iterdir() if p.name != "authority"]
    return folder


def _signed_off(data: Path) -> str:
    made = new_assessment(data)
    for item in ("teams-policy-allows", "teams-policy-assigned", "teams-premium-licence"):
        cli(data, "answer", made, item, "yes", "--by", "Ada")
    listed = cli(data, "show", made, "--json")
    for answer in json.loads(listed.stdout)["answers"]:
        if answer["in_scope"] and answer["value"] == "unanswered":
            done = cli(data, "answer", made, answer["item"], "yes", "--by", "Ada")
            assert done.returncode == 0, done.stderr
    signed = cli(data, "signoff", made, "--name", "Dana Okafor", "--role", "DPO")
    assert signed.returncode == 0, signed.stderr
    return made


@pytest.mark.parametrize("kind", ["pipe", "device", "huge", "nested"])
def test_an_identitys_key_that_is_not_a_file_is_refused_with_a_line(
    tmp_path: Path, kind: str
) -> None:
    data = tmp_path / "data"
    made = _signed_off(data)
    folder = _identity(data)
    plant(folder / "key.json", kind)
    report = tmp_path / "signed.pdf"
    line = one_line(cli(data, "export", made, "--pdf", str(report), "--sign"))
    # A key file that reads but is no sealed key is damaged, whatever the passphrase.
    assert ("key.json" if kind != "nested" else "is damaged (not a sealed key") in line
    assert not report.exists()


@pytest.mark.parametrize("kind", ["pipe", "device", "huge"])
def test_an_identitys_chain_that_is_not_a_file_is_refused_with_a_line(
    tmp_path: Path, kind: str
) -> None:
    data = tmp_path / "data"
    folder = _identity(data)
    plant(folder / "chain.pem", kind)
    target = tmp_path / "dana.pem"
    line = one_line(cli(data, "identity", "export-cert", folder.name, str(target)))
    assert "chain.pem" in line
    assert not target.exists()


@pytest.mark.parametrize("kind", ["pipe", "device", "folder", "huge", "nested"])
def test_an_identity_whose_facts_are_not_a_file_is_skipped(tmp_path: Path, kind: str) -> None:
    data = tmp_path / "data"
    folder = _identity(data)
    other = data / "identities" / "0123456789ab"
    shutil.copytree(folder, other)
    plant(other / "identity.json", kind)
    listed = cli(data, "identity", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [i["id"] for i in json.loads(listed.stdout)] == [folder.name]


@pytest.mark.parametrize("kind", ["pipe", "device", "huge"])
def test_an_authority_certificate_that_is_not_a_file_is_refused_with_a_line(
    tmp_path: Path, kind: str
) -> None:
    data = tmp_path / "data"
    _identity(data)
    plant(data / "identities" / "authority" / "cert.pem", kind)
    line = one_line(cli(data, "identity", "create", "--name", "Ravi", "--role", "DPO"))
    assert "cert.pem" in line


# Imported checklists


@pytest.mark.parametrize("kind", ["pipe", "device", "huge"])
def test_an_imported_checklist_that_is_not_a_file_is_skipped_with_a_line(
    tmp_path: Path, kind: str
) -> None:
    data = tmp_path / "data"
    new_assessment(data)
    plant(data / "checklists" / "planted.yaml", kind)
    listed = cli(data, "checklists", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "e2ee-calls-meetings" in [c["id"] for c in json.loads(listed.stdout)]
    (warning,) = listed.stderr.strip().splitlines()
    assert warning.startswith("warning: ") and "planted.yaml" in warning
    assert warning.endswith("(skipped)")
    new_assessment(data)  # the library still serves the shipped checklists


# Notes of files being written (staging/), read by every command that opens the workspace


@pytest.mark.parametrize("kind", ["pipe", "device", "folder", "huge"])
def test_a_staging_note_that_is_not_one_is_left_alone(tmp_path: Path, kind: str) -> None:
    data = tmp_path / "data"
    made = new_assessment(data)
    (data / "staging").mkdir(exist_ok=True)
    plant(data / "staging" / "planted.pending", kind)
    listed = cli(data, "list")
    assert listed.returncode == 0, listed.stderr
    assert made in listed.stdout
    assert os.path.lexists(data / "staging" / "planted.pending")


# The log file


@pytest.mark.parametrize("kind", ["pipe", "device", "folder"])
def test_a_log_file_that_is_not_a_file_is_not_written(tmp_path: Path, kind: str) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    plant(paths.logs_dir / "compliance-desk.log", kind)
    script = (
        "import logging, sys\n"
        "from app.logs import configure_logging\n"
        "from app.paths import Paths\n"
        "where = configure_logging(Paths(__import__('pathlib').Path(sys.argv[1])))\n"
        "print(where, logging.getLogger().handlers)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(paths.data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        preexec_fn=_capped,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None []"  # "no log could be written", and none is tried


def test_a_logs_entry_that_is_a_file_costs_the_log_only(tmp_path: Path) -> None:
    """Logging is never why a command fails: a file named logs leaves every command working."""
    data = tmp_path / "data"
    made = new_assessment(data)
    shutil.rmtree(data / "logs")
    (data / "logs").write_text("someone's file")
    listed = cli(data, "list")
    assert listed.returncode == 0, listed.stderr
    assert made in listed.stdout
    shown = cli(data, "show", made)
    assert shown.returncode == 0, shown.stderr
    answered = cli(data, "answer", made, "teams-policy-allows", "yes", "--by", "Ada")
    assert answered.returncode == 0, answered.stderr
    assert (data / "logs").read_text() == "someone's file"


# The workspace file


@pytest.mark.parametrize("kind", ["pipe", "device", "folder"])
def test_a_workspace_that_is_not_a_file_is_refused_before_sqlite_opens_it(
    tmp_path: Path, kind: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    plant(data / "workspace.sqlite", kind)
    before = sorted(p.name for p in data.iterdir())
    for args in (
        ("list",),
        ("show", "0123456789ab"),
        ("new", "--checklist", "e2ee-calls-meetings", "--org", "O", "--title", "T")
        + ("--scope", "platform=teams", "--by", "Ada"),
    ):
        line = one_line(cli(data, *args))
        assert f"{data / 'workspace.sqlite'}" in line, line
    assert sorted(p.name for p in data.iterdir()) == before
    assert not (data / "workspace.sqlite-wal").exists()


def test_a_link_to_nothing_in_the_workspaces_place_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "workspace.sqlite").symlink_to(tmp_path / "elsewhere.sqlite")
    line = one_line(
        cli(
            data,
            "new",
            "--checklist",
            "e2ee-calls-meetings",
            "--org",
            "O",
            "--title",
            "T",
            "--scope",
            "platform=teams",
            "--by",
            "Ada",
        )
    )
    assert "workspace.sqlite" in line
    assert not (tmp_path / "elsewhere.sqlite").exists()


# A data folder that belongs to someone else


def _private_to_someone_else(data: Path) -> bool:
    """Make `data` unreadable to the commands run next; whether they must run as another user.

    The folder is closed to everyone, its owner too. Root passes permission bits by two
    capabilities, so as root the commands run without them (not as `nobody`: that user may not
    be able to run this interpreter at all, when it is installed in root's home).
    """
    data.chmod(0o000)
    return os.geteuid() == 0


def test_a_data_folder_owned_by_someone_else_is_named_in_one_line() -> None:
    # Outside pytest's own temporary folders, which only their owner may enter.
    place = Path(tempfile.mkdtemp(prefix="compliance-desk-other-"))
    try:
        place.chmod(0o755)
        data = place / "data"
        made = new_assessment(data)
        report = place / "report.pdf"
        report.write_bytes(b"%PDF-1.7\n")
        report.chmod(0o644)
        other = _private_to_someone_else(data)
        for args in (
            ("list",),
            ("show", made),
            ("history", made),
            ("answer", made, "teams-policy-allows", "yes", "--by", "N"),
            ("identity", "list"),
            ("verify", str(report)),
            ("new", "--checklist", "e2ee-calls-meetings", "--org", "O", "--title", "T")
            + ("--scope", "platform=teams", "--by", "N"),
        ):
            line = one_line(cli(data, *args, as_other_user=other))
            assert str(data) in line and "permission" in line.lower(), (args, line)
        # The list of checklists still shows the shipped ones, and says what it skipped.
        listed = cli(data, "checklists", as_other_user=other)
        assert listed.returncode == 0, listed.stderr
        assert "e2ee-calls-meetings" in listed.stdout
        (warning,) = listed.stderr.splitlines()
        assert warning.startswith(f"warning: {data / 'checklists'}: ") and "ermission" in warning
    finally:
        (place / "data").chmod(0o700)
        shutil.rmtree(place)
