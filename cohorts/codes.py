"""Pure functions for join codes and rotating check-in codes (no database)."""

import hashlib
import hmac
import secrets

# No 0/O, 1/I/L, 2/Z, 5/S or 8/B: characters people misread on a printed sheet.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 8
CHECK_IN_WINDOW_SECONDS = 120
CHECK_IN_DIGITS = 6


def join_code_new() -> str:
    """A fresh random join code, e.g. ``KX7F-M3QA``."""
    raw = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def join_code_normalise(text: str) -> str:
    """Upper-case the code and drop spaces, dashes and anything else typed around it."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def join_code_hash(code: str, *, secret: str) -> str:
    """Keyed hash of a normalised join code; only this is stored."""
    return hmac.new(
        secret.encode(), b"join:" + join_code_normalise(code).encode(), hashlib.sha256
    ).hexdigest()


def check_in_window(timestamp: float) -> int:
    """The number of the check-in window a moment falls in."""
    return int(timestamp // CHECK_IN_WINDOW_SECONDS)


def check_in_code(*, session_id: int, window: int, secret: str) -> str:
    """The six-digit check-in code of a session for one time window."""
    digest = hmac.new(
        secret.encode(), f"checkin:{session_id}:{window}".encode(), hashlib.sha256
    ).digest()
    number = int.from_bytes(digest[:8], "big") % (10**CHECK_IN_DIGITS)
    return f"{number:0{CHECK_IN_DIGITS}d}"


def check_in_code_normalise(text: str) -> str:
    """Digits only, so ``123 456`` and ``123-456`` are accepted."""
    return "".join(ch for ch in (text or "") if ch.isdigit())


def check_in_code_age(
    *, code: str, session_id: int, now: float, secret: str, look_back: int = 15
) -> int | None:
    """How many windows old the code is for this session (0 = current), or None."""
    code = check_in_code_normalise(code)
    current = check_in_window(now)
    for age in range(look_back + 1):
        expected = check_in_code(
            session_id=session_id, window=current - age, secret=secret
        )
        if hmac.compare_digest(expected, code):
            return age
    return None


def formula_safe(value):
    """Make a cell that a spreadsheet would run as a formula inert (prefix a quote)."""
    if isinstance(value, str) and value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


# = + - @ tab and carriage return, and their full-width forms.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
