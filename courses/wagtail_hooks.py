"""Wagtail admin hooks of the courses app."""

from wagtail import hooks

from lms.hooks import PERSONAL_DATA_HOOK

from . import selectors, services
from .models import CourseIndexPage


@hooks.register("after_create_page")
def put_new_course_index_under_review(request, page):
    """A course index made in the admin gets the "Curriculum review" workflow."""
    if isinstance(page.specific_deferred, CourseIndexPage):
        services.curriculum_workflow_assign(index=page)


hooks.register(PERSONAL_DATA_HOOK, selectors.personal_data_for)
