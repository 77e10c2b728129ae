"""Country names in the interface language: Harbour's English, CLDR's others."""

import pytest
from django.urls import reverse
from django.utils import translation

from lms.choices import Country, country_name
from tests import factories


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [
        ("en", "CW", "Curaçao"),
        ("es", "CW", "Curazao"),
        ("es", "DO", "República Dominicana"),
        ("fr", "LC", "Sainte-Lucie"),
        ("nl", "NL", "Nederland"),
        ("pap", "CW", "Kòrsou"),
        ("pap", "NL", "Hulanda"),
        # CLDR has no Papiamentu name for the Emirates: Dutch, as for every string.
        ("pap", "AE", "Verenigde Arabische Emiraten"),
    ],
)
def test_a_country_reads_in_the_active_language(language, code, name):
    with translation.override(language):
        assert str(Country(code).label) == name
        assert dict(Country.choices)[code] == name


def test_english_names_are_harbours_own():
    with translation.override("en"):
        assert Country.BONAIRE.label == "Bonaire"
        assert Country.OTHER.label == "Other"
    assert country_name("ZZ", "Other", language="en-gb") == "Other"


def test_the_islands_keep_the_names_harbour_gives_them():
    for language in ("es", "fr", "nl", "pap"):
        with translation.override(language):
            # CLDR would say "Caribbean Netherlands" for BQ, and has no XE or XS.
            assert "Caribe" not in str(Country.BONAIRE.label)
            assert "Caribisch" not in str(Country.BONAIRE.label)
            assert str(Country.SABA.label)
            assert str(Country.SINT_EUSTATIUS.label) != "XE"


@pytest.mark.django_db
def test_the_account_page_names_the_country_in_the_persons_language(client):
    person = factories.participant(country=Country.CURACAO, preferred_language="es")
    client.force_login(person)

    page = client.get(reverse("account")).text

    assert '<html lang="es">' in page
    assert "<dd>Curazao</dd>" in page
