"""The quick schema pass never lets through what python-jsonschema refuses.

Bundle manifests and checklist copies are first checked by jsonschema-rs (`app.quick_schema`);
only what it passes skips python-jsonschema. Hand-changed manifests, checked both ways, show it
is never the laxer of the two; the patterns of the schemas checked so are ones both regular
expression dialects read alike.
"""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from app.bundles.checks import check_checklist_format
from app.bundles.errors import BundleError
from app.bundles.format import MANIFEST_ENTRY, manifest_quick_check, manifest_schema
from app.bundles.writing import export_bundle
from app.checklists.loader import checklist_schema
from app.checklists.model import canonical_json
from app.quick_schema import QuickSchema
from tests.app.bundle_support import fill

# Escapes both dialects read alike: a literal dot or plus.
_ALIKE = {r"\.", r"\+"}
# The one pattern whose escape the two read apart (`\s`), and why that lets nothing through:
# every checklist text is refused for a control character, U+001C to U+001F included.
_KNOWN_APART = {r"^https?://[^\s]+$"}


def _patterns(node: Any) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_patterns(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_patterns(value))
    return found


@pytest.mark.parametrize("schema", [manifest_schema(), checklist_schema()], ids=["bundle", "list"])
def test_every_pattern_is_read_alike_by_both_dialects(schema: dict[str, Any]) -> None:
    patterns = _patterns(schema)
    assert patterns
    for pattern in patterns:
        escapes = set(re.findall(r"\\.", pattern))
        assert escapes <= _ALIKE or pattern in _KNOWN_APART, pattern


def test_the_dialects_part_on_a_separator_control_in_the_url_pattern() -> None:
    url_rule = {"type": "string", "pattern": next(iter(_KNOWN_APART))}
    # Python's `\s` holds U+001F, ECMA's does not (see the checklist copy's test below).
    assert QuickSchema(url_rule).passes("https://a\x1fb")
    assert not Draft202012Validator(url_rule).is_valid("https://a\x1fb")


def test_data_it_cannot_take_is_left_to_the_full_check() -> None:
    quick = QuickSchema({"type": "string"})
    assert quick.passes("text")
    assert not quick.passes("\ud800")  # a lone surrogate: no Rust string can hold it
    assert not quick.passes(object())


@pytest.fixture
def manifest(workspace, make_assessment, tmp_path: Path) -> dict[str, Any]:
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    bundle = tmp_path / "good.cdesk"
    with workspace.read() as session:
        export_bundle(session, assessment_id, bundle)
    with zipfile.ZipFile(bundle) as archive:
        data: dict[str, Any] = json.loads(archive.read(MANIFEST_ENTRY))
    return data


_HASH = "ab" * 32
_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([0, 1, -1, 2**63 - 1, 2**63, 2**64, 524288000, 524288001, 100001])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([1.0, 0.5, -0.0, 1e300])
    | st.text(max_size=8)
    | st.sampled_from(
        [
            _HASH,
            _HASH + "\n",
            "evidence/" + _HASH,
            "evidence/" + _HASH + "\n",
            "2026-01-01T00:00:00.000000+00:00",
            "2026-01-01T00:00:00.000000+00:00\n",
            "2026-01-01",
            "a1",
            "A1",
            "answer.recorded",
            "\ud800",
            "",
        ]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            places.extend(_places(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            places.extend(_places(value, (*path, index)))
    return places


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_changed_manifest_passes_quickly_only_if_the_full_check_passes_it(
    manifest: dict[str, Any], data: st.DataObject
) -> None:
    changed = copy.deepcopy(manifest)
    for _change in range(data.draw(st.integers(1, 3))):
        places = [p for p in _places(changed) if p]
        path = data.draw(st.sampled_from(places))
        parent = changed
        for step in path[:-1]:
            parent = parent[step]
        how = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if how == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif how == "add" and isinstance(parent, dict):
            parent[data.draw(st.text(max_size=6))] = data.draw(_values)
        else:
            parent[path[-1]] = data.draw(_values)
    if manifest_quick_check().passes(changed):
        assert Draft202012Validator(manifest_schema()).is_valid(changed)


def test_the_manifest_as_exported_passes_quickly(manifest: dict[str, Any]) -> None:
    assert manifest_quick_check().passes(manifest)
    manifest["answers"][0]["smuggled"] = "x"
    assert not manifest_quick_check().passes(manifest)


def test_a_checklist_copy_with_a_control_in_its_url_is_refused(
    manifest: dict[str, Any],
) -> None:
    checklist = json.loads(manifest["checklist"]["content"])
    checklist["sources"][0]["url"] = "https://example.org/a\x1fb"
    assert QuickSchema(checklist_schema()).passes(checklist)
    with pytest.raises(BundleError, match="control characters"):
        check_checklist_format(canonical_json(checklist))
