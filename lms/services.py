"""Writes owned by the lms app: users, roles and the site's home page."""

import calendar
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import date

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from . import roles
from .exceptions import AlreadyErased, ErasureOfStaffRefused
from .hooks import ERASE_HOOK
from .selectors import ERASED_USERNAME_PREFIX, retention_due, user_is_erased
from .text import clean_person_name, normalise_email

logger = logging.getLogger(__name__)

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


def user_build(
    *,
    email: str | None = None,
    full_name: str = "",
    role: str = roles.PARTICIPANTS,
    validate: bool = True,
    **profile,
):
    """An unsaved user with a clean name and email, its profile fields validated.

    Uniqueness is left to the caller (user_create checks it for one person, a
    bulk import for all of its rows at once) and to the database's constraints.
    ``validate=False`` is for callers that validated every value already (the
    roster import's resource does, cell by cell, with the line and column).
    """
    User = get_user_model()
    user = User(
        email=normalise_email(email) or None,
        full_name=clean_person_name(full_name),
        **profile,
    )
    if role == roles.ADMINISTRATORS:
        user.is_staff = True
    if validate:
        checked = {"email", "full_name", *profile}
        user.clean_fields(
            exclude=[f.name for f in User._meta.fields if f.name not in checked]
        )
    # What set_unusable_password() stores, from one call to the system's random
    # source rather than forty (it adds up over a 5,000-row roster).
    user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
    return user


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
    user = user_build(email=email, full_name=full_name, role=role, **profile)
    user.full_clean(exclude=["password"])
    if password:
        user.set_password(password)
    user.save()
    user.groups.add(roles.role_group(role))
    return user


def user_create_many(*, users: list, role: str = roles.PARTICIPANTS) -> list:
    """Save users made by user_build in bulk, each in the role's group.

    A handful of queries whatever the number of users; the caller wraps it in
    a transaction and has checked that their emails are free.
    """
    User = get_user_model()
    created = User.objects.bulk_create(users)
    group = roles.role_group(role)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in created]
    )
    return created


def user_record_consent(*, user, version: str) -> None:
    """Record that the user accepted a version of the privacy notice, and when."""
    user.consent_at = timezone.now()
    user.consent_version = version
    user.save(update_fields=["consent_at", "consent_version"])


# --- erasure ---------------------------------------------------------------------


def _end_sessions(user) -> int:
    """Delete the user's stored sessions, so every device they use is signed out."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _pseudonymise(user) -> None:
    """Replace every personal field of the user with a pseudonym or nothing."""
    user.username = f"{ERASED_USERNAME_PREFIX}{uuid.uuid4().hex[:16]}"
    user.email = None
    user.full_name = ""
    user.first_name = ""
    user.last_name = ""
    user.organisation = ""
    user.position = ""
    user.sex = ""
    user.country = ""
    user.consent_at = None
    user.consent_version = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
def user_erase(*, user, erased_by=None) -> dict[str, int]:
    """Erase a participant's personal data everywhere, keeping anonymous statistics.

    Each app erases its part through ERASE_HOOK (certificates lose the printed name
    and their files, join codes end); then the profile becomes a pseudonym and the
    person's sessions end. Returns counts of what changed.
    """
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user_is_erased(user):
        raise AlreadyErased()
    if (
        user.is_superuser
        or user.is_staff
        or roles.is_facilitator(user)
        or roles.is_administrator(user)
    ):
        raise ErasureOfStaffRefused()
    counts: dict[str, int] = {}
    for fn in hooks.get_hooks(ERASE_HOOK):
        for key, value in fn(user=user).items():
            counts[key] = counts.get(key, 0) + value
    _pseudonymise(user)
    counts["sessions_ended"] = _end_sessions(user)
    logger.info(
        "Erased the personal data of user %s (by %s): %s",
        user.pk,
        getattr(erased_by, "pk", "retention"),
        counts,
    )
    return counts


# --- retention -------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionItem:
    """One participant the retention rule erases (or would, in a dry run)."""

    user_id: int
    name: str
    last_training: str


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def retention_cutoff(*, today: date | None = None, months: int | None = None) -> date:
    """Trainings that ended before this date are past the retention period."""
    today = today or timezone.localdate()
    months = settings.HARBOUR_RETENTION_MONTHS if months is None else months
    return months_before(today, months)


def retention_apply(
    *, today: date | None = None, months: int | None = None, dry_run: bool = False
) -> list[RetentionItem]:
    """Erase, through user_erase, every participant whose last cohort ended more than
    the retention period ago; with dry_run, only say who that would be."""
    cutoff = retention_cutoff(today=today, months=months)
    due = retention_due(ended_before=cutoff)
    people = get_user_model().objects.in_bulk(list(due))
    items = [
        RetentionItem(user_id=pk, name=people[pk].display_name, last_training=note)
        for pk, note in sorted(due.items())
        if pk in people
    ]
    if not dry_run:
        for item in items:
            user_erase(user=people[item.user_id])
    return items
