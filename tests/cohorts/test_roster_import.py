"""Roster import: the preview, all-or-nothing, re-import, and every bad file in
tests/cohorts/fixtures/ (see make_fixtures.py there)."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts import services
from cohorts.models import Enrolment, EnrolmentSource, RosterPreview
from lms import roles
from tests import factories

from . import factories as cf

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
User = get_user_model()


def run(cohort, name, *, dry_run=False):
    return services.roster_import(
        cohort=cohort, name=name, data=(FIXTURES / name).read_bytes(), dry_run=dry_run
    )


def snapshot():
    return (
        User.objects.count(),
        Enrolment.objects.count(),
        sorted(
            map(str, User.objects.values_list("email", "full_name", "organisation"))
        ),
    )


def messages_of(report):
    return " | ".join(f"{p.line}:{p.column}:{p.message}" for p in report.problems)


def test_good_csv_imports_participants(cohort):
    report = run(cohort, "good.csv")
    assert report.ok, messages_of(report)
    assert (report.new, report.unchanged) == (3, 0)
    marcia = User.objects.get(email="marcia.joseph@example.org")
    assert marcia.organisation == "Royal Saint Lucia Police Force"
    assert marcia.sex == "female" and marcia.country == "LC"
    assert marcia.organisation_type == "government"
    assert roles.is_participant(marcia)
    assert not marcia.has_usable_password()
    # Emails are stored lower-cased.
    assert User.objects.filter(email="am.alexander@example.org").exists()
    enrolments = Enrolment.objects.filter(cohort=cohort)
    assert enrolments.count() == 3
    assert set(enrolments.values_list("source", flat=True)) == {EnrolmentSource.IMPORT}


def test_dry_run_saves_nothing(cohort):
    before = snapshot()
    report = run(cohort, "good.csv", dry_run=True)
    assert report.ok and report.new == 3
    assert snapshot() == before


def test_reimport_creates_nothing_new_and_deletes_nobody(cohort):
    run(cohort, "good.csv")
    extra = cf.enrol(cohort)
    before = snapshot()
    report = run(cohort, "good.csv")
    assert report.ok
    assert (report.new, report.updated, report.unchanged) == (0, 0, 3)
    assert snapshot() == before
    assert Enrolment.objects.filter(pk=extra.pk).exists()


def test_reimport_matches_email_case_insensitively_and_updates(cohort):
    run(cohort, "good.csv")
    data = (
        (FIXTURES / "good.csv")
        .read_bytes()
        .replace(
            b"marcia.joseph@example.org,Royal Saint Lucia Police Force",
            b"MARCIA.Joseph@Example.org,Ministry of National Security",
        )
    )
    report = services.roster_import(
        cohort=cohort, name="r.csv", data=data, dry_run=False
    )
    assert report.ok and report.updated == 1 and report.new == 0
    assert User.objects.get(email="marcia.joseph@example.org").organisation == (
        "Ministry of National Security"
    )


def test_existing_account_of_same_person_is_enrolled_not_changed(cohort):
    someone = factories.participant(
        email="marcia.joseph@example.org",
        full_name="Marcia Joseph",
        organisation="Old org",
    )
    report = run(cohort, "good.csv")
    assert report.ok and report.enrolled == 1 and report.new == 2
    someone.refresh_from_db()
    assert someone.organisation == "Old org"
    assert Enrolment.objects.filter(cohort=cohort, participant=someone).exists()


@pytest.mark.parametrize("name", ["good.csv", "utf8_bom.csv", "good.xlsx"])
def test_readable_files(cohort, name):
    report = run(cohort, name)
    assert report.ok, messages_of(report)
    assert {r.name for r in report.rows} >= {"Marcia Joseph", "Dwayne St. Rose"}


@pytest.mark.parametrize("name", ["utf16.csv", "cp1252.csv", "semicolon.csv"])
def test_encodings_and_delimiters(cohort, name):
    report = run(cohort, name)
    assert report.ok, messages_of(report)
    assert User.objects.filter(
        full_name="Jürgen Müller", organisation="Fundashon Curaçao"
    ).exists()
    assert User.objects.get(full_name="Jürgen Müller").country == "CW"
    assert User.objects.filter(full_name="Zoë Martínez").exists()


def test_newline_inside_quoted_field(cohort):
    report = run(cohort, "newline_in_field.csv")
    assert report.ok, messages_of(report)
    user = User.objects.get(email="marcia.joseph@example.org")
    assert user.full_name == "Marcia Joseph"
    assert user.organisation == "Royal Saint Lucia Police Force"


def test_blank_rows_are_skipped_and_lines_counted(cohort):
    report = run(cohort, "blank_rows.csv")
    assert report.ok, messages_of(report)
    assert [(r.line, r.name) for r in report.rows] == [
        (4, "Marcia Joseph"),
        (7, "Dwayne St. Rose"),
    ]


def test_unknown_extra_columns_are_reported_and_ignored(cohort):
    report = run(cohort, "extra_columns.csv")
    assert report.ok
    assert report.ignored_columns == ["Shoe size", "Favourite colour"]


FILE_PROBLEMS = {
    "unbalanced_quote.csv": "a quotation mark there is never closed",
    "missing_columns.csv": "No column is read as “Full name”",
    "duplicate_headers.csv": "Columns B (“Email”) and D (“Email”) are both read as “Email”",
    "header_only.csv": "a header row (line 1) but no participants below it",
    "empty.csv": "The file is empty",
    "csv_renamed.xlsx": "not an Excel workbook (perhaps a CSV file renamed)",
    "workbook_renamed.csv": "a spreadsheet workbook with a .csv ending",
    "zip_bomb.xlsx": "unpacks to far more data than a roster holds",
    "too_big.csv": "the limit is 2 MB",
}


@pytest.mark.parametrize("name", sorted(FILE_PROBLEMS))
def test_unreadable_files_get_a_clear_message_and_save_nothing(cohort, name):
    before = snapshot()
    report = run(cohort, name)
    assert not report.ok
    assert len(report.problems) == 1
    assert FILE_PROBLEMS[name] in report.problems[0].message
    assert "Traceback" not in report.problems[0].message
    assert snapshot() == before


def test_unbalanced_quote_names_the_line(cohort):
    report = run(cohort, "unbalanced_quote.csv")
    assert "from line 2 on" in report.problems[0].message


def test_duplicate_emails_in_file_are_refused_and_nothing_saved(cohort):
    before = snapshot()
    report = run(cohort, "duplicate_emails.csv")
    assert not report.ok
    found = {(p.line, p.column, p.message) for p in report.problems}
    assert (3, "Email", "This email address is already on line 2 of the file.") in found
    assert (5, "Email", "This email address is already on line 4 of the file.") in found
    assert snapshot() == before


def test_email_of_someone_else_is_refused_without_naming_them(cohort):
    factories.participant(email="taken@example.org", full_name="Private Person")
    before = snapshot()
    report = run(cohort, "email_of_someone_else.csv")
    assert not report.ok
    (problem,) = report.problems
    assert (problem.line, problem.column) == (2, "Email")
    assert "already belongs to another person's account" in problem.message
    assert "Private Person" not in messages_of(report)
    assert snapshot() == before


def test_email_of_a_facilitator_is_refused(cohort):
    factories.facilitator(email="taken@example.org", full_name="Somebody Else")
    report = run(cohort, "email_of_someone_else.csv")
    assert not report.ok


def test_bad_names_are_each_reported_and_nothing_saved(cohort):
    before = snapshot()
    report = run(cohort, "bad_names.csv")
    found = {(p.line, p.column): p.message for p in report.problems}
    assert found[(2, "Full name")] == "A name is needed."
    assert found[(3, "Full name")] == "A name is needed."
    assert "300 characters long; at most 200" in found[(4, "Full name")]
    assert "< and >" in found[(5, "Full name")]
    # The good row on line 6 is not saved either: all or nothing.
    assert not User.objects.filter(email="fine@example.org").exists()
    assert snapshot() == before


def test_bad_values_are_reported_by_column(cohort):
    report = run(cohort, "bad_values.csv")
    columns = {p.column for p in report.problems}
    assert columns == {"Email", "Organisation type", "Sex", "Country"}
    assert all(p.line == 2 for p in report.problems)


def test_formula_names_are_stored_as_text(cohort):
    report = run(cohort, "formula_names.csv")
    assert report.ok
    assert User.objects.filter(full_name='=HYPERLINK("http://x","y")').exists()


# --- through the facilitator area -----------------------------------------------------


def upload(name, data=None):
    return SimpleUploadedFile(
        name, data if data is not None else (FIXTURES / name).read_bytes()
    )


def test_preview_then_confirm_through_the_pages(client, cohort, facilitator):
    client.force_login(facilitator)
    url = reverse("cohorts:roster_import", args=[cohort.pk])
    response = client.post(url, {"file": upload("good.csv")})
    preview = RosterPreview.objects.get(cohort=cohort)
    # The template's own headers need no column step: straight to the preview.
    assert response.status_code == 302
    assert response.url == reverse(
        "cohorts:roster_import_preview", args=[cohort.pk, preview.pk]
    )
    page = client.get(response.url)
    assert "Preview: nothing is saved yet" in page.text
    assert "<strong>3</strong> new participants" in page.text
    assert not Enrolment.objects.filter(cohort=cohort).exists()
    confirm_url = reverse("cohorts:roster_import_confirm", args=[cohort.pk])
    confirm = client.post(confirm_url, {"preview": str(preview.pk)})
    assert confirm.status_code == 302
    assert confirm.url == reverse("cohorts:dashboard", args=[cohort.pk])
    assert Enrolment.objects.filter(cohort=cohort).count() == 3
    assert not RosterPreview.objects.exists()
    # The stored preview cannot be imported twice.
    again = client.post(confirm_url, {"preview": str(preview.pk)}, follow=True)
    assert "There is no previewed file to import. Upload it again." in again.text
    assert Enrolment.objects.filter(cohort=cohort).count() == 3


def test_preview_shows_errors_by_line_and_column_escaped(client, cohort, facilitator):
    client.force_login(facilitator)
    url = reverse("cohorts:roster_import", args=[cohort.pk])
    response = client.post(url, {"file": upload("bad_names.csv")}, follow=True)
    assert "The file was not imported" in response.text
    assert "A name is needed." in response.text
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text
    assert "Import these" not in response.text


def test_upload_over_the_limit_is_refused_by_the_form(client, cohort, facilitator):
    client.force_login(facilitator)
    url = reverse("cohorts:roster_import", args=[cohort.pk])
    response = client.post(url, {"file": upload("too_big.csv")})
    assert "the limit is 2 MB" in response.text


def test_template_download_has_the_columns(client, cohort, facilitator):
    client.force_login(facilitator)
    csv_response = client.get(
        reverse("cohorts:roster_template", args=[cohort.pk, "csv"])
    )
    assert csv_response.content.decode("utf-8-sig").startswith(
        "Full name,Email,Organisation,Organisation type,Government sector,Position,"
        "Sex,Country,Language"
    )
    xlsx = client.get(reverse("cohorts:roster_template", args=[cohort.pk, "xlsx"]))
    report = services.roster_import(
        cohort=cohort, name="t.xlsx", data=xlsx.content, dry_run=True
    )
    assert "no participants" in report.problems[0].message
