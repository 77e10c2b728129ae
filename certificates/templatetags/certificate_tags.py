"""Dates on pages about a certificate, written as the certificate prints them."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language_info

from ..rendering import format_date

register = template.Library()


@register.filter
def printed_date(value) -> str:
    """A date or moment as a certificate prints it, in the active language:
    "19 October 2026", "19 de octubre de 2026", "19 di òktober 2026"."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return format_date(value)


@register.filter
def language_name(code: str) -> str:
    """A language's name in that language ("Nederlands", "Papiamentu")."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code
