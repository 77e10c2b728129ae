"""View decorators for Harbour's roles: who may open the facilitator area and the reports."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import roles


def _requiring(allowed, view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not allowed(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def facilitator_area(view):
    """Signed-in facilitators and administrators only; others are refused."""
    return _requiring(
        lambda user: roles.is_facilitator(user) or roles.is_administrator(user), view
    )


def administrators_only(view):
    """Signed-in administrators only; everyone else is refused."""
    return _requiring(roles.is_administrator, view)
