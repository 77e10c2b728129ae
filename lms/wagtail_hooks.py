"""Wagtail admin customisations for the lms app: erasing a participant, and a
refusal (pointing to erasure) where deleting a user would break their records."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import roles
from .admin_views import user_erase_view
from .selectors import user_is_erased


@hooks.register("register_admin_urls")
def register_erase_url():
    return [path("erase/<int:user_id>/", user_erase_view, name="lms_erase")]


@hooks.register("register_user_listing_buttons")
def erase_button(user, request_user):
    """An "Erase personal details" entry in the user list's menu, for administrators."""
    if not roles.is_administrator(request_user) or user_is_erased(user):
        return []
    return [
        Button(
            _("Erase personal details"),
            url=reverse("lms_erase", args=[user.pk]),
            icon_name="bin",
            priority=60,
        )
    ]


def _keeps_records(user) -> bool:
    """True when deleting the user would fail: records that must stay refer to them."""
    collector = Collector(using=router.db_for_write(get_user_model()))
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError):
        return True
    return False


def _refuse(request, user):
    messages.error(
        request,
        _(
            "%(name)s cannot be deleted: their enrolments, attempts or certificates "
            "must be kept. Erase their personal details instead; their records then "
            "stay only as anonymous statistics."
        )
        % {"name": user.display_name},
    )
    return redirect(reverse("lms_erase", args=[user.pk]))


@hooks.register("before_delete_user")
def refuse_deleting_user_with_records(request, user):
    """Deleting an enrolled participant points the administrator to erasure."""
    if _keeps_records(user):
        return _refuse(request, user)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_users_with_records(request, action_type, objects, view):
    """The same rule for the user list's bulk delete."""
    if action_type != "delete":
        return None
    for obj in objects:
        if isinstance(obj, get_user_model()) and _keeps_records(obj):
            return _refuse(request, obj)
    return None


@hooks.register("register_rich_text_features")
def limit_rich_text_link_schemes(features):
    """Links in rich text may use only http, https and mailto.

    Wagtail 8 has no setting for this: its sanitiser (used when the editor's
    content is saved) reads the list `wagtail.whitelist.ALLOWED_URL_SCHEMES`,
    so the list is narrowed in place to HARBOUR_RICH_TEXT_URL_SCHEMES before any
    rich text is converted; a link with another scheme is saved without its href.
    """
    from django.conf import settings
    from wagtail import whitelist

    whitelist.ALLOWED_URL_SCHEMES[:] = settings.HARBOUR_RICH_TEXT_URL_SCHEMES
