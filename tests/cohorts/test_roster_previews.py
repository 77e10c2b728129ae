"""Previewed roster files that nobody imported are deleted after a day: each preview
is a stored row, so the purge is a query over those rows."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import Enrolment, RosterPreview

from .test_roster_import import upload

pytestmark = pytest.mark.django_db


def _age(preview, hours):
    RosterPreview.objects.filter(pk=preview.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )


def _upload(client, cohort, facilitator):
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("good.csv")},
    )
    return RosterPreview.objects.get(cohort=cohort)


def test_a_preview_is_a_row_with_its_file_in_storage(client, cohort, facilitator):
    preview = _upload(client, cohort, facilitator)
    assert preview.owner == facilitator
    assert preview.original_name == "good.csv"
    assert preview.file.name.startswith(f"roster-imports/{cohort.pk}/")
    assert default_storage.exists(preview.file.name)
    assert preview.mapping[:3] == ["full_name", "email", "organisation"]


def test_an_abandoned_preview_goes_and_the_facilitator_is_told_to_upload_again(
    client, cohort, facilitator, capsys
):
    preview = _upload(client, cohort, facilitator)
    path = preview.file.name

    # A fresh preview is left alone.
    call_command("purge_roster_previews")
    assert default_storage.exists(path)
    assert RosterPreview.objects.exists()

    _age(preview, 25)
    call_command("purge_roster_previews", "--dry-run")
    assert default_storage.exists(path)
    assert f"Would delete {path}" in capsys.readouterr().out

    call_command("purge_roster_previews")
    assert not default_storage.exists(path)
    assert not RosterPreview.objects.exists()
    assert (
        "Deleted 1 roster preview(s) older than 24 hour(s)." in capsys.readouterr().out
    )

    response = client.post(
        reverse("cohorts:roster_import_confirm", args=[cohort.pk]),
        {"preview": str(preview.pk)},
        follow=True,
    )
    assert "There is no previewed file to import. Upload it again." in response.text
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_hours_sets_the_age(client, cohort, facilitator):
    preview = _upload(client, cohort, facilitator)
    _age(preview, 3)
    call_command("purge_roster_previews", "--hours", "4")
    assert RosterPreview.objects.filter(pk=preview.pk).exists()
    call_command("purge_roster_previews", "--hours", "2")
    assert not RosterPreview.objects.filter(pk=preview.pk).exists()
    assert not default_storage.exists(preview.file.name)


def test_a_preview_whose_file_went_missing_asks_for_the_file_again(
    client, cohort, facilitator
):
    preview = _upload(client, cohort, facilitator)
    default_storage.delete(preview.file.name)
    page = client.get(
        reverse("cohorts:roster_import_preview", args=[cohort.pk, preview.pk])
    )
    assert "The previewed file is no longer there. Upload it again." in page.text
    assert "Import these" not in page.text


def test_nothing_to_purge_is_not_an_error():
    assert services.roster_previews_purge() == []
