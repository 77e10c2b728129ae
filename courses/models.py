"""The curriculum as Wagtail pages: CourseIndexPage > CoursePage > ModulePage > LessonPage."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.choices import Language

from .blocks import LessonStreamBlock


class CourseIndexPage(Page):
    """Lists the published courses."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course index")


class CoursePage(Page):
    """A course: what it teaches, to whom, and its modules in order."""

    summary = models.TextField(max_length=600, blank=True)
    learning_objectives = RichTextField(
        blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    audience = models.TextField(blank=True)
    duration_hours = models.DecimalField(max_digits=5, decimal_places=1, default=12)
    language = models.CharField(
        max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_only = models.BooleanField(
        _("enrolled participants only"),
        default=False,
        help_text=_(
            "When on, only participants enrolled in one of this course's cohorts, "
            "its facilitators and administrators can read it."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("duration_hours"),
                FieldPanel("language"),
            ],
            heading=_("Who and how long"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("enrolled_only"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "assessments.QuizPage"]

    class Meta:
        verbose_name = _("course")


class ModulePage(Page):
    """A module of a course: a few lessons and, usually, a quiz."""

    summary = models.TextField(max_length=600, blank=True)
    estimated_minutes = models.PositiveIntegerField(default=60)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "assessments.QuizPage"]

    class Meta:
        verbose_name = _("module")


class LessonPage(Page):
    """One lesson: a body of blocks and an estimate of the time it takes."""

    body = StreamField(LessonStreamBlock(), blank=True)
    estimated_minutes = models.PositiveIntegerField(default=15)

    content_panels = Page.content_panels + [
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")


class LessonCompletion(models.Model):
    """A participant marked a lesson done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completion")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="one_completion_per_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.lesson}"


class ModuleCompletion(models.Model):
    """A participant completed a whole module, e.g. by passing its quiz."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_completions",
    )
    module = models.ForeignKey(
        ModulePage, on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("module completion")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], name="one_completion_per_module"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.module}"
