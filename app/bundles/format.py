"""The bundle format: its name, version, entry names, limits and the manifest's JSON Schema.

A bundle (`.cdesk`) is a zip holding `manifest.json` and one `evidence/<sha256>` entry per
distinct evidence file. Entry names are made here from hashes, never from a name a person gave,
and a reader accepts no other names. docs/bundle-format.md describes the format for other tools.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

    from app.quick_schema import QuickSchema

FORMAT_NAME = "compliance-desk-bundle"
# Any change to what the manifest holds or means raises this; a reader refuses a higher one.
# Format 2 added line events: merges name the other copy's events by hash (`app/trail_lines.py`).
FORMAT_VERSION = 2
# A manifest that needs no line events is written as format 1, which every release reads.
FORMAT_VERSION_WITHOUT_LINE_EVENTS = 1
SUFFIX = ".cdesk"
MANIFEST_ENTRY = "manifest.json"
EVIDENCE_PREFIX = "evidence/"
_EVIDENCE_ENTRY = re.compile(r"evidence/[0-9a-f]{64}")

MIB = 1024 * 1024
# Limits a reader keeps, whatever the archive's headers say. A manifest of a 1,000-item
# assessment with a long history is a few MB; JSON of this size parses in well under a second.
MANIFEST_MAX_BYTES = 32 * MIB
# The largest evidence file the settings allow (500 MB).
ENTRY_MAX_BYTES = 500 * MIB
# All entries together, uncompressed: evidence of a very large assessment, with room to spare.
TOTAL_MAX_BYTES = 16 * 1024 * MIB
MAX_ENTRIES = 100_000
# How much a zip's central directory may take: about 100 bytes an entry, with room to spare.
DIRECTORY_MAX_BYTES = 64 * MIB
# Real files compress tens of times, plain-text logs a few hundred; a zip bomb about a thousand
# (deflate's limit), which is what this stops.
# Entries smaller than RATIO_FREE_BYTES may compress any amount (they are small regardless).
RATIO_MAX = 500
RATIO_FREE_BYTES = 1 * MIB
# Read and write in pieces of this size, so no file is ever whole in memory.
CHUNK_BYTES = 1 * MIB
# Entries are decompressed in smaller pieces. Every piece is a new bytes object (zlib gives
# no other), and the C allocator maps one of a megabyte fresh from the system and hands it
# back when freed: each of its pages then faults in again, zeroed, for every piece (two
# faults per byte read, about 0.6 s of system time for 200 MiB). Pieces this size are reused
# from the heap, and the loop over them costs a few milliseconds more.
READ_CHUNK_BYTES = 64 * 1024


def evidence_entry(sha256: str) -> str:
    """The zip entry holding the evidence file with this SHA-256."""
    return f"{EVIDENCE_PREFIX}{sha256}"


def is_evidence_entry(name: str) -> bool:
    """Whether `name` is the name of an evidence entry as this format makes them."""
    return _EVIDENCE_ENTRY.fullmatch(name) is not None


@cache
def manifest_schema() -> dict[str, Any]:
    """The JSON Schema of the manifest (formats 1 and 2), kept beside this module."""
    import json

    text = files("app.bundles").joinpath("bundle.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with each local `$ref` to `#/$defs/...` replaced by what it names.

    The same rules, checked about four times as fast: python-jsonschema resolves every `$ref`
    anew for each value it meets, and a manifest has thousands of values. A definition that
    refers to itself is left as a `$ref` (neither schema here has one).
    """
    definitions = schema.get("$defs", {})

    def expand(node: Any, active: frozenset[str]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and len(node) == 1 and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name in definitions and name not in active:
                    return expand(definitions[name], active | {name})
            return {k: expand(v, active) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [expand(v, active) for v in node]
        return node

    inlined: dict[str, Any] = expand(schema, frozenset())
    inlined["$defs"] = definitions  # for any `$ref` left in place
    return inlined


@cache
def manifest_quick_check() -> QuickSchema:
    """The quick pass of the manifest schema (`app.quick_schema`); passing it is fitting it."""
    from app.quick_schema import QuickSchema

    return QuickSchema(manifest_schema())


@cache
def manifest_validator() -> Draft202012Validator:
    """A validator of the manifest schema (jsonschema is imported on first use: it is slow)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(inline_refs(manifest_schema()))
