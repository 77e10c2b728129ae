"""Who may receive a certificate: a pure function over plain data, no database."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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
                _("No sessions have been held yet; %(needed)s%% attendance needed")
                % {"needed": needed}
            )
        # Compare whole numbers so 3 of 4 meets exactly 75% with no rounding.
        elif facts.attended * 100 < needed * facts.sessions:
            reasons.append(
                ngettext(
                    "Attended %(attended)s of %(sessions)s session "
                    "(%(percent)s%%); %(needed)s%% needed",
                    "Attended %(attended)s of %(sessions)s sessions "
                    "(%(percent)s%%); %(needed)s%% needed",
                    facts.sessions,
                )
                % {
                    "attended": facts.attended,
                    "sessions": facts.sessions,
                    "percent": attendance_percent(facts.attended, facts.sessions),
                    "needed": needed,
                }
            )
    if rules.require_post_test_pass and not facts.post_test_passed:
        reasons.append(_("Post-test not passed"))
    if rules.require_all_modules and facts.modules_done < facts.modules_total:
        reasons.append(
            _("Modules completed: %(done)s of %(total)s")
            % {"done": facts.modules_done, "total": facts.modules_total}
        )
    return Eligibility(eligible=not reasons, reasons=reasons)


def rules_sentence(rules: Rules) -> str:
    """The cohort's certificate rules as one sentence, for the facilitator."""
    percent = rules.min_attendance_percent
    if rules.require_post_test_pass and rules.require_all_modules:
        text = _(
            "Rules for this cohort: at least %(percent)s%% of sessions attended "
            "(present or late), post-test passed, every module completed."
        )
    elif rules.require_post_test_pass:
        text = _(
            "Rules for this cohort: at least %(percent)s%% of sessions attended "
            "(present or late), post-test passed."
        )
    elif rules.require_all_modules:
        text = _(
            "Rules for this cohort: at least %(percent)s%% of sessions attended "
            "(present or late), every module completed."
        )
    else:
        text = _(
            "Rules for this cohort: at least %(percent)s%% of sessions attended "
            "(present or late)."
        )
    return text % {"percent": percent}
