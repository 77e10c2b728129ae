"""Sign-in form with the product's wording."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Email (or username for people without email) and password."""

    username = forms.CharField(
        label=_("Email or username"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "That email or username and password do not match an account. "
            "Check them and try again."
        ),
        "inactive": _("This account is not active. Ask your facilitator."),
    }
