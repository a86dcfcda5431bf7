"""The replayed state of an assessment, and the words shared by replaying and merging.

A trail's replay (`app/audit_replay.py`) and the replay of a merge event
(`app/merge_replay.py`) both build this state: entities named by kind and key, each a dict of
its fields. Kept apart so the two can use it without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# Entities are named by kind and key: ("assessment", ""), ("answer", item id),
# ("action", "3"), ("evidence", "2"), ("signoff", "1").
Entity = tuple[str, str]
State = dict[Entity, dict[str, Any]]

ASSESSMENT: Entity = ("assessment", "")


class ReplayError(Exception):
    """An event can't be replayed: it lacks what its kind must carry, or names nothing known."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(reason)
        self.seq = seq
        self.reason = reason


@dataclass(frozen=True)
class Difference:
    """One field whose stored value is not the one the trail gives (`absent`: no such row)."""

    entity: Entity
    field: str
    trail: Any
    stored: Any


class _Absent:
    """The marker of a row one side has and the other lacks."""

    def __repr__(self) -> str:
        return "absent"


ABSENT: Any = _Absent()


def parse_time(text: str) -> datetime:
    """A time as a trail writes it (ISO 8601), in UTC; a time without a zone is UTC."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# The fields of the state that hold a time (a merge event writes them as text).
TIME_FIELDS = frozenset(
    {
        "created_at",
        "updated_at",
        "answered_at",
        "added_at",
        "removed_at",
        "signed_at",
        "voided_at",
        "deleted_at",
    }
)
ENTITY_KINDS = frozenset({"assessment", "answer", "action", "evidence", "signoff"})


def encode_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """An entity's values as a merge event records them: times as text."""
    return {
        field: value.astimezone(UTC).isoformat(timespec="microseconds")
        if isinstance(value, datetime)
        else value
        for field, value in values.items()
    }


def decode_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """What `encode_values` wrote, as the state holds it."""
    return {
        field: parse_time(value) if field in TIME_FIELDS and value is not None else value
        for field, value in values.items()
    }
