"""Administrators manage cohorts, sessions and facilitators in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cohorts import services
from cohorts.models import Cohort, ExportLog
from tests import factories

pytestmark = pytest.mark.django_db


def test_admin_creates_a_cohort_with_sessions_and_facilitators(
    client, administrator, course, facilitator, participant
):
    client.force_login(administrator)
    add_url = reverse("cohort_admin:add")
    form = client.get(add_url)
    assert form.status_code == 200
    # Only Facilitators can be chosen as facilitators.
    assert facilitator.display_name in form.text
    assert participant.display_name not in form.text
    assert "Certificate eligibility" in form.text
    data = nested_form_data(
        {
            "course": course.pk,
            "name": "Bonaire, 26–27 October 2026",
            "language": "en",
            "capacity": 30,
            "start_date": "2026-10-26",
            "end_date": "2026-10-27",
            "venue": "",
            "city": "Kralendijk",
            "country": "BQ",
            "min_attendance_percent": 75,
            "require_post_test_pass": "",
            "require_all_modules": "",
            "sessions": inline_formset(
                [
                    {
                        "title": "Day 1 morning",
                        "starts_at": "2026-10-26 09:00",
                        "ends_at": "2026-10-26 12:30",
                    },
                    {
                        "title": "Day 1 afternoon",
                        "starts_at": "2026-10-26 13:30",
                        "ends_at": "2026-10-26 17:00",
                    },
                ]
            ),
        }
    )
    data["facilitators"] = [facilitator.pk]  # a plain list, not a nested formset
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cohort = Cohort.objects.get(name="Bonaire, 26–27 October 2026")
    assert list(cohort.facilitators.all()) == [facilitator]
    assert [s.title for s in cohort.sessions.all()] == [
        "Day 1 morning",
        "Day 1 afternoon",
    ]
    listing = client.get(reverse("cohort_admin:index"))
    assert "Bonaire, 26–27 October 2026" in listing.text
    assert reverse("cohorts:roster_import", args=[cohort.pk]) in listing.text


def test_facilitators_and_participants_cannot_enter_the_cohort_admin(
    client, facilitator
):
    client.force_login(facilitator)
    response = client.get(reverse("cohort_admin:index"))
    assert response.status_code in (302, 403)


def test_export_log_is_listed_and_read_only(client, administrator, cohort, facilitator):
    services.export_log_record(
        cohort=cohort, user=facilitator, kind="roster", file_format="csv", row_count=3
    )
    client.force_login(administrator)
    listing = client.get(reverse("cohort_export_log:index"))
    assert listing.status_code == 200
    assert cohort.name in listing.text
    log = ExportLog.objects.get()
    assert client.get(reverse("cohort_export_log:add")).status_code in (302, 403)
    assert client.get(reverse("cohort_export_log:edit", args=[log.pk])).status_code in (
        302,
        403,
    )
    assert client.post(
        reverse("cohort_export_log:delete", args=[log.pk])
    ).status_code in (302, 403)
    assert ExportLog.objects.filter(pk=log.pk).exists()


def test_participant_is_refused_the_admin(client):
    client.force_login(factories.participant())
    assert client.get(reverse("cohort_admin:index")).status_code in (302, 403)
