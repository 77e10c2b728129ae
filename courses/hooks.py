"""Names of the Wagtail hooks through which courses asks the apps above it.

courses never imports cohorts: cohorts registers a function under each name in
its wagtail_hooks.py, and courses takes the union of the answers.
"""

# fn(user) -> set[int]: ids of the courses the user takes part in (an active
# enrolment in one of its cohorts).
PARTICIPANT_COURSES_HOOK = "harbour_participant_course_ids"

# fn(user) -> set[int]: ids of the courses of the cohorts the user facilitates.
FACILITATOR_COURSES_HOOK = "harbour_facilitator_course_ids"
