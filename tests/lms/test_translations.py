"""Harbour reads in every interface language, and stays that way.

a. Every catalogue (locale/<lang>/LC_MESSAGES/{django,djangojs}.po) translates
   every string, with nothing fuzzy and the same placeholders; each .mo is
   compiled from its .po.
b. No template shows text outside a translation tag.
c. The committed catalogues are what `make messages` makes from today's code.
d. A page in a language shows that language: `<html lang>` says so, and no
   English string that the language's catalogue translates is left on it.

The checks themselves are in translation_checks.py, tested here on small inputs.
"""

import re
import textwrap

import polib
import pytest
from django.test import override_settings
from django.urls import reverse

from tests import factories

from . import translation_checks as checks

# --- a. catalogues -----------------------------------------------------------


@pytest.mark.parametrize("domain", checks.DOMAINS)
@pytest.mark.parametrize("language", checks.LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(language, domain):
    po_path = checks.LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    assert po_path.exists(), f"{po_path} is missing: run make messages"
    problems = checks.catalogue_problems(po_path, language)
    assert not problems, f"{len(problems)} to mend:\n" + "\n".join(problems)


HAND_KEPT = sorted(
    po for root in checks.HAND_KEPT_LOCALE_DIRS for po in root.glob("*/*/*.po")
)


@pytest.mark.parametrize(
    "po_path", HAND_KEPT, ids=lambda path: str(path.relative_to(checks.BASE_DIR))
)
def test_hand_kept_catalogues_are_complete(po_path):
    language = po_path.parent.parent.name
    problems = checks.catalogue_problems(po_path, language)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "po_path",
    sorted(checks.LOCALE_DIR.glob("*/LC_MESSAGES/*.po")) + HAND_KEPT,
    ids=lambda path: str(path.relative_to(checks.BASE_DIR)),
)
def test_every_compiled_catalogue_matches_its_po(po_path):
    problems = checks.compiled_problems(po_path)
    assert not problems, "\n".join(problems)


SAMPLE_PO = textwrap.dedent(
    """\
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

    #: templates/lms/account.html
    msgid "Your account"
    msgstr "Su cuenta"

    #: templates/lms/privacy.html
    #, fuzzy
    msgid "Privacy notice"
    msgstr "Aviso de privacidad"

    #: templates/includes/header.html
    msgid "Sign out"
    msgstr ""

    #: lms/admin_views.py
    #, python-format
    msgid "%(name)s's personal details were erased."
    msgstr "Se borraron los datos personales de %(nombre)s."

    #: cohorts/views.py
    #, python-format
    msgid "%(count)s participant"
    msgid_plural "%(count)s participants"
    msgstr[0] "%(count)s participante"
    msgstr[1] ""
    """
)


def test_the_catalogue_check_reports_fuzzy_empty_and_changed_placeholders(tmp_path):
    po_path = tmp_path / "django.po"
    po_path.write_text(SAMPLE_PO, encoding="utf-8")

    problems = checks.catalogue_problems(po_path, "es")

    assert len(problems) == 4, problems
    fuzzy, empty, placeholder, plural = problems
    assert "es: msgid 'Privacy notice' is marked fuzzy" in fuzzy
    assert "templates/lms/privacy.html" in fuzzy
    assert f"{po_path}:" in fuzzy
    assert "es: msgid 'Sign out' has no translation" in empty
    assert "templates/includes/header.html" in empty
    assert "['%(nombre)s']" in placeholder and "['%(name)s']" in placeholder
    assert "'%(count)s participant' has no translation (msgstr[1])" in plural


def test_the_compiled_check_notices_a_stale_mo(tmp_path):
    po_path = tmp_path / "django.po"
    po_path.write_text(SAMPLE_PO, encoding="utf-8")
    polib.pofile(str(po_path)).save_as_mofile(str(tmp_path / "django.mo"))
    assert checks.compiled_problems(po_path) == []

    catalogue = polib.pofile(str(po_path))
    catalogue.find("Your account").msgstr = "Tu cuenta"
    catalogue.save()

    (problem,) = checks.compiled_problems(po_path)
    assert "'Your account'" in problem and "run make messages" in problem


# --- b. templates --------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    checks.template_files(),
    ids=lambda path: str(path.relative_to(checks.BASE_DIR)),
)
def test_no_template_shows_text_outside_a_translation_tag(template):
    findings = checks.untranslated_text(template.read_text(encoding="utf-8"))
    where = template.relative_to(checks.BASE_DIR)
    assert not findings, "Wrap in {% translate %} or {% blocktranslate %}:\n" + (
        "\n".join(f"{where}:{finding}" for finding in findings)
    )


@pytest.mark.parametrize(
    "source",
    [
        '{% load i18n %}<h1>{% translate "Sign in" %}</h1>',
        "{% blocktranslate trimmed with name=user.name %}\n Hello {{ name }}\n"
        "{% endblocktranslate %}",
        "<p>{{ page.title }} · Harbour</p>",
        "{# a note for developers #}<!-- an HTML comment -->",
        "{% comment %}Why this block exists{% endcomment %}",
        '<img src="/x.png" alt="">',
        '<a title="{% translate "Account" %}" href="{% url \'account\' %}">{{ user }}</a>',
        '<button aria-label="{% translate "Close" %}">&times;</button>',
        '<button type="submit" name="action" value="approve">{% translate "Approve" %}'
        "</button>",
        "<script>const words = 'not text';</script><style>a { color: red; }</style>",
        "<p>18–19 · 2026 ©</p>",
        '<meta name="description" content="{% block d %}{% endblock %}">',
    ],
)
def test_the_template_scan_passes_translated_and_non_text(source):
    assert checks.untranslated_text(source) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<h1>Sign in</h1>", ["1: Sign in"]),
        ('{% load i18n %}\n\n<p>{% translate "Ok" %} then more</p>', ["3: then more"]),
        ('<img src="x.png" alt="Harbour\'s logo">', ['1: alt="Harbour\'s logo"']),
        (
            '<input type="search" placeholder="Search courses">',
            ['1: placeholder="Search courses"'],
        ),
        (
            '<a aria-label="Main menu" href="/">{% translate "Menu" %}</a>',
            ['1: aria-label="Main menu"'],
        ),
        ('<input type="submit" value="Send">', ['1: value="Send"']),
        (
            '<meta name="description" content="Training for all">',
            ['1: content="Training for all"'],
        ),
        ("<title>Results · Harbour</title>", ["1: Results"]),
    ],
)
def test_the_template_scan_reports_bare_words_with_their_line(source, expected):
    found = [str(finding) for finding in checks.untranslated_text(source)]
    for item in expected:
        assert item in found, found
    assert found


# --- c. makemessages is current ----------------------------------------------


@pytest.fixture(scope="module")
def fresh_spanish_catalogues(tmp_path_factory):
    """makemessages for Spanish, as `make messages` runs it, into a copy."""
    problem = checks.gettext_missing_message()
    if problem:
        pytest.fail(problem)
    return checks.extract("es", tmp_path_factory.mktemp("makemessages"))


@pytest.mark.parametrize("domain", checks.DOMAINS)
def test_committed_catalogues_are_what_make_messages_makes(
    fresh_spanish_catalogues, domain
):
    committed = checks.LOCALE_DIR / "es" / "LC_MESSAGES" / f"{domain}.po"
    fresh = fresh_spanish_catalogues / "es" / "LC_MESSAGES" / f"{domain}.po"
    problems = checks.currency_problems(committed, fresh)
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:80])


def test_country_names_are_left_to_cldr(fresh_spanish_catalogues):
    fresh = fresh_spanish_catalogues / "es" / "LC_MESSAGES" / "django.po"
    extracted = {msgid for _context, msgid, _plural in checks.msgids(fresh)}
    assert "Afghanistan" not in extracted and "Dominican Republic" not in extracted
    assert {"Bonaire", "Sint Eustatius", "Saba", "Other country"} <= extracted


@pytest.mark.parametrize("language", checks.LANGUAGES[1:])
def test_every_language_has_the_same_strings_as_spanish(language):
    for domain in checks.DOMAINS:
        spanish = checks.LOCALE_DIR / "es" / "LC_MESSAGES" / f"{domain}.po"
        other = checks.LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
        problems = checks.currency_problems(other, spanish)
        assert not problems, "\n".join(problems[:80])


def test_papiamentu_dates_do_not_depend_on_harbours_catalogue(tmp_path):
    """Django's month and day names in Papiamentu live in lms/locale, which
    make messages leaves alone; locale/pap holds only Harbour's strings."""
    import datetime

    from django.utils import formats, translation

    messages = tmp_path / "pap" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    harbour_only = polib.POFile()
    harbour_only.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    harbour_only.append(polib.POEntry(msgid="Save language", msgstr="Warda idioma"))
    harbour_only.save_as_mofile(str(messages / "django.mo"))

    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("pap"):
        day = datetime.date(2026, 10, 18)
        assert formats.date_format(day, "DATE_FORMAT") == "18 di òktober 2026"
        assert translation.gettext("Save language") == "Warda idioma"


def test_the_currency_check_names_missing_and_obsolete_strings(tmp_path):
    committed, fresh = tmp_path / "committed.po", tmp_path / "fresh.po"
    old, new = polib.POFile(), polib.POFile()
    old.append(polib.POEntry(msgid="Sign in", msgstr="Iniciar sesión"))
    old.append(polib.POEntry(msgid="Log in", msgstr="Entrar"))
    new.append(polib.POEntry(msgid="Sign in"))
    new.append(polib.POEntry(msgid="Main", msgctxt="site navigation"))
    old.save(str(committed))
    new.save(str(fresh))

    problems = checks.currency_problems(committed, fresh)

    assert problems == [
        f"{committed}: missing 'Main' (context 'site navigation'): run make messages",
        f"{committed}: obsolete 'Log in' (no longer in the code): run make messages",
    ]


# --- d. each language's text in its place -----------------------------------

PAGES = ["home", "sign-in", "privacy", "404", "account", "my-learning"]


def _page_url(name: str) -> str:
    return {
        "home": "/",
        "sign-in": reverse("login"),
        "privacy": reverse("privacy"),
        "404": "/no-such-page-here/",
        "account": reverse("account"),
        "my-learning": reverse("courses:my_learning"),
    }[name]


def _get(client, name, language):
    if name in {"account", "my-learning"}:
        person = factories.participant()
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
        client.force_login(person)
    response = client.get(_page_url(name), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == (404 if name == "404" else 200)
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", checks.LANGUAGES)
def test_a_page_in_a_language_shows_that_language(client, home_page, language, page):
    text = _get(client, page, language)

    assert re.search(rf'<html lang="{language}"', text), text[:300]
    catalogue = checks.LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    left = checks.english_left_in(text, checks.translated_msgids(catalogue))
    assert not left, f"English on the {language} {page} page: {left}"


@pytest.fixture
def spanish_catalogue(tmp_path):
    """A hand-made Spanish catalogue for two of the privacy page's strings."""
    messages = tmp_path / "locale" / "es" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(
        polib.POEntry(msgid="Privacy notice", msgstr="Aviso de privacidad")
    )
    catalogue.append(polib.POEntry(msgid="Who can see it", msgstr="Quién puede verlo"))
    catalogue.save(str(messages / "django.po"))
    catalogue.save_as_mofile(str(messages / "django.mo"))
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        yield messages / "django.po"


@pytest.mark.django_db
def test_with_a_catalogue_the_page_speaks_spanish(client, home_page, spanish_catalogue):
    text = _get(client, "privacy", "es")

    assert "Aviso de privacidad" in text and "Quién puede verlo" in text
    assert (
        checks.english_left_in(text, checks.translated_msgids(spanish_catalogue)) == []
    )


@pytest.mark.django_db
def test_english_where_spanish_belongs_is_reported(
    client, home_page, spanish_catalogue
):
    # The page rendered in English stands for text rendered outside the
    # request's language (a gettext at import time, a missing override).
    text = _get(client, "privacy", "en")

    left = checks.english_left_in(text, checks.translated_msgids(spanish_catalogue))

    assert left == ["Privacy notice", "Who can see it"]


def test_visible_texts_include_text_attributes_but_not_scripts():
    page = (
        '<html lang="es"><head><title>Aviso · Harbour</title>'
        "<script>var label = 'Sign in';</script></head><body>"
        '<a href="/" title="Your account">Inicio</a><!-- Sign in -->'
        '<select><option value="en" lang="en">English</option></select></body></html>'
    )
    assert checks.visible_texts(page) == ["Aviso · Harbour", "Inicio", "Your account"]
    assert checks.english_left_in(page, {"Your account", "Sign in"}) == ["Your account"]
