"""The curriculum as Wagtail pages: CourseIndexPage > CoursePage > ModulePage > LessonPage."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.choices import Language

from .blocks import LessonStreamBlock


class CourseContentMixin:
    """Access rule and course context shared by every page inside a course."""

    def get_course(self):
        """The course this page belongs to (itself for a course); looked up once."""
        if not hasattr(self, "_course_cache"):
            from .selectors import course_for_page

            self._course_cache = course_for_page(self) if self.path else None
        return self._course_cache

    def serve(self, request, *args, **kwargs):
        from .selectors import user_can_read_course_page

        course = self.get_course()
        if course is not None and not user_can_read_course_page(request.user, course):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return TemplateResponse(
                request,
                "courses/no_access.html",
                {"page": self, "course": course},
                status=403,
            )
        return super().serve(request, *args, **kwargs)

    def get_outline(self, request):
        """The course's steps in order with the requesting user's progress."""
        from .selectors import course_outline_for_user

        course = self.get_course()
        if course is None:
            return None
        return course_outline_for_user(course=course, user=request.user)


class CourseIndexPage(Page):
    """Lists the published courses."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from .selectors import live_courses, readable_courses

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = readable_courses(request.user, live_courses(index=self))
        return context

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course index")


class CoursePage(CourseContentMixin, Page):
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
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("enrolled_only"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        outline = self.get_outline(request)
        context["outline"] = outline
        context["course"] = self
        return context

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "assessments.QuizPage"]

    class Meta:
        verbose_name = _("course")


class ModulePage(CourseContentMixin, Page):
    """A module of a course: a few lessons and, usually, a quiz."""

    summary = models.TextField(max_length=600, blank=True)
    estimated_minutes = models.PositiveIntegerField(default=60)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        outline = self.get_outline(request)
        context["course"] = self.get_course()
        context["outline"] = outline
        context["module"] = outline.module_for(self.pk) if outline else None
        return context

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "assessments.QuizPage"]

    class Meta:
        verbose_name = _("module")


class LessonPage(CourseContentMixin, Page):
    """One lesson: a body of blocks and an estimate of the time it takes."""

    body = StreamField(LessonStreamBlock(), blank=True)
    estimated_minutes = models.PositiveIntegerField(default=15)

    content_panels = Page.content_panels + [
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        outline = self.get_outline(request)
        item = outline.item_for(self.pk) if outline else None
        previous, following = outline.neighbours(self.pk) if outline else (None, None)
        context.update(
            course=self.get_course(),
            outline=outline,
            item=item,
            module=item.module if item else None,
            previous_item=previous,
            next_item=following,
        )
        return context

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
