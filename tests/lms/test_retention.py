"""apply_retention pseudonymises the participants whose last training ended past
the retention period, through the same erasure an administrator runs."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from certificates.models import Certificate
from cohorts.models import Enrolment
from lms.selectors import user_is_erased
from lms.services import months_before, retention_apply
from tests.certificates import factories as cf
from tests.lms import world as w

User = get_user_model()
# The world's cohorts end on 19 October 2026.
LONG_AFTER = dt.date(2030, 1, 1)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(home_page):
    return w.build(home_page, certificates=False)


def _names():
    return sorted(User.objects.values_list("full_name", flat=True))


def _run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(dt.date(2029, 10, 19), 36) == dt.date(2026, 10, 19)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


def test_the_setting_defaults_to_three_years(settings):
    assert settings.HARBOUR_RETENTION_MONTHS == 36


@pytest.mark.django_db
def test_nobody_is_due_before_the_period_ends(world):
    assert retention_apply(today=dt.date(2029, 10, 19), months=36) == []
    assert not any(user_is_erased(u) for u in User.objects.all())


@pytest.mark.django_db
def test_participants_past_the_period_are_erased_and_staff_are_not(world):
    items = retention_apply(today=LONG_AFTER, months=36)
    assert sorted(i.name for i in items) == [
        "Kwame Classmate",
        "Marisol Quintero-Baptiste",
        "Theodora Elsewhere",
    ]
    for person in (world.participant, world.classmate, world.other_participant):
        assert user_is_erased(User.objects.get(pk=person.pk))
    for person in (world.facilitator, world.other_facilitator, world.administrator):
        assert User.objects.get(pk=person.pk).full_name == person.full_name
    # The statistics stay.
    assert Enrolment.objects.filter(cohort=world.cohort).count() == 2
    assert world.participant.attempts.get().percent == 75
    # Erased people are not erased again.
    assert retention_apply(today=LONG_AFTER, months=36) == []


@pytest.mark.django_db
def test_someone_with_a_later_cohort_is_kept(world):
    later = cf.cohort(
        course=world.course,
        name="Bonaire, October 2029",
        start_date=dt.date(2029, 10, 1),
        end_date=dt.date(2029, 10, 2),
    )
    cf.enrol(later, world.participant)
    items = retention_apply(today=LONG_AFTER, months=36)
    assert "Marisol Quintero-Baptiste" not in [i.name for i in items]
    assert not user_is_erased(User.objects.get(pk=world.participant.pk))
    assert user_is_erased(User.objects.get(pk=world.classmate.pk))


@pytest.mark.django_db
def test_dry_run_says_what_it_would_do_and_changes_nothing(world, settings):
    settings.HARBOUR_RETENTION_MONTHS = 0
    before = _names()
    out = _run("--dry-run")
    assert f"Would erase user {world.participant.pk} (Marisol Quintero-Baptiste)" in out
    assert "last training Saint Lucia, October 2026, ended 2026-10-19" in out
    assert "Would erase 3 participant(s)" in out
    assert "Nothing was changed (dry run)." in out
    assert _names() == before
    assert not any(user_is_erased(u) for u in User.objects.all())


@pytest.mark.django_db
def test_the_command_erases_through_the_same_service(home_page, settings):
    world = w.build(home_page, certificates=True)
    settings.HARBOUR_RETENTION_MONTHS = 0
    out = _run()
    assert f"Erased user {world.participant.pk} (Marisol Quintero-Baptiste)" in out
    assert "Erased 3 participant(s)" in out
    assert "Marisol Quintero-Baptiste" not in _names()
    cert = Certificate.objects.get(enrolment=world.enrolment)
    assert cert.participant_name == "" and cert.pdf.name == ""
    assert _run().count("Erased user") == 0


@pytest.mark.django_db
def test_months_option_overrides_the_setting(world):
    out = _run("--dry-run", "--months", "1200")
    assert "Would erase 0 participant(s)" in out
    assert "(1200 months)" in out
