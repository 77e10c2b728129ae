"""Sign-in form with the product's wording, and the Wagtail admin's user forms
with the person's organisation."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .choices import OrganisationType


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


ORGANISATION_FIELDS = ("organisation", "organisation_type", "government_sector")


class OrganisationFieldsMixin:
    """The organisation a person works for, as the donor reports break it down.

    The government sector belongs to officials only: it is refused for any other
    type of organisation, so the reports never count an NGO under "Police".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["government_sector"].help_text = _(
            "Only for officials of a government organisation: the part of "
            "government they work in."
        )

    def clean(self):
        cleaned = super().clean()
        sector = cleaned.get("government_sector")
        if sector and cleaned.get("organisation_type") != OrganisationType.GOVERNMENT:
            self.add_error(
                "government_sector",
                _(
                    "A government sector is only for people whose organisation "
                    "type is Government. Choose Government, or leave the sector "
                    "empty."
                ),
            )
        return cleaned


class HarbourUserCreationForm(OrganisationFieldsMixin, UserCreationForm):
    """Wagtail's new-user form with the person's organisation."""

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(ORGANISATION_FIELDS)


class HarbourUserEditForm(OrganisationFieldsMixin, UserEditForm):
    """Wagtail's user form with the person's organisation."""

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(ORGANISATION_FIELDS)
