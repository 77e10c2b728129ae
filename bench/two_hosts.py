"""Several hosts, one truth: two gunicorn instances and two task workers on
PostgreSQL and Redis, and a worker killed in the middle of issuing.

    python bench/two_hosts.py [--ports 8117,8118] [--people 150]

It creates a PostgreSQL database and uses Redis database 13 (both emptied and
removed again), seeds a cohort whose participants are all eligible, starts two
gunicorn instances and two `manage.py db_worker` processes, then:

- the facilitator presses "Issue certificates" on both instances at the same
  moment (one run may start);
- once the run is under way, the worker holding its lease is killed (SIGKILL);
- the other worker must resume the run and finish it, issuing nothing twice;
- one address looks up a certificate through the verify form until refused
  (each lookup must count once: 30 a minute, not 15).

It prints one JSON line and exits non-zero if two runs started, no other worker
resumed the run within a minute of the kill, the run did not finish, or any
certificate is missing or doubled.
"""

# The bench starts its own processes and talks to its own servers on 127.0.0.1.
# ruff: noqa: S603

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import classroom_burst as burst

ROOT = burst.ROOT
PYTHON = burst.PYTHON
REDIS_URL = "redis://127.0.0.1:6379/13"


def seed(out: str, people: int) -> None:
    """A cohort of `people`, each present at its one session, and a template."""
    import datetime as dt

    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from certificates.models import CertificateSignatory, CertificateTemplate
    from cohorts.models import (
        Attendance,
        AttendanceStatus,
        Cohort,
        Enrolment,
        TrainingSession,
    )
    from courses.models import CourseIndexPage, CoursePage
    from lms import roles
    from lms.choices import Country
    from lms.models import HomePage
    from lms.services import user_build, user_create, user_create_many

    Locale.objects.get_or_create(language_code="en")
    home = HomePage(title="Harbour", slug="harbour-home", intro="Train, assist, refer.")
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home},
    )
    index = CourseIndexPage(title="Courses", slug="courses")
    home.add_child(instance=index)
    course = CoursePage(title="Building a referral network", summary="A course.")
    index.add_child(instance=course)
    course.save_revision().publish()
    facilitator = user_create(
        email=burst.FACILITATOR[0],
        password=burst.FACILITATOR[1],
        full_name="Marcus Joseph",
        role=roles.FACILITATORS,
    )
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        course=course,
        name="St. Maarten, two hosts",
        city="Philipsburg",
        country=Country.SAINT_LUCIA,
        start_date=today,
        end_date=today,
        capacity=people + 10,
        min_attendance_percent=100,
        require_post_test_pass=False,
        require_all_modules=False,
    )
    cohort.facilitators.set([facilitator])
    now = timezone.now()
    session = TrainingSession.objects.create(
        cohort=cohort,
        title="Day 1",
        starts_at=now - dt.timedelta(hours=3),
        ends_at=now - dt.timedelta(hours=1),
    )
    users = user_create_many(
        users=[
            user_build(
                email=f"host{i:03d}@two-hosts.example.org",
                full_name=f"Participant {i:03d} Hosts",
            )
            for i in range(people)
        ]
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, participant=u) for u in users
    )
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            enrolment=e,
            status=AttendanceStatus.PRESENT,
            marked_at=now,
        )
        for e in enrolments
    )
    template = CertificateTemplate(name="Two hosts completion")
    template.signatories.add(
        CertificateSignatory(name="Adaeze Morgan", title="Trainer", sort_order=0)
    )
    template.save()
    template.save_revision()
    Path(out).write_text(json.dumps({"cohort": cohort.pk, "template": template.pk}))


def inspect(cohort_id: int, out: str) -> None:
    """The cohort's runs, certificates and the live lease's owner, as JSON."""
    from django_tasks_db.models import DBTaskResult

    from certificates.models import Certificate, IssueRun

    runs = list(
        IssueRun.objects.filter(cohort_id=cohort_id).values(
            "pk", "status", "done", "total", "lease_owner"
        )
    )
    certificates = Certificate.objects.filter(enrolment__cohort_id=cohort_id)
    Path(out).write_text(
        json.dumps(
            {
                "runs": runs,
                "certificates": certificates.count(),
                "holders": certificates.values("enrolment").distinct().count(),
                "one_code": certificates.values_list("code", flat=True).first(),
                # Tasks whose worker vanished, marked failed by a live worker.
                "tasks_abandoned": DBTaskResult.objects.filter(
                    status="FAILED", exception_class_path__endswith=".WorkerVanished"
                ).count(),
            }
        )
    )


def _inspect(env, work: Path, cohort: int) -> dict:
    out = work / "inspect.json"
    subprocess.run(
        [
            PYTHON,
            __file__,
            "--inspect",
            str(cohort),
            str(out),
            "--settings-dir",
            str(work),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(out.read_text())


def _flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def run(ports: list[int], people: int, scratch: Path) -> dict:
    work = scratch / "two_hosts"
    work.mkdir(parents=True, exist_ok=True)
    (work / "burst_settings.py").write_text(burst.SETTINGS)
    name = f"harbour_two_hosts_{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "burst_settings",
        "PYTHONPATH": os.pathsep.join([str(work), str(ROOT)]),
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HARBOUR_BASE_URL": f"http://127.0.0.1:{ports[0]}",
        "MEDIA_ROOT": str(work / "media"),
        "REDIS_URL": REDIS_URL,
        "HARBOUR_CREDENTIAL_KEYRING": str(work / "keyring.json"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env["DATABASE_URL"] = burst._create_postgres(name)
    _flush_redis()
    processes: dict[str, subprocess.Popen] = {}
    logs = []
    try:
        for command in (
            ["credentials_keygen", "--output", str(work / "keyring.json")],
            ["migrate", "--noinput", "-v", "0"],
        ):
            subprocess.run(
                [PYTHON, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        seeded_path = work / "seeded.json"
        subprocess.run(
            [
                PYTHON,
                __file__,
                "--seed",
                str(seeded_path),
                "--people",
                str(people),
                "--settings-dir",
                str(work),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seeded = json.loads(seeded_path.read_text())
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        commands = {
            f"web{i + 1}": [
                gunicorn,
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "lms.wsgi",
            ]
            for i, port in enumerate(ports)
        }
        for i in (1, 2):
            commands[f"worker{i}"] = [
                PYTHON,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--worker-id",
                f"two-hosts-worker-{i}",
            ]
        for key, command in commands.items():
            log = open(work / f"{key}.log", "wb")  # noqa: SIM115 - closed below
            logs.append(log)
            processes[key] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            burst._wait_healthy(base)
        stats = burst.Stats()
        clients = [burst.Client(base, stats) for base in bases]
        cohort = seeded["cohort"]
        page = f"/facilitator/cohorts/{cohort}/certificates/"
        for client in clients:
            client.sign_in(*burst.FACILITATOR)
            client.get(page)
        # Both instances are asked at the same moment.
        barrier = threading.Barrier(len(clients))

        def press(client):
            barrier.wait()
            client.post(page, {"template": seeded["template"]})

        pressers = [threading.Thread(target=press, args=(c,)) for c in clients]
        for t in pressers:
            t.start()
        for t in pressers:
            t.join(timeout=120)
        pressed = time.perf_counter()
        # Kill the worker that holds the run once it has written something.
        killed = None
        killed_at = None
        while time.perf_counter() - pressed < 300:
            state = _inspect(env, work, cohort)
            active = [r for r in state["runs"] if r["status"] == "running"]
            if active and active[0]["done"] > 0 and active[0]["lease_owner"]:
                owner_pid = int(active[0]["lease_owner"].split(":")[1])
                for key in ("worker1", "worker2"):
                    if processes[key].pid == owner_pid:
                        processes[key].send_signal(signal.SIGKILL)
                        processes[key].wait(timeout=30)
                        killed = key
                        killed_at = f"{active[0]['done']}/{active[0]['total']}"
                if killed:
                    break
            if state["runs"] and all(r["status"] == "done" for r in state["runs"]):
                break
            time.sleep(0.3)
        kill_time = time.perf_counter()
        finished_after = None
        resumed_after = None
        while time.perf_counter() - kill_time < 180:
            state = _inspect(env, work, cohort)
            run = state["runs"][0] if state["runs"] else {}
            owner = run.get("lease_owner") or ""
            if resumed_after is None and owner and owner != "requeued" and killed:
                pid = int(owner.split(":")[1])
                if pid != processes[killed].pid:
                    resumed_after = round(time.perf_counter() - kill_time, 1)
            if run.get("status") in ("done", "failed"):
                finished_after = round(time.perf_counter() - kill_time, 1)
                break
            time.sleep(1)
        # The killed worker's task row: marked failed once it has been silent a minute.
        abandoned_after = None
        while killed and time.perf_counter() - kill_time < 150:
            state = _inspect(env, work, cohort)
            if state["tasks_abandoned"]:
                abandoned_after = round(time.perf_counter() - kill_time, 1)
                break
            time.sleep(2)
        state = _inspect(env, work, cohort)
        # One address looks a code up through the form until it is refused.
        verifier = burst.Client(bases[0], stats)
        allowed = 0
        for _ in range(40):
            status, _, location = verifier.get(f"/verify/?code={state['one_code']}")
            if status == 302:
                status, _, _ = verifier.get(location)
            if status != 200:
                break
            allowed += 1
        _, health, _ = clients[1].get("/healthz")
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        burst._drop_postgres(name)
        _flush_redis()
    runs = state["runs"]
    result = {
        "bench": "two_hosts",
        "database": "postgresql",
        "cache": "redis",
        "hosts": len(ports),
        "workers": 2,
        "people": people,
        "presses_at_once": len(clients),
        "runs_started": len(runs),
        "run_status": runs[0]["status"] if runs else None,
        "killed": killed,
        "killed_at": killed_at,
        "resumed_after_kill_s": resumed_after,
        "finished_after_kill_s": finished_after,
        "killed_task_marked_failed_after_s": abandoned_after,
        "certificates": state["certificates"],
        "holders": state["holders"],
        "issued_twice": state["certificates"] - state["holders"],
        "verify_lookups_before_refusal": allowed,
        "healthz": json.loads(health or b"{}"),
        "errors_5xx": stats.errors_5xx,
    }
    problems = []
    if len(runs) != 1:
        problems.append("not exactly one run started")
    if not killed:
        problems.append("no worker was killed mid-run")
    if resumed_after is None or resumed_after > 60:
        problems.append("no other worker resumed the run within a minute")
    if finished_after is None or result["run_status"] != "done":
        problems.append("the resumed run did not finish")
    if abandoned_after is None:
        problems.append("the killed worker's task was never marked failed")
    if state["holders"] != people or result["issued_twice"]:
        problems.append("certificates missing or issued twice")
    if allowed != 30:
        problems.append(f"{allowed} verify lookups before refusal, not 30")
    if stats.errors_5xx:
        problems.append(f"{stats.errors_5xx} answers of 5xx: {stats.problems[:5]}")
    result["problems"] = problems
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ports", default="8117,8118")
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--seed")
    parser.add_argument("--inspect", nargs=2)
    parser.add_argument("--settings-dir")
    parser.add_argument("--keep", help="keep the logs and files in this folder")
    args = parser.parse_args()
    if args.seed:
        burst._django(args.settings_dir)
        seed(args.seed, args.people)
        return 0
    if args.inspect:
        burst._django(args.settings_dir)
        inspect(int(args.inspect[0]), args.inspect[1])
        return 0
    ports = [int(p) for p in args.ports.split(",")]
    if args.keep:
        result = run(ports, args.people, Path(args.keep))
    else:
        with tempfile.TemporaryDirectory(prefix="harbour-two-hosts-") as scratch:
            result = run(ports, args.people, Path(scratch))
    print(json.dumps(result), flush=True)
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
