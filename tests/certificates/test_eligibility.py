"""Eligibility is a pure function: no database needed."""

from hypothesis import given
from hypothesis import strategies as st

from certificates.eligibility import Facts, Rules, attendance_percent, evaluate


def test_meets_every_rule():
    rules = Rules(
        min_attendance_percent=75, require_post_test_pass=True, require_all_modules=True
    )
    facts = Facts(
        attended=3, sessions=4, post_test_passed=True, modules_done=3, modules_total=3
    )
    result = evaluate(rules, facts)
    assert result.eligible
    assert result.reasons == []


def test_exactly_the_minimum_is_enough():
    assert evaluate(
        Rules(min_attendance_percent=75), Facts(attended=3, sessions=4)
    ).eligible


def test_attendance_short_says_how_short():
    result = evaluate(Rules(min_attendance_percent=75), Facts(attended=2, sessions=4))
    assert not result.eligible
    assert result.reasons == ["Attended 2 of 4 sessions (50%); 75% needed"]


def test_percent_is_rounded_down_never_up():
    # 2 of 3 is 66.67%: shown as 66%, and it does not meet 67%.
    result = evaluate(Rules(min_attendance_percent=67), Facts(attended=2, sessions=3))
    assert result.reasons == ["Attended 2 of 3 sessions (66%); 67% needed"]


def test_no_sessions_yet():
    result = evaluate(Rules(min_attendance_percent=50), Facts(attended=0, sessions=0))
    assert not result.eligible
    assert result.reasons == ["No sessions have been held yet; 50% attendance needed"]


def test_zero_minimum_needs_no_attendance():
    assert evaluate(
        Rules(min_attendance_percent=0), Facts(attended=0, sessions=4)
    ).eligible


def test_every_unmet_rule_gives_its_own_reason():
    rules = Rules(
        min_attendance_percent=100,
        require_post_test_pass=True,
        require_all_modules=True,
    )
    facts = Facts(
        attended=1,
        sessions=1 + 3,
        post_test_passed=False,
        modules_done=1,
        modules_total=3,
    )
    assert evaluate(rules, facts).reasons == [
        "Attended 1 of 4 sessions (25%); 100% needed",
        "Post-test not passed",
        "Modules completed: 1 of 3",
    ]


def test_optional_rules_are_ignored_when_off():
    facts = Facts(
        attended=4, sessions=4, post_test_passed=False, modules_done=0, modules_total=3
    )
    assert evaluate(Rules(min_attendance_percent=75), facts).eligible


def test_course_without_modules_counts_as_complete():
    rules = Rules(min_attendance_percent=0, require_all_modules=True)
    assert evaluate(rules, Facts(modules_done=0, modules_total=0)).eligible


@given(
    attended=st.integers(min_value=0, max_value=50),
    extra=st.integers(min_value=0, max_value=50),
    needed=st.integers(min_value=1, max_value=100),
)
def test_attendance_rule_matches_exact_fractions(attended, extra, needed):
    sessions = attended + extra
    result = evaluate(
        Rules(min_attendance_percent=needed),
        Facts(attended=attended, sessions=sessions),
    )
    exact = sessions > 0 and attended / sessions * 100 >= needed - 1e-9
    assert result.eligible == exact
    assert attendance_percent(attended, sessions) <= (
        attended * 100 / sessions if sessions else 0
    )
