"""The pseudo-language reaches the core's messages too, and keeps what the program fills in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import i18n
from app.i18n import _, ngettext, use_language
from app.pseudo_text import pseudo_asked, pseudo_text


def test_python_placeholders_come_through_unchanged() -> None:
    source = "{what}: {n:,} objects (the limit is {most:,}), {value:<{width}} and %(prog)s %s {{x}}"
    said = pseudo_text(source)
    for kept in ("{what}", "{n:,}", "{most:,}", "{value:<{width}}", "%(prog)s", "%s", "{{x}}"):
        assert kept in said
    assert "objects" not in said and "öbĵéçţš" in said
    assert said.format(what="W", n=1200, most=50, value="v", width=3).startswith("[W: 1,200 ")


@given(st.text(max_size=80))
def test_pseudo_text_is_never_shorter_and_keeps_every_line(text: str) -> None:
    said = pseudo_text(text)
    assert len(said) >= len(text)
    assert said.count("\n") == text.count("\n")


def test_only_the_setting_asks_for_it() -> None:
    assert pseudo_asked({"COMPLIANCE_DESK_LANG": " Pseudo "})
    assert not pseudo_asked({"COMPLIANCE_DESK_LANG": "de"})
    assert not pseudo_asked({})


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COMPLIANCE_DESK_LANG", "pseudo")
    use_language(["en"])
    yield
    monkeypatch.delenv("COMPLIANCE_DESK_LANG")
    use_language(["en"])


def test_the_cores_messages_are_in_the_pseudo_language(pseudo: None) -> None:
    message = _("assessment {id}: {reason}").format(id="a1", reason="gone")
    assert message.startswith("[åššéššméñţ a1: gone") and message.endswith("]")
    assert ngettext("{n} item", "{n} items", 2).format(n=2).startswith("[2 îţémš")
    assert i18n.argparse_gettext("usage: ").startswith("[ûšåĝé")


def test_without_the_setting_the_messages_are_plain() -> None:
    use_language(["en"])
    assert _("assessment {id}: {reason}") == "assessment {id}: {reason}"
