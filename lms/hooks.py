"""Names of the Wagtail hooks through which lms asks the apps above it.

lms is the lowest layer and never imports courses, assessments, cohorts or
certificates; each of them registers a function under these names in its
wagtail_hooks.py, and lms composes the answers.
"""

# fn(user) -> dict: the app's part of a person's "my data" export, as plain JSON
# values keyed by section name ("enrolments", "attempts", ...).
PERSONAL_DATA_HOOK = "harbour_personal_data"

# fn(*, user) -> dict[str, int]: erase the app's personal data about the user,
# keeping anonymous statistics; returns counts of what it changed. Runs inside
# the erasure's transaction; file deletions go through transaction.on_commit.
ERASE_HOOK = "harbour_erase_personal_data"

# fn(*, ended_before: date) -> dict[int, str]: the participants whose every
# training ended before that date, by user id, each with a few words saying which
# training was their last ("Saint Lucia, October 2026, ended 2026-10-19").
RETENTION_DUE_HOOK = "harbour_retention_due"
