"""An administrator erases a participant: personal fields go everywhere, anonymous
statistics stay, sessions and join codes end, files holding the name go."""

import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse

from assessments.models import Attempt
from certificates.models import Certificate, CohortCertificateBundle
from cohorts.models import Attendance, AttendanceChange, JoinCode
from lms import services
from lms.exceptions import AlreadyErased, ErasureOfStaffRefused
from lms.selectors import user_is_erased
from tests import factories
from tests.lms import world as w

User = get_user_model()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(home_page):
    return w.build(home_page)


def _erase(client, world, **data):
    client.force_login(world.administrator)
    return client.post(
        reverse("lms_erase", args=[world.participant.pk]), {"confirm": "on", **data}
    )


def _erase_and_commit(client, world):
    """Erase, running the on-commit file deletions (tests run in a transaction)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _erase(client, world)
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_confirmation_page_says_what_goes_and_what_stays(client, world):
    client.force_login(world.administrator)
    response = client.get(reverse("lms_erase", args=[world.participant.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Erase Marisol Quintero-Baptiste" in page
    assert "marisol@example.org" in page
    assert "stay as anonymous statistics" in page
    assert 'name="confirm"' in page


@pytest.mark.django_db
def test_without_the_confirmation_nothing_is_erased(client, world):
    client.force_login(world.administrator)
    response = client.post(reverse("lms_erase", args=[world.participant.pk]), {})
    assert response.status_code == 400
    assert "Tick the box to confirm the erasure." in response.content.decode()
    world.participant.refresh_from_db()
    assert world.participant.full_name == "Marisol Quintero-Baptiste"


@pytest.mark.django_db
def test_erasure_removes_every_personal_field(client, world):
    response = _erase(client, world)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:index")
    page = client.get(response["Location"]).content.decode()
    assert "Marisol Quintero-Baptiste&#x27;s personal details were erased." in page

    person = User.objects.get(pk=world.participant.pk)
    assert user_is_erased(person)
    assert person.username.startswith("erased-")
    assert person.email is None
    assert person.full_name == person.first_name == person.last_name == ""
    assert person.organisation == person.position == ""
    assert person.sex == person.country == ""
    assert person.consent_at is None and person.consent_version == ""
    assert not person.is_active
    assert not person.has_usable_password()
    assert "Marisol" not in str(person)


@pytest.mark.django_db
def test_attempts_and_attendance_stay_as_anonymous_statistics(client, world):
    before = (
        Attempt.objects.filter(participant=world.participant).count(),
        Attendance.objects.filter(enrolment=world.enrolment).count(),
        AttendanceChange.objects.filter(attendance__enrolment=world.enrolment).count(),
    )
    _erase(client, world)
    attempt = Attempt.objects.get(pk=world.attempt.pk)
    assert attempt.percent == 75 and attempt.passed is True
    assert attempt.participant_id == world.participant.pk
    after = (
        Attempt.objects.filter(participant=world.participant).count(),
        Attendance.objects.filter(enrolment=world.enrolment).count(),
        AttendanceChange.objects.filter(attendance__enrolment=world.enrolment).count(),
    )
    assert after == before == (1, 4, 1)


@pytest.mark.django_db
def test_certificate_loses_the_name_and_its_pdf(client, world):
    cert = Certificate.objects.get(enrolment=world.enrolment)
    pdf_name = cert.pdf.name
    assert default_storage.exists(pdf_name)
    _erase_and_commit(client, world)
    cert.refresh_from_db()
    assert cert.participant_name == ""
    assert cert.pdf.name == ""
    assert not default_storage.exists(pdf_name)
    # The code, the course and the fingerprint stay.
    assert len(cert.code) == 20 and len(cert.sha256) == 64
    other = Certificate.objects.get(enrolment=world.other_enrolment)
    assert other.participant_name == "Theodora Elsewhere"
    assert default_storage.exists(other.pdf.name)


@pytest.mark.django_db
def test_the_cohort_bundle_is_rebuilt_without_them(client, world):
    old = CohortCertificateBundle.objects.get(cohort=world.cohort)
    assert old.certificate_count == 2
    old_files = (old.merged_pdf.name, old.zip_file.name)
    _erase_and_commit(client, world)
    bundle = CohortCertificateBundle.objects.get(cohort=world.cohort)
    assert bundle.certificate_count == 1
    for name in old_files:
        assert not default_storage.exists(name)
    with default_storage.open(bundle.zip_file.name, "rb") as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert len(names) == 1
    assert not any("marisol" in n.lower() for n in names)
    with default_storage.open(bundle.merged_pdf.name, "rb") as handle:
        assert b"Marisol" not in handle.read()


@pytest.mark.django_db
def test_verify_says_the_holder_was_erased_and_shows_no_name(client, world):
    cert = Certificate.objects.get(enrolment=world.enrolment)
    _erase(client, world)
    client.logout()
    response = client.get(reverse("certificates:verify_code", args=[cert.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Issued, holder's details erased" in page
    assert "Erased at the holder's request" in page
    assert "Marisol" not in page
    assert cert.course_title in page
    assert cert.display_code in page


@pytest.mark.django_db
def test_join_codes_and_sessions_end(client, world):
    participant_client = client.__class__()
    participant_client.force_login(world.participant)
    assert participant_client.get(reverse("account")).status_code == 200
    _erase(client, world)
    assert JoinCode.objects.get(enrolment=world.enrolment).revoked_at is not None
    response = participant_client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    signed_in = participant_client.login(
        username="marisol@example.org", password="pw-for-tests-1"
    )
    assert signed_in is False


@pytest.mark.django_db
def test_my_data_of_an_erased_person_holds_no_personal_field(world):
    from lms.selectors import personal_data_for

    services.user_erase(user=world.participant, erased_by=world.administrator)
    data = personal_data_for(User.objects.get(pk=world.participant.pk))
    assert "Marisol" not in str(data)
    assert "marisol@example.org" not in str(data)
    assert data["attempts"][0]["percent"] == "75.00"


@pytest.mark.django_db
def test_others_are_untouched(client, world):
    _erase(client, world)
    for person in (world.other_participant, world.classmate):
        fresh = User.objects.get(pk=person.pk)
        assert fresh.full_name == person.full_name
        assert fresh.email == person.email
        assert fresh.is_active


@pytest.mark.django_db
def test_staff_and_the_already_erased_are_refused(client, world):
    with pytest.raises(ErasureOfStaffRefused):
        services.user_erase(user=world.facilitator)
    services.user_erase(user=world.participant)
    with pytest.raises(AlreadyErased):
        services.user_erase(user=world.participant)
    client.force_login(world.administrator)
    response = client.post(
        reverse("lms_erase", args=[world.facilitator.pk]),
        {"confirm": "on"},
        follow=True,
    )
    assert "Facilitators and administrators are not erased here" in (
        response.content.decode()
    )
    assert User.objects.get(pk=world.facilitator.pk).full_name == "Fatima Facilitator"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["participant", "facilitator", "other_facilitator"])
def test_only_administrators_may_erase(client, world, who):
    client.force_login(getattr(world, who))
    url = reverse("lms_erase", args=[world.classmate.pk])
    for response in (client.get(url), client.post(url, {"confirm": "on"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert User.objects.get(pk=world.classmate.pk).full_name == "Kwame Classmate"


@pytest.mark.django_db
def test_an_unknown_person_is_a_404(client, world):
    client.force_login(world.administrator)
    assert client.get(reverse("lms_erase", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_the_user_list_offers_erasure(client, world):
    client.force_login(world.administrator)
    page = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert reverse("lms_erase", args=[world.participant.pk]) in page
    assert "Erase personal details" in page


@pytest.mark.django_db
def test_deleting_an_enrolled_participant_points_to_erasure(client, world):
    client.force_login(world.administrator)
    url = reverse("wagtailusers_users:delete", args=[world.participant.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == reverse("lms_erase", args=[world.participant.pk])
    page = client.get(response["Location"]).content.decode()
    assert "cannot be deleted" in page and "Erase their personal details" in page
    assert User.objects.filter(pk=world.participant.pk).exists()


@pytest.mark.django_db
def test_bulk_deleting_an_enrolled_participant_points_to_erasure(client, world):
    client.force_login(world.administrator)
    url = (
        reverse("wagtail_bulk_action", args=("lms", "user", "delete"))
        + f"?id={world.participant.pk}"
    )
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("lms_erase", args=[world.participant.pk])
    assert User.objects.filter(pk=world.participant.pk).exists()


@pytest.mark.django_db
def test_a_user_without_records_can_still_be_deleted(client, world):
    nobody = factories.participant(full_name="Never Enrolled")
    client.force_login(world.administrator)
    response = client.post(reverse("wagtailusers_users:delete", args=[nobody.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:index")
    assert not User.objects.filter(pk=nobody.pk).exists()


@pytest.mark.django_db
def test_roster_files_waiting_in_their_cohort_are_deleted(client, world):
    from cohorts.models import RosterPreview

    preview = RosterPreview(
        cohort=world.cohort,
        owner=world.facilitator,
        original_name="roster.csv",
        sha256="0" * 64,
    )
    preview.file.save(
        "roster.csv", ContentFile(b"full_name\nMarisol Quintero-Baptiste\n")
    )
    elsewhere = RosterPreview(
        cohort=world.other_cohort,
        owner=world.other_facilitator,
        original_name="roster.csv",
        sha256="0" * 64,
    )
    elsewhere.file.save("roster.csv", ContentFile(b"full_name\nTheodora\n"))
    name = preview.file.name
    _erase_and_commit(client, world)
    assert not RosterPreview.objects.filter(pk=preview.pk).exists()
    assert not default_storage.exists(name)
    assert RosterPreview.objects.filter(pk=elsewhere.pk).exists()
    assert default_storage.exists(elsewhere.file.name)


@pytest.mark.django_db
def test_an_admin_user_who_is_not_an_administrator_is_refused(client, world):
    from django.contrib.auth.models import Permission

    editor = factories.facilitator(full_name="Eddie Editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    url = reverse("lms_erase", args=[world.classmate.pk])
    # The admin answers a refused page by going back to its dashboard.
    for response in (client.get(url), client.post(url, {"confirm": "on"})):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert User.objects.get(pk=world.classmate.pk).full_name == "Kwame Classmate"
