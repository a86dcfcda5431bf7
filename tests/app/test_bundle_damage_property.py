"""A bundle damaged anywhere is either still whole or refused in one line, never a crash.

Evidence is read from the archive by the bundle's own reader (local header, then the deflate
stream, checked by SHA-256 rather than zipfile's CRC-32), so every byte of a bundle is a place
an attacker or a failing disk can change. Whatever is changed, and however much, `inspect`
and a dry-run import end in one of two ways: the bundle's checks all pass (the damage hit bytes
nothing reads, such as a local header's time), or a refusal the user is shown (`UserError`).
Nothing else may escape: no `zlib.error`, `struct.error`, `EOFError` or `KeyError`.

BUNDLE_FUZZ_SCALE=50 runs fifty times as many examples, to hunt rather than to guard.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.bundles.importing import import_bundle
from app.bundles.inspection import inspect_bundle
from app.bundles.writing import export_bundle
from app.errors import UserError
from app.workspace import Workspace
from tests.app.bundle_support import fill

SCALE = int(os.environ.get("BUNDLE_FUZZ_SCALE", "1"))


@pytest.fixture
def whole(workspace, make_assessment, tmp_path: Path) -> bytes:
    """A bundle as the app writes it (signed off, with evidence), as bytes."""
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    bundle = tmp_path / "whole.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    return bundle.read_bytes()


# Places and bytes are drawn by a seeded random number generator: hypothesis favours small
# integers, the ends of ranges and zero bytes, which would damage the first bytes over and over,
# with zeros.
damage = st.tuples(
    st.randoms(use_true_random=False),
    st.lists(st.integers(min_value=1, max_value=16), min_size=1, max_size=4),
    st.booleans(),
)


@settings(
    max_examples=60 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=damage)
def test_damage_anywhere_is_refused_in_one_line_or_harmless(
    other: Workspace, whole: bytes, tmp_path: Path, changes
) -> None:
    rng, sizes, cut = changes
    data = bytearray(whole)
    for size in sizes:
        at = rng.randrange(len(data))
        data[at : at + size] = rng.randbytes(size)
    if cut:
        del data[rng.randrange(len(data)) :]
    bundle = tmp_path / "damaged.cdesk"
    bundle.write_bytes(bytes(data))
    try:
        inspect_bundle(bundle)
    except UserError as exc:
        assert str(exc) and "\n" not in str(exc).strip()
    try:
        with other.read() as session:
            import_bundle(session, bundle, dry_run=True)
    except UserError as exc:
        assert str(exc) and "\n" not in str(exc).strip()
