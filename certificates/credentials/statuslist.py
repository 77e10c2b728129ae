"""Bitstring Status List v1.0: a gzip-compressed bitstring, multibase base64url.

Bit 0 is the left-most (most significant) bit of the first byte. The list has
131,072 entries, the minimum the Recommendation sets so that one person's
status cannot be singled out from the list's size.
"""

import gzip
from collections.abc import Iterable

from . import multibase

LIST_LENGTH = 131_072


class StatusListError(ValueError):
    """An encoded list that cannot be read, or an index outside it."""


def encode(set_indices: Iterable[int], *, length: int = LIST_LENGTH) -> str:
    """The encodedList value with the given bits set."""
    bits = bytearray(length // 8)
    for index in set_indices:
        if not 0 <= index < length:
            raise StatusListError(f"index {index} is outside the list")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0 keeps the bytes the same for the same bits.
    return multibase.encode_u(gzip.compress(bytes(bits), mtime=0))


def decode(encoded: str) -> bytes:
    """The raw bitstring of an encodedList."""
    try:
        return gzip.decompress(multibase.decode_u(encoded))
    except (ValueError, OSError, EOFError) as exc:
        raise StatusListError("the status list cannot be decoded") from exc


def is_set(bitstring: bytes, index: int) -> bool:
    """True when the bit for index is 1."""
    if not 0 <= index < len(bitstring) * 8:
        raise StatusListError(f"index {index} is outside the list")
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))
