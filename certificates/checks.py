"""System checks: a deployment that cannot sign credentials does not start quietly."""

from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from .credentials import keys


@register(Tags.security, deploy=True)
def credential_keyring_check(app_configs=None, **kwargs):
    """The credential keyring loads and holds a private key for its current key."""
    try:
        keys.keyring_reload()
        keys.keyring()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="certificates.E001")]
    return []
