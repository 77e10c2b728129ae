"""The site shell: home page, health check, error pages, seed_demo."""

from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_home_page_shows_title_intro_and_sign_in(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Harbour</h1>" in html
    assert "Train, assist, refer." in html
    assert 'href="/account/sign-in/"' in html
    assert "Content-Security-Policy" in response.headers


def test_home_page_header_shows_the_signed_in_person(client, home_page, participant):
    client.force_login(participant)
    html = client.get("/").content.decode()
    assert participant.display_name in html
    assert "Sign out" in html
    assert 'href="/admin/"' not in html


def test_administrator_sees_the_admin_link(client, home_page, administrator):
    client.force_login(administrator)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_pages_carry_no_inline_script_or_style(client, home_page):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert " onclick=" not in html


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("lms.views.connection") as conn:
        conn.cursor.side_effect = DatabaseError("down")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_unknown_address_gets_the_products_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page_is_the_products_own(client, home_page):
    from lms.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@override_settings(DEBUG=False)
def test_the_server_error_page_speaks_the_requests_language():
    from django.utils import translation

    from lms.views import server_error

    with translation.override("pap"):
        page = server_error(None).content.decode()

    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="pap">' in page


def test_the_password_reset_email_is_harbours_own(client, home_page):
    from django.core import mail

    from tests import factories

    factories.participant(email="ana.pierre@example.org")
    response = client.post(
        "/account/password/reset/", {"email": "ana.pierre@example.org"}
    )

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Choose a new password for Harbour"
    assert "To choose a new password, open this link (it works once):" in message.body
    assert "/account/password/reset/" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body


def test_password_reset_page_is_styled_as_harbour(client, home_page):
    html = client.get("/account/password/reset/").content.decode()
    assert "Reset your password" in html
    assert "Harbour" in html


QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _table_counts() -> dict[str, int]:
    """Rows in every table of the database, Django's or not (search index included)."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            sql = f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}"  # noqa: S608
            cursor.execute(sql)
            counts[table] = cursor.fetchone()[0]
    return counts


def test_seed_demo_indexes_everything_and_twice_changes_nothing(
    client, home_page, caplog
):
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    from lms.demo import DEMO_PASSWORD

    out = StringIO()
    # As in production: saves only queue their search indexing for a worker.
    with override_settings(TASKS=QUEUED_TASKS), caplog.at_level("INFO"):
        call_command("seed_demo", stdout=out)
    first = _table_counts()
    # Every page is in the search index after the first run, quizzes included.
    pages = Page.objects.count()
    page_entries = IndexEntry.objects.filter(
        content_type__in=Page.objects.values("content_type")
    ).count()
    assert page_entries == pages >= 20
    assert first["wagtailsearch_indexentry"] == IndexEntry.objects.count()

    with override_settings(TASKS=QUEUED_TASKS):
        call_command("seed_demo", stdout=StringIO())
    second = _table_counts()
    assert {t: (n, second.get(t)) for t, n in first.items() if second.get(t) != n} == {}
    assert len(first) == len(second) > len(apps.get_models())

    # The output is a short block: sign-ins, then a full verification link.
    lines = out.getvalue().strip().splitlines()
    assert 5 <= len(lines) <= 10
    assert lines[0] == "Harbour demo is ready."
    assert DEMO_PASSWORD in lines[1]
    for email in (
        "admin@harbour.test",
        "facilitator@harbour.test",
        "facilitator2@harbour.test",
        "participant@harbour.test",
    ):
        assert any(email in line for line in lines), email
    assert lines[-1].startswith("Check a certificate: http://testserver/verify/")
    # Wagtail's one line per page published stays out of it.
    assert not [r for r in caplog.records if r.name.startswith("wagtail")]

    # The documented sign-ins work through the sign-in page.
    for email in ("admin@harbour.test", "facilitator@harbour.test"):
        client.logout()
        response = client.post(
            "/account/sign-in/", {"username": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, email
    client.logout()
    response = client.post(
        "/account/sign-in/",
        {"username": "participant@harbour.test", "password": DEMO_PASSWORD},
        follow=True,
    )
    assert response.context["user"].email == "participant@harbour.test"


def test_a_refused_request_gets_the_products_400_page(client, home_page):
    from django.core.exceptions import SuspiciousOperation

    from lms.views import bad_request

    response = bad_request(client.get("/").wsgi_request, SuspiciousOperation())
    assert response.status_code == 400
    assert "We could not accept that request" in response.content.decode()
