"""Split a tagged WeasyPrint PDF into one tagged PDF per page.

WeasyPrint draws each page once for the merged PDF; cutting that file into
pages is cheaper than drawing every page again. pypdf copies a page but not
the structure tree that makes the PDF readable by screen readers, so this
module carries over the page's own part of it: WeasyPrint tags each
certificate as an /Art element under one /Document element, with the page's
marked content listed in the /ParentTree under the page's /StructParents key.
"""

import io

import pypdf
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

_P = NameObject("/P")
_K = NameObject("/K")


def _struct_children(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    if not isinstance(kids, ArrayObject):
        kids = [kids]
    return [k for k in kids if hasattr(k, "get_object")]


def _relink_parents(element_ref, parent_ref) -> None:
    """Set /P on a cloned structure subtree (cloning leaves /P out)."""
    stack = [(element_ref, parent_ref)]
    while stack:
        ref, parent = stack.pop()
        element = ref.get_object()
        if not isinstance(element, DictionaryObject) or "/S" not in element:
            continue
        element[_P] = parent
        stack.extend((kid, ref) for kid in _struct_children(element))


def split_tagged_pdf(data: bytes, titles: list[str] | None = None) -> list[bytes]:
    """One PDF per page of `data`, each keeping its structure tree, language and metadata."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"].get_object()
    document = (
        tree["/K"][0].get_object()
        if isinstance(tree["/K"], ArrayObject)
        else tree["/K"].get_object()
    )
    articles = document["/K"]
    nums = tree["/ParentTree"].get_object()["/Nums"]
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    out = []
    for index, page in enumerate(reader.pages):
        writer = pypdf.PdfWriter()
        new_page = writer.add_page(page)
        key = int(page["/StructParents"])
        article = articles[index].clone(writer, ignore_fields=("/P",))
        marked = parent_tree[key].clone(writer, ignore_fields=("/P",))
        doc_element = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                _K: ArrayObject([article]),
            }
        )
        doc_ref = writer._add_object(doc_element)
        struct_root = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                _K: ArrayObject([doc_ref]),
                NameObject("/ParentTree"): writer._add_object(
                    DictionaryObject(
                        {NameObject("/Nums"): ArrayObject([NumberObject(key), marked])}
                    )
                ),
                NameObject("/ParentTreeNextKey"): NumberObject(key + 1),
            }
        )
        struct_ref = writer._add_object(struct_root)
        doc_element[_P] = struct_ref
        _relink_parents(article, doc_ref)
        new_page[NameObject("/StructParents")] = NumberObject(key)
        catalog = writer._root_object
        catalog[NameObject("/StructTreeRoot")] = struct_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )
        if "/Lang" in root:
            catalog[NameObject("/Lang")] = TextStringObject(str(root["/Lang"]))
        catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)}
        )
        if "/Metadata" in root:
            catalog[NameObject("/Metadata")] = root["/Metadata"].clone(writer)
        if titles:
            writer.add_metadata({"/Title": titles[index]})
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out
