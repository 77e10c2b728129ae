"""Values every page's header and footer need."""

from . import roles


def site_chrome(request):
    """Which areas the signed-in person's role opens to them."""
    user = getattr(request, "user", None)
    return {
        "is_participant": bool(user) and roles.user_has_role(user, roles.PARTICIPANTS),
        "is_facilitator": bool(user) and roles.is_facilitator(user),
        "is_administrator": bool(user) and roles.is_administrator(user),
    }
