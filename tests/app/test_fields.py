"""Typed text is checked once for every caller: controls, direction tricks and invisible text."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import RuleError
from app.fields import BIDI_CONTROLS, BLANKS, clean_text, parse_date


@pytest.mark.parametrize(
    "value",
    [
        "rtl\u202etxt.exe",  # shows as "rtlexe.txt"
        "name\u2067hidden\u2069",
        "C1\x85control",
        "C1\x9bcsi",
        "esc\x1b[2Jcleared",
    ],
)
def test_names_with_controls_or_direction_overrides_are_refused(value: str) -> None:
    with pytest.raises(RuleError, match="file name must not contain"):
        clean_text(value, field="file name")


@pytest.mark.parametrize(
    "value",
    [
        "\u200b",
        "\u200b\u200c\ufeff",
        " \u2060 ",
        "\u00a0\u200b",
        "\u2800",  # braille blank
        "\u3164",  # Hangul filler
        "\u115f\u1160",  # Hangul choseong and jungseong fillers
        "\uffa0",  # halfwidth Hangul filler
        "\ufe0f\ufe00",  # variation selectors
        "\U000e0100\U000e01ef",  # supplementary variation selectors
        "\u0301\u0308",  # combining marks with nothing to sit on
        " \u0301 \u200b\u20dd",
        "\u2800\u3164\ufe0f\u0301",
    ],
)
def test_invisible_only_text_is_empty(value: str) -> None:
    assert clean_text(value, field="note", required=False, multiline=True) == ""
    with pytest.raises(RuleError, match="must not be empty"):
        clean_text(value, field="name")


@pytest.mark.parametrize(
    "value",
    [
        "Anna\u2028Smith",  # line separator
        "Anna\u2029Smith",  # paragraph separator
        "Anna\U000e0041\U000e0042 Smith",  # tag characters: hidden text
        "Anna Smith\U000e007f",
        "Anna\nSmith",
        "Anna\tSmith",
    ],
)
def test_single_line_fields_refuse_line_breaks_and_tags(value: str) -> None:
    with pytest.raises(RuleError, match="^name must not contain"):
        clean_text(value, field="name")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Hill\u00adside", "U+00AD"),  # soft hyphen
        ("Zero\u200bWidth", "U+200B"),  # zero-width space
        ("\ufeffBOM", "U+FEFF"),  # byte-order mark, which strip() leaves
        ("Do\u200bra", "U+200B"),
        ("Do\u2060ra", "U+2060"),  # word joiner
        ("Dora\u200d", "U+200D"),  # a joiner joining nothing
        ("Do\u200cra", "U+200C"),  # a non-joiner between Latin letters
        ("Anna\u2800Smith", "U+2800"),  # braille blank
        ("Anna\u3164Smith", "U+3164"),  # Hangul filler
        ("Anna\u180eSmith", "U+180E"),  # Mongolian vowel separator
    ],
)
def test_names_with_hidden_characters_are_refused(value: str, code: str) -> None:
    with pytest.raises(RuleError) as refused:
        clean_text(value, field="name")
    assert str(refused.value) == f"name must not contain invisible characters such as {code}"
    # A note may hold them (a soft hyphen pasted with its text): it is read, not compared.
    assert clean_text(f"{value} and more", field="note", multiline=True)


def test_joiners_where_a_script_or_an_emoji_needs_them_are_kept() -> None:
    for value in (
        "می\u200cخواهم",  # Persian: a non-joiner between joining letters
        "क्\u200dष",  # Devanagari: a joiner after a virama makes a half form
        "\U0001f469\u200d\U0001f4bb Team",  # woman + technologist: one picture
        "\U0001f469\U0001f3fd\u200d\U0001f4bb",  # with a skin tone between
    ):
        assert clean_text(value, field="name") == value


def test_notes_turn_unicode_line_breaks_into_newlines() -> None:
    assert clean_text("one\u2028two\u2029three", field="note", multiline=True) == (
        "one\ntwo\nthree"
    )
    assert clean_text("\u2029\u2028", field="note", required=False, multiline=True) == ""


def test_a_note_of_only_invisible_characters_does_not_satisfy_a_rule_that_needs_one() -> None:
    for value in ("\u2800", "\u3164", "\u0301", "\ufe0f", "\u2028"):
        with pytest.raises(RuleError, match="note must not be empty"):
            clean_text(value, field="note", multiline=True)


def test_real_text_in_any_script_is_kept() -> None:
    for value in ("Zoë Łukasiewicz-Öztürk", "سارا رضایی", "नमस्ते", "Ελένη", "שרה כהן"):
        assert clean_text(value, field="name") == value
    # A zero-width joiner inside a word is part of how some scripts are written.
    assert clean_text("می\u200cخواهم", field="name") == "می\u200cخواهم"
    assert clean_text("line one\nline two\tend", field="note", multiline=True)
    # Marks on letters, emoji with a variation selector and flags made of tags are text.
    assert clean_text("e\u0301 नमस्ते", field="name") == "e\u0301 नमस्ते"
    assert clean_text("\u2764\ufe0f", field="note", multiline=True) == "\u2764\ufe0f"
    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert clean_text(scotland, field="note", multiline=True) == scotland


def shows_something(text: str) -> bool:
    """Whether any character of `text` is one a reader sees."""
    blanks = "\u2800\u3164\u115f\u1160\uffa0"
    return any(
        unicodedata.category(c) not in {"Cf", "Zs", "Zl", "Zp", "Cc", "Mn", "Mc", "Me"}
        and c not in blanks
        for c in text
    )


# Text with more of the characters that matter here than st.text() would draw by chance.
TRICKY = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(
            "\n\t\r\x1b\x85\u200b\u2028\u2029\u2800\u3164\u115f\u1160\uffa0\ufe0f"
            "\U000e0100\U000e0041\U000e007f\u0301\u202e\u2066 a"
        ),
    ),
    max_size=200,
)


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x0b", "\x0c", "\r", "\x1b", "\x7f"])
def test_plain_ascii_text_with_a_control_inside_is_refused(control: str) -> None:
    # Printable ASCII passes without a look at each character; a control amid it does not.
    for multiline in (False, True):
        with pytest.raises(RuleError, match="control characters"):
            clean_text(f"Checked{control}twice", field="note", multiline=multiline)


def test_plain_ascii_text_is_kept_trimmed() -> None:
    assert clean_text("  Checked in the console; see p. 4 (v2)!  ", field="f") == (
        "Checked in the console; see p. 4 (v2)!"
    )
    assert clean_text("\tline one\n\tline two\n", field="f", multiline=True) == (
        "line one\n\tline two"
    )
    with pytest.raises(RuleError, match="control characters"):
        clean_text("line one\nline two", field="f")
    with pytest.raises(RuleError, match="must not be empty"):
        clean_text(" \t ", field="f", multiline=True)


@given(TRICKY)
def test_whatever_it_returns_holds_no_controls(value: str) -> None:
    try:
        cleaned = clean_text(value, field="note", max_length=1000, required=False, multiline=True)
    except RuleError:
        return
    for char in cleaned:
        assert char in "\n\t" or unicodedata.category(char) != "Cc", repr(char)
        assert char not in BIDI_CONTROLS, repr(char)
        assert char not in "\u2028\u2029", repr(char)
    assert cleaned == "" or shows_something(cleaned)


@given(TRICKY)
def test_a_single_line_value_is_one_line_of_visible_text(value: str) -> None:
    try:
        cleaned = clean_text(value, field="name", max_length=1000)
    except RuleError:
        return
    assert shows_something(cleaned)
    for char in cleaned:
        assert unicodedata.category(char) not in {"Cc", "Zl", "Zp"}, repr(char)
        assert char not in BIDI_CONTROLS, repr(char)
        assert not 0xE0000 <= ord(char) <= 0xE007F, repr(char)
        assert char not in BLANKS, repr(char)
        assert unicodedata.category(char) != "Cf" or char in "\u200c\u200d", repr(char)


@given(
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20),
    st.characters(categories=["Cf"]) | st.sampled_from(sorted(BLANKS)),
    st.integers(min_value=0),
)
def test_a_hidden_character_amid_a_name_never_passes_unnoticed(
    name: str, hidden: str, where: int
) -> None:
    # Wherever it stands, the name is refused, or kept with the character as spelling (a
    # joiner between letters that need it): never quietly kept hiding in a name.
    at = where % (len(name) + 1)
    value = name[:at] + hidden + name[at:]
    try:
        cleaned = clean_text(value, field="name", max_length=1000)
    except RuleError:
        return
    for char in cleaned:
        assert char not in BLANKS, repr(cleaned)
        assert unicodedata.category(char) != "Cf" or char in "\u200c\u200d", repr(cleaned)


@pytest.mark.parametrize(
    "text", ["20270115", "2027-W03-5", "2027-015", "２０２７-01-15", "2027-1-5"]
)
def test_dates_are_only_written_year_month_day(text: str) -> None:
    with pytest.raises(RuleError, match="YYYY-MM-DD"):
        parse_date(text, field="due date")


def test_a_plain_date_is_read() -> None:
    assert parse_date(" 2027-01-15 ", field="due date") == date(2027, 1, 15)
    with pytest.raises(RuleError, match="YYYY-MM-DD"):
        parse_date("2027-02-30", field="due date")
