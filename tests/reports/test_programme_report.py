"""The programme report against a small programme computed by hand.

Two cohorts of one course. Ana is in both; Ben attends half of cohort A and
takes only the pre-test (an unmatched pair); Cleo never comes; Dan scores
100 % on the pre-test in cohort B. Ana's certificate from A is valid, Dan's
from B is revoked.

    participations 5, people enrolled 4, trained 3 (Ana, Ben, Dan), completed 2
    attendance 13 of 20 sessions = 65 %
    pairs: Ana-A 40 → 80, Dan-B 100 → 90; Ben-A 50 → (none)
    pre average 70, post average 85, raw gain 15, ⟨g⟩ = 15 / 30 = 0.5
    individual gains: Ana 40 / 60 = 0.67 (n 1); Dan left out (pre 100 %)
"""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Attempt, QuizKind
from certificates.models import Certificate
from lms.choices import Country, GovernmentSector, OrganisationType, Sex
from reports import exports
from reports.selectors import ReportFilters, donor_indicator, programme_report
from tests import factories
from tests.assessments.conftest import make_quiz
from tests.certificates.factories import template as certificate_template
from tests.certificates.pdftext import text_of
from tests.cohorts import factories as cf

pytestmark = pytest.mark.django_db


def attempt(quiz, person, cohort, percent, *, tf_right: bool, minutes: int = 0):
    """A submitted attempt with the true/false question answered right or wrong."""
    content = quiz.content
    tf = next(q for q in content.questions.values() if q.kind == "true_false")
    when = timezone.now() - dt.timedelta(days=30) + dt.timedelta(minutes=minutes)
    return Attempt.objects.create(
        participant=person,
        quiz=quiz,
        cohort=cohort,
        revision=quiz.live_revision,
        started_at=when,
        submitted_at=when,
        answers={tf.id: ["true" if tf_right else "false"]},
        score=percent,
        max_score=100,
        percent=percent,
        passed=percent >= quiz.pass_mark,
        close_reason="submitted",
    )


def certificate(enrolment, code: str, *, revoked: bool = False) -> Certificate:
    now = timezone.now()
    design = certificate_template(name=f"Design {code}")
    return Certificate.objects.create(
        enrolment=enrolment,
        template=design,
        template_revision=design.latest_revision,
        code=code,
        participant_name=enrolment.participant.display_name,
        course_title="Course",
        cohort_name=enrolment.cohort.name,
        dates="January",
        issued_at=now,
        issued_by=enrolment.cohort.facilitators.first() or factories.administrator(),
        pdf="certificates/x.pdf",
        sha256="0" * 64,
        revoked_at=now if revoked else None,
    )


@pytest.fixture
def programme(home_page):
    course = cf.course(home_page)
    pre = make_quiz(course, title="Pre-test", kind=QuizKind.PRE_TEST)
    post = make_quiz(course, title="Post-test", kind=QuizKind.POST_TEST)
    trainer = factories.facilitator(email="trainer@example.org")
    a = cf.cohort(
        course=course,
        facilitators=[trainer],
        name="Saint Lucia, January",
        country=Country.SAINT_LUCIA,
        start_date=dt.date(2026, 1, 12),
        end_date=dt.date(2026, 1, 13),
        require_post_test_pass=False,
    )
    b = cf.cohort(
        course=course,
        facilitators=[trainer],
        name="Curaçao, April",
        country=Country.CURACAO,
        start_date=dt.date(2026, 4, 20),
        end_date=dt.date(2026, 4, 21),
        require_post_test_pass=True,
    )
    ana = factories.participant(
        full_name="Ana",
        sex=Sex.FEMALE,
        organisation="Royal Police Force",
        organisation_type=OrganisationType.GOVERNMENT,
        government_sector=GovernmentSector.POLICE,
    )
    ben = factories.participant(
        full_name="Ben",
        sex=Sex.MALE,
        organisation="Shelter of Hope",
        organisation_type=OrganisationType.NGO,
    )
    cleo = factories.participant(
        full_name="Cleo",
        sex="",
        organisation="",
        organisation_type=OrganisationType.INTERNATIONAL,
    )
    dan = factories.participant(
        full_name="Dan",
        sex=Sex.MALE,
        organisation="Immigration Department",
        organisation_type=OrganisationType.GOVERNMENT,
        government_sector=GovernmentSector.IMMIGRATION,
    )
    ana_a, ben_a, _cleo_a = (cf.enrol(a, p) for p in (ana, ben, cleo))
    ana_b, dan_b = (cf.enrol(b, p) for p in (ana, dan))
    a_sessions, b_sessions = list(a.sessions.all()), list(b.sessions.all())
    for s in a_sessions:
        cf.mark(s, ana_a, "present")
    for s in a_sessions[:2]:
        cf.mark(s, ben_a, "late")
    for s in a_sessions[2:]:
        cf.mark(s, ben_a, "absent")
    for s in b_sessions[:3]:
        cf.mark(s, ana_b, "present")
    for s in b_sessions:
        cf.mark(s, dan_b, "present")
    attempt(pre, ana, a, 40, tf_right=False)
    attempt(pre, ana, a, 60, tf_right=True, minutes=5)  # a retake: not the first
    attempt(post, ana, a, 80, tf_right=True)
    attempt(post, ana, a, 70, tf_right=False, minutes=5)  # not the best
    attempt(pre, ben, a, 50, tf_right=True)
    attempt(pre, dan, b, 100, tf_right=True)
    attempt(post, dan, b, 90, tf_right=True)
    certificate(ana_a, "AAAA1111")
    certificate(dan_b, "BBBB2222", revoked=True)
    return {"course": course, "a": a, "b": b}


def test_headline_figures_match_the_hand_count(programme):
    report = programme_report(filters=ReportFilters())
    assert report.cohorts == 2
    assert report.participations == 5
    assert report.people_enrolled == 4
    assert report.people_participated == 3
    assert report.people_completed == 2
    assert report.participations_completed == 2
    assert (report.sessions_attended, report.sessions_possible) == (13, 20)
    assert report.attendance_rate == pytest.approx(65.0)
    assert (report.certificates_issued, report.certificates_revoked) == (2, 1)
    assert report.certificates_valid == 1


def test_pre_post_uses_matched_pairs_only(programme):
    p = programme_report(filters=ReportFilters()).pre_post
    assert (p.pre_takers, p.post_takers, p.pairs) == (3, 2, 2)
    assert p.attrition == 1
    assert p.attrition_percent == pytest.approx(100 / 3)
    assert p.pre_average == pytest.approx(70)
    assert p.post_average == pytest.approx(85)
    assert p.raw_gain == pytest.approx(15)
    assert p.normalised_gain == pytest.approx(0.5)
    assert p.individual_gain_average == pytest.approx(40 / 60)
    assert (p.individual_gain_n, p.perfect_pre_excluded) == (1, 1)


def rows(report, slug):
    return {r.label: (r.participated, r.completed) for r in report.breakdown(slug).rows}


def test_breakdowns_count_each_person_once_per_group(programme):
    report = programme_report(filters=ReportFilters())
    assert rows(report, "sex") == {
        "Female": (1, 1),
        "Male": (2, 1),
        "Other": (0, 0),
        "Prefer not to say": (0, 0),
        "Not stated": (0, 0),
    }
    types = rows(report, "organisation_type")
    assert types["Government"] == (2, 2)
    assert types["NGO"] == (1, 0)
    assert types["International organisation"] == (0, 0)
    sectors = rows(report, "government_sector")
    assert sectors["Police"] == (1, 1)
    assert sectors["Immigration"] == (1, 1)
    assert sectors["Health"] == (0, 0)
    assert rows(report, "country") == {"Curaçao": (2, 1), "Saint Lucia": (2, 1)}
    assert rows(report, "quarter") == {"2026 Q1": (2, 1), "2026 Q2": (2, 1)}
    organisations = rows(report, "organisation")
    assert organisations["Royal Police Force"] == (1, 1)
    assert organisations["Shelter of Hope"] == (1, 0)


def test_per_question_facility_before_and_after(programme):
    report = programme_report(filters=ReportFilters())
    by_prompt = {q.prompt: q for q in report.questions}
    tf = by_prompt["It is true."]
    # Matched pairs only: Ana-A (first pre wrong, best post right), Dan-B (both right).
    assert (tf.pre_n, tf.pre_right, tf.post_n, tf.post_right) == (2, 1, 2, 2)
    assert tf.pre_facility == pytest.approx(50)
    assert tf.post_facility == pytest.approx(100)
    assert tf.verdict == "improved"
    unanswered = by_prompt["Which one?"]
    assert unanswered.post_facility == 0
    assert unanswered.verdict == "stayed hard"
    assert [q.prompt for q in report.hard_questions] == ["Which one?", "Which ones?"]


def test_filters_narrow_the_report(programme):
    only_b = programme_report(filters=ReportFilters(country=Country.CURACAO))
    assert (only_b.participations, only_b.people_participated) == (2, 2)
    q1 = programme_report(
        filters=ReportFilters(
            date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 3, 31)
        )
    )
    assert q1.cohorts == 1 and q1.people_participated == 2
    one = programme_report(filters=ReportFilters(cohort_id=programme["a"].pk))
    assert one.pre_post.pairs == 1


def test_donor_indicator_counts_unique_persons_by_sex(programme):
    donor = donor_indicator(filters=ReportFilters())
    labels = [label for _key, label in donor.sexes]
    table = {
        (r.quarter, r.country, r.organisation_type): dict(
            zip(labels, r.by_sex, strict=True)
        )
        for r in donor.rows
    }
    assert table[("2026 Q1", "Saint Lucia", "Government")]["Female"] == 1
    assert table[("2026 Q1", "Saint Lucia", "NGO")]["Male"] == 1
    assert table[("2026 Q2", "Curaçao", "Government")] == {
        "Female": 1,
        "Male": 1,
        "Other": 0,
        "Prefer not to say": 0,
        "Not stated": 0,
    }
    # Ana trained twice, counted once overall; Cleo never came.
    assert dict(zip(labels, donor.total_by_sex, strict=True))["Female"] == 1
    assert donor.total == 3


def test_screen_xlsx_and_pdf_show_the_same_figures(client, administrator, programme):
    client.force_login(administrator)
    page = client.get(reverse("reports:programme"))
    assert page.status_code == 200
    text = page.content.decode()
    tables = exports.report_tables(programme_report(filters=ReportFilters()))
    summary = dict(tables[0].rows)
    pre_post = dict(tables[1].rows)

    xlsx = client.get(reverse("reports:programme_xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    sheet_values = {
        row[0]: row[1]
        for name in ("Summary", "Pre-test and post-test")
        for row in book[name].iter_rows(values_only=True)
        if row and len(row) > 1
    }
    pdf = text_of(client.get(reverse("reports:programme_pdf")).content)
    for label, value in [*summary.items(), *pre_post.items()]:
        assert sheet_values[label] == value, label
        if value is not None:
            assert f">{value}<" in text, label
            assert str(value) in pdf, label
    # Numbers are typed as numbers in the workbook, not "65%" strings.
    assert sheet_values["Attendance rate (%)"] == 65.0
    assert sheet_values["Normalised gain ⟨g⟩ from the averages"] == 0.5
    assert isinstance(
        sheet_values["People trained (participated, each counted once)"], int
    )
    assert (
        "Completed: attended at least" in text and "Completed: attended at least" in pdf
    )
    donor = book["Donor indicator"]
    assert any(
        "All (each person once)" in str(r[0]) for r in donor.iter_rows(values_only=True)
    )


def test_bad_filters_get_a_message_and_no_report(client, administrator, programme):
    client.force_login(administrator)
    response = client.get(
        reverse("reports:programme"),
        {"date_from": "2026-05-01", "date_to": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "The end of the range is before its start" in response.content.decode()
    home = programme["course"].get_parent().get_parent()
    other = cf.cohort(course=cf.course(home, title="Another course"), name="Elsewhere")
    mixed = client.get(
        reverse("reports:programme"),
        {"course": programme["course"].pk, "cohort": other.pk},
    )
    assert "This cohort runs another course" in mixed.content.decode()
    garbage = client.get(reverse("reports:programme"), {"date_from": "next tuesday"})
    assert garbage.status_code == 400
    assert "Enter a valid date" in garbage.content.decode()
    download = client.get(reverse("reports:programme_xlsx"), {"cohort": "abc"})
    assert download.status_code == 302
