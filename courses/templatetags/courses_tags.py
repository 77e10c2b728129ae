"""Template tags of the courses app."""

from django import template

from courses import selectors
from courses.translations import foreign_language

register = template.Library()


@register.inclusion_tag("courses/includes/course_cards.html", takes_context=True)
def course_cards(context) -> dict:
    """The published courses the visitor may read, as cards (for the home page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "courses": selectors.readable_courses(user, selectors.live_courses()),
        "request": request,
    }


@register.filter
def content_lang(page) -> str:
    """The page's language code when it differs from the interface's, else ""."""
    if page is None or not getattr(page, "locale_id", None):
        return ""
    return foreign_language(page)
