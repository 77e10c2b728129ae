"""Benchmark: the programme report and its XLSX export at 1x, 10x and 100x.

One unit is 1,000 participants in 30 cohorts with 10,000 submitted attempts
(a pre-test and a post-test each, answered question by question, and module
quizzes), four sessions of attendance per enrolment and a certificate for
most. Rows are made with bulk_create, growing the same database from 1x to
10x to 100x. Per size it prints one JSON line: the report's seconds (figures
and per-question analysis), its query count, the XLSX export's seconds and the
export's own peak Python memory (tracemalloc), with ratios to the 1x line.

  DJANGO_SETTINGS_MODULE=lms.settings.bench .venv/bin/python bench/reports.py
  BENCH_REPORTS_SCALES=1,10 ...   sizes to run (default 1,10,100)

It runs on SQLite, then again on PostgreSQL (a database of its own at
127.0.0.1:5432, dropped afterwards) when that server answers.
"""

import datetime as dt
import os
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import drop_database, emit, setup_django, timed

UNIT_PARTICIPANTS = 1000
UNIT_COHORTS = 30
ATTEMPTS_PER_PERSON = 10
PG_URL = "postgres://postgres@127.0.0.1:5432/harbour_bench_reports"
QUESTIONS = 8


def build_course():
    """A course with a pre-test, a post-test and a module quiz, all published."""
    from wagtail.models import Page, Site

    from assessments.models import QuizKind, QuizPage
    from courses.models import CourseIndexPage, CoursePage, ModulePage
    from lms.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Harbour", slug="bench-home")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    index = CourseIndexPage(title="Courses", slug="courses")
    home.add_child(instance=index)
    course = CoursePage(title="Identifying victims of trafficking", slug="identify")
    index.add_child(instance=course)
    module = ModulePage(title="Indicators", slug="indicators")
    course.add_child(instance=module)
    questions = [
        (
            "true_false",
            {
                "prompt": f"Statement {n + 1} about indicators of trafficking.",
                "correct_answer": "true" if n % 2 else "false",
                "feedback_if_true": "",
                "feedback_if_false": "",
                "points": 1,
                "explanation": "",
            },
        )
        for n in range(QUESTIONS)
    ]
    quizzes = {}
    for parent, kind, slug in (
        (course, QuizKind.PRE_TEST, "pre"),
        (course, QuizKind.POST_TEST, "post"),
        (module, QuizKind.MODULE_QUIZ, "module-quiz"),
    ):
        quiz = QuizPage(title=slug, slug=slug, kind=kind, questions=questions)
        parent.add_child(instance=quiz)
        quiz.save_revision().publish()
        quiz.refresh_from_db()
        quizzes[kind] = quiz
    return course, quizzes


def grow(course, quizzes, *, start: int, units: int, rng: random.Random) -> None:
    """Add `units` units of cohorts, people, attendance, attempts and certificates."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessments.models import Attempt, QuizKind
    from certificates.models import Certificate, CertificateTemplate
    from cohorts.models import (
        Attendance,
        AttendanceMethod,
        Cohort,
        Enrolment,
        TrainingSession,
    )
    from lms.choices import Country, GovernmentSector, OrganisationType, Sex

    User = get_user_model()
    template = CertificateTemplate.objects.first()
    if template is None:
        template = CertificateTemplate.objects.create(name="Bench")
        template.save_revision()
    revision = template.latest_revision
    countries = [
        Country.SAINT_LUCIA,
        Country.CURACAO,
        Country.BONAIRE,
        Country.SINT_MAARTEN,
    ]
    sexes = [Sex.FEMALE, Sex.MALE, Sex.FEMALE, Sex.MALE, Sex.UNDISCLOSED, ""]
    types = list(OrganisationType.values) + [""]
    sectors = list(GovernmentSector.values)
    now = timezone.now()
    people = UNIT_PARTICIPANTS * units
    first = start * UNIT_PARTICIPANTS
    cohorts = Cohort.objects.bulk_create(
        [
            Cohort(
                course=course,
                name=f"Cohort {start * UNIT_COHORTS + c + 1}",
                country=countries[c % len(countries)],
                start_date=dt.date(2024, 1, 8) + dt.timedelta(days=7 * (c % 100)),
                end_date=dt.date(2024, 1, 9) + dt.timedelta(days=7 * (c % 100)),
            )
            for c in range(UNIT_COHORTS * units)
        ]
    )
    sessions = TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                cohort=c,
                title=f"Session {s + 1}",
                starts_at=timezone.make_aware(
                    dt.datetime.combine(c.start_date, dt.time(9 + 4 * (s % 2)))
                )
                + dt.timedelta(days=s // 2),
                ends_at=timezone.make_aware(
                    dt.datetime.combine(c.start_date, dt.time(12 + 4 * (s % 2)))
                )
                + dt.timedelta(days=s // 2),
            )
            for c in cohorts
            for s in range(4)
        ],
        batch_size=2000,
    )
    sessions_of: dict[int, list] = {}
    for s in sessions:
        sessions_of.setdefault(s.cohort_id, []).append(s)
    users = []
    for i in range(first, first + people):
        org_type = types[i % len(types)]
        users.append(
            User(
                email=f"p{i}@bench.example.org",
                full_name=f"Participant {i}",
                sex=sexes[i % len(sexes)],
                organisation=f"Organisation {i % 97}",
                organisation_type=org_type,
                government_sector=sectors[i % len(sectors)]
                if org_type == OrganisationType.GOVERNMENT
                else None,
                password="!",  # noqa: S106  (an unusable password)
            )
        )
    users = User.objects.bulk_create(users, batch_size=2000)
    per_cohort = people // len(cohorts)
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=cohorts[min(n // per_cohort, len(cohorts) - 1)], participant=u
            )
            for n, u in enumerate(users)
        ],
        batch_size=2000,
    )
    statuses = ["present"] * 7 + ["late", "absent", "excused"]
    Attendance.objects.bulk_create(
        (
            Attendance(
                session=s,
                enrolment=e,
                status=rng.choice(statuses),
                marked_at=now,
                method=AttendanceMethod.FACILITATOR,
            )
            for e in enrolments
            for s in sessions_of[e.cohort_id]
        ),
        batch_size=5000,
    )
    questions = {
        kind: list(quiz.content.questions.values()) for kind, quiz in quizzes.items()
    }
    attempts = []
    for e, u in zip(enrolments, users, strict=True):
        skill = rng.random()
        plan = [QuizKind.PRE_TEST] + [QuizKind.MODULE_QUIZ] * (ATTEMPTS_PER_PERSON - 2)
        plan.append(QuizKind.POST_TEST if rng.random() < 0.9 else QuizKind.MODULE_QUIZ)
        for n, kind in enumerate(plan):
            quiz = quizzes[kind]
            p_right = min(
                0.95, skill * (0.6 if kind == QuizKind.PRE_TEST else 1.0) + 0.3
            )
            answers = {}
            right = 0
            for q in questions[kind]:
                correct = next(o.id for o in q.options if o.correct)
                wrong = next(o.id for o in q.options if not o.correct)
                ok = rng.random() < p_right
                right += ok
                answers[q.id] = [correct if ok else wrong]
            percent = round(100 * right / len(questions[kind]), 2)
            when = now - dt.timedelta(days=300, minutes=10 * (ATTEMPTS_PER_PERSON - n))
            attempts.append(
                Attempt(
                    participant=u,
                    quiz=quiz,
                    cohort_id=e.cohort_id,
                    revision_id=quiz.live_revision_id,
                    started_at=when,
                    submitted_at=when,
                    close_reason="submitted",
                    answers=answers,
                    score=right,
                    max_score=len(questions[kind]),
                    percent=percent,
                    passed=percent >= quiz.pass_mark,
                )
            )
        if len(attempts) >= 20000:
            Attempt.objects.bulk_create(attempts, batch_size=5000)
            attempts = []
    Attempt.objects.bulk_create(attempts, batch_size=5000)
    Certificate.objects.bulk_create(
        (
            Certificate(
                enrolment=e,
                template=template,
                template_revision=revision,
                code=f"B{e.pk:09d}",
                participant_name=u.full_name,
                course_title=course.title,
                cohort_name="Bench",
                dates="2024",
                issued_at=now,
                issued_by=u,
                pdf="bench.pdf",
                sha256="0" * 64,
                revoked_at=now if e.pk % 50 == 0 else None,
            )
            for e, u in zip(enrolments, users, strict=True)
            if e.pk % 5
        ),
        batch_size=5000,
    )


def measure(scale: int, database: str, baseline: dict | None) -> dict:
    """Time the report, count its queries, time and measure the XLSX export."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import exports
    from reports.selectors import ReportFilters, donor_indicator, programme_report

    filters = ReportFilters()

    def report():
        result = programme_report(filters=filters)
        return result, donor_indicator(filters=filters)

    report()  # warm up connections and the revision cache
    with CaptureQueriesContext(connection) as ctx:
        seconds, (result, donor) = timed(report)
    queries = len(ctx.captured_queries)

    def export():
        tables = exports.report_tables(result) + [exports.donor_table(donor)]
        handle = exports.write_xlsx(tables, title="Programme report")
        size = handle.seek(0, 2)
        handle.close()
        return size

    export_seconds, size = timed(export)
    tracemalloc.start()
    export()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures = {
        "bench": "reports",
        "database": database,
        "scale": scale,
        "participants": result.people_enrolled,
        "cohorts": result.cohorts,
        "attempts": _attempts(),
        "report_seconds": round(seconds, 3),
        "report_queries": queries,
        "export_seconds": round(export_seconds, 3),
        "export_peak_mb": round(peak / 1e6, 2),
        "xlsx_kb": round(size / 1024, 1),
        "people_trained": result.people_participated,
        "pairs": result.pre_post.pairs,
    }
    if baseline:
        figures["report_seconds_ratio"] = round(seconds / baseline["report_seconds"], 2)
        figures["queries_ratio"] = round(queries / baseline["report_queries"], 2)
    return figures


def _attempts() -> int:
    from assessments.models import Attempt

    return Attempt.objects.count()


def run(database: str) -> None:
    scales = [
        int(s) for s in os.environ.get("BENCH_REPORTS_SCALES", "1,10,100").split(",")
    ]
    setup_django()
    rng = random.Random(14)
    try:
        course, quizzes = build_course()
        built = 0
        baseline = None
        for scale in scales:
            started = time.perf_counter()
            grow(course, quizzes, start=built, units=scale - built, rng=rng)
            built = scale
            figures = measure(scale, database, baseline)
            figures["build_seconds"] = round(time.perf_counter() - started, 1)
            baseline = baseline or figures
            emit(**figures)
    finally:
        drop_database()


def _postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres",
            connect_timeout=3,
            autocommit=True,
        ) as conn:
            conn.execute("DROP DATABASE IF EXISTS harbour_bench_reports")
            conn.execute("CREATE DATABASE harbour_bench_reports")
        return True
    except Exception:  # noqa: BLE001  (no server: the SQLite figures stand alone)
        return False


def _drop_postgres() -> None:
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute("DROP DATABASE IF EXISTS harbour_bench_reports")


def main() -> None:
    if os.environ.get("DATABASE_URL"):
        run("postgresql")
        return
    run("sqlite")
    if _postgres_reachable():
        try:
            subprocess.run(  # noqa: S603
                [sys.executable, __file__],
                env={**os.environ, "DATABASE_URL": PG_URL},
                check=True,
            )
        finally:
            _drop_postgres()


if __name__ == "__main__":
    main()
