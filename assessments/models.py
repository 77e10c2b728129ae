"""Quizzes as Wagtail pages, and participants' attempts at them."""

from __future__ import annotations

from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from .blocks import QuizQuestionsBlock
from .content import QuizContent, quiz_content
from .hooks import QUIZ_PAGE_VIEW_HOOK, QUIZ_PREVIEW_VIEW_HOOK

# Answers that arrive this long after the deadline still count: a request sent
# in the last second may take a moment to cross a training room's Wi-Fi.
DEADLINE_GRACE = timedelta(seconds=30)


class QuizKind(models.TextChoices):
    PRE_TEST = "pre", _("Pre-test")
    MODULE_QUIZ = "module", _("Module quiz")
    POST_TEST = "post", _("Post-test")
    PRACTICE = "practice", _("Practice")


class ReviewPolicy(models.TextChoices):
    NEVER = "never", _("Never: score and result per question only")
    AFTER_EACH = "each", _("After each attempt")
    AFTER_LAST_OR_PASS = "final", _("After a pass or the last allowed attempt")


class CloseReason(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TIME_UP = "time_up", _("Closed when the time ran out")


class QuizPage(Page):
    """A quiz under a module (module quiz) or a course (pre-test, post-test)."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=QuizKind.choices, default=QuizKind.MODULE_QUIZ
    )
    instructions = RichTextField(
        _("instructions"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=0, help_text=_("0 means unlimited.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(600)],
        help_text=_(
            "Leave empty for no limit. The clock runs on the server from the "
            "moment the participant starts."
        ),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_options = models.BooleanField(_("shuffle options"), default=False)
    show_answers = models.CharField(
        _("show correct answers and feedback"),
        max_length=10,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.AFTER_EACH,
    )
    questions = StreamField(
        QuizQuestionsBlock(), blank=False, verbose_name=_("questions")
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("instructions"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("show_answers"),
            ],
            heading=_("Rules"),
        ),
        FieldPanel("questions"),
    ]
    search_fields = Page.search_fields
    # A translation is the same test in another language: its rules always
    # come from the source, and so does its answer key (the questions'
    # correct flags, correct answers and points are not text, so
    # wagtail-localize copies them from the source's StreamField on every sync).
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in (
            "kind",
            "pass_mark",
            "max_attempts",
            "time_limit_minutes",
            "shuffle_questions",
            "shuffle_options",
            "show_answers",
        )
    ]

    def clean(self):
        super().clean()
        if not self.questions or len(self.questions) == 0:
            raise ValidationError(
                {"questions": _("A quiz needs at least one question.")}
            )

    @cached_property
    def content(self) -> QuizContent:
        """The questions as plain data (see content.py)."""
        return quiz_content(self.questions)

    def course(self):
        """The CoursePage this quiz belongs to."""
        from courses.models import CoursePage

        return CoursePage.objects.ancestor_of(self).first()

    def module(self):
        """The ModulePage of a module quiz, or None under a course."""
        from courses.models import ModulePage

        return ModulePage.objects.ancestor_of(self).first()

    def serve(self, request, *args, **kwargs):
        return _registered_view(QUIZ_PAGE_VIEW_HOOK)(request, self)

    def serve_preview(self, request, mode_name):
        return _registered_view(QUIZ_PREVIEW_VIEW_HOOK)(request, self)

    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")


def _registered_view(hook_name: str):
    """The view registered under a hook name (the last one registered wins)."""
    views = hooks.get_hooks(hook_name)
    if not views:
        raise LookupError(f"No view is registered under {hook_name!r}.")
    return views[-1]


class AttemptQuerySet(models.QuerySet):
    def submitted(self):
        """Attempts that are closed and scored."""
        return self.filter(submitted_at__isnull=False)

    def open(self):
        """Attempts still being answered."""
        return self.filter(submitted_at__isnull=True)

    def overdue(self, now=None):
        """Open attempts whose deadline and grace have passed."""
        now = now or timezone.now()
        return self.open().filter(deadline__lt=now - DEADLINE_GRACE)


class Attempt(models.Model):
    """One participant's attempt at a quiz, tied to the revision they were shown."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attempts"
    )
    quiz = models.ForeignKey(
        QuizPage, on_delete=models.PROTECT, related_name="attempts"
    )
    # Scoring and review always read this revision, so editing the quiz later
    # never changes a past attempt.
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attempts",
    )
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(
        max_length=10, choices=CloseReason.choices, blank=True
    )
    answers = models.JSONField(default=dict, blank=True)
    # Autosaves carry an increasing number so an older save that arrives late
    # (a retried request) never overwrites a newer one.
    answers_seq = models.BigIntegerField(default=0)
    answers_saved_at = models.DateTimeField(null=True, blank=True)
    layout = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "quiz"],
                condition=models.Q(submitted_at__isnull=True),
                name="one_open_attempt_per_quiz",
            )
        ]
        indexes = [models.Index(fields=["quiz", "participant"])]

    def __str__(self) -> str:
        return f"{self.participant} – {self.quiz_id} ({self.started_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None

    def accepts_answers_at(self, now) -> bool:
        """True while answers sent at ``now`` still count (deadline plus grace)."""
        return self.deadline is None or now <= self.deadline + DEADLINE_GRACE

    @cached_property
    def shown_quiz(self) -> QuizPage:
        """The quiz exactly as this attempt showed it (its revision)."""
        return self.revision.as_object()

    @cached_property
    def content(self) -> QuizContent:
        return self.shown_quiz.content
