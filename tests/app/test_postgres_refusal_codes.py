"""Every refusal the server's SQLSTATE codes mean is one sentence, in the person's language.

The errors are psycopg's own classes for each code, as the driver raises them; their messages
(the server's words) are never what decides, and never what is shown.
"""

from __future__ import annotations

import psycopg
import pytest

from app.errors import (
    ConcurrentChangeError,
    ServerRefusedError,
    ServerUnavailableError,
    WorkspaceError,
)
from app.i18n import use_language
from app.postgres.errors import server_error

SERVER = "db.district.example:5432/compliance_desk"
# The server's own words, in a language the person may not read: never shown.
SERVER_WORDS = "FATAL:  Passwort-Authentifizierung für Benutzer »ada« fehlgeschlagen"


def refusal(code: str) -> WorkspaceError:
    failure = psycopg.errors.lookup(code)(SERVER_WORDS)
    said = server_error(failure, SERVER, "ada")
    assert said is not None
    return said


@pytest.mark.parametrize(
    ("code", "kind", "sentence"),
    [
        (
            "28P01",
            ServerRefusedError,
            f"The district server {SERVER} refused the login ada: check the user name, the "
            "password and the database's name (after the last /), and if all three are right, "
            "ask the district's IT whether this login may use the database.",
        ),
        (
            "3D000",
            ServerRefusedError,
            f"The district server {SERVER} has no such database: check the database name, or "
            "ask the district's IT for it.",
        ),
        (
            "28000",
            ServerRefusedError,
            f"The district server {SERVER} does not let the login ada in: check the user name, "
            "or ask the district's IT.",
        ),
        (
            "53300",
            ServerUnavailableError,
            f"The district server {SERVER} has too many connections open: try again in a few "
            "minutes, or tell the district's IT.",
        ),
        (
            "57P03",
            ServerUnavailableError,
            f"The district server {SERVER} is starting up or shutting down: try again in a minute.",
        ),
        (
            "57P01",
            ServerUnavailableError,
            f"The connection to the district server {SERVER} was lost: try again.",
        ),
        (
            "53100",
            ServerUnavailableError,
            f"The district server {SERVER} is out of disk space or memory: tell the district's "
            "IT, and try again later.",
        ),
        (
            "42501",
            ServerRefusedError,
            f"The district server {SERVER} refused this because the login ada may not do it: "
            "ask the district's IT if it should.",
        ),
        (
            "25006",
            ServerRefusedError,
            f"The district server {SERVER} takes no changes at the moment (it is read-only): "
            "try again later, or ask the district's IT.",
        ),
        (
            "40001",
            ConcurrentChangeError,
            f"Someone else changed the same thing on the district server {SERVER} at the same "
            "moment, so nothing of this change was saved: try again.",
        ),
    ],
)
def test_each_code_is_one_sentence_naming_the_server_and_what_to_do(
    code: str, kind: type[WorkspaceError], sentence: str
) -> None:
    said = refusal(code)
    assert type(said) is kind
    assert str(said) == sentence
    assert "FATAL" not in str(said) and "Passwort" not in str(said)


def test_a_code_of_no_refusal_is_left_to_be_a_bug() -> None:
    assert server_error(psycopg.errors.lookup("42P01")("no such table"), SERVER, "ada") is None


def test_the_german_window_reads_the_refusals_in_german() -> None:
    use_language(["de"])
    try:
        full = str(refusal("53300"))
        wrong = str(refusal("28P01"))
    finally:
        use_language(["en"])
    assert full == (
        f"Der Bezirksserver {SERVER} hat zu viele offene Verbindungen: Versuchen Sie es in "
        "ein paar Minuten noch einmal, oder sagen Sie der IT des Bezirks Bescheid."
    )
    assert wrong.startswith(f"Der Bezirksserver {SERVER} hat die Anmeldung ada abgelehnt: ")
    assert "FATAL" not in wrong
