"""Names of the Wagtail hooks through which assessments asks the apps above it.

assessments never imports cohorts: cohorts registers a function under each name
in its wagtail_hooks.py.
"""

# fn(user, course_id) -> Cohort | None: the cohort through which the user takes
# the course, recorded on each new attempt. The first hook that answers wins.
ATTEMPT_COHORT_HOOK = "harbour_attempt_cohort"

# fn(request, page) -> HttpResponse: the views that serve a quiz page and its
# preview. views.py imports the models, so the page reaches its views through
# these names (registered in this app's wagtail_hooks.py): imports run one way.
QUIZ_PAGE_VIEW_HOOK = "harbour_quiz_page_view"
QUIZ_PREVIEW_VIEW_HOOK = "harbour_quiz_preview_view"
