"""Names of the Wagtail hooks through which cohorts asks the apps above it.

cohorts never imports certificates or reports; an app above registers a
function under these names in its wagtail_hooks.py.
"""

# fn() -> list[URLPattern]: pages of the facilitator area that an app above
# cohorts serves (reports: the cohort dashboard and its exports). They are
# added to the "cohorts" URL namespace, so `cohorts:dashboard` keeps its name.
FACILITATOR_URLS_HOOK = "harbour_register_facilitator_urls"
