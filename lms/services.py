"""Writes owned by the lms app: users, roles and the site's home page."""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from . import roles

# Apps whose models administrators manage in the Wagtail admin.
ADMINISTERED_APPS = (
    "lms",
    "courses",
    "assessments",
    "cohorts",
    "certificates",
    "wagtailimages",
    "wagtaildocs",
    "wagtailcore",
    "wagtailsnippets",
    "wagtailredirects",
    "wagtailforms",
    "wagtailsearch",
    "wagtailusers",
    "auth",
    "taggit",
)
ROOT_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
)


def roles_grant_after_last_app_migrates(sender=None, **kwargs) -> None:
    """post_migrate handler: complete the Administrators group after the last app.

    Each app's permissions are created by its own post_migrate step, so they
    all exist only once the last app has migrated.
    """
    configs = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if sender is None or sender is not configs[-1]:
        return
    from django.contrib.auth.management import create_permissions

    for config in configs:
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"))
    roles_grant_administrator_permissions()


def roles_grant_administrator_permissions(**kwargs) -> None:
    """Give the Administrators group the admin, the page tree and every Harbour model."""
    try:
        group = Group.objects.get(name=roles.ADMINISTRATORS)
    except Group.DoesNotExist:
        return
    perms = Permission.objects.filter(content_type__app_label__in=ADMINISTERED_APPS)
    group.permissions.add(*perms)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(*access)

    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
    )

    root = Page.get_first_root_node()
    if root is not None:
        for codename in ROOT_PAGE_PERMISSIONS:
            perm = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if perm:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=perm
                )
    collection = Collection.get_first_root_node()
    if collection is not None:
        for perm in Permission.objects.filter(
            content_type__app_label__in=("wagtailimages", "wagtaildocs"),
            codename__regex=r"^(add|change|choose|delete)_",
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=perm
            )


@transaction.atomic
def user_create(
    *,
    email: str | None = None,
    password: str | None = None,
    full_name: str = "",
    role: str = roles.PARTICIPANTS,
    **profile,
):
    """Create a user in one role; validates the fields like a form would."""
    User = get_user_model()
    user = User(email=email, full_name=full_name, **profile)
    if role == roles.ADMINISTRATORS:
        user.is_staff = True
    user.full_clean(exclude=["password"])
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.add(roles.role_group(role))
    return user


def user_record_consent(*, user, version: str) -> None:
    """Record that the user accepted a version of the privacy notice, and when."""
    user.consent_at = timezone.now()
    user.consent_version = version
    user.save(update_fields=["consent_at", "consent_version"])
