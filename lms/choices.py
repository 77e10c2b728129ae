"""Choices used across Harbour, defined once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    NGO = "ngo", _("NGO")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")
    DUTCH = "nl", _("Dutch")
    PAPIAMENTO = "pap", _("Papiamento")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")


class Country(models.TextChoices):
    """Countries and territories of the region Harbour trains in, by ISO code."""

    ANTIGUA_AND_BARBUDA = "AG", _("Antigua and Barbuda")
    ARUBA = "AW", _("Aruba")
    BAHAMAS = "BS", _("Bahamas")
    BARBADOS = "BB", _("Barbados")
    BELIZE = "BZ", _("Belize")
    BONAIRE = "BQ", _("Bonaire, Sint Eustatius and Saba")
    CURACAO = "CW", _("Curaçao")
    DOMINICA = "DM", _("Dominica")
    DOMINICAN_REPUBLIC = "DO", _("Dominican Republic")
    GRENADA = "GD", _("Grenada")
    GUYANA = "GY", _("Guyana")
    HAITI = "HT", _("Haiti")
    JAMAICA = "JM", _("Jamaica")
    SAINT_KITTS_AND_NEVIS = "KN", _("Saint Kitts and Nevis")
    SAINT_LUCIA = "LC", _("Saint Lucia")
    SAINT_VINCENT = "VC", _("Saint Vincent and the Grenadines")
    SINT_MAARTEN = "SX", _("Sint Maarten")
    SURINAME = "SR", _("Suriname")
    TRINIDAD_AND_TOBAGO = "TT", _("Trinidad and Tobago")
    VENEZUELA = "VE", _("Venezuela")
    COLOMBIA = "CO", _("Colombia")
    NETHERLANDS = "NL", _("Netherlands")
    UNITED_KINGDOM = "GB", _("United Kingdom")
    UNITED_STATES = "US", _("United States")
    OTHER = "ZZ", _("Other")
