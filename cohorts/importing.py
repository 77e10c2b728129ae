"""Reading a roster file (CSV or XLSX) safely into rows, before any import logic.

Everything here is about bytes and text: size, encodings, delimiters, quotes,
workbooks that are not workbooks, and workbooks that unpack to gigabytes.
Files come from spreadsheets and registration forms, so this reads what they
really write: a byte-order mark, CRLF line ends, UTF-8 or Windows cp1252 (but
never both in one file), commas, semicolons or tabs, and workbooks whose first
sheet is empty.
"""

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .exceptions import RosterFileError

MAX_FILE_BYTES = 2 * 1024 * 1024  # 2 MB
MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
ALLOWED_EXTENSIONS = (".csv", ".xlsx")
DELIMITERS = (",", ";", "\t", "|")
NOT_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")
# cp1252 leaves five bytes undefined; read those as the latin-1 control codes.
codecs.register_error(
    "harbour-latin1",
    lambda exc: (exc.object[exc.start : exc.end].decode("latin-1"), exc.end),
)
# How many lines the delimiter is guessed from (a title line or a header with
# commas inside must not decide it alone).
SNIFF_LINES = 50


class RosterFilePositionError(RosterFileError):
    """The file cannot be read from one place on: ``line`` and ``column`` say where."""

    def __init__(self, message: str, *, line: int, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class RosterTable:
    """The header and the non-blank rows of a roster file, with their line numbers."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    header_line: int = 1
    notes: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """A spreadsheet's name for the column at this 0-based index: A, B, …, Z, AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_roster_file(*, name: str, data: bytes) -> RosterTable:
    """Parse an uploaded roster; raise RosterFileError with a plain message if it cannot."""
    lowered = (name or "").lower()
    if not lowered.endswith(ALLOWED_EXTENSIONS):
        raise RosterFileError(
            _("Upload a .csv or .xlsx file (saved from a spreadsheet program).")
        )
    if len(data) > MAX_FILE_BYTES:
        raise RosterFileError(
            _(
                "The file is %(size).1f MB; the limit is 2 MB. Split it into "
                "smaller files."
            )
            % {"size": len(data) / 1024 / 1024}
        )
    if not data:
        raise RosterFileError(_("The file is empty (0 bytes)."))
    notes: list[str] = []
    grid = _read_xlsx(data, notes) if lowered.endswith(".xlsx") else _read_csv(data)
    table = _table(grid)
    table.notes = notes + table.notes
    return table


# --- text and CSV ----------------------------------------------------------------


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise RosterFileError(
                _("The file says it is UTF-16 but is not. Save it again as CSV UTF-8.")
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
                _("This does not look like a text file. Save it as CSV UTF-8.")
            ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    # Not UTF-8. Spreadsheets on Windows still save "CSV" as cp1252 (Müller,
    # Curaçao), but a file that also holds proper UTF-8 was pasted together from
    # two sources: guessing would garble one half of the names, so say where.
    text = data.decode("utf-8", errors="replace")
    if NOT_ASCII.search(text):
        prefix = data[:bad].decode("utf-8", errors="replace")
        line, column = _line_and_column(prefix, len(prefix))
        raise RosterFilePositionError(
            _(
                "The file mixes two text encodings (UTF-8 and a Windows encoding): "
                "the character at line %(line)d, position %(column)d is not UTF-8, "
                "but earlier or later ones are. Open the file in a spreadsheet "
                "program and save it again as CSV UTF-8."
            )
            % {"line": line, "column": column},
            line=line,
        )
    return data.decode("cp1252", errors="harbour-latin1")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number of cells.

    The first line alone can mislead (a header "Name, as on the ID;Email" holds a
    comma), so each candidate is scored on up to SNIFF_LINES lines: how many of
    them split into the most common number (more than one) of cells.
    """
    sample = "\n".join(text.splitlines()[:SNIFF_LINES])
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [
                len(row)
                for row in csv.reader(io.StringIO(sample), delimiter=delimiter)
                if any(cell.strip() for cell in row)
            ]
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = (count, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes) -> list[list[str]]:
    if data[:4] == b"PK\x03\x04":
        raise RosterFileError(
            _(
                "This file is a spreadsheet workbook with a .csv ending. Rename it to "
                ".xlsx, or save it from your spreadsheet program as CSV."
            )
        )
    text = _decode(data)
    delimiter = sniff_delimiter(text)
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
            grid.append((started, row))
            if len(grid) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        raise RosterFilePositionError(
            _(
                "The file cannot be read from line %(line)d on: a quotation mark "
                "there is never closed, or a cell is broken. Open the file in a "
                "spreadsheet program, save it again as CSV, and upload it again."
            )
            % {"line": started},
            line=started,
        ) from exc
    return grid


# --- workbooks -------------------------------------------------------------------


def _read_xlsx(data: bytes, notes: list[str]) -> list[tuple[int, list[str]]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise RosterFileError(
            _(
                "This file ends in .xlsx but is not an Excel workbook (perhaps a CSV "
                "file renamed). Upload it with the .csv ending, or save it from your "
                "spreadsheet program as Excel workbook."
            )
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
                    _(
                        "This workbook unpacks to far more data than a roster holds, "
                        "so it was not opened. Save the roster again as a new "
                        "workbook or as CSV."
                    )
                )
            if "xl/workbook.xml" not in archive.namelist():
                raise RosterFileError(
                    _(
                        "This file is not an Excel workbook. Save it from your "
                        "spreadsheet program as Excel workbook (.xlsx) or as CSV."
                    )
                )
    except zipfile.BadZipFile as exc:
        raise RosterFileError(
            _("This workbook is damaged and cannot be opened.")
        ) from exc

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything on bad XML
        raise RosterFileError(
            _("This workbook is damaged and cannot be opened.")
        ) from exc
    try:
        skipped = []
        for sheet in workbook.worksheets:
            grid = []
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = ["" if v is None else str(v) for v in row]
                grid.append((number, cells))
                if len(grid) > MAX_ROWS + 1:
                    break
            if any(any(c.strip() for c in cells) for _number, cells in grid):
                if skipped:
                    notes.append(
                        _(
                            "The sheet “%(skipped)s” is empty, so the roster was "
                            "read from the sheet “%(sheet)s”."
                        )
                        % {"skipped": "”, “".join(skipped), "sheet": sheet.title}
                    )
                return grid
            skipped.append(sheet.title)
    finally:
        workbook.close()
    return []


# --- the table -------------------------------------------------------------------


def _table(grid: list[tuple[int, list[str]]]) -> RosterTable:
    lines_seen = len(grid)
    numbered = [(line, [str(cell).strip() for cell in row]) for line, row in grid]
    numbered = [(line, row) for line, row in numbered if any(row)]
    if not numbered:
        if lines_seen:
            raise RosterFilePositionError(
                _(
                    "Every line of the file is empty (lines 1 to %(last)d hold no "
                    "values, only separators). Fill in the template and try again."
                )
                % {"last": lines_seen},
                line=1,
            )
        raise RosterFileError(
            _("The file has no rows. Fill in the template and try again.")
        )
    (header_line, headers), body = numbered[0], numbered[1:]
    headers = [h.lstrip("\ufeff").strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    if not body:
        raise RosterFilePositionError(
            _(
                "The file has a header row (line %(line)d) but no participants below "
                "it. Add one participant per line under the header."
            )
            % {"line": header_line},
            line=header_line + 1,
        )
    if len(body) > MAX_ROWS:
        raise RosterFileError(
            _("The file has more than %(max)d rows. Split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    width = len(headers)
    rows = []
    for line, row in body:
        extra = [i for i, cell in enumerate(row[width:], start=width) if cell]
        if extra:
            raise RosterFilePositionError(
                _(
                    "Line %(line)d has a value in column %(column)s, but the header "
                    "row has only %(width)d columns. Perhaps a name with a comma or "
                    "semicolon in it is not in quotation marks; open the file in a "
                    "spreadsheet program and save it again as CSV."
                )
                % {"line": line, "column": column_letter(extra[0]), "width": width},
                line=line,
                column=extra[0],
            )
        rows.append((row + [""] * width)[:width])
    return RosterTable(
        headers=headers,
        rows=rows,
        lines=[line for line, _row in body],
        header_line=header_line,
    )
