"""Facilitator home: the cohorts this person runs.

The cohort dashboard and its exports are served by the reports app (they
compose every app's selectors); cohorts keeps their URL names.
"""

from django.db.models import Count, Q
from django.shortcuts import render

from ..models import Cohort, EnrolmentStatus
from .common import facilitator_area


@facilitator_area
def facilitator_home(request):
    """The cohorts this person runs."""
    cohorts = (
        Cohort.objects.for_facilitator(request.user)
        .select_related("course")
        .annotate(
            enrolled=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)
            )
        )
        .order_by("-start_date", "name")
    )
    return render(request, "cohorts/facilitator_home.html", {"cohorts": cohorts})
