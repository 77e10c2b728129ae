"""Reports in the Wagtail admin menu, and the facilitator pages reports serves."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cohorts.hooks import FACILITATOR_URLS_HOOK
from lms import roles

from . import views

cohort = "facilitator/cohorts/<int:pk>/"


@hooks.register(FACILITATOR_URLS_HOOK)
def facilitator_urls():
    """The cohort dashboard and its exports keep their names in the cohorts namespace."""
    return [
        path(cohort, views.cohort_dashboard_view, name="dashboard"),
        path(cohort + "export/", views.cohort_export, name="export"),
    ]


class AdministratorsMenuItem(MenuItem):
    """A menu item only administrators see."""

    def is_shown(self, request):
        return roles.is_administrator(request.user)


@hooks.register("register_admin_menu_item")
def programme_report_menu_item():
    """The programme report, from the admin where administrators work."""
    return AdministratorsMenuItem(
        _("Programme report"),
        reverse("reports:programme"),
        icon_name="table",
        order=900,
    )
