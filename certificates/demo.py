"""Demo data owned by the certificates app (see lms/management/commands/seed_demo.py).

Loads certificates/demo_data/template.json (Harbour's wording, a logo and two
signatures) and template-nl-pap.json (a bilingual Dutch and Papiamentu
certificate in Harbour's standard wording) and template-es.json (a Spanish
certificate in its own wording), each chosen for the cohorts it names,
and issues certificates in every demo cohort that has finished, through the
same service a facilitator's "Issue certificates" uses, so only those who met
the cohort's rules (attendance and a passed post-test) get one. Idempotent:
templates are found by name, a cohort's choice is set, not added, and a cohort
issued once is not issued again.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image

from cohorts import demo as cohorts_demo
from cohorts.models import Cohort, CohortStatus

from .models import (
    Certificate,
    CertificateSignatory,
    CertificateTemplate,
    IssueRun,
    IssueRunStatus,
)
from .selectors import template_for_cohort
from .services import certificates_issue_for_cohort, cohort_template_set

DATA = Path(__file__).resolve().parent / "demo_data"


TEMPLATE_FILES = ("template.json", "template-nl-pap.json", "template-es.json")


@cache
def _spec(file: str) -> dict:
    return json.loads((DATA / file).read_text(encoding="utf-8"))


def content() -> dict:
    """The demo certificate template as written in template.json."""
    return _spec(TEMPLATE_FILES[0])


TEMPLATE_NAME = content()["name"]


def _image(spec: dict) -> Image:
    image = Image.objects.filter(title=spec["title"]).first()
    if image is None:
        image = Image(title=spec["title"])
        with (DATA / spec["file"]).open("rb") as source:
            image.file = ImageFile(source, name=spec["file"])
            image.save()
    return image


def seed_template(spec: dict | None = None) -> CertificateTemplate:
    """A demo certificate template, template.json's by default (made once)."""
    spec = spec or content()
    template = CertificateTemplate.objects.filter(name=spec["name"]).first()
    if template is not None:
        return template
    template = CertificateTemplate(
        name=spec["name"],
        title=spec["title"],
        body=spec["body"],
        language=spec.get("language", "en"),
        second_language=spec.get("second_language", ""),
        organisation_name=spec["organisation_name"],
        logo=_image(spec["logo"]),
    )
    for order, signatory in enumerate(spec["signatories"]):
        template.signatories.add(
            CertificateSignatory(
                name=signatory["name"],
                title=signatory["title"],
                signature=_image(signatory["signature"]),
                sort_order=order,
            )
        )
    template.save()
    template.save_revision(log_action=False)
    return template


def seed_cohort_templates() -> list[str]:
    """Give the demo cohorts a template file names its template for; lines to print."""
    lines = []
    for file in TEMPLATE_FILES[1:]:
        spec = _spec(file)
        template = seed_template(spec)
        for cohort in Cohort.objects.filter(name__in=spec.get("cohorts", [])):
            cohort_template_set(cohort=cohort, template=template)
            lines.append(f"Certificate template for {cohort.name}: {template.name}.")
    return lines


def _finished_demo_cohorts(today: dt.date) -> list[Cohort]:
    names = [spec["name"] for spec in cohorts_demo.content()["cohorts"]]
    return [
        cohort
        for cohort in Cohort.objects.filter(name__in=names).select_related("course")
        if cohort.status_on(today) == CohortStatus.CLOSED
    ]


def _issue(cohort: Cohort) -> None:
    """Issue the cohort's certificates as its facilitator would, once, from the
    cohort's template."""
    if IssueRun.objects.filter(cohort=cohort).exists():
        return
    template = template_for_cohort(cohort)
    facilitator = cohort.facilitators.order_by("pk").first()
    if facilitator is None:
        return
    result = certificates_issue_for_cohort(
        cohort=cohort, issued_by=facilitator, template=template
    )
    IssueRun.objects.create(
        cohort=cohort,
        template=template,
        started_by=facilitator,
        status=IssueRunStatus.DONE,
        total=len(result.issued),
        done=len(result.issued),
        issued=len(result.issued),
        already_issued=result.already_issued,
        skipped=result.skipped,
        finished_at=timezone.now(),
    )


def verify_url(certificate: Certificate) -> str:
    """The full address of a certificate's public verification page."""
    path = reverse("certificates:verify_code", args=[certificate.display_code])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def seed(*, now: dt.datetime | None = None, **_options) -> dict:
    """Seed this app's part of the demo; idempotent."""
    today = timezone.localdate(now or timezone.now())
    template = seed_template()
    lines = [f"Certificate template: {template.name}.", *seed_cohort_templates()]
    sample = None
    for cohort in _finished_demo_cohorts(today):
        _issue(cohort)
        issued = Certificate.objects.active().filter(enrolment__cohort=cohort)
        lines.append(
            f"Certificates: {issued.count()} of {cohort.enrolments.count()} "
            f"participants in {cohort.name} (attendance of at least "
            f"{cohort.min_attendance_percent}% and the post-test passed)."
        )
        sample = sample or issued.order_by("participant_name", "pk").first()
    return {
        "sample_certificate": sample,
        "verify_url": verify_url(sample) if sample else "",
        "lines": lines,
    }
