"""The file name a refusal suggests when a name is wanted: one that fits the file being written.

A person who gives a folder, or nothing, where a file is wanted is told what to give instead;
"report.pdf" for a workbook would send them the wrong way. The names are in the catalogue, so a
translation may suggest its own word ("bericht.xlsx").
"""

from __future__ import annotations

from pathlib import Path

from app.errors import UserError
from app.i18n import _


def example_name(suffix: str) -> str:
    """A name to suggest for a file ending in `suffix` (".pdf", ".xlsx", ".csv", ...)."""
    names = {
        ".pdf": _("report.pdf"),
        ".xlsx": _("report.xlsx"),
        ".csv": _("answers.csv"),
        ".docx": _("report.docx"),
        ".cdesk": _("assessment.cdesk"),
        ".pem": _("certificate.pem"),
    }
    return names.get(suffix.lower(), _("report.pdf"))


def is_a_folder(path: Path, suffix: str) -> UserError:
    """The refusal of a folder given where a file ending in `suffix` is to be written."""
    return UserError(
        _("{path} is a folder; give a file name such as {example}").format(
            path=path, example=example_name(suffix)
        )
    )


def no_name(suffix: str) -> UserError:
    """The refusal of an empty name where a file ending in `suffix` is to be written."""
    return UserError(_("give a file name, such as {example}").format(example=example_name(suffix)))
