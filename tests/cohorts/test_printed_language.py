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
