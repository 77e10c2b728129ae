"""Re-importing never erases; the preview lists each field that changes; names and
e-mails are compared as people expect; big files take a few queries, and a failure
half-way through the writes leaves nothing behind."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from cohorts import services
from cohorts.models import Enrolment, EnrolmentSource
from tests import factories

from . import factories as cf
from .test_roster_import import User, messages_of, snapshot, upload

pytestmark = pytest.mark.django_db
HEADER = "Full name,Email,Organisation,Organisation type,Position,Sex,Country\r\n"


def csv(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\r\n" for line in lines)).encode()


def imported(cohort, data, *, dry_run=False):
    report = services.roster_import(
        cohort=cohort, name="roster.csv", data=data, dry_run=dry_run
    )
    assert report.ok, messages_of(report)
    return report


def test_empty_optional_cells_leave_what_is_stored(cohort):
    imported(
        cohort,
        csv("Marcia Joseph,marcia@example.org,Police,Government,Sergeant,Female,LC"),
    )
    report = imported(cohort, csv("Marcia Joseph,marcia@example.org,Police,,,,"))
    assert (report.updated, report.unchanged) == (0, 1)
    marcia = User.objects.get(email="marcia@example.org")
    assert (
        marcia.organisation_type,
        marcia.position,
        marcia.sex,
        marcia.country,
    ) == ("government", "Sergeant", "female", "LC")


def test_the_preview_lists_old_and_new_of_each_changed_field_only(
    client, cohort, facilitator
):
    imported(
        cohort,
        csv(
            "Marcia Joseph,marcia@example.org,Police,Government,Sergeant,Female,LC",
            "Kervin Charles,kervin@example.org,Customs,Government,Officer,Male,LC",
        ),
    )
    data = csv(
        "Marcia Joseph,MARCIA@example.org,Ministry of National Security,,Inspector,,",
        "Kervin Charles,kervin@example.org,Customs,Government,Officer,Male,LC",
    )
    report = imported(cohort, data, dry_run=True)
    (row,) = report.updated_rows
    assert row.line == 2
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("Organisation", "Police", "Ministry of National Security"),
        ("Position", "Sergeant", "Inspector"),
    ]
    assert report.unchanged == 1
    # Nothing changed by the preview.
    assert User.objects.get(email="marcia@example.org").organisation == "Police"

    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("roster.csv", data)},
        follow=True,
    )
    text = response.text
    assert "What changes for people already in this cohort" in text
    assert "<del>Police</del>" in text
    assert "<ins>Ministry of National Security</ins>" in text
    assert "<del>Sergeant</del>" in text and "<ins>Inspector</ins>" in text
    assert "Kervin Charles</th>" not in text  # unchanged people are not listed

    client.post(
        reverse("cohorts:roster_import_confirm", args=[cohort.pk]),
        {"preview": str(response.context["preview"].pk)},
    )
    marcia = User.objects.get(email="marcia@example.org")
    assert (marcia.organisation, marcia.position, marcia.sex, marcia.country) == (
        "Ministry of National Security",
        "Inspector",
        "female",
        "LC",
    )


def test_someone_first_imported_without_email_gets_it_on_the_next_import(cohort):
    imported(cohort, csv("Dwayne St. Rose,,Crisis Centre,NGO,,Male,LC"))
    report = imported(
        cohort, csv("Dwayne St. Rose,dwayne@example.org,Crisis Centre,,,,")
    )
    assert (report.new, report.updated) == (0, 1)
    assert [(c.field, c.new) for c in report.updated_rows[0].changes] == [
        ("email", "dwayne@example.org")
    ]
    assert User.objects.filter(full_name="Dwayne St. Rose").count() == 1
    assert User.objects.get(full_name="Dwayne St. Rose").email == "dwayne@example.org"


def test_names_are_cleaned_with_a_warning_naming_the_line(cohort):
    report = services.roster_import(
        cohort=cohort,
        name="invisible_characters.csv",
        data=(
            __import__("pathlib").Path(__file__).parent
            / "fixtures"
            / "invisible_characters.csv"
        ).read_bytes(),
        dry_run=False,
    )
    assert report.ok, messages_of(report)
    assert [(w.line, w.column) for w in report.warnings] == [
        (2, "Full name"),
        (3, "Full name"),
    ]
    assert "U+200B" in report.warnings[0].message
    assert "U+202E, U+202C" in report.warnings[1].message
    names = set(
        User.objects.filter(enrolments__cohort=cohort).values_list(
            "full_name", flat=True
        )
    )
    assert names == {"Marcia Joseph", "esoR .tS enywD", "Zoë Martínez"}
    assert User.objects.get(full_name="esoR .tS enywD").organisation == "Crisis Centre"


def test_rows_differing_only_by_normalisation_or_email_case_are_duplicates(cohort):
    from .test_roster_import import run

    before = snapshot()
    report = run(cohort, "same_person_twice.csv")
    found = {(p.line, p.column, p.message) for p in report.problems}
    assert found == {
        (3, "Email", "This email address is already on line 2 of the file."),
        (
            5,
            "Full name",
            "This name and organisation is already on line 4 of the file.",
        ),
    }
    assert snapshot() == before


def test_an_existing_account_is_matched_despite_normalisation_and_case(cohort):
    someone = factories.participant(
        email="zoe@example.org", full_name="Zoë Martínez", organisation="Old"
    )
    report = imported(
        cohort, csv("Zoe\u0308 Marti\u0301nez,ZOE@Example.ORG,Ministry,,,,")
    )
    assert (report.new, report.enrolled) == (0, 1)
    assert Enrolment.objects.get(cohort=cohort).participant == someone
    someone.refresh_from_db()
    assert someone.organisation == "Old"  # another cohort's profile is not touched


def test_a_walk_in_name_is_cleaned_like_an_imported_one(cohort, facilitator):
    enrolment = services.enrolment_add_walk_in(
        cohort=cohort,
        full_name="  Zoe\u0308\u200b  Martínez ",
        organisation=" Fundashon\u00a0 Curaçao",
        added_by=facilitator,
    )
    assert enrolment.participant.full_name == "Zoë Martínez"
    assert enrolment.participant.organisation == "Fundashon Curaçao"
    assert enrolment.source == EnrolmentSource.WALK_IN


def test_enrolment_add_is_idempotent(cohort, participant):
    first = services.enrolment_add(cohort=cohort, participant=participant)
    again = services.enrolment_add(cohort=cohort, participant=participant)
    assert first.pk == again.pk
    assert Enrolment.objects.filter(cohort=cohort).count() == 1


def big_roster(rows: int, *, start: int = 0) -> bytes:
    return csv(
        *(
            f"Person {i},p{i}@roster.example.org,Organisation {i % 40},NGO,,Female,LC"
            for i in range(start, start + rows)
        )
    )


def test_a_big_preview_and_import_take_a_few_queries_not_one_per_row(
    cohort, django_assert_max_num_queries
):
    cf.enrol(
        cohort,
        factories.participant(email="p3@roster.example.org", full_name="Person 3"),
    )
    data = big_roster(1200)
    with django_assert_max_num_queries(12):
        report = services.roster_import(
            cohort=cohort, name="r.csv", data=data, dry_run=True
        )
    assert report.ok, messages_of(report)
    # Inserts go in batches (SQLite takes ~45 users a statement): 1,200 rows
    # once took over 3,600 queries; now a few dozen.
    with django_assert_max_num_queries(80):
        report = services.roster_import(
            cohort=cohort, name="r.csv", data=data, dry_run=False
        )
    assert report.new == 1199
    assert Enrolment.objects.filter(cohort=cohort).count() == 1200


def test_a_failure_in_a_later_chunk_undoes_the_earlier_chunks(cohort, monkeypatch):
    imported(cohort, csv("Marcia Joseph,marcia@example.org,Police,,,,"))
    data = csv(
        "Marcia Joseph,marcia@example.org,Ministry,,Inspector,,",
        *(f"Person {i},p{i}@roster.example.org,Org,,,," for i in range(7)),
    )
    before = snapshot()
    real = services.enrolment_add_many
    calls = []

    def fail_third(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise IntegrityError("someone took an email at the same moment")
        return real(**kwargs)

    monkeypatch.setattr(services, "enrolment_add_many", fail_third)
    report = services.roster_import(
        cohort=cohort, name="r.csv", data=data, dry_run=False, chunk_size=3
    )
    assert len(calls) == 3  # two chunks were written before the third failed
    assert not report.ok
    assert "nothing was saved" in report.problems[0].message
    assert snapshot() == before
    assert User.objects.get(email="marcia@example.org").organisation == "Police"
    assert not User.objects.filter(email__endswith="@roster.example.org").exists()
