"""Each lesson block's HTML, the facilitator notes rule, and block validation."""

import pytest
from django.core.exceptions import ValidationError

from courses.blocks import (
    LessonStreamBlock,
    ReferralContactBlock,
    VideoBlock,
    video_embed_url,
)
from courses.models import LessonPage
from tests import factories
from tests.courses.conftest import every_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_lesson(course, image, document) -> LessonPage:
    module = course.get_children().first()
    lesson = LessonPage(title="Every block", body=every_block(image, document))
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    return lesson


def _html(client, user, lesson) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(lesson.url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_block_renders_semantic_html(client, rich_lesson, participant):
    html = _html(client, participant, rich_lesson)
    assert '<h2 class="lesson-heading">Recognising the signs</h2>' in html
    assert "Trafficking has <b>three elements</b>." in html
    # Image: the editor's text alternative and caption.
    assert 'alt="Map of agencies"' in html
    assert "<figcaption>Who refers</figcaption>" in html
    # Video: privacy-enhanced player, titled for screen readers, with transcript.
    assert 'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in html
    assert 'title="A first conversation"' in html
    assert "<summary>Transcript</summary>" in html
    # Document: a download link named after the document, with its type.
    assert "Referral form" in html
    assert "Download (TXT" in html
    assert "/documents/" in html
    # Callout.
    assert (
        'class="callout callout--do_no_harm" aria-label="Do no harm: Safety first"'
        in html
    )
    # Case study: scenario and questions.
    assert "The worker at the clinic" in html
    assert "<li>Which indicators do you notice?</li>" in html
    # Indicator checklist: labelled checkboxes and a live region.
    assert '<label for="indicator-' in html
    assert "Someone else holds the documents" in html
    assert 'aria-live="polite"' in html
    # Key takeaways and the referral contact card.
    assert "<li>Consent is irrelevant</li>" in html
    assert '<h3 class="contact-card__agency">Anti-Trafficking Unit</h3>' in html
    assert 'href="tel:+17580000000"' in html
    assert 'href="mailto:unit@example.org"' in html
    assert " style=" not in html
    assert "<script>" not in html


def test_facilitator_notes_never_reach_a_participant(client, rich_lesson, participant):
    html = _html(client, participant, rich_lesson)
    assert "SECRET-NOTE" not in html
    assert "Facilitator notes" not in html


def test_facilitator_notes_never_reach_an_anonymous_reader(client, rich_lesson):
    assert "SECRET-NOTE" not in _html(client, None, rich_lesson)


def test_facilitator_sees_the_notes(client, rich_lesson, facilitator):
    html = _html(client, facilitator, rich_lesson)
    assert "SECRET-NOTE: someone speaks for her." in html
    assert "Only facilitators and administrators see these notes." in html


def test_administrator_sees_the_notes(client, rich_lesson, administrator):
    assert "SECRET-NOTE" in _html(client, administrator, rich_lesson)


def test_facilitator_notes_stay_out_of_the_search_index(rich_lesson):
    content = LessonStreamBlock().get_searchable_content(rich_lesson.body)
    text = " ".join(content)
    assert "The worker at the clinic" in text
    assert "SECRET-NOTE" not in text


def test_every_block_has_a_template_and_a_preview():
    for name, block in LessonStreamBlock().child_blocks.items():
        assert block.meta.template == f"blocks/{name}.html", name
        assert block.is_previewable, name
        assert block.get_description(), name


def test_block_previews_render_in_the_admin(client, administrator):
    client.force_login(administrator)
    stream_block = LessonPage._meta.get_field("body").stream_block
    for name, block in stream_block.child_blocks.items():
        response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        assert "css/courses.css" in response.content.decode(), name
    callout = stream_block.child_blocks["callout"]
    html = client.get("/admin/block-preview/", {"id": callout.definition_prefix})
    assert "Never question a person where their exploiter" in html.content.decode()
    case = stream_block.child_blocks["case_study"]
    html = client.get("/admin/block-preview/", {"id": case.definition_prefix})
    # The administrator writing the course sees the notes in the preview.
    assert "Draw out: someone else speaks for her." in html.content.decode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        ("https://youtu.be/aqz-KE-bpKQ", "youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        (
            "https://www.youtube.com/embed/aqz-KE-bpKQ",
            "youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        ("https://vimeo.com/76979871", "player.vimeo.com/video/76979871"),
        ("https://example.org/video.mp4", None),
        ("javascript:alert(1)", None),
        ("https://www.youtube.com/watch?v=", None),
        ("not a url", None),
    ],
)
def test_video_embed_url(url, expected):
    result = video_embed_url(url)
    if expected is None:
        assert result is None
    else:
        assert expected in result


def test_video_block_rejects_other_sites_with_a_clear_message():
    block = VideoBlock()
    value = block.to_python(
        {"url": "https://example.org/clip.mp4", "title": "Clip", "transcript": ""}
    )
    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert "Use a YouTube or Vimeo video address" in str(
        caught.value.block_errors["url"]
    )


def test_referral_contact_needs_a_way_to_reach_the_agency():
    block = ReferralContactBlock()
    value = block.to_python(
        {"agency": "Shelter", "role": "Safe accommodation", "phone": "", "email": ""}
    )
    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert "at least one way to reach this agency" in str(
        caught.value.block_errors["phone"]
    )


def test_image_block_requires_alt_text(image):
    from courses.blocks import ImageBlock

    block = ImageBlock()
    value = block.to_python({"image": image.pk, "alt_text": "", "caption": ""})
    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert "alt_text" in caught.value.block_errors


def test_facilitator_of_another_role_only_participant_gets_no_notes(
    client, rich_lesson
):
    # A person with no role at all (e.g. a signed-in account awaiting a role).
    nobody = factories.UserFactory(role=None)
    assert "SECRET-NOTE" not in _html(client, nobody, rich_lesson)
