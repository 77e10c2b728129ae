"""Overdue attempts are closed by the server: the management command and on any visit."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Attempt
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import autosave, correct_answers, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(client, participant, module):
    quiz = make_quiz(module, title="Timed", time_limit_minutes=15)
    client.force_login(participant)
    attempt = start(client, quiz)
    autosave(client, attempt, correct_answers(attempt), seq=1)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=20),
        deadline=timezone.now() - timedelta(minutes=5),
    )
    return attempt


def test_dry_run_lists_without_closing(overdue):
    out = StringIO()
    call_command("close_overdue_attempts", "--dry-run", stdout=out)
    assert f"Would close attempt {overdue.pk}" in out.getvalue()
    overdue.refresh_from_db()
    assert overdue.is_open


def test_command_closes_and_scores_the_autosaved_answers(overdue, participant, module):
    from courses.selectors import module_progress_for_users

    running = make_quiz(module, title="Still running", time_limit_minutes=30)
    from assessments.services import attempt_start

    still_open = attempt_start(participant=participant, quiz=running)
    out = StringIO()

    call_command("close_overdue_attempts", stdout=out)

    overdue.refresh_from_db()
    assert not overdue.is_open
    assert overdue.close_reason == "time_up"
    assert overdue.percent == 100 and overdue.passed
    assert "Closed 1 overdue attempt(s)." in out.getvalue()
    still_open.refresh_from_db()
    assert still_open.is_open
    progress = module_progress_for_users(
        course=module.get_parent().specific, user_ids=[participant.pk]
    )
    assert module.pk in progress[participant.pk].completed_module_ids
    # Running it again changes nothing.
    call_command("close_overdue_attempts", stdout=StringIO())
    assert Attempt.objects.get(pk=overdue.pk).submitted_at == overdue.submitted_at


def test_opening_an_overdue_attempt_offers_its_result_without_writing(client, overdue):
    for url in (
        f"/quizzes/attempts/{overdue.pk}/",
        f"/quizzes/attempts/{overdue.pk}/confirm/",
        f"/quizzes/attempts/{overdue.pk}/review/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "Time is up" in response.content.decode()
        overdue.refresh_from_db()
        assert overdue.is_open  # a GET wrote nothing
    response = client.post(
        f"/quizzes/attempts/{overdue.pk}/", {"submit_saved": "1"}, follow=True
    )
    assert "100%" in response.content.decode()
    overdue.refresh_from_db()
    assert not overdue.is_open and overdue.close_reason == "time_up"


def test_starting_again_closes_the_overdue_attempt_first(client, overdue):
    new = start(client, overdue.quiz)
    overdue.refresh_from_db()
    assert new.pk != overdue.pk
    assert not overdue.is_open and overdue.close_reason == "time_up"
