"""Demo data owned by the cohorts app (see lms/management/commands/seed_demo.py).

Loads cohorts/demo_data/cohorts.json: four deliveries of the demo course with
dates relative to the day the demo is seeded, so one has finished, two are
running (their current session open for check-in; Santo Domingo's in Spanish)
and one is planned. Each
roster is a CSV file imported through the same service a facilitator uses; a
record file beside it says who came to each session and how each person did in
the pre-test and the post-test. Idempotent: a cohort that already exists (found
by name) is left as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zoneinfo
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessments import demo as assessments_demo
from assessments.models import QuizKind, QuizPage
from courses import demo as courses_demo
from courses.models import CoursePage, LessonPage
from courses.services import lesson_complete
from lms import demo as lms_demo
from lms.services import user_record_consent

from .models import (
    AttendanceMethod,
    AttendanceStatus,
    Cohort,
    Enrolment,
    TrainingSession,
)
from .services import attendance_mark, roster_import

DATA = Path(__file__).resolve().parent / "demo_data"
# Demo participants to print among the sign-ins: one who speaks Spanish.
EXTRA_SIGN_INS = ("participante@harbour.test",)
# In a record file: a cell that says the participant checked in on their phone.
CHECKED_IN = "checked in"


@cache
def content() -> dict:
    """The demo cohorts as written in cohorts.json."""
    return json.loads((DATA / "cohorts.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Record:
    """One line of a record file: what a participant did during the training."""

    participant: str
    attendance: tuple[str, ...]
    pre_test: int | None
    post_test: tuple[int, ...]
    lessons: int
    consented: bool


def records(filename: str) -> list[Record]:
    """The lines of a record file (Session 1…n, Pre-test, Post-test, Lessons done)."""
    text = (DATA / filename).read_text(encoding="utf-8")
    result = []
    for row in csv.DictReader(io.StringIO(text)):
        sessions = sorted(k for k in row if k.startswith("Session "))
        pre = row["Pre-test"].strip()
        result.append(
            Record(
                participant=row["Participant"].strip(),
                attendance=tuple(row[k].strip() for k in sessions),
                pre_test=int(pre) if pre else None,
                post_test=tuple(int(n) for n in row["Post-test"].split()),
                lessons=int(row["Lessons done"] or 0),
                consented=bool(row["Privacy notice"].strip()),
            )
        )
    return result


def _floor_quarter(moment: dt.datetime) -> dt.datetime:
    return moment.replace(
        minute=moment.minute - moment.minute % 15, second=0, microsecond=0
    )


def session_times(
    spec: dict, *, now: dt.datetime
) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """Title, start and end of each session of a cohort, placed relative to now.

    Sessions follow the plan in cohorts.json from the cohort's first day (days
    from today), titled in the cohort's language where it gives its own titles.
    A running cohort names the session that is open right now: the plan is
    shifted so that session began half an hour or so before now.
    """
    zone = zoneinfo.ZoneInfo(spec["time_zone"])
    local_now = now.astimezone(zone)
    first_day = local_now.date() + dt.timedelta(days=spec["first_day"])
    slots = content()["sessions"]
    titles = spec.get("session_titles") or [slot["title"] for slot in slots]
    times = []
    for slot, title in zip(slots, titles, strict=True):
        date = first_day + dt.timedelta(days=slot["day"])
        starts = dt.datetime.combine(date, dt.time.fromisoformat(slot["starts"]), zone)
        ends = dt.datetime.combine(date, dt.time.fromisoformat(slot["ends"]), zone)
        times.append((title, starts, ends))
    open_now = spec.get("open_now")
    if open_now:
        target = _floor_quarter(local_now) - dt.timedelta(minutes=30)
        shift = target - times[open_now - 1][1]
        times = [(title, s + shift, e + shift) for title, s, e in times]
    return times


def _facilitators(emails: list[str]):
    User = get_user_model()
    return list(User.objects.filter(email__in=emails))


def _import_roster(cohort: Cohort, filename: str) -> None:
    """Import the roster file exactly as a facilitator's upload would be."""
    report = roster_import(
        cohort=cohort,
        name=filename,
        data=(DATA / filename).read_bytes(),
        dry_run=False,
    )
    if not report.ok:
        problems = "; ".join(
            f"line {p.line}, {p.column}: {p.message}" for p in report.problems
        )
        raise ValueError(f"The demo roster {filename} did not import: {problems}")


def _enrolments_by_person(cohort: Cohort) -> dict[str, Enrolment]:
    """The cohort's enrolments, by email (lower case) and by full name."""
    found = {}
    for enrolment in Enrolment.objects.filter(cohort=cohort).select_related(
        "participant"
    ):
        person = enrolment.participant
        if person.email:
            found[person.email.lower()] = enrolment
        found[person.full_name] = enrolment
    return found


def _quiz(course: CoursePage, kind: str) -> QuizPage | None:
    return QuizPage.objects.live().descendant_of(course).filter(kind=kind).first()


def _play_record(
    cohort: Cohort, sessions: list[TrainingSession], filename: str, facilitator
) -> None:
    """Attendance, check-ins, consent, lessons and tests as the record file says."""
    people = _enrolments_by_person(cohort)
    pre_test = _quiz(cohort.course, QuizKind.PRE_TEST)
    post_test = _quiz(cohort.course, QuizKind.POST_TEST)
    lessons = list(
        LessonPage.objects.live().descendant_of(cohort.course).order_by("path")
    )
    for position, record in enumerate(records(filename)):
        enrolment = people.get(record.participant.lower()) or people.get(
            record.participant
        )
        if enrolment is None:
            raise ValueError(f"{filename}: {record.participant} is not on the roster")
        participant = enrolment.participant
        if record.consented and not participant.has_consented:
            user_record_consent(
                user=participant, version=settings.PRIVACY_NOTICE_VERSION
            )
        for session, status in zip(sessions, record.attendance, strict=False):
            if not status:
                continue
            checked_in = status == CHECKED_IN
            attendance_mark(
                session=session,
                enrolment=enrolment,
                status=AttendanceStatus.PRESENT if checked_in else status,
                marked_by=participant if checked_in else facilitator,
                method=(
                    AttendanceMethod.SELF_CHECK_IN
                    if checked_in
                    else AttendanceMethod.FACILITATOR
                ),
                now=session.starts_at + dt.timedelta(minutes=5 + position // 3),
            )
        # Lessons are marked done in the order of the course.
        for lesson in lessons[: record.lessons]:
            lesson_complete(user=participant, lesson=lesson)
        # The pre-test opens the first morning; the post-test closes the last day.
        if record.pre_test is not None and pre_test is not None:
            assessments_demo.attempt_with_score(
                participant=participant,
                quiz=pre_test,
                right=record.pre_test,
                started_at=sessions[0].starts_at + dt.timedelta(minutes=20),
            )
        for attempt, right in enumerate(record.post_test):
            if post_test is None:
                break
            assessments_demo.attempt_with_score(
                participant=participant,
                quiz=post_test,
                right=right,
                started_at=sessions[-1].starts_at
                + dt.timedelta(minutes=120 + 30 * attempt),
            )


@transaction.atomic
def _seed_cohort(course: CoursePage, spec: dict, *, now: dt.datetime) -> Cohort:
    """Create one cohort with its sessions, roster and record; nothing if it exists."""
    existing = Cohort.objects.filter(name=spec["name"]).first()
    if existing is not None:
        return existing
    times = session_times(spec, now=now)
    zone = zoneinfo.ZoneInfo(spec["time_zone"])
    start_date = times[0][1].astimezone(zone).date()
    end_date = times[-1][2].astimezone(zone).date()
    cohort = Cohort(
        course=course,
        name=spec["name"],
        city=spec["city"],
        country=spec["country"],
        venue=spec["venue"],
        start_date=start_date,
        end_date=end_date,
        language=spec["language"],
        capacity=30,
        min_attendance_percent=spec["min_attendance_percent"],
        require_post_test_pass=spec["require_post_test_pass"],
    )
    cohort.save()
    facilitators = _facilitators(spec["facilitators"])
    cohort.facilitators.add(*facilitators)
    sessions = [
        TrainingSession.objects.create(
            cohort=cohort, title=title, starts_at=starts, ends_at=ends
        )
        for title, starts, ends in times
    ]
    _import_roster(cohort, spec["roster"])
    lms_demo.sign_ins_give(
        [e.participant for e in Enrolment.objects.filter(cohort=cohort)]
    )
    if spec.get("record"):
        _play_record(
            cohort, sessions, spec["record"], facilitators[0] if facilitators else None
        )
    return cohort


def seed(*, now: dt.datetime | None = None, **_options) -> dict:
    """Seed the demo cohorts; idempotent. Nothing without the demo course."""
    now = now or timezone.now()
    course = CoursePage.objects.filter(slug=courses_demo.DEMO_COURSE_SLUG).first()
    if course is None:
        return {"lines": ["Cohorts: no demo course, so no demo cohorts."]}
    lines = []
    cohorts_of: dict[str, list[str]] = {}
    for spec in content()["cohorts"]:
        cohort = _seed_cohort(course, spec, now=now)
        today = now.astimezone(zoneinfo.ZoneInfo(spec["time_zone"])).date()
        status = cohort.status_on(today).label.lower()
        emails = list(spec["facilitators"])
        lines.append(
            f"Cohort: {cohort.name} ({status}), {cohort.enrolments.count()} "
            f"participants ({', '.join(emails)})."
        )
        emails += cohort.enrolments.filter(
            participant__email__endswith="@harbour.test",
        ).values_list("participant__email", flat=True)
        for email in emails:
            cohorts_of.setdefault(email, []).append(f"{cohort.name} ({status})")
    return {
        "lines": lines,
        "cohorts_of": {email: ", ".join(names) for email, names in cohorts_of.items()},
        # Sign-ins printed beside lms's: people who exist only through a roster.
        "users": [("Participants", email) for email in EXTRA_SIGN_INS],
    }
