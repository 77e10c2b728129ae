"""Benchmark: issuing a cohort's certificates through the real service.

For 30 and 300 participants, each in a fresh process (so peak memory is its own),
it measures in the same run:
  seconds        the real service: rows, QR codes, PDFs to storage, merged PDF, ZIP
  naive_seconds  one HTML(...).write_pdf() per certificate (30 only; null at 300)
  limit_seconds  one write_pdf() of the same pages and nothing else
  peak_rss_mb    peak memory of the process after issuing (before the limit's
                 single big layout, which is reported as peak_rss_with_limit_mb)
  peak_rss_vs_30 peak_rss_mb against that of the 30-person run (flat memory is 1)
  signing_seconds CPU seconds spent signing the Open Badges credentials (in the
                 helper process, beside the layout), and signing_share, that
                 against the service's seconds
and prints one JSON line per cohort size. Run it standalone:

  DJANGO_SETTINGS_MODULE=lms.settings.bench .venv/bin/python bench/certificates.py
"""

import datetime as dt
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import drop_database, emit, peak_rss_mb, setup_django, timed

SIZES = (30, 300)
REPEATS = {30: 5, 300: 2}  # best of: the machine is shared, the minimum is the signal


def build_cohort(n: int, *, course, facilitator, label: str):
    """A two-day cohort of n participants, every one of whom attended every session."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from cohorts.models import (
        Attendance,
        AttendanceStatus,
        Cohort,
        Enrolment,
        TrainingSession,
    )
    from lms import roles
    from lms.choices import Country

    User = get_user_model()
    start = dt.date(2026, 10, 18)
    cohort = Cohort.objects.create(
        course=course,
        name=f"Saint Lucia, October 2026 ({label})",
        city="Castries",
        country=Country.SAINT_LUCIA,
        start_date=start,
        end_date=start + dt.timedelta(days=1),
        min_attendance_percent=75,
    )
    cohort.facilitators.add(facilitator)
    first = timezone.make_aware(dt.datetime.combine(start, dt.time(9)))
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            cohort=cohort,
            title=f"Session {i + 1}",
            starts_at=first + dt.timedelta(hours=4 * i),
            ends_at=first + dt.timedelta(hours=4 * i + 3),
        )
        for i in range(4)
    )
    users = User.objects.bulk_create(
        User(
            email=f"p{label}-{i}@bench.example.org",
            full_name=f"Participant {i:03d} Fitzgerald-Montgomery",
            password="!",  # noqa: S106 - an unusable password
        )
        for i in range(n)
    )
    Group.objects.get(name=roles.PARTICIPANTS).user_set.add(*users)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, participant=u) for u in users
    )
    now = timezone.now()
    Attendance.objects.bulk_create(
        Attendance(
            session=s, enrolment=e, status=AttendanceStatus.PRESENT, marked_at=now
        )
        for e in enrolments
        for s in sessions
    )
    return cohort


def fixtures():
    """Site, course, facilitator and the demo's certificate template (logo, signatures)."""
    from certificates.demo import seed_template
    from courses.models import CourseIndexPage, CoursePage
    from lms.demo import seed_site
    from tests import factories

    home = seed_site()
    index = CourseIndexPage(title="Courses", slug="courses")
    home.add_child(instance=index)
    course = CoursePage(
        title="Identifying and assisting victims of trafficking", slug="course"
    )
    index.add_child(instance=course)
    facilitator = factories.facilitator(email="facilitator@bench.example.org")
    return course, facilitator, seed_template()


def page_html(template, n: int, singles: bool = True) -> tuple[str, list]:
    """The same HTML the service renders, for n certificates: one document, and
    (if `singles`) one document per certificate."""
    from django.utils import timezone

    from certificates import rendering
    from certificates.codes import generate_code

    values = [
        rendering.PrintedValues(
            participant=f"Participant {i:03d} Fitzgerald-Montgomery",
            course="Identifying and assisting victims of trafficking",
            cohort="Saint Lucia, October 2026",
            dates="18–19 October 2026",
            location="Castries, Saint Lucia",
            hours="12",
            code=generate_code(),
            issued_on=timezone.localdate(),
        )
        for i in range(n)
    ]
    context = rendering.template_context(template, values)
    html = rendering.render_to_string("certificates/pdf/certificates.html", context)
    if not singles:
        return html, []
    return html, [
        rendering.render_to_string(
            "certificates/pdf/certificates.html",
            {**context, "pages": [page]},
        )
        for page in context["pages"]
    ]


def write_pdf(html: str) -> bytes:
    """One plain write_pdf() of the HTML, with the renderer's options and GC setting."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from certificates.fetcher import ASSET_BASE_URL, SafeURLFetcher
    from certificates.rendering import PDF_OPTIONS
    from lms.collector import fewer_collections

    with fewer_collections():
        return HTML(
            string=html, base_url=ASSET_BASE_URL, url_fetcher=SafeURLFetcher()
        ).write_pdf(font_config=FontConfiguration(), **PDF_OPTIONS)


def run_size(n: int) -> dict:
    """Measure one cohort size in this process."""
    setup_django()
    try:
        from certificates.credentials import signer
        from certificates.models import Certificate
        from certificates.services import certificates_issue_for_cohort

        course, facilitator, template = fixtures()
        printed = template.latest_revision.as_object()
        write_pdf(page_html(printed, 1)[1][0])  # warm-up: fonts, cffi, templates

        # Service and limit alternate, so both see the same load on a shared
        # machine. The limit's HTML is built after each service run and dropped
        # after its render, so the service's peak memory is its own.
        service, limit, signing = [], [], []
        for r in range(REPEATS[n]):
            cohort = build_cohort(
                n, course=course, facilitator=facilitator, label=f"{n}-{r}"
            )
            gc.collect()
            signer.stats.update(signing_seconds=0.0, credentials=0)
            seconds, result = timed(
                certificates_issue_for_cohort,
                cohort=cohort,
                issued_by=facilitator,
                template=template,
            )
            if len(result.issued) != n:
                raise RuntimeError(f"issued {len(result.issued)} of {n}")
            service.append(seconds)
            signing.append(signer.stats["signing_seconds"])
            del result
            if r == 0:
                # Before the limit's single n-page layout raises the peak.
                service_peak = peak_rss_mb()
            html, _ = page_html(printed, n, singles=False)
            gc.collect()
            limit.append(timed(write_pdf, html)[0])
            del html
        if Certificate.objects.count() != n * REPEATS[n]:
            raise RuntimeError("certificate rows missing")
        naive = None
        if n <= 30:
            _, singles = page_html(printed, n)
            gc.collect()
            naive = timed(lambda: [write_pdf(h) for h in singles])[0]
        seconds, limit_seconds = min(service), min(limit)
        return {
            "bench": "certificates",
            "participants": n,
            "seconds": round(seconds, 3),
            "naive_seconds": round(naive, 3) if naive is not None else None,
            "limit_seconds": round(limit_seconds, 3),
            "vs_naive": round(naive / seconds, 2) if naive is not None else None,
            "vs_limit": round(seconds / limit_seconds, 2),
            "signing_seconds": round(signing[service.index(seconds)], 3),
            "signing_share": round(signing[service.index(seconds)] / seconds, 2),
            "peak_rss_mb": service_peak,
            "peak_rss_with_limit_mb": peak_rss_mb(),
            "runs": [round(s, 3) for s in service],
            "limit_runs": [round(s, 3) for s in limit],
        }
    finally:
        drop_database()


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--size":
        print(json.dumps(run_size(int(sys.argv[2]))), flush=True)
        return
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.bench"}
    smallest = None
    for n in SIZES:
        out = subprocess.run(  # noqa: S603 - runs this same file with a fixed argument
            [sys.executable, __file__, "--size", str(n)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        smallest = smallest or figures
        # Flat memory: the peak when issuing n, against the peak when issuing 30.
        figures["peak_rss_vs_30"] = round(
            figures["peak_rss_mb"] / smallest["peak_rss_mb"], 2
        )
        emit(**figures)


if __name__ == "__main__":
    main()
