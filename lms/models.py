"""Harbour's user model and the home page."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .choices import Country, GovernmentSector, OrganisationType, Sex
from .languages import language_choices


class HarbourUserManager(UserManager):
    """Creates users who sign in by email; a username is optional."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email) or None
        if email:
            email = email.lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not email:
            raise ValueError("A superuser needs an email address to sign in with.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who uses Harbour: participant, facilitator or administrator.

    People sign in with their email address. Participants met in the room
    without an email get a username through a join code instead, so both are
    optional, and each is unique when present.
    """

    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        null=True,
        blank=True,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Optional. For people who sign in without an email address."),
    )
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=20,
        choices=OrganisationType.choices,
        blank=True,
    )
    # Only for officials (organisation type "government"): the donor reports
    # break the people trained down by these sectors. Empty when not asked.
    government_sector = models.CharField(
        _("government sector"),
        max_length=30,
        choices=GovernmentSector.choices,
        null=True,
        blank=True,
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, blank=True)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, blank=True
    )
    # Blank follows the browser; otherwise the site speaks this after sign-in.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=language_choices,
        blank=True,
        default="",
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(
        _("privacy notice version consented to"), max_length=20, blank=True
    )

    objects = HarbourUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="lms_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name to show people: full name, else email, else username."""
        return (
            self.full_name
            or " ".join(p for p in (self.first_name, self.last_name) if p)
            or self.email
            or self.username
            # Translators: the name shown for a person with no name, email or username.
            or _("User %(number)s") % {"number": self.pk}
        )

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0]

    @property
    def has_consented(self) -> bool:
        """True when a consent to the privacy notice is on record."""
        return self.consent_at is not None

    def clean(self) -> None:
        super().clean()
        if self.email:
            self.email = self.__class__.objects.normalize_email(self.email).lower()
        else:
            self.email = None
        if not self.username:
            self.username = None
        self.full_name = " ".join(self.full_name.split())
        if self.is_superuser and not self.email:
            raise ValidationError(
                {"email": _("An administrator needs an email address.")}
            )


class HomePage(Page):
    """Harbour's front page: what the platform is and where each person goes next."""

    intro = models.CharField(max_length=300, blank=True)
    body = RichTextField(
        blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class RateLimitCounter(models.Model):
    """One fixed-window rate-limit counter, when the cache is the database.

    The database cache stores pickled values, so incrementing one is a read and a
    write; this table is incremented in one upsert, atomic on SQLite and
    PostgreSQL alike. The key holds the window, so a counter is never reset, only
    deleted once expired (see ``lms.ratelimit``).
    """

    key = models.CharField(max_length=80, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")

    def __str__(self):
        return f"{self.key}: {self.hits}"
