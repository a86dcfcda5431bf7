"""Signed reports: signing identities, PAdES signing, and offline verification."""

from __future__ import annotations

import logging

# pyHanko logs why a certificate path could not be built, with a traceback. The verdict already
# says it in one line; the details belong in the log file, never on a user's screen.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
