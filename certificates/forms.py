"""Forms of the certificates app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CertificateTemplate


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="Verification code",
        max_length=10_000,
        help_text="As printed under the QR code, for example ABCD-EFGH-JKMN-PQRS-TUVW. "
        "Capitals, spaces and dashes do not matter.",
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
        label="Certificate template",
        queryset=CertificateTemplate.objects.order_by("name", "pk"),
        empty_label=None,
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason for revoking",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Kept in the audit trail. Not shown on the public verification page.",
    )


class ReissueForm(forms.Form):
    participant_name = forms.CharField(
        label="Name to print",
        max_length=200,
        help_text="Correct the spelling here; the old certificate is revoked and "
        "keeps its code, the new one gets a new code.",
    )
    reason = forms.CharField(
        label="Reason for re-issuing",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


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
