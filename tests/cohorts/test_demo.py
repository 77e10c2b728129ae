"""The cohorts part of seed_demo: four trainings dated around today, idempotent."""

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cohorts import demo
from cohorts import services as cohort_services
from cohorts.models import (
    Attendance,
    AttendanceChange,
    Cohort,
    CohortStatus,
    Enrolment,
    TrainingSession,
)
from lms import demo as lms_demo
from lms.models import HomePage

from . import factories as cf

pytestmark = pytest.mark.django_db

# 08:50 in Castries (UTC-4), before a training day usually starts.
NOW = dt.datetime(2027, 5, 4, 12, 50, tzinfo=dt.UTC)
SAINT_LUCIA = {spec["name"]: spec for spec in demo.content()["cohorts"]}["Saint Lucia"]


@pytest.fixture
def demo_course(monkeypatch):
    import courses.demo

    lms_demo.seed()
    course = cf.course(HomePage.objects.get(), title="Demo course")
    monkeypatch.setattr(courses.demo, "DEMO_COURSE_SLUG", course.slug, raising=False)
    return course


def counts():
    return tuple(
        m.objects.count()
        for m in (
            get_user_model(),
            Cohort,
            TrainingSession,
            Enrolment,
            Attendance,
            AttendanceChange,
        )
    )


def test_seed_builds_four_trainings_around_today_and_is_idempotent(demo_course):
    result = demo.seed(now=NOW)
    assert len(result["lines"]) == 4
    first = counts()
    demo.seed(now=NOW)
    demo.seed(now=NOW + dt.timedelta(days=3))
    assert counts() == first

    today = dt.date(2027, 5, 4)
    cohorts = {c.name: c for c in Cohort.objects.all()}
    assert {name: c.status_on(today) for name, c in cohorts.items()} == {
        "St. Maarten": CohortStatus.CLOSED,
        "Saint Lucia": CohortStatus.RUNNING,
        "Curaçao": CohortStatus.PLANNED,
        "Santo Domingo": CohortStatus.RUNNING,
    }
    saint_lucia = cohorts["Saint Lucia"]
    assert (saint_lucia.start_date, saint_lucia.end_date) == (
        dt.date(2027, 5, 3),
        today,
    )
    assert list(saint_lucia.facilitators.values_list("email", flat=True)) == [
        "facilitator@harbour.test"
    ]
    sessions = list(saint_lucia.sessions.order_by("starts_at"))
    assert len(sessions) == 4
    assert all(
        (s.ends_at - s.starts_at).total_seconds() == 3.5 * 3600 for s in sessions
    )
    assert [s.title for s in sessions if cohort_services._session_is_open(s, NOW)] == [
        "Day 2 morning: the referral network"
    ]
    # Everyone on the roster came in through the import, as a facilitator's would.
    enrolments = Enrolment.objects.filter(cohort=saint_lucia)
    assert enrolments.count() == 30
    assert set(enrolments.values_list("source", flat=True)) == {"import"}
    assert enrolments.filter(participant__email="participant@harbour.test").exists()
    people = [e.participant for e in enrolments.select_related("participant")]
    assert len({p.organisation_type for p in people}) == 4
    assert len({p.sex for p in people}) == 2
    assert len({p.country for p in people}) >= 8
    no_email = [p for p in people if not p.email]
    assert len(no_email) == 4
    assert {p.username for p in no_email} == {
        "dwayne.mathurin",
        "andre.baptiste",
        "nadege.augustin",
        "esther.gaspard",
    }
    assert all(p.has_usable_password() for p in people)
    # Day one marked by the facilitator; nobody yet for the afternoon to come.
    assert Attendance.objects.filter(session__in=sessions[:2]).count() == 60
    assert not Attendance.objects.filter(session=sessions[3]).exists()
    assert cohorts["Curaçao"].enrolments.count() == 10
    assert not Attendance.objects.filter(session__cohort=cohorts["Curaçao"]).exists()
    assert cohorts["St. Maarten"].enrolments.count() == 24
    assert cohorts["Curaçao"].language == "nl"


def test_santo_domingo_is_a_spanish_training_running_now(demo_course):
    result = demo.seed(now=NOW)
    first = counts()
    demo.seed(now=NOW + dt.timedelta(hours=5))
    assert counts() == first

    santo_domingo = Cohort.objects.get(name="Santo Domingo")
    assert (santo_domingo.country, santo_domingo.language) == ("DO", "es")
    today = NOW.astimezone(zoneinfo.ZoneInfo("America/Santo_Domingo")).date()
    assert santo_domingo.status_on(today) == CohortStatus.RUNNING
    sessions = list(santo_domingo.sessions.order_by("starts_at"))
    assert [s.title for s in sessions if cohort_services._session_is_open(s, NOW)] == [
        "Día 1, tarde: asistencia directa"
    ]
    people = [
        e.participant
        for e in santo_domingo.enrolments.select_related("participant").order_by("pk")
    ]
    assert len(people) == 20
    assert {p.preferred_language for p in people} == {"es"}
    assert {p.country for p in people} == {"DO"}
    officials = [p for p in people if p.organisation_type == "government"]
    assert len(officials) == 14
    assert all(p.government_sector for p in officials)
    assert {p.government_sector for p in officials} >= {
        "police",
        "immigration",
        "labour_inspection",
        "prosecution_judiciary",
        "social_services",
        "health",
    }
    assert not any(p.government_sector for p in people if p not in officials)
    # The Spanish demo sign-in, printed with the others.
    yokasta = get_user_model().objects.get(email="participante@harbour.test")
    assert yokasta.full_name == "Yokasta Peña Almonte"
    assert yokasta.has_usable_password()
    assert ("Participants", "participante@harbour.test") in result["users"]
    assert (
        "Santo Domingo (running)" in result["cohorts_of"]["participante@harbour.test"]
    )
    # The first session is marked, the pre-test taken; some checked in to the second.
    assert Attendance.objects.filter(session=sessions[0]).count() == 20
    assert Attendance.objects.filter(session=sessions[1], method="self").count() == 8


@pytest.mark.parametrize(
    "local_time", ["00:05", "06:59", "08:50", "12:00", "17:31", "23:55"]
)
def test_the_running_training_has_a_session_open_at_any_hour(local_time):
    zone = zoneinfo.ZoneInfo(SAINT_LUCIA["time_zone"])
    now = dt.datetime.combine(
        dt.date(2027, 5, 4), dt.time.fromisoformat(local_time), zone
    )
    times = demo.session_times(SAINT_LUCIA, now=now)
    open_now = [
        title
        for title, starts, ends in times
        if starts - cohort_services.CHECK_IN_OPENS_BEFORE <= now <= ends
    ]
    assert open_now == ["Day 2 morning: the referral network"]
    # Still open for more than two and a half hours after seeding.
    assert times[2][2] - now > dt.timedelta(hours=2, minutes=30)
    # Day one is over, a day before.
    assert times[1][2] < now
    assert times[2][1] - times[0][1] == dt.timedelta(days=1)


def test_seed_without_the_demo_course_creates_nothing(db, monkeypatch):
    import courses.demo

    monkeypatch.setattr(
        courses.demo, "DEMO_COURSE_SLUG", "no-such-course", raising=False
    )
    result = demo.seed(now=NOW)
    assert "no demo course" in result["lines"][0]
    assert not Cohort.objects.exists()


def test_a_roster_that_does_not_import_stops_the_demo(
    demo_course, monkeypatch, tmp_path
):
    sessions = demo.content()["sessions"]
    (tmp_path / "broken.csv").write_text(
        "Full name,Organisation,Country\nAna Lima,Caritas,Atlantis\n", encoding="utf-8"
    )
    spec = dict(SAINT_LUCIA, name="Broken", roster="broken.csv", record=None)
    monkeypatch.setattr(
        demo, "content", lambda: {"sessions": sessions, "cohorts": [spec]}
    )
    monkeypatch.setattr(demo, "DATA", tmp_path)
    with pytest.raises(ValueError, match="broken.csv did not import: line 2, Country"):
        demo.seed(now=NOW)
    assert not Cohort.objects.filter(name="Broken").exists()


def test_the_status_shown_follows_the_dates(
    client, home_page, facilitator, administrator
):
    course = cf.course(home_page)
    today = timezone.localdate()
    # Nobody changes a cohort when its training ends: its dates say it is over.
    cf.cohort(
        course=course,
        name="Grenada, last year",
        facilitators=[facilitator],
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=399),
    )
    cf.cohort(
        course=course,
        name="Aruba, next month",
        facilitators=[facilitator],
        start_date=today + dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=31),
    )
    client.force_login(facilitator)
    html = client.get("/facilitator/").content.decode()
    grenada, aruba = html.index("Grenada, last year"), html.index("Aruba, next month")
    assert "Closed" in html[grenada : grenada + 900]
    assert "Planned" in html[aruba : aruba + 900]
    assert "Running" not in html

    client.force_login(administrator)
    listing = client.get("/admin/cohort_admin/").content.decode()
    assert ">Closed<" in "".join(listing.split())
    assert ">Planned<" in "".join(listing.split())
