"""Closing WeasyPrint's tagging gaps: page furniture becomes artifacts (PDF/UA-1, 7.1), split elements one again.

WeasyPrint 70 draws the text of page-margin boxes (running heads, footers, page
numbers) as marked content that no structure element owns (WeasyPrint issue 1836):
screen readers would read "Page 1 of 6" in the middle of the text.
`draw_margin_boxes_as_artifacts` has WeasyPrint draw them as `/Artifact` sequences.
WeasyPrint also splits an element that runs over a page break into one element per page:
`join_page_fragments` makes it one again.
"""

from __future__ import annotations

import itertools
from typing import Any

import pikepdf

_PATCHED: set[str] = set()
"""The changes made to WeasyPrint in this process: each is made once (`note_the_source_of_each_element`, ...)."""


def reachable_elements(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """The structure elements reachable from the StructTreeRoot, as object ids."""
    tree = pdf.Root.get("/StructTreeRoot")
    found: set[tuple[int, int]] = set()
    if tree is None:
        return found
    stack = [tree.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.objgen in found:
                continue
            found.add(node.objgen)
            stack.append(node.get("/K"))
    return found


def owned_mcids(
    pdf: pikepdf.Pdf, page: pikepdf.Page, reachable: set[tuple[int, int]], parents: dict[int, Any] | None = None
) -> set[int]:
    """MCIDs on `page` owned (through the ParentTree) by an element reachable from the root.

    `parents` is the ParentTree read once (`parent_tree`), for a caller asking of every page.
    """
    key = page.obj.get("/StructParents")
    if parents is None:
        parents = parent_tree(pdf)
    if key is None:
        return set()
    owners = parents.get(int(key))
    if not isinstance(owners, pikepdf.Array):
        return set()
    return {
        mcid for mcid, owner in enumerate(owners) if isinstance(owner, pikepdf.Dictionary) and owner.objgen in reachable
    }


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, Any]:
    """The structure tree's ParentTree as a dict: StructParents key -> the elements owning each MCID."""
    return {key: nums[index] for key, (nums, index) in _parent_tree_slots(pdf).items()}


def _parent_tree_slots(pdf: pikepdf.Pdf) -> dict[int, tuple[Any, int]]:
    """Where each ParentTree entry is held: its key -> (the number tree's /Nums array, the index of its value)."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree:
        return {}
    found: dict[int, tuple[Any, int]] = {}
    nodes = [tree.ParentTree]
    while nodes:
        node = nodes.pop()
        if "/Nums" in node:
            nums = node.Nums
            for index in range(0, len(nums), 2):
                found[int(nums[index])] = (nums, index + 1)
        nodes.extend(node.get("/Kids", []))
    return found


def draw_margin_boxes_as_artifacts() -> None:
    """Have WeasyPrint draw each page-margin box (running head, footer, page number) as one artifact.

    Inside it, nothing is marked as content for the structure tree, so no marked content is
    left that no element owns. Done once per process, at drawing time: rewriting the finished
    PDF's content streams instead took a tenth of each PDF's time. WeasyPrint is pinned, and
    the tests read the tags of every built PDF (`tests/pdf_inspection.py`).
    """
    from weasyprint import draw
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags as weasyprint_tags

    if "margin boxes" in _PATCHED:
        return
    _PATCHED.add("margin boxes")
    draw_context = draw.draw_stacking_context
    build = weasyprint_tags._build_box_tree

    def building(box: Any, *rest: Any) -> Any:
        # WeasyPrint builds a structure tree for each margin box, linked to nothing, to account for
        # the content it marked there; drawn as an artifact, there is none to account for.
        if isinstance(box, boxes.MarginBox):
            return iter(())
        return build(box, *rest)

    def drawing(stream: Any, stacking_context: Any) -> None:
        if not isinstance(stacking_context.box, boxes.MarginBox) or stream._tags is None:
            draw_context(stream, stacking_context)
            return
        with stream.artifact():
            tags, stream._tags = stream._tags, None  # no marked content inside an artifact
            try:
                draw_context(stream, stacking_context)
            finally:
                stream._tags = tags

    draw.draw_stacking_context = drawing
    weasyprint_tags._build_box_tree = building


SOURCE_KEY = "/SenLeafletsSource"
"""Noted on each structure element while WeasyPrint tags a document: the HTML element it was made for.
`join_page_fragments` reads it, then takes it out again."""
_SOURCE_ATTRIBUTE = "data-sen-leaflets-source"


def note_the_source_of_each_element() -> None:
    """Have WeasyPrint note, on each structure element it makes, the HTML element it was made for.

    WeasyPrint makes the structure tree one page at a time, so an element that runs onto
    the next page (a list, its item, the section around it) becomes one element per page:
    a screen reader announces two lists (WeasyPrint issues 2902 and 2903). The notes let
    `join_page_fragments` make them one again. Done once per process; WeasyPrint is pinned,
    and the tests read the structure of every built PDF.
    """
    from weasyprint.pdf import tags as weasyprint_tags

    if "sources" in _PATCHED:
        return
    _PATCHED.add("sources")
    build = weasyprint_tags._build_box_tree
    numbers = itertools.count(1)

    def noting(box: Any, parent: Any, *rest: Any) -> Any:
        source = getattr(box, "element", None)
        for element in build(box, parent, *rest):
            # Children made by the recursion are noted already; this box's own element is not.
            if source is not None and SOURCE_KEY[1:] not in element:
                if _SOURCE_ATTRIBUTE not in source.attrib:
                    source.set(_SOURCE_ATTRIBUTE, str(next(numbers)))
                element[SOURCE_KEY[1:]] = int(source.get(_SOURCE_ATTRIBUTE))
            yield element

    weasyprint_tags._build_box_tree = noting


def join_page_fragments(pdf: pikepdf.Pdf) -> None:
    """Make each element that WeasyPrint split at page breaks one element again, then drop the notes.

    A fragment on a later page joins the last fragment of the same HTML element and role:
    its children move there, in order, and the ParentTree follows them.
    """
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    slots = _parent_tree_slots(pdf)
    page_keys: dict[tuple[int, int], int] = {
        page.obj.objgen: int(page.obj.StructParents) for page in pdf.pages if "/StructParents" in page.obj
    }
    last: dict[tuple[int, str], pikepdf.Dictionary] = {}

    def visit(element: Any) -> None:
        kids = element.get("/K")
        source = element.get(SOURCE_KEY)
        if source is not None:
            key = (int(source), str(element.S))
            earlier = last.get(key)
            if earlier is not None and earlier.get("/Pg") is not None and earlier.Pg.objgen != element.Pg.objgen:
                _move_children(pdf, element, earlier, slots, page_keys)
                _remove_child(element.P, element)
            else:
                last[key] = element
        for kid in list(kids) if isinstance(kids, pikepdf.Array) else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid)

    for top in list(tree.K) if isinstance(tree.K, pikepdf.Array) else [tree.K]:
        visit(top)
    for element_id in reachable_elements(pdf):
        element = pdf.get_object(element_id)
        if SOURCE_KEY in element:
            del element[SOURCE_KEY]


def _move_children(
    pdf: pikepdf.Pdf,
    fragment: pikepdf.Dictionary,
    whole: pikepdf.Dictionary,
    slots: dict[int, tuple[Any, int]],
    page_keys: dict[tuple[int, int], int],
) -> None:
    kids = fragment.get("/K")
    moved = pikepdf.Array(whole.K) if isinstance(whole.K, pikepdf.Array) else pikepdf.Array([whole.K])
    for kid in list(kids) if isinstance(kids, pikepdf.Array) else []:
        if isinstance(kid, int):  # pikepdf gives a PDF integer as an int
            # Marked content of the fragment's page: now named with its page, and owned by `whole`.
            moved.append(pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=fragment.Pg, MCID=kid)))
            slot = slots.get(page_keys.get(fragment.Pg.objgen, -1))
            owners = slot[0][slot[1]] if slot else None
            if isinstance(owners, pikepdf.Array) and kid < len(owners):
                owners[kid] = whole
            continue
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            slot = slots.get(int(kid.Obj.get("/StructParent", -1)))
            if slot:
                nums, index = slot
                nums[index] = whole  # the link's annotation is owned by `whole` now
        elif isinstance(kid, pikepdf.Dictionary):
            kid.P = whole
        moved.append(kid)
    whole.K = moved


def _remove_child(parent: Any, child: pikepdf.Dictionary) -> None:
    kids = parent.get("/K")
    if isinstance(kids, pikepdf.Array):
        parent.K = pikepdf.Array(
            [kid for kid in kids if not (isinstance(kid, pikepdf.Dictionary) and kid.objgen == child.objgen)]
        )
