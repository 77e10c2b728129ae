"""URLs of the reports app: the programme report and its exports, cohort reports.

The cohort dashboard and its exports are in the cohorts namespace (see
wagtail_hooks.py), where the facilitator area has always linked them.
"""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.programme_report_view, name="programme"),
    path("reports/programme.xlsx", views.programme_report_xlsx, name="programme_xlsx"),
    path("reports/programme.pdf", views.programme_report_pdf, name="programme_pdf"),
    path(
        "reports/donor-indicator.xlsx",
        views.donor_indicator_xlsx,
        name="donor_xlsx",
    ),
    path(
        "reports/cohorts/<int:pk>/report.pdf",
        views.cohort_report_pdf,
        name="cohort_report_pdf",
    ),
]
