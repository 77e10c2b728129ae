"""Previewed roster files that nobody imported are deleted after a day."""

import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from cohorts import services
from cohorts.models import Enrolment

from .test_roster_import import upload

pytestmark = pytest.mark.django_db


def _previews():
    try:
        folders, _ = default_storage.listdir(services.ROSTER_PREVIEW_DIR)
    except FileNotFoundError:
        return []
    return [
        f"{services.ROSTER_PREVIEW_DIR}/{folder}/{name}"
        for folder in folders
        for name in default_storage.listdir(f"{services.ROSTER_PREVIEW_DIR}/{folder}")[
            1
        ]
    ]


def _age(path, hours):
    then = time.time() - hours * 3600
    os.utime(default_storage.path(path), (then, then))


def test_an_abandoned_preview_goes_and_the_facilitator_is_told_to_upload_again(
    client, cohort, facilitator, capsys
):
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("good.csv")},
    )
    [path] = _previews()

    # A fresh preview is left alone.
    call_command("purge_roster_previews")
    assert default_storage.exists(path)

    _age(path, 25)
    call_command("purge_roster_previews", "--dry-run")
    assert default_storage.exists(path)
    assert f"Would delete {path}" in capsys.readouterr().out

    call_command("purge_roster_previews")
    assert not default_storage.exists(path)
    assert (
        "Deleted 1 roster preview(s) older than 24 hour(s)." in capsys.readouterr().out
    )

    response = client.post(
        reverse("cohorts:roster_import_confirm", args=[cohort.pk]), follow=True
    )
    assert "There is no previewed file to import. Upload it again." in response.text
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_hours_sets_the_age(client, cohort, facilitator):
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:roster_import", args=[cohort.pk]),
        {"file": upload("good.csv")},
    )
    [path] = _previews()
    _age(path, 3)
    call_command("purge_roster_previews", "--hours", "4")
    assert default_storage.exists(path)
    call_command("purge_roster_previews", "--hours", "2")
    assert not default_storage.exists(path)


def test_nothing_to_purge_is_not_an_error():
    assert services.roster_previews_purge() == []
