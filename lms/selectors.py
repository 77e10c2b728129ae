"""Reads owned by the lms app: a person's own data, composed from every app."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail import hooks

from . import roles
from .hooks import PERSONAL_DATA_HOOK, RETENTION_DUE_HOOK

# Erased people keep their row (their attempts and attendance stay as anonymous
# statistics) under a username that starts with this.
ERASED_USERNAME_PREFIX = "erased-"
PERSONAL_DATA_FORMAT = "harbour-personal-data/1"


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def user_is_erased(user) -> bool:
    """True for a person whose details were erased (at their request or by retention)."""
    return bool(
        user.username
        and user.username.startswith(ERASED_USERNAME_PREFIX)
        and not user.email
    )


def profile_for(user) -> dict:
    """The profile fields Harbour holds about the user, and their consent."""
    return {
        "profile": {
            "id": user.pk,
            "email": user.email,
            "username": user.username,
            "full_name": user.full_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "organisation": user.organisation,
            "organisation_type": user.organisation_type,
            "position": user.position,
            "sex": user.sex,
            "country": user.country,
            "preferred_language": user.preferred_language,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "consents": [
            {
                "privacy_notice_version": user.consent_version,
                "given_at": _iso(user.consent_at),
            }
        ]
        if user.consent_at
        else [],
    }


def personal_data_for(user) -> dict:
    """Everything Harbour holds about the user, as JSON-ready data: the profile
    here, and each app's part through PERSONAL_DATA_HOOK."""
    data: dict = {
        "format": PERSONAL_DATA_FORMAT,
        "exported_at": timezone.now().isoformat(),
    }
    data.update(profile_for(user))
    for fn in hooks.get_hooks(PERSONAL_DATA_HOOK):
        part = fn(user)
        for key, value in part.items():
            if key in data:
                raise ValueError(f"Two apps export the section {key!r}.")
            data[key] = value
    return data


def retention_due(*, ended_before: date) -> dict[int, str]:
    """Participants whose every training ended before the date and who are not yet
    erased, by id, with a note on their last training."""
    due: dict[int, str] = {}
    for fn in hooks.get_hooks(RETENTION_DUE_HOOK):
        due.update(fn(ended_before=ended_before))
    if not due:
        return due
    keep = set(
        get_user_model()
        .objects.filter(pk__in=due)
        .exclude(username__startswith=ERASED_USERNAME_PREFIX, email__isnull=True)
        .exclude(is_superuser=True)
        .exclude(is_staff=True)
        .exclude(groups__name__in=(roles.FACILITATORS, roles.ADMINISTRATORS))
        .values_list("pk", flat=True)
    )
    return {pk: note for pk, note in due.items() if pk in keep}
