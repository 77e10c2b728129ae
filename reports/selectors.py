"""The programme report: every figure across cohorts, aggregated in the database.

One computation (``programme_report``) feeds the page, the XLSX, the PDF and the
donor sheet, so they can never disagree. Each part is one aggregate query over
the chosen enrolments, so the report costs the same number of queries for 30
people as for 100,000. It reads the figures the reports keep per enrolment and
per cohort and question (reports.models), which reports.services brings up to
date first for the cohorts that changed (docs/decisions/0007-reports-layer.md).

Units: a *participation* is one person in one cohort (an enrolment); a person
*trained* is counted once however many cohorts they attended.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    Avg,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from cohorts.models import Cohort
from lms.choices import Country, GovernmentSector, OrganisationType, Sex

from .models import ParticipationFigures, QuestionFigures
from .services import report_figures_refresh

NOT_STATED = _("Not stated")
# A question "improved" when its facility rose by at least this many points, and
# "stayed hard" when fewer than this share answered it right after the training.
IMPROVED_POINTS = 20
HARD_PERCENT = 50
GOOD_DISCRIMINATION = 0.2
VERDICTS = {
    # Translators: a question's verdict in the report: few got it right after.
    "stayed hard": _("stayed hard"),
    # Translators: a question's verdict: many more got it right after the training.
    "improved": _("improved"),
}


def quarter_label(year, quarter) -> str:
    """A calendar quarter in words, as the report and the donor sheet print it."""
    # Translators: a calendar quarter, e.g. "2026 Q1" (first quarter of 2026).
    return gettext("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}


COMPLETION_RULE = _(
    "Participated: enrolled and present (or late) at one session or more. "
    "Completed: attended at least the cohort's required share of the sessions "
    "held so far and, where the cohort asks for it, passed the post-test."
)
PRE_POST_RULE = _(
    "Pre-test: each participation's first submitted attempt; post-test: its best "
    "submitted attempt, both taken in that cohort. Averages use matched pairs only "
    "(people with both). Normalised gain ⟨g⟩ = (post − pre) / (100 − pre) on the "
    "averages; the average of individual gains leaves out pre-tests of 100 %."
)


@dataclass(frozen=True)
class ReportFilters:
    """What the report covers: cohorts starting in a date range, a country, a course, a cohort."""

    date_from: date | None = None
    date_to: date | None = None
    country: str = ""
    course_id: int | None = None
    cohort_id: int | None = None

    def cohorts(self):
        """The cohorts these filters select."""
        cohorts = Cohort.objects.all()
        if self.date_from:
            cohorts = cohorts.filter(start_date__gte=self.date_from)
        if self.date_to:
            cohorts = cohorts.filter(start_date__lte=self.date_to)
        if self.country:
            cohorts = cohorts.filter(country=self.country)
        if self.course_id:
            cohorts = cohorts.filter(course_id=self.course_id)
        if self.cohort_id:
            cohorts = cohorts.filter(pk=self.cohort_id)
        return cohorts


@dataclass(frozen=True)
class BreakdownRow:
    """People trained in one group: participated and completed, unique persons."""

    key: str
    label: str
    participated: int
    completed: int


@dataclass(frozen=True)
class Breakdown:
    """One breakdown of the people trained (by sex, by country, ...)."""

    slug: str
    title: str
    note: str
    rows: list[BreakdownRow]

    @property
    def total_participated(self) -> int:
        return sum(r.participated for r in self.rows)


@dataclass(frozen=True)
class PrePost:
    """Pre-test and post-test results over matched pairs, with n and attrition."""

    pre_takers: int
    post_takers: int
    pairs: int
    pre_average: float | None
    post_average: float | None
    individual_gain_average: float | None
    individual_gain_n: int
    perfect_pre_excluded: int

    @property
    def attrition(self) -> int:
        """Participations with a pre-test but no post-test."""
        return self.pre_takers - self.pairs

    @property
    def attrition_percent(self) -> float | None:
        return 100 * self.attrition / self.pre_takers if self.pre_takers else None

    @property
    def raw_gain(self) -> float | None:
        if self.pre_average is None or self.post_average is None:
            return None
        return self.post_average - self.pre_average

    @property
    def normalised_gain(self) -> float | None:
        """⟨g⟩ = (post − pre) / (100 − pre), from the averages."""
        if self.raw_gain is None or self.pre_average >= 100:
            return None
        return self.raw_gain / (100 - self.pre_average)


@dataclass
class QuestionResult:
    """One question's facility before and after, and how well it discriminates."""

    prompt: str
    pre_n: int = 0
    pre_right: int = 0
    post_n: int = 0
    post_right: int = 0
    # Running sums for the point-biserial correlation on the post-test.
    _sx: float = 0.0
    _sy: float = 0.0
    _sxy: float = 0.0
    _syy: float = 0.0

    @property
    def pre_facility(self) -> float | None:
        return 100 * self.pre_right / self.pre_n if self.pre_n else None

    @property
    def post_facility(self) -> float | None:
        return 100 * self.post_right / self.post_n if self.post_n else None

    @property
    def change(self) -> float | None:
        if self.pre_facility is None or self.post_facility is None:
            return None
        return self.post_facility - self.pre_facility

    @property
    def discrimination(self) -> float | None:
        """Point-biserial r between answering it right and the post-test score."""
        n = self.post_n
        if n < 2:
            return None
        var_x = n * self._sx - self._sx * self._sx
        var_y = n * self._syy - self._sy * self._sy
        if var_x <= 0 or var_y <= 0:
            return None
        return (n * self._sxy - self._sx * self._sy) / math.sqrt(var_x * var_y)

    @property
    def verdict(self) -> str:
        """ "stayed hard", "improved" or "" (a key; verdict_label is what people read)."""
        if self.post_facility is not None and self.post_facility < HARD_PERCENT:
            return "stayed hard"
        if self.change is not None and self.change >= IMPROVED_POINTS:
            return "improved"
        return ""

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS.get(self.verdict, ""))


@dataclass
class ProgrammeReport:
    """Every figure of the programme report, for the filters given."""

    filters: ReportFilters
    generated_at: datetime
    cohorts: int
    participations: int
    people_enrolled: int
    people_participated: int
    people_completed: int
    participations_completed: int
    sessions_attended: int
    sessions_possible: int
    certificates_issued: int
    certificates_revoked: int
    breakdowns: list[Breakdown]
    pre_post: PrePost
    questions: list[QuestionResult] = field(default_factory=list)
    completion_rule: str = str(COMPLETION_RULE)
    pre_post_rule: str = str(PRE_POST_RULE)

    @property
    def attendance_rate(self) -> float | None:
        """Sessions attended over sessions held, for every participation."""
        if not self.sessions_possible:
            return None
        return 100 * self.sessions_attended / self.sessions_possible

    @property
    def certificates_valid(self) -> int:
        return self.certificates_issued - self.certificates_revoked

    def breakdown(self, slug: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.slug == slug)

    @property
    def improved_questions(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.verdict == "improved"]

    @property
    def hard_questions(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.verdict == "stayed hard"]


# --- the annotated participations -------------------------------------------------


def participations(
    filters: ReportFilters, *, now: datetime | None = None, refresh: bool = True
):
    """The kept figures of the active enrolments of the chosen cohorts.

    held / attended: sessions held so far and attended; pre / post: the pre-test
    (first) and post-test (best) percent in that cohort; participated /
    completed: 1 or 0 by the rules printed on the report. The rows are brought
    up to date first (reports.services) unless the caller has just done so.
    """
    now = now or timezone.now()
    if refresh:
        report_figures_refresh(cohorts=filters.cohorts(), now=now)
    return ParticipationFigures.objects.filter(cohort__in=filters.cohorts())


# --- the report -------------------------------------------------------------------

PARTICIPATED = Q(participated=1)
COMPLETED = Q(completed=1)
PAIRED = Q(pre__isnull=False, post__isnull=False)


def _people(prefix: str = "") -> dict:
    # Named apart from the "participated" / "completed" annotations they count.
    return {
        "people_participated": Count(
            f"{prefix}participant", distinct=True, filter=PARTICIPATED
        ),
        "people_completed": Count(
            f"{prefix}participant", distinct=True, filter=COMPLETED
        ),
    }


PERSON_KEYS = {
    "sex": "participant__sex",
    "organisation_type": "participant__organisation_type",
    "government_sector": "participant__government_sector",
    "organisation": "participant__organisation",
}


def _by_person(base) -> list[dict]:
    """People trained and completed per combination of a person's details; one query.

    A person has one sex, type, sector and organisation, so each is counted in
    exactly one row and the rows add up to any one of those breakdowns.
    """
    return list(
        base.values(**{k: F(v) for k, v in PERSON_KEYS.items()})
        .annotate(**_people())
        .order_by()
    )


def _tally(rows: list[dict], key: str, where=None) -> dict:
    counts: dict = {}
    for row in rows:
        if where is not None and not where(row):
            continue
        found = counts.setdefault(
            row[key] or "", {"people_participated": 0, "people_completed": 0}
        )
        found["people_participated"] += row["people_participated"]
        found["people_completed"] += row["people_completed"]
    return counts


def _grouped(rows_qs, key: str) -> dict:
    """People trained and completed per value of a cohort's detail; one query."""
    return {
        (row["k"] or ""): row
        for row in rows_qs.values(k=F(key)).annotate(**_people()).order_by()
    }


def _breakdown(counts: dict, labels: dict, *, slug, title, note="", order=None):
    keys = list(order) if order is not None else sorted(counts, key=str)
    keys += [k for k in counts if k not in keys and k != ""]
    if "" in counts:
        keys.append("")
    rows = []
    for k in dict.fromkeys(keys):
        found = counts.get(k)
        if found is None and order is None:
            continue
        rows.append(
            BreakdownRow(
                key=str(k),
                label=str(labels.get(k, k) if k != "" else NOT_STATED),
                participated=found["people_participated"] if found else 0,
                completed=found["people_completed"] if found else 0,
            )
        )
    return Breakdown(slug=slug, title=str(title), note=str(note), rows=rows)


def programme_report(
    *,
    filters: ReportFilters,
    now: datetime | None = None,
    questions: bool = True,
    refresh: bool = True,
) -> ProgrammeReport:
    """Every figure of the programme report, in a fixed number of queries.

    refresh=False skips bringing the kept figures up to date, for a caller that
    has just done so (the page computes the donor sheet right after the report).
    """
    now = now or timezone.now()
    base = participations(filters, now=now, refresh=refresh)

    totals = pairs = base.aggregate(
        participations=Count("pk"),
        people_enrolled=Count("participant", distinct=True),
        participations_completed=Sum("completed", default=0),
        sessions_attended=Sum("attended", default=0),
        sessions_possible=Sum("held", default=0),
        cohorts=Count("cohort", distinct=True),
        **_people(),
        # The tests, in the same pass over the rows.
        pre_takers=Count("pk", filter=Q(pre__isnull=False)),
        post_takers=Count("pk", filter=Q(post__isnull=False)),
        pairs=Count("pk", filter=PAIRED),
        pre_average=Avg("pre", filter=PAIRED),
        post_average=Avg("post", filter=PAIRED),
        individual=Avg(
            ExpressionWrapper(
                (F("post") - F("pre")) / (Value(100.0) - F("pre")),
                output_field=FloatField(),
            ),
            filter=PAIRED & Q(pre__lt=100),
        ),
        individual_n=Count("pk", filter=PAIRED & Q(pre__lt=100)),
        perfect=Count("pk", filter=PAIRED & Q(pre__gte=100)),
    )
    certificates = Certificate.objects.filter(
        enrolment_id__in=base.order_by().values("enrolment_id")
    ).aggregate(
        issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False))
    )

    people = _by_person(base)
    breakdowns = [
        _breakdown(
            _tally(people, "sex"),
            dict(Sex.choices),
            slug="sex",
            title=_("By sex"),
            order=[*Sex.values, ""],
        ),
        _breakdown(
            _tally(people, "organisation_type"),
            dict(OrganisationType.choices),
            slug="organisation_type",
            title=_("By type of organisation"),
            order=[*OrganisationType.values, ""],
        ),
        _breakdown(
            _tally(
                people,
                "government_sector",
                where=lambda row: (
                    row["organisation_type"] == OrganisationType.GOVERNMENT
                ),
            ),
            dict(GovernmentSector.choices),
            slug="government_sector",
            title=_("Government participants by sector"),
            order=[*GovernmentSector.values, ""],
        ),
        _breakdown(
            _tally(people, "organisation"),
            {},
            slug="organisation",
            title=_("By organisation"),
        ),
        _breakdown(
            _grouped(base, "country"),
            dict(Country.choices),
            slug="country",
            title=_("By country of the training"),
            note=_(
                "A person trained in two countries counts once in each country "
                "and once in the total."
            ),
        ),
        _breakdown(
            _grouped(base, "quarter"),
            {},
            slug="quarter",
            title=_("By quarter (the cohort's start date)"),
            note=_(
                "A person trained in two quarters counts once in each quarter "
                "and once in the total."
            ),
        ),
    ]
    quarter = breakdowns[-1]
    quarter.rows[:] = [
        BreakdownRow(
            key=r.key,
            label=quarter_label(int(r.key) // 10, int(r.key) % 10)
            if r.key.isdigit()
            else r.label,
            participated=r.participated,
            completed=r.completed,
        )
        for r in quarter.rows
    ]
    report = ProgrammeReport(
        filters=filters,
        generated_at=now,
        cohorts=totals["cohorts"],
        participations=totals["participations"],
        people_enrolled=totals["people_enrolled"],
        people_participated=totals["people_participated"],
        people_completed=totals["people_completed"],
        participations_completed=totals["participations_completed"],
        sessions_attended=totals["sessions_attended"],
        sessions_possible=totals["sessions_possible"],
        certificates_issued=certificates["issued"],
        certificates_revoked=certificates["revoked"],
        breakdowns=breakdowns,
        pre_post=PrePost(
            pre_takers=pairs["pre_takers"],
            post_takers=pairs["post_takers"],
            pairs=pairs["pairs"],
            pre_average=pairs["pre_average"],
            post_average=pairs["post_average"],
            individual_gain_average=pairs["individual"],
            individual_gain_n=pairs["individual_n"],
            perfect_pre_excluded=pairs["perfect"],
        ),
    )
    if questions:
        report.questions = question_results(filters)
    return report


def question_results(filters: ReportFilters) -> list[QuestionResult]:
    """Per-question facility before and after and discrimination, over matched pairs.

    One query: the kept sums of the chosen cohorts, added up per question.
    Questions are matched by their wording, so an equivalent post-test with its
    own copy of a question still pairs up; a translated quiz's questions count
    under their source's wording, so answers in every language add up.
    """
    rows = (
        QuestionFigures.objects.filter(cohort__in=filters.cohorts())
        .values("prompt")
        .annotate(
            first=Min("position"),
            pre_n=Sum("pre_n"),
            pre_right=Sum("pre_right"),
            post_n=Sum("post_n"),
            post_right=Sum("post_right"),
            sx=Sum("sum_x"),
            sy=Sum("sum_y"),
            sxy=Sum("sum_xy"),
            syy=Sum("sum_yy"),
        )
        .order_by("first", "prompt")
    )
    return [
        QuestionResult(
            prompt=row["prompt"],
            pre_n=row["pre_n"],
            pre_right=row["pre_right"],
            post_n=row["post_n"],
            post_right=row["post_right"],
            _sx=row["sx"],
            _sy=row["sy"],
            _sxy=row["sxy"],
            _syy=row["syy"],
        )
        for row in rows
    ]


# --- the donor indicator ------------------------------------------------------------

DONOR_TITLE = _(
    "Number of officials and first responders trained in victim identification, by sex"
)
DONOR_NOTE = _(
    "Unique persons who participated in a training (present at one session or "
    "more) of the chosen courses and cohorts. A person trained in two quarters, "
    "countries or types of organisation counts once in each row; the last row "
    "counts each person once."
)


@dataclass(frozen=True)
class DonorRow:
    """People trained in one quarter, country and type of organisation, by sex."""

    quarter: str
    country: str
    organisation_type: str
    by_sex: list[int]

    @property
    def total(self) -> int:
        return sum(self.by_sex)


@dataclass(frozen=True)
class DonorIndicator:
    """The donor indicator sheet: unique persons by sex in each row, and overall."""

    sexes: list[tuple[str, str]]
    rows: list[DonorRow]
    total_by_sex: list[int]
    title: str = str(DONOR_TITLE)
    note: str = str(DONOR_NOTE)

    @property
    def total(self) -> int:
        return sum(self.total_by_sex)


def donor_indicator(
    *, filters: ReportFilters, now: datetime | None = None, refresh: bool = True
) -> DonorIndicator:
    """Unique persons trained by sex, per quarter, country and organisation type.

    Two queries, after bringing the kept figures up to date unless refresh=False.
    """
    # Counted with FILTER, as the breakdowns are: a WHERE on the computed
    # "participated" makes the database evaluate it before grouping, far slower.
    everyone = participations(filters, now=now, refresh=refresh)
    people = Count("participant", distinct=True, filter=PARTICIPATED)
    sexes = [*Sex.choices, ("", str(NOT_STATED))]
    column = {key: i for i, (key, _label) in enumerate(sexes)}
    countries = dict(Country.choices)
    types = dict(OrganisationType.choices)
    grouped: dict[tuple, list[int]] = {}
    for row in (
        everyone.values(
            "quarter",
            "country",
            ot=Coalesce("participant__organisation_type", Value("")),
            sex=Coalesce("participant__sex", Value("")),
        )
        .annotate(n=people)
        .order_by("quarter", "country", "ot")
    ):
        if not row["n"]:
            continue
        key = (
            quarter_label(row["quarter"] // 10, row["quarter"] % 10),
            str(countries.get(row["country"], row["country"])),
            str(types.get(row["ot"], NOT_STATED)),
        )
        counts = grouped.setdefault(key, [0] * len(sexes))
        counts[column.get(row["sex"], column[""])] += row["n"]
    totals = [0] * len(sexes)
    for row in (
        everyone.values(sex=Coalesce("participant__sex", Value("")))
        .annotate(n=people)
        .order_by()
    ):
        totals[column.get(row["sex"], column[""])] += row["n"]
    return DonorIndicator(
        sexes=[(k, str(label)) for k, label in sexes],
        rows=[
            DonorRow(quarter=q, country=c, organisation_type=t, by_sex=counts)
            for (q, c, t), counts in grouped.items()
        ],
        total_by_sex=totals,
    )
