"""What every facilitator view shares: the role check and object lookups.

Every facilitator view finds its cohort through Cohort.objects.for_facilitator,
so another facilitator's cohort is a 404; every change is a POST with CSRF, and
the person recorded as having made it is always request.user.
"""

from django.shortcuts import get_object_or_404

from lms.access import facilitator_area  # noqa: F401  (the area's decorator)

from ..models import (
    Cohort,
    Enrolment,
    TrainingSession,
)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cohort(request, pk: int) -> Cohort:
    return get_object_or_404(
        Cohort.objects.for_facilitator(request.user).select_related("course"), pk=pk
    )


def _session(cohort: Cohort, session_pk: int) -> TrainingSession:
    return get_object_or_404(TrainingSession, pk=session_pk, cohort=cohort)


def _enrolment(cohort: Cohort, enrolment_pk: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("participant"), pk=enrolment_pk, cohort=cohort
    )
