"""The bad inputs of real rosters: each gets a message naming the line and column,
and nothing is saved (an e-mail with a trailing space is cleaned, not refused)."""

import pytest

from cohorts import services
from tests import factories

from .test_roster_import import FIXTURES, User, messages_of, run, snapshot

pytestmark = pytest.mark.django_db


def only_problem(report):
    assert not report.ok
    assert len(report.problems) == 1, messages_of(report)
    return report.problems[0]


def test_a_header_row_only_names_the_line_below_it(cohort):
    before = snapshot()
    problem = only_problem(run(cohort, "header_only.csv"))
    assert problem.line == 2
    assert "header row (line 1) but no participants below it" in problem.message
    assert snapshot() == before


def test_a_file_of_only_commas_says_every_line_is_empty(cohort):
    before = snapshot()
    problem = only_problem(run(cohort, "only_commas.csv"))
    assert problem.line == 1
    assert "Every line of the file is empty (lines 1 to 3" in problem.message
    assert snapshot() == before


def test_mixed_encodings_name_the_line_and_position_of_the_first_odd_byte(cohort):
    before = snapshot()
    problem = only_problem(run(cohort, "mixed_encodings.csv"))
    assert problem.line == 3
    assert "mixes two text encodings" in problem.message
    assert "line 3, position 2" in problem.message  # the ü of Jürgen
    assert snapshot() == before


def test_a_500_character_name_is_refused_at_its_line_and_column(cohort):
    before = snapshot()
    problem = only_problem(run(cohort, "long_name.csv"))
    assert (problem.line, problem.letter, problem.column) == (3, "A", "Full name")
    assert "500 characters long; at most 200 fit" in problem.message
    # The good row on line 2 is not saved either.
    assert snapshot() == before


def test_an_email_with_a_trailing_space_is_cleaned_not_refused(cohort):
    report = run(cohort, "trailing_space_email.csv")
    assert report.ok, messages_of(report)
    assert User.objects.filter(email="marcia.joseph@example.org").exists()
    assert User.objects.filter(email="dwayne@example.org").exists()


def test_two_columns_read_as_the_same_field_name_both_columns(cohort):
    before = snapshot()
    data = b"Full name,Email,Organisation,E-mail address\r\nA B,a@example.org,X,b@example.org\r\n"
    report = services.roster_import(
        cohort=cohort,
        name="r.csv",
        data=data,
        dry_run=False,
        mapping=["full_name", "email", "organisation", "email"],
    )
    problem = only_problem(report)
    assert (problem.line, problem.letter, problem.column) == (1, "D", "E-mail address")
    assert "Columns B (“Email”) and D (“E-mail address”) are both read as “Email”" in (
        problem.message
    )
    assert snapshot() == before


def test_an_xlsx_with_an_empty_first_sheet_is_read_from_the_sheet_with_data(cohort):
    report = run(cohort, "second_sheet.xlsx")
    assert report.ok, messages_of(report)
    assert report.notes == [
        "The sheet “Instructions” is empty, so the roster was read from the sheet "
        "“Roster”."
    ]
    assert [(r.line, r.name) for r in report.rows] == [
        (2, "Marcia Joseph"),
        (3, "Kervin Charles"),
    ]
    assert User.objects.get(email="kervin@example.org").country == "LC"


def test_a_delimiter_other_than_the_first_line_suggests_is_found(cohort):
    # The header "Name, as on the ID;E-mail;Organisation, department or unit" has
    # more commas than semicolons; every other line says semicolons.
    report = services.roster_import(
        cohort=cohort,
        name="misleading_delimiter.csv",
        data=(FIXTURES / "misleading_delimiter.csv").read_bytes(),
        dry_run=False,
    )
    assert report.ok, messages_of(report)
    marcia = User.objects.get(email="marcia.joseph@example.org")
    assert marcia.full_name == "Marcia Joseph"
    assert marcia.organisation == "Police, Special Branch"
    assert report.new == 3


def test_a_row_wider_than_the_header_names_its_line_and_column(cohort):
    before = snapshot()
    data = (
        b"Full name,Email,Organisation\r\n"
        b"Marcia Joseph,marcia@example.org,Police\r\n"
        b"Joseph, Marcia,marcia2@example.org,Police\r\n"
    )
    report = services.roster_import(
        cohort=cohort, name="r.csv", data=data, dry_run=True
    )
    problem = only_problem(report)
    assert (problem.line, problem.letter) == (3, "D")
    assert "Line 3 has a value in column D" in problem.message
    assert snapshot() == before


def test_a_wrong_value_names_the_files_own_header(cohort):
    factories.participant(email="someone@example.org")
    data = "Nombre;Correo;Institución;País\r\nAna Pérez;ana@example.org;Ministerio;Atlántida\r\n"
    report = services.roster_import(
        cohort=cohort, name="r.csv", data=data.encode(), dry_run=False
    )
    problem = only_problem(report)
    assert (problem.line, problem.letter, problem.column) == (2, "D", "País")
    assert "This is not a country Harbour knows" in problem.message
    assert not User.objects.filter(email="ana@example.org").exists()
