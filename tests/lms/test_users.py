"""The custom user model, roles and signing in."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lms import roles
from lms.services import user_create, user_record_consent
from tests import factories

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_the_three_role_groups_exist_after_migrating():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Participants", "Facilitators", "Administrators"} <= names


def test_only_administrators_can_enter_the_wagtail_admin(client):
    admin = factories.administrator()
    fac = factories.facilitator()
    part = factories.participant()
    assert admin.has_perm("wagtailadmin.access_admin")
    assert not fac.has_perm("wagtailadmin.access_admin")
    assert not part.has_perm("wagtailadmin.access_admin")

    client.force_login(part)
    response = client.get("/admin/")
    assert response.status_code == 302
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_email_is_stored_lower_case_and_unique_ignoring_case():
    user = User.objects.create_user(email="Ana.Pierre@Example.ORG", password="x")
    assert user.email == "ana.pierre@example.org"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="ANA.PIERRE@example.org", password="y")


def test_people_without_email_can_exist_side_by_side():
    first = User.objects.create_user(email=None, full_name="Walk-in one")
    second = User.objects.create_user(email=None, full_name="Walk-in two")
    assert first.pk != second.pk
    assert first.email is None and second.email is None


def test_user_create_validates_the_profile():
    with pytest.raises(ValidationError) as error:
        user_create(email="not-an-email", full_name="X", sex="unknown")
    assert "email" in error.value.message_dict
    assert "sex" in error.value.message_dict


def test_user_create_puts_the_user_in_the_role_group():
    user = user_create(
        email="roleholder@example.org",
        full_name="  Role   Holder ",
        role=roles.FACILITATORS,
        organisation_type="ngo",
        country="CW",
    )
    assert user.full_name == "Role Holder"
    assert roles.is_facilitator(user)
    assert not roles.is_administrator(user)
    assert not user.has_usable_password()


def test_consent_records_when_and_which_notice():
    user = factories.participant()
    assert not user.has_consented
    user_record_consent(user=user, version="2026-11")
    user.refresh_from_db()
    assert user.has_consented
    assert user.consent_version == "2026-11"


def test_display_name_falls_back_to_email_then_username():
    assert User(full_name="Grace Baptiste").display_name == "Grace Baptiste"
    assert User(email="g@example.org").display_name == "g@example.org"
    assert User(username="grace-b").display_name == "grace-b"


def test_sign_in_with_email_in_any_case(client, home_page):
    factories.participant(email="kerline@example.org", password="a-long-passphrase")
    response = client.post(
        "/account/sign-in/",
        {"username": "KERLINE@example.org", "password": "a-long-passphrase"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_sign_in_with_username_for_people_without_email(client, home_page):
    user = User.objects.create_user(email=None, username="walkin-7", full_name="W")
    user.set_password("a-long-passphrase")
    user.save()
    response = client.post(
        "/account/sign-in/", {"username": "walkin-7", "password": "a-long-passphrase"}
    )
    assert response.status_code == 302


def test_wrong_password_shows_a_plain_message(client, home_page):
    factories.participant(email="kerline@example.org", password="a-long-passphrase")
    response = client.post(
        "/account/sign-in/", {"username": "kerline@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(client, home_page):
    user = factories.participant()
    client.force_login(user)
    assert client.get("/account/sign-out/").status_code == 405
    response = client.post("/account/sign-out/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_administrators_hold_every_harbour_apps_permissions_after_migrating():
    group = Group.objects.get(name="Administrators")
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert {"lms", "courses", "assessments", "cohorts", "certificates"} <= labels
