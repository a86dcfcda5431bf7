"""The shape of a PDF counted before it is parsed: could it be a report this app writes?

pyHanko builds the objects, dictionaries, form fields and values it reads in memory, a few
hundred bytes each and more: a 90 MB file of 1.4 million form fields took 3.9 GB, 60 MB of
numbers in one array more than 8 GB. This app's reports are smaller and plainer, so a file is
first counted with byte searches (no parsing; about 1.5 ms per MB) and refused when it is out
of proportion to any report the app writes.

Measured on signed reports (assessor and reviewer) of a 1,000-item checklist, answers spread
over every value, an action for each gap:

| notes on every item                        | file    | objects | dicts  | `/FT` | values    |
|--------------------------------------------|---------|---------|--------|-------|-----------|
| 100 characters, no actions                 |  0.3 MB |     200 |    405 |     4 |    30,447 |
| 2,000 characters                           |  1.2 MB |   1,938 |  3,930 |     6 |   184,963 |
| 20,000 characters (the most), one word     |  3.3 MB |   7,925 | 16,033 |     5 |   623,651 |
| 20,000 characters (the most), varied words | 22.2 MB |   7,573 | 17,747 |    18 | 2,391,129 |

Verifying the last takes about 200 MB and 5 s. "Values" counts the bytes that separate PDF
values (white space and delimiters): every value pyHanko reads needs one, so their number
bounds the work of any file however it is crafted. Most of a report's are in its compressed
page content, which is counted too (a crafted file could pass values off as content), and
`/FT` turns up by chance in that content about once per MB.

The limits cover the largest of these with room to spare. At the limits, a file crafted to cost
the most still takes about 1.5 GB and 30 s, against 3.9 GB and minutes before; only a smaller
limit, which would refuse the app's own largest reports, would bound it further.

Compressed object streams are never written by the app's report writer (reportlab, then
pyHanko's incremental signing), and pyHanko inflates them whole, so a file holding one is
refused: it is not a report of this app, and its stream could inflate to any size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.i18n import _

MAX_OBJECTS = 50_000
MAX_DICTIONARIES = 100_000
MAX_FIELDS = 200
MAX_VALUES = 3_000_000

# A field's type, `/FT`, also written with `#xx` escapes in the name (`/#46#54` is `/FT`).
_FIELD_TYPE = re.compile(rb"/(?:F|#46)(?:T|#54)(?![0-9A-Za-z#])")
_OBJECT_STREAM = re.compile(rb"/(?:ObjStm|XRef)(?![0-9A-Za-z#])")
# PDF's white space and delimiters: every value is separated from the next by one of them.
_SEPARATORS = b"\x00\t\n\x0c\r ()<>[]{}/%"
_NOT_SEPARATORS = bytes(b for b in range(256) if b not in _SEPARATORS)


@dataclass(frozen=True)
class ReportShape:
    """What a PDF holds, counted without parsing it."""

    objects: int
    dictionaries: int
    fields: int
    values: int
    object_streams: int

    @property
    def problem(self) -> str | None:
        """Why no report of this app could have this shape, or None when one could."""
        writes = _("not a report this app writes")
        if self.object_streams:
            return _(
                "{writes}: it holds compressed object streams, which its reports never use"
            ).format(writes=writes)
        counted = (
            (self.fields, MAX_FIELDS, _("{writes}: {n:,} form fields (the limit is {most:,})")),
            (self.objects, MAX_OBJECTS, _("{writes}: {n:,} objects (the limit is {most:,})")),
            (
                self.dictionaries,
                MAX_DICTIONARIES,
                _("{writes}: {n:,} dictionaries (the limit is {most:,})"),
            ),
            (self.values, MAX_VALUES, _("{writes}: about {n:,} values (the limit is {most:,})")),
        )
        for count, most, message in counted:
            if count > most:
                return message.format(writes=writes, n=count, most=most)
        return None


def report_shape(data: bytes) -> ReportShape:
    """Count a PDF's objects, dictionaries, form fields, values and object streams.

    Counts are of bytes and keywords anywhere in the file, compressed content included, so
    they are upper bounds: chance matches in binary content add a few.
    """
    return ReportShape(
        objects=data.count(b"obj") - data.count(b"endobj"),
        dictionaries=data.count(b"<<"),
        fields=sum(1 for _match in _FIELD_TYPE.finditer(data)),
        values=len(data.translate(None, _NOT_SEPARATORS)),
        object_streams=sum(1 for _match in _OBJECT_STREAM.finditer(data)),
    )
