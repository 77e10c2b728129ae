"""The cohort dashboard (fixed query count) and the logged, formula-safe exports."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cohorts.codes import formula_safe
from cohorts.models import Attendance, AttendanceMethod, Enrolment, ExportLog
from tests.cohorts import factories as cf

pytestmark = pytest.mark.django_db
User = get_user_model()


def bulk_roster(cohort, n: int, *, prefix: str):
    """n participants enrolled with attendance for the first two sessions (bulk)."""
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{i}@example.org",
                full_name=f"{prefix.title()} Person {i:04d}",
                organisation="Ministry of Labour" if i % 2 else "Shelter of Hope",
                password="!",
                consent_at=timezone.now() if i % 3 else None,
            )
            for i in range(n)
        ]
    )
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(cohort=cohort, participant=u) for u in users]
    )
    sessions = list(cohort.sessions.all()[:2])
    now = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=s,
                enrolment=e,
                status="present" if (e.pk + s.pk) % 4 else "absent",
                marked_at=now,
                method=AttendanceMethod.FACILITATOR,
            )
            for e in enrolments
            for s in sessions
        ]
    )
    return enrolments


def count_queries(client, url, django_assert_max_num_queries, budget):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_dashboard_costs_the_same_for_30_and_3000(
    client, course, facilitator, django_assert_max_num_queries
):
    small = cf.cohort(course=course, name="Small", facilitators=[facilitator])
    large = cf.cohort(course=course, name="Large", facilitators=[facilitator])
    bulk_roster(small, 30, prefix="small")
    bulk_roster(large, 3000, prefix="large")
    client.force_login(facilitator)
    client.get(reverse("cohorts:dashboard", args=[small.pk]))  # warm caches
    n_small, page = count_queries(
        client, reverse("cohorts:dashboard", args=[small.pk]), None, None
    )
    n_large, big = count_queries(
        client, reverse("cohorts:dashboard", args=[large.pk]), None, None
    )
    assert n_small == n_large
    with django_assert_max_num_queries(n_small):
        client.get(reverse("cohorts:dashboard", args=[large.pk]))
    assert n_small <= 30
    assert "Small Person 0029" in page.text
    assert "Large Person 2999" in big.text


def test_dashboard_shows_grid_rates_and_missing_data(client, cohort, facilitator):
    from tests import factories

    a = cf.enrol(cohort, factories.participant(full_name="Alicia Auguste"))
    b = cf.enrol(cohort, factories.participant(full_name="Brian Baptiste", email=None))
    s1, s2 = cohort.sessions.all()[:2]
    cf.mark(s1, a, "present")
    cf.mark(s2, a, "late")
    cf.mark(s1, b, "absent")
    client.force_login(facilitator)
    page = client.get(reverse("cohorts:dashboard", args=[cohort.pk]))
    text = page.text
    assert "2/4" in text and "0/4" in text
    assert "no email" in text and "no consent" in text
    assert "50%" in text  # session 1: one of two present
    only_missing_email = client.get(
        reverse("cohorts:dashboard", args=[cohort.pk]), {"show": "no_email"}
    )
    assert "Brian Baptiste" in only_missing_email.text
    assert "Alicia Auguste" not in only_missing_email.text
    by_attendance = client.get(
        reverse("cohorts:dashboard", args=[cohort.pk]),
        {"sort": "attendance", "dir": "desc"},
    ).text
    assert by_attendance.index("Alicia Auguste") < by_attendance.index("Brian Baptiste")


def test_dashboard_links_certificates_page_when_it_exists(client, cohort, facilitator):
    from django.urls import NoReverseMatch

    client.force_login(facilitator)
    text = client.get(reverse("cohorts:dashboard", args=[cohort.pk])).text
    try:
        url = reverse("certificates:cohort_certificates", args=[cohort.pk])
    except NoReverseMatch:
        assert "Issue certificates" not in text
    else:
        assert url in text


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "＝1+1", "＋1", "－1", "＠x"],
)
def test_formula_cells_are_made_inert(value):
    assert formula_safe(value) == "'" + value
    assert formula_safe("Marcia") == "Marcia"
    assert formula_safe(42) == 42


@pytest.fixture
def formula_roster(cohort):
    from tests import factories

    return cf.enrol(
        cohort,
        factories.participant(
            full_name='=HYPERLINK("http://evil.example","click")',
            organisation="＋Full width plus",
            email="formula@example.org",
        ),
    )


@pytest.mark.parametrize("kind", ["roster", "attendance", "results"])
def test_csv_exports_are_inert_and_logged(
    client, cohort, facilitator, formula_roster, kind
):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:export", args=[cohort.pk]), {"kind": kind, "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert not any(c[:1] in "=+-@\t\r＝＋－＠" for c in cells if c)
    log = ExportLog.objects.get()
    assert (log.kind, log.file_format, log.exported_by, log.row_count) == (
        kind,
        "csv",
        facilitator,
        1,
    )


@pytest.mark.parametrize("kind", ["roster", "attendance", "results"])
def test_xlsx_exports_have_no_formulas(
    client, cohort, facilitator, formula_roster, kind
):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:export", args=[cohort.pk]), {"kind": kind, "format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert ExportLog.objects.filter(kind=kind, file_format="xlsx").count() == 1


def test_roster_export_reimports_as_unchanged(client, cohort, facilitator):
    from cohorts import services
    from tests.cohorts.test_roster_import import FIXTURES

    services.roster_import(
        cohort=cohort,
        name="good.csv",
        data=(FIXTURES / "good.csv").read_bytes(),
        dry_run=False,
    )
    client.force_login(facilitator)
    exported = client.post(
        reverse("cohorts:export", args=[cohort.pk]),
        {"kind": "roster", "format": "xlsx"},
    )
    report = services.roster_import(
        cohort=cohort, name="roster.xlsx", data=exported.content, dry_run=True
    )
    assert report.ok, report.problems
    assert report.unchanged == 3


def test_export_refuses_unknown_kind(client, cohort, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:export", args=[cohort.pk]),
        {"kind": "passwords", "format": "csv"},
    )
    assert response.status_code == 302
    assert not ExportLog.objects.exists()


def test_dashboard_is_served_by_reports_under_its_cohorts_name(cohort):
    from django.urls import resolve

    match = resolve(reverse("cohorts:dashboard", args=[cohort.pk]))
    assert match.func.__module__ == "reports.views"
    assert resolve(reverse("cohorts:export", args=[cohort.pk])).func.__module__ == (
        "reports.views"
    )


def test_a_failing_selector_fails_the_page_loudly(
    client, cohort, facilitator, monkeypatch
):
    """No column silently disappears: the error reaches the error page and the log."""
    cf.enrol(cohort)

    def broken(**kwargs):
        raise RuntimeError("eligibility selector broke")

    monkeypatch.setattr("reports.dashboard.eligibility_for_cohort", broken)
    client.force_login(facilitator)
    with pytest.raises(RuntimeError, match="eligibility selector broke"):
        client.get(reverse("cohorts:dashboard", args=[cohort.pk]))
