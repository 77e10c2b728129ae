"""Certificates as PDF: one HTML document for a whole batch, laid out once by
WeasyPrint, then split into one file per person (see bench/certificates.py)."""

import base64
import dataclasses
import hashlib
import re
import string
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import segno
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from . import pdfpages
from .codes import format_code
from .models import DEFAULT_BODY, DEFAULT_TITLE

PLACEHOLDERS = ("participant", "course", "cohort", "dates", "location", "hours")
# A fixed mask pattern: choosing the "best" one costs 8 ms a code and any mask
# scans.
MASK = 4
PDF_OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}


def check_placeholders(body: str) -> str | None:
    """A message naming the first unknown or malformed placeholder, or None."""
    try:
        fields = [
            name
            for _text, name, _spec, _conv in string.Formatter().parse(body)
            if name is not None
        ]
    except ValueError:
        return _("Braces must wrap a placeholder, like {participant}.")
    for name in fields:
        if name not in PLACEHOLDERS:
            return _("Unknown placeholder %(name)s; use %(placeholders)s") % {
                "name": "{" + name + "}",
                "placeholders": ", ".join("{" + p + "}" for p in PLACEHOLDERS),
            }
    return None


@dataclass(frozen=True)
class PrintedValues:
    """Everything printed on one certificate, as plain text."""

    participant: str
    course: str
    cohort: str
    dates: str
    location: str
    hours: str
    code: str
    issued_on: date
    # The cohort's language: the page's dates and Django's words are in it.
    language: str = ""
    # A bilingual template's second language, and the dates as printed in it.
    second_language: str = ""
    second_dates: str = ""

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def issued_on_text(self) -> str:
        """The day of issue in the certificate's language."""
        return format_date(self.issued_on, self.language or None)

    def in_language(self, language: str) -> "PrintedValues":
        """The same certificate with the dates as printed in one of its languages."""
        if language and language == self.second_language and self.second_dates:
            return dataclasses.replace(self, dates=self.second_dates)
        return self


@dataclass(frozen=True)
class BodyPart:
    text: str
    placeholder: str = ""
    value: str = ""


def body_parts(body: str, values: PrintedValues) -> list[BodyPart]:
    """The template wording split into literal text and filled-in values; the
    page template escapes both, so a name can never become markup."""
    parts = []
    try:
        parsed = list(string.Formatter().parse(body))
    except ValueError:
        return [BodyPart(text=body)]
    for literal, name, _spec, _conv in parsed:
        value = getattr(values, name, "") if name in PLACEHOLDERS else ""
        parts.append(BodyPart(text=literal, placeholder=name or "", value=value))
    return parts


# English certificates print the day first, as the region writes it, where
# Django's English format is American ("Oct. 18, 2026").
ENGLISH_FORMATS = {"DATE_FORMAT": "j F Y", "MONTH_DAY_FORMAT": "j F"}


def _date_format(day: date, format_name: str) -> str:
    if (translation.get_language() or "en").split("-")[0] == "en":
        return formats.date_format(day, ENGLISH_FORMATS[format_name])
    return formats.date_format(day, format_name)


def format_date(day: date, language: str | None = None) -> str:
    """One day in a language's words: "18 October 2026", "18 de octubre de 2026"."""
    with translation.override(language or translation.get_language()):
        return _date_format(day, "DATE_FORMAT")


def format_dates(start: date, end: date, language: str | None = None) -> str:
    """A training's days in a language (the active one by default): "18–19 October
    2026", "18–19 de octubre de 2026", "30 October – 1 November 2026" or one day."""
    with translation.override(language or translation.get_language()):
        last = _date_format(end, "DATE_FORMAT")
        if start == end:
            return last
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{last}"
        if start.year == end.year:
            return f"{_date_format(start, 'MONTH_DAY_FORMAT')} – {last}"
        return f"{_date_format(start, 'DATE_FORMAT')} – {last}"


def format_hours(hours, language: str = "en") -> str:
    """12.0 prints as "12", 7.5 as "7.5" (in English; "7,5" in Spanish or Dutch)."""
    if hours is None:
        return ""
    value = Decimal(str(hours))
    value = (
        value.quantize(Decimal(1))
        if value == value.to_integral()
        else value.normalize()
    )
    with translation.override(language or "en"):
        return formats.number_format(value, use_l10n=True)


def verify_base() -> str:
    """The public verification page, as printed ("harbour.example.org/verify")."""
    base = getattr(settings, "HARBOUR_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}/verify/"


def verify_url(code: str) -> str:
    """The address the QR code links to."""
    return f"{verify_base()}{format_code(code)}/"


def qr_data_uri(url: str) -> str:
    """The QR code of a URL as an SVG data: URI."""
    return segno.make(url, error="m", micro=False, mask=MASK).svg_data_uri(
        scale=4, border=0, dark="#000"
    )


# Images go into the PDF as JPEG renditions on white: WeasyPrint copies JPEG data
# as it is, while a PNG with transparency is decoded and re-encoded for every
# file written (about 10 ms per image per certificate).
LOGO_RENDITION = "max-800x240|format-jpeg|bgcolor-ffffff|jpegquality-90"
SIGNATURE_RENDITION = "max-600x180|format-jpeg|bgcolor-ffffff|jpegquality-90"


def _image_url(image, spec: str, for_browser: bool = False) -> str:
    if image is None or not image.file:
        return ""
    rendition = image.get_rendition(spec)
    if for_browser:
        return rendition.url
    from .fetcher import media_asset_url  # WeasyPrint loads only when rendering

    return media_asset_url(rendition.file.name)


def batch_language(template, certificates: list[PrintedValues]) -> str:
    """A batch is one cohort's: its language, else the template's, else English."""
    first = certificates[0].language if certificates else ""
    return first or template.language or "en"


def second_language_for(template, language: str) -> str:
    """A bilingual template's second language, unless it is the cohort's own."""
    second = getattr(template, "second_language", "") or ""
    return "" if second == language else second


def _is_standard(text: str, standard: str) -> bool:
    return " ".join((text or "").split()) in ("", standard)


def wording(template, language: str, *, second: bool = False) -> tuple[str, str]:
    """(title, body) as printed in one language of the certificate.

    Harbour's standard title and wording (kept, or left blank) are translated;
    an administrator's own wording is printed as written, and in the second
    language as the template gives it there (nothing, if it gives none).
    """
    title, body = template.title, template.body
    with translation.override(language):
        standard_title = _(DEFAULT_TITLE)
        standard_body = _(DEFAULT_BODY)
    if not second:
        return (
            standard_title if _is_standard(title, DEFAULT_TITLE) else title,
            standard_body if _is_standard(body, DEFAULT_BODY) else body,
        )
    return (
        template.second_title
        or (standard_title if _is_standard(title, DEFAULT_TITLE) else ""),
        template.second_body
        or (standard_body if _is_standard(body, DEFAULT_BODY) else ""),
    )


def printed_title(template, language: str) -> str:
    """The certificate's title in its (first) language: PDF titles, credentials."""
    return wording(template, language)[0]


def _blocks(template, values: PrintedValues, language: str, second: str) -> list:
    """The wording of one certificate in each of its languages, first one first."""
    blocks = []
    for lang, is_second in ((language, False), (second, True)):
        if not lang:
            continue
        title, body = wording(template, lang, second=is_second)
        in_lang = values.in_language(lang)
        blocks.append(
            {
                "lang": lang,
                "second": is_second,
                "title": title,
                "parts": body_parts(body, in_lang) if body else [],
                "issued_on_text": format_date(values.issued_on, lang),
            }
        )
    return blocks


def template_context(
    template, certificates: list[PrintedValues], *, for_browser: bool = False
) -> dict:
    """The context of the PDF page template for a batch printed from one template."""
    signatories = list(template.signatories.all())
    language = batch_language(template, certificates)
    second = second_language_for(template, language)
    return {
        "template": template,
        "lang": language,
        "second_lang": second,
        "title": printed_title(template, language),
        "page_size": "letter" if template.page_size == "letter" else "A4",
        "orientation": template.orientation,
        "logo_url": _image_url(template.logo, LOGO_RENDITION, for_browser),
        "verify_base": verify_base().split("://", 1)[-1],
        "signatories": [
            {
                "name": s.name,
                "title": s.title,
                "signature_url": _image_url(
                    s.signature, SIGNATURE_RENDITION, for_browser
                ),
            }
            for s in signatories
        ],
        "pages": [
            {
                "values": values,
                "blocks": _blocks(template, values, language, second),
                "verify_url": verify_url(values.code),
                "qr": qr_data_uri(verify_url(values.code)),
            }
            for values in certificates
        ],
    }


def render_document(template, certificates: list[PrintedValues]):
    """Lay out every certificate of the batch in one WeasyPrint document (one page each)."""
    # WeasyPrint takes half a second to import: load it only when rendering.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import ASSET_BASE_URL, SafeURLFetcher

    with translation.override(batch_language(template, certificates)):
        html = render_to_string(
            "certificates/pdf/certificates.html",
            template_context(template, certificates),
        )
    return HTML(
        string=html, base_url=ASSET_BASE_URL, url_fetcher=SafeURLFetcher()
    ).render(font_config=FontConfiguration(), **PDF_OPTIONS)


def write_merged(document) -> bytes:
    """All pages of a rendered document as one PDF."""
    return document.write_pdf(**PDF_OPTIONS)


def write_outputs(
    document,
    titles: list[str] | None = None,
    attachments: list[pdfpages.Attachment | None] | None = None,
) -> tuple[list[bytes], pdfpages.TaggedSource]:
    """Each page as its own tagged PDF, and the whole batch opened for joining
    into the cohort's merged PDF (the caller closes it).

    Drawing every page once and cutting the file is about twice as fast as
    writing each page again with ``document.copy([page]).write_pdf()``
    (see docs/decisions/0004-certificate-rendering.md).
    """
    source = pdfpages.TaggedSource.open(write_merged(document))
    try:
        return pdfpages.split(source, titles, attachments), source
    except BaseException:
        source.close()
        raise


def sample_values(template) -> PrintedValues:
    """Made-up values for the admin preview, in the template's language(s)."""
    today = timezone.localdate()
    language = template.language or "en"
    second = second_language_for(template, language)
    return PrintedValues(
        participant="Jordan Example",
        course="Identifying and assisting victims of trafficking",
        cohort="Saint Lucia, October",
        dates=format_dates(today, today, language),
        location="Castries, Saint Lucia",
        hours="12",
        code="ABCDEFGHJKMNPQRSTUVW",
        issued_on=today,
        language=language,
        second_language=second,
        second_dates=format_dates(today, today, second) if second else "",
    )


def preview_response(template, mode_name: str) -> HttpResponse:
    """The admin's live preview: the certificate page as HTML, or the real PDF."""
    if mode_name == "pdf":
        pdf = write_merged(render_document(template, [sample_values(template)]))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        return response
    context = template_context(template, [sample_values(template)], for_browser=True)
    context["preview"] = True
    html = render_to_string("certificates/pdf/certificates.html", context)
    response = HttpResponse(html)
    # The page carries its stylesheet inline (WeasyPrint reads it the same way):
    # the Content Security Policy allows exactly that stylesheet, by its hash.
    digests = [
        base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        for css in re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
    ]
    response._csp_update = {"style-src": [f"'sha256-{d}'" for d in digests]}
    return response
