"""Harbour's interface languages: Papiamentu and its fallback, the switch on
every page, and a person's saved preference."""

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
# "Language", the switch's label, in each interface language.
LABELS = {
    "en": ">Language<",
    "es": ">Idioma<",
    "fr": ">Langue<",
    "nl": ">Taal<",
    "pap": ">Idioma<",
}


def _label_in(response, language: str) -> bool:
    html = response.content.decode()
    return LABELS[language] in html and f'<html lang="{language}">' in html


def test_the_five_languages_are_named_in_their_own_words():
    assert settings.LANGUAGES == [
        ("en", "English"),
        ("es", "Español"),
        ("fr", "Français"),
        ("nl", "Nederlands"),
        ("pap", "Papiamentu"),
    ]
    info = translation.get_language_info("pap")
    assert (info["name"], info["name_local"], info["bidi"]) == (
        "Papiamento",
        "Papiamentu",
        False,
    )


def test_a_string_django_lacks_in_papiamentu_reads_in_dutch():
    with translation.override("nl"):
        dutch = translation.gettext("This field is required.")
    with translation.override("pap"):
        papiamentu = translation.gettext("This field is required.")
    assert dutch == "Dit is een verplicht veld."
    assert papiamentu == dutch


def test_a_form_error_in_papiamentu_is_the_dutch_one():
    class NameForm(forms.Form):
        name = forms.CharField()

    with translation.override("pap"):
        form = NameForm(data={})
        assert form.errors["name"] == ["Dit is een verplicht veld."]


def test_papiamentu_uses_its_own_words_first_and_english_last():
    with translation.override("pap"):
        assert translation.gettext("Language") == "Idioma"
        assert translation.gettext("October") == "òktober"
        assert translation.gettext("A sentence no catalogue has.") == (
            "A sentence no catalogue has."
        )


def test_before_sign_in_the_site_follows_the_browser(client):
    response = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="es-DO,es;q=0.9")
    assert _label_in(response, "es")
    response = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="pap,nl;q=0.5")
    assert _label_in(response, "pap")


def test_the_switch_is_on_every_page_and_works_without_javascript(client, home_page):
    html = client.get("/").content.decode()
    assert f'action="{reverse("set_language")}" method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    for name in ("English", "Español", "Français", "Nederlands", "Papiamentu"):
        assert f">{name}</option>" in html

    response = client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("privacy")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy")
    assert response.cookies[COOKIE].value == "fr"
    assert _label_in(client.get(reverse("privacy")), "fr")


def test_the_switch_refuses_a_post_without_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "fr"})
    assert response.status_code == 403
    assert COOKIE not in response.cookies


def test_a_signed_in_persons_switch_is_saved_as_their_preference(
    client, django_assert_max_num_queries
):
    person = factories.participant()
    client.force_login(person)
    with django_assert_max_num_queries(4):
        client.post(reverse("set_language"), {"language": "nl", "next": "/account/"})
    person.refresh_from_db()
    assert person.preferred_language == "nl"


def test_after_sign_in_the_preference_wins_over_cookie_and_browser(client):
    person = factories.participant(preferred_language="es")
    client.force_login(person)
    client.cookies[COOKIE] = "fr"
    response = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="nl")
    assert _label_in(response, "es")


def test_signing_in_switches_to_the_preference(client):
    factories.participant(email="ana@example.org", preferred_language="pap")
    response = client.post(
        reverse("login"),
        {"username": "ana@example.org", "password": "pw-for-tests-1"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.wsgi_request.user.is_authenticated
    assert _label_in(response, "pap")


def test_without_a_preference_a_signed_in_person_follows_the_browser(client):
    client.force_login(factories.participant())
    response = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="nl-NL")
    assert _label_in(response, "nl")


def test_following_the_browser_again_clears_preference_and_cookie(client):
    person = factories.participant(preferred_language="fr")
    client.force_login(person)
    client.cookies[COOKIE] = "fr"
    response = client.post(
        reverse("set_language"), {"language": "", "next": reverse("account")}
    )
    assert response["Location"] == reverse("account")
    assert response.cookies[COOKIE].value == ""  # deleted
    person.refresh_from_db()
    assert person.preferred_language == ""
    page = client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="es")
    assert _label_in(page, "es")


def test_an_unknown_language_changes_nothing_and_says_so(client):
    person = factories.participant(preferred_language="es")
    client.force_login(person)
    response = client.post(
        reverse("set_language"),
        {"language": "ht", "next": reverse("account")},
        follow=True,
    )
    person.refresh_from_db()
    assert person.preferred_language == "es"
    assert COOKIE not in client.cookies or client.cookies[COOKIE].value != "ht"
    assert "Ese idioma no está disponible." in response.content.decode()


def test_the_switch_sends_a_visitor_only_back_to_this_site(client):
    response = client.post(
        reverse("set_language"),
        {"language": "es", "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == "/"


def test_the_account_page_sets_the_preference(client):
    person = factories.participant()
    client.force_login(person)
    html = client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="" selected>Follow my browser</option>' in html
    assert '<option value="pap" lang="pap">Papiamentu</option>' in html

    client.post(reverse("set_language"), {"language": "pap", "next": "/account/"})
    html = client.get(reverse("account")).content.decode()
    assert '<option value="pap" lang="pap" selected>Papiamentu</option>' in html
    assert "Sigui mi navegadó" in html


def test_the_old_default_and_haitian_creole_become_follow_the_browser():
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "lms.migrations.0007_user_preferred_language_follows_browser"
    )
    kept = factories.participant(preferred_language="nl")
    old_default = factories.participant(preferred_language="en")
    creole = factories.participant(preferred_language="ht")
    migration.follow_the_browser(apps, None)
    for person in (kept, old_default, creole):
        person.refresh_from_db()
    assert (kept.preferred_language, old_default.preferred_language) == ("nl", "")
    assert creole.preferred_language == ""


def test_the_javascript_catalogue_in_papiamentu_falls_back_to_dutch():
    from django.utils.translation.trans_real import DjangoTranslation

    dutch = DjangoTranslation("nl", domain="djangojs")
    papiamentu = DjangoTranslation("pap", domain="djangojs")
    assert dutch.gettext("Today") == "Vandaag"
    assert papiamentu.gettext("Today") == "Vandaag"
