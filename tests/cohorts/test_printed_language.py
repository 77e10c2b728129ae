"""What is printed for the room speaks the cohort's language: the PDF sign-in sheet
and the join-code slips carry its language tag, and dates are in its words."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from cohorts import services
from tests import factories

from . import factories as cf

pytestmark = pytest.mark.django_db


def sheet(client, cohort):
    session = cohort.sessions.first()
    response = client.get(
        reverse("cohorts:sign_in_sheet", args=[cohort.pk, session.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    return session, PdfReader(io.BytesIO(response.content))


def test_a_spanish_cohort_gets_a_spanish_sign_in_sheet(client, course, facilitator):
    cohort = cf.cohort(
        course=course, facilitators=[facilitator], name="Santo Domingo", language="es"
    )
    cf.enrol(cohort, factories.participant(full_name="Yokasta Peña Almonte"))
    client.force_login(facilitator)
    session, pdf = sheet(client, cohort)
    assert pdf.trailer["/Root"]["/Lang"] == "es"
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Yokasta Peña Almonte" in text
    local = timezone.localtime(session.starts_at)
    with translation.override("es"):
        day = formats.date_format(local, "DATE_FORMAT")
    # "1 de diciembre de 2026": the month in Spanish words.
    assert day.split()[2] in text.split()


def test_an_english_cohort_and_the_facilitator_language_stay_apart(
    client, cohort, facilitator
):
    client.force_login(facilitator)
    _session, pdf = sheet(client, cohort)
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    # The facilitator's own language does not change what is printed for the room.
    facilitator.preferred_language = "es"
    facilitator.save()
    _session, pdf = sheet(client, cohort)
    assert pdf.trailer["/Root"]["/Lang"] == "en"


def test_join_code_slips_carry_the_cohort_language(client, course, facilitator):
    cohort = cf.cohort(course=course, facilitators=[facilitator], language="es")
    # Met in the room, never signed in: the person a join code is for.
    enrolment = services.enrolment_add_walk_in(
        cohort=cohort,
        full_name="Ramón Féliz",
        organisation="Dirección General de Migración",
        added_by=facilitator,
    )
    client.force_login(facilitator)
    url = reverse("cohorts:join_codes", args=[cohort.pk])
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', client.get(url).text)
    response = client.post(
        url, {"token": token.group(1), "enrolment": [enrolment.pk], "issue": "chosen"}
    )
    assert response.status_code == 200
    text = response.text
    assert '<div class="slips" lang="es">' in text
    assert "Ramón Féliz" in text
    # The page around the slips stays in the facilitator's language.
    assert '<html lang="en">' in text


def test_the_facilitator_pages_open_in_the_facilitator_language(
    client, cohort, facilitator
):
    facilitator.preferred_language = "es"
    facilitator.save()
    session = cohort.sessions.first()
    enrolment = cf.enrol(cohort, factories.participant(full_name="Ramón Féliz"))
    client.force_login(facilitator)
    for url in (
        reverse("cohorts:facilitator_home"),
        reverse("cohorts:attendance", args=[cohort.pk, session.pk]),
        reverse("cohorts:attendance_history", args=[cohort.pk, session.pk]),
        reverse("cohorts:paper_sheet", args=[cohort.pk, session.pk]),
        reverse("cohorts:check_in_display", args=[cohort.pk, session.pk]),
        reverse("cohorts:join_codes", args=[cohort.pk]),
        reverse("cohorts:walk_in_add", args=[cohort.pk]),
        reverse("cohorts:roster_import", args=[cohort.pk]),
        reverse("cohorts:enrolment_merge", args=[cohort.pk, enrolment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="es">' in response.text, url


def test_the_join_and_check_in_pages_follow_the_participant_language(client, enrolment):
    join = client.get(reverse("cohorts:join"), HTTP_ACCEPT_LANGUAGE="es")
    assert join.status_code == 200 and '<html lang="es">' in join.text
    participant = enrolment.participant
    participant.preferred_language = "es"
    participant.save()
    client.force_login(participant)
    check_in = client.get(reverse("cohorts:check_in"))
    assert check_in.status_code == 200 and '<html lang="es">' in check_in.text
    assert enrolment.cohort.name in check_in.text
