"""The JavaScript catalogue at /jsi18n/: `gettext` and friends for Harbour's
scripts, in the page's language, loaded before every other script."""

import re

import polib
import pytest
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def js_catalogues(tmp_path):
    """Hand-made djangojs catalogues: Spanish and Dutch (Papiamentu's fallback)."""
    for language, text in (("es", "Copiado"), ("nl", "Gekopieerd")):
        messages = tmp_path / language / "LC_MESSAGES"
        messages.mkdir(parents=True)
        catalogue = polib.POFile()
        catalogue.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
        catalogue.append(polib.POEntry(msgid="Copied", msgstr=text))
        catalogue.save_as_mofile(str(messages / "djangojs.mo"))
    # Django accepts Papiamentu only where it finds a catalogue of it.
    papiamentu = tmp_path / "pap" / "LC_MESSAGES"
    papiamentu.mkdir(parents=True)
    empty = polib.POFile()
    empty.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    empty.save_as_mofile(str(papiamentu / "django.mo"))
    cache.clear()
    with override_settings(LOCALE_PATHS=[tmp_path]):
        yield
    cache.clear()


def test_the_catalogue_speaks_the_requests_language(client, js_catalogues):
    spanish = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="es")
    english = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="en")

    assert spanish.status_code == 200
    assert spanish["Content-Type"].startswith("text/javascript")
    assert '"Copied": "Copiado"' in spanish.text
    assert "django.gettext = function" in spanish.text
    assert english.status_code == 200
    assert "Copiado" not in english.text
    assert "django.gettext = function" in english.text


def test_papiamentu_reads_dutch_where_it_has_no_translation(client, js_catalogues):
    response = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="pap")

    assert response.status_code == 200
    assert '"Copied": "Gekopieerd"' in response.text


def test_a_browser_asks_again_and_gets_not_modified_while_nothing_changed(client):
    first = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="es")
    again = client.get(
        "/jsi18n/", HTTP_ACCEPT_LANGUAGE="es", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    other_language = client.get(
        "/jsi18n/", HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert "no-cache" in first["Cache-Control"]
    assert again.status_code == 304
    assert other_language.status_code == 200


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_loads_the_catalogue_before_its_scripts(client, home_page, language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', response.text)
    assert scripts[0] == "/jsi18n/"
    assert any(src.endswith("js/harbour.js") for src in scripts[1:])
    assert f'<html lang="{language}">' in response.text
