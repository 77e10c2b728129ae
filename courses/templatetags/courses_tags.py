"""Template tags of the courses app."""

from django import template

from courses import selectors

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
