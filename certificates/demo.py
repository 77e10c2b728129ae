"""Demo data owned by the certificates app (see lms/management/commands/seed_demo.py):
a certificate template with Harbour's wording, a logo and two signatures drawn in
code, the Saint Lucia cohort's rules, and certificates for its eligible participants."""

import io
import math

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

TEMPLATE_NAME = "Harbour certificate of completion"
BODY = (
    "This certifies that {participant} completed {course}, a training of {hours} "
    "hours on identifying victims of trafficking, assisting them safely and "
    "referring them through a multi-agency network, held in {location} "
    "on {dates}."
)
SIGNATORIES = (
    ("Adaeze Morgan", "Programme officer, Regional Counter-Trafficking Programme"),
    ("Marcus Joseph", "Lead trainer"),
)


def _png(draw_fn, size) -> bytes:
    image = PILImage.new("RGBA", size, (255, 255, 255, 0))
    draw_fn(ImageDraw.Draw(image), size)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_logo(draw, size):
    w, h = size
    teal, gold = (15, 85, 99, 255), (201, 162, 39, 255)
    draw.ellipse((4, 4, w - 4, h - 4), outline=teal, width=10)
    # A harbour: a wave under a lighthouse beam.
    draw.polygon(
        [
            (w * 0.46, h * 0.22),
            (w * 0.54, h * 0.22),
            (w * 0.58, h * 0.62),
            (w * 0.42, h * 0.62),
        ],
        fill=teal,
    )
    draw.polygon(
        [(w * 0.54, h * 0.26), (w * 0.86, h * 0.16), (w * 0.86, h * 0.34)], fill=gold
    )
    points = [
        (x, h * 0.72 + math.sin(x / w * math.pi * 4) * h * 0.05)
        for x in range(12, w - 11, 4)
    ]
    draw.line(points, fill=teal, width=9)


def _signature(seed: int):
    def draw_fn(draw, size):
        w, h = size
        points = [
            (
                10 + t * (w - 20) / 200,
                h / 2
                + math.sin(t / (9 + seed)) * h * 0.28
                + math.cos(t / (4 + seed)) * h * 0.12,
            )
            for t in range(201)
        ]
        draw.line(points, fill=(23, 50, 58, 255), width=4)

    return draw_fn


def _image(title: str, filename: str, data: bytes):
    from wagtail.images.models import Image

    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title)
        image.file = ImageFile(io.BytesIO(data), name=filename)
        image.save()
    return image


def seed_template():
    """The demo certificate template (made once)."""
    from .models import CertificateSignatory, CertificateTemplate

    template = CertificateTemplate.objects.filter(name=TEMPLATE_NAME).first()
    if template is not None:
        return template
    template = CertificateTemplate(
        name=TEMPLATE_NAME,
        title="Certificate of completion",
        body=BODY,
        organisation_name="Harbour · Regional Counter-Trafficking Programme",
        logo=_image(
            "Harbour logo (demo)", "harbour-logo.png", _png(_draw_logo, (240, 240))
        ),
    )
    for order, (name, title) in enumerate(SIGNATORIES):
        signature = _image(
            f"Signature of {name} (demo)",
            f"signature-{order + 1}.png",
            _png(_signature(order), (360, 110)),
        )
        template.signatories.add(
            CertificateSignatory(
                name=name, title=title, signature=signature, sort_order=order
            )
        )
    template.save()
    template.save_revision(log_action=False)
    return template


def _saint_lucia_cohort():
    from cohorts.models import Cohort
    from lms.choices import Country

    return (
        Cohort.objects.filter(country=Country.SAINT_LUCIA)
        .select_related("course")
        .order_by("start_date", "pk")
        .first()
    )


def seed() -> dict:
    """Seed this app's part of the demo; idempotent."""
    from .models import Certificate, IssueRun, IssueRunStatus
    from .services import certificates_issue_for_cohort

    template = seed_template()
    lines = [f"Certificate template: {template.name}"]
    cohort = _saint_lucia_cohort()
    if cohort is None:
        lines.append("No Saint Lucia cohort in the demo: no certificates issued.")
        return {"lines": lines}
    # Day one of two is half the sessions: those who attended all of it qualify.
    if cohort.min_attendance_percent != 50:
        type(cohort).objects.filter(pk=cohort.pk).update(min_attendance_percent=50)
        cohort.min_attendance_percent = 50
    facilitator = (
        get_user_model()
        .objects.filter(email__iexact="facilitator@harbour.test")
        .first()
        or cohort.facilitators.first()
    )
    if facilitator is None:
        return {"lines": lines}
    result = certificates_issue_for_cohort(
        cohort=cohort, issued_by=facilitator, template=template
    )
    if not IssueRun.objects.filter(cohort=cohort).exists():
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
    sample = (
        Certificate.objects.active()
        .filter(enrolment__cohort=cohort)
        .order_by("participant_name", "pk")
        .first()
    )
    count = Certificate.objects.active().filter(enrolment__cohort=cohort).count()
    lines.append(
        f"Certificates: {count} issued in {cohort.name} (50% attendance needed)."
    )
    if sample is not None:
        lines.append(
            f"Verify one at /verify/{sample.display_code}/ ({sample.participant_name})"
        )
    return {"lines": lines}
