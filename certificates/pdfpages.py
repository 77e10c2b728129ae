"""Cutting and joining the tagged PDFs WeasyPrint writes, keeping their tags.

WeasyPrint lays out a batch of certificates once and writes one tagged PDF
(PDF/UA-1): a /Document structure element holding one /Art element per page,
and a /ParentTree that maps each page's /StructParents key to the structure
elements of its marked content. This module builds new tagged PDFs from pages
of such files: one file per person (`split`), or the whole cohort for printing
(`join`). Each new file gets a structure tree holding exactly its pages'
articles, renumbered, so a screen reader reads it as it read the original.

pikepdf (qpdf) reads the source; `TaggedWriter` writes the new file itself,
object by object, so joining a cohort of any size needs the memory of one
batch. Figures are in docs/decisions/0004-certificate-rendering.md.

A page can carry an associated file (PDF 2.0 / PDF/A-3 style): the person's
signed credential, as an embedded file whose file specification is listed in
the page's /AF, the catalog's /AF and the /EmbeddedFiles name tree. A page
copied from a file that already has one keeps it, so a cohort's merged PDF
holds every person's credential.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name


class UntaggedPDF(ValueError):
    """The PDF has no structure tree of the shape WeasyPrint writes."""


class Attachment(NamedTuple):
    """A file to embed with a page: name, bytes, media type, what it is."""

    name: str
    data: bytes
    media_type: str = "application/ld+json"
    description: str = ""
    relationship: str = "/Alternative"


def _pdf_string(text: str) -> bytes:
    return pikepdf.String(text).unparse()


def attachments_of(data: bytes) -> dict[str, bytes]:
    """The embedded files of a PDF by name (empty for an unreadable file)."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return {
                name: spec.get_file().read_bytes()
                for name, spec in pdf.attachments.items()
            }
    except pikepdf.PdfError:
        return {}


@dataclass
class TaggedSource:
    """A tagged PDF opened for copying pages out of it."""

    pdf: pikepdf.Pdf
    articles: list
    marked: dict

    @classmethod
    def open(cls, data: bytes) -> "TaggedSource":
        try:
            pdf = pikepdf.open(io.BytesIO(data))
        except pikepdf.PdfError as error:
            raise UntaggedPDF("The file is not a readable PDF") from error
        try:
            tree = pdf.Root.StructTreeRoot
            kids = tree.K
            document = kids[0] if isinstance(kids, Array) else kids
            articles = list(document.K)
            nums = tree.ParentTree.Nums
        except (AttributeError, KeyError, IndexError) as error:
            pdf.close()
            raise UntaggedPDF("The PDF has no structure tree to carry over") from error
        if len(articles) != len(pdf.pages):
            pdf.close()
            raise UntaggedPDF(
                "The PDF's structure tree does not have one article a page"
            )
        marked = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        return cls(pdf=pdf, articles=articles, marked=marked)

    def close(self) -> None:
        self.pdf.close()


def _refs(numbers) -> bytes:
    return b" ".join(b"%d 0 R" % n for n in numbers)


class _SourceCopy:
    """Serialises objects of one source PDF with new object numbers: every
    indirect object reached is given the writer's next number and queued."""

    def __init__(self, writer: "TaggedWriter", excluded=frozenset()):
        self.writer = writer
        # Objects of the source that are not carried over (its page tree, its
        # structure tree root, pages not copied): a reference to one becomes null.
        self.excluded = excluded
        self.numbers: dict[tuple[int, int], int] = {}
        self.queue: list = []

    def number(self, obj) -> int:
        key = obj.objgen
        if key not in self.numbers:
            self.numbers[key] = self.writer.new_number()
            self.queue.append(obj)
        return self.numbers[key]

    def value(self, obj) -> bytes:
        """An object as it appears inside another: indirect ones by reference."""
        if isinstance(obj, bool):
            return b"true" if obj else b"false"
        if isinstance(obj, int):
            return b"%d" % obj
        if isinstance(obj, Decimal):
            return format(obj, "f").encode()
        if obj is None:
            return b"null"
        if obj.is_indirect:
            if obj.objgen in self.excluded:
                return b"null"
            return b"%d 0 R" % self.number(obj)
        return self.body(obj)

    def body(self, obj, replace: dict[str, bytes] | None = None) -> bytes:
        """An object's own text; `replace` gives new values for dictionary keys."""
        is_stream = isinstance(obj, pikepdf.Stream)
        if is_stream or isinstance(obj, Dictionary):
            replace = replace or {}
            items = obj.stream_dict.items() if is_stream else obj.items()
            parts = [b"<<"]
            for key, item in items:
                if key not in replace:
                    parts += [Name(key).unparse(), self.value(item)]
            for key, item in replace.items():
                parts += [Name(key).unparse(), item]
            parts.append(b">>")
            return b" ".join(parts)
        if isinstance(obj, Array):
            return b"[" + b" ".join(self.value(item) for item in obj) + b"]"
        return obj.unparse()  # names, strings: no references inside

    def write(self, obj, number: int, replace: dict[str, bytes] | None = None):
        if isinstance(obj, pikepdf.Stream):
            raw = obj.read_raw_bytes()
            head = self.body(obj, {**(replace or {}), "/Length": b"%d" % len(raw)})
            self.writer.write_object(
                number, head + b"\nstream\n" + raw + b"\nendstream"
            )
        else:
            self.writer.write_object(number, self.body(obj, replace))


class TaggedWriter:
    """Writes pages of tagged sources into one new tagged PDF, streaming.

    Copying pages with qpdf keeps every source open and every copied object in
    memory until the file is saved (about 6 MB per batch of 30 pages). This
    writer serialises the pages of each source, with the resources and
    structure elements they use, as soon as the source is added, and keeps only
    object numbers. With `parts`, each source's articles go under a /Part of
    the new /Document (a joined cohort); without, straight under the /Document
    (one person's file). The file is PDF 1.7 with a classic cross-reference
    table; content streams, fonts and images keep WeasyPrint's compression.
    """

    # Written last, since they list every page: fixed numbers, known in advance.
    CATALOG, PAGES, STRUCT_ROOT, DOCUMENT, PARENT_TREE, INFO, METADATA = range(1, 8)

    def __init__(self, out, title: str | None = None, *, parts: bool = True):
        self.out = out
        self.title = title
        self.offsets: dict[int, int] = {}
        self.next_number = self.METADATA + 1
        self.page_numbers: list[int] = []
        self.parts = parts
        self.kids: list[int] = []  # of the /Document element
        self.parent_tree: list[bytes] = []
        self.catalog_extra = b""
        self.embedded: list[tuple[str, int]] = []  # (file name, filespec number)
        self.info = b"<<>>"
        self.start = out.tell()
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def new_number(self) -> int:
        self.next_number += 1
        return self.next_number - 1

    def write_object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.out.tell() - self.start
        self.out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def _write_attachment(self, attachment: Attachment) -> int:
        """Write an embedded file and its file specification; the spec's number."""
        stream, spec = self.new_number(), self.new_number()
        subtype = Name("/" + attachment.media_type).unparse()
        self.write_object(
            stream,
            b"<< /Type /EmbeddedFile /Subtype %s /Length %d /Params << /Size %d >> >>"
            b"\nstream\n%s\nendstream"
            % (subtype, len(attachment.data), len(attachment.data), attachment.data),
        )
        name = _pdf_string(attachment.name)
        self.write_object(
            spec,
            b"<< /Type /Filespec /F %s /UF %s /EF << /F %d 0 R /UF %d 0 R >>"
            b" /AFRelationship %s /Desc %s >>"
            % (
                name,
                name,
                stream,
                stream,
                attachment.relationship.encode(),
                _pdf_string(attachment.description or attachment.name),
            ),
        )
        self.embedded.append((attachment.name, spec))
        return spec

    def _take_document_values(self, source: TaggedSource, copy: _SourceCopy) -> None:
        """Language, XMP metadata and document info, from the first source."""
        root = source.pdf.Root
        if "/Lang" in root:
            self.catalog_extra += b" /Lang " + root.Lang.unparse()
        if "/Metadata" in root:
            copy.write(root.Metadata, self.METADATA)
            self.catalog_extra += b" /Metadata %d 0 R" % self.METADATA
        info = source.pdf.trailer.get("/Info")
        if info is not None:
            title = (
                {"/Title": pikepdf.String(self.title).unparse()} if self.title else {}
            )
            self.info = copy.body(info, title)

    def add(
        self,
        source: TaggedSource,
        pages: Iterable[int] | None = None,
        attachments: list[Attachment | None] | None = None,
    ) -> None:
        """Write the given pages of `source` (all of them by default), each with
        its attachment if one is given; the source may be closed afterwards."""
        indices = range(len(source.pdf.pages)) if pages is None else list(pages)
        attachments = attachments or [None] * len(indices)
        root = source.pdf.Root
        copy = _SourceCopy(
            self,
            excluded={
                root.objgen,
                root.Pages.objgen,
                root.StructTreeRoot.objgen,
                *(article.P.objgen for article in source.articles[:1]),
                *(
                    page.obj.objgen
                    for index, page in enumerate(source.pdf.pages)
                    if index not in indices
                ),
            },
        )
        if not self.page_numbers:
            self._take_document_values(source, copy)
        parent = self.DOCUMENT
        if self.parts:
            parent = self.new_number()
            self.kids.append(parent)
        # What must change in the copies: pages hang from the new page tree with
        # new /StructParents keys; articles hang from the new structure tree.
        replace = {}
        articles = []
        for index, attachment in zip(indices, attachments, strict=True):
            page = source.pdf.pages[index].obj
            key = len(self.page_numbers)
            self.page_numbers.append(copy.number(page))
            replace[page.objgen] = {
                "/Parent": b"%d 0 R" % self.PAGES,
                "/StructParents": b"%d" % key,
            }
            if attachment is not None:
                spec = self._write_attachment(attachment)
                replace[page.objgen]["/AF"] = b"[%d 0 R]" % spec
            elif "/AF" in page:
                for spec in page.AF:
                    self.embedded.append(
                        (str(spec.get("/UF", spec.F)), copy.number(spec))
                    )
            article = source.articles[index]
            articles.append(copy.number(article))
            replace[article.objgen] = {"/P": b"%d 0 R" % parent}
            marked = source.marked[int(page.StructParents)]
            self.parent_tree.append(b"%d %s" % (key, copy.value(marked)))
        while copy.queue:
            obj = copy.queue.pop()
            copy.write(obj, copy.numbers[obj.objgen], replace.get(obj.objgen))
        if self.parts:
            self.write_object(
                parent,
                b"<< /Type /StructElem /S /Part /P %d 0 R /K [%s] >>"
                % (self.DOCUMENT, _refs(articles)),
            )
        else:
            self.kids.extend(articles)

    def finish(self) -> None:
        """Write the catalog, page tree, structure tree and cross-reference table."""
        if not self.page_numbers:
            raise ValueError("No pages to write")

        count = len(self.page_numbers)
        if self.embedded:
            # A name tree's keys are sorted.
            names = b" ".join(
                b"%s %d 0 R" % (_pdf_string(name), number)
                for name, number in sorted(self.embedded)
            )
            self.catalog_extra += (
                b" /Names << /EmbeddedFiles << /Names [%s] >> >>" % names
            )
            self.catalog_extra += b" /AF [%s]" % _refs(n for _, n in self.embedded)
        objects = {
            self.CATALOG: b"<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R"
            b" /MarkInfo << /Marked true >>"
            b" /ViewerPreferences << /DisplayDocTitle true >>%s >>"
            % (self.PAGES, self.STRUCT_ROOT, self.catalog_extra),
            self.PAGES: b"<< /Type /Pages /Kids [%s] /Count %d >>"
            % (_refs(self.page_numbers), count),
            self.STRUCT_ROOT: b"<< /Type /StructTreeRoot /K [%d 0 R]"
            b" /ParentTree %d 0 R /ParentTreeNextKey %d >>"
            % (self.DOCUMENT, self.PARENT_TREE, count),
            self.DOCUMENT: b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>"
            % (self.STRUCT_ROOT, _refs(self.kids)),
            self.PARENT_TREE: b"<< /Nums [%s] >>" % b" ".join(self.parent_tree),
            self.INFO: self.info,
        }
        for number, body in objects.items():
            self.write_object(number, body)
        xref_at = self.out.tell() - self.start
        size = self.next_number
        entries = [b"0000000000 65535 f \n"]
        for number in range(1, size):
            offset = self.offsets.get(number)
            entries.append(
                b"0000000000 65535 f \n"
                if offset is None
                else b"%010d 00000 n \n" % offset
            )
        self.out.write(b"xref\n0 %d\n%s" % (size, b"".join(entries)))
        self.out.write(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, self.CATALOG, self.INFO, xref_at)
        )


def split(
    source: TaggedSource,
    titles: list[str] | None = None,
    attachments: list[Attachment | None] | None = None,
) -> list[bytes]:
    """One tagged PDF per page of `source`, titled from `titles` and carrying
    `attachments` if given."""
    files = []
    for index in range(len(source.pdf.pages)):
        buffer = io.BytesIO()
        writer = TaggedWriter(buffer, titles[index] if titles else None, parts=False)
        writer.add(source, [index], [attachments[index]] if attachments else None)
        writer.finish()
        files.append(buffer.getvalue())
    return files


def join(sources: Iterable[TaggedSource], title: str | None = None) -> bytes:
    """Every page of every source, in order, as one tagged PDF."""
    buffer = io.BytesIO()
    writer = TaggedWriter(buffer, title)
    for source in sources:
        writer.add(source)
    writer.finish()
    return buffer.getvalue()
