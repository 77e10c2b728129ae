"""Named errors of the assessments app; their messages are the ones participants read."""

from django.utils.translation import gettext_lazy as _


class AssessmentError(Exception):
    """Base class: ``message`` is shown to the participant as it is."""

    default_message = _("Something about this quiz request was not right.")

    def __init__(self, message=None):
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class InvalidAnswers(AssessmentError):
    """The answers sent do not fit the quiz's questions; nothing was stored."""

    default_message = _("These answers do not fit this quiz; nothing was saved.")


class SaveNumberOutOfRange(InvalidAnswers):
    """An autosave's ``seq`` is outside 0 to 2^53 - 1."""

    default_message = _(
        "seq must be a whole number from 0 to 9007199254740991 (it counts this "
        "page's saves); nothing was saved."
    )


class AnswersTooDeep(InvalidAnswers):
    """An autosave body nests lists or objects deeper than any quiz answer does."""

    default_message = _(
        "These answers are nested deeper than a quiz's answers can be; nothing "
        "was saved."
    )


class QuizNotAvailable(AssessmentError):
    """The quiz is not published (a draft, or withdrawn)."""

    default_message = _(
        "This quiz is not published at the moment, so it cannot be taken. "
        "Your answers so far are kept."
    )


class NotAllowedToTakeQuiz(QuizNotAvailable):
    """The quiz belongs to an enrolled-only course the user is not enrolled in."""

    default_message = _(
        "This quiz is for the participants enrolled in its course. If you are "
        "taking part in a training, ask your facilitator to check your enrolment."
    )


class AttemptLimitReached(AssessmentError):
    """The participant has used every attempt the quiz allows."""

    default_message = _("You have used all the attempts this quiz allows.")


class AttemptAlreadySubmitted(AssessmentError):
    """The attempt is already closed; its result stands."""

    default_message = _("This attempt has already been submitted.")


class AttemptTimeUp(AssessmentError):
    """The attempt's time ran out; answers sent after it are not counted."""

    default_message = _(
        "Time is up for this attempt. Answers saved before the time ran out were "
        "scored; later changes were not counted."
    )
