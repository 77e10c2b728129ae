"""Sign-in by email (any case) or, for people without email, by username."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """Authenticate with an email address or a username and a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = (username or kwargs.get("email") or "").strip()
        if not identifier or password is None:
            return None
        User = get_user_model()
        field = "email__iexact" if "@" in identifier else "username__iexact"
        user = User.objects.filter(**{field: identifier}).first()
        if user is None:
            # Spend the same time as a real check, so timing reveals no accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
