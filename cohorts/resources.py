"""django-import-export resources: the roster import (parsing, validating and the
column mapping), and the roster, attendance and results exports (every exported
cell made formula-safe)."""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from lms.choices import Country, GovernmentSector, Language, OrganisationType, Sex
from lms.text import clean_person_name, format_characters, normalise_email

from .codes import formula_safe
from .models import Enrolment

# Canonical column names of a roster file, in template order. They are the
# headers of the template file and stay English in every interface language
# (a file's headers in other languages are read through HEADER_SYNONYMS).
COLUMNS = {
    "full_name": "Full name",
    "email": "Email",
    "organisation": "Organisation",
    "organisation_type": "Organisation type",
    "government_sector": "Government sector",
    "position": "Position",
    "sex": "Sex",
    "country": "Country",
    "preferred_language": "Language",
}
# What a column of a file can be mapped to: the template's columns, and the two
# halves of a name that registration forms often ask for separately.
FIELDS = {
    **COLUMNS,
    "given_name": "First name",
    "family_name": "Last name",
}
# How each field is named on the facilitator's pages, in their language.
FIELD_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "email": gettext_lazy("Email"),
    "organisation": gettext_lazy("Organisation"),
    "organisation_type": gettext_lazy("Organisation type"),
    "government_sector": gettext_lazy("Government sector"),
    "position": gettext_lazy("Position"),
    "sex": gettext_lazy("Sex"),
    "country": gettext_lazy("Country"),
    # Translators: a roster column: the language a participant prefers.
    "preferred_language": gettext_lazy("Language"),
    "given_name": gettext_lazy("First name"),
    "family_name": gettext_lazy("Last name"),
}
IGNORE = ""
NAME_MAX = 200
EMAIL_MAX = 254
NAME_PARTS = ("full_name", "given_name", "family_name")

# Header words people use for each field, in English, Spanish, French and Dutch
# (compared without accents, case or punctuation; see header_key).
HEADER_SYNONYMS = {
    "full_name": (
        "full name",
        "name",
        "names",
        "participant",
        "participant name",
        "name of participant",
        "your name",
        "name as on id",
        "name surname",
        "nombre",
        "nombre completo",
        "nombre y apellido",
        "nombre y apellidos",
        "nombres y apellidos",
        "participante",
        "nom",
        "nom complet",
        "nom et prenom",
        "prenom et nom",
        "nom prenom",
        "naam",
        "volledige naam",
        "voor en achternaam",
        "deelnemer",
    ),
    "given_name": (
        "first name",
        "given name",
        "given names",
        "forename",
        "first names",
        "nombres",
        "primer nombre",
        "prenom",
        "prenoms",
        "voornaam",
        "voornamen",
    ),
    "family_name": (
        "last name",
        "surname",
        "family name",
        "apellido",
        "apellidos",
        "nom de famille",
        "achternaam",
        "familienaam",
    ),
    "email": (
        "email",
        "e mail",
        "email address",
        "e mail address",
        "mail",
        "your email",
        "work email",
        "correo",
        "correo electronico",
        "direccion de correo",
        "direccion de correo electronico",
        "courriel",
        "adresse e mail",
        "adresse electronique",
        "adresse courriel",
        "e mailadres",
        "emailadres",
        "mailadres",
    ),
    "organisation": (
        "organisation",
        "organization",
        "agency",
        "institution",
        "employer",
        "ministry",
        "department",
        "organisation agency",
        "organization agency",
        "organizacion",
        "institucion",
        "entidad",
        "ministerio",
        "organisme",
        "employeur",
        "ministere",
        "organisatie",
        "instelling",
        "werkgever",
        "ministerie",
    ),
    "organisation_type": (
        "organisation type",
        "organization type",
        "type of organisation",
        "type of organization",
        "sector",
        "agency type",
        "tipo de organizacion",
        "tipo de institucion",
        "tipo de entidad",
        "type d organisation",
        "type d organisme",
        "type organisation",
        "soort organisatie",
        "type organisatie",
    ),
    "government_sector": (
        "government sector",
        "sector of government",
        "government area",
        "gov sector",
        "sector gubernamental",
        "sector del gobierno",
        "sector de gobierno",
        "area de gobierno",
        "area del gobierno",
        "secteur gouvernemental",
        "secteur de l administration",
        "domaine de l administration",
        "overheidssector",
        "sector overheid",
        "overheidsdomein",
    ),
    "preferred_language": (
        "language",
        "preferred language",
        "language of preference",
        "training language",
        "idioma",
        "idioma preferido",
        "lengua",
        "lengua preferida",
        "langue",
        "langue preferee",
        "langue de preference",
        "taal",
        "voorkeurstaal",
        "gewenste taal",
    ),
    "position": (
        "position",
        "job title",
        "title",
        "role",
        "function",
        "job",
        "post",
        "cargo",
        "puesto",
        "funcion",
        "poste",
        "fonction",
        "titre",
        "functie",
        "positie",
        "rol",
        "baan",
    ),
    "sex": (
        "sex",
        "gender",
        "sexo",
        "genero",
        "sexe",
        "genre",
        "geslacht",
    ),
    "country": (
        "country",
        "country of residence",
        "country or territory",
        "island",
        "pais",
        "pais de residencia",
        "pays",
        "pays de residence",
        "ile",
        "land",
        "land van verblijf",
        "eiland",
    ),
}

SEX_ALIASES = {
    "f": Sex.FEMALE,
    "woman": Sex.FEMALE,
    "women": Sex.FEMALE,
    "femenino": Sex.FEMALE,
    "femenina": Sex.FEMALE,
    "mujer": Sex.FEMALE,
    "feminin": Sex.FEMALE,
    "feminine": Sex.FEMALE,
    "femme": Sex.FEMALE,
    "vrouw": Sex.FEMALE,
    "vrouwelijk": Sex.FEMALE,
    "v": Sex.FEMALE,
    "m": Sex.MALE,
    "man": Sex.MALE,
    "men": Sex.MALE,
    "masculino": Sex.MALE,
    "hombre": Sex.MALE,
    "masculin": Sex.MALE,
    "homme": Sex.MALE,
    "mannelijk": Sex.MALE,
    "otro": Sex.OTHER,
    "otra": Sex.OTHER,
    "autre": Sex.OTHER,
    "anders": Sex.OTHER,
    "non binary": Sex.OTHER,
    "prefer not to say": Sex.UNDISCLOSED,
    "prefiero no decirlo": Sex.UNDISCLOSED,
    "je prefere ne pas le dire": Sex.UNDISCLOSED,
    "zeg ik liever niet": Sex.UNDISCLOSED,
}
ORGANISATION_TYPE_ALIASES = {
    "gov": OrganisationType.GOVERNMENT,
    "govt": OrganisationType.GOVERNMENT,
    "public sector": OrganisationType.GOVERNMENT,
    "ministry": OrganisationType.GOVERNMENT,
    "gobierno": OrganisationType.GOVERNMENT,
    "gubernamental": OrganisationType.GOVERNMENT,
    "sector publico": OrganisationType.GOVERNMENT,
    "gouvernement": OrganisationType.GOVERNMENT,
    "gouvernemental": OrganisationType.GOVERNMENT,
    "overheid": OrganisationType.GOVERNMENT,
    "non governmental organisation": OrganisationType.NGO,
    "non governmental organization": OrganisationType.NGO,
    "civil society": OrganisationType.NGO,
    "ong": OrganisationType.NGO,
    "organizacion no gubernamental": OrganisationType.NGO,
    "organisation non gouvernementale": OrganisationType.NGO,
    "international": OrganisationType.INTERNATIONAL,
    "international organization": OrganisationType.INTERNATIONAL,
    "io": OrganisationType.INTERNATIONAL,
    "internacional": OrganisationType.INTERNATIONAL,
    "organizacion internacional": OrganisationType.INTERNATIONAL,
    "organismo internacional": OrganisationType.INTERNATIONAL,
    "organisation internationale": OrganisationType.INTERNATIONAL,
    "internationale organisatie": OrganisationType.INTERNATIONAL,
    "otro": OrganisationType.OTHER,
    "otra": OrganisationType.OTHER,
    "autre": OrganisationType.OTHER,
    "anders": OrganisationType.OTHER,
}
# Accepted beside the sectors' names in each interface language (see ChoiceWidget).
GOVERNMENT_SECTOR_ALIASES = {
    "police force": GovernmentSector.POLICE,
    "law enforcement": GovernmentSector.POLICE,
    "policia": GovernmentSector.POLICE,
    "policia nacional": GovernmentSector.POLICE,
    "politie": GovernmentSector.POLICE,
    "korps politie": GovernmentSector.POLICE,
    "gendarmerie": GovernmentSector.POLICE,
    "immigration and border": GovernmentSector.IMMIGRATION,
    "border control": GovernmentSector.IMMIGRATION,
    "border protection": GovernmentSector.IMMIGRATION,
    "migration": GovernmentSector.IMMIGRATION,
    "migracion": GovernmentSector.IMMIGRATION,
    "inmigracion": GovernmentSector.IMMIGRATION,
    "migracion y fronteras": GovernmentSector.IMMIGRATION,
    "control fronterizo": GovernmentSector.IMMIGRATION,
    "police aux frontieres": GovernmentSector.IMMIGRATION,
    "immigratie": GovernmentSector.IMMIGRATION,
    "migratie": GovernmentSector.IMMIGRATION,
    "grensbewaking": GovernmentSector.IMMIGRATION,
    "toelating": GovernmentSector.IMMIGRATION,
    "labour": GovernmentSector.LABOUR_INSPECTION,
    "labor": GovernmentSector.LABOUR_INSPECTION,
    "labor inspection": GovernmentSector.LABOUR_INSPECTION,
    "labour department": GovernmentSector.LABOUR_INSPECTION,
    "inspeccion de trabajo": GovernmentSector.LABOUR_INSPECTION,
    "inspeccion laboral": GovernmentSector.LABOUR_INSPECTION,
    "trabajo": GovernmentSector.LABOUR_INSPECTION,
    "inspection du travail": GovernmentSector.LABOUR_INSPECTION,
    "travail": GovernmentSector.LABOUR_INSPECTION,
    "arbeidsinspectie": GovernmentSector.LABOUR_INSPECTION,
    "arbeid": GovernmentSector.LABOUR_INSPECTION,
    "prosecution": GovernmentSector.PROSECUTION_JUDICIARY,
    "judiciary": GovernmentSector.PROSECUTION_JUDICIARY,
    "justice": GovernmentSector.PROSECUTION_JUDICIARY,
    "prosecutor": GovernmentSector.PROSECUTION_JUDICIARY,
    "public prosecution": GovernmentSector.PROSECUTION_JUDICIARY,
    "courts": GovernmentSector.PROSECUTION_JUDICIARY,
    "fiscalia": GovernmentSector.PROSECUTION_JUDICIARY,
    "ministerio publico": GovernmentSector.PROSECUTION_JUDICIARY,
    "procuraduria": GovernmentSector.PROSECUTION_JUDICIARY,
    "poder judicial": GovernmentSector.PROSECUTION_JUDICIARY,
    "justicia": GovernmentSector.PROSECUTION_JUDICIARY,
    "fiscalia y poder judicial": GovernmentSector.PROSECUTION_JUDICIARY,
    "parquet": GovernmentSector.PROSECUTION_JUDICIARY,
    "ministere public": GovernmentSector.PROSECUTION_JUDICIARY,
    "justice et parquet": GovernmentSector.PROSECUTION_JUDICIARY,
    "openbaar ministerie": GovernmentSector.PROSECUTION_JUDICIARY,
    "justitie": GovernmentSector.PROSECUTION_JUDICIARY,
    "rechterlijke macht": GovernmentSector.PROSECUTION_JUDICIARY,
    "social welfare": GovernmentSector.SOCIAL_SERVICES,
    "social development": GovernmentSector.SOCIAL_SERVICES,
    "child protection": GovernmentSector.SOCIAL_SERVICES,
    "servicios sociales": GovernmentSector.SOCIAL_SERVICES,
    "asuntos sociales": GovernmentSector.SOCIAL_SERVICES,
    "bienestar social": GovernmentSector.SOCIAL_SERVICES,
    "proteccion de la ninez": GovernmentSector.SOCIAL_SERVICES,
    "services sociaux": GovernmentSector.SOCIAL_SERVICES,
    "affaires sociales": GovernmentSector.SOCIAL_SERVICES,
    "sociale zaken": GovernmentSector.SOCIAL_SERVICES,
    "sociale diensten": GovernmentSector.SOCIAL_SERVICES,
    "jeugdzorg": GovernmentSector.SOCIAL_SERVICES,
    "public health": GovernmentSector.HEALTH,
    "healthcare": GovernmentSector.HEALTH,
    "health care": GovernmentSector.HEALTH,
    "salud": GovernmentSector.HEALTH,
    "salud publica": GovernmentSector.HEALTH,
    "sante": GovernmentSector.HEALTH,
    "sante publique": GovernmentSector.HEALTH,
    "gezondheid": GovernmentSector.HEALTH,
    "gezondheidszorg": GovernmentSector.HEALTH,
    "volksgezondheid": GovernmentSector.HEALTH,
    "other": GovernmentSector.OTHER,
    "otro": GovernmentSector.OTHER,
    "otra": GovernmentSector.OTHER,
    "otro gobierno": GovernmentSector.OTHER,
    "autre": GovernmentSector.OTHER,
    "autre administration": GovernmentSector.OTHER,
    "anders": GovernmentSector.OTHER,
    "andere overheid": GovernmentSector.OTHER,
}
# A language as people write it in a roster: its code, its name in English,
# Spanish, French and Dutch, or its own name. Only interface languages.
LANGUAGE_ALIASES = {
    "english": "en",
    "ingles": "en",
    "anglais": "en",
    "engels": "en",
    "spanish": "es",
    "espanol": "es",
    "castellano": "es",
    "espagnol": "es",
    "spaans": "es",
    "french": "fr",
    "frances": "fr",
    "francais": "fr",
    "frans": "fr",
    "dutch": "nl",
    "neerlandes": "nl",
    "holandes": "nl",
    "neerlandais": "nl",
    "hollandais": "nl",
    "nederlands": "nl",
    "ulandes": "nl",
    "papiamento": "pap",
    "papiamentu": "pap",
    "papiamentoe": "pap",
    "papiaments": "pap",
}
COUNTRY_ALIASES = {
    "st lucia": Country.SAINT_LUCIA,
    "santa lucia": Country.SAINT_LUCIA,
    "sainte lucie": Country.SAINT_LUCIA,
    "saint martin": Country.SAINT_MARTIN,
    "st martin": Country.SAINT_MARTIN,
    "saint martin french part": Country.SAINT_MARTIN,
    "st maarten": Country.SINT_MAARTEN,
    "sint maarten dutch part": Country.SINT_MAARTEN,
    "saint maarten": Country.SINT_MAARTEN,
    "bq bo": Country.BONAIRE,
    "kralendijk": Country.BONAIRE,
    "bq se": Country.SINT_EUSTATIUS,
    "st eustatius": Country.SINT_EUSTATIUS,
    "statia": Country.SINT_EUSTATIUS,
    "saint eustatius": Country.SINT_EUSTATIUS,
    "bq sa": Country.SABA,
    "trinidad": Country.TRINIDAD_AND_TOBAGO,
    "tobago": Country.TRINIDAD_AND_TOBAGO,
    "st kitts": Country.SAINT_KITTS_AND_NEVIS,
    "st kitts and nevis": Country.SAINT_KITTS_AND_NEVIS,
    "st vincent": Country.SAINT_VINCENT,
    "st vincent and the grenadines": Country.SAINT_VINCENT,
    "antigua": Country.ANTIGUA_AND_BARBUDA,
    "the bahamas": Country.BAHAMAS,
    "republica dominicana": Country.DOMINICAN_REPUBLIC,
    "haiti": Country.HAITI,
    "ayiti": Country.HAITI,
    "usa": Country.UNITED_STATES,
    "united states of america": Country.UNITED_STATES,
    "uk": Country.UNITED_KINGDOM,
    "great britain": Country.UNITED_KINGDOM,
    "the netherlands": Country.NETHERLANDS,
    "nederland": Country.NETHERLANDS,
    "holland": Country.NETHERLANDS,
    "korsou": Country.CURACAO,
    "kòrsou": Country.CURACAO,
}


@functools.lru_cache(maxsize=4096)
def header_key(header: str) -> str:
    """How a header or value is compared: no accents, case or punctuation."""
    decomposed = unicodedata.normalize("NFKD", clean_person_name(header))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


_SYNONYMS = sorted(
    (
        (header_key(phrase), key)
        for key, phrases in HEADER_SYNONYMS.items()
        for phrase in phrases
    ),
    key=lambda item: -len(item[0]),
)
_EXACT = dict(_SYNONYMS)
_TEMPLATE = {header_key(label): key for key, label in FIELDS.items()}
_AMBIGUOUS_NAMES = {"name", "nombre", "nom", "naam", "names"}


def _suggest_one(header: str) -> str:
    key = header_key(header)
    if not key:
        return IGNORE
    if key in _TEMPLATE:
        return _TEMPLATE[key]
    if key in _EXACT:
        return _EXACT[key]
    padded = f" {key} "
    for phrase, field_key in _SYNONYMS:
        if len(phrase) > 2 and f" {phrase} " in padded:
            return field_key
    return IGNORE


def columns_suggest(headers: list[str], remembered: dict | None = None) -> list[str]:
    """A Harbour field (or IGNORE) for each header: as remembered, else by its words."""
    remembered = remembered or {}
    suggested = []
    for header in headers:
        known = remembered.get(header_key(header))
        if known is not None and (known in FIELDS or known == IGNORE):
            suggested.append(known)
        else:
            suggested.append(_suggest_one(header))
    if "family_name" in suggested:
        # "Nombre" beside "Apellido" is the first name, not the whole name.
        for index, header in enumerate(headers):
            if (
                suggested[index] == "full_name"
                and header_key(header) in _AMBIGUOUS_NAMES
            ):
                suggested[index] = "given_name"
    return suggested


def columns_are_the_template(headers: list[str]) -> bool:
    """True when every header is one of the template's, each at most once."""
    keys = [header_key(h) for h in headers if header_key(h)]
    return (
        bool(keys)
        and all(k in _TEMPLATE for k in keys)
        and len(set(keys)) == len(keys)
        and "full_name" in {_TEMPLATE[k] for k in keys}
    )


class TextWidget(widgets.Widget):
    """Text on one line, cleaned like a name; refuses angle brackets."""

    def __init__(self, *, max_length: int = NAME_MAX, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = clean_person_name(value)
        if "<" in text or ">" in text:
            raise ValueError(
                _("Remove the < and > characters; they cannot be in a name.")
            )
        if len(text) > self.max_length:
            raise ValueError(
                _("This is %(length)d characters long; at most %(max)d fit.")
                % {"length": len(text), "max": self.max_length}
            )
        return text


class EmailWidget(widgets.Widget):
    """An e-mail address, trimmed and lower-cased; empty becomes "no email"."""

    def clean(self, value, row=None, **kwargs):
        text = normalise_email(value)
        if not text:
            return ""
        if " " in text:
            raise ValueError(_("An email address cannot contain spaces."))
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(
                _("This is not an email address. Correct it, or leave the cell empty.")
            ) from None
        if len(text) > EMAIL_MAX:
            raise ValueError(
                _("This is %(length)d characters long; at most %(max)d fit.")
                % {"length": len(text), "max": EMAIL_MAX}
            )
        return text


class ChoiceWidget(widgets.Widget):
    """Accepts a choice by its code or its label (in any interface language).

    ``choices`` is a TextChoices class, or a function returning (value, label)
    pairs; ``message`` is the whole refusal, with ``%(hint)s`` for what to use.
    """

    def __init__(
        self, choices, message, aliases: dict | None = None, hint=None, **kwargs
    ):
        super().__init__(**kwargs)
        self.choices = choices
        self.message = message
        self.hint = hint
        self.aliases = aliases or {}
        self._lookup: dict[str, str] | None = None

    def pairs(self) -> list[tuple[str, str]]:
        """The (value, label) pairs, labels in the active language."""
        if isinstance(self.choices, type):
            return list(self.choices.choices)
        return list(self.choices())

    def lookup(self) -> dict[str, str]:
        """Every spelling Harbour accepts, built once (labels in each language)."""
        if self._lookup is None:
            table = {header_key(k): str(v) for k, v in self.aliases.items()}
            for language in ("en", "es", "fr", "nl"):
                with translation.override(language):
                    for value, label in self.pairs():
                        table.setdefault(header_key(str(label)), value)
            for value, _label in self.pairs():
                table[header_key(value)] = value
            self._lookup = table
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        text = clean_person_name(value)
        if not text:
            return ""
        try:
            return self.lookup()[header_key(text)]
        except KeyError:
            hint = self.hint or ", ".join(str(label) for _value, label in self.pairs())
            raise ValueError(str(self.message) % {"hint": hint}) from None


def interface_language_choices() -> list[tuple[str, str]]:
    """Harbour's interface languages, named in the active language."""
    return [
        (code, Language(code).label if code in Language.values else name)
        for code, name in settings.LANGUAGES
    ]


@dataclass
class ParsedRow:
    """One roster line as clean values, with what is wrong or was cleaned in it."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)


class RosterResource(resources.Resource):
    """Parses and validates one roster line into a participant's clean values.

    It reads a row keyed by Harbour field (the column mapping has been applied)
    and never saves: matching people and writing them is the job of
    cohorts.services.roster_import, in bulk.
    """

    full_name = fields.Field(
        attribute="full_name", column_name="full_name", widget=TextWidget()
    )
    given_name = fields.Field(
        attribute="given_name", column_name="given_name", widget=TextWidget()
    )
    family_name = fields.Field(
        attribute="family_name", column_name="family_name", widget=TextWidget()
    )
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=TextWidget()
    )
    organisation_type = fields.Field(
        attribute="organisation_type",
        column_name="organisation_type",
        widget=ChoiceWidget(
            OrganisationType,
            gettext_lazy(
                "This is not a type of organisation Harbour knows. Use one of: "
                "%(hint)s."
            ),
            aliases=ORGANISATION_TYPE_ALIASES,
        ),
    )
    government_sector = fields.Field(
        attribute="government_sector",
        column_name="government_sector",
        widget=ChoiceWidget(
            GovernmentSector,
            gettext_lazy(
                "This is not a government sector Harbour knows. Use one of: %(hint)s."
            ),
            aliases=GOVERNMENT_SECTOR_ALIASES,
        ),
    )
    position = fields.Field(
        attribute="position", column_name="position", widget=TextWidget()
    )
    sex = fields.Field(
        attribute="sex",
        column_name="sex",
        widget=ChoiceWidget(
            Sex,
            gettext_lazy(
                "This is not a value for sex Harbour knows. Use one of: %(hint)s."
            ),
            aliases=SEX_ALIASES,
        ),
    )
    country = fields.Field(
        attribute="country",
        column_name="country",
        widget=ChoiceWidget(
            Country,
            gettext_lazy("This is not a country Harbour knows. Use one of: %(hint)s."),
            aliases=COUNTRY_ALIASES,
            hint=gettext_lazy(
                "the country's name in English, Spanish, French or Dutch, or its "
                "two-letter ISO code (LC, CW, SX)"
            ),
        ),
    )
    preferred_language = fields.Field(
        attribute="preferred_language",
        column_name="preferred_language",
        widget=ChoiceWidget(
            interface_language_choices,
            gettext_lazy(
                "This is not a language Harbour offers. Use one of: %(hint)s."
            ),
            aliases=LANGUAGE_ALIASES,
            hint=gettext_lazy(
                "English, Spanish, French, Dutch or Papiamentu, by name or by code "
                "(en, es, fr, nl, pap)"
            ),
        ),
    )

    def parse_row(self, row: dict[str, str]) -> ParsedRow:
        """Clean every mapped cell of a row; collect each problem by field."""
        parsed = ParsedRow(values={})
        for key, fld in self.fields.items():
            if key not in row:
                continue
            raw = row[key]
            try:
                parsed.values[key] = fld.clean(row)
            except ValueError as exc:
                parsed.errors[key] = str(exc)
                continue
            if key in NAME_PARTS and format_characters(raw):
                parsed.warnings[key] = _(
                    "Invisible formatting characters (%(codes)s) were removed from "
                    "this name, so it prints as it reads."
                ) % {"codes": ", ".join(format_characters(raw))}
        given = parsed.values.pop("given_name", "")
        family = parsed.values.pop("family_name", "")
        if not parsed.values.get("full_name") and (given or family):
            name = clean_person_name(f"{given} {family}")
            target = "given_name" if "given_name" in row else "family_name"
            if len(name) > NAME_MAX:
                parsed.errors[target] = _(
                    "This is %(length)d characters long; at most %(max)d fit."
                ) % {"length": len(name), "max": NAME_MAX}
            else:
                parsed.values["full_name"] = name
        if "full_name" not in parsed.errors and not parsed.values.get("full_name"):
            parsed.errors["full_name"] = _("A name is needed.")
        if (
            "organisation" not in parsed.errors
            and "email" not in parsed.errors
            and not parsed.values.get("email")
            and not parsed.values.get("organisation")
        ):
            parsed.errors["organisation"] = _(
                "Give the organisation when there is no email address, so people "
                "with the same name can be told apart."
            )
        return parsed


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
    government_sector = fields.Field(column_name="Government sector")
    position = fields.Field(attribute="participant__position", column_name="Position")
    sex = fields.Field(column_name="Sex")
    country = fields.Field(column_name="Country")
    preferred_language = fields.Field(column_name="Language")
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
            "government_sector",
            "position",
            "sex",
            "country",
            "preferred_language",
            "username",
            "enrolment_status",
            "enrolment_source",
            "consent",
        )
        export_order = fields

    def dehydrate_organisation_type(self, enrolment):
        return enrolment.participant.get_organisation_type_display()

    def dehydrate_government_sector(self, enrolment):
        return enrolment.participant.get_government_sector_display() or ""

    def dehydrate_preferred_language(self, enrolment):
        return enrolment.participant.get_preferred_language_display()

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
