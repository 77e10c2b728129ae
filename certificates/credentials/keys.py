"""The issuer's signing keys: a keyring from settings, published as did:web.

A keyring is a JSON document:

    {"current": "key-2026-12-01",
     "keys": [{"id": "key-2026-12-01", "created": "2026-12-01",
               "private_key": "<base64url of the 32-byte Ed25519 seed>"},
              {"id": "key-2025-01-10", "created": "2025-01-10",
               "retired": "2026-12-01", "public_key_multibase": "z6Mk…"}]}

Only the current key signs. Earlier keys keep only their public half and stay
in the DID document, so a credential signed before a rotation still verifies.
"""

import base64
import json
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from . import multibase


@dataclass(frozen=True)
class IssuerKey:
    """One key of the keyring: its id, its public half and, if current, its private half."""

    key_id: str
    public_key: Ed25519PublicKey
    private_key: Ed25519PrivateKey | None
    created: str
    retired: str = ""

    @property
    def public_key_multibase(self) -> str:
        raw = self.public_key.public_bytes_raw()
        return multibase.ed25519_public_multikey(raw)


@dataclass(frozen=True)
class Keyring:
    """Every key the issuer has used, and the one that signs now."""

    keys: tuple[IssuerKey, ...]
    current_id: str

    @property
    def current(self) -> IssuerKey:
        return next(k for k in self.keys if k.key_id == self.current_id)

    def find(self, key_id: str) -> IssuerKey | None:
        return next((k for k in self.keys if k.key_id == key_id), None)


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_keyring(data: dict) -> Keyring:
    """A Keyring from its JSON form; ImproperlyConfigured when it is unusable."""
    try:
        current_id = str(data["current"])
        keys = []
        for entry in data["keys"]:
            private = None
            if entry.get("private_key"):
                private = Ed25519PrivateKey.from_private_bytes(
                    _b64decode(entry["private_key"])
                )
                public = private.public_key()
            else:
                raw = multibase.ed25519_public_from_multikey(
                    entry["public_key_multibase"]
                )
                public = Ed25519PublicKey.from_public_bytes(raw)
            keys.append(
                IssuerKey(
                    key_id=str(entry["id"]),
                    public_key=public,
                    private_key=private,
                    created=str(entry.get("created", "")),
                    retired=str(entry.get("retired", "")),
                )
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"The credential keyring is not valid: {exc}"
        ) from exc
    ring = Keyring(keys=tuple(keys), current_id=current_id)
    if ring.find(current_id) is None or ring.current.private_key is None:
        raise ImproperlyConfigured(
            "The credential keyring has no private key for its current key."
        )
    return ring


def keyring_new(existing: dict | None = None, *, today: str | None = None) -> dict:
    """A keyring with a fresh current key; an existing one keeps its old keys, public only."""
    today = today or timezone.localdate().isoformat()
    seed = secrets.token_bytes(32)
    key_id = f"key-{today}-{secrets.token_hex(2)}"
    keys = []
    if existing:
        old = parse_keyring(existing)
        for key in old.keys:
            keys.append(
                {
                    "id": key.key_id,
                    "created": key.created,
                    "retired": key.retired or today,
                    "public_key_multibase": key.public_key_multibase,
                }
            )
    keys.insert(
        0,
        {
            "id": key_id,
            "created": today,
            "private_key": base64.urlsafe_b64encode(seed).decode().rstrip("="),
        },
    )
    return {"current": key_id, "keys": keys}


@cache
def _load(path: str, inline: str) -> Keyring:
    if inline:
        return parse_keyring(json.loads(inline))
    if not path:
        raise ImproperlyConfigured(
            "No credential keyring: set HARBOUR_CREDENTIAL_KEYRING to a file made by "
            "`python manage.py credentials_keygen --output FILE`."
        )
    file = Path(path)
    if not file.exists() and getattr(
        settings, "HARBOUR_CREDENTIAL_KEYRING_CREATE", False
    ):
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(keyring_new(), indent=2))
        file.chmod(0o600)
    try:
        return parse_keyring(json.loads(file.read_text()))
    except (OSError, json.JSONDecodeError) as exc:
        raise ImproperlyConfigured(
            f"The credential keyring cannot be read: {exc}"
        ) from exc


def keyring() -> Keyring:
    """The issuer's keyring as the settings name it."""
    return _load(
        str(getattr(settings, "HARBOUR_CREDENTIAL_KEYRING", "") or ""),
        str(getattr(settings, "HARBOUR_CREDENTIAL_KEYRING_JSON", "") or ""),
    )


def keyring_reload() -> None:
    """Forget the loaded keyring (after a rotation, or in tests that change settings)."""
    _load.cache_clear()


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def issuer_did() -> str:
    """did:web of the site, e.g. did:web:harbour.example.org (a port is %3A-encoded)."""
    parts = urlsplit(base_url())
    host = quote(parts.netloc, safe="")
    path = [p for p in parts.path.split("/") if p]
    return ":".join(["did:web", host, *path])


def method_id(key: IssuerKey) -> str:
    """The verification method id a proof names for a key."""
    return f"{issuer_did()}#{key.key_id}"


def resolve_method(method: str) -> Ed25519PublicKey | None:
    """The public key for a verification method of this issuer, current or earlier."""
    did, _, key_id = method.partition("#")
    if did != issuer_did():
        return None
    key = keyring().find(key_id)
    return key.public_key if key else None


def did_document() -> dict:
    """The did:web document: every key the issuer has signed with, as Multikeys."""
    did = issuer_did()
    ring = keyring()
    methods = [
        {
            "id": method_id(key),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in ring.keys
    ]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1",
        ],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
