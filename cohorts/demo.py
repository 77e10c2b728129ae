"""Demo data owned by the cohorts app (see lms/management/commands/seed_demo.py).

The Saint Lucia cohort (18–19 October 2026, running) with 30 participants, four
half-day sessions and attendance taken for day one, and a second cohort in
Curaçao. Idempotent: people are found by email (or by name and organisation
when they have none), cohorts by name, sessions by title, attendance by session.
"""

import datetime as dt
import zoneinfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lms import roles
from lms.choices import Country, Language, Sex
from lms.choices import OrganisationType as Org

from .models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentSource,
    TrainingSession,
)
from .services import attendance_mark

SAINT_LUCIA = "Saint Lucia, 18–19 October 2026"
CURACAO = "Curaçao, 22–23 October 2026"
DEMO_PARTICIPANT = "participant@harbour.test"
F, M = Sex.FEMALE, Sex.MALE
G, N, INTL, OTH = Org.GOVERNMENT, Org.NGO, Org.INTERNATIONAL, Org.OTHER

# (full name, email or "", organisation, type, sex, country, position)
SAINT_LUCIA_PEOPLE = (
    (
        "Kervin Charles",
        "k.charles@police.demo.harbour.test",
        "Royal Saint Lucia Police Force",
        G,
        M,
        Country.SAINT_LUCIA,
        "Sergeant",
    ),
    (
        "Marcia Joseph-Alcide",
        "m.alcide@police.demo.harbour.test",
        "Royal Saint Lucia Police Force",
        G,
        F,
        Country.SAINT_LUCIA,
        "Inspector",
    ),
    (
        "Anthony St. Rose",
        "a.strose@immigration.demo.harbour.test",
        "Department of Immigration",
        G,
        M,
        Country.SAINT_LUCIA,
        "Immigration officer",
    ),
    (
        "Celia Emmanuel",
        "c.emmanuel@labour.demo.harbour.test",
        "Ministry of Labour",
        G,
        F,
        Country.SAINT_LUCIA,
        "Labour inspector",
    ),
    (
        "Vernetta Alexander",
        "v.alexander@equity.demo.harbour.test",
        "Ministry of Equity and Social Justice",
        G,
        F,
        Country.SAINT_LUCIA,
        "Social worker",
    ),
    (
        "Jerome Fontenelle",
        "j.fontenelle@dpp.demo.harbour.test",
        "Office of the Director of Public Prosecutions",
        G,
        M,
        Country.SAINT_LUCIA,
        "Crown counsel",
    ),
    (
        "Lydia Polius",
        "l.polius@health.demo.harbour.test",
        "Ministry of Health and Wellness",
        G,
        F,
        Country.SAINT_LUCIA,
        "Nurse",
    ),
    (
        "Theresa Auguste",
        "t.auguste@crisis.demo.harbour.test",
        "Saint Lucia Crisis Centre",
        N,
        F,
        Country.SAINT_LUCIA,
        "Counsellor",
    ),
    (
        "Dwayne Mathurin",
        "",
        "Saint Lucia Crisis Centre",
        N,
        M,
        Country.SAINT_LUCIA,
        "Outreach worker",
    ),
    (
        "Sister Marie-Claire Louisy",
        "mc.louisy@faith.demo.harbour.test",
        "Catholic Women's Shelter",
        OTH,
        F,
        Country.SAINT_LUCIA,
        "Shelter coordinator",
    ),
    (
        "Pastor Glenroy Henry",
        "g.henry@faith.demo.harbour.test",
        "Seventh-day Adventist Community Services",
        OTH,
        M,
        Country.SAINT_LUCIA,
        "Volunteer lead",
    ),
    (
        "Shirlene Francis",
        "s.francis@customs.demo.harbour.test",
        "Customs and Excise Department",
        G,
        F,
        Country.SAINT_LUCIA,
        "Customs officer",
    ),
    (
        "Andre Baptiste",
        "",
        "Royal Saint Lucia Police Force",
        G,
        M,
        Country.SAINT_LUCIA,
        "Constable",
    ),
    (
        "Keisha Williams",
        "k.williams@ttps.demo.harbour.test",
        "Trinidad and Tobago Police Service",
        G,
        F,
        Country.TRINIDAD_AND_TOBAGO,
        "Counter-trafficking unit",
    ),
    (
        "Rajesh Ramdial",
        "r.ramdial@ctu.demo.harbour.test",
        "Counter Trafficking Unit, Ministry of National Security",
        G,
        M,
        Country.TRINIDAD_AND_TOBAGO,
        "Investigator",
    ),
    (
        "Tameka Brown",
        "t.brown@jm.demo.harbour.test",
        "Jamaica Constabulary Force",
        G,
        F,
        Country.JAMAICA,
        "Detective corporal",
    ),
    (
        "Courtney Campbell",
        "c.campbell@jm.demo.harbour.test",
        "Child Protection and Family Services Agency",
        G,
        M,
        Country.JAMAICA,
        "Case worker",
    ),
    (
        "Yolanda Peña Reyes",
        "y.pena@do.demo.harbour.test",
        "Centro de Orientación e Investigación Integral",
        N,
        F,
        Country.DOMINICAN_REPUBLIC,
        "Coordinadora",
    ),
    (
        "Luis Miguel Batista",
        "l.batista@do.demo.harbour.test",
        "Dirección General de Migración",
        G,
        M,
        Country.DOMINICAN_REPUBLIC,
        "Inspector",
    ),
    (
        "Jean-Robert Pierre",
        "jr.pierre@ht.demo.harbour.test",
        "Comité national de lutte contre la traite",
        G,
        M,
        Country.HAITI,
        "Analyste",
    ),
    (
        "Nadège Augustin",
        "",
        "Fondation Zanmi Timoun",
        N,
        F,
        Country.HAITI,
        "Travailleuse sociale",
    ),
    (
        "Shelly-Ann Greaves",
        "s.greaves@bb.demo.harbour.test",
        "Barbados Bureau of Gender Affairs",
        G,
        F,
        Country.BARBADOS,
        "Programme officer",
    ),
    (
        "Devon Thomas",
        "d.thomas@vc.demo.harbour.test",
        "Royal Saint Vincent and the Grenadines Police Force",
        G,
        M,
        Country.SAINT_VINCENT,
        "Sergeant",
    ),
    (
        "Petra Jno Baptiste",
        "p.jnobaptiste@dm.demo.harbour.test",
        "Dominica Ministry of Social Services",
        G,
        F,
        Country.DOMINICA,
        "Probation officer",
    ),
    (
        "Grace Isaac",
        "g.isaac@gd.demo.harbour.test",
        "Grenada Legal Aid and Counselling Clinic",
        N,
        F,
        Country.GRENADA,
        "Paralegal",
    ),
    (
        "Omar Mohammed",
        "o.mohammed@gy.demo.harbour.test",
        "Guyana Women Miners Organisation",
        N,
        M,
        Country.GUYANA,
        "Field officer",
    ),
    (
        "Ingrid van der Berg",
        "i.vanderberg@io.demo.harbour.test",
        "International Organization for Migration",
        INTL,
        F,
        Country.NETHERLANDS,
        "Project officer",
    ),
    (
        "Michael Daniel",
        "m.daniel@unicef.demo.harbour.test",
        "UNICEF Eastern Caribbean Area Office",
        INTL,
        M,
        Country.BARBADOS,
        "Child protection specialist",
    ),
    (
        "Esther Gaspard",
        "",
        "Caritas Antilles",
        OTH,
        F,
        Country.SAINT_LUCIA,
        "Volunteer",
    ),
)
CURACAO_PEOPLE = (
    (
        "Ximena Rosario",
        "x.rosario@kps.demo.harbour.test",
        "Korps Politie Curaçao",
        G,
        F,
        Country.CURACAO,
        "Rechercheur",
    ),
    (
        "Ruben Martina",
        "r.martina@kps.demo.harbour.test",
        "Korps Politie Curaçao",
        G,
        M,
        Country.CURACAO,
        "Agent",
    ),
    (
        "Jurgen Sulvaran",
        "j.sulvaran@toelating.demo.harbour.test",
        "Toelatingsorganisatie Curaçao",
        G,
        M,
        Country.CURACAO,
        "Beleidsmedewerker",
    ),
    (
        "Sharlene Isenia",
        "s.isenia@sdkk.demo.harbour.test",
        "Ministerie van Sociale Ontwikkeling, Arbeid en Welzijn",
        G,
        F,
        Country.CURACAO,
        "Maatschappelijk werker",
    ),
    (
        "Gisela Pieters",
        "",
        "Fundashon Kuido pa Bienestar di Mucha",
        N,
        F,
        Country.CURACAO,
        "Coördinator",
    ),
    (
        "Marlon Cijntje",
        "m.cijntje@om.demo.harbour.test",
        "Openbaar Ministerie Curaçao",
        G,
        M,
        Country.CURACAO,
        "Officier van justitie",
    ),
    (
        "Daisy Croes",
        "d.croes@aw.demo.harbour.test",
        "Korps Politie Aruba",
        G,
        F,
        Country.ARUBA,
        "Inspecteur",
    ),
    (
        "Ramon Frans",
        "r.frans@bq.demo.harbour.test",
        "Openbaar Lichaam Bonaire",
        G,
        M,
        Country.BONAIRE,
        "Beleidsadviseur",
    ),
    (
        "Luz Marina Hernández",
        "lm.hernandez@ve.demo.harbour.test",
        "Cáritas Venezuela",
        OTH,
        F,
        Country.VENEZUELA,
        "Coordinadora",
    ),
    (
        "Sunita Baldewsingh",
        "s.baldewsingh@sr.demo.harbour.test",
        "Korps Politie Suriname",
        G,
        F,
        Country.SURINAME,
        "Hoofdagent",
    ),
)
# Day-one attendance by position in the Saint Lucia roster (the rest present).
DAY_ONE = {
    0: {
        2: AttendanceStatus.LATE,
        9: AttendanceStatus.ABSENT,
        17: AttendanceStatus.LATE,
        25: AttendanceStatus.EXCUSED,
    },
    1: {
        9: AttendanceStatus.ABSENT,
        12: AttendanceStatus.LATE,
        21: AttendanceStatus.ABSENT,
        25: AttendanceStatus.EXCUSED,
    },
}
# Roughly two in three have already accepted the privacy notice.
NO_CONSENT_EVERY = 3


def _course():
    try:
        from courses.demo import DEMO_COURSE_SLUG
        from courses.models import CoursePage
    except ImportError:
        return None
    return CoursePage.objects.filter(slug=DEMO_COURSE_SLUG).first()


def _person(row, position: int):
    name, email, organisation, org_type, sex, country, job = row
    User = get_user_model()
    if email:
        user = User.objects.filter(email__iexact=email).first()
    else:
        user = User.objects.filter(
            email__isnull=True, full_name=name, organisation=organisation
        ).first()
    if user is not None:
        return user
    from lms.services import user_create

    user = user_create(
        email=email or None,
        full_name=name,
        organisation=organisation,
        organisation_type=org_type,
        sex=sex,
        country=country,
        position=job,
        role=roles.PARTICIPANTS,
    )
    if position % NO_CONSENT_EVERY:
        from django.conf import settings

        user.consent_at = timezone.now()
        user.consent_version = settings.PRIVACY_NOTICE_VERSION
        user.save(update_fields=["consent_at", "consent_version"])
    return user


def _cohort(
    *, course, name, city, country, venue, start, language, status, facilitator
):
    cohort = Cohort.objects.filter(name=name).first()
    if cohort is None:
        cohort = Cohort.objects.create(
            course=course,
            name=name,
            city=city,
            country=country,
            venue=venue,
            start_date=start,
            end_date=start + dt.timedelta(days=1),
            language=language,
            status=status,
            capacity=30,
        )
    if (
        facilitator is not None
        and not cohort.facilitators.filter(pk=facilitator.pk).exists()
    ):
        cohort.facilitators.add(facilitator)
    zone = zoneinfo.ZoneInfo(
        "America/Curacao" if country == Country.CURACAO else "America/St_Lucia"
    )
    slots = (
        ("Day 1 morning: identifying victims", 0, dt.time(9, 0), dt.time(12, 30)),
        ("Day 1 afternoon: direct assistance", 0, dt.time(13, 30), dt.time(17, 0)),
        ("Day 2 morning: the referral network", 1, dt.time(9, 0), dt.time(12, 30)),
        (
            "Day 2 afternoon: case practice and post-test",
            1,
            dt.time(13, 30),
            dt.time(17, 0),
        ),
    )
    sessions = []
    for title, day, begins, ends in slots:
        date = start + dt.timedelta(days=day)
        session = TrainingSession.objects.filter(cohort=cohort, title=title).first()
        if session is None:
            session = TrainingSession.objects.create(
                cohort=cohort,
                title=title,
                starts_at=dt.datetime.combine(date, begins, tzinfo=zone),
                ends_at=dt.datetime.combine(date, ends, tzinfo=zone),
            )
        sessions.append(session)
    return cohort, sessions


def _enrol(cohort, users):
    enrolments = []
    for user in users:
        enrolment, _ = Enrolment.objects.get_or_create(
            cohort=cohort, participant=user, defaults={"source": EnrolmentSource.IMPORT}
        )
        enrolments.append(enrolment)
    return enrolments


@transaction.atomic
def _take_pre_test(course, enrolments, first_session) -> None:
    """Day one began with the pre-test: those present took it, with varied results."""
    from assessments.models import Attempt, QuizKind, QuizPage
    from assessments.services import attempt_start, attempt_submit

    pre_test = (
        QuizPage.objects.live()
        .descendant_of(course)
        .filter(kind=QuizKind.PRE_TEST)
        .first()
    )
    if pre_test is None:
        return
    present = set(
        Attendance.objects.filter(
            session=first_session,
            status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE],
        ).values_list("enrolment_id", flat=True)
    )
    done = set(
        Attempt.objects.filter(quiz=pre_test, submitted_at__isnull=False).values_list(
            "participant_id", flat=True
        )
    )
    for position, enrolment in enumerate(enrolments):
        if enrolment.pk not in present or enrolment.participant_id in done:
            continue
        started = first_session.starts_at + dt.timedelta(minutes=20)
        attempt = attempt_start(
            participant=enrolment.participant, quiz=pre_test, now=started
        )
        answers = {}
        for index, question in enumerate(attempt.content.questions.values()):
            right = [o.id for o in question.options if o.correct]
            wrong = [o.id for o in question.options if not o.correct][:1]
            # Most people arrive knowing part of it: about 4 to 7 answers in 10.
            knows = (index * 7 + position * 3) % 10 < 4 + position % 4
            answers[question.id] = right if knows or not wrong else wrong
        attempt_submit(
            attempt=attempt, answers=answers, now=started + dt.timedelta(minutes=12)
        )


def seed() -> dict:
    """Seed the cohorts of the demo; idempotent. Nothing without the demo course."""
    course = _course()
    if course is None:
        return {"lines": ["Cohorts: no demo course, so no demo cohorts."]}
    User = get_user_model()
    facilitator = User.objects.filter(email="facilitator@harbour.test").first()
    facilitator2 = User.objects.filter(email="facilitator2@harbour.test").first()

    saint_lucia, sl_sessions = _cohort(
        course=course,
        name=SAINT_LUCIA,
        city="Castries",
        country=Country.SAINT_LUCIA,
        venue="Financial Centre, Bridge Street",
        start=dt.date(2026, 10, 18),
        language=Language.ENGLISH,
        status=CohortStatus.RUNNING,
        facilitator=facilitator,
    )
    people = [_person(row, i) for i, row in enumerate(SAINT_LUCIA_PEOPLE)]
    demo_participant = User.objects.filter(email=DEMO_PARTICIPANT).first()
    if demo_participant is not None:
        people.insert(0, demo_participant)
    else:
        people.append(
            _person(
                (
                    "Shania Charles",
                    "",
                    "Ministry of National Security",
                    G,
                    F,
                    Country.SAINT_LUCIA,
                    "",
                ),
                1,
            )
        )
    sl_enrolments = _enrol(saint_lucia, people)
    marked = set(
        Attendance.objects.filter(session__in=sl_sessions[:2]).values_list(
            "session_id", "enrolment_id"
        )
    )
    for index, session in enumerate(sl_sessions[:2]):
        for position, enrolment in enumerate(sl_enrolments):
            if (session.pk, enrolment.pk) in marked:
                continue
            status = DAY_ONE[index].get(position, AttendanceStatus.PRESENT)
            attendance_mark(
                session=session,
                enrolment=enrolment,
                status=status,
                marked_by=facilitator,
                now=session.starts_at + dt.timedelta(minutes=10 + position // 3),
            )

    _take_pre_test(course, sl_enrolments, sl_sessions[0])

    curacao, _ = _cohort(
        course=course,
        name=CURACAO,
        city="Willemstad",
        country=Country.CURACAO,
        venue="World Trade Center Curaçao, Piscadera Bay",
        start=dt.date(2026, 10, 22),
        language=Language.ENGLISH,
        status=CohortStatus.PLANNED,
        facilitator=facilitator2,
    )
    _enrol(curacao, [_person(row, i) for i, row in enumerate(CURACAO_PEOPLE)])
    return {
        "lines": [
            f"Cohort: {saint_lucia.name}, {len(sl_enrolments)} participants, "
            "attendance taken for day one (facilitator@harbour.test).",
            f"Cohort: {curacao.name}, {curacao.enrolments.count()} participants "
            "(facilitator2@harbour.test).",
        ]
    }
