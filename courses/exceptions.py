"""Errors of the courses app; their messages are the ones participants read."""


class CourseError(Exception):
    """Base class for the courses app's domain errors."""

    message = "That did not work."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class LessonNotAvailable(CourseError):
    message = "This lesson is not published, so it cannot be marked as done."


class CourseNotReadable(CourseError):
    message = (
        "This course is open to the participants enrolled in one of its trainings. "
        "Ask your facilitator to enrol you."
    )
