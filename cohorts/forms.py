"""Forms of the facilitator area and of the public join and check-in pages."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.choices import Country, OrganisationType, Sex
from lms.text import clean_person_name, normalise_email

from .importing import MAX_FILE_BYTES, column_letter
from .models import Enrolment
from .resources import FIELD_LABELS, FIELDS, IGNORE


class RosterUploadForm(forms.Form):
    """A roster file to preview."""

    file = forms.FileField(
        label=_("Roster file (.csv or .xlsx, at most 2 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size).1f MB; the limit is 2 MB. Split it into smaller files."
                ),
                params={"size": upload.size / 1024 / 1024},
            )
        return upload


class RosterColumnsForm(forms.Form):
    """Which Harbour field each column of an uploaded roster holds, or "ignore"."""

    def __init__(self, *args, headers: list[str], mapping: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(IGNORE, _("— ignore this column —"))] + [
            (key, FIELD_LABELS[key]) for key in FIELDS
        ]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=_("Column %(letter)s: %(header)s")
                % {
                    "letter": column_letter(index),
                    "header": header or _("(no header)"),
                },
                choices=choices,
                required=False,
                initial=mapping[index] if index < len(mapping) else IGNORE,
            )

    def mapping(self) -> list[str]:
        """The chosen field of each column, in the file's order."""
        return [
            self.cleaned_data.get(f"column_{index}") or IGNORE
            for index in range(len(self.headers))
        ]


class WalkInForm(forms.Form):
    """Someone in the room who is not on the roster."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", "—")] + list(OrganisationType.choices),
        required=False,
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "—")] + list(Sex.choices), required=False
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", "—")] + list(Country.choices), required=False
    )

    def clean_full_name(self):
        name = clean_person_name(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(_("A name is needed."))
        if "<" in name or ">" in name:
            raise forms.ValidationError(_("A name cannot contain < or >."))
        return name

    def clean_organisation(self):
        return clean_person_name(self.cleaned_data["organisation"])


class EnrolledPersonChoiceField(forms.ModelChoiceField):
    """A person of this cohort, shown by name, organisation and email."""

    def label_from_instance(self, obj):
        person = obj.participant
        details = [d for d in (person.organisation, person.email) if d]
        if details:
            return f"{person.display_name} ({', '.join(details)})"
        return person.display_name


class MergeForm(forms.Form):
    """The enrolment of this cohort that a walk-in record belongs to."""

    into = EnrolledPersonChoiceField(
        label=_("The participant this walk-in really is"),
        queryset=None,
        empty_label=_("Choose a person enrolled in this cohort"),
        help_text=_(
            "Only people enrolled in this cohort are listed. The walk-in's "
            "attendance moves to them, and the walk-in record is then closed."
        ),
        error_messages={
            "invalid_choice": _(
                "Choose a person from the list: only people enrolled in this "
                "cohort can be chosen."
            ),
            "required": _("Choose the person this walk-in really is."),
        },
    )

    def __init__(self, *args, cohort, walk_in, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Enrolment.objects.active()
            .filter(cohort=cohort)
            .exclude(pk=walk_in.pk)
            .exclude(participant_id=walk_in.participant_id)
            .select_related("participant")
            .order_by("participant__full_name", "pk")
        )


class JoinForm(forms.Form):
    """A participant sets up their sign-in with a join code."""

    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("The code on the slip your facilitator gave you, e.g. KX7F-M3QA."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        help_text=_("Sign in with it later. Leave empty if you have none."),
    )
    username = forms.CharField(
        label=_("Username (if you have no email)"),
        max_length=150,
        required=False,
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "autocomplete": "username"}
        ),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that Harbour keeps my name, "
            "organisation, attendance and results for this training."
        ),
        error_messages={
            "required": _("Tick the box to agree, or ask your facilitator.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            gettext(
                "In short: your facilitators and Harbour's administrators see your "
                "name, organisation, attendance and results; nobody else does. Read "
                'the <a href="{url}">privacy notice</a> (version {version}).'
            ),
            url=reverse("privacy"),
            version=settings.PRIVACY_NOTICE_VERSION,
        )

    def clean_email(self):
        return normalise_email(self.cleaned_data.get("email"))

    def clean(self):
        data = super().clean()
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("The two passwords are not the same."))
        # Whether a username or email is needed depends on the account the code
        # belongs to (one it already has is kept): the redeeming service decides.
        return data


class CheckInForm(forms.Form):
    """The code projected in the room."""

    code = forms.CharField(
        label=_("Check-in code"),
        max_length=12,
        help_text=_("The six digits on the screen in the room."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 ]*"}
        ),
    )
