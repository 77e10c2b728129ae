"""Fixtures for the certificates tests."""

import pytest

from . import factories as f


@pytest.fixture
def course(home_page):
    return f.course(home_page)


@pytest.fixture
def cohort(course, facilitator):
    return f.cohort(course=course, facilitators=[facilitator])


@pytest.fixture
def certificate_template(db):
    return f.template()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test writes its files to a storage of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT
