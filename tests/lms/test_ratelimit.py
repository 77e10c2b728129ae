"""Rate limits: atomic shared counters, room-sized join limits, client addresses."""

import datetime as dt
import threading
import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from cohorts import services as cohort_services
from cohorts.exceptions import JoinCodeInvalid, TooManyAttempts
from cohorts.models import JoinCode
from lms import ratelimit
from lms.models import RateLimitCounter
from tests.cohorts import factories as cf

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "harbour_test_rate_cache",
    }
}
REDIS_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": f"harbour-test-{uuid.uuid4().hex[:8]}",
    }
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def _hammer(key: str, *, threads: int, limit: int, each: int = 5) -> list[bool]:
    """`threads` people trying `each` times from the same instant; what they were told."""
    barrier = threading.Barrier(threads)
    answers = []
    errors = []

    def one():
        try:
            barrier.wait(timeout=20)
            for _ in range(each):
                answers.append(ratelimit.hit(key, limit=limit, window=600))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=one) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert errors == []
    return answers


@pytest.mark.django_db(transaction=True)
def test_database_cache_counts_every_concurrent_try():
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
        answers = _hammer("test:room", threads=30, limit=100)
        assert len(answers) == 150
        assert answers.count(True) == 100  # exactly the limit, no lost updates
        assert ratelimit.count("test:room", window=600) == 150
        # Counted in the counter table, not in the cache's pickled values.
        assert list(RateLimitCounter.objects.values_list("hits", flat=True)) == [150]
        caches["default"].clear()


@pytest.mark.django_db
def test_database_counter_is_one_query_per_try(django_assert_num_queries):
    with override_settings(CACHES=DATABASE_CACHE):
        with django_assert_num_queries(1):
            assert ratelimit.hit("test:one", limit=2, window=600)
        with django_assert_num_queries(1):
            assert ratelimit.count("test:one", window=600) == 1


@pytest.mark.django_db
def test_expired_database_counters_are_deleted(monkeypatch):
    with override_settings(CACHES=DATABASE_CACHE):
        ratelimit.hit("test:old", limit=5, window=600)
        RateLimitCounter.objects.update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
        # An expired counter no longer counts, even before it is deleted.
        assert ratelimit.count("test:old", window=600) == 0
        monkeypatch.setattr(ratelimit, "PURGE_CHANCE", 1.0)
        ratelimit.hit("test:new", limit=5, window=600)
        keys = list(RateLimitCounter.objects.values_list("key", flat=True))
        assert len(keys) == 1
        assert keys[0].startswith("harbour:rate:")


def _redis_reachable() -> bool:
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means: skip
        return False
    return True


@pytest.mark.skipif(not _redis_reachable(), reason="Redis is not running on :6379")
@pytest.mark.django_db(transaction=True)
def test_redis_counts_every_concurrent_try():
    with override_settings(CACHES=REDIS_CACHE):
        answers = _hammer("test:room", threads=30, limit=100)
        assert answers.count(True) == 100
        assert ratelimit.count("test:room", window=600) == 150
        caches["default"].clear()


@pytest.mark.django_db(transaction=True)
def test_local_cache_counts_every_concurrent_try():
    answers = _hammer("test:room", threads=30, limit=100)
    assert answers.count(True) == 100
    assert ratelimit.count("test:room", window=600) == 150


def _walk_ins(cohort, facilitator, names) -> list:
    """One walk-in enrolment per name, as a facilitator adds them in the room."""
    return [
        cohort_services.enrolment_add_walk_in(
            cohort=cohort,
            full_name=name,
            organisation="Royal Saint Lucia Police Force",
            added_by=facilitator,
        )
        for name in names
    ]


def _room(cohort, facilitator, size: int) -> list[str]:
    enrolments = _walk_ins(
        cohort, facilitator, [f"Participant {i:02d}" for i in range(size)]
    )
    issued = cohort_services.join_codes_issue(
        cohort=cohort, enrolments=enrolments, issued_by=facilitator
    )
    return [i.code for i in issued]


@pytest.fixture
def cohort(home_page, facilitator):
    return cf.cohort(course=cf.course(home_page), facilitators=[facilitator])


def test_forty_people_behind_one_address_all_join(client, cohort, facilitator):
    codes = _room(cohort, facilitator, 40)
    for i, code in enumerate(codes):
        client.logout()
        # Each person mistypes once first: 40 wrong tries still refuse no one.
        client.post(
            reverse("cohorts:join"),
            {"code": "WXYZ-WXYZ", "username": f"p{i}", "consent": "on"},
            REMOTE_ADDR="203.0.113.7",
        )
        response = client.post(
            reverse("cohorts:join"),
            {
                "code": code,
                "username": f"room.{i}",
                "password1": "harbour-room-2026",
                "password2": "harbour-room-2026",
                "consent": "on",
            },
            REMOTE_ADDR="203.0.113.7",
            follow=True,
        )
        assert f"Welcome, Participant {i:02d}" in response.text, i
    assert JoinCode.objects.filter(used_at__isnull=False).count() == 40


def test_guessing_codes_from_one_address_is_slowed(cohort, facilitator):
    (real,) = _room(cohort, facilitator, 1)
    outcomes = {"wrong": 0, "refused": 0}
    for i in range(200):
        guess = f"{i:04d}".translate(str.maketrans("0123456789", "ACDEFGHJKM"))
        try:
            cohort_services.join_code_lookup(code=f"WXYZ{guess}", client_key="a1")
        except JoinCodeInvalid:
            outcomes["wrong"] += 1
        except TooManyAttempts:
            outcomes["refused"] += 1
    assert outcomes["wrong"] == cohort_services.JOIN_WRONG_PER_ADDRESS
    assert outcomes["refused"] == 200 - cohort_services.JOIN_WRONG_PER_ADDRESS
    # The guesser's address is paused; another address is not.
    with pytest.raises(TooManyAttempts):
        cohort_services.join_code_lookup(code=real, client_key="a1")
    assert cohort_services.join_code_lookup(code=real, client_key="b2")


def test_one_code_tried_over_and_over_is_refused(cohort, facilitator):
    (real,) = _room(cohort, facilitator, 1)
    for _ in range(cohort_services.JOIN_TRIES_PER_CODE):
        cohort_services.join_code_lookup(code=real, client_key="a1")
    with pytest.raises(TooManyAttempts):
        cohort_services.join_code_lookup(code=real, client_key="a1")


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.HARBOUR_TRUSTED_PROXIES = 0
    request = _request("198.51.100.4", "203.0.113.9")
    assert ratelimit.client_address(request) == "198.51.100.4"


def test_one_trusted_proxy_reads_the_rightmost_entry(settings):
    settings.HARBOUR_TRUSTED_PROXIES = 1
    # The client wrote "1.2.3.4" itself; the proxy appended what it saw.
    request = _request("10.0.0.2", "1.2.3.4, 203.0.113.9")
    assert ratelimit.client_address(request) == "203.0.113.9"
    assert ratelimit.client_key(request) == ratelimit.client_key(
        _request("10.0.0.2", "203.0.113.9")
    )


def test_two_trusted_proxies_read_the_second_from_the_right(settings):
    settings.HARBOUR_TRUSTED_PROXIES = 2
    request = _request("10.0.0.3", "1.2.3.4, 203.0.113.9, 10.0.0.2")
    assert ratelimit.client_address(request) == "203.0.113.9"


def test_a_missing_or_garbled_header_falls_back_to_the_connection(settings):
    settings.HARBOUR_TRUSTED_PROXIES = 1
    assert ratelimit.client_address(_request("10.0.0.2")) == "10.0.0.2"
    assert ratelimit.client_address(_request("10.0.0.2", "not-an-ip")) == "10.0.0.2"
    assert ratelimit.client_address(_request("10.0.0.2", " , ")) == "10.0.0.2"
    assert ratelimit.client_address(_request("10.0.0.2", "2001:DB8::1")) == (
        "2001:db8::1"
    )


def test_behind_a_proxy_two_rooms_have_their_own_budgets(settings, client):
    settings.HARBOUR_TRUSTED_PROXIES = 1
    key_a = ratelimit.client_key(_request("10.0.0.2", "203.0.113.1"))
    key_b = ratelimit.client_key(_request("10.0.0.2", "198.51.100.1"))
    assert key_a != key_b


def _open_session(cohort):
    session = cohort.sessions.first()
    now = timezone.now()
    session.starts_at = now - dt.timedelta(minutes=10)
    session.ends_at = now + dt.timedelta(hours=2)
    session.save()
    return session


def _current_check_in_code(session) -> str:
    from django.conf import settings as django_settings

    from cohorts import codes

    window = codes.check_in_window(timezone.now().timestamp())
    return codes.check_in_code(
        session_id=session.pk, window=window, secret=django_settings.SECRET_KEY
    )


def test_forty_people_behind_one_address_all_check_in(cohort, facilitator):
    from cohorts.exceptions import CheckInCodeWrong
    from cohorts.models import Attendance, AttendanceStatus

    session = _open_session(cohort)
    # An address of its own, so no other test's counters can ever count here.
    room = f"room-{uuid.uuid4().hex}"
    enrolments = _walk_ins(
        cohort, facilitator, [f"Participant {i:02d}" for i in range(40)]
    )
    code = _current_check_in_code(session)
    wrong = "000000" if code != "000000" else "111111"
    for enrolment in enrolments:
        # Everyone mistypes twice first, all from the room's one address.
        for _ in range(2):
            with pytest.raises(CheckInCodeWrong):
                cohort_services.attendance_self_check_in(
                    user=enrolment.participant, code=wrong, client_key=room
                )
        cohort_services.attendance_self_check_in(
            user=enrolment.participant, code=code, client_key=room
        )
    present = Attendance.objects.filter(
        session=session, status=AttendanceStatus.PRESENT
    )
    assert present.count() == 40


def test_one_account_guessing_check_in_codes_is_refused(cohort, facilitator):
    from cohorts.exceptions import CheckInCodeWrong

    session = _open_session(cohort)
    # An address of its own, so no other test's counters can ever count here.
    room = f"room-{uuid.uuid4().hex}"
    guesser, neighbour = _walk_ins(
        cohort, facilitator, ["Guessing Person", "Next Person"]
    )
    code = _current_check_in_code(session)
    guesses = (f"{n:06d}" for n in range(1000) if f"{n:06d}" != code)
    for _ in range(cohort_services.CHECK_IN_TRIES):
        with pytest.raises(CheckInCodeWrong):
            cohort_services.attendance_self_check_in(
                user=guesser.participant, code=next(guesses), client_key=room
            )
    # The next try is refused, even with the right code; the neighbour at the
    # same address is not.
    with pytest.raises(TooManyAttempts):
        cohort_services.attendance_self_check_in(
            user=guesser.participant, code=code, client_key=room
        )
    cohort_services.attendance_self_check_in(
        user=neighbour.participant, code=code, client_key=room
    )
