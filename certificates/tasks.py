"""Background work: issuing a cohort's certificates (django-tasks)."""

from django_tasks import task

from .models import IssueRun
from .services import issue_run_execute


@task()
def issue_certificates(run_id: int) -> dict:
    """Issue the certificates of a recorded run; progress is kept on the IssueRun row."""
    run = IssueRun.objects.select_related(
        "cohort__course", "template", "started_by"
    ).get(pk=run_id)
    run = issue_run_execute(run=run)
    return {"issued": run.issued, "skipped": len(run.skipped)}
