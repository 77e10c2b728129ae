"""The facilitator's dashboard for one cohort, composed from every app's selectors.

Each part costs a fixed number of queries, so the page costs the same for 30
enrolments as for 3,000. A selector that fails raises: the page fails loudly
rather than quietly dropping a column a facilitator relies on.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from assessments.selectors import cohort_average_gain, pre_post_for_users
from certificates.selectors import certificate_status_for_cohort, eligibility_for_cohort
from cohorts.models import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceStatus,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    TrainingSession,
)
from cohorts.selectors import AttendanceSummary
from courses.selectors import module_progress_for_users

# Translators: one-letter marks in the attendance grid; the legend under it
# spells them out, so translate them with the first letter of each status.
LETTERS = {
    "present": pgettext_lazy("attendance letter", "P"),
    "late": pgettext_lazy("attendance letter", "L"),
    "excused": pgettext_lazy("attendance letter", "E"),
    "absent": pgettext_lazy("attendance letter", "A"),
}
LABELS = dict(AttendanceStatus.choices)
NOT_MARKED = gettext_lazy("Not marked")

SORTS = {
    "name": gettext_lazy("Name"),
    "organisation": gettext_lazy("Organisation"),
    "attendance": gettext_lazy("Attendance"),
    "progress": gettext_lazy("Modules"),
    "pre": gettext_lazy("Pre-test"),
    "post": gettext_lazy("Post-test"),
    "gain": gettext_lazy("Gain"),
    "eligible": gettext_lazy("Certificate eligibility"),
}
FILTERS = {
    "": gettext_lazy("Everyone enrolled"),
    "missing": gettext_lazy("Missing data (email or consent)"),
    "no_email": gettext_lazy("No email"),
    "no_consent": gettext_lazy("No consent on record"),
    "low_attendance": gettext_lazy("Below the attendance needed"),
    "not_eligible": gettext_lazy("Not yet eligible"),
    "withdrawn": gettext_lazy("Withdrawn"),
}


@dataclass
class DashboardRow:
    """One participant's line on the dashboard."""

    enrolment: Enrolment
    cells: list  # one attendance status (or "") per session, in session order
    attendance: AttendanceSummary
    progress: object = None
    pre_post: object = None
    eligibility: object = None
    certificate: object = None

    @property
    def participant(self):
        return self.enrolment.participant

    @property
    def cell_views(self) -> list[tuple[str, str, str]]:
        """(status or "none", letter, label) per session, ready for the grid."""
        return [
            (c or "none", str(LETTERS.get(c, "·")), str(LABELS.get(c, NOT_MARKED)))
            for c in self.cells
        ]

    @property
    def missing(self) -> list[str]:
        """What is missing for this person: things a facilitator can fix in the room."""
        gaps = []
        if not self.participant.email:
            gaps.append(_("no email"))
        if not self.participant.consent_at:
            gaps.append(_("no consent"))
        return gaps


@dataclass
class Dashboard:
    """Everything the dashboard shows for one cohort."""

    cohort: Cohort
    sessions: list[TrainingSession]
    rows: list[DashboardRow]
    session_rates: list[float | None] = field(default_factory=list)
    average_gain: float | None = None
    has_progress: bool = False
    has_results: bool = False
    # Eligibility and certificates always have a column (certificates sits below).
    has_eligibility: bool = True
    has_certificates: bool = True
    total: int = 0

    @property
    def attendance_rate(self) -> float | None:
        """Average attendance of the sessions taken so far (None before the first)."""
        taken = [rate for rate in self.session_rates if rate is not None]
        return sum(taken) / len(taken) if taken else None


def cohort_dashboard(
    *, cohort: Cohort, sort: str = "name", descending: bool = False, show: str = ""
) -> Dashboard:
    """The cohort's dashboard rows, sorted and filtered, in a fixed number of queries."""
    sessions = list(TrainingSession.objects.filter(cohort=cohort).order_by("starts_at"))
    column = {s.pk: i for i, s in enumerate(sessions)}
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
    grid: dict[int, list] = {e.pk: [""] * len(sessions) for e in enrolments}
    for enrolment_id, session_id, status in Attendance.objects.filter(
        session__cohort=cohort
    ).values_list("enrolment_id", "session_id", "status"):
        if enrolment_id in grid and session_id in column:
            grid[enrolment_id][column[session_id]] = status

    user_ids = [e.participant_id for e in enrolments]
    course = cohort.course
    progress_map = (
        module_progress_for_users(course=course, user_ids=user_ids) if user_ids else {}
    )
    results_map = (
        pre_post_for_users(course=course, user_ids=user_ids) if user_ids else {}
    )
    eligibility_map = eligibility_for_cohort(cohort=cohort)
    certificate_map = certificate_status_for_cohort(cohort=cohort)

    rows = []
    for e in enrolments:
        cells = grid[e.pk]
        attended = sum(1 for c in cells if c in ATTENDED_STATUSES)
        rows.append(
            DashboardRow(
                enrolment=e,
                cells=cells,
                attendance=AttendanceSummary(attended=attended, sessions=len(sessions)),
                progress=progress_map.get(e.participant_id),
                pre_post=results_map.get(e.participant_id),
                eligibility=eligibility_map.get(e.pk),
                certificate=certificate_map.get(e.pk),
            )
        )

    active = [r for r in rows if r.enrolment.status == EnrolmentStatus.ENROLLED]
    rates = []
    for i in range(len(sessions)):
        marked = [r.cells[i] for r in active if r.cells[i]]
        rates.append(
            100.0 * sum(1 for c in marked if c in ATTENDED_STATUSES) / len(active)
            if marked and active
            else None
        )
    average_gain = cohort_average_gain(
        {r.participant.pk: r.pre_post for r in active if r.pre_post is not None}
    )

    shown = _filter(rows, show, cohort)
    shown.sort(key=_sort_key(sort), reverse=descending)
    return Dashboard(
        cohort=cohort,
        sessions=sessions,
        rows=shown,
        session_rates=rates,
        average_gain=average_gain,
        has_progress=bool(user_ids),
        has_results=bool(user_ids),
        total=len(active),
    )


def _filter(rows: list[DashboardRow], show: str, cohort: Cohort) -> list[DashboardRow]:
    if show == "withdrawn":
        return [r for r in rows if r.enrolment.status == EnrolmentStatus.WITHDRAWN]
    rows = [r for r in rows if r.enrolment.status == EnrolmentStatus.ENROLLED]
    if show == "missing":
        return [r for r in rows if r.missing]
    if show == "no_email":
        return [r for r in rows if not r.participant.email]
    if show == "no_consent":
        return [r for r in rows if not r.participant.consent_at]
    if show == "low_attendance":
        return [r for r in rows if r.attendance.percent < cohort.min_attendance_percent]
    if show == "not_eligible":
        return [
            r for r in rows if r.eligibility is not None and not r.eligibility.eligible
        ]
    return rows


def _none_last(value):
    return (value is None, value if value is not None else 0)


def _sort_key(sort: str):
    def name(r):
        return (r.participant.display_name or "").casefold()

    keys = {
        "name": name,
        "organisation": lambda r: (
            (r.participant.organisation or "").casefold(),
            name(r),
        ),
        "attendance": lambda r: (r.attendance.percent, name(r)),
        "progress": lambda r: (
            _none_last(r.progress.percent if r.progress else None),
            name(r),
        ),
        "pre": lambda r: (
            _none_last(r.pre_post.pre_percent if r.pre_post else None),
            name(r),
        ),
        "post": lambda r: (
            _none_last(r.pre_post.post_percent if r.pre_post else None),
            name(r),
        ),
        "gain": lambda r: (
            _none_last(r.pre_post.gain if r.pre_post else None),
            name(r),
        ),
        "eligible": lambda r: (
            bool(r.eligibility and r.eligibility.eligible),
            name(r),
        ),
    }
    return keys.get(sort, name)


def attendance_rows(dashboard: Dashboard) -> tuple[list[tuple[str, str]], list[dict]]:
    """The attendance grid as export columns and rows."""
    labels = dict(AttendanceStatus.choices)
    columns = [("name", _("Full name")), ("organisation", _("Organisation"))]
    columns += [
        (
            f"s{s.pk}",
            # Translators: an export column: a session's title and when it starts.
            _("%(session)s (%(when)s)")
            % {
                "session": s.title,
                "when": date_format(
                    timezone.localtime(s.starts_at), "SHORT_DATETIME_FORMAT"
                ),
            },
        )
        for s in dashboard.sessions
    ]
    columns += [
        ("attended", _("Sessions attended")),
        ("percent", _("Attendance (%)")),
    ]
    rows = []
    for r in dashboard.rows:
        row = {
            "name": r.participant.display_name,
            "organisation": r.participant.organisation,
            "attended": r.attendance.attended,
            "percent": round(r.attendance.percent),
        }
        for s, cell in zip(dashboard.sessions, r.cells, strict=True):
            row[f"s{s.pk}"] = str(labels.get(cell, "")) if cell else ""
        rows.append(row)
    return columns, rows


def results_rows(dashboard: Dashboard) -> tuple[list[tuple[str, str]], list[dict]]:
    """The results (attendance, progress, tests, certificate) as export columns and rows."""
    columns = [
        ("name", _("Full name")),
        ("email", _("Email")),
        ("organisation", _("Organisation")),
        ("organisation_type", _("Organisation type")),
        ("sex", _("Sex")),
        ("country", _("Country")),
        ("attendance", _("Attendance (%)")),
        ("modules", _("Modules completed")),
        ("pre", _("Pre-test (%)")),
        ("post", _("Post-test (%)")),
        ("gain", _("Gain (points)")),
        ("eligible", _("Eligible for certificate")),
        ("certificate", _("Certificate")),
    ]
    rows = []
    for r in dashboard.rows:
        p = r.participant
        rows.append(
            {
                "name": p.display_name,
                "email": p.email or "",
                "organisation": p.organisation,
                "organisation_type": p.get_organisation_type_display(),
                "sex": p.get_sex_display(),
                "country": p.get_country_display(),
                "attendance": round(r.attendance.percent),
                "modules": f"{r.progress.done}/{r.progress.total}"
                if r.progress
                else "",
                "pre": r.pre_post.pre_percent if r.pre_post else None,
                "post": r.pre_post.post_percent if r.pre_post else None,
                "gain": r.pre_post.gain if r.pre_post else None,
                "eligible": (
                    ""
                    if r.eligibility is None
                    else (_("yes") if r.eligibility.eligible else _("no"))
                ),
                "certificate": getattr(r.certificate, "label", "")
                if r.certificate
                else "",
            }
        )
    return columns, rows
