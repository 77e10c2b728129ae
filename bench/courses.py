"""Benchmark: the curriculum's fixed-query pages and the module-progress selector.

Builds a course of 3 modules x 4 lessons (the baseline) and one of 30 x 10 in
the same run, then measures, best of several tries:
  lesson_page / course_page   queries and milliseconds for a signed-in participant
  module_progress             queries and milliseconds for 30 and 3,000 participants
Each line carries its ratio to the baseline. Run it standalone:

  DJANGO_SETTINGS_MODULE=lms.settings.bench .venv/bin/python bench/courses.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import drop_database, emit, setup_django, timed

REPEATS = 5


def build_site():
    from wagtail.models import Page, Site

    from courses.models import CourseIndexPage
    from lms.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Harbour", slug="bench-home")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    index = CourseIndexPage(title="Courses", slug="courses")
    home.add_child(instance=index)
    return index


def build_course(index, modules: int, lessons: int):
    """A live course; pages are added directly (no revisions) to build it fast."""
    from courses.models import CoursePage, LessonPage, ModulePage

    course = CoursePage(
        title=f"Course {modules}x{lessons}", slug=f"c{modules}x{lessons}"
    )
    index.add_child(instance=course)
    for m in range(modules):
        module = ModulePage(title=f"Module {m + 1}", slug=f"m{m + 1}")
        course.add_child(instance=module)
        for n in range(lessons):
            module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m + 1}.{n + 1}",
                    slug=f"l{n + 1}",
                    body=[("paragraph", f"<p>Lesson {m + 1}.{n + 1}.</p>")],
                )
            )
    return course


def participants(count: int, label: str):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    User.objects.bulk_create(
        User(email=f"{label}-{i}@bench.test", full_name=f"P {i}") for i in range(count)
    )
    return list(
        User.objects.filter(email__startswith=f"{label}-").values_list("pk", flat=True)
    )


def measure_page(client, url: str) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best, queries = None, None
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as captured:
            seconds, response = timed(client.get, url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        queries = len(captured)
        best = seconds if best is None else min(best, seconds)
    return queries, round(best * 1000, 1)


def measure_progress(course, user_ids) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses.selectors import module_progress_for_users

    best, queries = None, None
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as captured:
            seconds, result = timed(
                module_progress_for_users, course=course, user_ids=user_ids
            )
        if len(result) != len(user_ids):
            raise RuntimeError("module progress is missing users")
        queries = len(captured)
        best = seconds if best is None else min(best, seconds)
    return queries, round(best * 1000, 1)


def main() -> None:
    setup_django()
    try:
        from django.test import Client

        from courses.models import LessonCompletion, LessonPage
        from courses.services import lesson_complete

        index = build_site()
        sizes = {"3x4": build_course(index, 3, 4), "30x10": build_course(index, 30, 10)}
        learner_id = participants(1, "learner")[0]
        from django.contrib.auth import get_user_model

        learner = get_user_model().objects.get(pk=learner_id)
        client = Client()
        client.force_login(learner)
        client.get("/")

        baseline = {}
        for label, course in sizes.items():
            lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
            for lesson in lessons[:3]:
                lesson_complete(user=learner, lesson=lesson)
            for page_name, url in (
                ("lesson_page", lessons[5].url),
                ("course_page", course.url),
            ):
                queries, ms = measure_page(client, url)
                base = baseline.setdefault(page_name, (queries, ms))
                emit(
                    bench=f"courses.{page_name}",
                    course=label,
                    lessons=len(lessons),
                    queries=queries,
                    ms=ms,
                    queries_ratio=round(queries / base[0], 2),
                    ms_ratio=round(ms / base[1], 2),
                )

        course = sizes["30x10"]
        lesson_ids = list(
            LessonPage.objects.descendant_of(course).values_list("pk", flat=True)
        )
        progress_base = None
        for count in (30, 3000):
            user_ids = participants(count, f"p{count}")
            LessonCompletion.objects.bulk_create(
                LessonCompletion(user_id=uid, lesson_id=lesson_ids[i % len(lesson_ids)])
                for i, uid in enumerate(user_ids)
            )
            queries, ms = measure_progress(course, user_ids)
            progress_base = progress_base or (queries, ms)
            emit(
                bench="courses.module_progress_for_users",
                course="30x10",
                users=count,
                queries=queries,
                ms=ms,
                queries_ratio=round(queries / progress_base[0], 2),
                ms_ratio=round(ms / progress_base[1], 2),
            )
    finally:
        drop_database()


if __name__ == "__main__":
    main()
