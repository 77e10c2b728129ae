"""Roster import of the government sector and the participant's language: headers
and values in English, Spanish, French and Dutch, an unknown value refused with
its line and column, and the re-import rules (a blank cell keeps the sector; a
language fills in only a person who has none)."""

import pytest
from django.urls import reverse

from cohorts import resources, services
from lms.choices import GovernmentSector

from .test_roster_import import User, messages_of, snapshot, upload

pytestmark = pytest.mark.django_db
HEADER = "Full name,Email,Organisation,Organisation type,Government sector,Language\r\n"


def csv(*lines: str, header: str = HEADER) -> bytes:
    return (header + "".join(line + "\r\n" for line in lines)).encode()


def imported(cohort, data, *, dry_run=False):
    report = services.roster_import(
        cohort=cohort, name="roster.csv", data=data, dry_run=dry_run
    )
    assert report.ok, messages_of(report)
    return report


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Government sector", "government_sector"),
        ("Sector gubernamental", "government_sector"),
        ("Área de gobierno", "government_sector"),
        ("Secteur gouvernemental", "government_sector"),
        ("Overheidssector", "government_sector"),
        ("Language", "preferred_language"),
        ("Idioma", "preferred_language"),
        ("Langue préférée", "preferred_language"),
        ("Voorkeurstaal", "preferred_language"),
        # "Sector" alone still means the type of organisation, as before.
        ("Sector", "organisation_type"),
    ],
)
def test_headers_in_four_languages_are_suggested(header, field):
    assert resources.columns_suggest(["Nombre", "Correo", header])[2] == field


@pytest.mark.parametrize(
    ("value", "sector"),
    [
        ("police", GovernmentSector.POLICE),
        ("POLICÍA NACIONAL", GovernmentSector.POLICE),
        ("Politie", GovernmentSector.POLICE),
        ("Migración", GovernmentSector.IMMIGRATION),
        ("immigratie", GovernmentSector.IMMIGRATION),
        ("Labour inspection", GovernmentSector.LABOUR_INSPECTION),
        ("Inspección de Trabajo", GovernmentSector.LABOUR_INSPECTION),
        ("inspection du travail", GovernmentSector.LABOUR_INSPECTION),
        ("Ministerio Público", GovernmentSector.PROSECUTION_JUDICIARY),
        ("Openbaar Ministerie", GovernmentSector.PROSECUTION_JUDICIARY),
        ("prosecution and judiciary", GovernmentSector.PROSECUTION_JUDICIARY),
        ("Servicios sociales", GovernmentSector.SOCIAL_SERVICES),
        ("Santé", GovernmentSector.HEALTH),
        ("Salud", GovernmentSector.HEALTH),
        ("Other government", GovernmentSector.OTHER),
    ],
)
def test_sector_values_in_four_languages_any_case_or_accents(cohort, value, sector):
    imported(cohort, csv(f"Ana Pérez,ana@example.org,DGM,Government,{value},"))
    assert User.objects.get(email="ana@example.org").government_sector == sector


@pytest.mark.parametrize(
    "value", ["es", "ES", "Spanish", "Español", "espanol", "Espagnol", "Spaans"]
)
def test_language_values_by_code_or_name(cohort, value):
    imported(cohort, csv(f"Ana Pérez,ana@example.org,DGM,Government,,{value}"))
    assert User.objects.get(email="ana@example.org").preferred_language == "es"


def test_papiamentu_and_dutch_by_their_own_names(cohort):
    imported(
        cohort,
        csv(
            "Ximena Rosario,x@example.org,KPC,Government,Police,Papiamentu",
            "Ruben Martina,r@example.org,KPC,Government,Police,Nederlands",
        ),
    )
    assert User.objects.get(email="x@example.org").preferred_language == "pap"
    assert User.objects.get(email="r@example.org").preferred_language == "nl"


def test_an_unknown_sector_is_answered_with_line_and_column_and_nothing_saved(
    cohort,
):
    before = snapshot()
    report = services.roster_import(
        cohort=cohort,
        name="roster.csv",
        data=csv(
            "Ana Pérez,ana@example.org,DGM,Government,Migración,es",
            "Luis Gómez,luis@example.org,DGM,Government,Aduanas y puertos,es",
        ),
        dry_run=False,
    )
    assert not report.ok
    (problem,) = report.problems
    assert (problem.line, problem.letter, problem.column) == (
        3,
        "E",
        "Government sector",
    )
    assert "This is not a government sector Harbour knows" in problem.message
    assert "Immigration" in problem.message  # the choices are listed
    assert snapshot() == before


def test_an_unknown_language_is_refused_on_the_page(client, cohort, facilitator):
    client.force_login(facilitator)
    before = snapshot()
    response = client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("roster.csv", csv("Ana Pérez,ana@example.org,DGM,,,Klingon"))},
        follow=True,
    )
    text = response.text
    assert response.status_code == 200
    assert "The file was not imported" in text
    assert "This is not a language Harbour offers" in text
    assert "<td>2</td>" in text and "F · Language" in text
    assert snapshot() == before


def test_a_blank_sector_keeps_the_stored_one_and_the_preview_shows_a_change(
    client, cohort, facilitator
):
    imported(cohort, csv("Ana Pérez,ana@example.org,DGM,Government,Immigration,"))
    imported(cohort, csv("Ana Pérez,ana@example.org,DGM,Government,,"))
    assert User.objects.get(email="ana@example.org").government_sector == "immigration"

    data = csv("Ana Pérez,ana@example.org,DGM,Government,Policía,")
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("roster.csv", data)},
        follow=True,
    )
    text = response.text
    assert "<td>Government sector</td>" in text
    assert "<del>Immigration</del>" in text and "<ins>Police</ins>" in text
    assert User.objects.get(email="ana@example.org").government_sector == "immigration"
    client.post(
        reverse("cohorts:roster_import_confirm", args=[cohort.pk]),
        {"preview": str(response.context["preview"].pk)},
    )
    assert User.objects.get(email="ana@example.org").government_sector == "police"


def test_a_person_without_a_sector_keeps_none_not_an_empty_text(cohort):
    imported(cohort, csv("Dwayne St. Rose,dwayne@example.org,Crisis Centre,NGO,,"))
    assert User.objects.get(email="dwayne@example.org").government_sector is None


def test_the_language_fills_in_only_a_person_who_has_none(cohort):
    imported(
        cohort,
        csv(
            "Ana Pérez,chose@example.org,DGM,Government,,",
            "Luis Gómez,blank@example.org,DGM,Government,,",
        ),
    )
    User.objects.filter(email="chose@example.org").update(preferred_language="fr")
    report = imported(
        cohort,
        csv(
            "Ana Pérez,chose@example.org,DGM,Government,,es",
            "Luis Gómez,blank@example.org,DGM,Government,,es",
        ),
    )
    # The language she chose herself stays hers; he had none, and gets one.
    assert (report.updated, report.unchanged) == (1, 1)
    assert User.objects.get(email="chose@example.org").preferred_language == "fr"
    assert User.objects.get(email="blank@example.org").preferred_language == "es"


def test_the_template_with_the_new_columns_needs_no_mapping(
    client, cohort, facilitator
):
    client.force_login(facilitator)
    template = client.get(
        reverse("cohorts:roster_template", args=[cohort.pk, "csv"])
    ).content.decode("utf-8-sig")
    header = template.splitlines()[0]
    assert "Government sector" in header and "Language" in header
    assert resources.columns_are_the_template(header.split(","))


def test_the_preview_shows_each_row_sector_and_language(client, cohort, facilitator):
    imported(cohort, csv("Ana Pérez,ana@example.org,DGM,Government,,"))
    User.objects.filter(email="ana@example.org").update(preferred_language="fr")
    data = csv(
        "Ana Pérez,ana@example.org,DGM,Government,Migración,es",
        "Luis Gómez,luis@example.org,Policía Nacional,Gobierno,POLICÍA,Español",
        "Ana Lora,ana.lora@example.org,COIN,ONG,,",
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("roster.csv", data)},
        follow=True,
    )
    text = " ".join(response.text.split())
    assert '<th scope="col">Government sector</th>' in text
    assert '<th scope="col">Language</th>' in text
    # Ana keeps the language she chose; Luis is new and gets the file's.
    assert "<td>Ana Pérez</td><td>Immigration</td><td>French</td>" in text
    assert "<td>Luis Gómez</td><td>Police</td><td>Spanish</td>" in text
    assert "<td>Ana Lora</td><td>—</td><td>—</td>" in text


def test_the_roster_export_has_both_columns_and_imports_back_unchanged(cohort):
    imported(
        cohort,
        csv(
            "Ana Pérez,ana@example.org,DGM,Government,Migración,es",
            "Ana Lora,ana.lora@example.org,COIN,NGO,,",
        ),
    )
    from cohorts.models import Enrolment

    dataset = resources.export_dataset(
        resources.RosterExportResource(),
        Enrolment.objects.filter(cohort=cohort).order_by("participant__full_name"),
        title="Roster",
    )
    body = resources.render_dataset(dataset, "csv")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith(
        "Full name,Email,Organisation,Organisation type,Government sector,Position,"
        "Sex,Country,Language,"
    )
    assert (
        "Ana Pérez,ana@example.org,DGM,Government,Immigration,,,,Español,"
        in body.decode("utf-8-sig")
    )
    report = imported(cohort, body)
    assert (report.updated, report.unchanged) == (0, 2)


def test_the_upload_page_explains_both_columns(client, cohort, facilitator):
    client.force_login(facilitator)
    text = client.get(reverse("cohorts:roster_import", args=[cohort.pk])).text
    assert "<strong>Government sector</strong>" in text
    assert "<strong>Language</strong>" in text
    assert "Government sector is for officials" in text
    assert "only for people who have not chosen a language themselves" in text
