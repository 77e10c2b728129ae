"""Sharing a certificate: LinkedIn's add-to-profile link and a wallet QR code."""

from django import template

from ..credential_views import linkedin_url, offer_qr

register = template.Library()


@register.simple_tag
def certificate_linkedin_url(certificate) -> str:
    """LinkedIn's add-to-profile address for this certificate."""
    return linkedin_url(certificate)


@register.simple_tag
def certificate_wallet_qr(certificate) -> str:
    """A data: URI of the QR code a digital wallet scans to take the credential."""
    return offer_qr(certificate)
