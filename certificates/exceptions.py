"""Errors of the certificates app; their messages are the ones people read.

Each message is translated when the error is raised, in the language of the
person who acted.
"""

from django.utils.translation import gettext as _


class CertificateError(Exception):
    """Base class: the message is shown to the person who acted."""


class NoCertificateTemplate(CertificateError):
    def __init__(self):
        super().__init__(
            _(
                "There is no certificate template yet. An administrator designs one "
                "under Snippets › Certificate templates."
            )
        )


class IssueAlreadyRunning(CertificateError):
    def __init__(self):
        super().__init__(
            _(
                "Certificates are already being issued for this cohort; this page "
                "shows the progress."
            )
        )


class CertificateAlreadyRevoked(CertificateError):
    def __init__(self):
        super().__init__(_("This certificate has already been revoked."))


class ReasonRequired(CertificateError):
    def __init__(self):
        super().__init__(_("Give a reason: it is kept in the audit trail."))


class ActiveCertificateExists(CertificateError):
    def __init__(self):
        super().__init__(
            _(
                "This participant already holds a valid certificate for the cohort; "
                "revoke it before issuing another."
            )
        )


class CertificateAlreadySuspended(CertificateError):
    def __init__(self):
        super().__init__(_("This certificate is already suspended."))


class CertificateNotSuspended(CertificateError):
    def __init__(self):
        super().__init__(
            _("This certificate is not suspended, so there is nothing to lift.")
        )
