"""Root fixtures: the Wagtail site with Harbour's home page, and people in each role."""

import pytest
from wagtail.models import Page, Site

from lms.models import HomePage
from tests import factories


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's root page, as seed_demo makes it."""
    root = Page.get_first_root_node()
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
