"""PDF rendering of certificates (placeholder checks now; full renderer follows)."""

import string

PLACEHOLDERS = ("participant", "course", "cohort", "dates", "location", "hours")


def check_placeholders(body: str) -> str | None:
    """A message naming the first unknown or malformed placeholder, or None."""
    try:
        fields = [
            name for _, name, _, _ in string.Formatter().parse(body) if name is not None
        ]
    except ValueError:
        return "Braces must wrap a placeholder, like {participant}."
    for name in fields:
        if name not in PLACEHOLDERS:
            return f"Unknown placeholder {{{name}}}; use " + ", ".join(
                "{" + p + "}" for p in PLACEHOLDERS
            )
    return None


def preview_response(template, mode_name):
    from django.http import HttpResponse

    return HttpResponse("Preview is not ready yet.")
