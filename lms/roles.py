"""Harbour's three roles are Django groups; this module names them once."""

from django.contrib.auth.models import Group

PARTICIPANTS = "Participants"
FACILITATORS = "Facilitators"
ADMINISTRATORS = "Administrators"
ALL_ROLES = (PARTICIPANTS, FACILITATORS, ADMINISTRATORS)


def user_has_role(user, role: str) -> bool:
    """True when a signed-in user belongs to the role's group (superusers hold every role)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_harbour_roles", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._harbour_roles = cache
    return role in cache


def is_participant(user) -> bool:
    """True for members of the Participants group."""
    return user_has_role(user, PARTICIPANTS) and not user.is_superuser


def is_facilitator(user) -> bool:
    """True for members of the Facilitators group (and superusers)."""
    return user_has_role(user, FACILITATORS)


def is_administrator(user) -> bool:
    """True for members of the Administrators group (and superusers)."""
    return user_has_role(user, ADMINISTRATORS)


def role_group(role: str) -> Group:
    """The Group for a role; the data migration creates all three."""
    return Group.objects.get(name=role)
