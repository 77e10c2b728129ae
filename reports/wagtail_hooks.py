"""Reports in the Wagtail admin menu, and the facilitator pages reports serves."""

from django.urls import path
from wagtail import hooks

from cohorts.hooks import FACILITATOR_URLS_HOOK

from . import views

cohort = "facilitator/cohorts/<int:pk>/"


@hooks.register(FACILITATOR_URLS_HOOK)
def facilitator_urls():
    """The cohort dashboard and its exports keep their names in the cohorts namespace."""
    return [
        path(cohort, views.cohort_dashboard_view, name="dashboard"),
        path(cohort + "export/", views.cohort_export, name="export"),
    ]
