"""Benchmark: the programme report and its XLSX export at 1x, 10x and 100x.

One unit is 1,000 participants in 30 cohorts with 10,000 submitted attempts
(a pre-test and a post-test each, answered question by question, and module
quizzes), four sessions of attendance per enrolment and a certificate for
most. Rows are made with bulk_create, growing the same database from 1x to
10x to 100x (plain rows written straight to the tables: COPY on PostgreSQL,
executemany on SQLite). Per size it prints one JSON line: the one-off rebuild of
the new cohorts' kept figures, the report's seconds (figures and per-question
analysis) and query count, the refresh when nothing changed and after one
attendance is marked in one cohort, the XLSX export's seconds and the export's own peak
Python memory (tracemalloc), with ratios to the 1x line and the load average.

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


def insert_rows(model, columns: list[str], rows, *, prepared=()) -> None:
    """Write plain tuples straight into a model's table, much faster than models.

    COPY on PostgreSQL, executemany on SQLite, in batches. Fields not listed take
    their default; values are prepared by their field once per distinct value,
    except the columns in ``prepared`` (already database values, such as JSON).
    """
    from django.db import connection

    fields = {f.attname: f for f in model._meta.concrete_fields}
    given = [fields[c] for c in columns]
    rest = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in columns and not f.primary_key
    ]
    names = [f.column for f in given + rest]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    memo: list[dict] = [{} for _ in given]
    raw = [c in prepared for c in columns]

    def prep(row):
        out = []
        for i, value in enumerate(row):
            if raw[i] or value is None:
                out.append(value)
                continue
            cached = memo[i].get(value, memo)
            if cached is memo:
                cached = memo[i][value] = given[i].get_db_prep_save(value, connection)
            out.append(cached)
        return (*out, *defaults)

    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prep(row))
            return
        marks = ", ".join(["%s"] * len(names))
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
        batch = []
        for row in rows:
            batch.append(prep(row))
            if len(batch) >= 20000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def grow(course, quizzes, *, start: int, units: int, rng: random.Random) -> None:
    """Add `units` units of cohorts, people, attendance, attempts and certificates."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
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
        sessions_of.setdefault(s.cohort_id, []).append((s.pk, s.starts_at))
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
    users = User.objects.bulk_create(users, batch_size=5000)
    per_cohort = people // len(cohorts)
    cohort_ids = [c.pk for c in cohorts]
    with transaction.atomic():
        insert_rows(
            Enrolment,
            ["cohort_id", "participant_id", "created_at"],
            (
                (cohort_ids[min(n // per_cohort, len(cohorts) - 1)], u.pk, now)
                for n, u in enumerate(users)
            ),
        )
    enrolments = list(
        Enrolment.objects.filter(cohort_id__in=cohort_ids)
        .order_by("pk")
        .values_list("pk", "cohort_id", "participant_id")
    )
    statuses = ["present"] * 7 + ["late", "absent", "excused"]
    # Marked when each session began, as in the room (not "now", which would
    # make every cohort look just changed to the reports).
    with transaction.atomic():
        insert_rows(
            Attendance,
            ["session_id", "enrolment_id", "status", "marked_at", "method"],
            (
                (s, pk, rng.choice(statuses), starts, AttendanceMethod.FACILITATOR)
                for pk, cohort_id, _participant in enrolments
                for s, starts in sessions_of[cohort_id]
            ),
        )
    # Answers come from a pool of every right/wrong pattern, made once.
    answers_field = Attempt._meta.get_field("answers")
    patterns = {}
    for kind, quiz in quizzes.items():
        options = [
            (
                q.id,
                next(o.id for o in q.options if o.correct),
                next(o.id for o in q.options if not o.correct),
            )
            for q in quiz.content.questions.values()
        ]
        patterns[kind] = [
            answers_field.get_db_prep_save(
                {
                    qid: [right if mask >> n & 1 else wrong]
                    for n, (qid, right, wrong) in enumerate(options)
                },
                connection,
            )
            for mask in range(1 << len(options))
        ]

    def attempts():
        for _pk, cohort_id, participant_id in enrolments:
            skill = rng.random()
            plan = [QuizKind.PRE_TEST] + [QuizKind.MODULE_QUIZ] * (
                ATTEMPTS_PER_PERSON - 2
            )
            plan.append(
                QuizKind.POST_TEST if rng.random() < 0.9 else QuizKind.MODULE_QUIZ
            )
            for n, kind in enumerate(plan):
                quiz = quizzes[kind]
                p_right = min(
                    0.95, skill * (0.6 if kind == QuizKind.PRE_TEST else 1.0) + 0.3
                )
                mask = right = 0
                for q in range(QUESTIONS):
                    if rng.random() < p_right:
                        mask |= 1 << q
                        right += 1
                percent = round(100 * right / QUESTIONS, 2)
                when = now - dt.timedelta(
                    days=300, minutes=10 * (ATTEMPTS_PER_PERSON - n)
                )
                yield (
                    participant_id,
                    quiz.pk,
                    cohort_id,
                    quiz.live_revision_id,
                    when,
                    when,
                    "submitted",
                    patterns[kind][mask],
                    right,
                    QUESTIONS,
                    percent,
                    percent >= quiz.pass_mark,
                )

    with transaction.atomic():
        insert_rows(
            Attempt,
            [
                "participant_id",
                "quiz_id",
                "cohort_id",
                "revision_id",
                "started_at",
                "submitted_at",
                "close_reason",
                "answers",
                "score",
                "max_score",
                "percent",
                "passed",
            ],
            attempts(),
            prepared={"answers"},
        )
    names = dict(
        User.objects.filter(pk__in=[u.pk for u in users]).values_list("pk", "full_name")
    )
    with transaction.atomic():
        insert_rows(
            Certificate,
            [
                "enrolment_id",
                "template_id",
                "template_revision_id",
                "code",
                "participant_name",
                "course_title",
                "cohort_name",
                "dates",
                "issued_at",
                "issued_by_id",
                "pdf",
                "sha256",
                "revoked_at",
            ],
            (
                (
                    pk,
                    template.pk,
                    revision.pk,
                    f"B{pk:09d}",
                    names[participant_id],
                    course.title,
                    "Bench",
                    "2024",
                    now,
                    participant_id,
                    "bench.pdf",
                    "0" * 64,
                    now if pk % 50 == 0 else None,
                )
                for pk, _cohort_id, participant_id in enrolments
                if pk % 5
            ),
        )


def measure(scale: int, database: str, baseline: dict | None) -> dict:
    """Time the refresh and the report, count its queries, time and measure the XLSX."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cohorts.models import Attendance
    from reports import exports
    from reports.selectors import ReportFilters, donor_indicator, programme_report
    from reports.services import report_figures_refresh

    filters = ReportFilters()

    def report():
        # As the page does: the report brings the figures up to date, the donor
        # sheet reads them straight after.
        result = programme_report(filters=filters)
        return result, donor_indicator(
            filters=filters, now=result.generated_at, refresh=False
        )

    # The new cohorts' figures are built once (the one-off cost of new data).
    refresh_seconds, refreshed = timed(report_figures_refresh)
    _analyze()
    report()  # warm up connections and the revision cache
    with CaptureQueriesContext(connection) as ctx:
        seconds, (result, donor) = timed(report)
    queries = len(ctx.captured_queries)

    # Nothing changed: the refresh only looks (one query).
    check_seconds, checked = timed(report_figures_refresh)
    # One attendance marked now in one cohort: the refresh rebuilds that cohort.
    marked = Attendance.objects.order_by("pk").values_list("pk", flat=True).first()
    Attendance.objects.filter(pk=marked).update(
        status="present", marked_at=timezone.now()
    )
    incremental_seconds, incremental = timed(report_figures_refresh)

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
        "refresh_seconds": round(refresh_seconds, 3),
        "refresh_cohorts": refreshed.cohorts,
        "refresh_attempts_scored": refreshed.attempts_scored,
        "refresh_unchanged_seconds": round(check_seconds, 3),
        "refresh_unchanged_rebuilt": checked.cohorts,
        "refresh_one_change_seconds": round(incremental_seconds, 3),
        "refresh_one_change_rebuilt": incremental.cohorts,
        "export_seconds": round(export_seconds, 3),
        "export_peak_mb": round(peak / 1e6, 2),
        "xlsx_kb": round(size / 1024, 1),
        "people_trained": result.people_participated,
        "pairs": result.pre_post.pairs,
        "loadavg": _loadavg(),
    }
    if baseline:
        figures["report_seconds_ratio"] = round(seconds / baseline["report_seconds"], 2)
        figures["queries_ratio"] = round(queries / baseline["report_queries"], 2)
    return figures


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 3)[:3]
    except OSError:
        return ""


def _analyze() -> None:
    """VACUUM ANALYZE on PostgreSQL after the bulk load, as autovacuum would before
    long (and as one should after a restore or a large import): without it the
    planner takes the fresh tables for empty ones and reads rows that an index
    could answer alone."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


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
            _analyze()
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
