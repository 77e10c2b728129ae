"""Named errors of the lms app; each message is the one users read."""

from django.utils.translation import gettext_lazy as _


class ErasureRefused(Exception):
    """An erasure that must not happen (a staff account, someone already erased)."""

    default_message = _("This person cannot be erased.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class ErasureOfStaffRefused(ErasureRefused):
    default_message = _(
        "Facilitators and administrators are not erased here: remove their role "
        "first, then erase them as a participant."
    )


class AlreadyErased(ErasureRefused):
    default_message = _("This person's details were already erased.")


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message)


class RestoreRefused(BackupError):
    """The target database or storage is not empty, or the archive does not fit it."""


class RestoreVerificationFailed(BackupError):
    """After restoring, the row counts or file hashes differ from the manifest."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            _("The restored data does not match the backup's manifest: %(problems)s")
            % {"problems": "; ".join(problems[:20])}
        )
