"""Root fixtures: the Wagtail site with Harbour's home page, and people in each role."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import Locale, Page, Site

from lms.models import HomePage
from tests import factories


@pytest.fixture(autouse=True)
def _interface_in_english():
    """Every test starts in English: a request in another language leaves that
    language active in the thread, and later calls would speak it."""
    translation.activate("en")
    yield
    translation.deactivate()


def _ensure_wagtail_tree() -> Page:
    """The root page, locale and role groups: migrations make them, but
    transactional (browser) tests flush the database between tests."""
    Locale.objects.get_or_create(language_code="en")
    for name in ("Participants", "Facilitators", "Administrators"):
        Group.objects.get_or_create(name=name)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    return root


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's root page, as seed_demo makes it."""
    root = _ensure_wagtail_tree()
    home = HomePage(title="Harbour", slug="harbour-home", intro="Train, assist, refer.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Harbour",
        },
    )
    return home


@pytest.fixture
def participant(db):
    return factories.participant()


@pytest.fixture
def facilitator(db):
    return factories.facilitator()


@pytest.fixture
def administrator(db):
    return factories.administrator()
