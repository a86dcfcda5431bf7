"""The school an assessment of a district workspace is for, chosen where there is a choice.

One field for every place that asks: a new assessment, an imported bundle that adds one, and
moving one to another school. Which schools may be chosen is the rule of
`app.services.schools.school_choices`; this only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QWidget

from app.services.schools import SchoolChoices


@dataclass(frozen=True)
class SchoolField:
    """The schools an assessment of a district workspace can be for, when there is a choice.

    `names` to choose from; `optional`: it may belong to none (the DPO's), else one must be
    chosen (a coordinator of several schools). Without a choice (a laptop, a coordinator of one
    school) no school is asked at all.
    """

    names: tuple[str, ...]
    optional: bool


def school_field(choices: SchoolChoices) -> SchoolField | None:
    """The field for these choices; None where there is nothing to choose (`choices.asks`)."""
    if not choices.asks:
        return None
    return SchoolField(tuple(school.name for school in choices.choices), choices.may_leave_out)


class SchoolCombo(QComboBox):
    """The schools of a `SchoolField`, none chosen at first: the person says which, every time.

    Starting on no choice keeps a DPO from filing an assessment as the district's own by
    default: "No school (the district's own)" is offered (when `optional`) and must be picked.
    """

    def __init__(self, field: SchoolField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("School"))
        if field.optional:
            self.addItem(self.tr("No school (the district's own)"), None)
        for name in field.names:
            self.addItem(name, name)
        self.setPlaceholderText(self.tr("Choose the school"))
        self.setCurrentIndex(-1)

    @property
    def chosen(self) -> bool:
        """Whether a choice was made ("No school" is one)."""
        return self.currentIndex() >= 0

    def school(self) -> str | None:
        """The school chosen; None: none chosen yet, or the district's own."""
        chosen = self.currentData()
        return chosen if isinstance(chosen, str) else None
