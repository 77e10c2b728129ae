"""Issue runs across hosts: one active run per cohort, leases, and taking over."""

import datetime as dt
import threading

import pytest
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from certificates import services, tasks
from certificates.exceptions import IssueAlreadyRunning
from certificates.models import Certificate, IssueRun, IssueRunStatus
from lms import heartbeat

from . import factories as f


@pytest.fixture(autouse=True)
def _no_heartbeat_yet():
    """The worker's heartbeat lives in the cache; each test starts without one."""
    caches["default"].clear()
    yield
    caches["default"].clear()


def _run(cohort, template, user, **values):
    return IssueRun.objects.create(
        cohort=cohort, template=template, started_by=user, **values
    )


def test_database_allows_one_active_run_per_cohort(
    cohort, certificate_template, facilitator
):
    _run(cohort, certificate_template, facilitator)
    with pytest.raises(IntegrityError), transaction.atomic():
        _run(cohort, certificate_template, facilitator, status=IssueRunStatus.RUNNING)
    # Finished runs do not count.
    _run(cohort, certificate_template, facilitator, status=IssueRunStatus.DONE)
    _run(cohort, certificate_template, facilitator, status=IssueRunStatus.FAILED)
    assert IssueRun.objects.filter(cohort=cohort).count() == 3


def test_starting_while_a_run_is_active_is_refused(
    cohort, certificate_template, facilitator
):
    services.issue_run_start(cohort=cohort, started_by=facilitator)
    with pytest.raises(IssueAlreadyRunning):
        services.issue_run_start(cohort=cohort, started_by=facilitator)
    assert IssueRun.objects.filter(cohort=cohort).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_hosts_pressing_at_once_start_one_run(home_page, facilitator):
    cohort = f.cohort(course=f.course(home_page), facilitators=[facilitator])
    f.template()
    barrier = threading.Barrier(4)
    outcomes = []

    def press():
        try:
            barrier.wait(timeout=10)
            services.issue_run_start(cohort=cohort, started_by=facilitator)
            outcomes.append("started")
        except IssueAlreadyRunning:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["refused", "refused", "refused", "started"]
    assert IssueRun.objects.filter(cohort=cohort).count() == 1


def test_a_live_lease_keeps_other_workers_out(
    cohort, certificate_template, facilitator
):
    run = _run(cohort, certificate_template, facilitator)
    assert services.issue_run_claim(run=run, owner="host-a:1")
    assert not services.issue_run_claim(run=run, owner="host-b:2")
    assert services.issue_run_renew(run=run, owner="host-a:1")
    assert not services.issue_run_renew(run=run, owner="host-b:2")
    # A task for a run that a live worker holds does nothing.
    f.enrol(cohort)
    assert services.issue_run_execute(run=run, owner="host-b:2") is None
    assert not Certificate.objects.exists()


def test_a_run_whose_worker_vanished_is_resumed_without_issuing_twice(
    cohort, certificate_template, facilitator
):
    # Worker A issued the first certificate, then vanished: its lease ran out.
    enrolments = [f.enrol(cohort)]
    services.certificates_issue_for_cohort(
        cohort=cohort, issued_by=facilitator, template=certificate_template
    )
    first = Certificate.objects.get()
    enrolments += [f.enrol(cohort) for _ in range(3)]
    run = _run(
        cohort,
        certificate_template,
        facilitator,
        status=IssueRunStatus.RUNNING,
        total=4,
        done=1,
        issued=1,
        lease_owner="host-a:1",
        lease_expires_at=timezone.now() - dt.timedelta(seconds=5),
    )
    assert [r.pk for r in services.issue_runs_abandoned()] == [run.pk]
    # The next worker's heartbeat hands it over and the (immediate) task resumes it.
    assert tasks.resume_abandoned_runs(worker_id="host-b") == [run.pk]
    run.refresh_from_db()
    assert run.status == IssueRunStatus.DONE
    assert run.lease_owner == "" and run.lease_expires_at is None
    assert Certificate.objects.count() == 4
    for enrolment in enrolments:
        assert enrolment.certificates.count() == 1
    assert Certificate.objects.filter(pk=first.pk).exists()  # kept as it was
    # Nothing is left to resume.
    assert tasks.resume_abandoned_runs(worker_id="host-b") == []


def test_only_one_worker_hands_a_run_over(cohort, certificate_template, facilitator):
    run = _run(
        cohort,
        certificate_template,
        facilitator,
        status=IssueRunStatus.RUNNING,
        lease_owner="host-a:1",
        lease_expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    assert services.issue_run_hand_over(run=run)
    assert not services.issue_run_hand_over(run=run)
    run.refresh_from_db()
    # Any worker may take a handed-over run.
    assert services.issue_run_claim(run=run, owner="host-c:3")


def test_a_queued_run_nobody_took_is_handed_over_after_a_while(
    cohort, certificate_template, facilitator
):
    run = _run(cohort, certificate_template, facilitator)
    assert services.issue_runs_abandoned() == []
    IssueRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=6)
    )
    assert [r.pk for r in services.issue_runs_abandoned()] == [run.pk]


def test_issuing_page_waits_for_the_worker_and_says_when_none_is_there(
    client, cohort, facilitator, certificate_template
):
    f.enrol(cohort)
    _run(cohort, certificate_template, facilitator)
    client.force_login(facilitator)
    url = reverse("certificates:cohort_certificates", args=[cohort.pk])
    page = client.get(url).content.decode()
    assert "Waiting for the background worker" in page
    # No "0 of 0" with a full bar: the figures are hidden, the bar indeterminate.
    assert "<span data-progress-started hidden>" in page
    assert "<progress data-progress-bar>" in page
    assert "No background worker has been seen for a minute" in page
    assert "python manage.py db_worker" in page
    progress = client.get(
        reverse("certificates:issue_progress", args=[cohort.pk])
    ).json()
    assert progress["started"] is False and progress["worker"] == "missing"

    heartbeat.worker_beat(worker_id="w1")
    page = client.get(url).content.decode()
    assert 'data-worker-missing role="status" hidden' in page
    progress = client.get(
        reverse("certificates:issue_progress", args=[cohort.pk])
    ).json()
    assert progress["worker"] == "ok"


def test_progress_reports_the_cohorts_certificates(
    client, cohort, facilitator, certificate_template
):
    f.enrol(cohort)
    f.enrol(cohort)
    client.force_login(facilitator)
    client.post(
        reverse("certificates:cohort_certificates", args=[cohort.pk]),
        {"template": certificate_template.pk},
    )
    progress = client.get(
        reverse("certificates:issue_progress", args=[cohort.pk])
    ).json()
    assert progress["finished"] and progress["certificates"] == 2
