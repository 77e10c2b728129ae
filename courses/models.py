"""The curriculum as Wagtail pages: CourseIndexPage > CoursePage > ModulePage > LessonPage."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from lms import roles
from lms.choices import Language

from .blocks import LessonStreamBlock
from .hooks import FACILITATOR_COURSES_HOOK, PARTICIPANT_COURSES_HOOK
from .outline import course_outline_for_user
from .translations import (
    content_language_name,
    foreign_language,
    language_of,
    localize_pages,
    other_translations,
    page_for_request,
    source_page,
)

# The pages below read their course, its access rule and its outline from this
# module and outline.py; selectors.py builds on them, never the other way round.


def hooked_course_ids(hook_name: str, user) -> set[int]:
    """The union of the course ids that the apps registered under a hook give for a user."""
    ids: set[int] = set()
    for fn in hooks.get_hooks(hook_name):
        ids |= set(fn(user))
    return ids


def private_course_ids_readable_by(user) -> set[int]:
    """Ids of enrolled-only courses the user may read (administrators: all of them),
    every translation of a course the user is enrolled in or facilitates included."""
    if not getattr(user, "is_authenticated", False):
        return set()
    private = CoursePage.objects.filter(enrolled_only=True)
    if roles.is_administrator(user):
        return set(private.values_list("pk", flat=True))
    ids = hooked_course_ids(PARTICIPANT_COURSES_HOOK, user) | hooked_course_ids(
        FACILITATOR_COURSES_HOOK, user
    )
    if not ids:
        return set()
    keys = CoursePage.objects.filter(pk__in=ids).values("translation_key")
    return ids | set(
        private.filter(translation_key__in=keys).values_list("pk", flat=True)
    )


class CourseContentMixin:
    """Access rule and course context shared by every page inside a course."""

    def get_course(self):
        """The course this page belongs to (itself for a course); looked up once."""
        if not hasattr(self, "_course_cache"):
            if isinstance(self, CoursePage):
                self._course_cache = self
            else:
                self._course_cache = (
                    CoursePage.objects.ancestor_of(self).first() if self.path else None
                )
        return self._course_cache

    def serve(self, request, *args, **kwargs):
        shown = page_for_request(self, request)
        if shown.pk != self.pk:
            # A "this page in other languages" link: the translation asked for.
            return shown.specific.serve(request, *args, **kwargs)
        course = self.get_course()
        if course is not None and not course.readable_by(request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return TemplateResponse(
                request,
                "courses/no_access.html",
                {"page": self, "course": course},
                status=403,
            )
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_translations"] = other_translations(self, request)
        context["content_lang"] = foreign_language(self)
        context["page_language"] = language_of(self)
        return context

    def route(self, request, path_components):
        """Route in this tree; a page not translated into this one's language is
        served from the source's tree (the same slug under the source's page)."""
        try:
            return super().route(request, path_components)
        except Http404:
            source = source_page(self) if path_components else self
            if source.pk == self.pk:
                raise
            child = source.get_children().filter(slug=path_components[0]).live().first()
            if child is None:
                raise
            return child.specific.route(request, path_components[1:])

    def get_outline(self, request):
        """The course's steps in order with the requesting user's progress."""
        course = self.get_course()
        if course is None:
            return None
        return course_outline_for_user(course=course, user=request.user)


class CourseIndexPage(CourseContentMixin, Page):
    """Lists the published courses, each in the visitor's language where translated."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The courses of every translation of this index, each shown once, in
        # the visitor's language where it is translated.
        indexes = CourseIndexPage.objects.filter(translation_key=self.translation_key)
        candidates = []
        for translated_index in indexes.order_by("locale_id"):
            candidates += list(
                CoursePage.objects.live().child_of(translated_index).order_by("path")
            )
        courses = localize_pages(candidates)
        readable = (
            private_course_ids_readable_by(request.user)
            if any(course.enrolled_only for course in courses)
            else set()
        )
        context["courses"] = [
            c for c in courses if not c.enrolled_only or c.pk in readable
        ]
        return context

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course index")
        verbose_name_plural = _("course indexes")


class CoursePage(CourseContentMixin, Page):
    """A course: what it teaches, to whom, and its modules in order."""

    summary = models.TextField(_("summary"), max_length=600, blank=True)
    learning_objectives = RichTextField(
        _("learning objectives"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
    )
    audience = models.TextField(_("audience"), blank=True)
    duration_hours = models.DecimalField(
        _("duration (hours)"), max_digits=5, decimal_places=1, default=12
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
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
    # Every translation keeps the source's length, access rule and cover; the
    # language a course is in is its locale's (the `language` field predates
    # locales and is no longer edited).
    override_translatable_fields = [
        SynchronizedField("duration_hours", overridable=False),
        SynchronizedField("enrolled_only", overridable=False),
        SynchronizedField("cover_image"),
        SynchronizedField("language", overridable=False),
    ]

    @property
    def language_name(self) -> str:
        """The language the course is in (its locale's), in its own name."""
        return content_language_name(language_of(self))

    def readable_by(self, user) -> bool:
        """Everyone reads a public course; an enrolled-only one only its enrolled
        participants, its facilitators and administrators."""
        if not self.enrolled_only:
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        if roles.is_administrator(user):
            return True
        return self.pk in private_course_ids_readable_by(user)

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
        verbose_name_plural = _("courses")


class ModulePage(CourseContentMixin, Page):
    """A module of a course: a few lessons and, usually, a quiz."""

    summary = models.TextField(_("summary"), max_length=600, blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=60)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    override_translatable_fields = [
        SynchronizedField("estimated_minutes", overridable=False)
    ]

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
        verbose_name_plural = _("modules")


class LessonPage(CourseContentMixin, Page):
    """One lesson: a body of blocks and an estimate of the time it takes."""

    body = StreamField(LessonStreamBlock(), blank=True, verbose_name=_("body"))
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=15)

    content_panels = Page.content_panels + [
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    override_translatable_fields = [
        SynchronizedField("estimated_minutes", overridable=False)
    ]

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
        verbose_name_plural = _("lessons")


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
        verbose_name_plural = _("lesson completions")
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
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], name="one_completion_per_module"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.module}"


# The review step of the "Curriculum review" workflow lives beside the pages it guards.
from .review import CurriculumReviewTask  # noqa: E402, F401
