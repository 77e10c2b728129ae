"""Bilingual certificates (two languages on one page), and the verification page
giving a certificate's details in its own language(s) whatever the visitor's."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates import demo, rendering, selectors, services
from certificates.models import DEFAULT_TITLE, Certificate, CertificateTemplate
from tests.certificates.pdftext import pdf_bytes, text_of

from . import factories as f

pytestmark = pytest.mark.django_db

OCT_18 = dt.date(2026, 10, 18)
OCT_19 = dt.date(2026, 10, 19)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _bilingual_template(**kwargs):
    values = {"title": "", "body": "", "language": "nl", "second_language": "pap"}
    values.update(kwargs)
    return f.template(name="Dutch and Papiamentu", **values)


def _values(language: str, second: str = "") -> rendering.PrintedValues:
    return rendering.PrintedValues(
        participant="Shanice Martina",
        course="Identifying and assisting victims of trafficking",
        cohort="Curaçao 2026",
        dates=rendering.format_dates(OCT_18, OCT_19, language),
        location="Willemstad, Curaçao",
        hours="12",
        code="ABCDEFGHJKMNPQRSTUVW",
        issued_on=OCT_19,
        language=language,
        second_language=second,
        second_dates=rendering.format_dates(OCT_18, OCT_19, second) if second else "",
    )


def _words(data: bytes) -> str:
    # pypdf may read the en dash of "18–19" as a hyphen.
    return " ".join(text_of(data).split()).replace("18-19", "18–19")


def test_a_dutch_and_papiamentu_certificate_reads_in_both_languages():
    """The fixed phrases in Dutch, then in Papiamentu, on one page.

    These words come from the Dutch and Papiamentu catalogues (locale/nl,
    locale/pap): the test passes once those translations are written.
    """
    template = _bilingual_template()
    document = rendering.render_document(template, [_values("nl", "pap")])
    assert len(document.pages) == 1
    text = _words(rendering.write_merged(document))
    # Dutch
    assert "Certificaat van voltooiing" in text
    assert "Hiermee wordt verklaard dat" in text
    assert "heeft deelgenomen aan" in text
    assert "Uitgereikt op 19 oktober 2026" in text
    assert "Verificatiecode" in text
    # Papiamentu
    assert "Sertifikado di kompletashon" in text
    assert "Esaki ta sertifiká ku" in text
    assert "a partisipá den" in text
    assert "Emití riba 19 di òktober 2026" in text
    assert "Kódigo di verifikashon" in text
    assert DEFAULT_TITLE not in text


def test_a_bilingual_certificate_prints_its_dates_in_each_language_on_one_page():
    template = _bilingual_template()
    document = rendering.render_document(template, [_values("nl", "pap")])
    assert len(document.pages) == 1
    text = _words(rendering.write_merged(document))
    assert "18–19 oktober 2026" in text
    assert "18–19 di òktober 2026" in text
    assert "19 oktober 2026" in text and "19 di òktober 2026" in text
    assert "October" not in text
    assert text.count("ABCD-EFGH-JKMN-PQRS-TUVW") == 1
    assert text.count("Shanice Martina") == 2


def test_each_language_of_the_page_is_marked_as_such():
    template = _bilingual_template()
    context = rendering.template_context(template, [_values("nl", "pap")])
    html = rendering.render_to_string("certificates/pdf/certificates.html", context)
    assert '<html lang="nl">' in html
    assert 'class="wording" lang="nl"' in html
    assert 'class="wording wording--second" lang="pap"' in html
    assert '<span lang="pap">' in html and '<span lang="nl">' in html
    assert [b["lang"] for b in context["pages"][0]["blocks"]] == ["nl", "pap"]


def _boxes(document, *classes):
    """(top, bottom) in CSS px of the first page's elements with these classes."""
    found = {}
    for box in document.pages[0]._page_box.descendants():
        element = getattr(box, "element", None)
        name = element.get("class") if element is not None else None
        if name in classes and name not in found:
            found[name] = (box.position_y, box.position_y + box.margin_height())
    return found


@pytest.mark.parametrize(
    ("language", "second", "standard_wording"),
    [
        ("en", "", False),
        ("es", "", False),
        ("nl", "pap", False),
        ("nl", "pap", True),
        ("fr", "en", True),
    ],
)
def test_the_wording_fits_one_a4_landscape_page_above_the_signatures(
    language, second, standard_wording
):
    template = demo.seed_template()
    template.second_language = second
    if standard_wording:
        template.title = template.body = ""
    document = rendering.render_document(template, [_values(language, second)])
    assert len(document.pages) == 1
    page = document.pages[0]
    assert page.width > page.height  # landscape
    boxes = _boxes(document, "wording", "wording wording--second", "certificate__foot")
    last = boxes.get("wording wording--second", boxes["wording"])
    assert last[1] < boxes["certificate__foot"][0]
    assert boxes["certificate__foot"][1] < page.height


def test_an_administrators_own_wording_is_printed_as_written_in_each_language():
    template = _bilingual_template(
        title="Certificaat van deelname",
        body="{participant} nam deel aan {course} ({dates}).",
        second_title="Sertifikado di partisipashon",
        second_body="{participant} a tuma parti den {course} ({dates}).",
    )
    text = _words(
        rendering.write_merged(
            rendering.render_document(template, [_values("nl", "pap")])
        )
    )
    assert "Certificaat van deelname" in text
    assert "Shanice Martina nam deel aan" in text and "(18–19 oktober 2026)" in text
    assert "Sertifikado di partisipashon" in text
    assert "a tuma parti den" in text and "(18–19 di òktober 2026)" in text


def test_own_wording_without_a_second_version_is_printed_once():
    template = _bilingual_template(title="Certificaat van deelname", body="")
    title, _body = rendering.wording(template, "pap", second=True)
    assert title == ""  # the Dutch title is not repeated as if it were Papiamentu
    assert rendering.wording(template, "nl")[0] == "Certificaat van deelname"


def test_a_template_with_a_second_wording_needs_a_second_language():
    template = CertificateTemplate(name="Half done", second_title="Sertifikado")
    with pytest.raises(ValidationError) as error:
        template.clean()
    assert "Choose the second language" in str(error.value)
    template = CertificateTemplate(
        name="Broken", second_language="pap", second_body="{naam} a partisipá"
    )
    with pytest.raises(ValidationError) as error:
        template.clean()
    assert "Unknown placeholder {naam}" in str(error.value)


def test_the_admin_form_offers_the_second_language_with_its_help(client, administrator):
    client.force_login(administrator)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bilingual certificate" in page
    assert 'name="second_language"' in page
    assert "Leave blank for the cohort&#x27;s language only." in page


def test_issuing_for_a_dutch_cohort_with_a_bilingual_template(course, facilitator):
    template = _bilingual_template()
    cohort = f.cohort(
        course=course, facilitators=[facilitator], name="Curaçao", language="nl"
    )
    f.enrol(cohort, full_name="Shanice Martina")
    services.certificates_issue_for_cohort(
        cohort=cohort, issued_by=facilitator, template=template
    )
    cert = Certificate.objects.get()
    assert (cert.language, cert.second_language) == ("nl", "pap")
    assert cert.dates == "18–19 oktober 2026"
    assert cert.second_dates == "18–19 di òktober 2026"
    text = _words(pdf_bytes(cert))
    assert "18–19 oktober 2026" in text and "18–19 di òktober 2026" in text
    # Open Badges 3.0 names are plain strings: the first language only.
    assert isinstance(cert.credential["name"], str)
    achievement = cert.credential["credentialSubject"]["achievement"]
    assert isinstance(achievement["name"], str)
    assert "18–19 oktober 2026" in achievement["description"]
    assert achievement["inLanguage"] == "nl"


def test_a_second_language_equal_to_the_cohorts_prints_one_language(
    course, facilitator
):
    template = _bilingual_template(language="en")
    cohort = f.cohort(course=course, facilitators=[facilitator], language="pap")
    f.enrol(cohort, full_name="Shanice Martina")
    services.certificates_issue_for_cohort(
        cohort=cohort, issued_by=facilitator, template=template
    )
    cert = Certificate.objects.get()
    assert (cert.language, cert.second_language) == ("pap", "")
    assert _words(pdf_bytes(cert)).count("Shanice Martina") == 1


def test_a_spanish_certificate_seen_by_an_english_visitor(
    client, course, certificate_template, facilitator
):
    cohort = f.cohort(course=course, facilitators=[facilitator], language="es")
    f.enrol(cohort, full_name="Rosa Peña")
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    cert = Certificate.objects.get()
    response = client.get(
        reverse("certificates:verify_code", args=[cert.display_code]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert response.status_code == 200
    # The page itself speaks the visitor's language...
    assert '<html lang="en"' in page
    assert "Certificate check" in page and "Check another code" in page
    # ...what the certificate says is in its own.
    assert '<section class="printed-in" lang="es">' in page
    assert '<p lang="es">' in page
    issued = rendering.format_date(timezone.localdate(cert.issued_at), "es")
    assert " de " in issued
    statement = page.split('<section class="printed-in" lang="es">', 1)[1]
    statement = statement.split("</section>", 1)[0]
    assert "18–19 de octubre de 2026" in statement
    assert issued in statement
    assert "Rosa Peña" in statement


def test_a_bilingual_certificates_verification_page_has_both_languages(
    client, course, facilitator
):
    template = _bilingual_template()
    cohort = f.cohort(course=course, facilitators=[facilitator], language="nl")
    f.enrol(cohort, full_name="Shanice Martina")
    services.certificates_issue_for_cohort(
        cohort=cohort, issued_by=facilitator, template=template
    )
    cert = Certificate.objects.get()
    page = client.get(
        reverse("certificates:verify_code", args=[cert.display_code]),
        HTTP_ACCEPT_LANGUAGE="es",
    ).content.decode()
    dutch = page.split('<section class="printed-in" lang="nl">', 1)[1]
    papiamentu = page.split('<section class="printed-in" lang="pap">', 1)[1]
    assert "18–19 oktober 2026" in dutch.split("</section>", 1)[0]
    assert "18–19 di òktober 2026" in papiamentu.split("</section>", 1)[0]
    assert "Nederlands" in dutch and "Papiamentu" in papiamentu


def test_a_certificate_from_before_languages_were_recorded_reads_as_english(
    client, cohort, certificate_template, facilitator
):
    f.enrol(cohort, full_name="Ana Baptiste")
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    cert = Certificate.objects.get()
    Certificate.objects.filter(pk=cert.pk).update(language="")
    page = client.get(
        reverse("certificates:verify_code", args=[cert.display_code])
    ).content.decode()
    assert '<section class="printed-in" lang="en">' in page
    assert "This certificate was issued by Harbour and has not been revoked." in page


def test_a_cohorts_template_is_the_one_chosen_for_it(course, facilitator):
    english = f.template(name="Harbour completion", language="en")
    bilingual = _bilingual_template()
    curacao = f.cohort(course=course, name="Curaçao", language="nl")
    santo_domingo = f.cohort(course=course, name="Santo Domingo", language="es")
    # Nothing chosen: the cohort's language, else a single-language template.
    assert selectors.template_for_cohort(curacao) == bilingual
    assert selectors.template_for_cohort(santo_domingo) == english
    services.cohort_template_set(cohort=curacao, template=english)
    assert selectors.template_for_cohort(curacao) == english


def test_starting_a_run_remembers_the_template(course, facilitator):
    f.template(name="Harbour completion", language="en")
    bilingual = _bilingual_template()
    cohort = f.cohort(course=course, facilitators=[facilitator], language="en")
    services.issue_run_start(cohort=cohort, started_by=facilitator, template=bilingual)
    assert selectors.template_for_cohort(cohort) == bilingual


def test_the_demo_gives_curacao_the_dutch_and_papiamentu_template(course):
    curacao = f.cohort(course=course, name="Curaçao", language="nl")
    demo.seed_template()
    lines = demo.seed_cohort_templates()
    again = demo.seed_cohort_templates()
    chosen = selectors.template_for_cohort(curacao)
    assert chosen.name == "Dutch and Papiamentu"
    assert chosen.second_language == "pap"
    assert lines == again == ["Certificate template for Curaçao: Dutch and Papiamentu."]
    assert CertificateTemplate.objects.filter(name="Dutch and Papiamentu").count() == 1


def test_the_admin_preview_shows_both_languages():
    template = _bilingual_template()
    html = rendering.preview_response(template, "").content.decode()
    assert 'class="wording" lang="nl"' in html
    assert 'class="wording wording--second" lang="pap"' in html
    today = timezone.localdate()
    assert rendering.format_date(today, "nl") in html
    assert rendering.format_date(today, "pap") in html


def test_the_facilitator_sees_which_languages_certificates_are_printed_in(
    client, course, facilitator
):
    f.template(name="Harbour completion", language="en")
    _bilingual_template()
    curacao = f.cohort(
        course=course, facilitators=[facilitator], name="Curaçao", language="nl"
    )
    saint_lucia = f.cohort(course=course, facilitators=[facilitator], language="en")
    client.force_login(facilitator)

    def page(cohort):
        url = reverse("certificates:cohort_certificates", args=[cohort.pk])
        return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert (
        "Certificates are printed in Dutch and, below it on the same page, in Papiam"
        in page(curacao)
    )
    assert "Certificates are printed in English." in page(saint_lucia)


def test_the_demo_gives_santo_domingo_a_spanish_certificate(course):
    santo_domingo = f.cohort(course=course, name="Santo Domingo", language="es")
    demo.seed_template()
    lines = demo.seed_cohort_templates()
    chosen = selectors.template_for_cohort(santo_domingo)
    assert chosen.name == "Certificado en español"
    assert chosen.language == "es" and not chosen.second_language
    assert chosen.body.startswith("Se certifica que {participant} completó {course}")
    assert "Certificate template for Santo Domingo: Certificado en español." in lines
