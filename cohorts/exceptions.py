"""Errors of the cohorts app; their messages are the ones people read."""

from django.utils.translation import gettext_lazy as _


class CohortsError(Exception):
    """Base class: a message that can be shown to the person who caused it."""

    message = _("Something went wrong.")

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message

    def __str__(self) -> str:
        return str(self.message)


class CheckInRefused(CohortsError):
    message = _("Check-in was not possible.")


class CheckInCodeWrong(CheckInRefused):
    message = _(
        "That code is not right. Check the code on the screen and type it again."
    )


class CheckInCodeExpired(CheckInRefused):
    message = _("That code has expired. Type the code that is on the screen now.")


class CheckInOtherSession(CheckInRefused):
    message = _("That code is for another session, not one you are enrolled in now.")


class CheckInNotStarted(CheckInRefused):
    message = _("This session has not started yet. Check in when it begins.")


class CheckInSessionEnded(CheckInRefused):
    message = _("This session has ended. Ask your facilitator to mark your attendance.")


class CheckInNotEnrolled(CheckInRefused):
    message = _(
        "You are not on the roster of this session. Please see your facilitator."
    )


class CheckInNoOpenSession(CheckInRefused):
    message = _("None of your sessions is open for check-in right now.")


class TooManyAttempts(CohortsError):
    message = _("Too many tries. Wait a few minutes, then try again.")


class JoinCodeInvalid(CohortsError):
    message = _(
        "That join code is not valid. Check it against your sheet, or ask your "
        "facilitator for a new one."
    )


class JoinCodeExpired(JoinCodeInvalid):
    message = _("That join code has expired. Ask your facilitator for a new one.")


class JoinCodeUsed(JoinCodeInvalid):
    message = _(
        "That join code has already been used. Sign in with the email or username "
        "you chose, or ask your facilitator for a new code."
    )


class JoinCodeAccountHasSignIn(CohortsError):
    message = _(
        "This account already has a sign-in, and a join code never changes it. "
        "Sign in with your email or username; if you forgot your password, reset it "
        "from the sign-in page or ask your facilitator."
    )


class JoinCodeUsernameKept(CohortsError):
    message = _(
        "Your account already has a username, and a join code never changes it. "
        "Leave the username empty to keep it."
    )


class JoinCodeFormResubmitted(CohortsError):
    message = _(
        "These codes were already issued when this form was first sent, and Harbour "
        "cannot show them again. Print the sheet you have, or choose the people "
        "again and issue new codes (their earlier codes are then withdrawn)."
    )


class JoinCodeNotOffered(CohortsError):
    message = _(
        "Join codes are only for people who have never signed in. Someone who has "
        "can sign in, or reset their password from the sign-in page."
    )


class JoinCodeAlreadyWithdrawn(CohortsError):
    message = _("This join code was already used or withdrawn.")


class MergeRefused(CohortsError):
    message = _("These two records cannot be merged.")


class AttendanceUndoRefused(CohortsError):
    message = _("There is nothing to undo: this was undone already.")


class PaperSheetInvalid(CohortsError):
    """One or more lines of a paper sheet are wrong; ``problems`` names each line."""

    message = _("Nothing was saved: correct the lines below and save the sheet again.")

    def __init__(self, problems: list[str], message: str | None = None):
        super().__init__(message)
        self.problems = problems


class RosterFileError(CohortsError):
    """The roster file as a whole cannot be read."""

    message = _("The file could not be read.")
