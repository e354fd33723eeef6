"""A leaflet's sanitised HTML as Word paragraphs: headings, lists, quotations, links and the contact panel.

Section HTML holds only what `compose.sanitise.POLICY` allows; each element becomes what
Word has for it:

- a section's title is Heading 1 (the leaflet's title is the cover's Title, which Word's
  navigation pane leaves out), its sub-headings Heading 2 and below, never more than one
  level below the heading before (a block may skip a level: Word's outline may not);
- lists are in Word's list styles (List Bullet, List Number, their level 2 and 3 styles), and
  every numbered list is a list instance of its own, so it counts from 1 (or its `start`);
- web, email and phone links are hyperlinks to their address; a link to another section or
  heading is a hyperlink to a bookmark on that section's or heading's paragraph;
- Code of Practice quotations (and any quotation) are in the Quote style with their citation,
  kept on one page; the contact panel is a box kept on one page, after a "Contact us" heading
  where it ends the leaflet (as on paper's back page), or captioned "Contact us" elsewhere;
- bold stays bold, and emphasis is bold too (the house style never uses italics).

Text is written as HTML shows it: runs of white space are one space, and none starts or
ends a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from xml.etree.ElementTree import Element

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ...compose.contact import PANEL_CLASS
from ...compose.html_tree import parse_fragment, text_of
from ...compose.leaflet import ComposedLeaflet, ComposedSection
from .ooxml import (
    RUN_ORDER,
    ListNumbering,
    bookmark,
    borders,
    element,
    external_hyperlink,
    indent,
    internal_hyperlink,
    language,
    numbered,
    paragraph_properties,
    put,
    run_properties,
    xml_text,
)
from .styles import LIST_STEP_TWIPS, QUOTE_INDENT_TWIPS

BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "div", "dl", "dt", "dd",
                    "hr"})  # fmt: skip
"""Elements that are paragraphs, or hold paragraphs; every other element is part of a line of text."""
HEADING = re.compile(r"h([1-6])")
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
"""What HTML counts as white space (and shows as one space)."""
LINK_SCHEMES = ("https:", "http:", "mailto:", "tel:")
EMPHASIS = frozenset({"strong", "b", "em", "i"})
MAX_LIST_STYLE_LEVEL = 3
"""Word's list styles go to level 5, python-docx's template has 3: deeper lists are set at level 3."""
PANEL_PADDING_TWIPS = 170
"""How far the contact panel's text sits inside the page margin, so that its box stays within it."""
PANEL_BORDER = (16, 4)
"""The contact panel's box: 2 pt (in eighths of a point), 4 pt from the text."""
CONTACT_US = "Contact us"
START_LIMIT = 32767
"""The highest number a Word list may start at."""


@dataclass(frozen=True)
class Format:
    """How a run of text looks: set by the elements round it."""

    bold: bool = False
    subscript: bool = False
    superscript: bool = False
    language: str | None = None
    colour: str | None = None
    """'RRGGBB', for the cover's band only: everything else is in its style's colour."""
    size_pt: int | None = None

    def inside(self, node: Element) -> Format:
        """The format of the text inside `node`."""
        return replace(
            self,
            bold=self.bold or node.tag in EMPHASIS,
            subscript=self.subscript or node.tag == "sub",
            superscript=self.superscript or node.tag == "sup",
            language=node.get("lang") or self.language,
        )


@dataclass(frozen=True)
class ListStyle:
    """A list being written: its paragraphs' styles, and its own numbering (for a numbered list)."""

    style: str
    continue_style: str
    """For a list item's later paragraphs: List Continue, at the item's indent, without a bullet."""
    num_id: int | None
    level: int


class Item:
    """A list item: its first paragraph carries the bullet or number, the rest continue it."""

    def __init__(self, list_style: ListStyle) -> None:
        self.list = list_style
        self.started = False

    def next_style(self) -> tuple[str, int | None, bool]:
        """The next paragraph's style, its list instance (for the first) and whether it is the first."""
        if self.started:
            return self.list.continue_style, None, False
        self.started = True
        return self.list.style, self.list.num_id, True


@dataclass(frozen=True)
class Place:
    """Where the paragraphs being written sit, which decides their style and what surrounds them."""

    quote: bool = False
    """Inside a quotation: the Quote style, or its indents."""
    panel: bool = False
    """Inside the contact panel: in its box."""
    depth: int = 0
    """How many lists deep."""
    list_style: ListStyle | None = None
    item: Item | None = None
    headings: bool = True
    """False on the cover: a heading before the title would break the outline; it is written in bold."""
    keep: list[Paragraph] | None = None
    """The paragraphs kept on one page with the next: a quotation, the contact panel."""
    indent_twips: int = 0
    """Further indent: a definition (dd)."""


@dataclass
class _Open:
    """The paragraph being written."""

    paragraph: Paragraph
    place: Place
    bookmark: str | None = None
    last_run: Run | None = None
    after_space: bool = True
    """The text so far ends with a space or a line break (or there is none): a space now would be a second."""
    written: bool = False
    links: list[Any] = field(default_factory=list)


def bookmark_names(sections: Sequence[ComposedSection], trees: Sequence[Element]) -> dict[tuple[str, str | None], str]:
    """The bookmark of each section ((id, None)) and heading ((section id, heading id)) that links may lead to.

    Word's bookmark names are at most 40 letters, digits and underscores, starting with a letter:
    'S3_graduated_approach' for the third section, 'H3_2_review' for its second heading with an id.
    A section's first heading is the section's own bookmark.
    """
    names: dict[tuple[str, str | None], str] = {}
    for number, (section, tree) in enumerate(zip(sections, trees, strict=True), start=1):
        names.setdefault((section.id, None), _bookmark_name(f"S{number}", section.id))
        headings = [node for node in tree.iter() if HEADING.fullmatch(str(node.tag)) and node.get("id")]
        for index, heading in enumerate(headings, start=1):
            key = (section.id, heading.get("id"))
            if index == 1 and _section_title(tree) is heading:
                names.setdefault(key, names[(section.id, None)])
            else:
                names.setdefault(key, _bookmark_name(f"H{number}_{index}", heading.get("id", "")))
    return names


def _bookmark_name(prefix: str, words: str) -> str:
    readable = re.sub(r"[^A-Za-z0-9]+", "_", words).strip("_")
    return f"{prefix}_{readable}"[:40].rstrip("_")


def _section_title(tree: Element) -> Element | None:
    """The section's title: the h1 its HTML starts with."""
    first = next(iter(tree), None)
    if first is not None and first.tag == "h1" and not (tree.text or "").strip():
        return first
    return None


class BodyWriter:
    """Writes paragraphs at the end of a document: the cover's lines, then the leaflet's sections."""

    def __init__(self, document: Document, leaflet: ComposedLeaflet) -> None:
        self.document = document
        self.leaflet = leaflet
        self.trees = [parse_fragment(section.html) for section in leaflet.sections]
        self.bookmarks = bookmark_names(leaflet.sections, self.trees)
        self.numbering = ListNumbering(document.part.numbering_part.element, document.styles.element)
        self.next_bookmark_id = 0
        self.section_id: str | None = None
        self.level = 0
        """The outline level of the last heading written."""
        self.open: _Open | None = None
        self.in_link: Any = None
        """The hyperlink element the text being written goes in."""
        self.end = document.element.body.find(qn("w:sectPr"))
        """The body's closing section properties: every paragraph goes before them."""
        self.style_ids: dict[str, str] = {}
        self.relationships: dict[str, str] = {}
        """The relationship of each web, email and phone address linked to, by address: one each."""
        self.relationship_number = 1

    # Paragraphs and text, for the cover and the sections alike.

    def start(self, place: Place | None = None, style: str | None = None, bookmark: str | None = None) -> Paragraph:
        """A new paragraph at the end of the document, in `style` or the one `place` gives."""
        self.finish()
        place = place or Place()
        first_of_item = False
        level = 0
        num_id = None
        if style is None and place.item is not None:
            style, num_id, first_of_item = place.item.next_style()
            level = place.item.list.level
        elif style is None:
            style = "Quote" if place.quote else "Normal"
        paragraph = self._paragraph(style)
        if not style.startswith("Heading"):
            self._decorate(paragraph, place, style, level, num_id, first_of_item)
        if place.keep is not None:
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.keep_together = True
            place.keep.append(paragraph)
        self.open = _Open(paragraph, place, bookmark)
        return paragraph

    def _paragraph(self, style: str) -> Paragraph:
        """A new paragraph in `style`, before the document's closing section properties.

        Made here rather than with python-docx's `add_paragraph`, which looks the style up among
        all 160 of the template's and the end of the body up among all its paragraphs, every time.
        """
        p = element("w:p")
        if style != "Normal":
            if style not in self.style_ids:
                self.style_ids[style] = self.document.styles[style].style_id
            properties = element("w:pPr")
            properties.append(element("w:pStyle", {"w:val": self.style_ids[style]}))
            p.append(properties)
        self.end.addprevious(p)
        return Paragraph(p, self.document)

    def _decorate(
        self, paragraph: Paragraph, place: Place, style: str, level: int, num_id: int | None, first_of_item: bool
    ) -> None:
        """A list paragraph's numbering; the indents of a quotation, the box of the contact panel."""
        if num_id is None and not (place.quote or place.panel or place.indent_twips):
            return
        ppr = paragraph_properties(paragraph._p)
        if num_id is not None:
            numbered(ppr, num_id)
        left = (QUOTE_INDENT_TWIPS if place.quote else 0) + (PANEL_PADDING_TWIPS if place.panel else 0)
        left += place.indent_twips
        if left and style != "Quote":
            left += LIST_STEP_TWIPS * level
            hanging = LIST_STEP_TWIPS if first_of_item else 0
            right = QUOTE_INDENT_TWIPS if place.quote else PANEL_PADDING_TWIPS if place.panel else 0
            indent(ppr, left, hanging, right)
        if place.panel:
            borders(ppr, ["top", "left", "bottom", "right"], *PANEL_BORDER, self.panel_colour)

    panel_colour = "000000"
    """The contact panel's box: the headings' colour (set by the renderer)."""

    def text(self, text: str, fmt: Format | None = None, place: Place | None = None) -> None:
        """`text` at the end of the open paragraph (one is started for text that is more than white space)."""
        # A form feed is white space in HTML, and a character XML cannot hold: a space, before the others go.
        collapsed = WHITESPACE.sub(" ", xml_text(text.replace("\f", " ")))
        if self.open is None:
            if not collapsed.strip(" "):
                return
            self.start(place or Place())
        assert self.open is not None
        if self.open.after_space and collapsed.startswith(" "):
            collapsed = collapsed[1:]
        if not collapsed:
            return
        run = self._run(collapsed, fmt or Format())
        self.open.last_run = run
        self.open.after_space = collapsed.endswith(" ")
        self.open.written = True

    def _run(self, text: str, fmt: Format) -> Run:
        assert self.open is not None
        run = self.open.paragraph.add_run(text)
        if fmt.bold:
            run.bold = True
        if fmt.subscript:
            run.font.subscript = True
        elif fmt.superscript:
            run.font.superscript = True
        if fmt.colour is not None:
            run.font.color.rgb = RGBColor.from_string(fmt.colour)
        if fmt.size_pt is not None:
            run.font.size = Pt(fmt.size_pt)
        if fmt.language:
            language(run_properties(run._r), fmt.language)
        if self.in_link is not None:
            put(run_properties(run._r), element("w:rStyle", {"w:val": "Hyperlink"}), RUN_ORDER)
            self.in_link.append(run._r)
        return run

    def line_break(self, place: Place | None = None) -> None:
        """A line break in the open paragraph (`<br>`)."""
        if self.open is None:
            self.start(place or Place())
        assert self.open is not None
        _trim(self.open)
        run = self.open.paragraph.add_run()
        run.add_break()
        if self.in_link is not None:
            self.in_link.append(run._r)
        self.open.after_space = True
        self.open.last_run = None
        self.open.written = True

    def link(self, href: str, text: str, fmt: Format | None = None) -> None:
        """A hyperlink reading `text` in the open paragraph (or plain text, if `href` leads nowhere)."""
        self._linked(href, lambda: self.text(text, fmt))

    def _linked(self, href: str, write: Any, place: Place | None = None) -> None:
        hyperlink = None if self.in_link is not None else self._hyperlink(href)
        if hyperlink is None:
            write()  # a link in a link, or to nothing the leaflet has: its text
            return
        if self.open is None:
            self.start(place or Place())
        assert self.open is not None
        self.open.paragraph._p.append(hyperlink)
        self.in_link = hyperlink
        try:
            write()
        finally:
            self.in_link = None
        if not len(hyperlink):
            hyperlink.getparent().remove(hyperlink)

    def _hyperlink(self, href: str) -> Any:
        """The `w:hyperlink` for a link's address, or None when it leads nowhere in this document."""
        if href.lower().startswith(LINK_SCHEMES):
            target = xml_text(href)
            if target not in self.relationships:
                # Added here, not by python-docx's `relate_to`, which compares an address with every
                # relationship the document has (and every id in use) before adding one.
                rels = self.document.part.rels
                relationship_id = f"rId{self.relationship_number}"
                while relationship_id in rels:  # taken by a relationship python-docx added (the logo's)
                    self.relationship_number += 1
                    relationship_id = f"rId{self.relationship_number}"
                rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, target, relationship_id, is_external=True)
                self.relationships[target] = relationship_id
            return external_hyperlink(self.relationships[target])
        page, _, fragment = href.partition("#")
        if page:
            section = page.removesuffix(".md") if page.endswith(".md") and "/" not in page else None
        else:
            section = self.section_id
        if section is None:
            return None
        name = self.bookmarks.get((section, fragment or None)) if fragment else None
        if name is None and page:
            name = self.bookmarks.get((section, None))  # a heading it does not have: the section (as on paper)
        return internal_hyperlink(name) if name else None

    def finish(self) -> None:
        """Close the open paragraph: no space at its end, its bookmark round it; an empty one is taken out."""
        open_paragraph, self.open = self.open, None
        if open_paragraph is None:
            return
        _trim(open_paragraph)
        p = open_paragraph.paragraph._p
        if open_paragraph.bookmark is not None:
            bookmark(p, self.next_bookmark_id, open_paragraph.bookmark)
            self.next_bookmark_id += 1
        elif not open_paragraph.written:
            p.getparent().remove(p)
            keep = open_paragraph.place.keep
            if keep is not None and keep and keep[-1] is open_paragraph.paragraph:
                keep.pop()

    # The sections.

    def sections(self) -> None:
        """Every section: its title as Heading 1 (the first on a new page, after the cover), then its content."""
        last = len(self.leaflet.sections) - 1
        for index, (section, tree) in enumerate(zip(self.leaflet.sections, self.trees, strict=True)):
            self.section_id = section.id
            self.level = 1
            title = _section_title(tree)
            heading = self.start(style="Heading 1", bookmark=self.bookmarks[(section.id, None)])
            if index == 0:
                heading.paragraph_format.page_break_before = True  # the cover is a page of its own
            if title is None:
                self.text(section.title)
            else:
                self._inline_content(title, Format(), Place())
            self.finish()
            children = [child for child in tree if child is not title]
            self._flow(tree, children, Place(), ends_leaflet=index == last)

    def cover_panel(self, html: str) -> None:
        """The contact panel on the cover (`contact_on_cover`): its box, with no heading."""
        self.section_id = None
        tree = parse_fragment(html)
        self._flow(tree, list(tree), Place(headings=False))

    def _flow(self, parent: Element, children: list[Element], place: Place, ends_leaflet: bool = False) -> None:
        """A container's content: each block element its own paragraphs, text and inline elements gathered
        into paragraphs between them."""
        fmt = Format()
        if parent.text:
            self.text(parent.text, fmt, place)
        contact = self._contact_plan(children, ends_leaflet) if self.section_id is not None else None
        index = 0
        while index < len(children):
            if contact is not None and index == contact[0]:
                self._contact_us(children[contact[0] : contact[1] + 1], contact[2], place)
                for done in children[contact[0] : contact[1] + 1]:
                    if done.tail:
                        self.text(done.tail, fmt, place)
                index = contact[1] + 1
                continue
            child = children[index]
            if child.tag in BLOCKS:
                self.finish()
                self._block(child, place)
            else:
                self._inline(child, fmt, place)
            if child.tail:
                self.text(child.tail, fmt, place)
            index += 1
        self.finish()

    def _contact_plan(self, children: list[Element], ends_leaflet: bool) -> tuple[int, int, bool] | None:
        """Where "Contact us" starts among `children` (at the statement on other formats just before the panel, if
        there is one), where the panel is, and whether it ends the leaflet (a heading) or not (a box)."""
        for index, child in enumerate(children):
            if child.tag == "div" and PANEL_CLASS in child.get("class", "").split():
                start = index
                statement = self.leaflet.publisher.accessible_formats
                before = children[index - 1] if index else None
                if statement and before is not None and before.tag == "p" and text_of(before).strip() == statement:
                    start = index - 1
                return start, index, ends_leaflet and index == len(children) - 1
        return None

    def _contact_us(self, nodes: list[Element], back_page: bool, place: Place) -> None:
        """The contact panel with its "Contact us" heading (or caption) and the statement on other formats."""
        *statement, panel = nodes
        kept: list[Paragraph] = place.keep if place.keep is not None else []
        if back_page:
            self._heading_paragraph(2, place)
            self.text(CONTACT_US)
            self.finish()
            inner = replace(place, keep=kept)
        else:
            inner = replace(place, keep=kept, panel=True)
            self.start(inner)
            self.text(CONTACT_US, Format(bold=True))
            self.finish()
        formats = self.leaflet.publisher.accessible_formats
        if statement:
            self._block(statement[0], inner)
        elif formats:
            self.start(inner)
            self.text(formats)
            self.finish()
        self._panel(panel, inner)
        if place.keep is None:
            _stop_keeping(kept)

    def _block(self, node: Element, place: Place) -> None:
        tag = str(node.tag)
        classes = node.get("class", "").split()
        heading = HEADING.fullmatch(tag)
        if heading:
            self._heading(node, int(heading.group(1)), place)
        elif tag == "p":
            self.start(place)
            self._inline_content(node, Format(bold="citation" in classes), place)
            self.finish()
        elif tag in ("ul", "ol"):
            self._list(node, place)
        elif tag == "li":
            list_style = place.list_style or ListStyle("List Bullet", "List Continue", None, 1)
            self._flow(node, list(node), replace(place, item=Item(list_style), list_style=None))
        elif tag == "blockquote" or (tag == "div" and "code-quote" in classes):
            self._kept(node, replace(place, quote=True))
        elif tag == "div" and PANEL_CLASS in classes:
            self._panel(node, place)
        elif tag == "dt":
            paragraph = self.start(place)
            paragraph.paragraph_format.keep_with_next = True
            self._inline_content(node, Format(bold=True), place)
            self.finish()
        elif tag == "dd":
            self._flow(node, list(node), replace(place, indent_twips=place.indent_twips + QUOTE_INDENT_TWIPS))
        elif tag == "hr":
            paragraph = self.start(place)
            borders(paragraph_properties(paragraph._p), ["bottom"], 6, 1, "000000")
            assert self.open is not None
            self.open.written = True  # a rule: empty, and kept
            self.finish()
        else:
            self._flow(node, list(node), place)

    def _kept(self, node: Element, place: Place) -> None:
        """A group of paragraphs kept on one page (a quotation and its citation)."""
        if place.keep is not None:
            self._flow(node, list(node), place)  # inside a group already: one chain
            return
        kept: list[Paragraph] = []
        self._flow(node, list(node), replace(place, keep=kept))
        _stop_keeping(kept)

    def _panel(self, node: Element, place: Place) -> None:
        """The contact panel: a box in the headings' colour, kept on one page."""
        self._kept(node, replace(place, panel=True, quote=False))

    def _heading(self, node: Element, source_level: int, place: Place) -> None:
        if not place.headings:
            self.start(place)
            self._inline_content(node, Format(bold=True), place)
            self.finish()
            return
        heading_id = node.get("id")
        bookmark = self.bookmarks.get((self.section_id, heading_id)) if heading_id and self.section_id else None
        self._heading_paragraph(source_level, place, bookmark)
        self._inline_content(node, Format(), place)
        self.finish()

    def _heading_paragraph(self, source_level: int, place: Place, bookmark: str | None = None) -> Paragraph:
        """A heading paragraph one level below a section's title at least, and at most one below the last heading."""
        self.level = max(2, min(source_level, self.level + 1))
        return self.start(place, style=f"Heading {self.level}", bookmark=bookmark)

    def _list(self, node: Element, place: Place) -> None:
        ordered = node.tag == "ol"
        depth = place.depth + 1
        level = min(depth, MAX_LIST_STYLE_LEVEL)
        suffix = "" if level == 1 else f" {level}"
        style = ("List Number" if ordered else "List Bullet") + suffix
        num_id = self.numbering.restart(style.replace(" ", ""), _start(node.get("start"))) if ordered else None
        list_style = ListStyle(style, "List Continue" + suffix, num_id, level)
        self._flow(node, list(node), replace(place, depth=depth, list_style=list_style, item=None))

    def _inline_content(self, node: Element, fmt: Format, place: Place) -> None:
        """The text and inline elements inside `node`, in the open paragraph."""
        if node.text:
            self.text(node.text, fmt, place)
        for child in node:
            self._inline(child, fmt, place)
            if child.tail:
                self.text(child.tail, fmt, place)

    def _inline(self, node: Element, fmt: Format, place: Place) -> None:
        if node.tag == "br":
            self.line_break(place)
            return
        inner = fmt.inside(node)
        if node.tag == "a":
            self._linked(node.get("href", ""), lambda: self._inline_content(node, inner, place), place)
        else:
            self._inline_content(node, inner, place)


def _start(value: str | None) -> int:
    """Where a numbered list starts counting (`<ol start>`): 1 unless it says a number Word can start at."""
    try:
        start = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(start, 0), START_LIMIT)


def _trim(open_paragraph: _Open) -> None:
    """No space at the end of a line."""
    if open_paragraph.last_run is not None and open_paragraph.after_space:
        open_paragraph.last_run.text = open_paragraph.last_run.text.rstrip(" ")


def _stop_keeping(kept: list[Paragraph]) -> None:
    """The last paragraph of a group kept together need not stay with what follows it."""
    if kept:
        kept[-1].paragraph_format.keep_with_next = None
