"""Errors of the cohorts app; their messages are the ones people read."""


class CohortsError(Exception):
    """Base class: a message that can be shown to the person who caused it."""

    message = "Something went wrong."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message

    def __str__(self) -> str:
        return self.message


class CheckInRefused(CohortsError):
    message = "Check-in was not possible."


class CheckInCodeWrong(CheckInRefused):
    message = "That code is not right. Check the code on the screen and type it again."


class CheckInCodeExpired(CheckInRefused):
    message = "That code has expired. Type the code that is on the screen now."


class CheckInOtherSession(CheckInRefused):
    message = "That code is for another session, not one you are enrolled in now."


class CheckInNotStarted(CheckInRefused):
    message = "This session has not started yet. Check in when it begins."


class CheckInSessionEnded(CheckInRefused):
    message = "This session has ended. Ask your facilitator to mark your attendance."


class CheckInNotEnrolled(CheckInRefused):
    message = "You are not on the roster of this session. Please see your facilitator."


class CheckInNoOpenSession(CheckInRefused):
    message = "None of your sessions is open for check-in right now."


class TooManyAttempts(CohortsError):
    message = "Too many tries. Wait a few minutes, then try again."


class JoinCodeInvalid(CohortsError):
    message = (
        "That join code is not valid. Check it against your sheet, or ask your "
        "facilitator for a new one."
    )


class JoinCodeExpired(JoinCodeInvalid):
    message = "That join code has expired. Ask your facilitator for a new one."


class JoinCodeUsed(JoinCodeInvalid):
    message = (
        "That join code has already been used. Sign in with the email or username "
        "you chose, or ask your facilitator for a new code."
    )


class MergeRefused(CohortsError):
    message = "These two records cannot be merged."


class RosterFileError(CohortsError):
    """The roster file as a whole cannot be read."""

    message = "The file could not be read."
