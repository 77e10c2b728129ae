"""Cutting a batch's tagged PDF into per-person files and joining batches for
printing: every file keeps a structure tree that matches its pages."""

import dataclasses
import io

import pikepdf
import pytest
from weasyprint import HTML

from certificates import pdfpages, rendering

from .pdftext import reader_of

pytestmark = pytest.mark.django_db


def _batch(template, names):
    sample = rendering.sample_values(template)
    values = [dataclasses.replace(sample, participant=name) for name in names]
    document = rendering.render_document(template, values)
    return pdfpages.TaggedSource.open(rendering.write_merged(document))


def _articles(data):
    """(article's page number, text of that page) for each /Art element, in order,
    checking that each page's /StructParents key is in the file's /ParentTree."""
    reader = reader_of(data)
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document"
    page_numbers = {
        page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)
    }
    nums = tree["/ParentTree"]["/Nums"]
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    assert {int(page["/StructParents"]) for page in reader.pages} == keys
    # Articles sit under the /Document, or (in a joined file) under one /Part
    # per batch.
    parents = [(tree.raw_get("/K")[0], document)]
    if document["/K"][0].get_object()["/S"] == "/Part":
        parents = [(ref, ref.get_object()) for ref in document["/K"]]
        for _, part in parents:
            assert part["/S"] == "/Part"
            assert part.raw_get("/P").idnum == tree.raw_get("/K")[0].idnum
    found = []
    for parent_ref, parent in parents:
        for ref in parent["/K"]:
            article = ref.get_object()
            assert article["/S"] == "/Art"
            assert article.raw_get("/P").idnum == parent_ref.idnum
            n = page_numbers[article.raw_get("/Pg").idnum]
            found.append((n, reader.pages[n].extract_text()))
    return found


def test_split_gives_each_person_a_tagged_file_of_their_own_page(
    certificate_template,
):
    names = ["Anaïs Baptiste", "Nguyễn Thị Mai"]
    titles = [f"Certificate: {name}" for name in names]
    source = _batch(certificate_template, names)
    try:
        files = pdfpages.split(source, titles)
    finally:
        source.close()

    assert len(files) == 2
    for data, name, title in zip(files, names, titles, strict=True):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert pdf.check_pdf_syntax() == []
        reader = reader_of(data)
        assert len(reader.pages) == 1
        assert reader.metadata.title == title
        assert reader.trailer["/Root"]["/Lang"] == "en"
        [(page, text)] = _articles(data)
        assert page == 0 and name in text
    # The other person's page is not carried along inside the file.
    assert "Nguyễn" not in reader_of(files[0]).pages[0].extract_text()


def test_join_keeps_every_page_and_its_tags_in_order(certificate_template):
    first = _batch(certificate_template, ["Ana Baptiste", "Ben Charles", "Cleo Dupont"])
    second = _batch(certificate_template, ["Dev Edwards", "Eve Francis"])
    try:
        data = pdfpages.join([first, second], title="Certificates: Saint Lucia")
    finally:
        first.close()
        second.close()

    # A well-formed file: qpdf finds nothing wrong with its syntax or xref.
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
    reader = reader_of(data)
    assert reader.metadata.title == "Certificates: Saint Lucia"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    articles = _articles(data)
    assert [page for page, _ in articles] == [0, 1, 2, 3, 4]
    names = ["Ana Baptiste", "Ben Charles", "Cleo Dupont", "Dev Edwards", "Eve Francis"]
    for (_, text), name in zip(articles, names, strict=True):
        assert name in text


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a pdf at all",
        HTML(string="<p>Untagged</p>").write_pdf(),
    ],
    ids=["empty", "garbage", "untagged"],
)
def test_files_without_tags_are_refused_clearly(data):
    with pytest.raises(pdfpages.UntaggedPDF):
        pdfpages.TaggedSource.open(data)


def test_joining_nothing_is_refused():
    with pytest.raises(ValueError, match="No pages"):
        pdfpages.join([])
