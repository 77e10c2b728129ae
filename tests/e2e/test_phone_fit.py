"""Every page a participant or a facilitator reaches fits a 360 px phone screen.

The walk starts where each role lands after signing in and follows the links on
every page (same site, plain GET pages, no downloads), on the demo's data.
"""

from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from wagtail.models import Collection

from lms.demo import DEMO_PASSWORD
from tests.conftest import _ensure_wagtail_tree
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 360
MAX_PAGES = 60
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".zip", ".json", ".png", ".svg")
SKIP_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/account/sign-out/",
    "/static/",
    "/media/",
    "/documents/",
)


@pytest.fixture
def demo(db):
    _ensure_wagtail_tree()
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def narrow_page(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
    )
    found = []
    for href in hrefs:
        url = urljoin(page.url, href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path
        if path.endswith(SKIP_SUFFIXES) or path.startswith(SKIP_PREFIXES):
            continue
        found.append(path)  # a page once, whatever its sort order or filter
    return found


def _walk(page, live_server) -> dict[str, int]:
    """Visit every page reachable from where the person landed; their widths."""
    origin = live_server.url
    start = urlsplit(page.url).path
    queue, seen, widths = [start], {start}, {}
    while queue and len(widths) < MAX_PAGES:
        path = queue.pop(0)
        response = page.goto(origin + path)
        if response is None or response.status != 200:
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
        for link in _links(page, origin):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return widths


@pytest.mark.parametrize(
    ("email", "landing"),
    [
        ("participant@harbour.test", "/my-learning/"),
        ("facilitator@harbour.test", "/facilitator/"),
    ],
)
def test_no_page_scrolls_sideways_at_360_px(
    narrow_page, live_server, demo, email, landing
):
    sign_in(narrow_page, live_server, email, DEMO_PASSWORD)
    assert urlsplit(narrow_page.url).path == landing
    widths = _walk(narrow_page, live_server)
    assert len(widths) >= 8, widths  # the walk really went through the site
    too_wide = {path: width for path, width in widths.items() if width > WIDTH}
    assert too_wide == {}
