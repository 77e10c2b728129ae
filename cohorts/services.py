"""Writes owned by the cohorts app: attendance, check-in, join codes, walk-ins, exports."""

import datetime as dt
import hashlib
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import ratelimit, roles
from lms.choices import Country, GovernmentSector, Language, OrganisationType, Sex
from lms.collector import fewer_collections
from lms.services import (
    user_build,
    user_create,
    user_create_many,
    user_record_consent,
)
from lms.text import clean_person_name, person_name_key

from . import codes
from .exceptions import (
    AttendanceUndoRefused,
    CheckInCodeExpired,
    CheckInCodeWrong,
    CheckInNoOpenSession,
    CheckInNotEnrolled,
    CheckInNotStarted,
    CheckInOtherSession,
    CheckInSessionEnded,
    JoinCodeAccountHasSignIn,
    JoinCodeAlreadyWithdrawn,
    JoinCodeExpired,
    JoinCodeFormResubmitted,
    JoinCodeInvalid,
    JoinCodeNotOffered,
    JoinCodeUsed,
    JoinCodeUsernameKept,
    MergeRefused,
    PaperSheetInvalid,
    RosterFileError,
    TooManyAttempts,
)
from .importing import column_letter, read_roster_file
from .models import (
    ATTENDED_STATUSES,
    NOT_MARKED,
    Attendance,
    AttendanceChange,
    AttendanceChangeAction,
    AttendanceMethod,
    AttendanceStatus,
    Cohort,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    ExportLog,
    JoinCode,
    RosterColumnMapping,
    RosterPreview,
    TrainingSession,
)
from .resources import (
    FIELD_LABELS,
    FIELDS,
    IGNORE,
    RosterResource,
    columns_are_the_template,
    columns_suggest,
    header_key,
)

# Participants may check in this long before a session starts.
CHECK_IN_OPENS_BEFORE = dt.timedelta(minutes=15)
# Rate limits sized for a room of 40 sharing one public address: per code (or
# account) and address together, plus a budget of wrong join codes per address.
JOIN_WINDOW = 900
JOIN_TRIES_PER_CODE = 10
JOIN_WRONG_PER_ADDRESS = 60
CHECK_IN_WINDOW = 300
CHECK_IN_TRIES = 10


# --- attendance ------------------------------------------------------------------


@transaction.atomic
def attendance_mark(
    *,
    session: TrainingSession,
    enrolment: Enrolment,
    status: str,
    marked_by,
    method: str = AttendanceMethod.FACILITATOR,
    now: dt.datetime | None = None,
) -> Attendance:
    """Set one participant's status for a session and keep a history row of the change."""
    if enrolment.cohort_id != session.cohort_id:
        raise ValueError("The enrolment is not in this session's cohort.")
    if status not in AttendanceStatus.values:
        raise ValueError(f"Unknown attendance status {status!r}.")
    now = now or timezone.now()
    attendance = (
        Attendance.objects.select_for_update()
        .filter(session=session, enrolment=enrolment)
        .first()
    )
    previous = attendance.status if attendance else ""
    if attendance is None:
        attendance = Attendance(session=session, enrolment=enrolment)
    elif previous == status and attendance.method == method:
        return attendance
    attendance.status = status
    attendance.method = method
    attendance.marked_by = marked_by
    attendance.marked_at = now
    attendance.save()
    AttendanceChange.objects.create(
        attendance=attendance,
        changed_by=marked_by,
        changed_at=now,
        from_status=previous,
        to_status=status,
        method=method,
    )
    return attendance


def attendance_next_status(current: str | None) -> str:
    """The status one tap moves to: unmarked → present → late → absent → excused → present."""
    order = [
        AttendanceStatus.PRESENT,
        AttendanceStatus.LATE,
        AttendanceStatus.ABSENT,
        AttendanceStatus.EXCUSED,
    ]
    if current not in order:
        return AttendanceStatus.PRESENT
    return order[(order.index(current) + 1) % len(order)]


@transaction.atomic
def attendance_record_paper_sheet(
    *, session: TrainingSession, statuses: dict[int, str], marked_by
) -> int:
    """Enter a paper sign-in sheet, {enrolment id: status}; all lines or none.

    An empty status leaves the line as it is. Any unknown status, or a line for
    someone not on the session's roll, refuses the whole sheet with one problem
    per line (PaperSheetInvalid). Returns how many lines changed.
    """
    roll = list(
        Enrolment.objects.active()
        .filter(cohort_id=session.cohort_id)
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
    line_of = {e.pk: (number, e) for number, e in enumerate(roll, start=1)}
    problems = []
    for enrolment_id, value in sorted(
        statuses.items(), key=lambda item: line_of.get(item[0], (10**9,))[0]
    ):
        if enrolment_id not in line_of:
            problems.append(
                _(
                    "A line for someone who is not on this session's roll "
                    "(record %(id)s): reload the page and enter the sheet again."
                )
                % {"id": str(enrolment_id)[:20]}
            )
        elif value and value not in AttendanceStatus.values:
            number, enrolment = line_of[enrolment_id]
            problems.append(
                _(
                    "Line %(line)s, %(name)s: “%(value)s” is not an attendance "
                    "status. Choose present, late, excused or absent, or leave it "
                    "not marked."
                )
                % {
                    "line": number,
                    "name": enrolment.participant.display_name,
                    "value": value[:40],
                }
            )
    if problems:
        raise PaperSheetInvalid(problems)
    current = dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
    )
    changed = 0
    for enrolment_id, status in statuses.items():
        if not status or current.get(enrolment_id) == status:
            continue
        attendance_mark(
            session=session,
            enrolment=line_of[enrolment_id][1],
            status=status,
            marked_by=marked_by,
            method=AttendanceMethod.PAPER_SHEET,
        )
        changed += 1
    return changed


@dataclass(frozen=True)
class MarkAllResult:
    """What "mark everyone present" did: how many it marked, and the batch to undo."""

    batch: uuid.UUID | None
    marked: int


@transaction.atomic
def attendance_mark_all_present(
    *, session: TrainingSession, marked_by, now: dt.datetime | None = None
) -> MarkAllResult:
    """Mark everyone on the roll who is not yet marked as present, as one undoable batch."""
    now = now or timezone.now()
    roll = list(
        Enrolment.objects.active()
        .filter(cohort_id=session.cohort_id)
        .values_list("pk", flat=True)
    )
    existing = {
        a.enrolment_id: a
        for a in Attendance.objects.select_for_update().filter(
            session=session, enrolment_id__in=roll
        )
    }
    blank = [e for e, a in existing.items() if a.status == NOT_MARKED]
    missing = [pk for pk in roll if pk not in existing]
    if not blank and not missing:
        return MarkAllResult(batch=None, marked=0)
    present = {
        "status": AttendanceStatus.PRESENT,
        "method": AttendanceMethod.FACILITATOR,
        "marked_by": marked_by,
        "marked_at": now,
    }
    # A tap saved at the same moment wins: its row is skipped here, not overwritten.
    Attendance.objects.bulk_create(
        [Attendance(session=session, enrolment_id=pk, **present) for pk in missing],
        ignore_conflicts=True,
    )
    Attendance.objects.filter(
        session=session, enrolment_id__in=blank, status=NOT_MARKED
    ).update(**present)
    ours = Attendance.objects.filter(
        session=session, enrolment_id__in=missing + blank, **present
    ).values_list("pk", flat=True)
    batch = uuid.uuid4()
    changes = AttendanceChange.objects.bulk_create(
        [
            AttendanceChange(
                attendance_id=pk,
                changed_by=marked_by,
                changed_at=now,
                from_status=NOT_MARKED,
                to_status=AttendanceStatus.PRESENT,
                method=AttendanceMethod.FACILITATOR,
                action=AttendanceChangeAction.MARK_ALL,
                batch=batch,
            )
            for pk in ours
        ]
    )
    return MarkAllResult(batch=batch if changes else None, marked=len(changes))


@dataclass(frozen=True)
class UndoResult:
    """What an undo put back, and how many it left because someone changed them since."""

    restored: int
    kept: int


@transaction.atomic
def attendance_undo_mark_all(
    *,
    session: TrainingSession,
    batch: uuid.UUID,
    undone_by,
    now: dt.datetime | None = None,
) -> UndoResult:
    """Put back everyone a "mark everyone present" batch marked, unless changed since.

    The undo is itself a change in the history (action "undo", same batch), so
    the history shows both; a person someone marked after the batch keeps that.
    """
    now = now or timezone.now()
    changes = list(
        AttendanceChange.objects.filter(attendance__session=session, batch=batch)
    )
    marks = [c for c in changes if c.action == AttendanceChangeAction.MARK_ALL]
    if not marks:
        raise AttendanceUndoRefused(_("There is nothing to undo for this session."))
    if any(c.action == AttendanceChangeAction.UNDO for c in changes):
        raise AttendanceUndoRefused()
    ids = [c.attendance_id for c in marks]
    rows = {a.pk: a for a in Attendance.objects.select_for_update().filter(pk__in=ids)}
    last = dict(
        AttendanceChange.objects.filter(attendance_id__in=ids)
        .values("attendance_id")
        .annotate(last=Max("pk"))
        .values_list("attendance_id", "last")
    )
    undo = []
    for change in marks:
        attendance = rows.get(change.attendance_id)
        if (
            attendance is None
            or last.get(attendance.pk) != change.pk
            or attendance.status != change.to_status
        ):
            continue
        attendance.status = change.from_status
        attendance.marked_by = undone_by
        attendance.marked_at = now
        undo.append(
            AttendanceChange(
                attendance=attendance,
                changed_by=undone_by,
                changed_at=now,
                from_status=change.to_status,
                to_status=change.from_status,
                method=attendance.method,
                action=AttendanceChangeAction.UNDO,
                batch=batch,
            )
        )
    Attendance.objects.bulk_update(
        [c.attendance for c in undo], ["status", "marked_by", "marked_at"]
    )
    AttendanceChange.objects.bulk_create(undo)
    return UndoResult(restored=len(undo), kept=len(marks) - len(undo))


# --- self check-in ---------------------------------------------------------------


def check_in_current_code(
    *, session: TrainingSession, now: dt.datetime | None = None
) -> str:
    """The code to project for a session right now."""
    now = now or timezone.now()
    return codes.check_in_code(
        session_id=session.pk,
        window=codes.check_in_window(now.timestamp()),
        secret=settings.SECRET_KEY,
    )


def _rate_limit(key: str, *, limit: int, seconds: int) -> None:
    """Count one try against a shared counter; refuse past the limit."""
    if not ratelimit.hit(key, limit=limit, window=seconds):
        raise TooManyAttempts()


def _session_is_open(session: TrainingSession, now: dt.datetime) -> bool:
    return session.starts_at - CHECK_IN_OPENS_BEFORE <= now <= session.ends_at


def attendance_self_check_in(
    *,
    user,
    code: str,
    session: TrainingSession | None = None,
    now: dt.datetime | None = None,
    client_key: str = "",
) -> Attendance:
    """Mark the participant present for the open session whose current code they typed."""
    now = now or timezone.now()
    # Per account and address: a room behind one address never shares a budget.
    _rate_limit(
        f"cohorts:check-in:{user.pk}:{client_key}",
        limit=CHECK_IN_TRIES,
        seconds=CHECK_IN_WINDOW,
    )
    secret = settings.SECRET_KEY
    stamp = now.timestamp()
    enrolments = {
        e.cohort_id: e for e in Enrolment.objects.active().filter(participant=user)
    }
    if session is not None:
        enrolment = enrolments.get(session.cohort_id)
        if enrolment is None:
            raise CheckInNotEnrolled()
        if now < session.starts_at - CHECK_IN_OPENS_BEFORE:
            raise CheckInNotStarted()
        if now > session.ends_at:
            raise CheckInSessionEnded()
        candidates = [session]
    else:
        mine = list(
            TrainingSession.objects.filter(cohort_id__in=enrolments).order_by(
                "starts_at"
            )
        )
        candidates = [s for s in mine if _session_is_open(s, now)]
        if not candidates:
            if any(
                s.starts_at > now and s.starts_at.date() == now.date() for s in mine
            ):
                raise CheckInNotStarted()
            raise CheckInNoOpenSession()
    expired = False
    for candidate in candidates:
        age = codes.check_in_code_age(
            code=code, session_id=candidate.pk, now=stamp, secret=secret
        )
        if age is not None and age <= 1:
            return _check_in(candidate, enrolments[candidate.cohort_id], user, now)
        if age is not None:
            expired = True
    if expired:
        raise CheckInCodeExpired()
    # Is it the current code of some other open session?
    others = TrainingSession.objects.filter(
        starts_at__lte=now + CHECK_IN_OPENS_BEFORE, ends_at__gte=now
    ).exclude(pk__in=[c.pk for c in candidates])
    for other in others:
        age = codes.check_in_code_age(
            code=code, session_id=other.pk, now=stamp, secret=secret, look_back=15
        )
        if age is not None:
            raise CheckInOtherSession()
    raise CheckInCodeWrong()


def _check_in(session, enrolment, user, now) -> Attendance:
    existing = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    if existing and existing.status in (
        AttendanceStatus.PRESENT,
        AttendanceStatus.LATE,
    ):
        return existing
    return attendance_mark(
        session=session,
        enrolment=enrolment,
        status=AttendanceStatus.PRESENT,
        marked_by=user,
        method=AttendanceMethod.SELF_CHECK_IN,
        now=now,
    )


# --- join codes ------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedJoinCode:
    """A join code as printed once on the sheet; the database keeps only its hash."""

    enrolment: Enrolment
    code: str


def join_code_offered(user) -> bool:
    """Whether a join code may be given to this person: they have never signed in."""
    return user.last_login is None and not user.has_usable_password()


@transaction.atomic
def join_codes_issue(
    *,
    cohort: Cohort,
    enrolments: list[Enrolment],
    issued_by,
    batch: uuid.UUID | None = None,
) -> list[IssuedJoinCode]:
    """New join codes for these people; each one's earlier unused code is withdrawn.

    ``batch`` is the issuing form's one-time token: a form sent twice (a reload
    of the printed sheet) issues nothing the second time (JoinCodeFormResubmitted).
    Only people enrolled in the cohort who have never signed in get a code.
    """
    # One issuing per cohort at a time, so a double-click cannot issue twice.
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if batch is not None and JoinCode.objects.filter(batch=batch).exists():
        raise JoinCodeFormResubmitted()
    chosen = list(
        Enrolment.objects.active()
        .filter(cohort=cohort, pk__in=[e.pk for e in enrolments])
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
    signed_in = [e for e in chosen if not join_code_offered(e.participant)]
    if signed_in:
        names = ", ".join(e.participant.display_name for e in signed_in)
        raise JoinCodeNotOffered(
            _(
                "%(names)s already signed in, so no join code was made. Join codes "
                "are only for people who have never signed in; they can reset "
                "their password from the sign-in page."
            )
            % {"names": names}
        )
    now = timezone.now()
    JoinCode.objects.filter(
        enrolment__in=chosen, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_by=issued_by)
    issued = [IssuedJoinCode(enrolment=e, code=codes.join_code_new()) for e in chosen]
    JoinCode.objects.bulk_create(
        [
            JoinCode(
                enrolment=item.enrolment,
                code_hash=codes.join_code_hash(item.code, secret=settings.SECRET_KEY),
                created_by=issued_by,
                batch=batch,
            )
            for item in issued
        ]
    )
    return issued


@transaction.atomic
def join_code_withdraw(*, join_code: JoinCode, withdrawn_by) -> JoinCode:
    """Withdraw an unused join code: the printed slip stops working."""
    now = timezone.now()
    updated = JoinCode.objects.filter(
        pk=join_code.pk, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_by=withdrawn_by)
    if not updated:
        raise JoinCodeAlreadyWithdrawn()
    join_code.refresh_from_db()
    return join_code


def join_code_lookup(*, code: str, client_key: str) -> JoinCode:
    """The usable join code for what the person typed, or a plain refusal.

    Two limits, so a room of 40 behind one address is never refused while guessing
    stays slow: each code may be tried a few times from one address, and one address
    may get a bounded number of codes wrong in a window. Right codes spend nothing
    from the address's budget.
    """
    normalised = codes.join_code_normalise(code)
    wrong_key = f"cohorts:join-wrong:{client_key}"
    if ratelimit.count(wrong_key, window=JOIN_WINDOW) >= JOIN_WRONG_PER_ADDRESS:
        raise TooManyAttempts()
    _rate_limit(
        # ratelimit stores only a digest of the key, never the code itself.
        f"cohorts:join:{client_key}:{normalised}",
        limit=JOIN_TRIES_PER_CODE,
        seconds=JOIN_WINDOW,
    )
    if len(normalised) != codes.JOIN_CODE_LENGTH:
        ratelimit.hit(wrong_key, limit=JOIN_WRONG_PER_ADDRESS, window=JOIN_WINDOW)
        raise JoinCodeInvalid()
    join_code = (
        JoinCode.objects.select_related("enrolment__participant", "enrolment__cohort")
        .filter(code_hash=codes.join_code_hash(normalised, secret=settings.SECRET_KEY))
        .first()
    )
    if join_code is None or join_code.revoked_at is not None:
        ratelimit.hit(wrong_key, limit=JOIN_WRONG_PER_ADDRESS, window=JOIN_WINDOW)
        raise JoinCodeInvalid()
    if join_code.used_at is not None:
        raise JoinCodeUsed()
    # Codes issued before codes stopped expiring keep the date printed on them.
    if join_code.expires_at is not None and join_code.expires_at < timezone.now():
        raise JoinCodeExpired()
    return join_code


def join_code_redeem(
    *,
    join_code: JoinCode,
    email: str | None,
    username: str | None,
    password: str,
) -> object:
    """Set up the participant's first sign-in with a join code; the code is then spent."""
    # Hash before the transaction opens: on SQLite the write lock is held from its
    # start, and thirty people hashing in turn inside it would queue for seconds.
    return _join_code_redeem(
        join_code=join_code,
        email=email,
        username=username,
        password=password,
        password_hash=make_password(password),
    )


@transaction.atomic
def _join_code_redeem(
    *,
    join_code: JoinCode,
    email: str | None,
    username: str | None,
    password: str,
    password_hash: str,
) -> object:
    """Set up the participant's first sign-in with a join code; the code is then spent.

    An account that already has a password, or has signed in, is never changed
    (JoinCodeAccountHasSignIn); a username or email it already has is kept.
    """
    join_code = JoinCode.objects.select_for_update().get(pk=join_code.pk)
    if join_code.used_at is not None:
        raise JoinCodeUsed()
    if join_code.revoked_at is not None:
        raise JoinCodeInvalid()
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=join_code.enrolment.participant_id)
    if not join_code_offered(user):
        raise JoinCodeAccountHasSignIn()
    errors = {}
    if email:
        email = email.strip().lower()
        if user.email and user.email.lower() != email:
            errors["email"] = _(
                "Your account already has an email address, and a join code never "
                "changes it. Leave this empty to keep it."
            )
        elif User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            errors["email"] = _(
                "This email address is already used by another account."
            )
        else:
            user.email = email
    if username:
        username = username.strip()
        if user.username and user.username.lower() != username.lower():
            errors["username"] = JoinCodeUsernameKept.message
        elif (
            User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists()
        ):
            errors["username"] = _("This username is taken. Choose another one.")
        else:
            user.username = username
    if not user.email and not user.username:
        errors["username"] = _("Choose a username, or give an email address.")
    if errors:
        raise ValidationError(errors)
    user.full_clean(exclude=["password"], validate_unique=False)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    user.password = password_hash
    user._password = password  # password_changed() runs after save, as usual
    user.is_active = True
    user.save()
    user_record_consent(user=user, version=settings.PRIVACY_NOTICE_VERSION)
    join_code.used_at = timezone.now()
    join_code.save(update_fields=["used_at"])
    return user


# --- enrolments, walk-ins and merging -------------------------------------------


def enrolment_add_many(
    *, cohort: Cohort, participants: list, source: str = EnrolmentSource.ADMIN
) -> list[Enrolment]:
    """Enrol people in a cohort in bulk; anyone already enrolled keeps their enrolment.

    Returns the enrolments made; a few queries whatever the number of people.
    """
    ids = list(dict.fromkeys(p.pk for p in participants))
    existing = set()
    for start in range(0, len(ids), ROSTER_QUERY_CHUNK):
        existing.update(
            Enrolment.objects.filter(
                cohort=cohort,
                participant_id__in=ids[start : start + ROSTER_QUERY_CHUNK],
            )
            .order_by()
            .values_list("participant_id", flat=True)
        )
    return Enrolment.objects.bulk_create(
        [
            Enrolment(cohort=cohort, participant_id=pk, source=source)
            for pk in ids
            if pk not in existing
        ]
    )


@transaction.atomic
def enrolment_add(
    *, cohort: Cohort, participant, source: str = EnrolmentSource.ADMIN
) -> Enrolment:
    """Enrol one person in a cohort; enrolling them again changes nothing."""
    added = enrolment_add_many(cohort=cohort, participants=[participant], source=source)
    if added:
        return added[0]
    return Enrolment.objects.get(cohort=cohort, participant=participant)


@transaction.atomic
def enrolment_add_walk_in(
    *, cohort: Cohort, full_name: str, organisation: str, added_by, **profile
) -> Enrolment:
    """Add someone who came to the room without being on the roster."""
    user = user_create(
        email=None,
        full_name=clean_person_name(full_name),
        organisation=clean_person_name(organisation),
        role=roles.PARTICIPANTS,
        **profile,
    )
    return enrolment_add(
        cohort=cohort, participant=user, source=EnrolmentSource.WALK_IN
    )


@transaction.atomic
def enrolment_merge_walk_in(
    *, enrolment: Enrolment, into: Enrolment, merged_by
) -> Enrolment:
    """Fold a walk-in's enrolment and attendance into another enrolment of the same cohort."""
    if into.cohort_id != enrolment.cohort_id:
        raise MergeRefused(
            _("A walk-in can be merged only into someone enrolled in the same cohort.")
        )
    if into.pk == enrolment.pk or into.participant_id == enrolment.participant_id:
        raise MergeRefused(_("That is the same record."))
    locked = {
        e.pk: e
        for e in Enrolment.objects.select_for_update()
        .select_related("participant")
        .filter(pk__in=[enrolment.pk, into.pk])
    }
    if len(locked) != 2:
        raise MergeRefused()
    enrolment, existing = locked[enrolment.pk], locked[into.pk]
    walk_in = enrolment.participant
    if (
        enrolment.source != EnrolmentSource.WALK_IN
        or walk_in.email
        or walk_in.has_usable_password()
    ):
        raise MergeRefused(
            _(
                "Only a walk-in record that has no sign-in yet can be merged into "
                "an account."
            )
        )
    if not roles.is_participant(existing.participant):
        raise MergeRefused(_("Choose a participant of this cohort."))
    taken = {a.session_id: a for a in existing.attendances.select_related("session")}
    for attendance in enrolment.attendances.select_related("session"):
        kept = taken.get(attendance.session_id)
        if kept is None:
            attendance.enrolment = existing
            attendance.save(update_fields=["enrolment"])
            continue
        # Both records have this session: keep every change in the history, and
        # let "was in the room" win over "absent", "excused" or not marked.
        attendance.changes.update(attendance=kept)
        if (
            attendance.status in ATTENDED_STATUSES
            and kept.status not in ATTENDED_STATUSES
        ):
            attendance_mark(
                session=attendance.session,
                enrolment=existing,
                status=attendance.status,
                marked_by=merged_by,
                method=attendance.method,
            )
    existing.status = EnrolmentStatus.ENROLLED
    existing.save(update_fields=["status"])
    enrolment.attendances.all().delete()
    enrolment.join_codes.all().delete()
    enrolment.delete()
    # The walk-in's own record stays for the history but can no longer be used.
    if not walk_in.enrolments.exists():
        walk_in.is_active = False
        walk_in.save(update_fields=["is_active"])
    return existing


@transaction.atomic
def enrolment_set_status(
    *, enrolment: Enrolment, status: str, changed_by=None
) -> Enrolment:
    """Withdraw a participant, or enrol them again; nothing is ever deleted.

    Withdrawing also withdraws their unused join codes, which the join-codes page
    no longer lists once they are off the roll.
    """
    if status not in EnrolmentStatus.values:
        raise ValueError(f"Unknown enrolment status {status!r}.")
    enrolment.status = status
    enrolment.save(update_fields=["status"])
    if status == EnrolmentStatus.WITHDRAWN:
        JoinCode.objects.filter(
            enrolment=enrolment, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now(), revoked_by=changed_by)
    return enrolment


# --- exports ---------------------------------------------------------------------


def export_log_record(
    *, cohort: Cohort, user, kind: str, file_format: str, row_count: int
) -> ExportLog:
    """Log that someone exported a cohort's data."""
    return ExportLog.objects.create(
        cohort=cohort,
        cohort_name=cohort.name,
        exported_by=user,
        kind=kind,
        file_format=file_format,
        row_count=row_count,
    )


# --- roster import ---------------------------------------------------------------
#
# A roster import runs in two passes. The first only reads: it parses and
# validates every row (RosterResource), matches people with a few bulk queries
# and works out what would change. With any problem it stops there, and that
# same pass is the preview. The second pass writes in chunks of
# ROSTER_WRITE_CHUNK rows, each its own short transaction, so that SQLite's
# write lock is never held for long and the room's attendance taps and
# autosaves go on; if a chunk fails, what the earlier chunks wrote is undone,
# so the import is still all or nothing. See docs/decisions/0006-roster-import.md.

ROSTER_WRITE_CHUNK = 250
ROSTER_CHUNK_PAUSE = 0.03  # seconds between chunks on SQLite
ROSTER_QUERY_CHUNK = 500
ROSTER_PREVIEW_MAX_AGE = dt.timedelta(hours=24)
ROSTER_PROFILE_FIELDS = (
    "full_name",
    "email",
    "organisation",
    "organisation_type",
    "government_sector",
    "position",
    "sex",
    "country",
    "preferred_language",
)
# Filled in only while the person has none: a language they chose stays theirs.
ROSTER_FILL_ONLY_FIELDS = ("preferred_language",)
# Stored as NULL (not "") when unknown.
ROSTER_NULL_FIELDS = ("government_sector",)


@dataclass(frozen=True)
class RosterProblem:
    """One thing wrong in the file: where (line and column) and what, in plain words."""

    line: int | None
    column: str
    message: str
    letter: str = ""


@dataclass(frozen=True)
class RosterChange:
    """One field of one person that the import changes, old → new, as people read it."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RosterRow:
    """What the import does (or would do) with one line of the file."""

    line: int
    name: str
    outcome: str
    changes: tuple[RosterChange, ...] = ()
    # As the row would store them, for the preview's columns (labels, not codes).
    government_sector: str = ""
    language: str = ""


@dataclass
class RosterImportReport:
    """The result of a roster import or of its preview (dry run)."""

    dry_run: bool
    problems: list[RosterProblem]
    rows: list[RosterRow]
    ignored_columns: list[str]
    warnings: list[RosterProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    longest_write_seconds: float = 0.0
    # Which optional columns the file has, so the preview shows what they hold.
    shows_sector: bool = False
    shows_language: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def new(self) -> int:
        return self.count("new")

    @property
    def enrolled(self) -> int:
        return self.count("enrolled")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def updated_rows(self) -> list[RosterRow]:
        return [r for r in self.rows if r.outcome == "updated"]


def roster_file_report(exc: RosterFileError, *, dry_run: bool) -> RosterImportReport:
    """The report for a file that cannot be read at all: one problem, where known."""
    line = getattr(exc, "line", None)
    column = getattr(exc, "column", None)
    return RosterImportReport(
        dry_run=dry_run,
        problems=[
            RosterProblem(
                line=line,
                column="",
                message=str(exc.message),
                letter=column_letter(column) if column is not None else "",
            )
        ],
        rows=[],
        ignored_columns=[],
    )


@dataclass
class _Plan:
    """What the read-only pass decided for one row of the file."""

    line: int
    values: dict
    raw_name: str = ""
    outcome: str = ""
    user: object = None
    changes: dict = field(default_factory=dict)


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def roster_columns_check(
    *, headers: list[str], mapping: list[str], header_line: int = 1
) -> list[RosterProblem]:
    """What is wrong with a column mapping: a field read twice, or no name column."""
    problems = []
    where: dict[str, list[int]] = {}
    for index, key in enumerate(mapping):
        if key != IGNORE and index < len(headers):
            where.setdefault(key, []).append(index)
    for key, indices in where.items():
        if len(indices) > 1:
            # Translators: joins column names: "A (“Name”) and C (“Nombre”)".
            columns = _(" and ").join(
                f"{column_letter(i)} (“{headers[i]}”)" for i in indices
            )
            problems.append(
                RosterProblem(
                    line=header_line,
                    column=headers[indices[1]],
                    letter=column_letter(indices[1]),
                    message=_(
                        "Columns %(columns)s are both read as “%(field)s”. Choose "
                        "“ignore” for all but one of them."
                    )
                    % {"columns": columns, "field": FIELD_LABELS[key]},
                )
            )
    if "full_name" not in where and not ({"given_name", "family_name"} & set(where)):
        problems.append(
            RosterProblem(
                line=header_line,
                column="",
                message=_(
                    "No column is read as “Full name” (or as first and last name). "
                    "Choose the column that holds the participants' names."
                ),
            )
        )
    if "email" not in where and "organisation" not in where:
        problems.append(
            RosterProblem(
                line=header_line,
                column="",
                message=_(
                    "No column is read as “Email” or as “Organisation”. Choose at "
                    "least one, so that people with the same name can be told apart."
                ),
            )
        )
    return problems


def roster_columns_suggest(*, cohort: Cohort, headers: list[str]) -> list[str]:
    """A Harbour field for each header: as last mapped in this cohort, else by name."""
    remembered = (
        RosterColumnMapping.objects.filter(cohort=cohort)
        .values_list("columns", flat=True)
        .first()
    )
    return columns_suggest(headers, remembered or {})


def roster_columns_remember(
    *, cohort: Cohort, headers: list[str], mapping: list[str], mapped_by
) -> RosterColumnMapping:
    """Keep a cohort's column mapping, so its next file is mapped the same way."""
    remembered, _created = RosterColumnMapping.objects.get_or_create(cohort=cohort)
    columns = dict(remembered.columns or {})
    for header, key in zip(headers, mapping, strict=False):
        if header_key(header):
            columns[header_key(header)] = key
    remembered.columns = columns
    remembered.updated_by = mapped_by
    remembered.save()
    return remembered


def _roster_people(cohort: Cohort, emails: list[str]):
    """The accounts a roster can match, in a few queries whatever its length."""
    User = get_user_model()
    wanted = [*ROSTER_PROFILE_FIELDS, "is_staff", "is_superuser"]
    enrolled = {
        user.pk: user
        for user in User.objects.filter(enrolments__cohort=cohort).only(*wanted)
    }
    by_email = {}
    for chunk in _chunks(sorted(set(emails)), ROSTER_QUERY_CHUNK):
        for user in (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .only(*wanted)
        ):
            by_email[user.email.lower()] = enrolled.get(user.pk, user)
    outsiders = [u.pk for u in by_email.values() if u.pk not in enrolled]
    participants = set()
    group = roles.role_group(roles.PARTICIPANTS)
    for chunk in _chunks(outsiders, ROSTER_QUERY_CHUNK):
        participants.update(
            User.groups.through.objects.filter(
                user_id__in=chunk, group_id=group.pk
            ).values_list("user_id", flat=True)
        )
    by_name: dict[str, list] = {}
    for user in enrolled.values():
        by_name.setdefault(_name_org_key(user.full_name, user.organisation), []).append(
            user
        )
    return enrolled, by_email, by_name, participants


def _name_org_key(name: str, organisation: str) -> str:
    return f"{person_name_key(name)}|{person_name_key(organisation)}"


_CHOICE_LABELS = {
    "sex": Sex,
    "country": Country,
    "organisation_type": OrganisationType,
    "government_sector": GovernmentSector,
    "preferred_language": Language,
}


def _display(key: str, value: str | None) -> str:
    """A stored value as people read it: the label of a choice, else the text."""
    value = value or ""
    if key in _CHOICE_LABELS and value:
        try:
            return str(_CHOICE_LABELS[key](value).label)
        except ValueError:
            return value
    return value


def _roster_changes(user, values: dict) -> dict:
    """Each field the row fills in differently: {field: (old, new)}; empty cells keep."""
    changes = {}
    for key in ROSTER_PROFILE_FIELDS:
        new = values.get(key) or ""
        stored = getattr(user, key)
        old = stored or ""
        if not new or new == old:
            continue
        if key == "email" and old:
            continue  # matched by this address (any case): never rewritten
        if key in ROSTER_FILL_ONLY_FIELDS and old:
            continue
        # The stored value itself is kept (NULL stays NULL if the import is undone).
        changes[key] = (stored if key in ROSTER_NULL_FIELDS else old, new)
    return changes


def _roster_plan(cohort: Cohort, table, mapping: list[str]):
    """The read-only pass: every row parsed, matched and decided; problems listed."""
    headers = table.headers
    columns = {key: i for i, key in enumerate(mapping) if key and i < len(headers)}

    def column_of(key: str) -> int | None:
        if key in columns:
            return columns[key]
        if key == "full_name":
            return columns.get("given_name", columns.get("family_name"))
        return None

    def problem(line: int, key: str, message: str) -> RosterProblem:
        index = column_of(key)
        return RosterProblem(
            line=line,
            column=headers[index]
            if index is not None
            else str(FIELD_LABELS.get(key, key)),
            letter=column_letter(index) if index is not None else "",
            message=str(message),
        )

    resource = RosterResource()
    problems: list[RosterProblem] = []
    warnings: list[RosterProblem] = []
    plans: list[_Plan] = []
    for line, cells in zip(table.lines, table.rows, strict=True):
        parsed = resource.parse_row({key: cells[i] for key, i in columns.items()})
        for key, message in parsed.errors.items():
            problems.append(problem(line, key, message))
        for key, message in parsed.warnings.items():
            warnings.append(problem(line, key, message))
        raw_name = " ".join(
            cells[columns[k]]
            for k in ("full_name", "given_name", "family_name")
            if k in columns
        )
        plans.append(_Plan(line=line, values=parsed.values, raw_name=raw_name))

    bad_lines = {p.line for p in problems}
    seen: dict[str, int] = {}
    for plan in plans:
        if plan.line in bad_lines:
            continue
        email = plan.values.get("email")
        if email:
            key = f"email:{email}"
        else:
            key = "name:" + _name_org_key(
                plan.values["full_name"], plan.values.get("organisation", "")
            )
        first = seen.setdefault(key, plan.line)
        if first != plan.line:
            if email:
                column = "email"
                message = _(
                    "This email address is already on line %(line)d of the file."
                )
            else:
                column = "full_name"
                message = _(
                    "This name and organisation is already on line %(line)d of the file."
                )
            problems.append(problem(plan.line, column, message % {"line": first}))
            bad_lines.add(plan.line)

    good = [p for p in plans if p.line not in bad_lines]
    enrolled, by_email, by_name, participants = _roster_people(
        cohort, [p.values["email"] for p in good if p.values.get("email")]
    )
    claimed: dict[int, int] = {}
    for plan in good:
        values = plan.values
        email = values.get("email")
        name_key = _name_org_key(values["full_name"], values.get("organisation", ""))
        user = by_email.get(email) if email else None
        if user is None:
            same = by_name.get(name_key, [])
            # Without an email in the file, or for someone first imported without
            # one: the person of this cohort with that name and organisation.
            same = [u for u in same if not email or not u.email]
            user = same[0] if len(same) == 1 else None
        if user is not None and user.pk in claimed:
            problems.append(
                problem(
                    plan.line,
                    "email" if email else "full_name",
                    _("This is the same person as on line %(line)d of the file.")
                    % {"line": claimed[user.pk]},
                )
            )
            continue
        if user is None:
            profile = {k: values.get(k, "") for k in ROSTER_PROFILE_FIELDS}
            profile.pop("email"), profile.pop("full_name")
            for key in ROSTER_NULL_FIELDS:
                profile[key] = profile[key] or None
            try:
                # Every value was validated cell by cell by RosterResource.
                plan.user = user_build(
                    email=email or None,
                    full_name=values["full_name"],
                    validate=False,
                    **profile,
                )
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    for message in messages:
                        problems.append(problem(plan.line, key, message))
                continue
            plan.outcome = "new"
            continue
        claimed[user.pk] = plan.line
        plan.user = user
        if user.pk not in enrolled:
            # An account that exists but is not in this cohort: enrol it only when
            # it is a participant of the same name, and leave its profile as it is.
            if (
                user.is_staff
                or user.is_superuser
                or user.pk not in participants
                or person_name_key(user.full_name)
                != person_name_key(values["full_name"])
            ):
                problems.append(
                    problem(
                        plan.line,
                        "email",
                        _(
                            "This email address already belongs to another person's "
                            "account. Check the address, or leave the cell empty."
                        ),
                    )
                )
                continue
            plan.outcome = "enrolled"
            continue
        plan.changes = _roster_changes(user, values)
        plan.outcome = "updated" if plan.changes else "unchanged"
    problems.sort(key=lambda p: (p.line or 0, p.letter, p.column))
    warnings.sort(key=lambda p: (p.line or 0, p.letter))
    return plans, problems, warnings


def _after_import(plan: _Plan, key: str) -> str:
    """A field of the row's person as the import leaves it."""
    if plan.outcome == "new" or plan.user is None:
        return plan.values.get(key) or ""
    if key in plan.changes:
        return plan.changes[key][1]
    return getattr(plan.user, key, "") or ""


def _roster_rows(plans: list[_Plan], problems: list[RosterProblem]) -> list[RosterRow]:
    bad_lines = {p.line for p in problems}
    rows = []
    for plan in plans:
        outcome = (
            "error" if plan.line in bad_lines or not plan.outcome else plan.outcome
        )
        rows.append(
            RosterRow(
                line=plan.line,
                name=(plan.values.get("full_name") or plan.raw_name)[:200],
                outcome=outcome,
                changes=tuple(
                    RosterChange(
                        field=key,
                        label=str(FIELD_LABELS[key]),
                        old=_display(key, old),
                        new=_display(key, new),
                    )
                    for key, (old, new) in plan.changes.items()
                ),
                government_sector=_display(
                    "government_sector", _after_import(plan, "government_sector")
                ),
                language=_display(
                    "preferred_language", _after_import(plan, "preferred_language")
                ),
            )
        )
    return rows


def _bulk_set(users_and_values: list[tuple[object, dict]]) -> None:
    """Write each user's given fields: one batched statement per set of fields.

    The ORM's bulk_update builds a CASE expression per row and field, which for
    a few hundred people takes longer than the write itself; executemany sends
    the same UPDATE with each row's values in one round of the driver.
    """
    User = get_user_model()
    quote = connection.ops.quote_name
    groups: dict[tuple, list] = {}
    for user, values in users_and_values:
        for key, value in values.items():
            setattr(user, key, value)
        keys = tuple(sorted(values))
        groups.setdefault(keys, []).append(
            [getattr(user, key) for key in keys] + [user.pk]
        )
    for keys, rows in groups.items():
        columns = ", ".join(
            f"{quote(User._meta.get_field(key).column)} = %s" for key in keys
        )
        sql = (
            f"UPDATE {quote(User._meta.db_table)} SET {columns} "  # noqa: S608 - names from the model, values bound
            f"WHERE {quote(User._meta.pk.column)} = %s"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


@dataclass
class _RosterWritten:
    """What earlier chunks wrote, so that a failed import can take it back."""

    user_ids: list[int] = field(default_factory=list)
    enrolment_ids: list[int] = field(default_factory=list)
    previous: list[tuple[object, dict]] = field(default_factory=list)


def _roster_write(cohort: Cohort, plans: list[_Plan], chunk_size: int) -> float:
    """The writing pass, in short transactions; returns the longest one in seconds."""
    written = _RosterWritten()
    longest = 0.0
    try:
        for chunk in _chunks(
            [p for p in plans if p.outcome != "unchanged"], chunk_size
        ):
            with transaction.atomic():
                began = time.perf_counter()
                created = user_create_many(
                    users=[p.user for p in chunk if p.outcome == "new"],
                    role=roles.PARTICIPANTS,
                )
                written.user_ids += [u.pk for u in created]
                enrolments = enrolment_add_many(
                    cohort=cohort,
                    participants=[
                        p.user for p in chunk if p.outcome in ("new", "enrolled")
                    ],
                    source=EnrolmentSource.IMPORT,
                )
                written.enrolment_ids += [e.pk for e in enrolments]
                updates = [p for p in chunk if p.outcome == "updated"]
                _bulk_set(
                    [
                        (p.user, {k: n for k, (_o, n) in p.changes.items()})
                        for p in updates
                    ]
                )
                previous = [
                    (p.user, {k: o for k, (o, _n) in p.changes.items()})
                    for p in updates
                ]
            written.previous += previous
            longest = max(longest, time.perf_counter() - began)
            if connection.vendor == "sqlite" and not connection.in_atomic_block:
                # SQLite does not queue writers: someone waiting for the lock
                # retries after a short sleep, and would miss a lock that is
                # released and at once taken again. A pause lets them in.
                time.sleep(ROSTER_CHUNK_PAUSE)
    except DatabaseError:
        _roster_undo(written)
        raise
    return longest


def _roster_undo(written: _RosterWritten) -> None:
    """Take back what the committed chunks of a failed import wrote."""
    User = get_user_model()
    for chunk in _chunks(written.enrolment_ids, ROSTER_WRITE_CHUNK):
        with transaction.atomic():
            Enrolment.objects.filter(pk__in=chunk).delete()
    for chunk in _chunks(written.user_ids, ROSTER_WRITE_CHUNK):
        with transaction.atomic():
            User.groups.through.objects.filter(user_id__in=chunk).delete()
            User.objects.filter(pk__in=chunk).delete()
    for chunk in _chunks(written.previous, ROSTER_WRITE_CHUNK):
        with transaction.atomic():
            _bulk_set(chunk)


def roster_import(
    *,
    cohort: Cohort,
    name: str,
    data: bytes,
    dry_run: bool,
    mapping: list[str] | None = None,
    chunk_size: int = ROSTER_WRITE_CHUNK,
) -> RosterImportReport:
    """Preview (dry_run) or import a roster file; with any problem nothing is saved.

    ``mapping`` gives a Harbour field (or "" to ignore) for each column of the
    file; without it, the cohort's remembered mapping and the headers decide.
    An empty cell never erases what is stored; people are never removed.
    """
    with fewer_collections():
        return _roster_import(
            cohort=cohort,
            name=name,
            data=data,
            dry_run=dry_run,
            mapping=mapping,
            chunk_size=chunk_size,
        )


def _roster_import(
    *,
    cohort: Cohort,
    name: str,
    data: bytes,
    dry_run: bool,
    mapping: list[str] | None,
    chunk_size: int,
) -> RosterImportReport:
    try:
        table = read_roster_file(name=name, data=data)
    except RosterFileError as exc:
        return roster_file_report(exc, dry_run=dry_run)
    headers = table.headers
    if mapping is None:
        mapping = roster_columns_suggest(cohort=cohort, headers=headers)
    mapping = [
        (m if m in FIELDS else IGNORE)
        for m in (list(mapping) + [IGNORE] * len(headers))
    ][: len(headers)]
    ignored = [h for h, m in zip(headers, mapping, strict=True) if h and m == IGNORE]
    problems = roster_columns_check(
        headers=headers, mapping=mapping, header_line=table.header_line
    )
    if problems:
        return RosterImportReport(
            dry_run=dry_run, problems=problems, rows=[], ignored_columns=ignored
        )
    plans, problems, warnings = _roster_plan(cohort, table, mapping)
    report = RosterImportReport(
        dry_run=dry_run,
        problems=problems,
        rows=_roster_rows(plans, problems),
        ignored_columns=ignored,
        warnings=warnings,
        notes=table.notes,
        shows_sector="government_sector" in mapping,
        shows_language="preferred_language" in mapping,
    )
    if dry_run or problems:
        return report
    try:
        report.longest_write_seconds = _roster_write(cohort, plans, chunk_size)
    except DatabaseError:
        report.problems = [
            RosterProblem(
                line=None,
                column="",
                message=_(
                    "The import was interrupted (someone may have added one of these "
                    "people at the same moment), and nothing was saved. Preview the "
                    "file again and import it."
                ),
            )
        ]
        report.rows = _roster_rows(plans, report.problems)
    return report


# --- roster previews -------------------------------------------------------------


def roster_preview_create(
    *, cohort: Cohort, owner, name: str, data: bytes
) -> RosterPreview:
    """Keep an uploaded roster until its owner imports it; raise if it cannot be read.

    The columns are suggested now; they count as chosen when the headers are
    exactly the template's, else the owner confirms them first.
    """
    table = read_roster_file(name=name, data=data)
    preview = RosterPreview(
        cohort=cohort,
        owner=owner,
        original_name=(name or "roster.csv")[-200:],
        sha256=hashlib.sha256(data).hexdigest(),
        headers=table.headers,
        mapping=roster_columns_suggest(cohort=cohort, headers=table.headers),
        mapping_confirmed=columns_are_the_template(table.headers),
    )
    preview.file.save(name or "roster.csv", ContentFile(data), save=False)
    try:
        preview.save()
    except DatabaseError:
        preview.file.delete(save=False)
        raise
    return preview


def roster_preview_data(*, preview: RosterPreview) -> bytes:
    """The previewed file's bytes; RosterFileError when it is gone or was changed."""
    gone = _("The previewed file is no longer there. Upload it again.")
    if not preview.file or not preview.file.storage.exists(preview.file.name):
        raise RosterFileError(gone)
    with preview.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != preview.sha256:
        raise RosterFileError(_("The previewed file changed. Upload it again."))
    return data


def roster_preview_map_columns(
    *, preview: RosterPreview, mapping: list[str], mapped_by
) -> list[RosterProblem]:
    """Choose the preview's column mapping; returns the problems, or keeps it."""
    problems = roster_columns_check(headers=preview.headers, mapping=mapping)
    if problems:
        return problems
    with transaction.atomic():
        preview.mapping = list(mapping)
        preview.mapping_confirmed = True
        preview.save(update_fields=["mapping", "mapping_confirmed"])
        roster_columns_remember(
            cohort=preview.cohort,
            headers=preview.headers,
            mapping=mapping,
            mapped_by=mapped_by,
        )
    return []


def roster_preview_run(*, preview: RosterPreview, dry_run: bool) -> RosterImportReport:
    """Preview or import a stored roster with its mapping; an import spends it."""
    try:
        data = roster_preview_data(preview=preview)
    except RosterFileError as exc:
        return roster_file_report(exc, dry_run=dry_run)
    report = roster_import(
        cohort=preview.cohort,
        name=preview.original_name,
        data=data,
        dry_run=dry_run,
        mapping=preview.mapping,
    )
    if not dry_run and report.ok:
        roster_preview_delete(preview=preview)
    return report


def roster_preview_delete(*, preview: RosterPreview) -> None:
    """Delete a preview and its stored file."""
    name = preview.file.name
    RosterPreview.objects.filter(pk=preview.pk).delete()
    if name:
        default_storage.delete(name)


def roster_previews_purge(
    *, older_than: dt.timedelta = ROSTER_PREVIEW_MAX_AGE, dry_run: bool = False
) -> list[str]:
    """Delete previewed roster files nobody imported (they hold names and emails).

    Returns the storage names deleted (or that would be, with dry_run). A
    facilitator whose preview is gone is asked to upload the file again.
    """
    stale = list(
        RosterPreview.objects.older_than(timezone.now() - older_than).order_by(
            "created_at"
        )
    )
    names = [p.file.name for p in stale]
    if not dry_run:
        for preview in stale:
            roster_preview_delete(preview=preview)
    return names


# --- erasure ---------------------------------------------------------------------


def personal_data_erase(*, user) -> dict[str, int]:
    """The cohorts part of erasing a participant: their join codes end, and the
    roster files waiting for confirmation in their cohorts (which may hold their
    name) are deleted, their files once the erasure commits. Enrolments and
    attendance stay, tied to the pseudonymised account, as anonymous statistics."""
    now = timezone.now()
    revoked = JoinCode.objects.filter(
        enrolment__participant=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    previews = RosterPreview.objects.filter(
        cohort_id__in=Enrolment.objects.filter(participant=user).values("cohort_id")
    )
    names = [name for name in previews.values_list("file", flat=True) if name]
    deleted = previews.delete()[0]
    for name in names:
        transaction.on_commit(lambda n=name: default_storage.delete(n))
    return {"join_codes_ended": revoked, "roster_previews_deleted": deleted}
