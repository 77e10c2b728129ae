"""The JSON-LD contexts Harbour signs with, pinned in the repository.

A document loader that answers only from these files: a credential that names
any other context is refused instead of fetched, so signing and verifying never
touch the network and always see the same definitions.
"""

import json
from functools import cache
from pathlib import Path

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

_FOLDER = Path(__file__).resolve().parent / "contexts"
_FILES = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    OPEN_BADGES_V3: "ob-context-3.0.3.jsonld",
}


class UnknownContext(ValueError):
    """A credential names a JSON-LD context that is not pinned here."""


@cache
def pinned_context(url: str) -> dict:
    """The parsed context document for a pinned URL."""
    try:
        name = _FILES[url]
    except KeyError:
        raise UnknownContext(url) from None
    return json.loads((_FOLDER / name).read_text(encoding="utf-8"))


def load_document(url: str, options=None) -> dict:
    """pyld document loader: pinned contexts only, never the network."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": pinned_context(url),
        # "static" lets pyld keep the processed context between calls.
        "tag": "static",
    }


def pinned_urls() -> tuple[str, ...]:
    """Every context URL Harbour can process."""
    return tuple(_FILES)
