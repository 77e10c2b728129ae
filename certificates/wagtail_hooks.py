"""The Wagtail admin for certificates: templates as snippets (revisions, live
preview) and the administrators' certificate views (revoke, re-issue, audit)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms import roles
from lms.hooks import ERASE_HOOK, PERSONAL_DATA_HOOK

from . import admin_views, selectors, services, suspension_views
from .models import CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    """Certificate templates: wording, logo, signatories and paper, with a live preview."""

    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Certificate templates")
    menu_name = "certificate-templates"
    menu_order = 220
    add_to_admin_menu = True
    list_display = [
        "name",
        "title",
        "language",
        "second_language",
        "page_size",
        "orientation",
        "updated_at",
    ]
    search_fields = ["name", "title"]
    copy_view_enabled = False


register_snippet(CertificateTemplateViewSet)


admin_urls = (
    [
        path("", admin_views.certificate_index, name="index"),
        path("<int:pk>/", admin_views.certificate_detail, name="detail"),
        path("<int:pk>/revoke/", admin_views.certificate_revoke_view, name="revoke"),
        path("<int:pk>/reissue/", admin_views.certificate_reissue_view, name="reissue"),
        path(
            "<int:pk>/suspend/",
            suspension_views.certificate_suspend_view,
            name="suspend",
        ),
        path(
            "<int:pk>/reinstate/",
            suspension_views.certificate_reinstate_view,
            name="reinstate",
        ),
    ],
    "certificates_admin",
)


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [path("issued-certificates/", include(admin_urls))]


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_administrator(request.user)


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return AdministratorMenuItem(
        _("Certificates"),
        reverse("certificates_admin:index"),
        name="issued-certificates",
        icon_name="doc-full",
        order=221,
    )


hooks.register(PERSONAL_DATA_HOOK, selectors.personal_data_for)
hooks.register(ERASE_HOOK, services.personal_data_erase)
