"""The item models pass Qt's model tester, and filter as the view expects."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from app.dto import AnswerSnapshot
from app.services import assessments
from app.values import AnswerValue
from ui.models.assessment_list_model import AssessmentFilterProxy, AssessmentListModel, ListColumn
from ui.models.checklist_filter_proxy import ChecklistFilterProxy, ItemFilter
from ui.models.checklist_tree_model import ChecklistTreeModel, Column


def visible_item_ids(proxy: ChecklistFilterProxy) -> list[str]:
    ids = []
    for s in range(proxy.rowCount()):
        section = proxy.index(s, 0)
        for i in range(proxy.rowCount(section)):
            ids.append(proxy.data(proxy.index(i, 0, section), ChecklistTreeModel.ItemIdRole))
    return ids


def answer(item_id: str, value: AnswerValue, note: str = "") -> AnswerSnapshot:
    return AnswerSnapshot(item_id, value, note, "t", datetime.now(UTC))


def test_tree_model_passes_the_model_tester(qtmodeltester, vc_assessment) -> None:
    model = ChecklistTreeModel()
    qtmodeltester.check(model)
    model.set_assessment(vc_assessment)
    qtmodeltester.check(model)
    model.update_answer(answer("vendor-security-lead", AnswerValue.YES))
    qtmodeltester.check(model)
    assert model.rowCount() == len(vc_assessment.checklist.sections)
    assert model.rowCount(model.index(0, 0)) == len(vc_assessment.checklist.sections[0].items)


def test_tree_shows_answers_progress_and_out_of_scope(qapp, vc_assessment) -> None:
    snap = replace(vc_assessment, scope={**vc_assessment.scope, "platform": "teams"})
    model = ChecklistTreeModel()
    model.set_assessment(snap)
    model.update_answer(answer("vendor-security-lead", AnswerValue.PARTIAL))
    row = model.item_index("vendor-security-lead", Column.ANSWER)
    assert model.data(row) == "Partial"
    assert model.data(model.parent(row).siblingAtColumn(Column.ANSWER)) == "1 of 13 · 50.0%"
    zoom_only = model.item_index("students-zoom-education-status", Column.ANSWER)
    assert model.data(zoom_only) == "Out of scope"
    assert model.data(zoom_only, ChecklistTreeModel.InScopeRole) is False
    assert model.data(zoom_only, Qt.ItemDataRole.ForegroundRole) is not None


def test_filters_and_search(qapp, vc_assessment) -> None:
    snap = replace(vc_assessment, scope={**vc_assessment.scope, "students": "none"})
    model = ChecklistTreeModel()
    model.set_assessment(snap)
    model.update_answer(answer("vendor-security-lead", AnswerValue.NO))
    model.update_answer(answer("vendor-risk-assessment", AnswerValue.PARTIAL))
    model.update_answer(answer("vendor-code-review", AnswerValue.YES, note="Saw the SDLC policy"))
    proxy = ChecklistFilterProxy()
    proxy.setSourceModel(model)
    every = visible_item_ids(proxy)
    assert len(every) == snap.checklist.item_count == 66
    proxy.set_mode(ItemFilter.GAPS)
    assert visible_item_ids(proxy) == ["vendor-security-lead", "vendor-risk-assessment"]
    proxy.set_mode(ItemFilter.OUT_OF_SCOPE)
    out = visible_item_ids(proxy)
    assert out == [i.id for i in snap.checklist.items if not i.applies(snap.scope)]
    assert any(i.startswith("students-") for i in out)
    proxy.set_mode(ItemFilter.UNANSWERED)
    unanswered = visible_item_ids(proxy)
    assert "vendor-code-review" not in unanswered and not set(out) & set(unanswered)
    assert len(unanswered) == len(every) - len(out) - 3
    proxy.set_mode(ItemFilter.ALL)
    proxy.set_search("SDLC")  # in a note
    assert visible_item_ids(proxy) == ["vendor-code-review"]
    proxy.set_search("passcode")  # in questions and guidance, any case
    assert "access-default-protection" in visible_item_ids(proxy)
    proxy.set_search("no such words anywhere")
    assert proxy.rowCount() == 0


def test_assessment_list_model_sorts_by_value_and_filters(
    qtmodeltester, workspace, vc_assessment, vc_checklist
) -> None:
    with workspace.write() as session:
        assessments.create_assessment(
            session,
            vc_checklist,
            title="Autumn check",
            organisation="Zoë's Academy",
            actor="t",
            scope={
                "platform": "teams",
                "students": "none",
                "recording": "no",
                "jurisdiction": "outside-us",
            },
        )
        rows = assessments.list_assessments(session)
    model = AssessmentListModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = AssessmentFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(ListColumn.ORGANISATION, Qt.SortOrder.AscendingOrder)
    assert [proxy.data(proxy.index(r, ListColumn.ORGANISATION)) for r in range(2)] == [
        "Hillside Primary",
        "Zoë's Academy",
    ]
    proxy.setFilterFixedString("zoë")
    assert proxy.rowCount() == 1
    assert proxy.data(proxy.index(0, ListColumn.TITLE)) == "Autumn check"
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(QModelIndex()) == len(
        ListColumn
    )


def test_the_list_shows_the_checklist_version_even_in_a_narrow_column(
    qtbot, make_window, vc_assessment
) -> None:
    window = make_window()
    page = window.assessments_page
    checklist = vc_assessment.checklist
    index = page.proxy.index(0, ListColumn.CHECKLIST)
    assert index.data() == f"{checklist.title} v{checklist.version}"
    page.table.setColumnWidth(ListColumn.CHECKLIST, 160)
    option = QStyleOptionViewItem()
    option.initFrom(page.table.viewport())
    option.rect = page.table.visualRect(index)
    option.widget = page.table
    page.checklist_delegate.initStyleOption(option, index)
    assert option.text.endswith(f"… v{checklist.version}")
    style = page.table.style()
    margin = style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, option, page.table) + 1
    room = style.subElementRect(style.SubElement.SE_ItemViewItemText, option, page.table)
    assert option.fontMetrics.horizontalAdvance(option.text) <= room.width() - 2 * margin
    page.table.setColumnWidth(ListColumn.CHECKLIST, 900)
    option.rect = page.table.visualRect(index)
    page.checklist_delegate.initStyleOption(option, index)
    assert option.text == f"{checklist.title} v{checklist.version}"
