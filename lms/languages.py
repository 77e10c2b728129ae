"""Harbour's interface languages: Papiamentu for Django, its fallback, and the
participant's saved choice.

Django ships no catalogue and no `LANG_INFO` entry for Papiamentu (`pap`).
`install()` (called from `LmsConfig.ready()`) adds both pieces Django needs:
the language's names, and a fallback chain so that any string Django's, Wagtail's
or Harbour's own catalogues lack in Papiamentu is shown in Dutch, and only then
in English. Django itself falls back straight to `LANGUAGE_CODE`.
"""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation import check_for_language, trans_real

PAPIAMENTU = {
    "bidi": False,
    "code": "pap",
    "name": "Papiamento",
    "name_local": "Papiamentu",
}

# A language without catalogues of its own reads the first of these that has
# the string, then LANGUAGE_CODE (English).
FALLBACKS = {"pap": "nl"}

_django_add_fallback = trans_real.DjangoTranslation._add_fallback


def _add_fallback(self, localedirs=None):
    """Chain the configured fallback language before Django's own default."""
    fallback_language = FALLBACKS.get(self.language())
    if fallback_language is None:
        return _django_add_fallback(self, localedirs)
    if self.domain == "django":
        fallback = trans_real.translation(fallback_language)
    else:
        fallback = trans_real.DjangoTranslation(
            fallback_language, domain=self.domain, localedirs=localedirs
        )
    # The Dutch translation falls back to English in turn.
    self.add_fallback(fallback)


def install() -> None:
    """Teach Django Papiamentu's names and its Dutch-then-English fallback."""
    LANG_INFO.setdefault("pap", PAPIAMENTU)
    if trans_real.DjangoTranslation._add_fallback is not _add_fallback:
        trans_real.DjangoTranslation._add_fallback = _add_fallback


def language_choices() -> list[tuple[str, str]]:
    """The interface languages, each in its own name."""
    return list(settings.LANGUAGES)


def is_interface_language(code: str) -> bool:
    """Whether `code` is one of Harbour's interface languages with a catalogue."""
    return code in dict(settings.LANGUAGES) and check_for_language(code)


def user_set_preferred_language(*, user, language: str) -> None:
    """Save a person's interface language; an empty one follows their browser."""
    if language and not is_interface_language(language):
        raise ValueError(f"Unknown interface language {language!r}")
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
