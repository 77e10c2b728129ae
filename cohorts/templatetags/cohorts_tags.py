"""Small template filters for the facilitator pages."""

from django import template

register = template.Library()

LETTERS = {"present": "P", "late": "L", "excused": "E", "absent": "A"}


@register.filter
def index(sequence, position):
    """sequence[position], or None."""
    try:
        return sequence[position]
    except (IndexError, TypeError, KeyError):
        return None


@register.filter
def get(mapping, key):
    """mapping.get(key)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def status_letter(status):
    """One letter for an attendance status; a dot when not marked."""
    return LETTERS.get(status, "·")


@register.filter
def signed(number):
    """A number with its sign, e.g. +12.5 or −3."""
    if number is None:
        return ""
    value = round(float(number), 1)
    text = f"{abs(value):g}"
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return "0"
