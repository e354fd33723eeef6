"""Composed leaflet -> accessible PDF, standard or large print. The only module importing WeasyPrint.

One HTML template and one print stylesheet (`templates/pdf/`) serve both
formats; the formats differ only in the settings the stylesheet is filled with.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import itertools
import logging
import math
import mimetypes
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from urllib.request import url2pathname
from xml.etree.ElementTree import Element

import phonenumbers
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ...compose.contact import PANEL_CLASS
from ...compose.html_tree import parse_fragment, serialise_fragment, text_of
from ...compose.leaflet import ComposedLeaflet
from ...compose.sanitise import SCHEME
from ...inputs.fields import contrast_ratio, shows_address, tel_uri, url_text
from ...inputs.files import read_input
from ...inputs.font import FONT_FAMILY
from ...inputs.project import Project
from ...inputs.rules import MAX_LOGO_BYTES
from ...template_cache import THEME_TEMPLATES
from ..downloads import LARGE_PRINT, STANDARD_PRINT, Edition, file_description, leaflet_address
from ..log_records import collected_warnings
from .line_breaks import forget_line_breaks, remember_line_breaks


@dataclass(frozen=True)
class PrintFormat:
    """The settings that make an edition: sizes in points, following UK clear and large print guidance."""

    edition: Edition
    body_pt: float
    small_pt: float
    h1_pt: float
    h2_pt: float
    h3_pt: float
    h4_pt: float
    line_height: float
    margin_mm: float

    @property
    def name(self) -> str:
        return self.edition.name

    @property
    def label(self) -> str:
        return self.edition.label


STANDARD = PrintFormat(
    edition=STANDARD_PRINT,
    body_pt=12,
    small_pt=12,
    h1_pt=26,
    h2_pt=20,
    h3_pt=16,
    h4_pt=14,
    line_height=1.5,
    margin_mm=20,
)
LARGE = PrintFormat(
    edition=LARGE_PRINT,
    body_pt=18,
    small_pt=18,  # footers and page numbers as large as the body text
    h1_pt=32,
    h2_pt=26,
    h3_pt=22,
    h4_pt=20,
    line_height=1.5,
    margin_mm=18,
)
FORMATS = (STANDARD, LARGE)
MIN_CONTRAST = 4.5
"""WCAG AA for text: the least contrast any printed text has with what is behind it."""


class PdfError(Exception):
    """WeasyPrint reported a problem that would make an inaccessible or broken PDF."""


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    sheets: int = 0
    """For the booklet: the A4 sheets its pages are printed on, both sides."""

    @property
    def label(self) -> str:
        """How the site describes the download: 'PDF, 212 KB, 6 pages'."""
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        if self.sheets:
            sheets = f"{self.sheets} sheet{'s' if self.sheets != 1 else ''}"
            pages += f" on {sheets} of A4, printed on both sides, folded and stapled"
        return file_description("PDF", len(self.data), pages)


def booklet_of(large_print: RenderedPdf, title: str) -> RenderedPdf:
    """The A5 booklet for a print shop, made from the large print PDF (see `booklet.py`)."""
    from .booklet import impose_booklet

    data, pages = impose_booklet(large_print.data, title)
    return RenderedPdf(data, pages, sheets=pages // 4)


def print_colours(brand: str) -> dict[str, str]:
    """The brand colour for the cover's band and the headings, each used only where its contrast is 4.5:1.

    The band's text is white or black, whichever contrasts more with the brand colour; the
    headings, on white paper, are in the brand colour, or black if it is too light.
    """
    white, black = "#ffffff", "#000000"
    on_band = white if contrast_ratio(brand, white) >= contrast_ratio(brand, black) else black
    return {
        "band": brand,
        "on_band": on_band,
        "headings": brand if contrast_ratio(brand, white) >= MIN_CONTRAST else black,
    }


@functools.lru_cache(maxsize=16)
def qr_code(url: str) -> str:
    """A QR code as a PNG data URI, four pixels a module (made here, with segno: nothing fetched).

    print.css scales it up with `image-rendering: pixelated`, so the modules print as sharp squares.
    A PNG, because WeasyPrint draws an SVG code's hundreds of squares one path command at a time
    (up to a twentieth of each PDF's time); both formats of a leaflet share the code.
    """
    import segno

    return str(segno.make(url, error="m").png_data_uri(scale=4, border=2, dark="#000000", light="#ffffff"))


def paper_tree(
    html: str,
    section_id: str,
    shown_links: set[str],
    targets: dict[str, set[str]],
    other_formats: str | None = None,
    ends_leaflet: bool = True,
    own_numbers: dict[str, str] | None = None,
) -> Element:
    """A section's sanitised HTML made ready for paper.

    - Headings move down a level: on paper the leaflet's title is the one H1.
    - Ids are prefixed with the section's, so that they stay unique in one document,
      and links to another section (`more-information.md`) or heading (`#review`)
      become links within the document, followed by the page their target starts on
      ("(page 7)", from the real layout). `targets` holds each section's heading ids;
      a link to anything else stops being a link (composing reported it).
    - Paper has no hyperlinks: after a web link whose text is not its address, the
      address is printed, the first time it appears in the leaflet (`shown_links`); so is an email
      address or phone number behind other words, a number of the publisher's own as the publisher
      writes it (`own_numbers`: by its E.164 form, as written in the YAML).
    - Printed addresses may wrap after `/`, `.` and the like.
    - With `other_formats` (the publisher's statement on other formats, "" for none), the contact
      panel becomes the "Contact us" back page, if `ends_leaflet` and the section ends with it, or a
      "Contact us" box (`contact_us_page`); the cover's panel stays as it is.
    """
    root = parse_fragment(html)
    if other_formats is not None:
        contact_us_page(root, other_formats, ends_leaflet)
    parents = {child: parent for parent in root.iter() for child in parent}
    _keep_introductions_with_what_they_introduce(root)
    _keep_contact_lines_with_what_comes_before(root)
    for element in root.iter():
        if re.fullmatch(r"h[1-6]", element.tag):
            element.tag = f"h{min(6, int(element.tag[1]) + 1)}"
            if "id" in element.attrib:
                element.set("id", f"{section_id}--{element.get('id')}")
    for anchor in root.iter("a"):
        href = anchor.get("href", "")
        if not SCHEME.match(href):
            page, _, fragment = href.partition("#")
            target = (
                page.removesuffix(".md") if page.endswith(".md") and "/" not in page else (None if page else section_id)
            )
            if target in targets and fragment and fragment in targets[target]:
                anchor.set("href", f"#{target}--{fragment}")
            elif target in targets and page:
                anchor.set("href", f"#{target}")
            else:
                anchor.attrib.pop("href", None)
                continue
            anchor.set("class", "page-ref")  # print.css adds the page its target starts on
            continue
        words = text_of(anchor)
        shows_email = href.startswith("mailto:") and _email_of(href).lower() == words.strip().lower()
        if shows_email and len(anchor) == 0 and anchor.text:
            # The words are the address: they wrap only where an email address may (`_email_break_points`).
            _add_class(anchor, "address")
            _email_break_points(anchor, anchor.text.strip(), _in_heading(anchor, parents))
        if href.startswith(("http://", "https://")):
            if shows_address(words, href) and len(anchor) == 0 and anchor.text:
                # The words are the address (<https://...>): they wrap as a printed address does.
                _add_class(anchor, "address")
                _break_points(anchor, anchor.text, _in_heading(anchor, parents))
            if shows_address(words, href) or href in shown_links:
                continue
            printed = url_text(href)
        else:
            # Paper cannot be clicked: an email address or a phone number behind other words is printed too.
            printed = _contact_on_paper(href, words, own_numbers or {}) or ""
            if not printed or href in shown_links:
                continue
        shown_links.add(href)
        if href.startswith("tel:"):
            shown = Element("span", {"class": "number"})  # print.css keeps a number on one line
            shown.text = printed
        elif href.startswith("mailto:"):
            shown = Element("span", {"class": "address"})
            _email_break_points(shown, printed, _in_heading(anchor, parents))
        else:
            shown = Element("span", {"class": "address"})
            _break_points(shown, printed, _in_heading(anchor, parents))
        shown.tail = ")" + (anchor.tail or "")
        anchor.tail = " ("
        parent = parents[anchor]
        parent.insert(list(parent).index(anchor) + 1, shown)
    _keep_numbers_and_email_addresses_whole(root)
    _keep_addresses_on_one_page(root)
    _quotations_without_their_wrapper(root)
    return root


def _quotations_without_their_wrapper(root: Element) -> None:
    """Each Code quotation as its blockquote and citation side by side, without the `div` holding them: print.css
    draws the rule beside both. One level of boxes fewer for WeasyPrint to lay out on every page it reaches: 0.5% of
    a PDF's instructions (counted with callgrind). The web pages keep it.

    Only a wrapper of that shape (a blockquote, then its citation: what a `::: code-of-practice` quotation makes) is
    taken out; any other `div` an editor classed `code-quote` stays, ruled as it was."""
    # A wrapper's children are a blockquote and a paragraph, never a div: no wrapper's parent moves.
    parents = {child: parent for parent in root.iter() for child in parent}
    for wrapper in list(root.iter("div")):
        inside = list(wrapper)
        quotation = [element.tag for element in inside] == ["blockquote", "p"]
        if "code-quote" not in (wrapper.get("class") or "").split() or not quotation:
            continue
        if "citation" not in (inside[1].get("class") or "").split():
            continue
        parent = parents[wrapper]
        _add_class(inside[0], "code-quote")
        inside[1].tail = (inside[1].tail or "") + (wrapper.tail or "")
        position = list(parent).index(wrapper)
        parent[position : position + 1] = inside


def _link_targets(trees: list[Element]) -> set[str]:
    """The ids that links within the document lead to."""
    return {
        anchor.get("href", "")[1:] for tree in trees for anchor in tree.iter("a") if anchor.get("href", "")[:1] == "#"
    }


def _drop_ids_nothing_leads_to(tree: Element, targeted: set[str]) -> None:
    """Take out each id no link leads to: WeasyPrint gives an element with an id, and everything inside it, a
    style of its own rather than one shared with its like, and each id a named destination (together 3% of a
    PDF's work, counted with callgrind)."""
    for element in tree.iter():
        if element.get("id") is not None and element.get("id") not in targeted:
            del element.attrib["id"]


def _keep_addresses_on_one_page(root: Element) -> None:
    """Mark each paragraph and list item holding a printed address (`holds-address`), which print.css keeps on one
    page: an address wrapped over a page break is copied out as two."""
    for element in root.iter():
        if element.tag in {"p", "li"} and any(
            "address" in (inner.get("class") or "").split() for inner in element.iter() if inner is not element
        ):
            _add_class(element, "holds-address")


def _email_of(href: str) -> str:
    """The address a mailto: link writes to."""
    return unquote(href.removeprefix("mailto:").split("?", 1)[0])


EMAIL_BREAK_AFTER = re.compile(r"(?<=[@.])(?=.)")
"""Where a printed email address may wrap: after its @ and its dots. Never after a hyphen: a reader takes a hyphen at
a line's end for a word broken in two and leaves it out (askus@nottinghamshire- / ncis.org.uk)."""


def _email_break_points(holder: Element, address: str, in_heading: bool = False) -> None:
    """Make `address` the content of `holder`, free to wrap only after its @ and dots (a zero-width space there, as
    for a web address): a part between them that holds a hyphen is a span print.css keeps on one line (`.unbroken`),
    as the hyphen would otherwise be a place to wrap; the others need none (a span is a box for WeasyPrint to lay
    out). A part longer than `LONGEST_PIECE` is cut every `LONGEST_PIECE` characters, as a web address's is, so that
    nothing runs off the page."""
    holder.text = None
    last: Element | None = None

    def add(text: str) -> None:
        if last is None:
            holder.text = (holder.text or "") + text
        else:
            last.tail = (last.tail or "") + text

    parts = [piece for part in EMAIL_BREAK_AFTER.split(address) for piece in _cut_every(part, LONGEST_PIECE)]
    for index, part in enumerate(parts):
        if index and in_heading:
            last = Element("wbr")  # a heading's text is its bookmark's title too: no zero-width space in it
            holder.append(last)
        elif index:
            add(ZERO_WIDTH_SPACE)
        if "-" in part:
            last = Element("span", {"class": "unbroken"})
            last.text = part
            holder.append(last)
        else:
            add(part)


def _cut_every(text: str, length: int) -> list[str]:
    """`text` in pieces of `length` characters at most, none of them ending with a hyphen (read as a word broken)."""
    pieces = []
    while len(text) > length:
        cut = length - 1 if text[length - 1] == "-" else length
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


PHONE_NUMBER_IN_TEXT = re.compile(
    r"(?<![\d+])(?:18001[ \u00a0])?(?:\+44[ \u00a0]?(?:\(0\)[ \u00a0]?)?|0)\d(?:[ \u00a0]?\d){8,10}(?!\d)"
)
"""A UK phone number written in the text (0115 948 2888, +44 115 948 2889, 18001 0115 948 2888 through Relay UK)."""


DIGIT_OR_AT = re.compile(r"[\d@]")
"""What a phone number or an email address holds: text without either has neither."""
EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""An email address written in the text, not as a link."""


def _keep_numbers_and_email_addresses_whole(root: Element) -> None:
    """Put each phone number written in the text in a `number` span, which print.css keeps on one line (a number
    printed over two lines, "0115 948" / "2888", is read, and dialled, as two), and each email address in one that
    wraps only after its @ and dots. Those of links, and those printed after a link, are laid out already."""
    for element in list(root.iter()):
        classes = (element.get("class") or "").split()
        if element.get("href", "").startswith(("tel:", "mailto:")) or "number" in classes or "address" in classes:
            continue  # kept whole by print.css, or laid out as an email address already
        in_heading = re.fullmatch(r"h[1-6]", element.tag) is not None
        _wrap_in_text(element, "text", element, in_heading)
        for child in list(element):
            _wrap_in_text(child, "tail", element, in_heading)


def _wrap_in_text(node: Element, slot: str, parent: Element, in_heading: bool) -> None:
    """Split the text in `node`'s `slot` ('text' or 'tail') around each phone number and email address, each put in
    a span of `parent`."""
    text = getattr(node, slot) or ""
    if not DIGIT_OR_AT.search(text):
        return
    found = sorted([*PHONE_NUMBER_IN_TEXT.finditer(text), *EMAIL_IN_TEXT.finditer(text)], key=lambda m: m.start())
    found = [match for index, match in enumerate(found) if not index or match.start() >= found[index - 1].end()]
    if not found:
        return
    setattr(node, slot, text[: found[0].start()])
    at = 0 if slot == "text" else list(parent).index(node) + 1
    for index, match in enumerate(found):
        if "@" in match.group():
            span = Element("span", {"class": "address"})
            _email_break_points(span, match.group(), in_heading)
        else:
            span = Element("span", {"class": "number"})
            span.text = match.group()
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        span.tail = text[match.end() : end]
        parent.insert(at + index, span)


def _in_heading(element: Element, parents: dict[Element, Element]) -> bool:
    while element in parents:
        element = parents[element]
        if re.fullmatch(r"h[1-6]", element.tag):
            return True
    return False


def _contact_on_paper(href: str, words: str, own_numbers: dict[str, str]) -> str | None:
    """The email address or phone number a mailto: or tel: link leads to, as paper prints it, unless its words
    already show it (None then, and for any other link). A number of the publisher's own (`own_numbers`, by its
    E.164 form) is printed as the publisher writes it everywhere else: 03000 41 3000, not 0300 041 3000."""
    if href.startswith("mailto:"):
        address = _email_of(href)
        return None if address.lower() in words.lower() else address
    if href.startswith("tel:"):
        try:
            number = phonenumbers.parse(href.removeprefix("tel:"), "GB")
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            return None  # a Relay UK prefix (18001 and the number): only the words say how to dial it
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        # The words' digits, each run after a + kept marked: "+1 (202) 555-0143" is "+12025550143". A "(0)" after
        # a country code ("+44 (0)300") is not dialled, so it is not read.
        digits = re.sub(r"[^\d+]", "", words.replace("(0)", ""))
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]  # 44300..., 3906...
        # From here a number is dialled with its country code after + or 00, and a UK one also as 0300...:
        # "1-202-555-0143", the form dialled inside the US, does not show how to call it from the UK.
        written = [f"+{e164}", f"00{e164}"]
        if number.country_code == 44:
            written.append(re.sub(r"\D", "", national))  # 0300...; abroad, the national form is not dialled from here
        if any(form in digits for form in written):
            return None
        # A number abroad is printed as it is dialled from here: +33 1 42 68 53 00.
        international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if number.country_code != 44:
            return international
        return own_numbers.get(f"+{e164}", national)
    return None


def _keep_introductions_with_what_they_introduce(root: Element) -> None:
    """A paragraph ending with a colon ("The SEND Code of Practice says:", "These are:") is kept on the page of
    what it introduces (a quotation, a list, the headings of steps): printed alone at the foot of a page, it
    left the reader turning over to find what it announced."""
    for parent in root.iter():
        for sentence, _following in itertools.pairwise(list(parent)):
            kept = "introduces-list" in (sentence.get("class") or "").split()  # by the back page, already
            if sentence.tag == "p" and not kept and text_of(sentence).rstrip().endswith(":"):
                _add_class(sentence, "introduces")


KEPT_CONTACT_LINES = 3
"""How many lines of phone numbers or email addresses in a row are kept on the page of the line naming them."""


def _keep_contact_lines_with_what_comes_before(root: Element) -> None:
    """A paragraph that is only phone numbers or email addresses ("Call our helpline" / 0808 808 3555 /
    help@example.org), in bold or not, one to a line or not, is kept on the page of the paragraph before it:
    printed at the top of the next page, it was a number without a name. Of a run of such lines, the first
    `KEPT_CONTACT_LINES` are kept so (a number, a textphone, an email address): kept each with the one before, a
    list of ten numbers moved to the next page whole, leaving half a page empty."""
    for parent in root.iter():
        in_run = 0
        for line in list(parent)[1:]:
            contacts = [a for a in line.iter("a") if a.get("href", "").startswith(("tel:", "mailto:"))]
            shown = "".join(text_of(a) for a in contacts)
            is_one = line.tag == "p" and bool(contacts) and "".join(text_of(line).split()) == "".join(shown.split())
            in_run = in_run + 1 if is_one else 0
            if 0 < in_run <= KEPT_CONTACT_LINES:
                _add_class(line, "contact-line")


def contact_us_page(root: Element, other_formats: str, ends_leaflet: bool = True) -> None:
    """Lay out the contact panel in `root` as the "Contact us" back page, or as a "Contact us" box in the text.

    Where the leaflet ends with the panel (`ends_leaflet`, and nothing follows it), it is a page of
    its own, headed "Contact us", that the headings just before it go to as well. Anywhere else it is
    a box captioned "Contact us" (not a heading: the text after it is not part of it), kept whole where
    it fits. Either way it says how to ask for other formats: the publisher's statement, moved in when
    it comes just before the panel (as in the shared leaflet), added otherwise.
    """
    for parent in list(root.iter()):
        for index, panel in enumerate(list(parent)):
            if panel.tag != "div" or PANEL_CLASS not in panel.get("class", "").split():
                continue
            back_page = ends_leaflet and parent is root and index == len(parent) - 1
            page = Element("div", {"class": "contact-us" if back_page else "contact-us-box"})
            title = Element("h2" if back_page else "p")  # h3 on paper, after the shift below
            title.text = "Contact us"
            if not back_page:
                title.set("class", "contact-us-caption")
            page.append(title)
            before = parent[index - 1] if index else None
            if other_formats and before is not None and before.tag == "p" and text_of(before).strip() == other_formats:
                parent.remove(before)
                page.append(before)
            elif other_formats:
                statement = Element("p")
                statement.text = other_formats
                page.append(statement)
            page.tail, panel.tail = panel.tail, None
            position = list(parent).index(panel)
            parent.remove(panel)
            page.append(panel)
            parent.insert(position, page)
            if back_page:
                _start_the_back_page(parent, position, page)
            return


def _start_the_back_page(parent: Element, position: int, page: Element) -> None:
    """Start the back page at the "Contact us" page, or at the headings just before it (never a heading alone at
    the foot of the page before), and move what comes before the break on whole rather than leave a line behind."""
    start = position
    while start and re.fullmatch(r"h[1-6]", parent[start - 1].tag):
        start -= 1
    if start < position:
        _add_class(parent[start], "starts-contact-us")
        _add_class(page, "after-its-heading")
    if start:
        # A list takes the sentence introducing it along.
        ending = parent[start - 1]
        _add_class(ending, "before-contact-us")
        if ending.tag in ("ul", "ol") and start > 1 and parent[start - 2].tag == "p":
            _add_class(parent[start - 2], "introduces-list")


def _add_class(element: Element, name: str) -> None:
    element.set("class", " ".join(filter(None, [element.get("class"), name])))


ADDRESS_BREAK = re.compile(r"(?<=[/._@?&=])(?<!:/)(?=.)|(?<=.)(?=-)")
"""Where a long address may wrap: after a slash, dot, underscore, at sign or the like, and before a hyphen, never
inside a word. Before: a hyphen at a line's end is read as a word broken in two, and left out of the address copied
(special-educational- / needs); at a line's start, it is plainly part of it."""
ZERO_WIDTH_SPACE = "\u200b"
"""A place a line may wrap, invisible, and read by no screen reader or search."""
WORD_JOINER = "\u2060"
"""A place a line may not wrap (after a hyphen), invisible too."""
LONGEST_PIECE = 30
"""Characters of an address without any of those after which it is broken anyway (a long code in it): the
shortest printed line, large print on an A5 page, holds about 35."""


def _break_points(holder: Element, text: str, in_heading: bool = False) -> None:
    """Make `text` the content of `holder`, free to wrap (a zero-width space) where an address wraps sensibly.

    Paper cannot scroll: an address longer than a line would otherwise run off the page. The address's own
    style (print.css, `.address`) lets it wrap only there: WeasyPrint's break-anywhere, the rest of the text's
    last resort, cut words of addresses that had a place to wrap.
    """
    pieces = [
        piece[start : start + LONGEST_PIECE]
        for piece in ADDRESS_BREAK.split(text)
        for start in range(0, len(piece), LONGEST_PIECE)
    ]
    if not in_heading:
        # A zero-width space is what WeasyPrint draws for a <wbr> (its `wbr::before`), without the element: each
        # <wbr> was a box of its own to style and lay out, a twentieth of a PDF's time for a leaflet's addresses.
        # A word joiner after each hyphen: the line-breaking rules would otherwise break there too. Neither is
        # drawn, nor copied with the address.
        holder.text = ZERO_WIDTH_SPACE.join(pieces).replace("-", "-" + WORD_JOINER)
        return
    # A heading's text is also its bookmark's title, which would hold the zero-width spaces: <wbr> there.
    first, *rest = pieces
    holder.text = first
    for piece in rest:
        point = Element("wbr")
        point.tail = piece
        holder.append(point)


def _environment(project: Project) -> Environment:
    return Environment(
        loader=FileSystemLoader(project.templates_dir / "pdf"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        bytecode_cache=THEME_TEMPLATES,
    )


@dataclass(frozen=True)
class PrintDocument:
    """A leaflet ready for WeasyPrint: its page, the print stylesheet given beside it, and the PDF's title.

    The stylesheet is the same for every leaflet in one format (the publisher's colours and date
    are in the page), so WeasyPrint reads it once per format and process, not once per PDF. The
    page is the same in every format, so WeasyPrint parses it once for both (`render_pdf`): what
    makes a format is its stylesheet, and its title ("... (large print)"), which is given apart.
    """

    html: str
    stylesheet: str
    title: str = ""
    """The PDF's title; empty for the page's own <title>."""

    @functools.cached_property
    def digest(self) -> str:
        """A SHA-256 of everything WeasyPrint is given, but the logo: the preview's key for the PDF."""
        return hashlib.sha256(f"{self.html}\0{self.stylesheet}\0{self.title}".encode()).hexdigest()


@dataclass(frozen=True)
class PaperText:
    """What a leaflet's print page holds whatever its format: its sections and cover panel made ready for
    paper (`paper_tree`), and its QR code. Made once for both formats."""

    cover_contact: Markup | str
    sections: list[dict[str, Any]]
    qr: dict[str, str] | None


def paper_text(leaflet: ComposedLeaflet, cover_only: bool = False) -> PaperText:
    """The leaflet's text for paper, in both formats (with `cover_only`, its cover's alone)."""
    publisher = leaflet.publisher
    shown_links: set[str] = set()
    targets = {section.id: {h.id for h in section.headings if h.id} for section in leaflet.sections}
    contact = publisher.contact
    phones = [phone for phone in (contact.helpline, contact.textphone, *contact.other_phones) if phone is not None]
    own_numbers = {tel_uri(phone.number).removeprefix("tel:"): phone.number for phone in phones}
    cover_tree = (
        paper_tree(leaflet.cover_contact, "cover", shown_links, targets, own_numbers=own_numbers)
        if leaflet.cover_contact
        else None
    )
    shown = [] if cover_only else leaflet.sections
    trees = [
        paper_tree(
            section.html,
            section.id,
            shown_links,
            targets,
            publisher.accessible_formats,
            ends_leaflet=section is leaflet.sections[-1],
            own_numbers=own_numbers,
        )
        for section in shown
    ]
    every_tree = [*trees, *([cover_tree] if cover_tree is not None else [])]
    targeted = _link_targets(every_tree)
    for tree in every_tree:
        _drop_ids_nothing_leads_to(tree, targeted)
    web_url = leaflet_address(leaflet.site_address, leaflet.id)
    return PaperText(
        cover_contact=Markup(serialise_fragment(cover_tree)) if cover_tree is not None else "",
        sections=[
            {
                "id": section.id if section.id in targeted else None,
                "title": section.title,
                "html": Markup(serialise_fragment(tree)),
            }
            for section, tree in zip(shown, trees, strict=True)
        ],
        qr={"src": qr_code(web_url), "text": url_text(web_url)} if web_url else None,
    )


def print_documents(project: Project, leaflet: ComposedLeaflet, logo_path: Path | None) -> list[PrintDocument]:
    """The leaflet's print document in each of `FORMATS`: one page, its text made ready for paper once for all."""
    page = _print_page(project, leaflet, logo_path, paper_text(leaflet))
    return [
        PrintDocument(page, _print_stylesheet(project, print_format), pdf_title(leaflet, print_format))
        for print_format in FORMATS
    ]


def print_document(
    project: Project,
    leaflet: ComposedLeaflet,
    print_format: PrintFormat,
    logo_path: Path | None,
    cover_only: bool = False,
) -> PrintDocument:
    """The leaflet as one HTML document for print, and its format's stylesheet (with `cover_only`, its cover alone)."""
    page = _print_page(project, leaflet, logo_path, paper_text(leaflet, cover_only))
    return PrintDocument(page, _print_stylesheet(project, print_format), pdf_title(leaflet, print_format))


def pdf_title(leaflet: ComposedLeaflet, print_format: PrintFormat) -> str:
    """The title a PDF reader shows (and reads out first): the leaflet's, its publisher's, and large print's format."""
    title = f"{leaflet.title} \N{EN DASH} {leaflet.publisher.name}"
    return f"{title} (large print)" if print_format is LARGE else title


def _print_stylesheet(project: Project, print_format: PrintFormat) -> str:
    settings = {**asdict(print_format), "name": print_format.name}
    return _environment(project).get_template("print.css").render(fmt=settings, font_family=FONT_FAMILY)


def _print_page(project: Project, leaflet: ComposedLeaflet, logo_path: Path | None, text: PaperText) -> str:
    """The print page, the same in every format."""
    publisher = leaflet.publisher
    logo = None
    if logo_path is not None and publisher.branding.logo is not None:
        logo = {"src": logo_path.resolve().as_uri(), "alt": publisher.branding.logo.alt}
    template = _environment(project).get_template("leaflet.html")
    html = template.render(
        brand=print_colours(publisher.branding.colour),
        leaflet=leaflet,
        publisher=publisher,
        published=str(publisher.dates.published),
        published_iso=publisher.dates.published.latest_day().isoformat(),
        code=leaflet.code,
        sections=text.sections,
        cover_contact=text.cover_contact,
        logo=logo,
        qr=text.qr,
        website=url_text(publisher.contact.website) if publisher.contact.website else None,
    )
    # A paragraph separator (U+2029, pasted from a word processor) is an ordinary character in HTML, but
    # Pango ends a paragraph at it, which WeasyPrint's line breaking cannot follow: it is a space on paper.
    return html.replace("\u2029", " ")


def load_weasyprint() -> None:
    """Import WeasyPrint and find the fonts now: before worker processes are forked, so that each of them
    starts with it (about 0.6 s each, and each worker's first publisher waited for it)."""
    _fonts()


_FONTS: list[Any] = []


def _fonts() -> Any:
    """One font configuration for every PDF a process makes: finding the fonts is done once."""
    if not _FONTS:
        from weasyprint.text.fonts import FontConfiguration

        _FONTS.append(FontConfiguration())
        atexit.register(_let_go_of_fonts)
    return _FONTS[0]


def _let_go_of_fonts() -> None:
    """At exit, while WeasyPrint's modules are still whole, so that its font configuration can clean up after
    itself (left to the end of the interpreter, it finds them gone and says so)."""
    _parsed_stylesheet.cache_clear()
    forget_line_breaks()  # each answer's key holds the font configuration
    _FONTS.clear()


def _repository_fetcher(allowed: frozenset[Path]) -> Any:
    """WeasyPrint's one door to files: only `allowed` files and `data:` addresses, never the network.

    Anything else (an attachment, an image elsewhere on disk, a web address) stops
    the PDF with an error: sanitised leaflets never ask for one, so a request is a bug.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RepositoryFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, fail_on_errors=True)

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(url.split("?", 1)[0].removeprefix("file:"))).resolve()
                if path in allowed:
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    body = read_input(path, MAX_LOGO_BYTES)
                    return URLFetcherResponse(path.as_uri(), body, {"Content-Type": kind})
            raise PermissionError(f"a PDF may read only the logo and its own images, not {url[:200]}")

    return RepositoryFetcher()


COVER_RISK = 560
"""How tall, in points, the text of a large print cover may be (`cover_text_height`) and the cover not be laid out
to see whether it fits one page. Of the covers measured that did not fit (the longest names, straplines and titles
allowed, in words of wide letters, capitals or prose, or broken only at hyphens, with and without a long address
beside the QR code and the tallest logo), the shortest text was 715 pt tall; the seeds' are 275 to 423. Text in a
font the leaflets lack is always laid out."""
POINTS_PER_MM = 72 / 25.4
EDITION_LINE = len("Based on the  ( edition). Published .")
"""The cover's line naming the Code's edition (templates/pdf/leaflet.html), without the facts it prints."""


def cover_overflows(project: Project, leaflet: ComposedLeaflet, logo_path: Path | None, base_url: Path) -> bool:
    """Whether the leaflet's large print cover (its biggest) takes more than one page even set closer, as `render_pdf`
    sets a cover that runs over: laid out alone, for `check`, when it holds a contact panel or much text."""
    if not leaflet.cover_contact and cover_text_height(leaflet) < COVER_RISK:
        return False
    document = print_document(project, leaflet, LARGE, logo_path, cover_only=True)
    allowed = frozenset({logo_path.resolve()}) if logo_path else frozenset()
    return _cover_runs_over(document, str(base_url), allowed)


def cover_text_height(leaflet: ComposedLeaflet) -> float:
    """How tall the text of the leaflet's large print cover is, in points, wrapped at the widths it prints in: the
    service's name and strapline in the band, the title, who it is for, the Code's edition, and the address beside
    the QR code (or the website line)."""
    publisher, code, fmt = leaflet.publisher, leaflet.code, LARGE
    column = (210 - 2 * fmt.margin_mm) * POINTS_PER_MM
    band = column - 2 * fmt.body_pt
    beside_code = column - 25 * POINTS_PER_MM - fmt.body_pt
    web_url = leaflet_address(leaflet.site_address, leaflet.id)
    online = f"Read this leaflet online: {url_text(web_url)}" if web_url else ""
    if not web_url and publisher.contact.website:
        online, beside_code = f"More from {publisher.name} online: {url_text(publisher.contact.website)}", column
    facts = [code.short_title, code.edition, str(publisher.dates.published)]
    parts = [
        (publisher.name, fmt.h3_pt, band, "bold", 1.5),
        *((line, fmt.body_pt, band, "regular", 1.5) for line in publisher.strapline),
        (leaflet.title, fmt.h1_pt, column, "bold", 1.25),
        (leaflet.audience, fmt.body_pt, column, "bold", 1.5),
        ("x" * EDITION_LINE + " ".join(facts), fmt.body_pt, column, "regular", 1.5),
        (online, fmt.body_pt, beside_code, "regular", 1.5),
    ]
    return sum(
        _wrapped_lines(text, size, width, weight) * size * line_height
        for text, size, width, weight, line_height in parts
        if text
    )


WORD_GAP = re.compile(r"[^\S\u00a0\u2007\u202f]+")
"""Where the layout may break a line at a space: not a non-breaking one (U+00A0, U+2007, U+202F), which joins
two words into one that moves to the next line whole."""
BREAKS_IN_A_WORD = re.compile(r"(?<=[-\u00ad\u200b\u2010\u2012\u2013\u2014])")
"""Where the layout may break a word without a space: after a hyphen, a soft hyphen, a zero-width space or a dash.
The word's pieces are put on lines as words are: breaking there, a line may hold little more than half its width
(pieces just over half a line long, one a line), where cutting the word anywhere fills each line."""


def _wrapped_lines(text: str, size: float, width: float, weight: str) -> float:
    """How many lines `text` takes at `size` points in a column `width` points wide, each word (and each piece of a
    word after a hyphen or dash) put on the line if it fits, and a piece longer than a line cut (print.css's
    overflow-wrap: anywhere). Infinite when it holds a character the font lacks: it prints in another font on the
    machine, of widths and heights unknown here (a Canadian syllabic is two ems wide), so the cover is laid out."""
    from ...inputs.font import advance_widths, missing_from_font

    if missing_from_font(text):
        return math.inf
    widths = advance_widths(weight)
    space = widths.get(ord(" "), 0.3) * size
    lines, used = 1, 0.0
    for word in WORD_GAP.split(text.strip()):
        for number, piece in enumerate(BREAKS_IN_A_WORD.split(word)):
            gap = space if number == 0 else 0.0
            wide = sum(widths.get(ord(character), 1.0) for character in piece) * size
            if used and used + gap + wide <= width:
                used += gap + wide
                continue
            if used:
                lines, used = lines + 1, 0.0
            cut = max(0, math.ceil(wide / width) - 1)
            lines, used = lines + cut, wide - cut * width
    return lines


@functools.lru_cache(maxsize=2)
def _parsed_page(html: str, base_url: str, allowed: frozenset[Path]) -> Any:
    """The print page as WeasyPrint parsed it, kept for the next format: both formats of a leaflet are one page
    (`print_documents`), and parsing it is a thirtieth of a PDF's time. WeasyPrint lays out a parsed page without
    changing it. Two are kept: a page, and the same set closer (`_set_closer`)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=_repository_fetcher(allowed))


@functools.lru_cache(maxsize=64)
def _cover_runs_over(document: PrintDocument, base_url: str, allowed: frozenset[Path]) -> bool:
    """Kept per cover: the preview checks the same cover again on every rebuild."""
    from weasyprint import HTML

    _change_weasyprint()  # the cover's lines are remembered for its PDF
    fetcher = _repository_fetcher(allowed)
    stylesheets = [_parsed_stylesheet(document.stylesheet)]
    with collected_warnings("weasyprint"):
        for html in (document.html, _set_closer(document.html)):
            pages = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=_fonts(), stylesheets=stylesheets
            )
            if len(pages.pages) <= 1:
                return False
    return True


def _set_closer(html: str) -> str:
    """The print page with its cover set closer (print.css's `.compact-cover`), for a cover that runs over its page."""
    return html.replace('<body class="', '<body class="compact-cover ', 1)


def _cover_pages(document: Any) -> int:
    """How many pages the cover took: the first chapter starts on the page after it.

    Reads WeasyPrint's laid-out boxes (its private `_page_box`), as the tagging pass does.
    """
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.tag == "section" and "chapter" in (element.get("class") or ""):
                return number
    return len(document.pages)


@functools.lru_cache(maxsize=8)
def _parsed_stylesheet(css: str) -> Any:
    """The print stylesheet as WeasyPrint reads it, once per text: every leaflet in a format shares it."""
    from weasyprint import CSS

    # It may load nothing (no @import, no font files): the fetcher allows no file at all.
    return CSS(string=css, url_fetcher=_repository_fetcher(frozenset()), font_config=_fonts())


def _change_weasyprint() -> None:
    """The build's changes to WeasyPrint (tagging, compression, remembered line breaks), each made once per process:
    before the first layout, as the line breaks are remembered from it."""
    from .compression import compress_object_streams_at_the_default_level
    from .tags import draw_margin_boxes_as_artifacts, mend_the_structure_tree

    mend_the_structure_tree()
    draw_margin_boxes_as_artifacts()
    compress_object_streams_at_the_default_level()
    remember_line_breaks()


def render_pdf(document: PrintDocument, base_url: Path, allowed_files: frozenset[Path] = frozenset()) -> RenderedPdf:
    """Write tagged PDF/UA-1 with WeasyPrint, page furniture as artifacts and its structure tree mended (`tags.py`).

    WeasyPrint reads nothing but `allowed_files` (the logo) and the `data:` images in the document.
    """
    from weasyprint.urls import FatalURLFetchingError

    _change_weasyprint()
    html = document.html
    allowed = frozenset(path.resolve() for path in allowed_files)
    with collected_warnings("weasyprint") as problems:
        try:
            stylesheets = [_parsed_stylesheet(document.stylesheet)]
            laid_out = _parsed_page(html, str(base_url), allowed).render(font_config=_fonts(), stylesheets=stylesheets)
            if _cover_pages(laid_out) > 1:
                # A cover that runs over its page (a long name or strapline, a contact panel on it) is set
                # closer, which costs a second layout only for those leaflets.
                laid_out = _parsed_page(_set_closer(html), str(base_url), allowed).render(
                    font_config=_fonts(), stylesheets=stylesheets
                )
                if _cover_pages(laid_out) > 1 and "<section" in html:
                    # `check` refuses a cover that does not fit even so (`cover_overflows`): a bug if it gets here.
                    raise PdfError("the cover takes more than one page even set closer, which check did not find")
            if document.title:
                laid_out.metadata.title = document.title
            # No file identifier (/ID), which PDF/UA-1 does not ask for: pydyf makes its second half by writing
            # the whole file out again, compressed, to hash it (a thirtieth of each PDF's time). Without it,
            # the same input still gives the same bytes.
            raw = laid_out.write_pdf(pdf_variant="pdf/ua-1", attachments=[])
        except FatalURLFetchingError as exc:
            raise PdfError(f"the PDF asked for a file it may not read: {exc.__cause__ or exc}") from exc
    errors = [r.getMessage() for r in problems if r.levelno >= logging.ERROR]
    if errors:
        raise PdfError("WeasyPrint could not make an accessible PDF: " + "; ".join(errors))
    return RenderedPdf(raw, len(laid_out.pages))
