"""Two ways of writing one person's name compare as the same person."""

from __future__ import annotations

import pytest

from app.name_keys import name_key, same_person

ANNA = "Anna Smith"


@pytest.mark.parametrize(
    "look_alike",
    [
        "Anna\u200bSmith",  # a zero-width space where the space was
        "An\u200bna Smith",  # and one inside the name
        "AnnaSmith",  # spaces don't tell people apart
        "Anna \u200bSmith",
        "\u200dAnna Smith\ufeff",
        "Ａｎｎａ Ｓｍｉｔｈ",  # fullwidth
        "Ａｎｎａ　Smith",  # fullwidth letters and an ideographic space
        "  Anna   Smith ",
        "Anna\tSmith",
        "anna smith",
        "ANNA SMITH",
        "\u0410nna Smith",  # Cyrillic capital A
        "Аnnа Smith",  # Cyrillic capital A and small a
        "Anna Ѕmith",  # Cyrillic capital dze
        "Аnna Ѕmіth",  # Cyrillic small i
        "Anna Smitһ",  # Cyrillic small shha
        "ΑΝΝΑ SMITH",  # Greek capitals
        "\u0391nna Smith",  # Greek capital alpha
        "Anna\u2800Smith",  # braille blank
        "Anna\u3164 Smith",  # Hangul filler
        "Anna\uffa0 Smith",  # halfwidth Hangul filler
        "Anna\u115f\u1160 Smith",  # Hangul choseong and jungseong fillers
        "Anna\ufe0f Smith",  # a variation selector
        "Anna \U000e0101Smith",  # a supplementary variation selector
        "Anna \u0301Smith",  # a combining accent with no letter to sit on
        "\u0301Anna Smith",
        "Anna\U000e0041 Smith",  # a tag character
    ],
)
def test_look_alike_names_are_one_person(look_alike: str) -> None:
    assert name_key(look_alike) == name_key(ANNA) == "annasmith"
    assert same_person(look_alike, ANNA)


@pytest.mark.parametrize(
    ("look_alike", "name"),
    [
        ("D\u043era", "Dora"),  # Cyrillic o
        ("ԁora", "Dora"),  # Cyrillic komi de
        ("Ԝillow", "Willow"),  # Cyrillic we
        ("ӏinda", "Linda"),  # Cyrillic palochka
        ("Ηillside", "Hillside"),  # Greek capital eta
        ("Hill\u00adside", "Hillside"),  # soft hyphen
    ],
)
def test_latin_look_alikes_from_other_scripts_are_one_name(look_alike: str, name: str) -> None:
    assert same_person(look_alike, name)


@pytest.mark.parametrize(
    "other", ["Anne Smith", "Anna Smyth", "Ánna Smith", "Anna-Smith", "Anna Smith Jr", ""]
)
def test_different_names_stay_different(other: str) -> None:
    assert not same_person(other, ANNA)


def test_names_in_other_scripts_keep_their_letters() -> None:
    assert name_key("Zoë Łukasiewicz-Öztürk") == "zoëłukasiewicz-öztürk"
    assert not same_person("Анна Иванова", "Anna Ivanova")
    assert same_person("Анна Иванова", "АННА ИВАНОВА")
    assert same_person("Ελένη", "ΕΛΈΝΗ")
    # Marks that sit on a letter are part of it: Devanagari vowel signs stay.
    assert name_key("नमस्ते") == "नमस्ते"
    # A decomposed accent is the same as the composed one.
    assert same_person("Zoe\u0308", "Zoë")


def test_an_empty_or_invisible_name_is_no_one() -> None:
    assert name_key("\u200b \u2800") == ""
    assert not same_person("\u200b", "")
    assert not same_person("", "")
