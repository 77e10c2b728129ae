"""PDFs of the cohorts app (sign-in sheets), rendered by WeasyPrint without any fetching."""

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher


class NoFetching(URLFetcher):
    """Refuses every URL: a sign-in sheet needs nothing from outside its own HTML."""

    def fetch(self, url, headers=None):
        raise ValueError(f"Refused to fetch {url[:80]} while rendering a PDF")


def _stylesheet() -> CSS:
    path = finders.find("css/cohorts-print.css")
    with open(path, encoding="utf-8") as handle:  # a static file, never a media path
        return CSS(string=handle.read(), url_fetcher=NoFetching())


def render_pdf(html: str) -> bytes:
    """Render trusted template HTML to PDF bytes."""
    fetcher = NoFetching()
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[_stylesheet()]
    )
