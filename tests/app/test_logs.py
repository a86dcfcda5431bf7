"""The log file holds tracebacks of a workspace's failures: private to its user, always."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.logs import configure_logging, log_file
from app.paths import Paths

pytestmark = pytest.mark.posix  # file modes


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets everyone read and write new files, as a careless shell might set."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def logging_to(tmp_path: Path) -> Iterator[Paths]:
    paths = Paths(tmp_path / "data")
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield paths
    root.setLevel(level)
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_file_is_private_whatever_the_umask(open_umask, logging_to: Paths) -> None:
    assert configure_logging(logging_to) == log_file(logging_to)
    logging.getLogger("app.test").error("something failed")
    target = log_file(logging_to)
    assert "something failed" in target.read_text("utf-8")
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700


def test_a_rotated_log_file_is_private_too(open_umask, logging_to: Paths) -> None:
    configure_logging(logging_to)
    log = logging.getLogger("app.test")
    line = "x" * 10_000
    for _ in range(120):  # past the 1 MB limit: the file rotates
        log.error(line)
    target = log_file(logging_to)
    rotated = target.with_name(target.name + ".1")
    assert rotated.exists()
    assert mode(target) == 0o600 and mode(rotated) == 0o600


def test_an_existing_world_readable_log_file_is_made_private(open_umask, logging_to: Paths) -> None:
    target = log_file(logging_to)
    target.parent.mkdir(parents=True)
    target.write_text("older lines\n", "utf-8")
    target.chmod(0o644)
    configure_logging(logging_to)
    logging.getLogger("app.test").error("newer line")
    assert mode(target) == 0o600
    assert target.read_text("utf-8").startswith("older lines\n")
