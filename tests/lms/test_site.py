"""The site shell: home page, health check, error pages, seed_demo."""

from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError
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
    assert response.json() == {"database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("lms.views.connection") as conn:
        conn.cursor.side_effect = DatabaseError("down")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}


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


def test_password_reset_page_is_styled_as_harbour(client, home_page):
    html = client.get("/account/password/reset/").content.decode()
    assert "Reset your password" in html
    assert "Harbour" in html


def _row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.app_label not in {"sessions"}
    }


def test_seed_demo_twice_changes_nothing():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "facilitator@harbour.test" in out.getvalue()
    first = _row_counts()
    call_command("seed_demo", stdout=StringIO())
    second = _row_counts()
    assert first == second


def test_seed_demo_sign_ins_work(client):
    from lms.demo import DEMO_PASSWORD

    call_command("seed_demo", stdout=StringIO())
    for email in (
        "admin@harbour.test",
        "facilitator@harbour.test",
        "participant@harbour.test",
    ):
        client.logout()
        response = client.post(
            "/account/sign-in/", {"username": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, email
    home = client.get("/")
    assert home.status_code == 200
    assert "Learn to recognise the signs of trafficking" in home.content.decode()


def test_a_refused_request_gets_the_products_400_page(client, home_page):
    from django.core.exceptions import SuspiciousOperation

    from lms.views import bad_request

    response = bad_request(client.get("/").wsgi_request, SuspiciousOperation())
    assert response.status_code == 400
    assert "We could not accept that request" in response.content.decode()
