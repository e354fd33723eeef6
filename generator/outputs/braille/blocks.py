"""The composed leaflet read as braille blocks: the title page, then each section's headings, paragraphs, lists,
quotations and contact panel, in the braille format each takes.

Layout follows the Braille Authority of North America's *Braille Formats: Principles of Print-to-Braille
Transcription 2016* (BANA), which UK Association for Accessible Formats (UKAAF) guidance leaves open:

- the title page has the publisher, the leaflet's title, who it is for, the Code of Practice's edition and
  the date it was published, where to read it online and the braille code it is in, each centred, in
  groups set apart by blank lines; the sections start on the next page;
- a section's title is a centred heading, with a blank line before and after it; a heading within a
  section is a cell-5 heading, and one within that a cell-7 heading, each with a blank line before it
  (BANA §4);
- paragraphs are indented: the first line in cell 3, the rest from cell 1, with no blank line between
  paragraphs (BANA's standard paragraph format);
- a list has a blank line before and after it; each item starts in cell 1 and runs over to cell 3, an
  item of a list within it two cells further in (BANA §8); bullets, there only for the eye, are left out
  (a numbered list keeps its numbers);
- a Code of Practice quotation is displayed material (BANA §9): a blank line before and after it, its
  paragraphs two cells further in than the text's (cell 5, running over to cell 3), its lists too (items
  from cell 3), and its citation straight after it, on a line of its own from cell 7;
- the contact panel is boxed (BANA §7): a top box line of dots 2356, "Contact us" centred, the
  publisher's statement on other formats, each contact detail from cell 1 running over to cell 3,
  and a bottom box line of dots 1245;
- paper has no links: a link's text is followed by its web address the first time it appears in
  the leaflet, as the PDF does, and a link to another section by "(see the section “...”)";
- bold and italics are not shown: UEB §9 lets typeforms used for the eye be left out, and the leaflets'
  bold marks key terms, labels and headings (liblouis could add UEB's bold indicators, but it then
  reads its own braille back wrongly, so the edition could not be checked);
- the logo is left out: there is nothing of it to read, and the publisher's name is the title page's
  first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal
from xml.etree.ElementTree import Element

from ...compose.contact import PANEL_CLASS
from ...compose.html_tree import parse_fragment, text_of
from ...compose.leaflet import ComposedLeaflet
from ...compose.sanitise import SCHEME
from ...inputs.fields import shows_address, url_text
from ..downloads import leaflet_address
from .lines import CELLS, Style

Kind = Literal["title", "heading", "paragraph", "item", "citation", "box-top", "box-bottom", "rule", "page-break"]

CENTRED = Style(1, 1, centred=True)
PARAGRAPH = Style(3, 1)
CELL_5 = Style(5, 5)
CELL_7 = Style(7, 7)
CITATION = Style(7, 7)
CONTACT_LINE = Style(1, 3)
TOP_BOX_LINE = "7" * CELLS
"""Dots 2356 across the page (BANA §7)."""
BOTTOM_BOX_LINE = "G" * CELLS
"""Dots 1245 across the page (BANA §7)."""
TRANSITION_LINE = '"' + "3" * 11
"""A print rule (`<hr>`): UEB's horizontal line mode indicator, dots 5 and 25, then dots 25; centred."""
CONTACT_US = "Contact us"
"""The box's heading, as the PDF's "Contact us" page and box name it."""
BRAILLE_CODE = "Unified English Braille, grade 2."
"""The title page says which braille code the edition is in, as a transcriber's title page does."""

_BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "div", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
)


@dataclass(frozen=True)
class Block:
    """A block of the braille edition: text to translate in a style, or lines already in braille."""

    kind: Kind
    segments: tuple[str, ...] = ()
    """Print text; each segment (the text between two line breaks) starts a new braille line."""
    style: Style = PARAGRAPH
    blank_before: bool = False
    blank_after: bool = False
    braille: tuple[str, ...] = ()
    """Lines already in braille (box lines, a transition line)."""


@dataclass
class _Context:
    """Where the reader is: which section, how far in (in a quotation), inside the contact panel or not."""

    section_id: str
    margin: int = 0
    """Cells added to the left of paragraphs and lists (2 in a quotation)."""
    in_panel: bool = False
    on_cover: bool = False
    """The title page's contact panel, which (as on the PDF's cover) has no statement on other formats."""


@dataclass
class _Reader:
    """Reads a leaflet's sections, remembering which web addresses have been printed after their links."""

    leaflet: ComposedLeaflet
    shown_links: set[str] = field(default_factory=set)
    blocks: list[Block] = field(default_factory=list)

    @property
    def statement(self) -> str:
        return self.leaflet.publisher.accessible_formats.strip()

    @cached_property
    def titles(self) -> dict[str, tuple[str, dict[str, str]]]:
        """Each section's title and its headings' texts by id, for links to them."""
        return {s.id: (s.title, {h.id: h.text for h in s.headings if h.id}) for s in self.leaflet.sections}

    # Block-level reading ------------------------------------------------------------------------------------

    def read(self, parent: Element, context: _Context) -> None:
        """Every block in `parent`, in order; loose text between blocks is a paragraph."""
        run: list[Element | str] = [parent.text] if parent.text else []
        children = list(parent)
        for index, child in enumerate(children):
            if child.tag not in _BLOCK_TAGS:
                run += [child, child.tail or ""]
                continue
            self._paragraph_of(run, context)
            run = [child.tail] if child.tail else []
            following = children[index + 1] if index + 1 < len(children) else None
            if following is not None and self._moves_into_panel(child, following, context):
                continue  # the statement on other formats goes into the contact box, as on paper
            self.block(child, context)
        self._paragraph_of(run, context)

    def _moves_into_panel(self, element: Element, following: Element, context: _Context) -> bool:
        return (
            element.tag == "p"
            and not (context.in_panel or context.on_cover)
            and bool(self.statement)
            and _is_panel(following)
            and " ".join(text_of(element).split()) == " ".join(self.statement.split())
        )

    def _paragraph_of(self, run: list[Element | str], context: _Context) -> None:
        holder = _holder(run)
        if (holder.text or "").strip() or len(holder):
            self.block(holder, context)

    def block(self, element: Element, context: _Context) -> None:
        """One block-level element."""
        tag = element.tag
        if re.fullmatch(r"h[1-6]", tag):
            level = int(tag[1])
            style = CENTRED if level == 1 else CELL_5 if level == 2 else CELL_7
            self.add(Block("heading", self.inline(element, context), style, blank_before=True, blank_after=level == 1))
        elif tag == "p":
            if "citation" in element.get("class", "").split():
                self.add(Block("citation", self.inline(element, context), CITATION, blank_after=True))
            elif context.in_panel:
                self.add(Block("paragraph", self.inline(element, context), _shifted(CONTACT_LINE, context.margin)))
            else:
                self.add(Block("paragraph", self.inline(element, context), _shifted(PARAGRAPH, context.margin)))
        elif tag in ("ul", "ol"):
            start = len(self.blocks)
            self.list_items(element, context, level=0, depth=_depth(element))
            self._set_apart(start)
        elif tag == "dl":
            start = len(self.blocks)
            for child in element:
                style = Style(1, 3) if child.tag == "dt" else Style(3, 5)
                self.add(Block("item", self.inline(child, context), _shifted(style, context.margin)))
            self._set_apart(start)
        elif tag == "blockquote":
            start = len(self.blocks)
            self.read(element, _Context(context.section_id, context.margin + 2, context.in_panel))
            self._set_apart(start)
        elif tag == "div" and _is_panel(element):
            self.panel(element, context)
        elif tag == "div" and "code-quote" in element.get("class", "").split():
            start = len(self.blocks)
            self.read(element, context)
            # The citation follows its quotation directly: the blank lines go round the two together.
            for index in range(start + 1, len(self.blocks)):
                if self.blocks[index].kind == "citation":
                    self.blocks[index - 1] = _with(self.blocks[index - 1], blank_after=False)
                    self.blocks[index] = _with(self.blocks[index], blank_before=False)
            self._set_apart(start)
        elif tag == "hr":
            line = " " * ((CELLS - len(TRANSITION_LINE)) // 2) + TRANSITION_LINE
            self.add(Block("rule", braille=(line,), blank_before=True, blank_after=True))
        else:
            self.read(element, context)  # a plain div, or an item or term met outside its list

    def list_items(self, element: Element, context: _Context, level: int, depth: int) -> None:
        """The items of a list (and of the lists within them), numbered if the print numbers them."""
        style = Style(1 + context.margin + 2 * level, 3 + context.margin + 2 * depth)
        number = _start(element)
        for item in element:
            if item.tag != "li":
                continue
            marker = f"{number}. " if element.tag == "ol" else ""
            number += 1
            run: list[Element | str] = [item.text] if item.text else []
            started = False
            for child in item:
                if child.tag in _BLOCK_TAGS:
                    started = self._item(run, marker, style, context, started) or started
                    run, marker = [], ""
                    if child.tag in ("ul", "ol"):
                        self.list_items(child, context, level + 1, depth)
                    else:
                        started = self._item([child], "", style, context, True) or started
                    run = [child.tail] if child.tail else []
                else:
                    run += [child, child.tail or ""]
            self._item(run, marker, style, context, started)

    def _item(self, run: list[Element | str], marker: str, style: Style, context: _Context, continued: bool) -> bool:
        """Add an item's text (or, `continued`, a later paragraph of it, from its runover cell); False if empty."""
        segments = self.inline(_holder(run), context)
        if not any(segment.strip() for segment in segments):
            if not marker:
                return False
            segments = ("",)
        segments = (marker + segments[0], *segments[1:])
        self.add(Block("item", segments, Style(style.runover, style.runover) if continued else style))
        return True

    def panel(self, element: Element, context: _Context) -> None:
        """The contact panel, boxed, under "Contact us", with the statement on other formats (not on the cover)."""
        self.add(Block("box-top", braille=(TOP_BOX_LINE,)))
        self.add(Block("heading", (CONTACT_US,), CENTRED, blank_after=True))
        if self.statement and not context.on_cover:
            self.add(Block("paragraph", (self.statement,), PARAGRAPH))
        self.read(element, _Context(context.section_id, 0, in_panel=True, on_cover=context.on_cover))
        self.add(Block("box-bottom", braille=(BOTTOM_BOX_LINE,)))

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def _set_apart(self, start: int) -> None:
        """A blank line before the blocks added since `start`, and after them."""
        if start < len(self.blocks):
            self.blocks[start] = _with(self.blocks[start], blank_before=True)
            self.blocks[-1] = _with(self.blocks[-1], blank_after=True)

    # Inline reading ------------------------------------------------------------------------------------------

    def inline(self, element: Element, context: _Context) -> tuple[str, ...]:
        """The text of `element` as segments split at its line breaks, with links made readable on paper."""
        segments: list[list[str]] = [[]]
        self._inline(element, context, segments, top=True)
        return tuple(" ".join("".join(parts).split()) for parts in segments)

    def _inline(self, element: Element, context: _Context, segments: list[list[str]], top: bool = False) -> None:
        if element.tag == "br" and not top:
            segments.append([])
            return
        if element.tag in _BLOCK_TAGS and not top:
            segments[-1].append(" ")
        if element.text:
            segments[-1].append(element.text)
        for child in element:
            self._inline(child, context, segments)
            if child.tail:
                segments[-1].append(child.tail)
        if element.tag == "a" and not top:
            segments[-1].append(self.after_link(element, context))
        elif element.tag in _BLOCK_TAGS and not top:
            segments[-1].append(" ")  # a block where only text was expected: keep its words apart

    def after_link(self, anchor: Element, context: _Context) -> str:
        """What paper prints after a link's text: its address the first time, or where the section it names is."""
        href = anchor.get("href", "")
        shown = text_of(anchor)
        if SCHEME.match(href):
            if not href.lower().startswith(("http://", "https://")):
                return ""  # mailto: and tel: links show what they link to
            if shows_address(shown, href) or href in self.shown_links:
                return ""
            self.shown_links.add(href)
            return f" ({url_text(href)})"
        page, _, fragment = href.partition("#")
        if page:
            target = page.removesuffix(".md") if page.endswith(".md") and "/" not in page else None
        else:
            target = context.section_id
        titles = self.titles
        if target not in titles:
            return ""  # composing reported it; the text still reads
        title, headings = titles[target]
        heading = headings.get(fragment) if fragment else None
        if heading and target == context.section_id:
            return f" (see \u201c{heading}\u201d in this section)"
        if heading:
            return f" (see \u201c{heading}\u201d in the section \u201c{title}\u201d)"
        if _same_words(shown, title):
            return " (a section of this leaflet)"
        return f" (see the section \u201c{title}\u201d)"


def leaflet_blocks(leaflet: ComposedLeaflet) -> list[Block]:
    """The whole braille edition as blocks: the title page, a page break, then every section in order."""
    reader = _Reader(leaflet)
    title_page(reader)
    reader.add(Block("page-break"))
    for section in leaflet.sections:
        reader.read(parse_fragment(section.html), _Context(section.id))
    return reader.blocks


def title_page(reader: _Reader) -> None:
    """The title page's blocks: each line centred, its groups apart, and the cover's contact panel if it has one."""
    leaflet = reader.leaflet
    publisher = leaflet.publisher
    code = leaflet.code
    web = leaflet_address(leaflet.site_address, leaflet.id)
    groups: list[list[str]] = [
        [publisher.name, *publisher.strapline],
        [leaflet.title],
        [leaflet.audience] if leaflet.audience else [],
        [f"Based on the {code.short_title} ({code.edition} edition).", f"Published {publisher.dates.published}."],
    ]
    if web:
        groups.append([f"Read this leaflet online: {url_text(web)}"])
    elif publisher.contact.website:
        groups.append([f"More from {publisher.name} online: {url_text(publisher.contact.website)}"])
    groups.append([BRAILLE_CODE])
    for group in groups:
        for index, line in enumerate(group):
            reader.add(Block("title", (line,), CENTRED, blank_before=index == 0, blank_after=index == len(group) - 1))
    if leaflet.cover_contact:
        reader.read(parse_fragment(leaflet.cover_contact), _Context("cover", on_cover=True))


def _holder(run: list[Element | str]) -> Element:
    """One element holding a run of text and inline elements (their tails are in the run, as text)."""
    holder = Element("p")
    for part in run:
        if isinstance(part, str):
            if len(holder):
                holder[-1].tail = (holder[-1].tail or "") + part
            else:
                holder.text = (holder.text or "") + part
        else:
            copy = Element(part.tag, part.attrib)
            copy.text = part.text
            copy.extend(list(part))
            holder.append(copy)
    return holder


def _is_panel(element: Element) -> bool:
    return element.tag == "div" and PANEL_CLASS in element.get("class", "").split()


def _shifted(style: Style, margin: int) -> Style:
    return Style(style.first + margin, style.runover + margin, style.centred)


def _with(block: Block, **changes: bool) -> Block:
    return Block(
        block.kind,
        block.segments,
        block.style,
        changes.get("blank_before", block.blank_before),
        changes.get("blank_after", block.blank_after),
        block.braille,
    )


def _depth(element: Element) -> int:
    """How many lists deep `element` goes below itself (0 for a list without lists in it)."""
    deepest = 0
    stack: list[tuple[Element, int]] = [(element, 0)]
    while stack:
        node, depth = stack.pop()
        for child in node:
            inner = depth + 1 if child.tag in ("ul", "ol") else depth
            deepest = max(deepest, inner)
            stack.append((child, inner))
    return deepest


def _start(element: Element) -> int:
    try:
        return int(element.get("start", "1"))
    except ValueError:
        return 1


def _same_words(one: str, other: str) -> bool:
    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    return words(one) == words(other)
