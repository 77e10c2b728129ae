"""A WeasyPrint URL fetcher that reads only Harbour's own static and media files.

WeasyPrint 70 takes a `weasyprint.urls.URLFetcher` instance (it reads
`_fail_on_errors` from it), so this subclasses it and replaces `fetch`: nothing
is ever requested over the network, so there are no redirects to follow.
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are rendered with this base URL; no real host answers to it (.invalid).
ASSET_ORIGIN = "https://assets.harbour.invalid"
ASSET_BASE_URL = f"{ASSET_ORIGIN}/"
STATIC_PREFIX = "/static/"
MEDIA_PREFIX = "/media/"
MAX_BYTES = 10 * 1024 * 1024


class RefusedURL(ValueError):
    """The renderer asked for something outside the app's own files."""


def static_asset_url(path: str) -> str:
    """The URL a certificate template uses for a static file."""
    return f"{ASSET_ORIGIN}{STATIC_PREFIX}{path.lstrip('/')}"


def media_asset_url(name: str) -> str:
    """The URL a certificate template uses for a file in default storage."""
    return f"{ASSET_ORIGIN}{MEDIA_PREFIX}{name.lstrip('/')}"


def _relative(path: str, prefix: str) -> str:
    rel = unquote(path[len(prefix) :])
    if "\x00" in rel or "\\" in rel:
        raise RefusedURL("Refused a file name with control characters")
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise RefusedURL("Refused a path outside the app's files")
    return posixpath.join(*parts)


def _read_static(rel: str) -> bytes:
    found = finders.find(rel)
    if not found and settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / rel).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            found = str(candidate)
    if not found:
        raise RefusedURL(f"No static file {rel}")
    with open(found, "rb") as handle:  # a static file, never a media path
        return handle.read(MAX_BYTES + 1)


def _read_media(rel: str) -> bytes:
    if not default_storage.exists(rel):
        raise RefusedURL(f"No stored file {rel}")
    with default_storage.open(rel, "rb") as handle:
        return handle.read(MAX_BYTES + 1)


class SafeURLFetcher(URLFetcher):
    """Serves data: URLs and the app's static/media files from disk; refuses the rest."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allowed_protocols", ("data",))
        kwargs["allow_redirects"] = False
        super().__init__(**kwargs)

    def fetch(self, url, headers=None):
        if not isinstance(url, str):
            raise RefusedURL("Refused a URL that is not text")
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin != ASSET_ORIGIN or parts.query or parts.fragment:
            raise RefusedURL(f"Refused to fetch {url[:200]}")
        try:
            if parts.path.startswith(STATIC_PREFIX):
                rel = _relative(parts.path, STATIC_PREFIX)
                data = _read_static(rel)
            elif parts.path.startswith(MEDIA_PREFIX):
                rel = _relative(parts.path, MEDIA_PREFIX)
                data = _read_media(rel)
            else:
                raise RefusedURL(f"Refused to fetch {url[:200]}")
        except (SuspiciousFileOperation, OSError) as error:
            raise RefusedURL(f"Refused to fetch {url[:200]}") from error
        if len(data) > MAX_BYTES:
            raise RefusedURL("Refused a file larger than 10 MB")
        mime, _ = mimetypes.guess_type(rel)
        return URLFetcherResponse(
            url, data, {"Content-Type": mime or "application/octet-stream"}
        )
