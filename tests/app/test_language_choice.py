"""One language for a run: COMPLIANCE_DESK_LANG, else the preference, else the locale, else English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import UserError
from app.i18n import LANGUAGE_ENV, LANGUAGES, _, current_language, resolve_languages
from app.language_choice import choose_language, data_dir_argument
from app.paths import Paths
from app.settings import SETTINGS_FILE, Settings, load_settings, save_settings


@pytest.mark.parametrize(
    ("setting", "environ", "expected"),
    [
        (None, {}, ["en"]),
        ("", {"LANG": "de_DE.UTF-8"}, ["de", "en"]),
        ("", {"LANG": "de_AT.ISO-8859-1@euro"}, ["de", "en"]),
        ("", {"LANG": "C"}, ["en"]),
        ("", {"LANG": "POSIX"}, ["en"]),
        ("", {"LANG": "C.UTF-8"}, ["en"]),
        ("", {"LANGUAGE": "de:en", "LANG": "en_GB.UTF-8"}, ["de", "en"]),
        ("", {"LANGUAGE": "fr:de", "LANG": "fr_FR.UTF-8"}, ["de", "en"]),
        ("", {"LC_ALL": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}, ["en"]),
        ("", {"LC_MESSAGES": "de_CH", "LANG": "en_US"}, ["de", "en"]),
        ("", {"LANG": "fr_FR.UTF-8"}, ["en"]),
        ("de", {"LANG": "en_US.UTF-8"}, ["de", "en"]),
        ("en", {"LANG": "de_DE.UTF-8"}, ["en"]),
        ("de", {LANGUAGE_ENV: "en", "LANG": "de_DE"}, ["en"]),
        ("", {LANGUAGE_ENV: "de"}, ["de", "en"]),
        ("", {LANGUAGE_ENV: "de-DE"}, ["de", "en"]),
        # An override naming nothing the app speaks is passed over, not obeyed into English.
        ("de", {LANGUAGE_ENV: "xx"}, ["de", "en"]),
        ("", {LANGUAGE_ENV: "klingon", "LANG": "de_DE.UTF-8"}, ["de", "en"]),
        ("xx", {}, ["en"]),
        ("", {"LANG": "\x1b[2J"}, ["en"]),
    ],
)
def test_the_language_is_resolved_in_order(setting, environ, expected) -> None:
    assert resolve_languages(setting, environ) == expected


def test_the_systems_own_names_count_where_the_environment_has_none() -> None:
    assert resolve_languages("", {}, ["German_Germany"]) == ["de", "en"]
    assert resolve_languages("", {}, ["de_DE"]) == ["de", "en"]
    assert resolve_languages("", {"LANG": "en_US.UTF-8"}, ["de_DE"]) == ["en"]


_locale_words = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["C", "POSIX", "de", "de_DE.UTF-8", "en:de", "de:en", "", ":", "@euro"]),
)


@given(
    setting=st.one_of(st.none(), _locale_words),
    environ=st.dictionaries(
        st.sampled_from([LANGUAGE_ENV, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "PATH"]),
        _locale_words,
    ),
)
def test_any_values_give_known_languages_english_among_them(setting, environ) -> None:
    chosen = resolve_languages(setting, environ)
    assert "en" in chosen
    assert set(chosen) <= set(LANGUAGES)
    assert len(set(chosen)) == len(chosen)


def test_the_setting_is_saved_checked_and_an_unknown_one_read_as_the_systems(tmp_path) -> None:
    paths = Paths(tmp_path / "data")
    assert load_settings(paths).language == ""
    saved = save_settings(paths, Settings(user_name="Sam Patel", language="de"))
    assert load_settings(paths).language == "de" == saved.language
    with pytest.raises(UserError, match="unknown language fr"):
        save_settings(paths, Settings(user_name="Sam Patel", language="fr"))
    # Written by a newer version speaking more: the rest of the preferences are kept.
    (paths.data_dir / SETTINGS_FILE).write_text(
        json.dumps({"user_name": "Sam Patel", "language": "fr"}), "utf-8"
    )
    assert load_settings(paths) == Settings(user_name="Sam Patel")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--data-dir", "/x", "list"], "/x"),
        (["--data-dir=/y", "list"], "/y"),
        (["list", "--data-dir"], None),
        (["new", "--", "--data-dir", "/z"], None),
        ([], None),
    ],
)
def test_the_data_folder_is_found_in_the_raw_words(argv, expected) -> None:
    assert data_dir_argument(argv) == expected


def test_a_run_speaks_the_language_saved_in_its_data_folder(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data")
    save_settings(paths, Settings(user_name="Sam Patel", language="de"))
    environ = {"LANG": "en_US.UTF-8"}
    assert choose_language(["--data-dir", str(paths.data_dir), "list"], environ) == ["de", "en"]
    assert current_language() == "de"
    assert _("Unanswered") == "Unbeantwortet"
    assert choose_language(["list"], {**environ, LANGUAGE_ENV: "en"}) == ["en"]
    assert _("Unanswered") == "Unanswered"


def test_an_unreadable_data_folder_leaves_the_choice_to_the_environment(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x", "utf-8")
    assert choose_language(["--data-dir", str(a_file)], {"LANG": "de_DE"}) == ["de", "en"]
    assert choose_language(["--data-dir", ""], {}) == ["en"]
