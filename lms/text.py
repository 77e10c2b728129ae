"""Cleaning people's names and e-mail addresses, the way people expect them compared.

Pure functions over strings, no database. The roster import, walk-ins, joining
and certificate rendering all call them, so a name is cleaned the same way
wherever it enters Harbour or is printed:

- Unicode NFC, so "Zoë" typed with a combining diaeresis and "Zoë" typed as
  one character are the same name;
- no invisible format characters (Unicode category Cf: zero-width spaces and
  joiners, soft hyphens, byte-order marks, bidirectional overrides and
  isolates), which can hide inside a pasted name or print it reversed;
- no control characters, and runs of spaces, tabs or line breaks as one space.
"""

import unicodedata


def format_characters(value: str | None) -> list[str]:
    """The invisible format and control characters in a text, as "U+200B" codes."""
    found = []
    for char in str(value or ""):
        category = unicodedata.category(char)
        if category == "Cf" or (category == "Cc" and not char.isspace()):
            code = f"U+{ord(char):04X}"
            if code not in found:
                found.append(code)
    return found


def _without_invisible(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text  # most names: nothing to look at character by character
    return "".join(
        char
        for char in text
        if unicodedata.category(char) != "Cf"
        and (unicodedata.category(char) != "Cc" or char.isspace())
    )


def clean_person_name(value: str | None) -> str:
    """A name as Harbour stores and prints it: NFC, nothing invisible, single spaces."""
    text = _without_invisible(str(value or ""))
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def person_name_key(value: str | None) -> str:
    """How two names are compared: cleaned, then without regard to case."""
    return clean_person_name(value).casefold()


def normalise_email(value: str | None) -> str:
    """An e-mail address as Harbour stores and compares it: trimmed, lower case.

    Returns "" for an empty cell. Spaces inside the address are kept, so that
    validation can refuse them rather than guess what was meant.
    """
    text = unicodedata.normalize("NFC", _without_invisible(str(value or "")))
    return text.strip().lower()
