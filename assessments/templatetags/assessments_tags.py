"""Template helpers for the quiz pages."""

from django import template

register = template.Library()


@register.filter
def answer_for(chosen, question_id):
    """The option ids chosen for a question (an empty list when none)."""
    if not chosen:
        return []
    return chosen.get(question_id, [])


@register.filter
def clock(seconds):
    """Seconds as a countdown reads them: 9:05, or 1:02:05 from an hour up."""
    try:
        seconds = max(0, int(seconds))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"
