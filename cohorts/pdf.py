"""PDFs of the cohorts app (sign-in sheets), rendered by WeasyPrint without any fetching.

WeasyPrint takes half a second to import, so it loads only when a sheet is rendered.
"""

from django.contrib.staticfiles import finders


def _no_fetching():
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """Refuses every URL: a sign-in sheet needs nothing from outside its own HTML."""

        def fetch(self, url, headers=None):
            raise ValueError(f"Refused to fetch {url[:80]} while rendering a PDF")

    return NoFetching()


def _stylesheet():
    from weasyprint import CSS

    path = finders.find("css/cohorts-print.css")
    with open(path, encoding="utf-8") as handle:  # a static file, never a media path
        return CSS(string=handle.read(), url_fetcher=_no_fetching())


def render_pdf(html: str) -> bytes:
    """Render trusted template HTML to PDF bytes."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=_no_fetching()).write_pdf(
        stylesheets=[_stylesheet()]
    )
