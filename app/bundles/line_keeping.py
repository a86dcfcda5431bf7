"""Keeping the line events an import brings: what the trail's merges name and it lacks.

After an import writes the assessment's events (added, updated, or a merge naming the bundle's
events by hash), every event a merge on any of the trail's lines names must be found here: on
the trail itself, or among the workspace's line events (`app/services/line_store.py`). Those it
lacks come from the bundle, its trail or its line events, checked along their lines as they are
found (`app/trail_lines.named_events`), and are kept once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.bundles.errors import BundleError
from app.bundles.manifest import BundleContents
from app.i18n import _
from app.services.audit import trail_line
from app.services.line_store import add_line_events, stored_line_events
from app.trail_lines import CarriedLineError, LineEvent, line_events, named_events


def keep_line_events(session: Session, contents: BundleContents, *, added: bool = False) -> int:
    """Keep the events the assessment's merges name that it has nowhere yet; how many.

    Call once the import's events are written, in the same unit of work, before verifying.
    `added`: the assessment is new here, so its trail is the bundle's, as just written (and
    proved): it is taken from the bundle rather than read back.

    Raises:
        BundleError: a merge names an event neither this workspace nor the bundle holds, or
            its line doesn't chain.
    """
    assessment_id = contents.assessment_id
    bundled = line_events(contents.events, contents.event_details)
    main = bundled if added else trail_line(session, assessment_id)
    kept = stored_line_events(session, assessment_id)
    offered: dict[str, LineEvent] = dict(contents.line_events)
    offered.update((event.chained.hash, event) for event in bundled)
    offered.update(kept)
    try:
        named = named_events(assessment_id, main, offered)
    except CarriedLineError as exc:
        raise BundleError(
            _(
                "importing would leave assessment {id} failing its checks (event {n}: "
                "{reason}); nothing was imported"
            ).format(id=assessment_id, n=exc.seq, reason=exc.reason)
        ) from exc
    lacking = named.keys() - {event.chained.hash for event in main} - kept.keys()
    return add_line_events(session, assessment_id, [named[digest] for digest in sorted(lacking)])
