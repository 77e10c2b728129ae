"""A participant downloads everything Harbour holds about them, and nobody else's."""

import json

import pytest
from django.urls import reverse

from tests.lms import world as w


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(home_page):
    return w.build(home_page)


def _download(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("my_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="harbour-my-data-'
    )
    return json.loads(response.content)


@pytest.mark.django_db
def test_account_page_shows_the_profile_and_links_to_the_download(client, world):
    client.force_login(world.participant)
    response = client.get(reverse("account"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Marisol Quintero-Baptiste" in page
    assert "marisol@example.org" in page
    assert "Shelter of Hope" in page
    assert reverse("my_data") in page
    assert reverse("password_change") in page
    assert "You agreed to version 2026-11" in page


@pytest.mark.django_db
def test_account_page_and_download_need_a_sign_in(client):
    for name in ("account", "my_data"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
def test_my_data_holds_every_part_of_the_participant(client, world):
    data = _download(client, world.participant)

    assert data["format"] == "harbour-personal-data/1"
    assert data["profile"]["full_name"] == "Marisol Quintero-Baptiste"
    assert data["profile"]["email"] == "marisol@example.org"
    assert data["profile"]["organisation"] == "Shelter of Hope"
    assert data["profile"]["position"] == "Case worker"
    assert data["profile"]["roles"] == ["Participants"]
    assert data["consents"][0]["privacy_notice_version"] == "2026-11"

    [enrolment] = data["enrolments"]
    assert enrolment["cohort"] == "Saint Lucia, October 2026"
    first = enrolment["attendance"][0]
    assert first["status"] == "late"
    assert first["marked_by"] == "Fatima Facilitator"
    assert [(c["from_status"], c["to_status"]) for c in first["changes"]] == [
        ("present", "late")
    ]
    assert len(enrolment["attendance"]) == 4

    [attempt] = data["attempts"]
    assert attempt["answers"] == {"q-marisol": ["option-1"]}
    assert attempt["percent"] == "75.00"
    assert attempt["passed"] is True
    assert attempt["quiz"] == "Post-test"

    [certificate] = data["certificates"]
    assert certificate["participant_name"] == "Marisol Quintero-Baptiste"
    assert len(certificate["code"].replace("-", "")) == 20
    assert len(certificate["sha256"]) == 64

    assert len(data["join_codes"]) == 1
    assert "code_hash" not in data["join_codes"][0]
    assert isinstance(data["lesson_completions"], list)


@pytest.mark.django_db
def test_my_data_holds_nothing_of_anyone_else(client, world):
    text = json.dumps(_download(client, world.participant))
    for other in (world.other_participant, world.classmate):
        assert other.full_name not in text
    assert "theodora@example.org" not in text
    assert "q-theodora" not in text
    assert "Curaçao" not in text
    assert "Oscar" not in text


@pytest.mark.django_db
def test_another_participant_downloads_only_their_own(client, world):
    data = _download(client, world.other_participant)
    assert data["profile"]["full_name"] == "Theodora Elsewhere"
    assert [e["cohort"] for e in data["enrolments"]] == ["Curaçao, October 2026"]
    assert "Marisol" not in json.dumps(data)


@pytest.mark.django_db
def test_my_data_answers_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.participant)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("my_data"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_my_data_is_only_read_with_get(client, world):
    client.force_login(world.participant)
    assert client.post(reverse("my_data")).status_code == 405
