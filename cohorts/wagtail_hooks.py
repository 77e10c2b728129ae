"""The Wagtail admin for cohorts: administrators create cohorts, add sessions and
assign facilitators; facilitators run them in the facilitator area of the site."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from assessments.hooks import ATTEMPT_COHORT_HOOK
from courses.hooks import FACILITATOR_COURSES_HOOK, PARTICIPANT_COURSES_HOOK
from lms import roles
from lms.hooks import ERASE_HOOK, PERSONAL_DATA_HOOK, RETENTION_DUE_HOOK

from . import selectors, services
from .models import Cohort, ExportLog


class CohortAdminForm(WagtailAdminModelForm):
    """Only members of the Facilitators group can be assigned as facilitators."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("facilitators")
        if field is not None:
            field.queryset = field.queryset.model.objects.filter(
                groups__name=roles.FACILITATORS
            ).order_by("full_name", "email")
            field.help_text = _(
                "People in the Facilitators group. They run this cohort in the "
                "facilitator area of the site."
            )


class FacilitatorAreaColumn(Column):
    """A link from the admin list to the cohort's dashboard and roster import."""

    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("cohorts:dashboard", args=[instance.pk]),
            gettext("Dashboard"),
            reverse("cohorts:roster_import", args=[instance.pk]),
            gettext("Import roster"),
        )


class CohortViewSet(ModelViewSet):
    """Cohorts, their sessions, facilitators and certificate rules."""

    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    menu_order = 210
    copy_view_enabled = False
    list_display = [
        "name",
        "course",
        "start_date",
        "city",
        Column(
            "current_status",
            label=_("Status"),
            accessor=lambda cohort: cohort.current_status.label,
        ),
        FacilitatorAreaColumn("facilitator_area", label=_("Facilitator area")),
    ]
    list_filter = ["country", "language"]
    search_fields = ["name", "city", "venue"]
    ordering = ["-start_date", "name"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("course"),
                FieldPanel("name"),
                FieldPanel("language"),
                FieldPanel("capacity"),
            ],
            heading=_("The training"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("facilitators", widget=forms.CheckboxSelectMultiple),
        InlinePanel("sessions", heading=_("Sessions"), label=_("Session")),
        MultiFieldPanel(
            [
                FieldPanel("min_attendance_percent"),
                FieldPanel("require_post_test_pass"),
                FieldPanel("require_all_modules"),
            ],
            heading=_("Certificate eligibility"),
        ),
    ]

    def get_form_class(self, for_update=False):
        return self._edit_handler.get_form_class()

    @property
    def _edit_handler(self):
        handler = super()._edit_handler
        handler.base_form_class = CohortAdminForm
        return handler


class ExportLogPolicy(ModelPermissionPolicy):
    """The export log can be read, never written or deleted."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, "view") or super().user_has_permission(
            user, "change"
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


class ExportLogViewSet(ModelViewSet):
    """Who exported which cohort's data, and when."""

    model = ExportLog
    icon = "download"
    menu_label = _("Export log")
    copy_view_enabled = False
    list_display = [
        "exported_at",
        "cohort_name",
        "kind",
        "file_format",
        "exported_by",
        "row_count",
    ]
    list_filter = ["kind", "file_format"]
    search_fields = ["cohort_name"]
    form_fields = []


class CohortsGroup(ViewSetGroup):
    menu_label = _("Cohorts")
    menu_icon = "group"
    menu_order = 210
    items = (CohortViewSet("cohort_admin"), ExportLogViewSet("cohort_export_log"))


register_permission_policy(ExportLog, ExportLogPolicy(ExportLog))


@hooks.register("register_admin_viewset")
def register_cohort_viewsets():
    return CohortsGroup()


hooks.register(PERSONAL_DATA_HOOK, selectors.personal_data_for)
hooks.register(ERASE_HOOK, services.personal_data_erase)
hooks.register(RETENTION_DUE_HOOK, selectors.participants_due_for_retention)


# courses and assessments ask cohorts through these (docs/decisions/0007).
hooks.register(PARTICIPANT_COURSES_HOOK, selectors.participant_course_ids)
hooks.register(FACILITATOR_COURSES_HOOK, selectors.facilitator_course_ids)
hooks.register(ATTEMPT_COHORT_HOOK, selectors.cohort_for_participant)
