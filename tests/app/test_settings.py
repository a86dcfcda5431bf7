"""Preferences: the person's name (never the login), paper size, evidence limit; checked on read."""

from __future__ import annotations

import json

import pytest

from app.errors import UserError
from app.paths import Paths
from app.settings import SETTINGS_FILE, Settings, load_settings, save_settings


def test_no_name_means_no_actor_even_with_a_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "jsmith2")
    monkeypatch.setenv("USERNAME", "jsmith2")
    unnamed = Settings()
    assert (unnamed.has_name, unnamed.actor) == (False, "")
    named = Settings(user_name="Sam Patel")
    assert (named.has_name, named.actor) == (True, "Sam Patel")


def test_the_name_is_saved_cleaned_and_read_back(tmp_path) -> None:
    paths = Paths(tmp_path / "data")
    assert load_settings(paths) == Settings()
    saved = save_settings(paths, Settings(user_name="  Zoë Öztürk  ", page_size="Letter"))
    assert saved.user_name == "Zoë Öztürk"
    assert json.loads((paths.data_dir / SETTINGS_FILE).read_text("utf-8"))["user_name"] == (
        "Zoë Öztürk"
    )
    assert load_settings(paths) == saved


def test_a_bad_name_is_refused_and_a_damaged_file_gives_defaults(tmp_path) -> None:
    paths = Paths(tmp_path / "data")
    with pytest.raises(UserError, match="your name"):
        save_settings(paths, Settings(user_name="x" * 500))
    paths.ensure()
    (paths.data_dir / SETTINGS_FILE).write_text('{"user_name": 7, "page_size": "A5"}', "utf-8")
    assert load_settings(paths) == Settings()


def test_a_value_refused_now_costs_that_setting_alone(tmp_path, caplog) -> None:
    """A name an earlier version took (a hidden character in it) loses the name, not the rest."""
    paths = Paths(tmp_path / "data")
    paths.ensure()
    url = "postgresql://ada@db.district.example/compliance_desk"
    saved = {
        "user_name": "Ada\u200bLovelace",
        "language": "de",
        "database_url": url,
        "backups_kept": 5,
    }
    (paths.data_dir / SETTINGS_FILE).write_text(json.dumps(saved), "utf-8")
    loaded = load_settings(paths)
    assert loaded == Settings(language="de", database_url=url, backups_kept=5)
    assert "ignoring the saved user_name" in caplog.text
