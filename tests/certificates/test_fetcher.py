"""The WeasyPrint URL fetcher serves the app's own files from disk and refuses the rest."""

import socket
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from weasyprint import HTML

from certificates.fetcher import (
    RefusedURL,
    SafeURLFetcher,
    media_asset_url,
    static_asset_url,
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError("the fetcher tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


REFUSED = [
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "file://localhost/etc/passwd",
    "http://127.0.0.1:8000/static/img/harbour-mark.svg",
    "http://127.0.0.1:5432/",
    "http://localhost/",
    "http://169.254.169.254/latest/meta-data/",
    "https://example.org/logo.png",
    "https://assets.harbour.invalid.example.org/static/img/harbour-mark.svg",
    "http://assets.harbour.invalid/static/img/harbour-mark.svg",
    "https://user@assets.harbour.invalid/static/img/harbour-mark.svg",
    "https://assets.harbour.invalid/static/../../../etc/passwd",
    "https://assets.harbour.invalid/static/%2e%2e/%2e%2e/etc/passwd",
    "https://assets.harbour.invalid/static/img/harbour-mark.svg?next=http://x",
    "https://assets.harbour.invalid/media/../settings.py",
    "https://assets.harbour.invalid/media/%00",
    "https://assets.harbour.invalid/etc/passwd",
    "ftp://example.org/file",
    "gopher://127.0.0.1:6379/_INFO",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("url", REFUSED)
def test_refuses(url):
    with pytest.raises(RefusedURL):
        SafeURLFetcher().fetch(url)


def test_never_follows_redirects():
    fetcher = SafeURLFetcher()
    handlers = {type(h).__name__ for h in fetcher.handlers}
    assert "HTTPRedirectHandler" not in handlers
    with pytest.raises(RefusedURL):
        fetcher.fetch("http://127.0.0.1:8000/redirect-to-metadata")


def test_serves_a_static_file_from_disk():
    response = SafeURLFetcher().fetch(static_asset_url("img/harbour-mark.svg"))
    assert response.read().lstrip().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"


@pytest.mark.django_db
def test_serves_a_stored_media_file(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    name = default_storage.save("images/logo.png", ContentFile(b"\x89PNG fake"))
    response = SafeURLFetcher().fetch(media_asset_url(name))
    assert response.read() == b"\x89PNG fake"


def test_missing_files_are_refused():
    with pytest.raises(RefusedURL):
        SafeURLFetcher().fetch(static_asset_url("img/not-there.png"))


def test_data_urls_are_allowed():
    response = SafeURLFetcher().fetch("data:text/plain;base64,aGFyYm91cg==")
    assert response.read() == b"harbour"


def test_a_document_cannot_pull_in_local_files():
    html = (
        '<p>Hello</p><img src="file:///etc/passwd">'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="http://169.254.169.254/x.css">'
        '<iframe src="file:///etc/passwd"></iframe>'
    )
    pdf = HTML(
        string=html,
        base_url="https://assets.harbour.invalid/",
        url_fetcher=SafeURLFetcher(),
    ).write_pdf()
    assert b"root:x:0:0" not in pdf
    assert b"/EmbeddedFile" not in pdf
