"""Empty signature fields for the assessor and the reviewer, added when the report is made.

Every field a signer will fill must exist before the first signature: adding a field after a
signature changes the signed document and breaks that signature. So the report is written with
both fields in place, empty, and signing later only fills them. A draft can't be signed, so its
report has no fields, and pyHanko (slow to import) is loaded only for a signed-off report.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SignatureBox:
    """Where a signature field goes: its name, 0-based page and box in PDF points."""

    field_name: str
    page: int
    box: tuple[int, int, int, int]


def add_signature_fields(pdf: bytes, boxes: Sequence[SignatureBox]) -> bytes:
    """The same PDF, rewritten in one revision, with an empty signature field per box."""
    if not boxes:
        return pdf
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf), strict=False))
    seen: set[str] = set()
    for box in boxes:
        if box.field_name in seen:  # a box drawn twice (a table split) keeps its first place
            continue
        seen.add(box.field_name)
        append_signature_field(
            writer, SigFieldSpec(sig_field_name=box.field_name, on_page=box.page, box=box.box)
        )
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()
