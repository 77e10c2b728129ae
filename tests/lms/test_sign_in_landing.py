"""After signing in, each role lands where it works; ?next= still wins."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def _sign_in(client, user, next_url: str = ""):
    url = "/account/sign-in/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.email, "password": PASSWORD})


@pytest.mark.parametrize(
    ("make", "landing"),
    [
        (factories.participant, "/my-learning/"),
        (factories.facilitator, "/facilitator/"),
        (factories.administrator, "/admin/"),
    ],
)
def test_each_role_lands_on_its_own_start(client, home_page, make, landing):
    response = _sign_in(client, make())
    assert response.status_code == 302
    assert response.url == landing


def test_an_administrator_who_also_facilitates_lands_in_the_admin(client, home_page):
    person = factories.facilitator()
    person.groups.add(factories.administrator().groups.get())
    assert _sign_in(client, person).url == "/admin/"


def test_a_next_address_on_the_site_wins(client, home_page):
    response = _sign_in(client, factories.participant(), next_url="/privacy/")
    assert response.url == "/privacy/"


def test_a_next_address_elsewhere_is_ignored(client, home_page):
    response = _sign_in(
        client, factories.participant(), next_url="https://evil.example/"
    )
    assert response.url == "/my-learning/"


def test_a_signed_in_participant_opening_sign_in_goes_to_my_learning(client, home_page):
    client.force_login(factories.participant())
    response = client.get("/account/sign-in/")
    assert response.status_code == 302
    assert response.url == "/my-learning/"
