"""Certificates speak their cohort's language: the training's dates, the day of
issue, and the facilitator sees which language a cohort has."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from certificates import rendering
from tests.certificates.pdftext import text_of

OCT_18 = dt.date(2026, 10, 18)
OCT_19 = dt.date(2026, 10, 19)
OCT_30 = dt.date(2026, 10, 30)
NOV_1 = dt.date(2026, 11, 1)
JAN_2 = dt.date(2027, 1, 2)


@pytest.mark.parametrize(
    ("language", "two_days", "across_months", "across_years", "one_day"),
    [
        (
            "en",
            "18–19 October 2026",
            "30 October – 1 November 2026",
            "30 October 2026 – 2 January 2027",
            "18 October 2026",
        ),
        (
            "es",
            "18–19 de octubre de 2026",
            "30 de octubre – 1 de noviembre de 2026",
            "30 de octubre de 2026 – 2 de enero de 2027",
            "18 de octubre de 2026",
        ),
        (
            "fr",
            "18–19 octobre 2026",
            "30 octobre – 1 novembre 2026",
            "30 octobre 2026 – 2 janvier 2027",
            "18 octobre 2026",
        ),
        (
            "nl",
            "18–19 oktober 2026",
            "30 oktober – 1 november 2026",
            "30 oktober 2026 – 2 januari 2027",
            "18 oktober 2026",
        ),
        (
            "pap",
            "18–19 di òktober 2026",
            "30 di òktober – 1 di novèmber 2026",
            "30 di òktober 2026 – 2 di yanüari 2027",
            "18 di òktober 2026",
        ),
    ],
)
def test_a_trainings_dates_print_in_each_language(
    language, two_days, across_months, across_years, one_day
):
    with translation.override("fr"):  # whoever issues, the cohort's language wins
        assert rendering.format_dates(OCT_18, OCT_19, language) == two_days
        assert rendering.format_dates(OCT_30, NOV_1, language) == across_months
        assert rendering.format_dates(OCT_30, JAN_2, language) == across_years
        assert rendering.format_dates(OCT_18, OCT_18, language) == one_day
        assert rendering.format_date(OCT_18, language) == one_day


def test_without_a_language_the_dates_follow_the_active_one():
    with translation.override("nl"):
        assert rendering.format_dates(OCT_18, OCT_19) == "18–19 oktober 2026"
    with translation.override("en"):
        assert rendering.format_dates(OCT_18, OCT_19) == "18–19 October 2026"


def _values(language: str) -> rendering.PrintedValues:
    return rendering.PrintedValues(
        participant="Ana Martínez",
        course="Identificación y asistencia a víctimas de trata",
        cohort="Santo Domingo, octubre de 2026",
        dates=rendering.format_dates(OCT_18, OCT_19, language),
        location="Santo Domingo, República Dominicana",
        hours="12",
        code="ABCDEFGHJKMNPQRSTUVW",
        issued_on=OCT_19,
        language=language,
    )


def test_the_issue_date_is_in_the_certificates_language():
    assert _values("es").issued_on_text == "19 de octubre de 2026"
    assert _values("pap").issued_on_text == "19 di òktober 2026"
    assert _values("").issued_on_text == "19 October 2026"


@pytest.mark.django_db
def test_a_spanish_certificate_pdf_reads_its_dates_in_spanish(certificate_template):
    document = rendering.render_document(certificate_template, [_values("es")])
    text = text_of(rendering.write_merged(document))
    # The body's {dates}, and the month of the day of issue.
    assert "18–19 de octubre de 2026" in text or "18-19 de octubre de 2026" in text
    # "Issued …" in whatever words the Spanish catalogue gives it.
    text = text.replace("18-19", "18–19").replace("18–19 de octubre de 2026", "")
    assert "19 de octubre de 2026" in text
    assert "October" not in text
    context = rendering.template_context(certificate_template, [_values("es")])
    assert context["lang"] == "es"


@pytest.mark.django_db
def test_the_facilitator_sees_the_cohorts_language(client, cohort, facilitator):
    cohort.language = "pap"
    cohort.save(update_fields=["language"])
    client.force_login(facilitator)
    response = client.get(
        reverse("cohorts:dashboard", kwargs={"pk": cohort.pk}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        'Language of the training: <span lang="pap">Papiamentu</span>'
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("hours", "language", "printed"),
    [
        (12, "en", "12"),
        (7.5, "en", "7.5"),
        (7.5, "es", "7,5"),
        (7.5, "nl", "7,5"),
        (16.0, "fr", "16"),
    ],
)
def test_a_courses_hours_are_printed_with_the_languages_decimal_sign(
    hours, language, printed
):
    from certificates.rendering import format_hours

    assert format_hours(hours, language) == printed


@pytest.mark.django_db
def test_a_certificate_names_the_course_as_published_in_its_language(course):
    from wagtail.models import Locale

    from certificates.services import course_title_in
    from courses import services as course_services
    from courses.models import CourseIndexPage, CoursePage

    spanish = Locale.objects.get(language_code="es")
    index = course.get_parent().specific
    course_services.page_translation_save(
        source=index,
        translated=CourseIndexPage(title="Cursos", slug=index.slug),
        locale=spanish,
    )
    course_services.page_translation_save(
        source=course,
        translated=CoursePage(
            title="Identificación de víctimas de trata",
            slug=course.slug,
            summary=course.summary and "Un resumen.",
        ),
        locale=spanish,
    )
    assert course_title_in(course, "es") == "Identificación de víctimas de trata"
    # Not translated into French: the source's title.
    assert course_title_in(course, "fr") == course.title
    assert course_title_in(course, "en") == course.title
