"""Errors of the courses app; their messages are the ones participants read."""

from django.utils.translation import gettext_lazy as _


class CourseError(Exception):
    """Base class for the courses app's domain errors."""

    message = _("That did not work.")

    def __init__(self, message: str | None = None):
        self.message = str(message or self.message)
        super().__init__(self.message)


class LessonNotAvailable(CourseError):
    message = _("This lesson is not published, so it cannot be marked as done.")


class CourseNotReadable(CourseError):
    message = _(
        "This course is open to the participants enrolled in one of its trainings. "
        "Ask your facilitator to enrol you."
    )


class TranslationDoesNotMatch(CourseError):
    """A translated page's text does not line up with its source, segment by segment."""

    message = _(
        "This translation does not have the same parts as the page it translates, "
        "so it cannot be filled in."
    )
