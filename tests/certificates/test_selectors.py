"""The two selectors the cohorts dashboard calls."""

import pytest

from certificates import selectors, services
from cohorts.models import EnrolmentStatus
from tests import factories as shared

from . import factories as f

pytestmark = pytest.mark.django_db


def test_eligibility_per_enrolment_with_reasons(cohort):
    full = f.enrol(cohort, attended=4)
    half = f.enrol(cohort, attended=2)
    none = f.enrol(cohort, attended=0)
    result = selectors.eligibility_for_cohort(cohort=cohort)
    assert result[full.pk].eligible
    assert not result[half.pk].eligible
    assert result[half.pk].reasons == ["Attended 2 of 4 sessions (50%); 75% needed"]
    assert result[none.pk].reasons == ["Attended 0 of 4 sessions (0%); 75% needed"]


def test_withdrawn_enrolments_are_left_out(cohort):
    gone = f.enrol(cohort)
    gone.status = EnrolmentStatus.WITHDRAWN
    gone.save()
    assert gone.pk not in selectors.eligibility_for_cohort(cohort=cohort)


def test_post_test_and_modules_rules_give_reasons(cohort, course):
    from courses.models import ModulePage

    for i in range(3):
        course.add_child(instance=ModulePage(title=f"Module {i + 1}", slug=f"m{i + 1}"))
    cohort.require_post_test_pass = True
    cohort.require_all_modules = True
    cohort.save()
    enrolment = f.enrol(cohort)
    reasons = selectors.eligibility_for_cohort(cohort=cohort)[enrolment.pk].reasons
    assert reasons == ["Post-test not passed", "Modules completed: 0 of 3"]


def test_eligibility_queries_do_not_grow(cohort, django_assert_max_num_queries):
    cohort.require_post_test_pass = True
    cohort.require_all_modules = True
    cohort.save()
    for _ in range(3):
        f.enrol(cohort)
    with django_assert_max_num_queries(12) as small:
        selectors.eligibility_for_cohort(cohort=cohort)
    for _ in range(12):
        f.enrol(cohort)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(selectors.eligibility_for_cohort(cohort=cohort)) == 15


def test_certificate_status(cohort, certificate_template, facilitator, administrator):
    issued = f.enrol(cohort)
    revoked_only = f.enrol(cohort)
    nothing = f.enrol(cohort, attended=0)
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    certificate = revoked_only.certificates.get()
    services.certificate_revoke(
        certificate=certificate, revoked_by=administrator, reason="Misspelled name"
    )
    status = selectors.certificate_status_for_cohort(cohort=cohort)
    assert status[issued.pk].status == "issued"
    assert status[issued.pk].code == issued.certificates.get().display_code
    assert status[issued.pk].issued_at is not None
    assert status[revoked_only.pk].status == "revoked"
    assert status[revoked_only.pk].revoked_at is not None
    assert nothing.pk not in status
    assert status.get(nothing.pk, selectors.NO_CERTIFICATE).status == "none"


def test_reissued_certificate_wins_over_revoked(
    cohort, certificate_template, facilitator, administrator
):
    enrolment = f.enrol(cohort)
    services.certificates_issue_for_cohort(cohort=cohort, issued_by=facilitator)
    old = enrolment.certificates.get()
    new = services.certificate_reissue(
        certificate=old, issued_by=administrator, reason="Name corrected"
    )
    status = selectors.certificate_status_for_cohort(cohort=cohort)[enrolment.pk]
    assert status.status == "issued"
    assert status.code == new.display_code


def test_certificate_status_is_one_query(cohort, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.certificate_status_for_cohort(cohort=cohort)


def test_other_cohorts_do_not_leak(cohort, course, certificate_template, facilitator):
    other = f.cohort(course=course, name="Curaçao")
    f.enrol(other, shared.participant())
    services.certificates_issue_for_cohort(cohort=other, issued_by=facilitator)
    assert selectors.certificate_status_for_cohort(cohort=cohort) == {}
