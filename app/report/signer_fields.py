"""The names of a report's two signature fields: the assessor's, signed first, and the reviewer's.

Kept apart from the page that draws them so that code deciding who signs, and code reading a
signed report, can name the fields without loading the PDF toolkit.
"""

from __future__ import annotations

ASSESSOR_FIELD = "assessor-signature"
REVIEWER_FIELD = "reviewer-signature"
