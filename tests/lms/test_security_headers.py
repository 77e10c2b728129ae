"""Content Security Policy and framing: strict on the site, as tight as Wagtail
allows on the admin, and previews framed only by the admin on the same origin."""

import base64
import hashlib
import re

import pytest
from django.test import RequestFactory

from courses.models import LessonPage
from tests.certificates import factories as certificate_factories
from tests.courses.conftest import build_course

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, set[str]]:
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


def test_site_pages_allow_nothing_inline_nothing_foreign_and_no_framing(
    client, home_page
):
    response = client.get("/")
    policy = directives(response)
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    assert policy["img-src"] == {"'self'", "data:"}
    assert policy["object-src"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["frame-src"] == {
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    }
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_admin_is_never_framed_and_loads_nothing_from_other_hosts(
    client, administrator
):
    client.force_login(administrator)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["default-src"] == {"'self'"}
    assert policy["img-src"] == {"'self'", "data:", "blob:"}
    assert policy["frame-src"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    # Wagtail 8 starts its widgets with inline scripts; nothing else is widened.
    assert policy["script-src"] == {"'self'", "'unsafe-inline'"}
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_admin_shows_no_gravatar(client, administrator):
    client.force_login(administrator)
    html = client.get("/admin/").content.decode()
    assert "Dashboard" in html
    assert "gravatar" not in html.lower()


def _preview(obj, administrator):
    request = RequestFactory().get("/admin/")
    request.user = administrator
    return obj.make_preview_request(request, obj.default_preview_mode)


def test_a_lesson_preview_may_be_framed_by_the_admin_only(home_page, administrator):
    course = build_course(home_page, modules=1, lessons=1)
    lesson = LessonPage.objects.descendant_of(course).get()
    response = _preview(lesson, administrator)
    assert response.status_code == 200
    assert "Text of lesson 1.1" in response.content.decode()
    policy = directives(response)
    assert policy["frame-ancestors"] == {"'self'"}
    # Otherwise the site's own policy: still no inline script.
    assert policy["script-src"] == {"'self'"}


def test_a_certificate_preview_carries_its_stylesheet_by_hash(administrator):
    template = certificate_factories.template()
    response = _preview(template, administrator)
    html = response.content.decode()
    assert "Jordan Example" in html
    (css,) = re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    policy = directives(response)
    assert policy["style-src"] == {"'self'", f"'sha256-{digest}'"}
    assert policy["frame-ancestors"] == {"'self'"}
