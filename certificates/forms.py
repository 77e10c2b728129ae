"""Forms of the certificates app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CertificateTemplate


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=10_000,
        help_text=_(
            "As printed under the QR code, for example ABCD-EFGH-JKMN-PQRS-TUVW. "
            "Capitals, spaces and dashes do not matter."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )


class IssueForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Certificate template"),
        queryset=CertificateTemplate.objects.order_by("name", "pk"),
        empty_label=None,
    )


REASON_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 200


REASON_MESSAGES = {
    "required": _("Give a reason: it is kept in the audit trail."),
    "max_length": _(
        "The reason is %(show_value)d characters long; keep it to "
        "%(limit_value)d or fewer. Nothing was changed."
    ),
}
NAME_MESSAGES = {
    "required": _("Give the name to print on the new certificate."),
    "max_length": _(
        "The name is %(show_value)d characters long; keep it to "
        "%(limit_value)d or fewer. Nothing was changed."
    ),
}


class RevokeForm(forms.Form):
    """The reason for revoking a certificate, and whether the revoking is confirmed."""

    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "Kept in the audit trail. Not shown on the public verification page."
        ),
        error_messages=REASON_MESSAGES,
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReissueForm(forms.Form):
    """The corrected name and the reason for re-issuing, and the confirmation."""

    participant_name = forms.CharField(
        label=_("Name to print"),
        max_length=NAME_MAX_LENGTH,
        help_text=_(
            "Correct the spelling here; the old certificate is revoked and "
            "keeps its code, the new one gets a new code."
        ),
        error_messages=NAME_MESSAGES,
    )
    reason = forms.CharField(
        label=_("Reason for re-issuing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        error_messages=REASON_MESSAGES,
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CredentialUploadForm(forms.Form):
    """A certificate PDF or its credential (JSON), to check it is genuine and unaltered."""

    file = forms.FileField(
        label=_("Certificate PDF or credential file"),
        help_text=_(
            "The PDF you were given, or the credential.json file. It is checked "
            "and not kept. At most 5 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,.pdf,application/json,.json,.jsonld"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than 5 MB: it is not a certificate.")
            )
        return upload


class SuspensionForm(forms.Form):
    """Why a certificate is suspended, or why its suspension is lifted."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("Kept in the certificate's audit trail."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _("Keep the reason under %(limit_value)d characters."),
            "required": _("Give a reason: it is kept in the audit trail."),
        },
    )
