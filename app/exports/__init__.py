"""Editable working copies of an assessment: Excel, CSV and Word, from the PDF's content.

`rows` derives every table once from the snapshot (through `app.report.content`, as the PDF
does); `workbook`, `csv_files` and `word` only lay those rows out; `writing` puts the result in
place whole or not at all; `formats` picks the writer for a format.
"""
