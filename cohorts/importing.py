"""Reading a roster file (CSV or XLSX) safely into rows, before any import logic.

Everything here is about bytes and text: size, encodings, delimiters, quotes,
workbooks that are not workbooks, and workbooks that unpack to gigabytes.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from .exceptions import RosterFileError

MAX_FILE_BYTES = 2 * 1024 * 1024  # 2 MB
MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
ALLOWED_EXTENSIONS = (".csv", ".xlsx")


@dataclass
class RosterTable:
    """The header and the non-blank rows of a roster file, with their line numbers."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def read_roster_file(*, name: str, data: bytes) -> RosterTable:
    """Parse an uploaded roster; raise RosterFileError with a plain message if it cannot."""
    lowered = (name or "").lower()
    if not lowered.endswith(ALLOWED_EXTENSIONS):
        raise RosterFileError(
            "Upload a .csv or .xlsx file (saved from a spreadsheet program)."
        )
    if len(data) > MAX_FILE_BYTES:
        raise RosterFileError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is 2 MB. "
            "Split it into smaller files."
        )
    if not data:
        raise RosterFileError("The file is empty (0 bytes).")
    grid = _read_xlsx(data) if lowered.endswith(".xlsx") else _read_csv(data)
    return _table(grid)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise RosterFileError(
                "The file says it is UTF-16 but is not. Save it again as CSV UTF-8."
            ) from exc
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
        even_zeros = data[0:4096:2].count(0)
        odd_zeros = data[1:4096:2].count(0)
        encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise RosterFileError(
                "This does not look like a text file. Save it as CSV UTF-8."
            ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Spreadsheets on Windows still save "CSV" as cp1252 (Müller, Curaçao).
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> list[list[str]]:
    if data[:4] == b"PK\x03\x04":
        raise RosterFileError(
            "This file is a spreadsheet workbook with a .csv ending. Rename it to "
            ".xlsx, or save it from your spreadsheet program as CSV."
        )
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    grid = []
    started = 1
    try:
        while True:
            started = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            grid.append(row)
            if len(grid) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        raise RosterFileError(
            f"The file cannot be read from line {started} on: a quotation mark there "
            "is never closed, or a cell is broken. Open the file in a spreadsheet "
            "program, save it again as CSV, and upload it again."
        ) from exc
    return grid


def _read_xlsx(data: bytes) -> list[list[str]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise RosterFileError(
            "This file ends in .xlsx but is not an Excel workbook (perhaps a CSV file "
            "renamed). Upload it with the .csv ending, or save it from your "
            "spreadsheet program as Excel workbook."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if (
                len(infos) > 1000
                or unpacked > MAX_UNPACKED_BYTES
                or unpacked / packed > MAX_COMPRESSION_RATIO
            ):
                raise RosterFileError(
                    "This workbook unpacks to far more data than a roster holds, so "
                    "it was not opened. Save the roster again as a new workbook or as CSV."
                )
            if "xl/workbook.xml" not in archive.namelist():
                raise RosterFileError(
                    "This file is not an Excel workbook. Save it from your spreadsheet "
                    "program as Excel workbook (.xlsx) or as CSV."
                )
    except zipfile.BadZipFile as exc:
        raise RosterFileError("This workbook is damaged and cannot be opened.") from exc

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise RosterFileError("This workbook is damaged and cannot be opened.") from exc
    try:
        sheet = workbook.worksheets[0]
        grid = []
        for row in sheet.iter_rows(values_only=True):
            grid.append(["" if v is None else str(v) for v in row])
            if len(grid) > MAX_ROWS + 1:
                break
    finally:
        workbook.close()
    return grid


def _table(grid: list[list[str]]) -> RosterTable:
    numbered = [
        (line, [cell.strip() for cell in row]) for line, row in enumerate(grid, start=1)
    ]
    numbered = [(line, row) for line, row in numbered if any(row)]
    if not numbered:
        raise RosterFileError(
            "The file has no rows. Fill in the template and try again."
        )
    (_, headers), body = numbered[0], numbered[1:]
    headers = [h.lstrip("\ufeff").strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    if not body:
        raise RosterFileError("The file has a header row but no participants below it.")
    if len(body) > MAX_ROWS:
        raise RosterFileError(
            f"The file has more than {MAX_ROWS} rows. Split it into smaller files."
        )
    width = len(headers)
    rows = []
    for _, row in body:
        row = (row + [""] * width)[:width]
        rows.append(row)
    return RosterTable(headers=headers, rows=rows, lines=[line for line, _ in body])
