"""Password guessing: lock-outs by account and address together (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db
ROOM = "203.0.113.7"
PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _sign_in(client, username, password, *, address=ROOM, url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _guess(client, username, times, **kwargs):
    for _ in range(times):
        response = _sign_in(client, username, "wrong-password", **kwargs)
    return response


def test_wrong_passwords_lock_the_account_at_that_address(client):
    alice = factories.participant(email="alice@example.org")
    first = _guess(client, "alice@example.org", 4)
    assert first.status_code == 200
    assert "do not match an account" in first.text
    locked = _guess(client, "Alice@Example.org ", 1)  # any case counts the same
    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.text
    assert "paused for 15 minutes, until" in locked.text
    assert locked["Retry-After"] == "900"
    # Even the right password waits until the pause is over.
    response = _sign_in(client, "alice@example.org", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().username == "alice@example.org"
    assert alice.last_login is None


def test_one_persons_mistakes_never_lock_out_the_room(client):
    factories.participant(email="alice@example.org")
    factories.participant(email="bob@example.org")
    _guess(client, "alice@example.org", 6)
    # Bob, on the same Wi-Fi, signs in at once.
    response = _sign_in(client, "bob@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    client.logout()
    # Alice at another address is not paused either.
    response = _sign_in(client, "alice@example.org", PASSWORD, address="198.51.100.2")
    assert response.status_code == 302


def test_a_right_password_before_the_limit_clears_the_count(client):
    factories.participant(email="alice@example.org")
    _guess(client, "alice@example.org", 4)
    assert _sign_in(client, "alice@example.org", PASSWORD).status_code == 302
    client.logout()
    assert _guess(client, "alice@example.org", 4).status_code == 200


def test_the_admin_sign_in_is_guarded_too(client):
    factories.administrator(email="admin@example.org")
    url = reverse("wagtailadmin_login")
    locked = _guess(client, "admin@example.org", 5, url=url)
    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.text
    response = _sign_in(client, "admin@example.org", PASSWORD, url=url)
    assert response.status_code == 429
