"""Closing WeasyPrint's tagging gaps: page furniture becomes artifacts (PDF/UA-1, 7.1), split elements one again.

WeasyPrint 70 draws the text of page-margin boxes (running heads, footers, page
numbers) as marked content that no structure element owns (WeasyPrint issue 1836):
screen readers would read "Page 1 of 6" in the middle of the text.
`draw_margin_boxes_as_artifacts` has WeasyPrint draw them as `/Artifact` sequences.
WeasyPrint also splits an element that runs over a page break into one element per page:
`join_elements_split_by_pages` has it make one.
"""

from __future__ import annotations

from typing import Any

_PATCHED: set[str] = set()
"""The changes made to WeasyPrint in this process: each is made once (`join_elements_split_by_pages`, ...)."""


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


def join_elements_split_by_pages() -> None:
    """Have WeasyPrint make an element that runs over a page break one structure element, not one per page.

    WeasyPrint makes the structure tree one page at a time, so an element that runs onto
    the next page (a list, its item, the section around it) becomes one element per page:
    a screen reader announces two lists (WeasyPrint issues 2902 and 2903). As each element is
    made, a fragment on a later page of the same HTML element and role joins the last one
    made before: its children move there, in order, and the ParentTree and link annotations
    follow them. Done once per process, while WeasyPrint writes its structure tree: a pass
    over the finished PDF instead (open, join, save again) took a tenth of each PDF's time.
    WeasyPrint is pinned, and the tests read the structure of every built PDF.
    """
    from weasyprint.pdf import tags as weasyprint_tags

    if "joins" in _PATCHED:
        return
    _PATCHED.add("joins")
    build = weasyprint_tags._build_box_tree
    document: dict[str, Any] = {"pdf": None}

    def joining(box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any, tags: Any) -> Any:
        if document["pdf"] is not pdf:  # a new PDF: nothing made yet
            document.update(pdf=pdf, last={}, seen=set())
        last: dict[tuple[Any, str], Any] = document["last"]
        seen: set[int] = document["seen"]
        source = getattr(box, "element", None)
        for element in build(box, parent, pdf, page_number, nums, annotations, tags):
            if id(element) in seen or source is None:
                # Made for a box inside this one (WeasyPrint passes the children of html and body up).
                yield element
                continue
            seen.add(id(element))
            earlier = last.get((source, element["S"]))
            if earlier is not None and earlier["Pg"] != element["Pg"]:
                _join(pdf, element, earlier, nums, annotations)
                continue
            last[(source, element["S"])] = element
            yield element

    weasyprint_tags._build_box_tree = joining


def _join(pdf: Any, fragment: Any, whole: Any, nums: dict[int, Any], annotations: list[Any]) -> None:
    """Move `fragment`'s children to the end of `whole` (made on an earlier page), then empty `fragment`.

    `nums` maps the fragment's page's MCIDs to their owners; `annotations` pairs each link
    annotation with its owner. Both are WeasyPrint's, still being filled.
    """
    import pydyf

    for kid in fragment["K"]:
        if isinstance(kid, int):
            # Marked content on the fragment's page: named with its page, and owned by `whole`.
            reference = pydyf.Dictionary({"Type": "/MCR", "Pg": fragment["Pg"], "MCID": kid})
            pdf.add_object(reference)
            whole["K"].append(reference.reference)
            nums[kid] = whole.reference
            continue
        child = pdf.objects[int(kid.split()[0])]
        if child.get("Type") == "/OBJR":
            annotations[:] = [
                (whole.reference if owner == fragment.reference else owner, annotation)
                for owner, annotation in annotations
            ]
        else:
            child["P"] = whole.reference
        whole["K"].append(kid)
    # The fragment stays in the file (objects are numbered by position), as an empty dictionary that
    # nothing refers to.
    fragment.clear()
