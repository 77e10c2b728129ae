"""StreamField blocks for lessons: one set, combined into LessonStreamBlock."""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from lms import roles

PREVIEW_TEMPLATE = "blocks/preview.html"
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingLevel(models.TextChoices):
    H2 = "h2", _("Section heading")
    H3 = "h3", _("Sub-heading")


class CalloutKind(models.TextChoices):
    NOTE = "note", _("Note")
    WARNING = "warning", _("Warning")
    DO_NO_HARM = "do_no_harm", _("Do no harm")


class IndicatorContext(models.TextChoices):
    GENERAL = "general", _("General indicators")
    LABOUR = "labour", _("Labour exploitation")
    SEXUAL = "sexual", _("Sexual exploitation")
    DOMESTIC = "domestic", _("Domestic servitude")


def _field_errors(**errors: str) -> StructBlockValidationError:
    return StructBlockValidationError(
        block_errors={
            name: ValidationError(message) for name, message in errors.items()
        }
    )


# ---------------------------------------------------------------------------
# Video: embedded from YouTube (privacy-enhanced) or Vimeo, without a network call
# ---------------------------------------------------------------------------

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def video_embed_url(url: str) -> str | None:
    """The privacy-friendly player address for a YouTube or Vimeo link, or None."""
    try:
        parts = urlparse((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/")
    video_id = None
    if host == "youtu.be":
        video_id = path.split("/")[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if path == "watch":
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif path.startswith(("embed/", "shorts/", "live/")):
            video_id = path.split("/")[1]
    elif host in ("vimeo.com", "player.vimeo.com"):
        number = path.removeprefix("video/").split("/")[0]
        if number.isdigit():
            return f"https://player.vimeo.com/video/{number}?dnt=1"
        return None
    if video_id and _YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


# ---------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------


class HeadingBlock(blocks.StructBlock):
    """A section heading or sub-heading inside a lesson."""

    text = blocks.CharBlock(max_length=200, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=HeadingLevel.choices, default=HeadingLevel.H2, label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        form_classname = "struct-block heading-block"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "Signs that call for a closer look", "level": "h2"}
        description = _("A heading that divides the lesson into sections.")


class ParagraphBlock(blocks.RichTextBlock):
    """Running text with bold, italic, links and lists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "<p>Trafficking has three parts: an <b>act</b>, a <b>means</b> and a "
            "<b>purpose</b> of exploitation. For a child, the means are not needed.</p>"
        )
        description = _("Paragraphs of text, with lists and links.")


class ImageBlock(blocks.StructBlock):
    """An image with a required text alternative and an optional caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Text alternative"),
        help_text=_(
            "What the image shows, for people who cannot see it. "
            "Read aloud by screen readers."
        ),
    )
    caption = blocks.CharBlock(max_length=300, required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "image": None,
            "alt_text": "A map of the referral network",
            "caption": "Who refers to whom, from first contact to long-term support.",
        }
        description = _("A picture or diagram, described for screen readers.")


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video, played from the privacy-enhanced player once the
    participant asks for it: until then the page loads nothing from that host."""

    url = blocks.URLBlock(
        label=_("Video address"),
        help_text=_("A YouTube or Vimeo link, e.g. https://www.youtube.com/watch?v=…"),
    )
    title = blocks.CharBlock(
        max_length=200,
        label=_("Title"),
        help_text=_("Names the player for screen-reader users."),
    )
    transcript = blocks.TextBlock(
        required=False,
        label=_("Transcript"),
        help_text=_("A transcript or summary, for people who cannot play video."),
    )

    def clean(self, value):
        value = super().clean(value)
        if video_embed_url(value.get("url")) is None:
            raise _field_errors(
                url=_(
                    "Use a YouTube or Vimeo video address; other sites cannot be "
                    "played inside a lesson."
                )
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        embed_url = video_embed_url(value.get("url"))
        context["embed_url"] = embed_url
        # Named on the button: nothing is fetched from it until it is pressed.
        host = urlparse(embed_url or "").hostname or ""
        context["embed_host"] = host.removeprefix("www.")
        return context

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": "A first conversation with a person who may be a victim",
            "transcript": "A short role play of a first, careful conversation.",
        }
        description = _("A video from YouTube or Vimeo, with a transcript.")


class DocumentBlock(blocks.StructBlock):
    """A document to download, such as a referral form or a procedure."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        max_length=200,
        required=False,
        label=_("Title"),
        help_text=_("Shown as the link text; the document's own title if empty."),
    )
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "document": None,
            "title": "Referral form (template)",
            "description": "Fill in only what the receiving agency needs to know.",
        }
        description = _("A file participants can download.")


class CalloutBlock(blocks.StructBlock):
    """A short boxed message: a note, a warning, or a "do no harm" reminder."""

    kind = blocks.ChoiceBlock(
        choices=CalloutKind.choices, default=CalloutKind.NOTE, label=_("Kind")
    )
    title = blocks.CharBlock(max_length=200, required=False, label=_("Title"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = CalloutKind(value.get("kind") or "note").label
        return context

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "kind": "do_no_harm",
            "title": "Safety first",
            "text": "<p>Never question a person where their exploiter can see or "
            "hear them.</p>",
        }
        description = _('A note, a warning or a "do no harm" reminder.')


class CaseStudyBlock(blocks.StructBlock):
    """A scenario with discussion questions; facilitator notes reach only facilitators."""

    title = blocks.CharBlock(max_length=200, label=_("Title"))
    scenario = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Scenario"))
    discussion_questions = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Question")),
        min_num=1,
        label=_("Discussion questions"),
    )
    facilitator_notes = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        required=False,
        label=_("Facilitator notes"),
        help_text=_(
            "Shown only to facilitators and administrators, never to participants."
        ),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        context["show_facilitator_notes"] = bool(value.get("facilitator_notes")) and (
            roles.is_facilitator(user) or roles.is_administrator(user)
        )
        return context

    def get_searchable_content(self, value):
        # Facilitator notes stay out of the search index, so a participant's
        # search can never reveal them.
        return (
            self.child_blocks["title"].get_searchable_content(value.get("title"))
            + self.child_blocks["scenario"].get_searchable_content(
                value.get("scenario")
            )
            + self.child_blocks["discussion_questions"].get_searchable_content(
                value.get("discussion_questions")
            )
        )

    class Meta:
        icon = "group"
        template = "blocks/case_study.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "A domestic worker at the clinic",
            "scenario": "<p>A woman brings her employer's child to the clinic. "
            "The employer answers every question for her.</p>",
            "discussion_questions": [
                "Which indicators do you notice?",
                "How could you speak with her alone, safely?",
            ],
            "facilitator_notes": "<p>Draw out: someone else speaks for her.</p>",
        }
        description = _("A scenario for discussion, with notes for facilitators.")


class IndicatorChecklistBlock(blocks.StructBlock):
    """A list of indicators of trafficking that a practitioner can tick through."""

    title = blocks.CharBlock(max_length=200, label=_("Title"))
    context = blocks.ChoiceBlock(
        choices=IndicatorContext.choices,
        default=IndicatorContext.GENERAL,
        label=_("Kind of indicators"),
    )
    introduction = blocks.TextBlock(required=False, label=_("Introduction"))
    indicators = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Indicator")),
        min_num=1,
        label=_("Indicators"),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["context_label"] = IndicatorContext(
            value.get("context") or "general"
        ).label
        context["checklist_id"] = (parent_context or {}).get("block_id") or "preview"
        return context

    class Meta:
        icon = "list-ul"
        template = "blocks/indicator_checklist.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "General indicators",
            "context": "general",
            "introduction": "No single sign proves trafficking; several together "
            "call for a careful conversation.",
            "indicators": [
                "Someone else holds the person's identity documents.",
                "The person owes a debt they cannot pay off.",
                "Someone else speaks for the person.",
            ],
        }
        description = _("Indicators a practitioner can tick off one by one.")


class KeyTakeawaysBlock(blocks.StructBlock):
    """The few points a participant should remember from the lesson."""

    # The default is the text stored in a new block, which its editor may change.
    title = blocks.CharBlock(max_length=200, default="Key takeaways", label=_("Title"))
    points = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Point")),
        min_num=1,
        label=_("Points"),
    )

    class Meta:
        icon = "pick"
        template = "blocks/key_takeaways.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Key takeaways",
            "points": [
                "Consent is irrelevant once deception or force was used.",
                "For a child, the means are not needed.",
            ],
        }
        description = _("A short list of what to remember.")


class ReferralContactBlock(blocks.StructBlock):
    """An agency in the referral network: its role and how to reach it."""

    agency = blocks.CharBlock(max_length=200, label=_("Agency"))
    role = blocks.TextBlock(
        label=_("Role in the referral network"),
        help_text=_("What this agency does for a presumed victim, and when."),
    )
    focal_point = blocks.CharBlock(
        max_length=200,
        required=False,
        label=_("Focal point"),
        help_text=_("A named person or desk."),
    )
    phone = blocks.CharBlock(max_length=50, required=False, label=_("Phone"))
    email = blocks.EmailBlock(required=False, label=_("Email"))
    website = blocks.URLBlock(required=False, label=_("Website"))
    address = blocks.TextBlock(required=False, label=_("Address"))
    hours = blocks.CharBlock(
        max_length=200, required=False, label=_("When to reach them")
    )

    def clean(self, value):
        value = super().clean(value)
        if not any(
            value.get(name) for name in ("phone", "email", "website", "address")
        ):
            raise _field_errors(
                phone=_(
                    "Give at least one way to reach this agency: a phone number, "
                    "an email, a website or an address."
                )
            )
        return value

    class Meta:
        icon = "user"
        template = "blocks/referral_contact.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "agency": "National Anti-Trafficking Unit",
            "role": "Receives every referral of a presumed victim and calls the "
            "case meeting within 24 hours.",
            "focal_point": "Duty officer",
            "phone": "+1 758 000 0000",
            "email": "referrals@example.org",
            "website": "",
            "address": "",
            "hours": "Day and night",
        }
        description = _("An agency's contact card for the referral network.")


class LessonStreamBlock(blocks.StreamBlock):
    """Every block a lesson body may use."""

    heading = HeadingBlock(label=_("Heading"))
    paragraph = ParagraphBlock(label=_("Paragraph"))
    image = ImageBlock(label=_("Image"))
    video = VideoBlock(label=_("Video"))
    document = DocumentBlock(label=_("Document"))
    callout = CalloutBlock(label=_("Callout"))
    case_study = CaseStudyBlock(label=_("Case study"))
    indicator_checklist = IndicatorChecklistBlock(label=_("Indicator checklist"))
    key_takeaways = KeyTakeawaysBlock(label=_("Key takeaways"))
    referral_contact = ReferralContactBlock(label=_("Referral contact"))
