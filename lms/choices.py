"""Choices used across Harbour, defined once.

Country names are not in Harbour's catalogues: the English labels below are
Harbour's own data, and every other language reads the name from the Unicode
CLDR through Babel (Papiamentu falls back to Dutch where CLDR has no name).
Only the names Harbour gives differently from ISO (Bonaire for BQ, Sint
Eustatius and Saba, "Other") go to translators.
"""

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.db import models
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from .languages import FALLBACKS

# The names Harbour gives where CLDR's would mislead people of the region.
HARBOUR_COUNTRY_NAMES = {
    "BQ": gettext_noop("Bonaire"),
    "XE": gettext_noop("Sint Eustatius"),
    "XS": gettext_noop("Saba"),
    # Translators: a country choice, for people from a country not listed.
    "ZZ": gettext_noop("Other country"),
}


@lru_cache(maxsize=16)
def _cldr_country_names(language: str) -> dict[str, str]:
    """CLDR's territory names in a language, completed by its fallback chain."""
    names: dict[str, str] = {}
    chain = [language]
    while chain[-1] in FALLBACKS:
        chain.append(FALLBACKS[chain[-1]])
    for code in reversed(chain):
        try:
            names.update(Locale.parse(code.replace("-", "_")).territories)
        except (UnknownLocaleError, ValueError):
            continue
    return names


def country_name(code: str, english: str, language: str | None = None) -> str:
    """A country's name in the active (or given) language; English is Harbour's own."""
    language = (language or translation.get_language() or "en").lower()
    if language.split("-")[0] == "en":
        return english
    if code in HARBOUR_COUNTRY_NAMES:
        with translation.override(language):
            return gettext(HARBOUR_COUNTRY_NAMES[code])
    names = _cldr_country_names(language)
    if code not in names and "-" in language:
        names = _cldr_country_names(language.split("-")[0])
    return names.get(code, english)


country_label = lazy(country_name, str)


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
    """Every ISO 3166-1 country and territory, by its alpha-2 code.

    Bonaire, Sint Eustatius and Saba share the ISO code BQ, but people of the
    region name the island they live on: BQ stands for Bonaire (as it always
    has in Harbour), and Sint Eustatius and Saba use codes from ISO's
    user-assigned range (XE, XS), so every stored value stays two letters.
    """

    AFGHANISTAN = "AF", country_label("AF", "Afghanistan")
    ALAND_ISLANDS = "AX", country_label("AX", "Åland Islands")
    ALBANIA = "AL", country_label("AL", "Albania")
    ALGERIA = "DZ", country_label("DZ", "Algeria")
    AMERICAN_SAMOA = "AS", country_label("AS", "American Samoa")
    ANDORRA = "AD", country_label("AD", "Andorra")
    ANGOLA = "AO", country_label("AO", "Angola")
    ANGUILLA = "AI", country_label("AI", "Anguilla")
    ANTARCTICA = "AQ", country_label("AQ", "Antarctica")
    ANTIGUA_AND_BARBUDA = "AG", country_label("AG", "Antigua and Barbuda")
    ARGENTINA = "AR", country_label("AR", "Argentina")
    ARMENIA = "AM", country_label("AM", "Armenia")
    ARUBA = "AW", country_label("AW", "Aruba")
    AUSTRALIA = "AU", country_label("AU", "Australia")
    AUSTRIA = "AT", country_label("AT", "Austria")
    AZERBAIJAN = "AZ", country_label("AZ", "Azerbaijan")
    BAHAMAS = "BS", country_label("BS", "Bahamas")
    BAHRAIN = "BH", country_label("BH", "Bahrain")
    BANGLADESH = "BD", country_label("BD", "Bangladesh")
    BARBADOS = "BB", country_label("BB", "Barbados")
    BELARUS = "BY", country_label("BY", "Belarus")
    BELGIUM = "BE", country_label("BE", "Belgium")
    BELIZE = "BZ", country_label("BZ", "Belize")
    BENIN = "BJ", country_label("BJ", "Benin")
    BERMUDA = "BM", country_label("BM", "Bermuda")
    BHUTAN = "BT", country_label("BT", "Bhutan")
    BOLIVIA = "BO", country_label("BO", "Bolivia")
    BONAIRE = "BQ", country_label("BQ", "Bonaire")
    BOSNIA_AND_HERZEGOVINA = "BA", country_label("BA", "Bosnia and Herzegovina")
    BOTSWANA = "BW", country_label("BW", "Botswana")
    BOUVET_ISLAND = "BV", country_label("BV", "Bouvet Island")
    BRAZIL = "BR", country_label("BR", "Brazil")
    BRITISH_INDIAN_OCEAN_TERRITORY = (
        "IO",
        country_label("IO", "British Indian Ocean Territory"),
    )
    BRITISH_VIRGIN_ISLANDS = "VG", country_label("VG", "British Virgin Islands")
    BRUNEI_DARUSSALAM = "BN", country_label("BN", "Brunei Darussalam")
    BULGARIA = "BG", country_label("BG", "Bulgaria")
    BURKINA_FASO = "BF", country_label("BF", "Burkina Faso")
    BURUNDI = "BI", country_label("BI", "Burundi")
    CABO_VERDE = "CV", country_label("CV", "Cabo Verde")
    CAMBODIA = "KH", country_label("KH", "Cambodia")
    CAMEROON = "CM", country_label("CM", "Cameroon")
    CANADA = "CA", country_label("CA", "Canada")
    CAYMAN_ISLANDS = "KY", country_label("KY", "Cayman Islands")
    CENTRAL_AFRICAN_REPUBLIC = "CF", country_label("CF", "Central African Republic")
    CHAD = "TD", country_label("TD", "Chad")
    CHILE = "CL", country_label("CL", "Chile")
    CHINA = "CN", country_label("CN", "China")
    CHRISTMAS_ISLAND = "CX", country_label("CX", "Christmas Island")
    COCOS_ISLANDS = "CC", country_label("CC", "Cocos (Keeling) Islands")
    COLOMBIA = "CO", country_label("CO", "Colombia")
    COMOROS = "KM", country_label("KM", "Comoros")
    COOK_ISLANDS = "CK", country_label("CK", "Cook Islands")
    COSTA_RICA = "CR", country_label("CR", "Costa Rica")
    COTE_D_IVOIRE = "CI", country_label("CI", "Côte d'Ivoire")
    CROATIA = "HR", country_label("HR", "Croatia")
    CUBA = "CU", country_label("CU", "Cuba")
    CURACAO = "CW", country_label("CW", "Curaçao")
    CYPRUS = "CY", country_label("CY", "Cyprus")
    CZECHIA = "CZ", country_label("CZ", "Czechia")
    DEMOCRATIC_REPUBLIC_OF_THE_CONGO = (
        "CD",
        country_label("CD", "Democratic Republic of the Congo"),
    )
    DENMARK = "DK", country_label("DK", "Denmark")
    DJIBOUTI = "DJ", country_label("DJ", "Djibouti")
    DOMINICA = "DM", country_label("DM", "Dominica")
    DOMINICAN_REPUBLIC = "DO", country_label("DO", "Dominican Republic")
    ECUADOR = "EC", country_label("EC", "Ecuador")
    EGYPT = "EG", country_label("EG", "Egypt")
    EL_SALVADOR = "SV", country_label("SV", "El Salvador")
    EQUATORIAL_GUINEA = "GQ", country_label("GQ", "Equatorial Guinea")
    ERITREA = "ER", country_label("ER", "Eritrea")
    ESTONIA = "EE", country_label("EE", "Estonia")
    ESWATINI = "SZ", country_label("SZ", "Eswatini")
    ETHIOPIA = "ET", country_label("ET", "Ethiopia")
    FALKLAND_ISLANDS = "FK", country_label("FK", "Falkland Islands (Malvinas)")
    FAROE_ISLANDS = "FO", country_label("FO", "Faroe Islands")
    FIJI = "FJ", country_label("FJ", "Fiji")
    FINLAND = "FI", country_label("FI", "Finland")
    FRANCE = "FR", country_label("FR", "France")
    FRENCH_GUIANA = "GF", country_label("GF", "French Guiana")
    FRENCH_POLYNESIA = "PF", country_label("PF", "French Polynesia")
    FRENCH_SOUTHERN_TERRITORIES = (
        "TF",
        country_label("TF", "French Southern Territories"),
    )
    GABON = "GA", country_label("GA", "Gabon")
    GAMBIA = "GM", country_label("GM", "Gambia")
    GEORGIA = "GE", country_label("GE", "Georgia")
    GERMANY = "DE", country_label("DE", "Germany")
    GHANA = "GH", country_label("GH", "Ghana")
    GIBRALTAR = "GI", country_label("GI", "Gibraltar")
    GREECE = "GR", country_label("GR", "Greece")
    GREENLAND = "GL", country_label("GL", "Greenland")
    GRENADA = "GD", country_label("GD", "Grenada")
    GUADELOUPE = "GP", country_label("GP", "Guadeloupe")
    GUAM = "GU", country_label("GU", "Guam")
    GUATEMALA = "GT", country_label("GT", "Guatemala")
    GUERNSEY = "GG", country_label("GG", "Guernsey")
    GUINEA = "GN", country_label("GN", "Guinea")
    GUINEA_BISSAU = "GW", country_label("GW", "Guinea-Bissau")
    GUYANA = "GY", country_label("GY", "Guyana")
    HAITI = "HT", country_label("HT", "Haiti")
    HEARD_ISLAND_AND_MCDONALD_ISLANDS = (
        "HM",
        country_label("HM", "Heard Island and McDonald Islands"),
    )
    HOLY_SEE = "VA", country_label("VA", "Holy See")
    HONDURAS = "HN", country_label("HN", "Honduras")
    HONG_KONG = "HK", country_label("HK", "Hong Kong")
    HUNGARY = "HU", country_label("HU", "Hungary")
    ICELAND = "IS", country_label("IS", "Iceland")
    INDIA = "IN", country_label("IN", "India")
    INDONESIA = "ID", country_label("ID", "Indonesia")
    IRAN = "IR", country_label("IR", "Iran")
    IRAQ = "IQ", country_label("IQ", "Iraq")
    IRELAND = "IE", country_label("IE", "Ireland")
    ISLE_OF_MAN = "IM", country_label("IM", "Isle of Man")
    ISRAEL = "IL", country_label("IL", "Israel")
    ITALY = "IT", country_label("IT", "Italy")
    JAMAICA = "JM", country_label("JM", "Jamaica")
    JAPAN = "JP", country_label("JP", "Japan")
    JERSEY = "JE", country_label("JE", "Jersey")
    JORDAN = "JO", country_label("JO", "Jordan")
    KAZAKHSTAN = "KZ", country_label("KZ", "Kazakhstan")
    KENYA = "KE", country_label("KE", "Kenya")
    KIRIBATI = "KI", country_label("KI", "Kiribati")
    KUWAIT = "KW", country_label("KW", "Kuwait")
    KYRGYZSTAN = "KG", country_label("KG", "Kyrgyzstan")
    LAOS = "LA", country_label("LA", "Laos")
    LATVIA = "LV", country_label("LV", "Latvia")
    LEBANON = "LB", country_label("LB", "Lebanon")
    LESOTHO = "LS", country_label("LS", "Lesotho")
    LIBERIA = "LR", country_label("LR", "Liberia")
    LIBYA = "LY", country_label("LY", "Libya")
    LIECHTENSTEIN = "LI", country_label("LI", "Liechtenstein")
    LITHUANIA = "LT", country_label("LT", "Lithuania")
    LUXEMBOURG = "LU", country_label("LU", "Luxembourg")
    MACAO = "MO", country_label("MO", "Macao")
    MADAGASCAR = "MG", country_label("MG", "Madagascar")
    MALAWI = "MW", country_label("MW", "Malawi")
    MALAYSIA = "MY", country_label("MY", "Malaysia")
    MALDIVES = "MV", country_label("MV", "Maldives")
    MALI = "ML", country_label("ML", "Mali")
    MALTA = "MT", country_label("MT", "Malta")
    MARSHALL_ISLANDS = "MH", country_label("MH", "Marshall Islands")
    MARTINIQUE = "MQ", country_label("MQ", "Martinique")
    MAURITANIA = "MR", country_label("MR", "Mauritania")
    MAURITIUS = "MU", country_label("MU", "Mauritius")
    MAYOTTE = "YT", country_label("YT", "Mayotte")
    MEXICO = "MX", country_label("MX", "Mexico")
    MICRONESIA = "FM", country_label("FM", "Micronesia")
    MOLDOVA = "MD", country_label("MD", "Moldova")
    MONACO = "MC", country_label("MC", "Monaco")
    MONGOLIA = "MN", country_label("MN", "Mongolia")
    MONTENEGRO = "ME", country_label("ME", "Montenegro")
    MONTSERRAT = "MS", country_label("MS", "Montserrat")
    MOROCCO = "MA", country_label("MA", "Morocco")
    MOZAMBIQUE = "MZ", country_label("MZ", "Mozambique")
    MYANMAR = "MM", country_label("MM", "Myanmar")
    NAMIBIA = "NA", country_label("NA", "Namibia")
    NAURU = "NR", country_label("NR", "Nauru")
    NEPAL = "NP", country_label("NP", "Nepal")
    NETHERLANDS = "NL", country_label("NL", "Netherlands")
    NEW_CALEDONIA = "NC", country_label("NC", "New Caledonia")
    NEW_ZEALAND = "NZ", country_label("NZ", "New Zealand")
    NICARAGUA = "NI", country_label("NI", "Nicaragua")
    NIGER = "NE", country_label("NE", "Niger")
    NIGERIA = "NG", country_label("NG", "Nigeria")
    NIUE = "NU", country_label("NU", "Niue")
    NORFOLK_ISLAND = "NF", country_label("NF", "Norfolk Island")
    NORTH_KOREA = "KP", country_label("KP", "North Korea")
    NORTH_MACEDONIA = "MK", country_label("MK", "North Macedonia")
    NORTHERN_MARIANA_ISLANDS = "MP", country_label("MP", "Northern Mariana Islands")
    NORWAY = "NO", country_label("NO", "Norway")
    OMAN = "OM", country_label("OM", "Oman")
    PAKISTAN = "PK", country_label("PK", "Pakistan")
    PALAU = "PW", country_label("PW", "Palau")
    PALESTINE = "PS", country_label("PS", "Palestine")
    PANAMA = "PA", country_label("PA", "Panama")
    PAPUA_NEW_GUINEA = "PG", country_label("PG", "Papua New Guinea")
    PARAGUAY = "PY", country_label("PY", "Paraguay")
    PERU = "PE", country_label("PE", "Peru")
    PHILIPPINES = "PH", country_label("PH", "Philippines")
    PITCAIRN = "PN", country_label("PN", "Pitcairn")
    POLAND = "PL", country_label("PL", "Poland")
    PORTUGAL = "PT", country_label("PT", "Portugal")
    PUERTO_RICO = "PR", country_label("PR", "Puerto Rico")
    QATAR = "QA", country_label("QA", "Qatar")
    REPUBLIC_OF_THE_CONGO = "CG", country_label("CG", "Republic of the Congo")
    REUNION = "RE", country_label("RE", "Réunion")
    ROMANIA = "RO", country_label("RO", "Romania")
    RUSSIA = "RU", country_label("RU", "Russia")
    RWANDA = "RW", country_label("RW", "Rwanda")
    SABA = "XS", country_label("XS", "Saba")
    SAINT_BARTHELEMY = "BL", country_label("BL", "Saint Barthélemy")
    SAINT_HELENA_ASCENSION_AND_TRISTAN_DA_CUNHA = (
        "SH",
        country_label("SH", "Saint Helena, Ascension and Tristan da Cunha"),
    )
    SAINT_KITTS_AND_NEVIS = "KN", country_label("KN", "Saint Kitts and Nevis")
    SAINT_LUCIA = "LC", country_label("LC", "Saint Lucia")
    SAINT_PIERRE_AND_MIQUELON = "PM", country_label("PM", "Saint Pierre and Miquelon")
    SAINT_VINCENT = "VC", country_label("VC", "Saint Vincent and the Grenadines")
    SAINT_MARTIN = "MF", country_label("MF", "Saint-Martin")
    SAMOA = "WS", country_label("WS", "Samoa")
    SAN_MARINO = "SM", country_label("SM", "San Marino")
    SAO_TOME_AND_PRINCIPE = "ST", country_label("ST", "Sao Tome and Principe")
    SAUDI_ARABIA = "SA", country_label("SA", "Saudi Arabia")
    SENEGAL = "SN", country_label("SN", "Senegal")
    SERBIA = "RS", country_label("RS", "Serbia")
    SEYCHELLES = "SC", country_label("SC", "Seychelles")
    SIERRA_LEONE = "SL", country_label("SL", "Sierra Leone")
    SINGAPORE = "SG", country_label("SG", "Singapore")
    SINT_EUSTATIUS = "XE", country_label("XE", "Sint Eustatius")
    SINT_MAARTEN = "SX", country_label("SX", "Sint Maarten")
    SLOVAKIA = "SK", country_label("SK", "Slovakia")
    SLOVENIA = "SI", country_label("SI", "Slovenia")
    SOLOMON_ISLANDS = "SB", country_label("SB", "Solomon Islands")
    SOMALIA = "SO", country_label("SO", "Somalia")
    SOUTH_AFRICA = "ZA", country_label("ZA", "South Africa")
    SOUTH_GEORGIA_AND_THE_SOUTH_SANDWICH_ISLANDS = (
        "GS",
        country_label("GS", "South Georgia and the South Sandwich Islands"),
    )
    SOUTH_KOREA = "KR", country_label("KR", "South Korea")
    SOUTH_SUDAN = "SS", country_label("SS", "South Sudan")
    SPAIN = "ES", country_label("ES", "Spain")
    SRI_LANKA = "LK", country_label("LK", "Sri Lanka")
    SUDAN = "SD", country_label("SD", "Sudan")
    SURINAME = "SR", country_label("SR", "Suriname")
    SVALBARD_AND_JAN_MAYEN = "SJ", country_label("SJ", "Svalbard and Jan Mayen")
    SWEDEN = "SE", country_label("SE", "Sweden")
    SWITZERLAND = "CH", country_label("CH", "Switzerland")
    SYRIA = "SY", country_label("SY", "Syria")
    TAIWAN = "TW", country_label("TW", "Taiwan")
    TAJIKISTAN = "TJ", country_label("TJ", "Tajikistan")
    TANZANIA = "TZ", country_label("TZ", "Tanzania")
    THAILAND = "TH", country_label("TH", "Thailand")
    TIMOR_LESTE = "TL", country_label("TL", "Timor-Leste")
    TOGO = "TG", country_label("TG", "Togo")
    TOKELAU = "TK", country_label("TK", "Tokelau")
    TONGA = "TO", country_label("TO", "Tonga")
    TRINIDAD_AND_TOBAGO = "TT", country_label("TT", "Trinidad and Tobago")
    TUNISIA = "TN", country_label("TN", "Tunisia")
    TURKIYE = "TR", country_label("TR", "Türkiye")
    TURKMENISTAN = "TM", country_label("TM", "Turkmenistan")
    TURKS_AND_CAICOS_ISLANDS = "TC", country_label("TC", "Turks and Caicos Islands")
    TUVALU = "TV", country_label("TV", "Tuvalu")
    UGANDA = "UG", country_label("UG", "Uganda")
    UKRAINE = "UA", country_label("UA", "Ukraine")
    UNITED_ARAB_EMIRATES = "AE", country_label("AE", "United Arab Emirates")
    UNITED_KINGDOM = "GB", country_label("GB", "United Kingdom")
    UNITED_STATES = "US", country_label("US", "United States")
    UNITED_STATES_MINOR_OUTLYING_ISLANDS = (
        "UM",
        country_label("UM", "United States Minor Outlying Islands"),
    )
    UNITED_STATES_VIRGIN_ISLANDS = (
        "VI",
        country_label("VI", "United States Virgin Islands"),
    )
    URUGUAY = "UY", country_label("UY", "Uruguay")
    UZBEKISTAN = "UZ", country_label("UZ", "Uzbekistan")
    VANUATU = "VU", country_label("VU", "Vanuatu")
    VENEZUELA = "VE", country_label("VE", "Venezuela")
    VIETNAM = "VN", country_label("VN", "Vietnam")
    WALLIS_AND_FUTUNA = "WF", country_label("WF", "Wallis and Futuna")
    WESTERN_SAHARA = "EH", country_label("EH", "Western Sahara")
    YEMEN = "YE", country_label("YE", "Yemen")
    ZAMBIA = "ZM", country_label("ZM", "Zambia")
    ZIMBABWE = "ZW", country_label("ZW", "Zimbabwe")
    OTHER = "ZZ", country_label("ZZ", "Other")


class GovernmentSector(models.TextChoices):
    """Which part of government an official works in (organisation type "government")."""

    POLICE = "police", _("Police")
    IMMIGRATION = "immigration", _("Immigration")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    PROSECUTION_JUDICIARY = "prosecution_judiciary", _("Prosecution and judiciary")
    SOCIAL_SERVICES = "social_services", _("Social services")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other government")
