"""The Wagtail admin's user form edits a person's organisation and, for
officials, the part of government they work in."""

import re

import pytest
from django.urls import reverse

from lms.choices import GovernmentSector, OrganisationType
from tests import factories

pytestmark = pytest.mark.django_db


def _edit_data(person, **changes):
    data = {
        "email": person.email,
        "first_name": person.first_name or "Ana",
        "last_name": person.last_name or "Pierre",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": [str(g.pk) for g in person.groups.all()],
        "organisation": person.organisation,
        "organisation_type": person.organisation_type,
        "government_sector": person.government_sector or "",
    }
    data.update(changes)
    return data


def test_the_user_form_offers_the_organisation_and_the_government_sectors(
    client, administrator
):
    person = factories.participant()
    client.force_login(administrator)

    page = client.get(reverse("wagtailusers_users:edit", args=[person.pk])).text

    assert "Organisation type" in page
    assert "Government sector" in page
    assert "Only for officials of a government organisation" in page
    options = re.findall(r'<option value="([a-z_]+)"', page)
    assert {"police", "immigration", "labour_inspection"} <= set(options)


def test_an_administrator_records_an_officials_sector(client, administrator):
    person = factories.participant()
    client.force_login(administrator)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        _edit_data(
            person,
            organisation="Immigration Department",
            organisation_type=OrganisationType.GOVERNMENT,
            government_sector=GovernmentSector.IMMIGRATION,
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:index")
    person.refresh_from_db()
    assert person.organisation == "Immigration Department"
    assert person.organisation_type == OrganisationType.GOVERNMENT
    assert person.government_sector == GovernmentSector.IMMIGRATION
    assert person.get_government_sector_display() == "Immigration"


def test_a_sector_for_an_ngo_is_refused_with_a_message(client, administrator):
    person = factories.participant()
    client.force_login(administrator)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        _edit_data(
            person,
            organisation="Safe House Foundation",
            organisation_type=OrganisationType.NGO,
            government_sector=GovernmentSector.POLICE,
        ),
    )

    assert response.status_code == 200
    assert "A government sector is only for people whose organisation" in (
        response.text
    )
    person.refresh_from_db()
    assert person.organisation_type != OrganisationType.NGO
    assert person.government_sector is None


def test_a_new_user_gets_their_organisation_from_the_admin(client, administrator):
    from django.contrib.auth import get_user_model

    client.force_login(administrator)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "k.martina@police.example.cw",
            "first_name": "Kenrick",
            "last_name": "Martina",
            "password1": "a long Harbour password 2026",
            "password2": "a long Harbour password 2026",
            "is_active": "on",
            "organisation": "Korps Politie Curaçao",
            "organisation_type": OrganisationType.GOVERNMENT,
            "government_sector": GovernmentSector.POLICE,
        },
    )

    assert response.status_code == 302, response.text[:2000]
    person = get_user_model().objects.get(email="k.martina@police.example.cw")
    assert person.government_sector == GovernmentSector.POLICE
    assert person.organisation == "Korps Politie Curaçao"
