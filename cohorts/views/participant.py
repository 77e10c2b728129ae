"""Participants: joining with a code and checking in to a session."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lms import ratelimit

from .. import services
from ..exceptions import (
    CheckInRefused,
    JoinCodeAccountHasSignIn,
    JoinCodeInvalid,
    TooManyAttempts,
)
from ..forms import CheckInForm, JoinForm
from ..models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    TrainingSession,
)

# --- participants: join and check in ---------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def join(request):
    """Set up a sign-in with the join code from the facilitator's sheet."""
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client = ratelimit.client_key(request)
        try:
            join_code = services.join_code_lookup(code=data["code"], client_key=client)
            user = services.join_code_redeem(
                join_code=join_code,
                email=data.get("email") or None,
                username=(data.get("username") or "").strip() or None,
                password=data["password1"],
            )
        except (JoinCodeInvalid, TooManyAttempts) as exc:
            form.add_error("code", exc.message)
        except JoinCodeAccountHasSignIn as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            for field_name, errors in exc.message_dict.items():
                form.add_error(
                    field_name if field_name in form.fields else None, errors
                )
        else:
            login(request, user, backend="lms.backends.EmailOrUsernameBackend")
            messages.success(
                request,
                _(
                    "Welcome, %(name)s. Next time, sign in with %(sign_in)s and your "
                    "password."
                )
                % {"name": user.display_name, "sign_in": user.email or user.username},
            )
            return redirect("/")
    return render(request, "cohorts/join.html", {"form": form})


def _my_sessions(user):
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.active().filter(participant=user).select_related("cohort")
    )
    sessions = list(
        TrainingSession.objects.filter(cohort__in=[e.cohort_id for e in enrolments])
        .select_related("cohort")
        .order_by("starts_at")
    )
    marks = dict(
        Attendance.objects.filter(enrolment__in=enrolments).values_list(
            "session_id", "status"
        )
    )
    labels = dict(AttendanceStatus.choices)
    return [
        {
            "session": s,
            "status": marks.get(s.pk, ""),
            "label": labels.get(marks.get(s.pk, ""), _("Not marked")),
            "open": services._session_is_open(s, now),
        }
        for s in sessions
    ]


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def check_in(request, session_pk: int | None = None):
    """A participant types (or scans) the room's code and is marked present."""
    session = None
    if session_pk is not None:
        session = get_object_or_404(
            TrainingSession.objects.select_related("cohort"), pk=session_pk
        )
    form = CheckInForm(
        request.POST or None, initial={"code": request.GET.get("code", "")}
    )
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            attendance = services.attendance_self_check_in(
                user=request.user,
                code=form.cleaned_data["code"],
                session=session,
                client_key=ratelimit.client_key(request),
            )
        except (CheckInRefused, TooManyAttempts) as exc:
            form.add_error("code", exc.message)
        else:
            outcome = attendance
            messages.success(
                request,
                _("You are checked in for %(session)s. Welcome!")
                % {"session": attendance.session.title},
            )
            return redirect("cohorts:check_in")
    return render(
        request,
        "cohorts/check_in.html",
        {
            "form": form,
            "session": session,
            "outcome": outcome,
            "my_sessions": _my_sessions(request.user),
        },
    )
