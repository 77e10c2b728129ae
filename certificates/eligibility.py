"""Who may receive a certificate: a pure function over plain data, no database."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rules:
    """A cohort's certificate rules, as the administrator set them."""

    min_attendance_percent: int = 75
    require_post_test_pass: bool = False
    require_all_modules: bool = False


@dataclass(frozen=True)
class Facts:
    """What is known about one participant in the cohort."""

    attended: int = 0
    sessions: int = 0
    post_test_passed: bool = False
    modules_done: int = 0
    modules_total: int = 0


@dataclass
class Eligibility:
    """Whether a participant may receive a certificate and, if not, why not."""

    eligible: bool
    reasons: list[str] = field(default_factory=list)


def attendance_percent(attended: int, sessions: int) -> int:
    """Whole percent attended, rounded down so it never overstates."""
    if sessions <= 0:
        return 0
    return (attended * 100) // sessions


def evaluate(rules: Rules, facts: Facts) -> Eligibility:
    """Apply the cohort's rules to one participant's facts; every unmet rule gives a reason."""
    reasons: list[str] = []
    needed = rules.min_attendance_percent
    if needed > 0:
        if facts.sessions <= 0:
            reasons.append(
                f"No sessions have been held yet; {needed}% attendance needed"
            )
        # Compare whole numbers so 3 of 4 meets exactly 75% with no rounding.
        elif facts.attended * 100 < needed * facts.sessions:
            noun = "session" if facts.sessions == 1 else "sessions"
            reasons.append(
                f"Attended {facts.attended} of {facts.sessions} {noun} "
                f"({attendance_percent(facts.attended, facts.sessions)}%); "
                f"{needed}% needed"
            )
    if rules.require_post_test_pass and not facts.post_test_passed:
        reasons.append("Post-test not passed")
    if rules.require_all_modules and facts.modules_done < facts.modules_total:
        reasons.append(
            f"Modules completed: {facts.modules_done} of {facts.modules_total}"
        )
    return Eligibility(eligible=not reasons, reasons=reasons)
