"""Reading a built PDF's accessibility facts with pikepdf: structure, outline, fonts, marked content."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf


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
    """The structure tree's ParentTree as a dict: a StructParents key -> the elements owning each MCID
    (a page's), or the element owning an annotation."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree:
        return {}
    found: dict[int, Any] = {}
    nodes = [tree.ParentTree]
    while nodes:
        node = nodes.pop()
        nums = node.get("/Nums", [])
        found.update((int(nums[index]), nums[index + 1]) for index in range(0, len(nums), 2))
        nodes.extend(node.get("/Kids", []))
    return found


PATH_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
"""Path-ending operators that make marks. `n` ends a path (a clip) without painting anything."""
PAINTING = PATH_PAINTING | {"Tj", "TJ", "'", '"', "Do", "sh", "INLINE IMAGE"}


@dataclass
class StructureElement:
    role: str
    alt: str | None
    children: list[StructureElement] = field(default_factory=list)
    object_refs: list[Any] = field(default_factory=list)
    """Annotations (links) this element owns, via OBJR."""

    def walk(self) -> Iterator[StructureElement]:
        yield self
        for child in self.children:
            yield from child.walk()


def structure_tree(pdf: pikepdf.Pdf) -> StructureElement:
    root = pdf.Root.StructTreeRoot

    def build(node: Any) -> StructureElement | None:
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if node.get("/Type") == "/OBJR":
            return None
        element = StructureElement(str(node.get("/S", "/?"))[1:], _text(node.get("/Alt")))
        kids = node.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else ([kids] if kids is not None else [])
        for kid in items:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                element.object_refs.append(kid.Obj)
                continue
            child = build(kid)
            if child is not None:
                element.children.append(child)
        return element

    top = StructureElement("StructTreeRoot", None)
    kids = root.K
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        child = build(kid)
        if child is not None:
            top.children.append(child)
    return top


def misparented_elements(pdf: pikepdf.Pdf) -> list[str]:
    """Roles of structure elements whose /P is not the element (or root) that lists them among its kids."""
    found: list[str] = []
    stack = [(pdf.Root.StructTreeRoot, kid) for kid in kids_of(pdf.Root.StructTreeRoot)]
    while stack:
        parent, node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        if node.get("/P") is None or node.P.objgen != parent.objgen:
            found.append(str(node.S))
        stack.extend((node, kid) for kid in kids_of(node))
    return found


def empty_elements(pdf: pikepdf.Pdf) -> list[str]:
    """Roles of structure elements, reachable from the root, that hold nothing at all."""
    found: list[str] = []
    stack = kids_of(pdf.Root.StructTreeRoot)
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            kids = kids_of(node)
            if not kids:
                found.append(str(node.S))
            stack.extend(kids)
    return found


def kids_of(node: Any) -> list[Any]:
    """A structure element's /K as a list (it may be one kid, or none)."""
    kids = node.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else ([kids] if kids is not None else [])


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_outline() as outline:
        titles: list[str] = []

        def walk(items: list[Any]) -> None:
            for item in items:
                titles.append(str(item.title))
                walk(item.children)

        walk(outline.root)
    return titles


def fonts(pdf: pikepdf.Pdf) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font used on any page, descendant fonts included."""
    found: dict[str, bool] = {}
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            targets = list(font.get("/DescendantFonts", [])) or [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                found[str(target.BaseFont)] = embedded
    return sorted(found.items())


@dataclass
class MarkedContentReport:
    unowned_mcids: list[tuple[int, int]]
    """(page, MCID) marked as structure content but owned by no element."""
    painting_outside: list[tuple[int, str]]
    """(page, operator) painting outside any marked-content sequence."""
    pages_with_artifact_text: set[int]
    """Pages that show text inside /Artifact sequences (their page furniture)."""


def marked_content(pdf: pikepdf.Pdf) -> MarkedContentReport:
    report = MarkedContentReport([], [], set())
    reachable = reachable_elements(pdf)
    for number, page in enumerate(pdf.pages, start=1):
        owned = owned_mcids(pdf, page, reachable)
        stack: list[str] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in {"BDC", "BMC"}:
                tag = str(operands[0])
                stack.append(tag)
                if name == "BDC" and tag != "/Artifact":
                    properties = operands[1]
                    mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                    if mcid is not None and int(mcid) not in owned:
                        report.unowned_mcids.append((number, int(mcid)))
            elif name == "EMC":
                stack.pop()
            elif name in PAINTING and not stack:
                report.painting_outside.append((number, name))
            elif name in {"Tj", "TJ"} and stack and stack[-1] == "/Artifact":
                report.pages_with_artifact_text.add(number)
    return report


_MARKER = re.compile(r"[•◦▪\u2013-]|[0-9]+\.|[a-z]\.|[ivxlc]+\.")
"""A list item's marker: WeasyPrint draws it beside its item, not always in the item's reading order."""


def reading_order_inversions(path: Path) -> list[tuple[str, str]]:
    """Pairs of text, one after the other in the structure tree (what a screen reader reads), that the
    pages draw the other way round: nothing, when the tree reads as the page does. List markers aside."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        tree_order: list[tuple[int, int]] = []

        def walk(node: Any) -> None:
            for kid in kids_of(node):
                if isinstance(kid, int):
                    tree_order.append((pages[node.Pg.objgen], kid))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    tree_order.append((pages[kid.Pg.objgen], int(kid.MCID)))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        drawn: list[tuple[int, int]] = []
        for number, page in enumerate(pdf.pages):
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    drawn.append((number, int(operands[1].MCID)))
    texts: dict[tuple[int, int], str] = {}
    with pdfplumber.open(path) as plumbed:
        for number, page in enumerate(plumbed.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (number, char["mcid"])
                    texts[key] = texts.get(key, "") + char["text"]
    rank = {key: index for index, key in enumerate(drawn)}
    read = [key for key in tree_order if key in rank and texts.get(key, "").strip()]
    read = [key for key in read if not _MARKER.fullmatch(texts[key].strip())]
    return [(texts[a], texts[b]) for a, b in itertools.pairwise(read) if rank[b] < rank[a]]
