"""Template helpers for the quiz pages."""

from django import template

register = template.Library()


@register.filter
def answer_for(chosen, question_id):
    """The option ids chosen for a question (an empty list when none)."""
    if not chosen:
        return []
    return chosen.get(question_id, [])
