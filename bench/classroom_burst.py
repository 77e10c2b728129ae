"""A room of 30 at once, over HTTP, against gunicorn and the task worker.

    python bench/classroom_burst.py [--databases sqlite,postgresql] [--port 8116]

For each database (a fresh SQLite file, then a fresh PostgreSQL database on
127.0.0.1:5432 that the bench creates and drops) it migrates, seeds a cohort of
30 with join codes, a quiz and a certificate template, starts Harbour under
gunicorn with gunicorn.conf.py and production settings, plus `manage.py
db_worker`, and then, with threads on 127.0.0.1:

- 30 people redeem their join codes at the same instant, then 30 sign in at once;
- all start the same quiz, autosave twice (the second save arrives out of order)
  and press submit twice at once, while the facilitator marks all 30 present and
  imports a 5,000-row roster into another cohort;
- the facilitator issues the cohort's certificates and all 30 download theirs.

It prints one JSON line per database. "lost_writes" counts writes the server
acknowledged that are not stored as sent. The exit status is non-zero on any
5xx, lost write, rate-limit refusal or missed target. The server runs with the
production settings, except that cookies are not marked Secure (no TLS here).
"""

# The bench starts its own processes and talks to its own server on 127.0.0.1,
# with throwaway passwords it made up: S105, S310 and S603 do not apply.
# ruff: noqa: S105, S310, S603

import argparse
import contextlib
import csv
import http.cookiejar
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ROOM = 30
IMPORT_ROWS = 5000
PASSWORD = "harbour-room-2026"
FACILITATOR = ("facilitator@burst.example.org", "burst-facilitator-2026")
TIMEOUT = 60  # seconds for any one request
TARGETS = {"sign_in": 2000, "default": 1000, "certificates_ready_s": 10}

SETTINGS = """
from lms.settings.production import *  # noqa: F403
from lms.settings.production import STORAGES

# No TLS on 127.0.0.1: cookies without the Secure flag, no redirect to https.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# Static files straight from the source folders (the bench fetches none).
STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
"""


# --- inside Django: seeding and checking ---------------------------------------------


def _django(settings_dir: str) -> None:
    sys.path[:0] = [settings_dir, str(ROOT)]
    import django

    django.setup()


def seed(out: str) -> None:
    """Create the room: a course with a quiz, a cohort of 30 with join codes, a
    session now, a certificate template, a facilitator, and a second cohort for
    the roster import."""
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from assessments.models import QuizKind, QuizPage
    from certificates.models import CertificateSignatory, CertificateTemplate
    from cohorts import services as cohort_services
    from cohorts.models import Cohort, TrainingSession
    from courses.models import CourseIndexPage, CoursePage, ModulePage
    from lms import roles
    from lms.choices import Country
    from lms.models import HomePage
    from lms.services import user_create

    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = HomePage(title="Harbour", slug="harbour-home", intro="Train, assist, refer.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home},
    )
    index = CourseIndexPage(title="Courses", slug="courses")
    home.add_child(instance=index)
    index.save_revision().publish()
    course = CoursePage(title="Identifying victims of trafficking", summary="A course.")
    index.add_child(instance=course)
    course.save_revision().publish()
    module = ModulePage(title="Indicators", summary="Recognising the signs.")
    course.add_child(instance=module)
    module.save_revision().publish()

    def option(text, correct=False):
        return {"text": text, "correct": correct, "feedback": ""}

    questions = [
        (
            "single_choice",
            {
                "prompt": f"Question {n}: which is an indicator of trafficking?",
                "points": 1,
                "explanation": "",
                "options": [
                    option("Someone else holds their passport", True),
                    option("They travel with family"),
                    option("They have a work contract they understand"),
                ],
            },
        )
        for n in range(1, 6)
    ]
    quiz = QuizPage(
        title="Module quiz",
        kind=QuizKind.MODULE_QUIZ,
        instructions="<p>Answer every question.</p>",
        questions=questions,
    )
    module.add_child(instance=quiz)
    quiz.save_revision().publish()

    facilitator = user_create(
        email=FACILITATOR[0],
        password=FACILITATOR[1],
        full_name="Marcus Joseph",
        role=roles.FACILITATORS,
    )
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        course=course,
        name="Saint Lucia, burst",
        city="Castries",
        country=Country.SAINT_LUCIA,
        start_date=today,
        end_date=today,
        capacity=40,
        min_attendance_percent=100,
        require_post_test_pass=False,
        require_all_modules=False,
    )
    cohort.facilitators.set([facilitator])
    now = timezone.now()
    session = TrainingSession.objects.create(
        cohort=cohort,
        title="Day 1 morning",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
    )
    enrolments = [
        cohort_services.enrolment_add_walk_in(
            cohort=cohort,
            full_name=f"Participant {i:02d} Burst",
            organisation="Royal Saint Lucia Police Force",
            added_by=facilitator,
        )
        for i in range(ROOM)
    ]
    issued = cohort_services.join_codes_issue(
        cohort=cohort, enrolments=enrolments, issued_by=facilitator
    )
    other = Cohort.objects.create(
        course=course,
        name="Curaçao, roster import",
        city="Willemstad",
        country=Country.CURACAO,
        start_date=today,
        end_date=today,
        capacity=IMPORT_ROWS + 100,
    )
    other.facilitators.set([facilitator])
    template = CertificateTemplate(name="Burst completion")
    template.signatories.add(
        CertificateSignatory(name="Adaeze Morgan", title="Trainer", sort_order=0)
    )
    template.signatories.add(
        CertificateSignatory(name="Marcus Joseph", title="Trainer", sort_order=1)
    )
    template.save()
    template.save_revision()
    Group.objects.get(name=roles.PARTICIPANTS)  # migrations made the roles
    Path(out).write_text(
        json.dumps(
            {
                "cohort": cohort.pk,
                "session": session.pk,
                "quiz": quiz.pk,
                "template": template.pk,
                "import_cohort": other.pk,
                "people": [
                    {"enrolment": i.enrolment.pk, "code": i.code} for i in issued
                ],
            }
        )
    )


def check(seeded_path: str, acked_path: str, out: str) -> None:
    """Count the acknowledged writes that are stored as they were sent."""
    from django.contrib.auth import get_user_model

    from assessments.models import Attempt
    from certificates.models import Certificate
    from cohorts.models import Attendance, Enrolment, JoinCode

    seeded = json.loads(Path(seeded_path).read_text())
    acked = json.loads(Path(acked_path).read_text())
    User = get_user_model()
    stored = {}
    stored["join"] = sum(
        1
        for j in acked["join"]
        if User.objects.filter(
            username=j["username"], enrolments__pk=j["enrolment"]
        ).exists()
        and JoinCode.objects.filter(
            enrolment_id=j["enrolment"], used_at__isnull=False
        ).exists()
    )
    stored["autosave"] = 0
    for a in acked["autosave"]:
        attempt = Attempt.objects.filter(pk=a["attempt"]).first()
        # The newer save (seq 2) is what the attempt keeps; the late seq 1 is not.
        if attempt and attempt.answers_seq >= a["seq"]:
            stored["autosave"] += 1
    stored["submit"] = sum(
        1
        for s in acked["submit"]
        if Attempt.objects.filter(
            pk=s["attempt"], submitted_at__isnull=False, answers=s["answers"]
        ).exists()
    )
    stored["attendance"] = Attendance.objects.filter(
        session_id=seeded["session"],
        enrolment_id__in=[a["enrolment"] for a in acked["attendance"]],
        status="present",
    ).count()
    stored["import"] = (
        IMPORT_ROWS
        if acked["import"]
        and Enrolment.objects.filter(cohort_id=seeded["import_cohort"]).count()
        == IMPORT_ROWS
        else 0
    )
    stored["certificates"] = (
        Certificate.objects.filter(enrolment__cohort_id=seeded["cohort"])
        .values("enrolment")
        .distinct()
        .count()
    )
    duplicates = (
        Certificate.objects.filter(enrolment__cohort_id=seeded["cohort"]).count()
        - stored["certificates"]
    )
    Path(out).write_text(json.dumps({"stored": stored, "duplicates": duplicates}))


# --- the HTTP side ----------------------------------------------------------------


class Stats:
    """Every request's outcome, shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.errors_5xx = 0
        self.refused = 0
        self.timings: dict[str, list[float]] = {}
        self.problems: list[str] = []

    def record(self, phase: str | None, status: int, ms: float, url: str) -> None:
        with self.lock:
            self.requests += 1
            if status >= 500 or status == 0:
                self.errors_5xx += 1
                self.problems.append(f"{status} {url}")
            if status == 429:
                self.refused += 1
                self.problems.append(f"429 {url}")
            if phase:
                self.timings.setdefault(phase, []).append(ms)

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One browser: its own cookies; CSRF token from the cookie."""

    def __init__(self, base: str, stats: Stats):
        self.base = base
        self.stats = stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def request(self, method, path, *, phase=None, data=None, body=None, headers=None):
        url = path if path.startswith("http") else self.base + path
        headers = dict(headers or {})
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST":
            headers.setdefault("X-CSRFToken", self.csrf())
            headers.setdefault("Referer", url)
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=TIMEOUT) as response:
                status, text, location = (
                    response.status,
                    response.read(),
                    response.headers.get("Location", ""),
                )
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
            location = error.headers.get("Location", "")
        except OSError as error:  # timeouts and refused connections count as 5xx
            status, text, location = 0, str(error).encode(), ""
        ms = (time.perf_counter() - start) * 1000
        self.stats.record(phase, status, ms, f"{method} {path}")
        return status, text, location

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def sign_in(self, username, password, *, phase=None):
        self.get("/account/sign-in/")
        return self.post(
            "/account/sign-in/",
            {"username": username, "password": password},
            phase=phase,
        )


def _together(n: int, fn, *args) -> list:
    """Run fn(i, barrier, *args) in n threads that start at the same instant."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def one(i):
        try:
            results[i] = fn(i, barrier, *args)
        except Exception as error:  # noqa: BLE001 - reported as a problem
            results[i] = error

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=TIMEOUT * 4)
    return results


def _roster_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Full name",
            "Email",
            "Organisation",
            "Organisation type",
            "Position",
            "Sex",
            "Country",
        ]
    )
    for i in range(IMPORT_ROWS):
        writer.writerow(
            [
                f"Roster Person {i:04d}",
                f"roster{i:04d}@burst.example.org",
                "Ministry of Home Affairs",
                "",
                "Officer",
                "",
                "",
            ]
        )
    return out.getvalue().encode()


def _multipart(fields: dict, name: str, filename: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def burst(base: str, seeded: dict, stats: Stats) -> dict:
    """Drive the room; return what the server acknowledged."""
    acked = {
        "join": [],
        "autosave": [],
        "submit": [],
        "attendance": [],
        "import": False,
    }
    people = seeded["people"]
    cohort, session, quiz = seeded["cohort"], seeded["session"], seeded["quiz"]

    # 1. Thirty join codes redeemed at the same instant.
    def join(i, barrier):
        client = Client(base, stats)
        client.get("/join/")
        username = f"burst.person{i:02d}"
        barrier.wait()
        status, _, location = client.post(
            "/join/",
            {
                "code": people[i]["code"],
                "username": username,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "consent": "on",
            },
            phase="join",
        )
        if status == 302 and "/join/" not in location:
            with stats.lock:
                acked["join"].append(
                    {"enrolment": people[i]["enrolment"], "username": username}
                )
        else:
            stats.problem(f"join {i}: {status}")
        return username

    usernames = _together(ROOM, join)

    # 2. Thirty sign-ins at once, each in a fresh browser.
    def sign_in(i, barrier):
        client = Client(base, stats)
        client.get("/account/sign-in/")
        barrier.wait()
        status, _, _ = client.post(
            "/account/sign-in/",
            {"username": usernames[i], "password": PASSWORD},
            phase="sign_in",
        )
        if status != 302:
            stats.problem(f"sign-in {i}: {status}")
        return client

    clients = _together(ROOM, sign_in)

    facilitator = Client(base, stats)
    facilitator.sign_in(*FACILITATOR)
    importer = Client(base, stats)
    importer.sign_in(*FACILITATOR)

    # 3. The quiz, with attendance and a roster import going on meanwhile.
    def take_quiz(i, barrier):
        client = clients[i]
        barrier.wait()
        status, _, location = client.post(f"/quizzes/{quiz}/start/", phase="start")
        match = re.search(r"/quizzes/attempts/(\d+)/", location or "")
        if not match:
            stats.problem(f"start {i}: {status} {location}")
            return None
        attempt = int(match.group(1))
        _, page, _ = client.get(f"/quizzes/attempts/{attempt}/")
        options: dict[str, list[str]] = {}
        for qid, oid in re.findall(rb'name="q-([^"]+)" value="([^"]+)"', page):
            options.setdefault(qid.decode(), []).append(oid.decode())
        newer = {q: [ids[0]] for q, ids in options.items()}
        older = {q: [ids[-1]] for q, ids in options.items()}
        url = f"/quizzes/attempts/{attempt}/answers/"
        # The newer save arrives first, the older one after it (out of order).
        for seq, answers in ((2, newer), (1, older)):
            status, body, _ = client.request(
                "POST",
                url,
                phase="autosave",
                body=json.dumps({"answers": answers, "seq": seq}).encode(),
                headers={"Content-Type": "application/json"},
            )
            if status == 200 and json.loads(body).get("saved"):
                with stats.lock:
                    acked["autosave"].append({"attempt": attempt, "seq": seq})
        form = {f"q-{q}": ids for q, ids in newer.items()}
        inner = threading.Barrier(2)
        outcomes = []

        def submit():
            inner.wait()
            outcomes.append(
                client.post(f"/quizzes/attempts/{attempt}/", form, phase="submit")
            )

        pair = [threading.Thread(target=submit) for _ in range(2)]
        for t in pair:
            t.start()
        for t in pair:
            t.join(timeout=TIMEOUT * 2)
        if any(s == 302 and "/review/" in loc for s, _, loc in outcomes):
            with stats.lock:
                acked["submit"].append({"attempt": attempt, "answers": newer})
        else:
            stats.problem(f"submit {i}: {[o[0] for o in outcomes]}")
        return attempt

    def mark_attendance():
        facilitator.get(f"/facilitator/cohorts/{cohort}/sessions/{session}/attendance/")
        for person in people:
            status, body, _ = facilitator.post(
                f"/facilitator/cohorts/{cohort}/sessions/{session}/attendance/",
                {"enrolment": person["enrolment"], "status": "present"},
                phase="attendance",
                headers={"Accept": "application/json"},
            )
            if status == 200:
                with stats.lock:
                    acked["attendance"].append({"enrolment": person["enrolment"]})
            else:
                stats.problem(f"attendance {person['enrolment']}: {status}")

    def import_roster():
        url = f"/facilitator/cohorts/{seeded['import_cohort']}/roster/import/"
        importer.get(url)
        body, content_type = _multipart(
            {"csrfmiddlewaretoken": importer.csrf()},
            "file",
            "roster.csv",
            _roster_csv(),
        )
        start = time.perf_counter()
        status, _, location = importer.request(
            "POST", url, body=body, headers={"Content-Type": content_type}
        )
        match = re.search(r"/roster/import/([0-9a-f-]{36})/", location or "")
        if not match:
            stats.problem(f"roster upload: {status} {location}")
            return
        preview = match.group(1)
        if location.rstrip("/").endswith("columns"):
            stats.problem("roster upload asked for columns")
            return
        importer.get(location)
        status, _, location = importer.post(
            f"/facilitator/cohorts/{seeded['import_cohort']}/roster/import/confirm/",
            {"preview": preview},
        )
        with stats.lock:
            stats.timings.setdefault("roster_import", []).append(
                (time.perf_counter() - start) * 1000
            )
        if status == 302 and "/roster/" not in location:
            acked["import"] = True
        else:
            stats.problem(f"roster confirm: {status} {location}")

    side = [
        threading.Thread(target=mark_attendance),
        threading.Thread(target=import_roster),
    ]
    for t in side:
        t.start()
    _together(ROOM, take_quiz)
    for t in side:
        t.join(timeout=TIMEOUT * 5)

    # 4. Certificates: the facilitator issues, everyone downloads theirs.
    page = f"/facilitator/cohorts/{cohort}/certificates/"
    facilitator.get(page)
    clicked = time.perf_counter()
    facilitator.post(page, {"template": seeded["template"]})
    ready = None
    while time.perf_counter() - clicked < 60:
        _, body, _ = facilitator.get(page + "progress.json")
        with contextlib.suppress(ValueError):
            progress = json.loads(body)
            if progress.get("status") == "done":
                ready = time.perf_counter() - clicked
                break
            if progress.get("status") == "failed":
                stats.problem(f"issuing failed: {progress.get('error')}")
                break
        time.sleep(0.25)
    acked["certificates_ready_s"] = round(ready, 2) if ready is not None else None

    def download(i, barrier):
        client = clients[i]
        barrier.wait()
        _, body, _ = client.get("/my/certificates/", phase="certificates")
        link = re.search(rb'href="(/my/certificates/\d+/certificate\.pdf)"', body)
        if not link:
            stats.problem(f"no certificate for {i}")
            return False
        status, pdf, _ = client.get(link.group(1).decode(), phase="certificates")
        return status == 200 and pdf.startswith(b"%PDF")

    downloads = _together(ROOM, download)
    acked["downloads"] = sum(1 for d in downloads if d is True)
    return acked


# --- processes and databases ----------------------------------------------------


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": None, "p95_ms": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered)), "p95_ms": round(p95)}


def _wait_healthy(base: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(base + "/healthz", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError("Harbour did not answer /healthz")


def _create_postgres(name: str) -> str:
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_one(database: str, port: int, scratch: Path) -> dict:
    """One full run on a fresh database; the figures as a dict."""
    work = scratch / database
    work.mkdir(parents=True, exist_ok=True)
    (work / "burst_settings.py").write_text(SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "burst_settings",
        "PYTHONPATH": os.pathsep.join([str(work), str(ROOT)]),
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HARBOUR_BASE_URL": f"http://127.0.0.1:{port}",
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    pg_name = None
    if database == "postgresql":
        pg_name = f"harbour_burst_{os.getpid()}"
        env["DATABASE_URL"] = _create_postgres(pg_name)
    else:
        env["SQLITE_PATH"] = str(work / "harbour.sqlite3")
    processes = []
    logs = []
    # Certificates carry a signed credential: a signing key of this run's own.
    env["HARBOUR_CREDENTIAL_KEYRING"] = str(work / "keyring.json")
    try:
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "credentials_keygen",
                "--output",
                str(work / "keyring.json"),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seeded_path = work / "seeded.json"
        subprocess.run(
            [PYTHON, __file__, "--seed", str(seeded_path), "--settings-dir", str(work)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seeded = json.loads(seeded_path.read_text())
        for name, command in (
            (
                "gunicorn",
                [
                    str(Path(PYTHON).parent / "gunicorn"),
                    "-c",
                    str(ROOT / "gunicorn.conf.py"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "lms.wsgi",
                ],
            ),
            ("worker", [PYTHON, "manage.py", "db_worker", "--no-reload"]),
        ):
            log = open(work / f"{name}.log", "wb")  # noqa: SIM115 - closed below
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
                )
            )
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(base)
        stats = Stats()
        started = time.perf_counter()
        acked = burst(base, seeded, stats)
        elapsed = time.perf_counter() - started
        acked_path = work / "acked.json"
        acked_path.write_text(json.dumps(acked))
        checked_path = work / "checked.json"
        subprocess.run(
            [
                PYTHON,
                __file__,
                "--check",
                str(seeded_path),
                str(acked_path),
                str(checked_path),
                "--settings-dir",
                str(work),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        checked = json.loads(checked_path.read_text())
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        if pg_name:
            _drop_postgres(pg_name)
    stored = checked["stored"]
    acknowledged = {
        "join": len(acked["join"]),
        "autosave": len(acked["autosave"]),
        "submit": len(acked["submit"]),
        "attendance": len(acked["attendance"]),
        "import": IMPORT_ROWS if acked["import"] else 0,
    }
    lost = sum(max(0, acknowledged[k] - stored[k]) for k in acknowledged)
    log_text = b"".join(
        (work / f"{n}.log").read_bytes() for n in ("gunicorn", "worker")
    )
    phases = {
        name: _percentiles(stats.timings.get(name, []))
        for name in (
            "join",
            "sign_in",
            "autosave",
            "submit",
            "attendance",
            "certificates",
        )
    }
    result = {
        "bench": "classroom_burst",
        "database": database,
        "users": ROOM,
        "requests": stats.requests,
        "errors_5xx": stats.errors_5xx,
        "db_locked": log_text.lower().count(b"database is locked"),
        "lost_writes": lost,
        "refused_by_rate_limit": stats.refused,
        "phases": phases,
        "certificates_ready_s": acked.get("certificates_ready_s"),
        "certificates_issued": stored["certificates"],
        "certificates_duplicated": checked["duplicates"],
        "certificates_downloaded": acked.get("downloads", 0),
        "roster_import_ms": round(stats.timings.get("roster_import", [0])[0]),
        "joins_acknowledged": acknowledged["join"],
        "submits_acknowledged": acknowledged["submit"],
        "seconds": round(elapsed, 1),
    }
    problems = list(stats.problems)
    for name, figures in phases.items():
        limit = TARGETS["sign_in"] if name == "sign_in" else TARGETS["default"]
        if figures["p95_ms"] is None or figures["p95_ms"] >= limit:
            problems.append(f"{name} p95 {figures['p95_ms']} ms (target < {limit})")
    ready = result["certificates_ready_s"]
    if ready is None or ready > TARGETS["certificates_ready_s"]:
        problems.append(f"certificates ready after {ready} s")
    if result["certificates_downloaded"] != ROOM or checked["duplicates"]:
        problems.append("not every participant downloaded one certificate")
    if acknowledged["join"] != ROOM or acknowledged["submit"] != ROOM:
        problems.append("not every join or submit was acknowledged")
    if not acked["import"]:
        problems.append("the roster import was not acknowledged")
    result["problems"] = problems[:20]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--port", type=int, default=8116)
    parser.add_argument("--seed")
    parser.add_argument("--check", nargs=3)
    parser.add_argument("--settings-dir")
    parser.add_argument("--keep", help="keep the logs and files in this folder")
    args = parser.parse_args()
    if args.seed:
        _django(args.settings_dir)
        seed(args.seed)
        return 0
    if args.check:
        _django(args.settings_dir)
        check(*args.check)
        return 0
    failed = False
    with (
        contextlib.nullcontext(args.keep)
        if args.keep
        else tempfile.TemporaryDirectory(prefix="harbour-burst-")
    ) as scratch:
        for database in args.databases.split(","):
            result = run_one(database, args.port, Path(scratch))
            failed = failed or bool(
                result["errors_5xx"]
                or result["lost_writes"]
                or result["refused_by_rate_limit"]
                or result["problems"]
            )
            print(json.dumps(result), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
