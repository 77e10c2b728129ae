"""Keeping the reports' figures current: rebuild the cohorts whose rows are stale.

A report reads one small row per enrolment (sessions attended, pre-test and
post-test) and per cohort and question (sums of answers), kept in
``reports.models``. Before each report, ``report_figures_refresh`` finds the
cohorts whose rows no longer match their data, in one query, and rebuilds only
those, in SQL (INSERT … SELECT); only the scoring of their paired attempts'
answers runs in Python, because only ``assessments.scoring`` knows the rules.

A cohort is stale when it has no rows yet, or when what its rows were built
from differs from the cohort today: the sessions held; its active enrolments
(their number and the sum of their ids); the attempts submitted and attendance
marked in it since the rebuild began, less a margin for transactions still open
then (their number and the latest time, read through indexes on those
timestamps); or its country, start date and completion rule. A person's details
(sex, organisation) are not kept: the report joins them live. Nothing here runs
from signals (docs/decisions/0007-reports-layer.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractQuarter, ExtractYear
from django.utils import timezone
from wagtail.models import Revision

from assessments import scoring
from assessments.content import quiz_content
from assessments.models import Attempt, QuizKind, QuizPage
from cohorts.models import (
    ATTENDED_STATUSES,
    Attendance,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    TrainingSession,
)
from courses import translations

from .models import CohortFigures, ParticipationFigures, QuestionFigures

# A change is looked for from this long before the last rebuild began, so that a
# submission whose transaction was still open then is not missed.
MARGIN = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class RefreshResult:
    """How many cohorts were rebuilt, and how many paired attempts were scored."""

    cohorts: int
    attempts_scored: int


def _count_of(queryset, group: str, *, total=None, of: str = "pk"):
    """A scalar subquery: the count of ``of`` (or sum of ``total``) per ``group``."""
    figure = Sum(total) if total else Count(of)
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(n=figure).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


KEPT_SETTINGS = (
    "country",
    "start_date",
    "min_attendance_percent",
    "require_post_test_pass",
)


def _depends_on(cohort_id, *, now: dt.datetime, since) -> dict:
    """What a cohort's kept rows depend on, as expressions (stored under these names).

    Sessions held by ``now``; the active enrolments (how many, the sum of their
    ids); and the attempts submitted and attendance marked since ``since`` (how
    many, the latest): marking or submitting again moves the latest, a late
    transaction with an earlier time or a deletion changes how many.
    """
    active = Enrolment.objects.filter(cohort=cohort_id, status=EnrolmentStatus.ENROLLED)
    attempts = Attempt.objects.filter(cohort=cohort_id, submitted_at__gte=since)
    marks = Attendance.objects.filter(session__cohort=cohort_id, marked_at__gte=since)
    return {
        "held": _count_of(
            TrainingSession.objects.filter(cohort=cohort_id, starts_at__lte=now),
            "cohort",
        ),
        "active_count": _count_of(active, "cohort"),
        "active_id_sum": _count_of(active, "cohort", total="pk"),
        # Counted on the timestamps themselves, so that the (cohort, time) and
        # (session, time) indexes answer without reading the rows.
        "recent_attempts": _count_of(attempts, "cohort", of="submitted_at"),
        "last_attempt_at": _latest(attempts, "cohort", "submitted_at"),
        "recent_marks": _count_of(marks, "session__cohort", of="marked_at"),
        "last_mark_at": _latest(marks, "session__cohort", "marked_at"),
    }


def _latest(queryset, group: str, field: str):
    return Subquery(
        queryset.order_by().values(group).annotate(last=Max(field)).values("last")[:1],
        output_field=DateTimeField(),
    )


def stale_cohort_ids(cohorts: QuerySet, *, now: dt.datetime) -> list[int]:
    """The ids of those cohorts whose kept figures are out of date; one query."""
    live = _depends_on(
        OuterRef("pk"), now=now, since=OuterRef("figures__changes_since")
    )
    names = [*live, *KEPT_SETTINGS]
    rows = cohorts.annotate(**{f"live_{name}": expr for name, expr in live.items()})
    stale = []
    for pk, since, *state in rows.values_list(
        "pk",
        "figures__changes_since",
        *(f"figures__{name}" for name in names),
        *(f"live_{name}" for name in live),
        *KEPT_SETTINGS,
    ):
        if since is None or state[: len(names)] != state[len(names) :]:
            stale.append(pk)
    return stale


def report_figures_refresh(
    *,
    cohorts: QuerySet | None = None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> RefreshResult:
    """Rebuild the kept figures of the stale cohorts among ``cohorts`` (default: all).

    ``now`` is the moment sessions count as held at (the report's); changes are
    watched from the wall-clock time the rebuild began, less MARGIN. dry_run
    counts the stale cohorts and writes nothing.
    """
    started = timezone.now()
    now = now or started
    cohorts = Cohort.objects.all() if cohorts is None else cohorts
    stale = sorted(stale_cohort_ids(cohorts, now=now))
    if not stale or dry_run:
        return RefreshResult(cohorts=len(stale), attempts_scored=0)
    since = started - MARGIN
    with transaction.atomic():
        # One writer per cohort at a time: take the cohorts' rows (made if new)
        # in id order, so two rebuilds wait for each other instead of colliding.
        CohortFigures.objects.bulk_create(
            [CohortFigures(cohort_id=pk, changes_since=since) for pk in stale],
            ignore_conflicts=True,
        )
        list(
            CohortFigures.objects.select_for_update()
            .filter(pk__in=stale)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # What the rows are built from is recorded before they are built: a
        # change that lands in between is then seen as a change next time.
        cohort = Cohort.objects.filter(pk=OuterRef("cohort_id"))
        CohortFigures.objects.filter(pk__in=stale).update(
            changes_since=since,
            **_depends_on(OuterRef("cohort_id"), now=now, since=since),
            **{name: Subquery(cohort.values(name)[:1]) for name in KEPT_SETTINGS},
        )
        ParticipationFigures.objects.filter(cohort_id__in=stale).delete()
        QuestionFigures.objects.filter(cohort_id__in=stale).delete()
        _insert_participations(stale, now=now)
        scored = _insert_questions(stale)
    return RefreshResult(cohorts=len(stale), attempts_scored=scored)


# --- the rows of one enrolment ------------------------------------------------------


def _test_ids() -> dict[str, list[int]]:
    """The pre-tests' and post-tests' page ids (looked up once, to use the
    attempts' (quiz, participant) index instead of joining the page tables)."""
    ids = {QuizKind.PRE_TEST: [], QuizKind.POST_TEST: []}
    for pk, kind in QuizPage.objects.filter(kind__in=list(ids)).values_list(
        "pk", "kind"
    ):
        ids[kind].append(pk)
    return ids


def _insert_participations(cohort_ids: list[int], *, now: dt.datetime) -> None:
    """One row per active enrolment of those cohorts, computed and written in SQL."""
    tests = _test_ids()
    in_cohort = Attempt.objects.submitted().filter(
        participant=OuterRef("participant_id"), cohort=OuterRef("cohort_id")
    )
    # Decision 0002: the first submitted pre-test and the best post-test.
    pre = in_cohort.filter(quiz_id__in=tests[QuizKind.PRE_TEST]).order_by(
        "submitted_at", "pk"
    )
    post = in_cohort.filter(quiz_id__in=tests[QuizKind.POST_TEST]).order_by(
        "-percent", "pk"
    )
    one = Value(1)
    rows = (
        Enrolment.objects.filter(
            cohort_id__in=cohort_ids, status=EnrolmentStatus.ENROLLED
        )
        .order_by()
        .annotate(
            f_country=F("cohort__country"),
            f_quarter=ExtractYear("cohort__start_date") * 10
            + ExtractQuarter("cohort__start_date"),
            f_held=_count_of(
                TrainingSession.objects.filter(
                    cohort=OuterRef("cohort_id"), starts_at__lte=now
                ),
                "cohort",
            ),
            f_attended=_count_of(
                Attendance.objects.filter(
                    enrolment=OuterRef("pk"), status__in=ATTENDED_STATUSES
                ),
                "enrolment",
            ),
            f_pre=Cast(Subquery(pre.values("percent")[:1]), FloatField()),
            f_post=Cast(Subquery(post.values("percent")[:1]), FloatField()),
            f_post_passed=Exists(post.filter(passed=True).values("pk")),
            # Cast, so that PostgreSQL reads an empty list of tests' NULL as a number.
            f_pre_attempt=Cast(Subquery(pre.values("pk")[:1]), BigIntegerField()),
            f_post_attempt=Cast(Subquery(post.values("pk")[:1]), BigIntegerField()),
        )
        .annotate(
            f_participated=Case(
                When(f_attended__gte=1, then=one),
                default=Value(0),
                output_field=IntegerField(),
            ),
            # Completed: attended / held >= min % / 100 (without dividing by
            # zero) and, where the cohort asks for it, passed the post-test.
            f_completed=Case(
                When(
                    Q(f_attended__gte=1)
                    & Q(
                        f_attended__gte=ExpressionWrapper(
                            F("f_held") * F("cohort__min_attendance_percent") / 100.0,
                            output_field=FloatField(),
                        )
                    )
                    & (Q(cohort__require_post_test_pass=False) | Q(f_post_passed=True)),
                    then=one,
                ),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
    )
    columns = {
        "enrolment_id": "pk",
        "cohort_id": "cohort_id",
        "participant_id": "participant_id",
        **{
            name: f"f_{name.removesuffix('_id')}"
            for name in (
                "country",
                "quarter",
                "held",
                "attended",
                "pre",
                "post",
                "post_passed",
                "participated",
                "completed",
                "pre_attempt_id",
                "post_attempt_id",
            )
        },
    }
    select, params = rows.values(*columns.values()).query.sql_with_params()
    quote = connection.ops.quote_name
    # Columns are taken by name from the ORM's own SELECT, never by position.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(ParticipationFigures._meta.db_table)} "  # noqa: S608  (names are ours)
            f"({', '.join(quote(c) for c in columns)}) "
            f"SELECT {', '.join(quote(s) for s in columns.values())} "
            f"FROM ({select}) figures_source",
            params,
        )


# --- the rows of one question ---------------------------------------------------------


# A revision never changes, so its questions are read once per process; the key
# holds its creation time too, as a test database may hand out an id again.
_questions_cache: dict[tuple[int, dt.datetime], list] = {}


def _wording(prompt) -> str:
    return " ".join(str(prompt).split())


def _source_wordings(quiz: QuizPage) -> dict[str, str]:
    """For a translated quiz, each question's wording in the source (by block id):
    a question reads differently in Spanish, but it is the same question."""
    source = translations.source_page(quiz)
    if source.pk == quiz.pk:
        return {}
    content = quiz_content(source.specific.questions)
    return {qid: _wording(q.prompt) for qid, q in content.questions.items()}


def _questions_of(revision_ids) -> dict[int, list]:
    """(wording, scoring question) for each question, per quiz revision; the wording
    of a translation's question is the source's."""
    found = {}
    keys = Revision.objects.filter(pk__in=revision_ids).values_list("pk", "created_at")
    missing = [key for key in keys if key not in _questions_cache]
    if missing:
        for revision in Revision.objects.filter(pk__in=[pk for pk, _ in missing]):
            quiz = revision.as_object()
            content = quiz_content(quiz.questions)
            source = _source_wordings(quiz)
            _questions_cache[(revision.pk, revision.created_at)] = [
                (source.get(qid, _wording(q.prompt)), q.for_scoring())
                for qid, q in content.questions.items()
            ]
    for key in keys:
        found[key[0]] = _questions_cache[key]
    return found


def _insert_questions(cohort_ids: list[int]) -> int:
    """Per cohort and question, the sums over the matched pairs; returns attempts scored.

    The paired attempts are streamed once through the scoring rules, in one
    query whatever their number (and one per quiz revision not read before).
    Questions are matched by their wording, so an equivalent post-test with its
    own copy of a question still pairs up; a translated quiz's questions count
    under their source's wording, so answers in every language add up.
    """
    paired = ParticipationFigures.objects.filter(
        cohort_id__in=cohort_ids,
        pre_attempt__isnull=False,
        post_attempt__isnull=False,
    ).order_by()
    fields = ("cohort_id", "revision_id", "quiz__kind", "answers", "percent")
    # Two simple IN lists joined by UNION ALL (a pair's attempts are distinct).
    rows = (
        Attempt.objects.filter(pk__in=paired.values("pre_attempt_id"))
        .order_by()
        .values_list(*fields)
        .union(
            Attempt.objects.filter(pk__in=paired.values("post_attempt_id"))
            .order_by()
            .values_list(*fields),
            all=True,
        )
    )
    questions_of: dict[int, list] = {}
    figures: dict[tuple[int, str], QuestionFigures] = {}
    scored = 0
    for cohort_id, revision_id, kind, answers, percent in rows.iterator(
        chunk_size=2000
    ):
        scored += 1
        answers = answers or {}
        y = float(percent or 0)
        pre = kind == QuizKind.PRE_TEST
        if revision_id not in questions_of:
            # Read when first met: a handful of revisions, cached per process.
            questions_of.update(_questions_of([revision_id]))
            questions_of.setdefault(revision_id, [])
        for index, (prompt, question) in enumerate(questions_of.get(revision_id, ())):
            chosen = answers.get(question.id, ())
            right = scoring.question_score(question, chosen) >= question.points
            row = figures.get((cohort_id, prompt))
            if row is None:
                row = figures[(cohort_id, prompt)] = QuestionFigures(
                    cohort_id=cohort_id,
                    prompt=prompt,
                    position=(0 if pre else 10_000) + index,
                )
            if pre:
                row.pre_n += 1
                row.pre_right += right
            else:
                row.position = min(row.position, 10_000 + index)
                x = 1.0 if right else 0.0
                row.post_n += 1
                row.post_right += right
                row.sum_x += x
                row.sum_y += y
                row.sum_xy += x * y
                row.sum_yy += y * y
    QuestionFigures.objects.bulk_create(figures.values(), batch_size=2000)
    return scored


__all__ = [
    "MARGIN",
    "RefreshResult",
    "report_figures_refresh",
    "stale_cohort_ids",
]
