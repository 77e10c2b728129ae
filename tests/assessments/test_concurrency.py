"""A room of 30 people starting and submitting at once: every attempt is stored and scored."""

import threading

import pytest

from assessments import services
from assessments.models import Attempt
from tests import factories
from tests.assessments.helpers import correct_answers

ROOM = 30


@pytest.mark.django_db(transaction=True)
def test_thirty_participants_submit_at_once(quiz):
    people = [factories.participant() for _ in range(ROOM)]
    barrier = threading.Barrier(ROOM)
    errors = []

    def take(person):
        from django.db import connections

        try:
            barrier.wait(timeout=30)
            attempt = services.attempt_start(participant=person, quiz=quiz)
            services.attempt_save_answers(
                attempt=attempt, answers=correct_answers(attempt), seq=1
            )
            # A double click on submit from everyone, at the same moment.
            services.attempt_submit(attempt=attempt, answers=correct_answers(attempt))
            services.attempt_submit(attempt=attempt, answers={})
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    attempts = Attempt.objects.filter(quiz=quiz)
    assert attempts.count() == ROOM
    assert set(attempts.values_list("percent", flat=True)) == {100}
    assert not attempts.filter(submitted_at__isnull=True).exists()
