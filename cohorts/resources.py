"""django-import-export resources: the roster import, and the roster, attendance
and results exports (every exported cell made formula-safe)."""

import tablib
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from lms import roles
from lms.choices import Country, OrganisationType, Sex

from .codes import formula_safe
from .models import Enrolment, EnrolmentSource

User = get_user_model()

# Canonical column names of a roster file, in template order.
COLUMNS = {
    "full_name": "Full name",
    "email": "Email",
    "organisation": "Organisation",
    "organisation_type": "Organisation type",
    "position": "Position",
    "sex": "Sex",
    "country": "Country",
}
REQUIRED_COLUMNS = ("full_name", "organisation")
HEADER_ALIASES = {
    "full name": "full_name",
    "name": "full_name",
    "participant": "full_name",
    "email": "email",
    "e mail": "email",
    "email address": "email",
    "organisation": "organisation",
    "organization": "organisation",
    "agency": "organisation",
    "organisation type": "organisation_type",
    "organization type": "organisation_type",
    "type of organisation": "organisation_type",
    "position": "position",
    "job title": "position",
    "sex": "sex",
    "gender": "sex",
    "country": "country",
}
NAME_MAX = 200


def header_key(header: str) -> str:
    """How a header is compared: lower case, words separated by single spaces."""
    cleaned = header.replace("_", " ").replace("-", " ").replace(".", " ")
    return " ".join(cleaned.lower().split())


def _squash(value) -> str:
    return " ".join(str(value or "").split())


class TextWidget(widgets.Widget):
    """Plain text on one line; refuses angle brackets, which belong in no name."""

    def __init__(self, *, max_length: int = NAME_MAX, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = _squash(value)
        if "<" in text or ">" in text:
            raise ValueError("Remove the < and > characters; they cannot be in a name.")
        if len(text) > self.max_length:
            raise ValueError(
                f"This is {len(text)} characters long; at most {self.max_length} fit."
            )
        return text


class EmailWidget(widgets.Widget):
    """An email address, lower-cased; empty becomes "no email"."""

    def clean(self, value, row=None, **kwargs):
        text = _squash(value).lower()
        if " " in text:
            raise ValueError("An email address cannot contain spaces.")
        return text or None


class ChoiceWidget(widgets.Widget):
    """Accepts a choice by its code or its label, in any case."""

    def __init__(self, choices, noun: str, aliases: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.noun = noun
        self.lookup = {str(k).casefold(): v for k, v in (aliases or {}).items()}
        for value, label in choices:
            self.lookup[str(value).casefold()] = value
            self.lookup[str(label).casefold()] = value
        self.labels = [str(label) for _, label in choices]

    def clean(self, value, row=None, **kwargs):
        text = _squash(value)
        if not text:
            return ""
        try:
            return self.lookup[text.casefold()]
        except KeyError:
            raise ValueError(
                f"This is not a {self.noun} Harbour knows. Use one of: "
                + ", ".join(self.labels[:8])
                + (" …" if len(self.labels) > 8 else "")
                + "."
            ) from None


SEX_ALIASES = {"f": Sex.FEMALE, "m": Sex.MALE, "woman": Sex.FEMALE, "man": Sex.MALE}


def _norm(text) -> str:
    return _squash(text).casefold()


class RosterResource(resources.ModelResource):
    """One roster row is one participant: found by email (any case), else by name and
    organisation within the cohort, else created; then enrolled. Never deletes."""

    full_name = fields.Field(
        attribute="full_name", column_name=COLUMNS["full_name"], widget=TextWidget()
    )
    email = fields.Field(
        attribute="email", column_name=COLUMNS["email"], widget=EmailWidget()
    )
    organisation = fields.Field(
        attribute="organisation",
        column_name=COLUMNS["organisation"],
        widget=TextWidget(),
    )
    organisation_type = fields.Field(
        attribute="organisation_type",
        column_name=COLUMNS["organisation_type"],
        widget=ChoiceWidget(OrganisationType.choices, "type of organisation"),
    )
    position = fields.Field(
        attribute="position", column_name=COLUMNS["position"], widget=TextWidget()
    )
    sex = fields.Field(
        attribute="sex",
        column_name=COLUMNS["sex"],
        widget=ChoiceWidget(Sex.choices, "value for sex", aliases=SEX_ALIASES),
    )
    country = fields.Field(
        attribute="country",
        column_name=COLUMNS["country"],
        widget=ChoiceWidget(Country.choices, "country"),
    )

    class Meta:
        model = User
        fields = tuple(COLUMNS)
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        skip_html_diff = True

    def __init__(self, *, cohort, lines: list[int] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.cohort = cohort
        self.lines = lines or []
        self.enrolled_ids = set(
            Enrolment.objects.filter(cohort=cohort).values_list(
                "participant_id", flat=True
            )
        )
        self.seen: dict[str, int] = {}
        self.outcomes: dict[int, str] = {}
        self._state: dict = {}

    def line_of(self, row_number: int) -> int:
        """The line (or spreadsheet row) of the file a data row came from."""
        if 0 < row_number <= len(self.lines):
            return self.lines[row_number - 1]
        return row_number + 1

    def _row_key(self, row) -> str | None:
        email = _squash(row.get(COLUMNS["email"])).lower()
        if email:
            return f"email:{email}"
        name = _norm(row.get(COLUMNS["full_name"]))
        if not name:
            return None
        return f"name:{name}|{_norm(row.get(COLUMNS['organisation']))}"

    def before_import_row(self, row, **kwargs):
        key = self._row_key(row)
        number = kwargs.get("row_number", 0)
        self._state = {"number": number, "foreign": False, "new": False}
        if key is None:
            return
        first = self.seen.setdefault(key, number)
        if first != number:
            column = "email" if key.startswith("email:") else "full_name"
            what = (
                "This email address"
                if column == "email"
                else "This name and organisation"
            )
            raise ValidationError(
                {
                    column: f"{what} is already on line {self.line_of(first)} of the file."
                }
            )

    def get_instance(self, instance_loader, row):
        email = _squash(row.get(COLUMNS["email"])).lower()
        if email:
            return User.objects.filter(email__iexact=email).first()
        name = _squash(row.get(COLUMNS["full_name"]))
        if not name:
            return None
        return (
            User.objects.filter(
                pk__in=self.enrolled_ids,
                full_name__iexact=name,
                organisation__iexact=_squash(row.get(COLUMNS["organisation"])),
            )
            .order_by("pk")
            .first()
        )

    def after_init_instance(self, instance, new, row, **kwargs):
        self._state["new"] = new
        if new:
            instance.set_unusable_password()
            return
        if instance.pk in self.enrolled_ids:
            return
        # An account that exists but is not in this cohort: enrol it only when it is
        # a participant of the same name, and leave its profile as it is.
        same_name = _norm(instance.full_name) == _norm(row.get(COLUMNS["full_name"]))
        if (
            instance.is_staff
            or instance.is_superuser
            or not roles.is_participant(instance)
            or not same_name
        ):
            raise ValidationError(
                {
                    "email": "This email address already belongs to another person's "
                    "account. Check the address, or leave the cell empty."
                }
            )
        self._state["foreign"] = True

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if self._state.get("foreign"):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        if instance.pk is None or instance.pk not in self.enrolled_ids:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        errors = dict(import_validation_errors or {})
        if "full_name" not in errors and not _squash(instance.full_name):
            errors["full_name"] = ValidationError("A name is needed.")
        if (
            "organisation" not in errors
            and not instance.email
            and not _squash(instance.organisation)
        ):
            errors["organisation"] = ValidationError(
                "Give the organisation when there is no email address, so people with "
                "the same name can be told apart."
            )
        super().validate_instance(instance, errors, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        if self._state.get("new"):
            instance.groups.add(roles.role_group(roles.PARTICIPANTS))
        if instance.pk not in self.enrolled_ids:
            Enrolment.objects.get_or_create(
                cohort=self.cohort,
                participant=instance,
                defaults={"source": EnrolmentSource.IMPORT},
            )

    def after_import_row(self, row, row_result, **kwargs):
        number = kwargs.get("row_number", 0)
        kind = row_result.import_type
        if kind == "new":
            outcome = "new"
        elif kind == "skip":
            outcome = "unchanged"
        elif kind == "update" and self._state.get("foreign"):
            outcome = "enrolled"
        elif kind == "update":
            outcome = "updated"
        else:
            outcome = kind
        self.outcomes[number] = outcome


def roster_template(file_format: str) -> bytes:
    """An empty roster with the columns Harbour reads, as CSV or XLSX."""
    dataset = tablib.Dataset(headers=list(COLUMNS.values()))
    dataset.title = "Roster"
    return _render(dataset, file_format)


# --- exports ---------------------------------------------------------------------


class FormulaSafeMixin:
    """Every exported cell that a spreadsheet would run as a formula comes out inert."""

    def export_resource(self, instance, selected_fields=None, **kwargs):
        values = super().export_resource(instance, selected_fields, **kwargs)
        return [formula_safe(v) for v in values]

    def get_export_headers(self, selected_fields=None):
        return [formula_safe(h) for h in super().get_export_headers(selected_fields)]


class RosterExportResource(FormulaSafeMixin, resources.ModelResource):
    """The roster as it stands, in the same columns the import reads (and a few more)."""

    full_name = fields.Field(
        attribute="participant__full_name", column_name="Full name"
    )
    email = fields.Field(attribute="participant__email", column_name="Email")
    organisation = fields.Field(
        attribute="participant__organisation", column_name="Organisation"
    )
    organisation_type = fields.Field(column_name="Organisation type")
    position = fields.Field(attribute="participant__position", column_name="Position")
    sex = fields.Field(column_name="Sex")
    country = fields.Field(column_name="Country")
    username = fields.Field(attribute="participant__username", column_name="Username")
    enrolment_status = fields.Field(column_name="Enrolment")
    enrolment_source = fields.Field(column_name="Added by")
    consent = fields.Field(column_name="Consent on record")

    class Meta:
        model = Enrolment
        fields = (
            "full_name",
            "email",
            "organisation",
            "organisation_type",
            "position",
            "sex",
            "country",
            "username",
            "enrolment_status",
            "enrolment_source",
            "consent",
        )
        export_order = fields

    def dehydrate_organisation_type(self, enrolment):
        return enrolment.participant.get_organisation_type_display()

    def dehydrate_sex(self, enrolment):
        return enrolment.participant.get_sex_display()

    def dehydrate_country(self, enrolment):
        return enrolment.participant.get_country_display()

    def dehydrate_enrolment_status(self, enrolment):
        return enrolment.get_status_display()

    def dehydrate_enrolment_source(self, enrolment):
        return enrolment.get_source_display()

    def dehydrate_consent(self, enrolment):
        return "yes" if enrolment.participant.consent_at else "no"


class RowsResource(FormulaSafeMixin, resources.Resource):
    """Exports a list of dicts; the columns are given when it is made."""

    def __init__(self, columns: list[tuple[str, str]], **kwargs):
        super().__init__(**kwargs)
        self.fields = {}
        for key, label in columns:
            self.fields[key] = fields.Field(attribute=key, column_name=label)
        self._order = [key for key, _ in columns]

    def get_export_order(self):
        return self._order

    def get_import_order(self):
        return self._order


def export_dataset(resource, rows, *, title: str) -> tablib.Dataset:
    """Run an export resource over rows and name the sheet."""
    dataset = resource.export(rows)
    dataset.title = title[:31]
    return dataset


def _render(dataset: tablib.Dataset, file_format: str) -> bytes:
    from import_export.formats.base_formats import CSV, XLSX

    if file_format == "xlsx":
        return XLSX().export_data(dataset)
    return CSV().export_data(dataset).encode("utf-8-sig")


render_dataset = _render
