"""Course pages across languages: which translation of a page to show, and its siblings.

Every course page exists once per translation, all sharing one
``translation_key`` (Wagtail's locales, filled by wagtail-localize; decision
0010). A participant reads the translation in the active interface language
when one is published, else the source; a ``?lang=`` link asks for one
language on purpose. The page models and selectors build on these functions,
which never import them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

# The query parameter of the "this page in other languages" links.
LANGUAGE_PARAMETER = "lang"


# Locales are few and never renumbered: their codes are remembered once read.
_LOCALE_CODES: dict[int, str] = {}


def _locale_codes(refresh: bool = False) -> dict[int, str]:
    if refresh or not _LOCALE_CODES:
        _LOCALE_CODES.clear()
        _LOCALE_CODES.update(Locale.objects.values_list("pk", "language_code"))
    return _LOCALE_CODES


def default_locale_id() -> int | None:
    """The id of the default content locale (the one the source pages are in)."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    for refresh in (False, True):
        for pk, code in _locale_codes(refresh).items():
            if code == default:
                return pk
    return None


def active_locale() -> Locale | None:
    """The content locale of the active interface language, or None when it has none."""
    try:
        return Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return None


def content_language_name(code: str) -> str:
    """A content language in its own name ("Español"), as the settings list it."""
    return dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(code, code)


def localize_pages(pages: Iterable[Page], locale: Locale | None = None) -> list[Page]:
    """One page per translation_key, in the order first met: the live translation in
    `locale` (default: the active one) where there is one, else the page in the
    default locale, else the first one met. Two queries at most."""
    pages = list(pages)
    if not pages:
        return []
    locale = locale or active_locale()
    default_id = default_locale_id()
    chosen: dict[object, Page] = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or (
            page.locale_id == default_id and current.locale_id != default_id
        ):
            chosen[page.translation_key] = page
    if locale is not None:
        model = type(pages[0])
        missing = [key for key, page in chosen.items() if page.locale_id != locale.pk]
        if missing:
            for page in model.objects.live().filter(
                translation_key__in=missing, locale=locale
            ):
                chosen[page.translation_key] = page
    order = list(dict.fromkeys(page.translation_key for page in pages))
    return [chosen[key] for key in order]


def source_page(page: Page) -> Page:
    """The page's counterpart in the default locale (the source of its translations),
    or the page itself when it has none."""
    default_id = default_locale_id()
    if page.locale_id == default_id or default_id is None:
        return page
    return (
        type(page)
        .objects.filter(translation_key=page.translation_key, locale_id=default_id)
        .first()
        or page
    )


def page_for_request(page: Page, request) -> Page:
    """The translation a request asks for with ``?lang=`` (when published), else the page."""
    code = (request.GET.get(LANGUAGE_PARAMETER) or "").strip()
    if not code or code == language_of(page):
        return page
    found = (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=code)
        .first()
    )
    return found or page


@dataclass(frozen=True)
class PageTranslation:
    """A published translation of a page, for the "other languages" links."""

    language_code: str
    name: str
    url: str


def other_translations(page: Page, request=None) -> list[PageTranslation]:
    """The page's published translations in the other content languages, in the
    order of the settings, each with the address that shows it."""
    if not page.pk:
        return []
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    found = {
        other.locale.language_code: other
        for other in type(page)
        .objects.live()
        .filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .select_related("locale")
    }
    result = []
    for code in codes:
        other = found.get(code)
        if other is None:
            continue
        url = other.get_url(request)
        if not url:
            continue
        result.append(
            PageTranslation(
                language_code=code,
                name=content_language_name(code),
                url=f"{url}?{LANGUAGE_PARAMETER}={code}",
            )
        )
    return result


def language_of(page: Page) -> str:
    """The language code of the page's locale."""
    codes = _locale_codes()
    if page.locale_id not in codes:
        codes = _locale_codes(refresh=True)
    return codes.get(page.locale_id, "")


def foreign_language(page: Page) -> str:
    """The page's language code when it is not the interface's, else an empty string
    (templates put it in a ``lang`` attribute)."""
    code = language_of(page) if page.locale_id else ""
    current = translation.get_language() or settings.LANGUAGE_CODE
    return "" if not code or code == current else code
