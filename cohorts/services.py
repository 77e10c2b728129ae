"""Writes owned by the cohorts app: attendance, check-in, join codes, walk-ins, exports."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from lms import ratelimit, roles
from lms.services import user_create, user_record_consent

from . import codes
from .exceptions import (
    CheckInCodeExpired,
    CheckInCodeWrong,
    CheckInNoOpenSession,
    CheckInNotEnrolled,
    CheckInNotStarted,
    CheckInOtherSession,
    CheckInSessionEnded,
    JoinCodeExpired,
    JoinCodeInvalid,
    JoinCodeUsed,
    MergeRefused,
    RosterFileError,
    TooManyAttempts,
)
from .models import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceChange,
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
JOIN_CODE_VALID_DAYS_AFTER_COHORT = 30


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
    """Enter a paper sign-in sheet: {enrolment id: status}; returns how many changed."""
    enrolments = {
        e.pk: e for e in Enrolment.objects.filter(cohort_id=session.cohort_id)
    }
    current = dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
    )
    changed = 0
    for enrolment_id, status in statuses.items():
        if not status or enrolment_id not in enrolments:
            continue
        if current.get(enrolment_id) == status:
            continue
        attendance_mark(
            session=session,
            enrolment=enrolments[enrolment_id],
            status=status,
            marked_by=marked_by,
            method=AttendanceMethod.PAPER_SHEET,
        )
        changed += 1
    return changed


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
    expires_at: dt.datetime


@transaction.atomic
def join_codes_issue(
    *, cohort: Cohort, enrolments: list[Enrolment], issued_by
) -> list[IssuedJoinCode]:
    """New single-use join codes for these enrolments; earlier unused codes stop working."""
    now = timezone.now()
    end = timezone.make_aware(dt.datetime.combine(cohort.end_date, dt.time(23, 59)))
    expires_at = max(end, now) + dt.timedelta(days=JOIN_CODE_VALID_DAYS_AFTER_COHORT)
    enrolments = [e for e in enrolments if e.cohort_id == cohort.pk]
    JoinCode.objects.filter(
        enrolment__in=enrolments, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    issued = []
    for enrolment in enrolments:
        code = codes.join_code_new()
        JoinCode.objects.create(
            enrolment=enrolment,
            code_hash=codes.join_code_hash(code, secret=settings.SECRET_KEY),
            created_by=issued_by,
            expires_at=expires_at,
        )
        issued.append(
            IssuedJoinCode(enrolment=enrolment, code=code, expires_at=expires_at)
        )
    return issued


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
    if join_code.expires_at < timezone.now():
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
    """Set up the participant's sign-in with a join code; the code is then spent."""
    join_code = JoinCode.objects.select_for_update().get(pk=join_code.pk)
    if join_code.used_at is not None:
        raise JoinCodeUsed()
    user = join_code.enrolment.participant
    User = get_user_model()
    errors = {}
    if email:
        email = email.strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            errors["email"] = "This email address is already used by another account."
        user.email = email
    if username:
        username = username.strip()
        if User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
            errors["username"] = "This username is taken. Choose another one."
        user.username = username
    if not user.email and not user.username:
        errors["username"] = "Choose a username, or give an email address."
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
    *, enrolment: Enrolment, into_email: str, merged_by
) -> Enrolment:
    """Move a walk-in's enrolment and attendance onto the account that already exists."""
    User = get_user_model()
    walk_in = enrolment.participant
    if walk_in.email or walk_in.has_usable_password():
        raise MergeRefused(
            "Only a walk-in record that has no sign-in yet can be merged into an account."
        )
    target = User.objects.filter(email__iexact=(into_email or "").strip()).first()
    if target is None or not roles.is_participant(target):
        raise MergeRefused("No participant account has this email address.")
    if target.pk == walk_in.pk:
        raise MergeRefused("That is the same record.")
    existing = Enrolment.objects.filter(
        cohort=enrolment.cohort, participant=target
    ).first()
    if existing is None:
        enrolment.participant = target
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.save(update_fields=["participant", "status"])
        result = enrolment
    else:
        taken = {
            a.session_id: a for a in existing.attendances.select_related("session")
        }
        for attendance in enrolment.attendances.select_related("session"):
            kept = taken.get(attendance.session_id)
            if kept is None:
                attendance.enrolment = existing
                attendance.save(update_fields=["enrolment"])
                continue
            # Both records have this session: keep every change in the history, and
            # let "was in the room" win over "absent" or "excused".
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
        JoinCode.objects.filter(enrolment=enrolment).update(revoked_at=timezone.now())
        existing.status = EnrolmentStatus.ENROLLED
        existing.save(update_fields=["status"])
        enrolment.attendances.all().delete()
        enrolment.join_codes.all().delete()
        enrolment.delete()
        result = existing
    # The walk-in's own record stays for the history but can no longer be used.
    if not walk_in.enrolments.exists():
        walk_in.is_active = False
        walk_in.save(update_fields=["is_active"])
    return result


@transaction.atomic
def enrolment_set_status(*, enrolment: Enrolment, status: str) -> Enrolment:
    """Withdraw a participant, or enrol them again; nothing is ever deleted."""
    if status not in EnrolmentStatus.values:
        raise ValueError(f"Unknown enrolment status {status!r}.")
    enrolment.status = status
    enrolment.save(update_fields=["status"])
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
