"""URLs of the reports app: the programme report and its exports, cohort reports.

The cohort dashboard and its exports are in the cohorts namespace (see
wagtail_hooks.py), where the facilitator area has always linked them.
"""



app_name = "reports"

urlpatterns = []
