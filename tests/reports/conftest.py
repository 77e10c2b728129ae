"""Fixtures for the reports app: a course, a running cohort and its facilitator."""

import pytest

from tests import factories
from tests.cohorts import factories as cf


@pytest.fixture
def course(home_page):
    return cf.course(home_page)


@pytest.fixture
def cohort(course, facilitator):
    return cf.cohort(course=course, facilitators=[facilitator])


@pytest.fixture
def other_facilitator(db):
    return factories.facilitator(email="other.facilitator@example.org")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
