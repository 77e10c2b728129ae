"""Files: no bare /media/ route, Wagtail images streamed to the public in
production, documents through Django, upload limits, rich-text link schemes."""

import json
import os
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_like(settings, tmp_path):
    """Files on disk and DEBUG off, as in the documented production set-up."""
    settings.DEBUG = False
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _png(name="cover.png", size=(64, 48)) -> ImageFile:
    buffer = BytesIO()
    PILImage.new("RGB", size, "#0b5563").save(buffer, format="PNG")
    return ImageFile(buffer, name=name)


def test_a_course_cover_rendition_reaches_anyone(client):
    image = Image.objects.create(title="Cover", file=_png())
    rendition = image.get_rendition("fill-480x270")
    assert rendition.url.startswith("/media/images/")

    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\x89PNG")
    assert "public" in response["Cache-Control"]


def test_an_original_image_is_only_for_the_admin(client, participant, administrator):
    image = Image.objects.create(title="Signature", file=_png("signature.png"))
    url = image.file.url
    assert client.get(url).status_code == 404
    client.force_login(participant)
    assert client.get(url).status_code == 404
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_other_stored_files_are_never_served_from_media(client, administrator):
    default_storage.save("certificates/1/someone.pdf", ContentFile(b"%PDF-1.7"))
    default_storage.save("roster-imports/1/abc.csv", ContentFile(b"name,email"))
    client.force_login(administrator)
    for url in (
        "/media/certificates/1/someone.pdf",
        "/media/roster-imports/1/abc.csv",
        "/media/images/../certificates/1/someone.pdf",
        "/media/images/not-a-rendition.png",
    ):
        assert client.get(url).status_code == 404, url


def test_documents_are_served_by_django_and_respect_private_collections(
    client, administrator
):
    public = Document.objects.create(
        title="Referral form", file=ContentFile(b"Referral form\n", name="form.txt")
    )
    response = client.get(public.url)
    assert public.url.startswith("/documents/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Referral form\n"
    assert "attachment" in response["Content-Disposition"]

    private = Collection.get_first_root_node().add_child(name="Facilitators only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    hidden = Document.objects.create(
        title="Notes",
        file=ContentFile(b"notes", name="notes.txt"),
        collection=private,
    )
    response = client.get(hidden.url)
    assert response.status_code == 302
    assert "/sign-in/" in response.url or "login" in response.url
    client.force_login(administrator)
    assert client.get(hidden.url).status_code == 200


def test_an_image_over_the_limit_is_refused_with_its_size(client, administrator):
    client.force_login(administrator)
    # Noise does not compress: a 1,400 × 1,400 PNG of it is over 5 MB.
    noise = PILImage.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    buffer = BytesIO()
    noise.save(buffer, format="PNG")
    assert buffer.tell() > 5 * 1024 * 1024
    upload = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Big", "file": upload}
    )
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not Image.objects.filter(title="Big").exists()


def test_image_and_document_limits_are_set():
    from django.conf import settings

    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 5 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_a_document_over_the_limit_or_of_another_type_is_refused(client, administrator):
    client.force_login(administrator)
    url = reverse("wagtaildocs:add")
    response = client.post(
        url,
        {
            "title": "Too big",
            "file": SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * (10 * 1024 * 1024)),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert "This file is too big" in response.content.decode()
    response = client.post(
        url,
        {
            "title": "A page",
            "file": SimpleUploadedFile("page.html", b"<script>alert(1)</script>"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert "not a valid" in response.content.decode() or "extension" in (
        response.content.decode()
    )
    assert not Document.objects.filter(title__in=["Too big", "A page"]).exists()


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://www.unodc.org/", True),
        ("http://example.org/", True),
        ("mailto:referrals@example.org", True),
        ("tel:+17584567890", False),
        ("ftp://example.org/file", False),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
    ],
)
def test_rich_text_links_keep_only_http_https_and_mailto(url, kept):
    from wagtail.rich_text import features

    features.get_default_features()  # Wagtail's hooks run (lms narrows the schemes)
    converter = ContentstateConverter(features=["link"])
    contentstate = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "text": "Referral",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 8, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
        },
    }
    html = converter.to_database_format(json.dumps(contentstate))
    assert (f'href="{url}"' in html) is kept
    assert "Referral" in html
