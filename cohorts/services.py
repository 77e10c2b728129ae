"""Writes owned by the cohorts app: attendance, check-in, join codes, walk-ins, exports."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import ratelimit, roles
from lms.services import user_create, user_record_consent

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
    TrainingSession,
)

# Participants may check in this long before a session starts.
CHECK_IN_OPENS_BEFORE = dt.timedelta(minutes=15)


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
) -> Attendance:
    """Mark the participant present for the open session whose current code they typed."""
    now = now or timezone.now()
    _rate_limit(f"cohorts:check-in:{user.pk}", limit=10, seconds=300)
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
    """The usable join code for what the person typed, or a plain refusal."""
    _rate_limit(f"cohorts:join:{client_key}", limit=20, seconds=900)
    normalised = codes.join_code_normalise(code)
    if len(normalised) != codes.JOIN_CODE_LENGTH:
        raise JoinCodeInvalid()
    join_code = (
        JoinCode.objects.select_related("enrolment__participant", "enrolment__cohort")
        .filter(code_hash=codes.join_code_hash(normalised, secret=settings.SECRET_KEY))
        .first()
    )
    if join_code is None or join_code.revoked_at is not None:
        raise JoinCodeInvalid()
    if join_code.used_at is not None:
        raise JoinCodeUsed()
    # Codes issued before codes stopped expiring keep the date printed on them.
    if join_code.expires_at is not None and join_code.expires_at < timezone.now():
        raise JoinCodeExpired()
    return join_code


@transaction.atomic
def join_code_redeem(
    *,
    join_code: JoinCode,
    email: str | None,
    username: str | None,
    password: str,
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
    user.set_password(password)
    user.is_active = True
    user.save()
    user_record_consent(user=user, version=settings.PRIVACY_NOTICE_VERSION)
    join_code.used_at = timezone.now()
    join_code.save(update_fields=["used_at"])
    return user


# --- walk-ins and merging -------------------------------------------------------


@transaction.atomic
def enrolment_add_walk_in(
    *, cohort: Cohort, full_name: str, organisation: str, added_by, **profile
) -> Enrolment:
    """Add someone who came to the room without being on the roster."""
    user = user_create(
        email=None,
        full_name=full_name,
        organisation=organisation,
        role=roles.PARTICIPANTS,
        **profile,
    )
    return Enrolment.objects.create(
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
        .filter(pk__in=[enrolment.pk, into.pk], cohort_id=enrolment.cohort_id)
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


@dataclass(frozen=True)
class RosterProblem:
    """One thing wrong in the file: where (line and column) and what, in plain words."""

    line: int | None
    column: str
    message: str


@dataclass(frozen=True)
class RosterRow:
    """What the import does (or would do) with one line of the file."""

    line: int
    name: str
    outcome: str


@dataclass
class RosterImportReport:
    """The result of a roster import or of its preview (dry run)."""

    dry_run: bool
    problems: list[RosterProblem]
    rows: list[RosterRow]
    ignored_columns: list[str]

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


def _file_problem(message: str, *, dry_run: bool) -> RosterImportReport:
    return RosterImportReport(
        dry_run=dry_run,
        problems=[RosterProblem(line=None, column="", message=message)],
        rows=[],
        ignored_columns=[],
    )


# Where a previewed roster file waits for the facilitator to confirm the import.
ROSTER_PREVIEW_DIR = "roster-imports"
ROSTER_PREVIEW_MAX_AGE = dt.timedelta(hours=24)


def roster_preview_path(*, cohort: Cohort, extension: str) -> str:
    """A new, unguessable storage name for a previewed roster file."""
    return f"{ROSTER_PREVIEW_DIR}/{cohort.pk}/{uuid.uuid4().hex}{extension}"


def roster_previews_purge(
    *, older_than: dt.timedelta = ROSTER_PREVIEW_MAX_AGE, dry_run: bool = False
) -> list[str]:
    """Delete previewed roster files nobody confirmed (they hold names and emails).

    Returns the storage names deleted (or that would be, with dry_run). A
    facilitator whose preview is gone is asked to upload the file again.
    """
    cutoff = timezone.now() - older_than
    try:
        folders, _ = default_storage.listdir(ROSTER_PREVIEW_DIR)
    except FileNotFoundError:
        return []
    stale = []
    for folder in sorted(folders):
        _, files = default_storage.listdir(f"{ROSTER_PREVIEW_DIR}/{folder}")
        for name in sorted(files):
            path = f"{ROSTER_PREVIEW_DIR}/{folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                stale.append(path)
    if not dry_run:
        for path in stale:
            default_storage.delete(path)
    return stale


def roster_import(
    *, cohort: Cohort, name: str, data: bytes, dry_run: bool
) -> RosterImportReport:
    """Preview (dry_run) or import a roster file; with any problem nothing is saved."""
    import tablib

    from .importing import read_roster_file
    from .resources import (
        COLUMNS,
        HEADER_ALIASES,
        REQUIRED_COLUMNS,
        RosterResource,
        header_key,
    )

    try:
        table = read_roster_file(name=name, data=data)
    except RosterFileError as exc:
        return _file_problem(exc.message, dry_run=dry_run)

    positions: dict[str, list[int]] = {}
    ignored = []
    for index, header in enumerate(table.headers):
        key = HEADER_ALIASES.get(header_key(header))
        if key is None:
            if header:
                ignored.append(header)
            continue
        positions.setdefault(key, []).append(index)
    for key, where in positions.items():
        if len(where) > 1:
            columns = " and ".join(str(i + 1) for i in where)
            return _file_problem(
                f"The column “{COLUMNS[key]}” appears more than once (columns "
                f"{columns}). Keep one of them.",
                dry_run=dry_run,
            )
    missing = [COLUMNS[k] for k in REQUIRED_COLUMNS if k not in positions]
    if missing:
        return _file_problem(
            "The file has no column "
            + " and no column ".join(f"“{m}”" for m in missing)
            + ". Download the template to see the columns Harbour reads.",
            dry_run=dry_run,
        )
    used = [k for k in COLUMNS if k in positions]
    dataset = tablib.Dataset(headers=[COLUMNS[k] for k in used])
    for row in table.rows:
        dataset.append([row[positions[k][0]] for k in used])

    resource = RosterResource(cohort=cohort, lines=table.lines)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    labels = {field: COLUMNS.get(field, field) for field in COLUMNS}
    problems: list[RosterProblem] = []
    for invalid in result.invalid_rows:
        line = resource.line_of(invalid.number)
        for field_name, messages in invalid.error_dict.items():
            column = labels.get(field_name, "")
            for message in messages:
                problems.append(
                    RosterProblem(line=line, column=column, message=str(message))
                )
    for number, _errors in result.row_errors():
        problems.append(
            RosterProblem(
                line=resource.line_of(number),
                column="",
                message="This row could not be saved. Check it, or add the person by hand.",
            )
        )
    if result.base_errors:
        problems.append(
            RosterProblem(
                line=None, column="", message="The file could not be imported."
            )
        )
    problems.sort(key=lambda p: (p.line or 0, p.column))
    rows = []
    for number, row in enumerate(dataset.dict, start=1):
        outcome = resource.outcomes.get(number, "error")
        if any(p.line == resource.line_of(number) for p in problems):
            outcome = "error"
        rows.append(
            RosterRow(
                line=resource.line_of(number),
                name=" ".join(str(row.get(COLUMNS["full_name"]) or "").split())[:200],
                outcome=outcome,
            )
        )
    return RosterImportReport(
        dry_run=dry_run, problems=problems, rows=rows, ignored_columns=ignored
    )


# --- erasure ---------------------------------------------------------------------


def personal_data_erase(*, user) -> dict[str, int]:
    """The cohorts part of erasing a participant: their join codes end, and the
    roster files waiting for confirmation in their cohorts (which may hold their
    name) are deleted once the erasure commits. Enrolments and attendance stay,
    tied to the pseudonymised account, as anonymous statistics."""
    now = timezone.now()
    revoked = JoinCode.objects.filter(
        enrolment__participant=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    previews = []
    for cohort_id in (
        Enrolment.objects.filter(participant=user)
        .values_list("cohort_id", flat=True)
        .distinct()
    ):
        folder = f"{ROSTER_PREVIEW_DIR}/{cohort_id}"
        try:
            _, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        previews.extend(f"{folder}/{name}" for name in files)
    for path in previews:
        transaction.on_commit(lambda p=path: default_storage.delete(p))
    return {"join_codes_ended": revoked, "roster_previews_deleted": len(previews)}
