"""URLs of the cohorts app: the facilitator area, joining and checking in."""

from django.urls import path
from wagtail import hooks

from . import views
from .hooks import FACILITATOR_URLS_HOOK

app_name = "cohorts"

cohort = "facilitator/cohorts/<int:pk>/"
session = cohort + "sessions/<int:session_pk>/"

urlpatterns = [
    path("facilitator/", views.facilitator_home, name="facilitator_home"),
    path(session + "attendance/", views.attendance_view, name="attendance"),
    path(
        session + "attendance/mark-all/",
        views.attendance_mark_all,
        name="attendance_mark_all",
    ),
    path(
        session + "attendance/undo/",
        views.attendance_undo_mark_all,
        name="attendance_undo_mark_all",
    ),
    path(session + "history/", views.attendance_history, name="attendance_history"),
    path(session + "paper-sheet/", views.paper_sheet, name="paper_sheet"),
    path(session + "sign-in-sheet.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    path(session + "check-in-code/", views.check_in_display, name="check_in_display"),
    path(cohort + "roster/import/", views.roster_import, name="roster_import"),
    path(
        cohort + "roster/import/<uuid:preview>/columns/",
        views.roster_import_columns,
        name="roster_import_columns",
    ),
    path(
        cohort + "roster/import/<uuid:preview>/",
        views.roster_import_preview,
        name="roster_import_preview",
    ),
    path(
        cohort + "roster/import/confirm/",
        views.roster_import_confirm,
        name="roster_import_confirm",
    ),
    path(
        cohort + "roster/template.<str:file_format>",
        views.roster_template,
        name="roster_template",
    ),
    path(cohort + "walk-ins/add/", views.walk_in_add, name="walk_in_add"),
    path(
        cohort + "enrolments/<int:enrolment_pk>/merge/",
        views.enrolment_merge,
        name="enrolment_merge",
    ),
    path(
        cohort + "enrolments/<int:enrolment_pk>/status/",
        views.enrolment_status,
        name="enrolment_status",
    ),
    path(cohort + "join-codes/", views.join_codes, name="join_codes"),
    path(
        cohort + "join-codes/<int:code_pk>/withdraw/",
        views.join_code_withdraw,
        name="join_code_withdraw",
    ),
    path("join/", views.join, name="join"),
    path("check-in/", views.check_in, name="check_in"),
    path("check-in/<int:session_pk>/", views.check_in, name="check_in_session"),
]

# The cohort dashboard and its exports ("dashboard", "export") compose every
# app's selectors, so the reports app above serves them (docs/decisions/0007).
for register in hooks.get_hooks(FACILITATOR_URLS_HOOK):
    urlpatterns += register()
