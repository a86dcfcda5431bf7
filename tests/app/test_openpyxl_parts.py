"""The parts of openpyxl the workbook uses that openpyxl does not publish: still there, still doing it."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.exports.openpyxl_parts import OpenpyxlChangedError, close_streams, sheet_files_in


def streaming_sheet() -> tuple[Workbook, WriteOnlyWorksheet]:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Answers")
    assert isinstance(ws, WriteOnlyWorksheet)
    ws.append(["a1", "Is the waiting room on?", "yes"])
    return wb, ws


def test_sheets_stream_into_the_folder_given_and_are_gone_after_the_save(tmp_path: Path) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    with sheet_files_in(folder):
        wb, _ws = streaming_sheet()
        (streamed,) = folder.iterdir()
        assert streamed.name.startswith("openpyxl.")
        assert str(streamed) in sheet_writer.ALL_TEMP_FILES
        wb.save(tmp_path / "plan.xlsx")
    assert list(folder.iterdir()) == []
    assert str(streamed) not in sheet_writer.ALL_TEMP_FILES


def test_other_threads_keep_openpyxls_own_folder(tmp_path: Path) -> None:
    made: list[str] = []

    def elsewhere() -> None:
        wb, ws = streaming_sheet()
        made.append(ws._writer.out)  # type: ignore[attr-defined]
        close_streams(wb)

    folder = tmp_path / "sheets"
    folder.mkdir()
    with sheet_files_in(folder):
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
    (out,) = made
    assert Path(out).parent == Path(tempfile.gettempdir())
    assert list(folder.iterdir()) == []


def test_closing_a_half_written_sheet_closes_its_streams_and_removes_its_file(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    with sheet_files_in(folder):
        wb, ws = streaming_sheet()
    rows, writer = ws._rows, ws._writer  # type: ignore[attr-defined]
    assert rows.gi_frame is not None and writer.xf.gi_frame is not None  # running
    close_streams(wb)
    assert rows.gi_frame is None and writer.xf.gi_frame is None  # closed, nothing to collect
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("holder", "name"),
    [
        (WriteOnlyWorksheet, "_rows"),
        (WriteOnlyWorksheet, "_writer"),
        (sheet_writer, "create_temporary_file"),
        (sheet_writer, "ALL_TEMP_FILES"),
    ],
)
def test_an_openpyxl_without_a_part_is_refused_loudly(monkeypatch, holder, name) -> None:
    """A newer openpyxl that moved a part fails here, not by skipping the cleanup quietly."""
    wb, _ws = streaming_sheet()
    try:
        monkeypatch.delattr(holder, name)
        with pytest.raises(OpenpyxlChangedError, match=name):
            close_streams(wb)
        with pytest.raises(OpenpyxlChangedError, match=name), sheet_files_in(None):
            pass
    finally:
        monkeypatch.undo()
        close_streams(wb)
