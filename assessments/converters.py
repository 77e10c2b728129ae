"""URL converters of the assessments app."""

from __future__ import annotations


class RowIdConverter:
    """A database id in a URL: 1 to 18 digits, so it always fits a 64-bit integer.

    Longer numbers never reach the database (where SQLite would raise
    OverflowError); the URL simply does not match and the answer is a 404.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
