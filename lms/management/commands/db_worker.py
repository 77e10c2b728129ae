"""The task worker: django-tasks-db's ``db_worker`` that survives database errors
and keeps a heartbeat that /healthz and the issuing page read.

django-tasks-db records a task's failure when the task itself raises, but an
error while claiming a task (a locked SQLite file on BEGIN EXCLUSIVE, a dropped
PostgreSQL connection) or while saving its result ends the worker process. Here
the loop waits and tries again instead, a task that fails on a database error is
retried with growing pauses, and a result that cannot be saved is retried until
it is.

A worker that is killed (SIGKILL, the machine lost) leaves its task marked as
running. On every beat each live worker marks such tasks failed, with the reason,
once their worker has not beaten for a minute; the work itself is picked up by
the code that owns it (a certificate run's lease, for example).
"""

import datetime as dt
import logging
import os
import threading
import time

from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail import hooks

from lms import heartbeat

logger = logging.getLogger("django_tasks_db")

# Pauses after a database error in the loop: 1 s, 2 s, 4 s ... at most 30 s.
MAX_PAUSE_SECONDS = 30.0
# A task that fails on a database error is run again this many times.
TASK_RETRIES = 3


def _pause(attempt: int) -> float:
    return min(MAX_PAUSE_SECONDS, 2.0 ** max(0, attempt - 1))


class WorkerVanished(Exception):
    """The worker running a task stopped without recording how the task ended."""


def tasks_abandoned_fail(*, now: dt.datetime | None = None) -> int:
    """Mark failed the running tasks whose worker has not beaten for a minute."""
    now = now or timezone.now()
    started_before = now - dt.timedelta(seconds=heartbeat.MISSING_SECONDS)
    failed = 0
    for task in DBTaskResult.objects.running().filter(started_at__lt=started_before):
        worker_id = task.worker_ids[-1] if task.worker_ids else ""
        if worker_id and heartbeat.worker_alive(
            worker_id=worker_id, now=now.timestamp()
        ):
            continue
        with transaction.atomic():
            still_running = (
                DBTaskResult.objects.select_for_update()
                .filter(pk=task.pk, status=task.status, started_at=task.started_at)
                .first()
            )
            if still_running is None:
                continue
            still_running.set_failed(
                WorkerVanished(
                    f"Worker {worker_id or '(unknown)'} stopped while running this "
                    f"task: no heartbeat for {heartbeat.MISSING_SECONDS} seconds."
                )
            )
        logger.warning(
            "Task id=%s marked failed: its worker %s vanished", task.id, worker_id
        )
        failed += 1
    return failed


class Heartbeat(threading.Thread):
    """Beats every few seconds and runs the work other apps hook to the beat."""

    def __init__(self, worker_id: str):
        super().__init__(name="harbour-worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def tick(self) -> None:
        heartbeat.worker_beat(worker_id=self.worker_id)
        tasks_abandoned_fail()
        for fn in hooks.get_hooks(heartbeat.WORKER_TICK_HOOK):
            fn(worker_id=self.worker_id)

    def run(self) -> None:
        while True:
            try:
                self.tick()
            except Exception:
                logger.exception("Worker heartbeat failed; trying again")
            finally:
                connection.close()
            if self.stopped.wait(heartbeat.BEAT_SECONDS):
                return


class Worker(db_worker.Worker):
    """A worker whose loop outlives database errors."""

    def run(self) -> None:
        failures = 0
        while self.running:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                failures += 1
                logger.warning(
                    "Database error in the worker loop (%s); trying again in %.0f s",
                    error,
                    _pause(failures),
                )
                close_old_connections()
                connection.close()
                time.sleep(_pause(failures))

    def _save(self, save, *args) -> None:
        """Save a result, waiting for the database as long as it takes."""
        attempt = 0
        while True:
            try:
                save(*args)
                return
            except DatabaseError as error:
                attempt += 1
                logger.warning("Could not save a task result (%s); retrying", error)
                connection.close()
                time.sleep(_pause(attempt))

    def run_task(self, db_task_result) -> None:
        """Run one task: retried on a database error, then marked failed with it."""
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            attempt = 0
            while True:
                try:
                    if task.takes_context:
                        value = task.call(
                            TaskContext(task_result=task_result),
                            *task_result.args,
                            **task_result.kwargs,
                        )
                    else:
                        value = task.call(*task_result.args, **task_result.kwargs)
                    break
                except (OperationalError, InterfaceError) as error:
                    attempt += 1
                    if attempt > TASK_RETRIES:
                        raise
                    logger.warning(
                        "Task id=%s met a database error (%s); retry %d of %d",
                        db_task_result.id,
                        error,
                        attempt,
                        TASK_RETRIES,
                    )
                    connection.close()
                    time.sleep(_pause(attempt))
            self._save(db_task_result.set_successful, value)
            task_finished.send(
                sender=backend_type, task_result=db_task_result.task_result
            )
        except BaseException as error:
            self._save(db_task_result.set_failed, error)
            logger.exception("Task id=%s failed", db_task_result.id)
            try:
                task_finished.send(
                    sender=type(db_task_result.task.get_backend()),
                    task_result=db_task_result.task_result,
                )
            except Exception:
                logger.exception(
                    "Task id=%s: could not announce its end", db_task_result.id
                )
            if isinstance(error, (KeyboardInterrupt, SystemExit)):
                raise
        finally:
            self.running_task = False
            self._run_tasks += 1


class Command(db_worker.Command):
    help = (
        "Run the background worker: tasks from the database queue, a heartbeat, "
        "and resuming certificate runs whose worker vanished."
    )

    def handle(self, *args, **options) -> None:
        # Hooks that run on each heartbeat are registered in the apps' tasks modules.
        autodiscover_modules("tasks")
        beat = Heartbeat(options["worker_id"])
        # With --reload the worker runs in a child process; only that one beats.
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            beat.start()
        original = db_worker.Worker
        db_worker.Worker = Worker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
            beat.stopped.set()
