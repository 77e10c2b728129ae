"""Fixtures for the cohorts app: a course, a running cohort and its facilitator."""

import pytest

from tests import factories

from . import factories as cf


@pytest.fixture
def course(home_page):
    return cf.course(home_page)


@pytest.fixture
def cohort(course, facilitator):
    return cf.cohort(course=course, facilitators=[facilitator])


@pytest.fixture
def other_facilitator(db):
    return factories.facilitator(email="other.facilitator@example.org")


@pytest.fixture
def enrolment(cohort, participant):
    return cf.enrol(cohort, participant)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request in another language leaves it active in the thread; each test
    starts in English, as a service called outside a request does."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
