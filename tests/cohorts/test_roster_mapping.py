"""Registration-form and spreadsheet exports: other headers, extra columns, other
encodings and delimiters, and the column-mapping step remembered per cohort."""

import pytest
from django.urls import reverse

from cohorts import services
from cohorts.models import Enrolment, RosterColumnMapping, RosterPreview
from cohorts.resources import columns_suggest

from .test_roster_import import FIXTURES, User, messages_of, upload

pytestmark = pytest.mark.django_db

GOOGLE_HEADERS = [
    "Timestamp",
    "Email Address",
    "What is your full name?",
    "Organisation / Agency",
    "Type of organisation",
    "Job title",
    "Gender",
    "Country of residence",
    "Dietary requirements",
]


def test_headers_are_suggested_from_their_words_in_four_languages():
    assert columns_suggest(GOOGLE_HEADERS) == [
        "",
        "email",
        "full_name",
        "organisation",
        "organisation_type",
        "position",
        "sex",
        "country",
        "",
    ]
    assert columns_suggest(
        ["Nombre", "Apellidos", "Correo electrónico", "Institución", "Sexo", "País"]
    ) == ["given_name", "family_name", "email", "organisation", "sex", "country"]
    assert columns_suggest(
        ["Nom et prénom", "Courriel", "Organisme", "Fonction", "Sexe", "Pays"]
    ) == ["full_name", "email", "organisation", "position", "sex", "country"]
    assert columns_suggest(
        ["Voornaam", "Achternaam", "E-mailadres", "Organisatie", "Geslacht", "Land"]
    ) == ["given_name", "family_name", "email", "organisation", "sex", "country"]


def test_a_google_forms_export_imports_with_the_suggested_columns(cohort):
    report = services.roster_import(
        cohort=cohort,
        name="google_forms.csv",
        data=(FIXTURES / "google_forms.csv").read_bytes(),
        dry_run=False,
    )
    assert report.ok, messages_of(report)
    assert report.ignored_columns == ["Timestamp", "Dietary requirements"]
    marcia = User.objects.get(email="marcia.joseph@example.org")
    assert (marcia.full_name, marcia.position, marcia.country, marcia.sex) == (
        "Marcia Joseph",
        "Sergeant",
        "LC",
        "female",
    )
    ana = User.objects.get(email="ana.perez@example.org")
    assert (ana.organisation_type, ana.sex, ana.country) == (
        "government",
        "female",
        "CW",
    )


def test_a_cp1252_excel_csv_with_semicolons_and_french_headers(cohort):
    report = services.roster_import(
        cohort=cohort,
        name="excel_cp1252_semicolon.csv",
        data=(FIXTURES / "excel_cp1252_semicolon.csv").read_bytes(),
        dry_run=False,
    )
    assert report.ok, messages_of(report)
    jurgen = User.objects.get(email="jurgen.muller@example.org")
    assert jurgen.full_name == "Jürgen Müller"
    assert jurgen.organisation == "Fundashon Curaçao"
    assert (jurgen.sex, jurgen.country, jurgen.position) == (
        "male",
        "CW",
        "Coördinator",
    )
    zoe = User.objects.get(full_name="Zoë Martínez")
    assert (zoe.country, zoe.organisation) == ("MF", "Ministère de la Santé")


def test_given_and_family_name_columns_make_the_full_name(cohort):
    data = "Nombre;Apellidos;Correo\r\nAna;Pérez Gómez;ana@example.org\r\n".encode()
    report = services.roster_import(
        cohort=cohort, name="r.csv", data=data, dry_run=False
    )
    assert report.ok, messages_of(report)
    assert User.objects.get(email="ana@example.org").full_name == "Ana Pérez Gómez"


def test_the_mapping_step_shows_headers_suggestions_and_samples(
    client, cohort, facilitator
):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("google_forms.csv")},
    )
    preview = RosterPreview.objects.get()
    assert response.url == reverse(
        "cohorts:roster_import_columns", args=[cohort.pk, preview.pk]
    )
    page = client.get(response.url)
    assert "Check the columns" in page.text
    assert "What is your full name?" in page.text
    assert "Vegetarian, no nuts" in page.text  # a sample value
    # Suggested: "Gender" is read as Sex, "Timestamp" ignored.
    form = page.context["form"]
    assert form["column_6"].value() == "sex"
    assert form["column_0"].value() == ""
    # The preview page is not reachable before the columns are chosen.
    early = client.get(
        reverse("cohorts:roster_import_preview", args=[cohort.pk, preview.pk])
    )
    assert early.url == response.url


def test_choosing_the_same_field_twice_is_refused_with_both_columns(
    client, cohort, facilitator
):
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("google_forms.csv")},
    )
    preview = RosterPreview.objects.get()
    mapping = dict(enumerate(columns_suggest(GOOGLE_HEADERS)))
    mapping[8] = "organisation"  # "Dietary requirements" read as Organisation too
    url = reverse("cohorts:roster_import_columns", args=[cohort.pk, preview.pk])
    page = client.post(url, {f"column_{i}": v for i, v in mapping.items()})
    assert page.status_code == 200
    assert (
        "Columns D (“Organisation / Agency”) and I (“Dietary requirements”) are both "
        "read as “Organisation”"
    ) in page.text.replace("&ldquo;", "“").replace("&rdquo;", "”")
    preview.refresh_from_db()
    assert not preview.mapping_confirmed
    assert not RosterColumnMapping.objects.exists()


def test_the_chosen_mapping_is_used_and_remembered_for_the_cohort(
    client, cohort, facilitator
):
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("google_forms.csv")},
    )
    preview = RosterPreview.objects.get()
    mapping = dict(enumerate(columns_suggest(GOOGLE_HEADERS)))
    mapping[5] = ""  # do not read the job title
    url = reverse("cohorts:roster_import_columns", args=[cohort.pk, preview.pk])
    response = client.post(url, {f"column_{i}": v for i, v in mapping.items()})
    assert response.url == reverse(
        "cohorts:roster_import_preview", args=[cohort.pk, preview.pk]
    )
    page = client.get(response.url)
    assert "Job title" in page.context["report"].ignored_columns
    client.post(
        reverse("cohorts:roster_import_confirm", args=[cohort.pk]),
        {"preview": str(preview.pk)},
    )
    assert Enrolment.objects.filter(cohort=cohort).count() == 3
    assert User.objects.get(email="marcia.joseph@example.org").position == ""
    remembered = RosterColumnMapping.objects.get(cohort=cohort).columns
    assert remembered["job title"] == ""
    assert remembered["gender"] == "sex"
    # The next file with these headers starts from the remembered choice.
    assert (
        services.roster_columns_suggest(cohort=cohort, headers=GOOGLE_HEADERS)[5] == ""
    )


def test_a_preview_is_only_its_owners(client, cohort, facilitator):
    from tests import factories

    colleague = factories.facilitator(email="colleague@example.org")
    cohort.facilitators.add(colleague)
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("good.csv")},
    )
    preview = RosterPreview.objects.get()
    client.force_login(colleague)
    page = client.get(
        reverse("cohorts:roster_import_preview", args=[cohort.pk, preview.pk])
    )
    assert page.status_code == 404
    confirm = client.post(
        reverse("cohorts:roster_import_confirm", args=[cohort.pk]),
        {"preview": str(preview.pk)},
        follow=True,
    )
    assert "There is no previewed file to import" in confirm.text
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_a_facilitator_of_another_cohort_cannot_reach_a_preview(
    client, cohort, facilitator, other_facilitator
):
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("google_forms.csv")},
    )
    preview = RosterPreview.objects.get()
    client.force_login(other_facilitator)
    for name in ("roster_import_preview", "roster_import_columns"):
        response = client.get(reverse(f"cohorts:{name}", args=[cohort.pk, preview.pk]))
        assert response.status_code == 404


def test_a_field_harbour_does_not_have_is_refused_on_its_row(
    client, cohort, facilitator
):
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("google_forms.csv")},
    )
    preview = RosterPreview.objects.get()
    url = reverse("cohorts:roster_import_columns", args=[cohort.pk, preview.pk])
    page = client.post(url, {"column_0": "password", "column_2": "full_name"})
    assert "Select a valid choice" in page.text
    preview.refresh_from_db()
    assert not preview.mapping_confirmed
