"""/healthz: the database and the task worker's heartbeat."""

import datetime as dt
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from lms import heartbeat
from lms.management.commands import db_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_heartbeat_yet():
    """The heartbeat lives in the cache; each test starts without one."""
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_no_worker_ever_seen_is_missing(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "worker": "missing"}


def test_a_fresh_heartbeat_is_ok(client):
    heartbeat.worker_beat(worker_id="host-a")
    assert client.get("/healthz").json()["worker"] == "ok"


def test_a_heartbeat_older_than_half_a_minute_is_late(client):
    heartbeat.worker_beat(worker_id="host-a", now=time.time() - 45)
    assert client.get("/healthz").json()["worker"] == "late"


def test_a_heartbeat_older_than_a_minute_is_missing(client):
    heartbeat.worker_beat(worker_id="host-a", now=time.time() - 61)
    assert client.get("/healthz").json()["worker"] == "missing"


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CALLS = []


@task()
def flaky_task() -> str:
    """Fails once on a locked database, then succeeds."""
    CALLS.append(1)
    if len(CALLS) == 1:
        raise OperationalError("database is locked")
    return "done"


# The worker manages its own database connections, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_worker_beats_as_soon_as_it_starts(client, settings):
    settings.TASKS = DATABASE_TASKS
    # --batch: run what is queued (nothing), then stop.
    call_command("db_worker", batch=True, reload=False, startup_delay=False)
    assert client.get("/healthz").json()["worker"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_a_database_error_neither_kills_the_worker_nor_loses_the_task(
    settings, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr(db_worker, "_pause", lambda attempt: 0)
    CALLS.clear()
    result = flaky_task.enqueue()
    real_ready = DBTaskResultQuerySet.ready
    failures = []

    def ready_failing_once(self):
        if not failures:
            failures.append(1)
            raise OperationalError("database is locked")
        return real_ready(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "ready", ready_failing_once)
    call_command("db_worker", batch=True, reload=False, startup_delay=False)
    stored = DBTaskResult.objects.get(pk=result.id)
    assert failures == [1]  # the claim failed once and the loop went on
    assert len(CALLS) == 2  # the task was run again after its database error
    assert stored.status == "SUCCESSFUL" and stored.return_value == "done"


def _running_task(*, worker_id: str, started_seconds_ago: int) -> DBTaskResult:
    result = flaky_task.enqueue()
    stored = DBTaskResult.objects.get(pk=result.id)
    stored.claim(worker_id)
    DBTaskResult.objects.filter(pk=stored.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=started_seconds_ago)
    )
    return stored


@pytest.mark.django_db
def test_a_task_whose_worker_was_killed_is_marked_failed_with_the_reason(settings):
    settings.TASKS = DATABASE_TASKS
    # host-a claimed the task two minutes ago and has not beaten since.
    heartbeat.worker_beat(worker_id="host-a", now=time.time() - 120)
    task = _running_task(worker_id="host-a", started_seconds_ago=120)
    assert db_worker.tasks_abandoned_fail() == 1
    stored = DBTaskResult.objects.get(pk=task.pk)
    assert stored.status == "FAILED"
    assert stored.exception_class_path.endswith("WorkerVanished")
    assert "Worker host-a stopped while running this task" in stored.traceback


@pytest.mark.django_db
def test_a_task_whose_worker_still_beats_keeps_running(settings):
    settings.TASKS = DATABASE_TASKS
    heartbeat.worker_beat(worker_id="host-b")
    task = _running_task(worker_id="host-b", started_seconds_ago=600)
    # A task just started by a worker not seen yet is left alone too.
    young = _running_task(worker_id="host-c", started_seconds_ago=5)
    assert db_worker.tasks_abandoned_fail() == 0
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=young.pk).status == "RUNNING"
