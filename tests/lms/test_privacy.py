"""The privacy notice participants agree to when they join."""

import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_the_notice_says_what_is_kept_and_who_sees_it(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Version 2026-11" in html
    assert "The facilitators of your training see your details" in html
    assert "Other participants see nothing about you." in html
    # The verification page's limits are stated, as it is public.
    assert "shows only what is printed on the certificate" in html
    # Without a contact address configured, people are sent to administrators.
    assert "mailto:" not in html
    assert "or the programme's administrators." in html


@override_settings(
    PRIVACY_NOTICE_VERSION="2027-03", PRIVACY_CONTACT_EMAIL="privacy@example.org"
)
def test_version_and_contact_come_from_settings(client):
    html = client.get("/privacy/").content.decode()
    assert "Version 2027-03" in html
    assert '<a href="mailto:privacy@example.org">privacy@example.org</a>' in html


def test_join_page_and_footer_link_to_it(client):
    join = client.get("/join/").content.decode()
    assert join.count('href="/privacy/"') == 2  # in the form and in the footer
    assert "(version 2026-11)" in join


def test_the_notice_is_read_only(client):
    assert client.post("/privacy/").status_code == 405


def test_every_field_description_a_screen_reader_is_pointed_to_exists(client):
    html = client.get("/join/").content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    # Code, email, username, and the consent box with the notice's summary.
    assert len(described) == 4
    for ids in described:
        for id_ in ids.split():
            assert f'id="{id_}"' in html, f"{id_} is announced but not on the page"
