"""Verification codes: random, readable, typed back in any case or spacing."""

import re
import secrets

# No 0/O, 1/I/L: nothing a reader can mistake for something else.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20  # 20 x log2(31) = 99 bits of randomness
GROUP = 4
_STRIP = re.compile(r"[\s\-_.]+")
_VALID = re.compile(rf"[{ALPHABET}]{{{CODE_LENGTH}}}")


def generate_code() -> str:
    """A fresh code of CODE_LENGTH characters from ALPHABET, from `secrets`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """The code as printed: groups of four joined by dashes."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(text: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be one."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    candidate = _STRIP.sub("", text).upper()
    if _VALID.fullmatch(candidate):
        return candidate
    return None
