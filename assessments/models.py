"""Quizzes as Wagtail pages. The quizzes issue adds questions, attempts and scoring."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class QuizKind(models.TextChoices):
    PRE_TEST = "pre", _("Pre-test")
    MODULE_QUIZ = "module", _("Module quiz")
    POST_TEST = "post", _("Post-test")
    PRACTICE = "practice", _("Practice")


class QuizPage(Page):
    """A quiz under a module (module quiz) or a course (pre-test, post-test)."""

    kind = models.CharField(
        max_length=10, choices=QuizKind.choices, default=QuizKind.MODULE_QUIZ
    )
    instructions = RichTextField(
        blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("instructions"),
        FieldPanel("pass_mark"),
    ]

    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
