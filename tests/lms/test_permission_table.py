"""One table of who may do what: every URL pattern of the site, with the exact
answer for each kind of visitor, walked with GET and POST.

Columns: anonymous, participant (of the cohort), participant of another cohort,
facilitator of another cohort, the cohort's facilitator, administrator. The
objects in each URL belong to the first cohort, its participant and its course.

Answers: a status code, LOGIN (302 to the sign-in page, coming back here after),
ADMIN_LOGIN (302 to the admin's sign-in page) or Redirect("/prefix") for any
other redirect. A URL pattern missing from the table fails
test_every_url_pattern_is_in_the_table, whose message gives the row to add.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from assessments.models import Attempt, QuizKind
from certificates.models import Certificate, CohortCertificateBundle
from cohorts.models import JoinCode, RosterPreview
from courses.models import LessonPage, ModulePage
from lms.models import HomePage
from tests import factories
from tests.assessments.conftest import make_course, make_quiz
from tests.certificates import factories as cf

ROLES = (
    "anonymous",
    "participant",
    "other_participant",
    "other_facilitator",
    "facilitator",
    "administrator",
)
LOGIN = "LOGIN"
ADMIN_LOGIN = "ADMIN_LOGIN"


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with this."""

    to: str

    def __repr__(self) -> str:
        return f"Redirect({self.to!r})"


@dataclass(frozen=True)
class R:
    """One row: a URL pattern (as Django prints it), the answers to GET and to POST
    for each role in ROLES, and, where the objects of the URL are not the default
    ones (see PARAMS), the keyword arguments to reverse it with."""

    route: str
    get: tuple
    post: tuple
    kwargs: dict = field(default_factory=dict)
    case: str = ""

    @property
    def label(self) -> str:
        return f"{self.route} [{self.case}]" if self.case else self.route


# Wagtail's page-serving catch-all: walked with real pages, one row per page kind.
PAGE_ROUTE = r"^((?:[\w\-]+/)*)$"

# URLs whose pk is the participant's certificate rather than the cohort.
CERTIFICATE = {"pk": lambda o: o["certificate"].pk}

# fmt: off
# Columns:  anonymous, participant, other cohort's participant,
#           other cohort's facilitator, the cohort's facilitator, administrator
TABLE: list[R] = [
    R('healthz',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('privacy/',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('account/',
      get=(LOGIN, 200, 200, 200, 200, 200),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('account/my-data.json',
      get=(LOGIN, 200, 200, 200, 200, 200),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('account/sign-in/',
      get=(200, Redirect('/my-learning/'), Redirect('/my-learning/'), Redirect('/facilitator/'), Redirect('/facilitator/'), Redirect('/admin/')),
      post=(200, Redirect('/my-learning/'), Redirect('/my-learning/'), Redirect('/facilitator/'), Redirect('/facilitator/'), Redirect('/admin/'))),
    R('account/sign-out/',
      get=(405, 405, 405, 405, 405, 405),
      post=(Redirect('/'), Redirect('/'), Redirect('/'), Redirect('/'), Redirect('/'), Redirect('/'))),
    R('account/password/change/',
      get=(LOGIN, 200, 200, 200, 200, 200),
      post=(LOGIN, 200, 200, 200, 200, 200)),
    R('account/password/change/done/',
      get=(LOGIN, 200, 200, 200, 200, 200),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('account/password/reset/',
      get=(200, 200, 200, 200, 200, 200),
      post=(200, 200, 200, 200, 200, 200)),
    R('account/password/reset/sent/',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('account/password/reset/<uidb64>/<token>/',
      get=(200, 200, 200, 200, 200, 200),
      post=(200, 200, 200, 200, 200, 200)),
    R('account/password/reset/complete/',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('i18n/setlang/',
      get=(405, 405, 405, 405, 405, 405),
      post=(Redirect('/'), Redirect('/'), Redirect('/'), Redirect('/'), Redirect('/'), Redirect('/'))),
    R('jsi18n/',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('admin/erase/<int:user_id>/',
      get=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200),
      post=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 400)),
    R('admin/issued-certificates/',
      get=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200),
      post=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 405)),
    R('admin/issued-certificates/<int:pk>/', kwargs=CERTIFICATE,
      get=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200),
      post=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 405)),
    R('admin/issued-certificates/<int:pk>/revoke/', kwargs=CERTIFICATE,
      get=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 405),
      post=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 400)),
    R('admin/issued-certificates/<int:pk>/reissue/', kwargs=CERTIFICATE,
      get=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 405),
      post=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 400)),
    R('admin/issued-certificates/<int:pk>/suspend/', kwargs=CERTIFICATE,
      get=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 405),
      post=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, Redirect('/admin/issued-certificates/{certificate}/'))),
    R('admin/issued-certificates/<int:pk>/reinstate/', kwargs=CERTIFICATE,
      get=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 405),
      post=(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, Redirect('/admin/issued-certificates/{certificate}/'))),
    R('documents/^(\\d+)/(.*)$',
      get=(200, 200, 200, 200, 200, 200),
      post=(200, 200, 200, 200, 200, 200)),
    R('documents/authenticate_with_password/<int:restriction_id>/',
      get=(404, 404, 404, 404, 404, 404),
      post=(404, 404, 404, 404, 404, 404)),
    R('my-learning/',
      get=(LOGIN, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('search/',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('lessons/<int:lesson_id>/complete/',
      get=(405, 405, 405, 405, 405, 405),
      post=(LOGIN, Redirect('{quiz_url}'), 403, 403, Redirect('{quiz_url}'), Redirect('{quiz_url}'))),
    R('lessons/<int:lesson_id>/undo/',
      get=(405, 405, 405, 405, 405, 405),
      post=(LOGIN, Redirect('{lesson_url}'), Redirect('/my-learning/'), Redirect('/my-learning/'), Redirect('{lesson_url}'), Redirect('{lesson_url}'))),
    R('quizzes/my-results/',
      get=(LOGIN, 200, 200, 200, 200, 200),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('quizzes/<assessments_id:quiz_id>/start/',
      get=(LOGIN, 405, 405, 405, 405, 405),
      post=(LOGIN, Redirect('/quizzes/attempts/'), 403, 403, Redirect('/quizzes/attempts/'), Redirect('/quizzes/attempts/'))),
    R('quizzes/attempts/<assessments_id:attempt_id>/',
      get=(LOGIN, Redirect('/quizzes/attempts/{attempt}/review/'), 404, 404, 404, 404),
      post=(LOGIN, Redirect('/quizzes/attempts/{attempt}/review/'), 404, 404, 404, 404)),
    R('quizzes/attempts/<assessments_id:attempt_id>/confirm/',
      get=(LOGIN, Redirect('/quizzes/attempts/{attempt}/review/'), 404, 404, 404, 404),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('quizzes/attempts/<assessments_id:attempt_id>/answers/',
      get=(LOGIN, 405, 405, 405, 405, 405),
      post=(LOGIN, 400, 404, 404, 404, 404)),
    R('quizzes/attempts/<assessments_id:attempt_id>/review/',
      get=(LOGIN, 200, 404, 404, 404, 404),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('facilitator/',
      get=(LOGIN, 403, 403, 200, 200, 200),
      post=(LOGIN, 403, 403, 200, 200, 200)),
    R('facilitator/cohorts/<int:pk>/sessions/<int:session_pk>/attendance/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, 404, 404)),
    R('facilitator/cohorts/<int:pk>/sessions/<int:session_pk>/attendance/mark-all/',
      get=(LOGIN, 403, 403, 405, 405, 405),
      post=(LOGIN, 403, 403, 404, Redirect('/facilitator/cohorts/{cohort}/sessions/{session}/attendance/'), Redirect('/facilitator/cohorts/{cohort}/sessions/{session}/attendance/'))),
    R('facilitator/cohorts/<int:pk>/sessions/<int:session_pk>/attendance/undo/',
      get=(LOGIN, 403, 403, 405, 405, 405),
      post=(LOGIN, 403, 403, 404, Redirect('/facilitator/cohorts/{cohort}/sessions/{session}/attendance/'), Redirect('/facilitator/cohorts/{cohort}/sessions/{session}/attendance/'))),
    R('facilitator/cohorts/<int:pk>/sessions/<int:session_pk>/history/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, 200, 200)),
    R('facilitator/cohorts/<int:pk>/sessions/<int:session_pk>/paper-sheet/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, Redirect('/facilitator/cohorts/{cohort}/sessions/{session}/attendance/'), Redirect('/facilitator/cohorts/{cohort}/sessions/{session}/attendance/'))),
    R('facilitator/cohorts/<int:pk>/sessions/<int:session_pk>/sign-in-sheet.pdf',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, 200, 200)),
    R('facilitator/cohorts/<int:pk>/sessions/<int:session_pk>/check-in-code/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, 200, 200)),
    R('facilitator/cohorts/<int:pk>/roster/import/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, 200, 200)),
    R('facilitator/cohorts/<int:pk>/roster/import/<uuid:preview>/columns/',
      get=(LOGIN, 403, 403, 404, 200, 404),
      post=(LOGIN, 403, 403, 404, 200, 404)),
    R('facilitator/cohorts/<int:pk>/roster/import/<uuid:preview>/',
      get=(LOGIN, 403, 403, 404,
           Redirect('/facilitator/cohorts/{cohort}/roster/import/{preview}/columns/'),
           404),
      post=(LOGIN, 403, 403, 405, 405, 405)),
    R('facilitator/cohorts/<int:pk>/roster/import/confirm/',
      get=(LOGIN, 403, 403, 405, 405, 405),
      post=(LOGIN, 403, 403, 404, Redirect('/facilitator/cohorts/{cohort}/roster/import/'), Redirect('/facilitator/cohorts/{cohort}/roster/import/'))),
    R('facilitator/cohorts/<int:pk>/roster/template.<str:file_format>',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, 200, 200)),
    R('facilitator/cohorts/<int:pk>/walk-ins/add/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, 200, 200)),
    R('facilitator/cohorts/<int:pk>/enrolments/<int:enrolment_pk>/merge/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, 200, 200)),
    R('facilitator/cohorts/<int:pk>/enrolments/<int:enrolment_pk>/status/',
      get=(LOGIN, 403, 403, 404, Redirect('/facilitator/cohorts/{cohort}/'), Redirect('/facilitator/cohorts/{cohort}/')),
      post=(LOGIN, 403, 403, 404, Redirect('/facilitator/cohorts/{cohort}/'), Redirect('/facilitator/cohorts/{cohort}/'))),
    R('facilitator/cohorts/<int:pk>/join-codes/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, Redirect('/facilitator/cohorts/{cohort}/join-codes/'), Redirect('/facilitator/cohorts/{cohort}/join-codes/'))),
    R('facilitator/cohorts/<int:pk>/join-codes/<int:code_pk>/withdraw/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 404, Redirect('/facilitator/cohorts/{cohort}/join-codes/'), Redirect('/facilitator/cohorts/{cohort}/join-codes/'))),
    R('join/',
      get=(200, 200, 200, 200, 200, 200),
      post=(200, 200, 200, 200, 200, 200)),
    R('check-in/',
      get=(LOGIN, 200, 200, 200, 200, 200),
      post=(LOGIN, 200, 200, 200, 200, 200)),
    R('check-in/<int:session_pk>/',
      get=(LOGIN, 200, 200, 200, 200, 200),
      post=(LOGIN, 200, 200, 200, 200, 200)),
    R('facilitator/cohorts/<int:pk>/',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 405, 405, 405)),
    R('facilitator/cohorts/<int:pk>/export/',
      get=(LOGIN, 403, 403, 405, 405, 405),
      post=(LOGIN, 403, 403, 404, Redirect('/facilitator/cohorts/{cohort}/'), Redirect('/facilitator/cohorts/{cohort}/'))),
    R('facilitator/cohorts/<int:pk>/certificates/',
      get=(LOGIN, 404, 404, 404, 200, 200),
      post=(LOGIN, 404, 404, 404, 200, 200)),
    R('facilitator/cohorts/<int:pk>/certificates/progress.json',
      get=(LOGIN, 404, 404, 404, 200, 200),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('facilitator/cohorts/<int:pk>/certificates/all.pdf',
      get=(LOGIN, 404, 404, 404, 200, 200),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('facilitator/cohorts/<int:pk>/certificates/all.zip',
      get=(LOGIN, 404, 404, 404, 200, 200),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('my/certificates/',
      get=(LOGIN, 200, 200, 200, 200, 200),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('my/certificates/<int:pk>/certificate.pdf', kwargs=CERTIFICATE,
      get=(LOGIN, 200, 404, 404, 200, 200),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('my/certificates/<int:pk>/credential.json', kwargs=CERTIFICATE,
      get=(LOGIN, 200, 404, 404, 404, 404),
      post=(LOGIN, 405, 405, 405, 405, 405)),
    R('credentials/offer/<str:token>/',
      get=(404, 404, 404, 404, 404, 404),
      post=(405, 405, 405, 405, 405, 405)),
    R('.well-known/did.json',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('credentials/issuer',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('credentials/status/<str:purpose>',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('verify/file/',
      get=(200, 200, 200, 200, 200, 200),
      post=(200, 200, 200, 200, 200, 200)),
    R('verify/',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('^verify/(?P<code>.+)/$',
      get=(200, 200, 200, 200, 200, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('reports/',
      get=(LOGIN, 403, 403, 403, 403, 200),
      post=(LOGIN, 403, 403, 403, 403, 405)),
    R('reports/programme.xlsx',
      get=(LOGIN, 403, 403, 403, 403, 200),
      post=(LOGIN, 403, 403, 403, 403, 405)),
    R('reports/programme.pdf',
      get=(LOGIN, 403, 403, 403, 403, 200),
      post=(LOGIN, 403, 403, 403, 403, 405)),
    R('reports/donor-indicator.xlsx',
      get=(LOGIN, 403, 403, 403, 403, 200),
      post=(LOGIN, 403, 403, 403, 403, 405)),
    R('reports/cohorts/<int:pk>/report.pdf',
      get=(LOGIN, 403, 403, 404, 200, 200),
      post=(LOGIN, 403, 403, 405, 405, 405)),
    R('media/<path:name>',
      get=(404, 404, 404, 404, 404, 200),
      post=(405, 405, 405, 405, 405, 405)),
    R('_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/',
      get=(404, 404, 404, 404, 404, 404),
      post=(404, 404, 404, 404, 404, 404)),
    R('_util/login/',
      get=(200, 200, 200, 200, 200, 200),
      post=(200, 200, 200, 200, 200, 200)),
    R('media/<path:name>', case="a certificate PDF is never served from here",
      kwargs={"name": lambda o: o["certificate"].pdf.name},
      get=(404, 404, 404, 404, 404, 404),
      post=(405, 405, 405, 405, 405, 405)),
    R(PAGE_ROUTE, case="home page", kwargs={"page": "home"},
      get=(200, 200, 200, 200, 200, 200),
      post=(200, 200, 200, 200, 200, 200)),
    R(PAGE_ROUTE, case="enrolled-only course", kwargs={"page": "course"},
      get=(LOGIN, 200, 403, 403, 200, 200),
      post=(LOGIN, 200, 403, 403, 200, 200)),
    R(PAGE_ROUTE, case="module", kwargs={"page": "module"},
      get=(LOGIN, 200, 403, 403, 200, 200),
      post=(LOGIN, 200, 403, 403, 200, 200)),
    R(PAGE_ROUTE, case="lesson", kwargs={"page": "lesson"},
      get=(LOGIN, 200, 403, 403, 200, 200),
      post=(LOGIN, 200, 403, 403, 200, 200)),
    R(PAGE_ROUTE, case="quiz", kwargs={"page": "quiz"},
      get=(LOGIN, 200, 403, 403, 200, 200),
      post=(LOGIN, 200, 403, 403, 200, 200)),
]
# fmt: on


# --- the world the table is walked in ------------------------------------------------


@dataclass
class World:
    people: dict
    objects: dict


def _png() -> ContentFile:
    return get_test_image_file()


def build_world(home_page) -> World:
    """Two cohorts of two enrolled-only courses; every object a URL names."""
    from courses.models import CourseIndexPage

    index = CourseIndexPage(title="Courses", slug="courses")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    course = make_course(index, title="Identifying victims", enrolled_only=True)
    other_course = make_course(index, title="Referral networks", enrolled_only=True)
    module = ModulePage.objects.child_of(course).first()
    lesson = LessonPage(title="Indicators", slug="indicators")
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    quiz = make_quiz(module, title="Module quiz")
    make_quiz(course, title="Post-test", kind=QuizKind.POST_TEST)

    people = {
        "participant": factories.participant(full_name="Pat Participant"),
        "other_participant": factories.participant(full_name="Olu Otherparticipant"),
        "other_facilitator": factories.facilitator(full_name="Ola Otherfacilitator"),
        "facilitator": factories.facilitator(full_name="Fay Facilitator"),
        "administrator": factories.administrator(full_name="Ade Administrator"),
    }
    today = timezone.localdate()
    cohort = cf.cohort(
        course=course,
        facilitators=[people["facilitator"]],
        start_date=today,
        end_date=today + dt.timedelta(days=1),
    )
    other_cohort = cf.cohort(
        course=other_course,
        facilitators=[people["other_facilitator"]],
        name="Curaçao, October 2026",
    )
    enrolment = cf.enrol(cohort, people["participant"])
    cf.enrol(other_cohort, people["other_participant"])
    session = cohort.sessions.order_by("starts_at").first()
    join_code = JoinCode.objects.create(
        enrolment=enrolment,
        code_hash=hashlib.sha256(b"permission-table").hexdigest(),
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    attempt = Attempt.objects.create(
        participant=people["participant"],
        quiz=quiz,
        revision=quiz.live_revision,
        cohort=cohort,
        submitted_at=timezone.now(),
        score=4,
        max_score=4,
        percent=100,
        passed=True,
        close_reason="submitted",
    )
    template = cf.template()
    pdf = b"%PDF-1.4\n% Harbour permission table\n"
    certificate = Certificate(
        enrolment=enrolment,
        template=template,
        template_revision=template.latest_revision,
        code="PERMTABLE0000000AAAA",
        participant_name="Pat Participant",
        course_title=course.title,
        cohort_name=cohort.name,
        dates="18–19 October 2026",
        issued_at=timezone.now(),
        issued_by=people["facilitator"],
        sha256=hashlib.sha256(pdf).hexdigest(),
        credential={"id": "urn:uuid:00000000-0000-4000-8000-000000000001"},
    )
    certificate.pdf.save("certificate-permtable.pdf", ContentFile(pdf), save=False)
    certificate.save()
    image = get_image_model().objects.create(title="Cover", file=_png())
    document = get_document_model().objects.create(
        title="Referral form", file=ContentFile(b"Referral form", name="referral.txt")
    )
    bundle = CohortCertificateBundle(
        cohort=cohort, certificate_count=1, built_at=timezone.now()
    )
    bundle.merged_pdf.save("all.pdf", ContentFile(pdf), save=False)
    bundle.zip_file.save("all.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    bundle.save()
    preview = RosterPreview(
        cohort=cohort,
        owner=people["facilitator"],
        original_name="roster.csv",
        sha256="0" * 64,
        headers=["Full name", "Email"],
    )
    preview.file.save(
        "roster.csv", ContentFile(b"Full name,Email\nNew Person,new@example.org\n")
    )
    objects = {
        "home": home_page,
        "course": course,
        "module": module,
        "lesson": lesson,
        "quiz": quiz,
        "cohort": cohort,
        "session": session,
        "enrolment": enrolment,
        "join_code": join_code,
        "attempt": attempt,
        "certificate": certificate,
        "preview": preview,
        "image": image,
        "document": document,
    }
    return World(people=people, objects=objects)


# Default value of each URL parameter, from the world's objects.
PARAMS = {
    "pk": lambda o: o["cohort"].pk,
    "session_pk": lambda o: o["session"].pk,
    "enrolment_pk": lambda o: o["enrolment"].pk,
    "code_pk": lambda o: o["join_code"].pk,
    "quiz_id": lambda o: o["quiz"].pk,
    "attempt_id": lambda o: o["attempt"].pk,
    "lesson_id": lambda o: o["lesson"].pk,
    "user_id": lambda o: o["enrolment"].participant_id,
    "code": lambda o: o["certificate"].display_code,
    "file_format": lambda o: "csv",
    "preview": lambda o: o["preview"].pk,
    "purpose": lambda o: "revocation",
    "token": lambda o: "not-a-real-token",
    "uidb64": lambda o: "MQ",
    "restriction_id": lambda o: 1,
    "page_view_restriction_id": lambda o: 1,
    "page_id": lambda o: o["home"].pk,
    "name": lambda o: o["image"].file.name,
}


# Patterns whose groups have no names: their arguments, from the world's objects.
POSITIONAL = {
    r"documents/^(\d+)/(.*)$": lambda o: [
        o["document"].pk,
        o["document"].file.name.rsplit("/", 1)[-1],
    ],
}


# --- walking the URL patterns -----------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None
    module: str
    params: tuple[str, ...]


def _is_wagtail_internal(route: str, module: str) -> bool:
    """Wagtail's own admin views (Harbour's admin views are walked)."""
    harbour = ("lms.", "courses.", "assessments.", "cohorts.", "certificates.")
    return route.startswith("admin/") and not module.startswith((*harbour, "reports."))


def site_patterns() -> list[Pattern]:
    """Every URL pattern of the site except Wagtail's admin internals."""
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                callback = p.callback
                module = getattr(callback, "__module__", "") or ""
                if hasattr(callback, "view_class"):
                    module = callback.view_class.__module__
                if _is_wagtail_internal(route, module):
                    continue
                name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
                params = tuple(p.pattern.regex.groupindex)
                found.append(Pattern(route, name, module, params))

    walk(get_resolver().url_patterns, "", None)
    return found


def _url(pattern_name: str | None, route: str, world: World, kwargs: dict) -> str:
    if route == PAGE_ROUTE:
        return world.objects[kwargs["page"]].url
    if route in POSITIONAL:
        return reverse(pattern_name, args=POSITIONAL[route](world.objects))
    values = {}
    for param in _params_of(route):
        value = kwargs.get(param, PARAMS[param])
        values[param] = value(world.objects) if callable(value) else value
    if pattern_name is None:
        raise AssertionError(f"{route} has no name to reverse")
    return reverse(pattern_name, kwargs=values)


def _params_of(route: str) -> tuple[str, ...]:
    for pattern in site_patterns():
        if pattern.route == route:
            return pattern.params
    raise AssertionError(f"No URL pattern {route}")


def _answer(response) -> object:
    """A response as the table writes it."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login") + "?next="):
            return LOGIN
        if location.startswith(reverse("wagtailadmin_login") + "?next="):
            return ADMIN_LOGIN
        return Redirect(location.split("?")[0])
    return response.status_code


def _placeholders(world: World) -> dict[str, object]:
    values: dict[str, object] = {k: v.pk for k, v in world.objects.items()}
    values["user"] = world.people["participant"].pk
    values.update(
        {f"{k}_url": v.url for k, v in world.objects.items() if hasattr(v, "url")}
    )
    return values


def _matches(expected, actual, response, world: World) -> bool:
    if isinstance(expected, Redirect):
        return response.status_code == 302 and response["Location"].startswith(
            expected.to.format(**_placeholders(world))
        )
    return expected == actual


def walk_row(client, world: World, route: str, name, kwargs: dict):
    """(method, role, answer, response) for every request of one row."""
    url = _url(name, route, world, kwargs)
    results = []
    for method in ("get", "post"):
        for role in ROLES:
            cache.clear()  # rate limits must not answer for the permission checks
            client.logout()
            if role != "anonymous":
                client.force_login(world.people[role])
            response = getattr(client, method)(url)
            results.append((method, role, _answer(response), response, url))
    client.logout()
    return results


# --- the tests ------------------------------------------------------------------------

MEDIA = tempfile.mkdtemp(prefix="harbour-permission-table-")
atexit.register(shutil.rmtree, MEDIA, ignore_errors=True)


def _home_page():
    """The site's root page, as seed_demo makes it."""
    from tests.conftest import _ensure_wagtail_tree

    root = _ensure_wagtail_tree()
    home = HomePage(title="Harbour", slug="harbour-home", intro="Train, assist, refer.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def _name_of(route: str):
    for pattern in site_patterns():
        if pattern.route == route:
            return pattern.name
    return None


def _row_to_add(client, world, pattern: Pattern) -> str:
    """The row to add for an unlisted pattern, with the answers it gives now."""
    missing = [p for p in pattern.params if p not in PARAMS]
    if missing:
        return (
            f"{pattern.route}: add a default for {', '.join(missing)} to PARAMS, "
            "then run again for the row to add."
        )
    if pattern.route == PAGE_ROUTE:
        return (
            f"{PAGE_ROUTE}: add rows with kwargs={{'page': <key of World.objects>}}, "
            "one for each kind of page."
        )
    try:
        results = walk_row(client, world, pattern.route, pattern.name, {})
    except NoReverseMatch as error:
        return (
            f"{pattern.route}: cannot be reversed with the PARAMS defaults; give its "
            f"arguments in POSITIONAL ({error})"
        )
    get = tuple(a for m, _, a, _, _ in results if m == "get")
    post = tuple(a for m, _, a, _, _ in results if m == "post")
    return f"    R({pattern.route!r},\n      get={get!r},\n      post={post!r}),"


@override_settings(MEDIA_ROOT=MEDIA)
class PermissionTable(TestCase):
    """The world is built once; each row runs in its own transaction, rolled back."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world(_home_page())

    def check_row(self, row: R) -> None:
        name = None if row.route == PAGE_ROUTE else _name_of(row.route)
        expected = {"get": row.get, "post": row.post}
        wrong = []
        for method, role, answer, response, url in walk_row(
            self.client, self.world, row.route, name, row.kwargs
        ):
            want = expected[method][ROLES.index(role)]
            if not _matches(want, answer, response, self.world):
                wrong.append(
                    f"{method.upper()} {url} as {role}: {answer!r}, table: {want!r}"
                )
        self.assertFalse(wrong, "\n".join(wrong))

    def test_every_url_pattern_is_in_the_table(self):
        listed = {row.route for row in TABLE}
        unlisted = [p for p in site_patterns() if p.route not in listed]
        if unlisted:
            rows = "\n".join(_row_to_add(self.client, self.world, p) for p in unlisted)
            self.fail(
                f"{len(unlisted)} URL pattern(s) are not in TABLE in "
                "tests/lms/test_permission_table.py. Add a row for each; these are "
                "the answers they give now, so check every one is what you "
                f"intend:\n{rows}"
            )

    def test_every_row_names_a_url_pattern_that_exists(self):
        routes = {p.route for p in site_patterns()}
        stale = sorted({row.route for row in TABLE} - routes)
        self.assertFalse(stale, f"Rows for URL patterns that no longer exist: {stale}")

    def test_every_row_is_listed_once(self):
        labels = [row.label for row in TABLE]
        self.assertEqual(
            sorted({x for x in labels if labels.count(x) > 1}), [], "rows listed twice"
        )


def _row_test(row: R):
    def test(self):
        self.check_row(row)

    test.__doc__ = f"{row.label}: the answers in TABLE."
    return test


for _number, _row in enumerate(TABLE):
    _slug = re.sub(r"[^a-z0-9]+", "_", _row.label.lower()).strip("_")
    setattr(PermissionTable, f"test_{_number:03d}_{_slug}"[:120], _row_test(_row))
