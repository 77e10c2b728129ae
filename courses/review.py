"""The curriculum's review step: a moderator's approval that nobody can give to
their own change (Wagtail's group approval lets any member approve anything)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


def _authors(obj) -> set[int]:
    """Who asked for this review and who wrote the revision under review."""
    state = getattr(obj, "current_workflow_state", None)
    if state is None:
        return set()
    people = {state.requested_by_id}
    task_state = state.current_task_state
    if task_state is not None and task_state.revision_id:
        people.add(task_state.revision.user_id)
    return {pk for pk in people if pk is not None}


class CurriculumReviewTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who neither submitted nor wrote it."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if user.pk in _authors(obj):
            # Asking for changes to one's own submission is harmless; approving is not.
            return [action for action in actions if action[0] != "approve"]
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user).exclude(
            revision__user=user
        )

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve; nobody approves a change they "
            "submitted or wrote"
        )

    class Meta:
        verbose_name = _("curriculum review task")
        verbose_name_plural = _("curriculum review tasks")
