"""Background work: issuing a cohort's certificates (django-tasks)."""

import logging

from django.db import transaction
from django_tasks import task
from wagtail import hooks

from lms.heartbeat import WORKER_TICK_HOOK

from .models import IssueRun
from .services import issue_run_execute, issue_run_hand_over, issue_runs_abandoned

logger = logging.getLogger(__name__)


@task()
def issue_certificates(run_id: int) -> dict:
    """Issue the certificates of a recorded run; progress is kept on the IssueRun row."""
    run = IssueRun.objects.select_related(
        "cohort__course", "template", "started_by"
    ).get(pk=run_id)
    executed = issue_run_execute(run=run)
    if executed is None:
        return {"issued": 0, "skipped": 0, "held_by_another_worker": True}
    return {"issued": executed.issued, "skipped": len(executed.skipped)}


@hooks.register(WORKER_TICK_HOOK)
def resume_abandoned_runs(**kwargs) -> list[int]:
    """Queue again every run whose worker vanished; the next free worker resumes it."""
    resumed = []
    for run in issue_runs_abandoned():
        with transaction.atomic():
            if issue_run_hand_over(run=run):
                issue_certificates.enqueue(run.pk)
                resumed.append(run.pk)
    if resumed:
        logger.warning("Resumed issue runs whose worker vanished: %s", resumed)
    return resumed
