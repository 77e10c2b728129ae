"""Benchmark: previewing and importing a 5,000-row roster while the room keeps writing.

For each database (SQLite, and PostgreSQL at 127.0.0.1:5432 when it answers)
a fresh database gets a cohort whose roster already holds 500 people; the file
then updates those 500 (a changed position) and adds 4,500. Measured:
  preview_seconds        the dry run (parse, validate, match, diff)
  import_seconds         the real import
  longest_write_seconds  the longest write transaction the import held
  room_writes / room_writes_failed / room_longest_wait_seconds
                         small writes another connection made every 20 ms
                         during the import (an attendance tap's size), how
                         many failed ("database is locked") and the longest one
and, as the baseline of the same run, the same figures for a 500-row file.
Run it standalone:

  DJANGO_SETTINGS_MODULE=lms.settings.bench .venv/bin/python bench/roster_import.py
"""

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import ROOT, drop_database, emit, setup_django, timed

ROWS = 5000
BASELINE_ROWS = 500
ALREADY_ENROLLED = 500
POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def build_cohort(name: str):
    """A live course under a home page, and a running cohort of it."""
    import datetime as dt

    from django.utils import timezone
    from wagtail.models import Page

    from cohorts.models import Cohort
    from courses.models import CourseIndexPage, CoursePage
    from lms.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Harbour", slug="bench-home")
        Page.get_first_root_node().add_child(instance=home)
    index = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(title="Courses", slug="courses")
        home.add_child(instance=index)
    course = CoursePage(title=f"Course {name}", slug=f"course-{name}")
    index.add_child(instance=course)
    today = timezone.localdate()
    return Cohort.objects.create(
        course=course,
        name=name,
        country="LC",
        start_date=today,
        end_date=today + dt.timedelta(days=1),
    )


def roster_csv(rows: int, prefix: str) -> bytes:
    """A roster file: the first ALREADY_ENROLLED people change position."""
    lines = ["Full name,Email,Organisation,Organisation type,Position,Sex,Country"]
    for i in range(rows):
        lines.append(
            f"Person {prefix}{i},{prefix}{i}@roster.example.org,"
            f"Organisation {i % 60},NGO,Officer grade {i % 7 + 1},"
            f"{'Female' if i % 2 else 'Male'},{'LC' if i % 3 else 'CW'}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def enrol_existing(cohort, rows: int, prefix: str) -> None:
    """The people already on the roster before the file is imported."""
    from cohorts.models import EnrolmentSource
    from cohorts.services import enrolment_add_many
    from lms.services import user_build, user_create_many

    users = [
        user_build(
            email=f"{prefix}{i}@roster.example.org",
            full_name=f"Person {prefix}{i}",
            organisation=f"Organisation {i % 60}",
        )
        for i in range(rows)
    ]
    created = user_create_many(users=users)
    enrolment_add_many(
        cohort=cohort, participants=created, source=EnrolmentSource.IMPORT
    )


class RoomWriter:
    """Another person's small writes, every 20 ms, from a process of their own
    (as another gunicorn worker would make them)."""

    def __init__(self, cohort_pk: int):
        from django.db import connections

        context = multiprocessing.get_context("fork")
        self.stop = context.Event()
        self.counts = context.Array("d", 3)  # writes, failed, longest wait
        connections.close_all()
        self.process = context.Process(target=self.run, args=(cohort_pk,), daemon=True)

    def start(self) -> None:
        self.process.start()

    def finish(self) -> tuple[int, int, float]:
        self.stop.set()
        self.process.join()
        writes, failed, longest = self.counts[:]
        return int(writes), int(failed), longest

    def run(self, cohort_pk: int) -> None:
        from django.db import OperationalError, connection, transaction
        from django.db.models import F

        from cohorts.models import Cohort

        try:
            while not self.stop.is_set():
                began = time.perf_counter()
                try:
                    with transaction.atomic():
                        Cohort.objects.filter(pk=cohort_pk).update(
                            capacity=F("capacity") + 1
                        )
                except OperationalError:
                    self.counts[1] += 1
                self.counts[0] += 1
                self.counts[2] = max(self.counts[2], time.perf_counter() - began)
                time.sleep(0.02)
        finally:
            connection.close()


def measure(rows: int, prefix: str) -> dict:
    """Preview and import a file of this many rows into a fresh cohort."""
    from cohorts.services import roster_import

    cohort = build_cohort(f"bench-{prefix}")
    room = build_cohort(f"room-{prefix}")
    enrol_existing(cohort, min(ALREADY_ENROLLED, rows), prefix)
    data = roster_csv(rows, prefix)
    preview_seconds, preview = timed(
        roster_import, cohort=cohort, name="roster.csv", data=data, dry_run=True
    )
    if not preview.ok:
        raise SystemExit(f"The bench roster did not preview: {preview.problems[:3]}")
    writer = RoomWriter(room.pk)
    writer.start()
    import_seconds, report = timed(
        roster_import, cohort=cohort, name="roster.csv", data=data, dry_run=False
    )
    room_writes, room_failed, room_longest = writer.finish()
    if not report.ok or report.new != rows - min(ALREADY_ENROLLED, rows):
        raise SystemExit(f"The bench roster did not import: {report.problems[:3]}")
    return {
        "preview_seconds": round(preview_seconds, 3),
        "import_seconds": round(import_seconds, 3),
        "longest_write_seconds": round(report.longest_write_seconds, 3),
        "room_writes": room_writes,
        "room_writes_failed": room_failed,
        "room_longest_wait_seconds": round(room_longest, 3),
        "updated": report.updated,
    }


def child(database: str) -> None:
    """One run on the database the environment names; prints its JSON line."""
    setup_django()
    try:
        base = measure(BASELINE_ROWS, "b")
        full = measure(ROWS, "f")
        emit(
            bench="roster_import",
            database=database,
            rows=ROWS,
            preview_seconds=full["preview_seconds"],
            import_seconds=full["import_seconds"],
            longest_write_seconds=full["longest_write_seconds"],
            updated_rows=full["updated"],
            room_writes=full["room_writes"],
            room_writes_failed=full["room_writes_failed"],
            room_longest_wait_seconds=full["room_longest_wait_seconds"],
            baseline_rows=BASELINE_ROWS,
            baseline_preview_seconds=base["preview_seconds"],
            baseline_import_seconds=base["import_seconds"],
            preview_ratio=round(
                full["preview_seconds"] / max(base["preview_seconds"], 1e-6), 1
            ),
            import_ratio=round(
                full["import_seconds"] / max(base["import_seconds"], 1e-6), 1
            ),
        )
    finally:
        drop_database()


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(POSTGRES, connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False


def run_child(database: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.bench"}
    env.pop("DATABASE_URL", None)
    name = None
    if database == "postgresql":
        import psycopg

        name = f"harbour_roster_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        out = subprocess.run(  # noqa: S603 - runs this same file with a fixed argument
            [sys.executable, __file__, "--child", database],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        for line in out.stdout.splitlines():
            if line.startswith("{"):
                print(json.dumps(json.loads(line)), flush=True)
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr)
        raise
    finally:
        if name:
            import psycopg

            with psycopg.connect(POSTGRES, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    run_child("sqlite")
    if postgres_reachable():
        run_child("postgresql")


if __name__ == "__main__":
    main()
