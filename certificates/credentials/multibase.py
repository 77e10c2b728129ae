"""Multibase and multicodec encodings used by Data Integrity proofs and Multikeys."""

import base64

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub, as a varint


def base58btc_encode(data: bytes) -> str:
    """Bitcoin-alphabet base58, leading zero bytes kept as '1'."""
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, rest = divmod(number, 58)
        out.append(_ALPHABET[rest])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(out))


def base58btc_decode(text: str) -> bytes:
    """Inverse of base58btc_encode; ValueError on a character outside the alphabet."""
    number = 0
    for char in text:
        try:
            number = number * 58 + _INDEX[char]
        except KeyError:
            raise ValueError(f"not base58btc: {char!r}") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode_z(data: bytes) -> str:
    """Multibase base58btc ('z' prefix)."""
    return "z" + base58btc_encode(data)


def decode_z(text: str) -> bytes:
    """Decode a multibase base58btc value."""
    if not text.startswith("z"):
        raise ValueError("expected a multibase base58btc value (starting with z)")
    return base58btc_decode(text[1:])


def encode_u(data: bytes) -> str:
    """Multibase base64url without padding ('u' prefix)."""
    return "u" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def decode_u(text: str) -> bytes:
    """Decode a multibase base64url value."""
    if not text.startswith("u"):
        raise ValueError("expected a multibase base64url value (starting with u)")
    body = text[1:]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def ed25519_public_multikey(raw_public_key: bytes) -> str:
    """A 32-byte Ed25519 public key as a Multikey publicKeyMultibase."""
    return encode_z(ED25519_PUB_PREFIX + raw_public_key)


def ed25519_public_from_multikey(value: str) -> bytes:
    """The raw 32-byte key of an Ed25519 Multikey; ValueError for anything else."""
    data = decode_z(value)
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return data[2:]
