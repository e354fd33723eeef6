"""Closing WeasyPrint's tagging gaps: page furniture becomes artifacts (PDF/UA-1, 7.1), split elements one
again, and every link annotation is held by a Link element (7.18.5).

WeasyPrint 70 draws the text of page-margin boxes (running heads, footers, page
numbers) as marked content that no structure element owns (WeasyPrint issue 1836):
screen readers would read "Page 1 of 6" in the middle of the text.
`draw_margin_boxes_as_artifacts` has WeasyPrint draw them as `/Artifact` sequences.
WeasyPrint also splits an element that runs over a page break into one element per page, and
leaves the annotations of a link's bold words to the words' element: `mend_the_structure_tree`
has it make one element, and the Link hold every annotation of its link.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pydyf

_PATCHED: set[str] = set()
"""The changes made to WeasyPrint in this process: each is made once (`mend_the_structure_tree`, ...)."""


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


def mend_the_structure_tree() -> None:
    """Have WeasyPrint's structure tree read as the page does, one element for each thing a reader meets.

    WeasyPrint makes the structure tree one page at a time, so an element that runs onto
    the next page (a list, its item, the section around it) becomes one element per page:
    a screen reader announces two lists (WeasyPrint issues 2902 and 2903); a link is one
    element per line, and its bold words and the "(page 7)" printed after it have elements
    and annotations of their own. When a page's elements are made, `_Joiner` joins each part
    to the part before, top down, in reading order (its children move there, in order, and
    the ParentTree and link annotations follow them), has each Link hold its annotations, and
    leaves out elements holding nothing. Done once per process, while WeasyPrint writes its
    structure tree: a pass over the finished PDF instead (open, join, save again) took a tenth
    of each PDF's time. WeasyPrint is pinned, and the tests read the structure and reading
    order of every built PDF.
    """
    from weasyprint.css import AnonymousStyle
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags as weasyprint_tags

    if "structure" in _PATCHED:
        return
    _PATCHED.add("structure")
    build = weasyprint_tags._build_box_tree
    current: list[_Joiner] = []

    def joining(box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any, tags: Any) -> Any:
        if not current or current[0].pdf is not pdf:  # a new PDF
            current[:] = [_Joiner(pdf)]
        joiner = current[0]
        made = build(box, parent, pdf, page_number, nums, annotations, tags)
        if not isinstance(box, boxes.PageBox):
            yield from joiner.noted(made, getattr(box, "element", None), isinstance(box.style, AnonymousStyle))
            return
        # The whole page is made: only now can a part join its earlier part top down, so that what
        # it holds keeps its place (a link's last line before the "(page 7)" printed after it).
        page = list(made)
        joiner.hold_annotations_in_links(annotations)
        for element in page:
            if not joiner.joined(element, nums, annotations):
                yield element

    weasyprint_tags._build_box_tree = joining


_WRAPPERS = frozenset({"/NonStruct", "/Span"})
"""Roles that say nothing of their own: one holding nothing is left out."""
_INLINE = frozenset({"/Link", "/Span", "/NonStruct"})
"""Roles of elements that WeasyPrint makes once for each line they are on: a link that wraps would be announced as
a link on every line, and one inside bold words (a NonStruct for each line) could not be joined."""
_CONTAINERS = frozenset({"/Sect", "/Div", "/BlockQuote", "/Part", "/Art"})
"""Roles of elements that hold paragraphs, which loose text inside them may be wrapped in."""


class _Joiner:
    """One PDF's structure elements as WeasyPrint makes them: the HTML element each was made for,
    and the last part made of each HTML element in each role, for a part on a later page to join."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.sources: dict[int, Any] = {}
        self.last: dict[tuple[Any, str], Any] = {}
        self.annotations_seen = 0

    def noted(self, made: Iterable[Any], source: Any, anonymous: bool = False) -> Iterator[Any]:
        """`made`, each element noted as made for `source`, unless a box inside this one made it
        (WeasyPrint passes the elements of html's and body's children up).

        An `anonymous` box wrapping loose text in a section, a box or a quotation (a line straight after
        a `<div>` in a block) is given its container's role by WeasyPrint, which a screen reader would
        announce as a section or a quotation inside the first: it is a paragraph, and never joined, as
        each run of loose text is a paragraph of its own.
        """
        for element in made:
            if id(element) in self.sources:
                yield element
                continue
            if anonymous and element["S"] in _CONTAINERS and self._object(element["P"]).get("S") == element["S"]:
                element["S"], source = "/P", None
            self.sources[id(element)] = source
            yield element

    def joined(
        self, element: Any, nums: dict[int, Any], annotations: list[Any], around: frozenset[Any] = frozenset()
    ) -> bool:
        """Join `element` to its part before (on an earlier page, or the line before: `_continues`), if it has one,
        then each element inside it; True when `element` was joined, or is a wrapper left holding nothing (a `<br>`
        in an address): it is then taken out of what holds it, and left as an empty dictionary.

        `around` holds the (HTML element, role) of the elements around this one. WeasyPrint gives the box
        it wraps loose text in (a line straight inside a section or a quotation) its container's element
        and role: such a box is never the part that the container's next part joins.
        """
        kids = list(element["K"])
        source = self.sources.get(id(element))
        key = (source, element["S"]) if source is not None else None
        earlier = self.last.get(key) if key is not None else None
        whole = earlier if earlier is not None and self._continues(earlier, element) else None
        if whole is not None:
            self._move_children(element, whole, nums, annotations)
        elif key is not None and key not in around:
            self.last[key] = element
        inside = around | {key} if key is not None else around
        for kid in kids:
            child = self._object(kid)
            if child is not None and "S" in child:
                self.joined(child, nums, annotations, inside)
        if whole is None and key in around and element["S"] in _INLINE:
            # Made for a pseudo-element of the element around it (the "(page 7)" printed after a link to a
            # section): one Link inside another would be announced as a second link. Its content is the outer's.
            self._unwrap(element, nums, annotations)
            return True
        if whole is None and (element["K"] or element["S"] not in _WRAPPERS):
            return False
        if key is not None and self.last.get(key) is element:
            del self.last[key]  # a wrapper left holding nothing: no later part joins it
        holder = self._object(element["P"])
        if holder is not None:  # an element of the page itself is not held yet: WeasyPrint adds what is kept
            holder["K"] = pydyf.Array(kid for kid in holder["K"] if kid != element.reference)
        # It stays in the file (objects are numbered by position), as an empty dictionary nothing refers to.
        element.clear()
        return True

    def _unwrap(self, element: Any, nums: dict[int, Any], annotations: list[Any]) -> None:
        """Put `element`'s children in its place in what holds it, then empty it."""
        holder = self._object(element["P"])
        place = list(holder["K"]).index(element.reference)
        before = len(holder["K"])
        self._move_children(element, holder, nums, annotations)
        moved = list(holder["K"])[before:]
        rest = [kid for kid in list(holder["K"])[:before] if kid != element.reference]
        holder["K"] = pydyf.Array(rest[:place] + moved + rest[place:])
        element.clear()

    def _continues(self, earlier: Any, element: Any) -> bool:
        """Whether `element` is the next part of `earlier` (made for the same HTML element, in the same role):
        a part on a later page, or the next line of a link or span that wraps, held beside it."""
        if earlier["Pg"] != element["Pg"]:
            return True
        if element["S"] not in _INLINE or earlier["P"] != element["P"]:
            return False
        kids = list(self._object(element["P"])["K"])
        return kids.index(element.reference) == kids.index(earlier.reference) + 1

    def hold_annotations_in_links(self, annotations: list[Any]) -> None:
        """Have the Link element around it hold each link annotation made since the last call.

        WeasyPrint gives a link's bold words, and each line after a `<br>` in it, an annotation of their
        own, held by that text's element (a NonStruct or a Span): PDF/UA (7.18.5) asks for every link
        annotation to be held by a Link element, which a screen reader announces as a link.
        """
        for index in range(self.annotations_seen, len(annotations)):
            owner_reference, annotation = annotations[index]
            owner = link = self._object(owner_reference)
            while link is not None and link.get("S") != "/Link":
                link = self._object(link.get("P"))
            if link is None or link is owner:
                continue
            for kid in owner["K"]:
                held = self._object(kid)
                if held is not None and held.get("Type") == "/OBJR" and held["Obj"] == annotation.reference:
                    owner["K"] = pydyf.Array(other for other in owner["K"] if other != kid)
                    link["K"].append(kid)
                    annotations[index] = (link.reference, annotation)
                    break
        self.annotations_seen = len(annotations)

    def _object(self, kid: Any) -> Any:
        """The object a kid refers to (b"12 0 R"), or None for a marked-content number."""
        return self.pdf.objects[int(kid.split()[0])] if isinstance(kid, bytes) else None

    def _move_children(self, fragment: Any, whole: Any, nums: dict[int, Any], annotations: list[Any]) -> None:
        """Move `fragment`'s children to the end of `whole`. `nums` maps the fragment's page's MCIDs to their
        owners; `annotations` pairs each link annotation with its owner: both WeasyPrint's, still being filled."""
        for kid in fragment["K"]:
            if isinstance(kid, int):
                # Marked content of the fragment's page, owned by `whole`: named with its page if `whole`'s is another.
                if whole["Pg"] == fragment["Pg"]:
                    whole["K"].append(kid)
                else:
                    reference = pydyf.Dictionary({"Type": "/MCR", "Pg": fragment["Pg"], "MCID": kid})
                    self.pdf.add_object(reference)
                    whole["K"].append(reference.reference)
                nums[kid] = whole.reference
                continue
            child = self._object(kid)
            if child.get("Type") == "/OBJR":
                annotations[:] = [
                    (whole.reference if owner == fragment.reference else owner, annotation)
                    for owner, annotation in annotations
                ]
            else:
                child["P"] = whole.reference
            whole["K"].append(kid)
