"""The EPUB's content documents: the cover, then one XHTML document per section, made from the composed leaflet.

The composed HTML is already sanitised; what is done here makes it XHTML that EPUBCheck,
Ace and every reading system accept, whatever an editor wrote:

- The leaflet's title is the one `h1`, on the cover. Each section's title is an `h2`
  and its headings go down from there, never skipping a level; an empty heading is
  dropped, and each heading keeps its id (or is given one) so the navigation can reach it.
- Links to another section (`more-information.md#review`) lead to its document and
  heading; web, email and phone links stay as they are.
- The contact panel that ends the leaflet is headed "Contact us", with the publisher's
  statement on other formats, so a screen reader can jump to it.
- What XHTML's stricter rules refuse is mended with the text kept: a heading or
  paragraph holding a block is flattened, a list's stray content goes in an item,
  characters XML cannot hold are dropped, addresses are percent-encoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote
from xml.etree.ElementTree import Element

from ...compose.contact import PANEL_CLASS
from ...compose.html_tree import parse_fragment, text_of
from ...compose.leaflet import ComposedLeaflet, ComposedSection
from ...compose.sanitise import SCHEME
from ...inputs.fields import url_text
from ..downloads import leaflet_address

LANGUAGE = "en-GB"
STYLESHEET = "style.css"
COVER = "cover.xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTACT_US = "Contact us"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HEADING = re.compile(r"h[1-6]")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_XML_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_BLOCKS = frozenset(
    {"blockquote", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "ul"}
)
_PHRASING_ONLY = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "abbr", "b", "em", "i", "small", "span",
                            "strong", "sub", "sup"})  # fmt: skip
"""Elements whose content XHTML allows to be text and phrasing only (`a` takes its parent's rule)."""
_ATTRIBUTES = frozenset({"lang", "title", "href", "rel", "hreflang", "cite", "start", "id", "class"})
_VOID = frozenset({"br", "hr", "img"})
_URL_SAFE = "!$&'()*+,-./:;=?@_~%"


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF)."""
    return _NOT_XML.sub("", text)


def plain(text: str) -> str:
    """`text` as one line for a title or a navigation entry: XML-safe, its spaces made single."""
    return " ".join(xml_text(text).split())


@dataclass(frozen=True)
class Heading:
    """A heading of a content document, as the navigation lists it."""

    level: int
    """2 for a section's title, 3 for its headings, and so on."""
    title: str
    href: str
    """The document, and the heading's id unless it is the section's title: `section-3.xhtml#review`."""


@dataclass(frozen=True)
class Document:
    """One XHTML content document, in reading order."""

    file_name: str
    title: str
    xhtml: bytes
    headings: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Logo:
    file_name: str
    alt: str


def section_file(index: int) -> str:
    """The file of the section at `index` (0-based): named by position, so no section id can clash with another file."""
    return f"section-{index + 1}.xhtml"


def leaflet_documents(leaflet: ComposedLeaflet, logo: Logo | None) -> list[Document]:
    """The cover, then each section, as XHTML documents in reading order."""
    trees = [_section_tree(section) for section in leaflet.sections]
    if trees:
        _head_the_contact_panel(trees[-1], leaflet.publisher.accessible_formats)
    files: dict[str, str] = {}
    ids: dict[str, dict[str, str]] = {}
    headings: list[tuple[Heading, ...]] = []
    for index, (section, tree) in enumerate(zip(leaflet.sections, trees, strict=True)):
        file_name = section_file(index)
        found, section_ids = _number_headings(tree, section, file_name)
        files.setdefault(section.id, file_name)
        ids.setdefault(section.id, section_ids)
        headings.append(found)
    links = _Links(files, ids)
    documents = [_cover(leaflet, logo, links)]
    for index, (section, tree) in enumerate(zip(leaflet.sections, trees, strict=True)):
        links.rewrite(tree, section.id)
        documents.append(
            Document(section_file(index), plain(section.title), _xhtml(section.title, tree), headings[index])
        )
    return documents


# --- the cover ---------------------------------------------------------------------------------


def _cover(leaflet: ComposedLeaflet, logo: Logo | None, links: _Links) -> Document:
    """The title page: logo, publisher and strapline, the cover's contact panel, title, audience, edition, address."""
    publisher = leaflet.publisher
    body = Element("body")
    body.text = "\n"
    if logo is not None:
        _append(body, Element("img", {"class": "logo", "src": logo.file_name, "alt": logo.alt}))
    _paragraph(body, publisher.name, "publisher")
    for line in publisher.strapline:
        _paragraph(body, line, "strapline")
    if leaflet.cover_contact:
        panel = parse_fragment(leaflet.cover_contact)
        _repair(panel, phrasing=False)
        for heading in [e for e in panel.iter() if _HEADING.fullmatch(e.tag)]:
            # The title is the cover's first heading: a heading in the panel above it is set as bold text.
            heading.tag, heading.attrib = "p", {}
            strong = Element("strong")
            strong.text, heading.text = heading.text, None
            strong.extend(list(heading))
            heading[:] = [strong]
        links.rewrite(panel, None)
        body.extend(list(panel))
    title = Element("h1")
    title.text = leaflet.title
    _append(body, title)
    if leaflet.audience:
        _paragraph(body, leaflet.audience, "audience")
    code = leaflet.code
    edition = f"Based on the {code.short_title} ({code.edition} edition). Published {publisher.dates.published}."
    _paragraph(body, edition, "edition")
    address = leaflet_address(leaflet.site_address, leaflet.id)
    if address:
        _linked(body, "Read this leaflet online: ", address, "online")
    elif publisher.contact.website:
        _linked(body, f"More from {publisher.name} online: ", publisher.contact.website, "online")
    return Document(COVER, plain(leaflet.title), _xhtml(leaflet.title, body))


def _append(parent: Element, element: Element) -> Element:
    """Append `element` to `parent` on a line of its own (for anyone reading the XHTML)."""
    element.tail = "\n"
    parent.append(element)
    return element


def _paragraph(parent: Element, text: str, kind: str) -> Element:
    paragraph = Element("p", {"class": kind})
    paragraph.text = text
    return _append(parent, paragraph)


def _linked(parent: Element, words: str, address: str, kind: str) -> None:
    paragraph = _paragraph(parent, words, kind)
    link = Element("a", {"href": _clean_url(address)})
    link.text = url_text(address)
    paragraph.append(link)


# --- sections ----------------------------------------------------------------------------------


def _section_tree(section: ComposedSection) -> Element:
    """The section's HTML as a tree XHTML accepts, starting with its title."""
    tree = parse_fragment(section.html)
    _repair(tree, phrasing=False)
    first = tree[0] if len(tree) else None
    if first is None or first.tag != "h1" or (tree.text or "").strip():
        # Composing always starts a section with its title; should it not, the title is put back.
        title = Element("h1")
        title.text = section.title
        title.tail, tree.text = tree.text, None
        tree.insert(0, title)
    return tree


def _number_headings(
    tree: Element, section: ComposedSection, file_name: str
) -> tuple[tuple[Heading, ...], dict[str, str]]:
    """Set each heading's level and id; the headings for the navigation, and each original id's new one.

    The title becomes `h2` (the leaflet's title is the cover's `h1`); a heading below it goes one
    level down from its Markdown level, but never more than one below the heading before it and
    never up to the title's level, so no level is skipped. Ids the editor's Markdown gave are kept
    when XML accepts them; others get `heading.N`, which no Markdown id can be (they have no dots).
    """
    headings: list[Heading] = []
    empty: set[Element] = set()
    new_ids: dict[str, str] = {}
    used: set[str] = set()
    previous = 2
    for count, element in enumerate([e for e in tree.iter() if _HEADING.fullmatch(e.tag)]):
        text = plain(text_of(element))
        if count and not text:
            empty.add(element)
            continue
        level = 2 if not count else max(3, min(int(element.tag[1]) + 1, previous + 1, 6))
        element.tag, previous = f"h{level}", level
        original = element.attrib.pop("id", "")
        new_id = original if _XML_ID.fullmatch(original) and original not in used else f"heading.{count}"
        used.add(new_id)
        element.set("id", new_id)
        if original:
            new_ids.setdefault(original, new_id)
        if not count:
            headings.append(Heading(2, plain(section.title), file_name))
        else:
            headings.append(Heading(level, text, f"{file_name}#{new_id}"))
    _remove_all(tree, empty)
    return tuple(headings), new_ids


def _head_the_contact_panel(tree: Element, other_formats: str) -> None:
    """Head the contact panel that ends the leaflet "Contact us", with the statement on other formats.

    The statement, when it comes just before the panel (as in the shared leaflet), goes under the
    heading; otherwise it is added there. A panel anywhere else stays a box in the text.
    """
    if not len(tree) or tree[-1].tag != "div" or PANEL_CLASS not in tree[-1].get("class", "").split():
        return
    at = len(tree) - 1
    heading = Element("h2")  # a heading of the section, whatever the headings before it
    heading.text = CONTACT_US
    heading.tail = "\n"
    before = tree[at - 1] if at else None
    statement = " ".join(other_formats.split())
    if statement and before is not None and before.tag == "p" and " ".join(text_of(before).split()) == statement:
        tree.insert(at - 1, heading)
    else:
        tree.insert(at, heading)
        if statement:
            paragraph = Element("p")
            paragraph.text = statement
            paragraph.tail = "\n"
            tree.insert(at + 1, paragraph)


class _Links:
    """Where each link to another part of the leaflet leads in the EPUB."""

    def __init__(self, files: dict[str, str], ids: dict[str, dict[str, str]]) -> None:
        self.files = files
        self.ids = ids

    def rewrite(self, tree: Element, section_id: str | None) -> None:
        """Point the links in `tree` (of the section `section_id`, None for the cover) at their EPUB documents.

        A link within the leaflet to something it does not have (composing reported it) stops
        being a link, as on paper. A link with no text shows where it leads, so a screen reader
        has something to say.
        """
        for anchor in tree.iter("a"):
            href = anchor.get("href")
            if href is None:
                continue
            scheme = SCHEME.match(href)
            if scheme:
                if scheme.group(1).lower() in {"http", "https", "mailto", "tel"}:
                    anchor.set("href", _clean_url(href))
                    shown = url_text(href) if href.lower().startswith("http") else href.split(":", 1)[1]
                else:
                    del anchor.attrib["href"]
                    continue
            else:
                target = self._target(href, section_id)
                if target is None:
                    del anchor.attrib["href"]
                    continue
                anchor.set("href", target)
                shown = "this part of the leaflet"
            if not plain(text_of(anchor)):
                anchor.text = (anchor.text or "") + shown

    def _target(self, href: str, section_id: str | None) -> str | None:
        page, _, fragment = href.partition("#")
        if page:
            target = page.removesuffix(".md") if page.endswith(".md") and "/" not in page else None
        else:
            target = section_id
        if target is None or target not in self.files:
            return None
        if fragment in self.ids[target]:
            return f"{self.files[target]}#{self.ids[target][fragment]}"
        return self.files[target] if page else None


# --- mending what XHTML refuses ----------------------------------------------------------------


def _repair(element: Element, phrasing: bool) -> None:
    """Make `element`'s content what XHTML allows, keeping every word.

    `phrasing`: `element` may hold only text and phrasing elements (it is a paragraph, a
    heading, `strong` and the like); a block inside it is unwrapped, its text kept. Lists
    hold only their items (anything else goes in an item), a definition list that is not
    terms followed by definitions becomes plain blocks, and an item outside a list becomes
    a plain block. Attributes are those the sanitiser allows, with values XHTML accepts.
    """
    _clean_attributes(element)
    kept: list[Element] = []
    text_holder: list[Element | None] = [None]  # the last kept child, whose tail takes text; None: `element.text`

    def add_text(text: str) -> None:
        holder = text_holder[0]
        if holder is None:
            element.text = (element.text or "") + text
        else:
            holder.tail = (holder.tail or "") + text

    for child in list(element):
        if (child.tag == "li" and element.tag not in ("ul", "ol")) or (
            child.tag in ("dt", "dd") and element.tag != "dl"
        ):
            child.tag = "div"  # an item outside its list
        inner = phrasing or child.tag in _PHRASING_ONLY
        _repair(child, inner)
        if phrasing and child.tag in _BLOCKS:
            add_text(" " + (child.text or ""))
            for grandchild in list(child):
                kept.append(grandchild)
                text_holder[0] = grandchild
            add_text(" " + (child.tail or ""))
        else:
            kept.append(child)
            text_holder[0] = child
    element[:] = kept
    if element.tag in ("ul", "ol"):
        _wrap_strays(element, "li")
    elif element.tag == "dl" and not _is_term_list(element):
        element.tag = "div"
        for child in element:
            if child.tag in ("dt", "dd"):
                child.tag = "div"


def _clean_attributes(element: Element) -> None:
    attributes = {name: value for name, value in element.attrib.items() if name in _ATTRIBUTES}
    for name in ("lang", "hreflang"):
        if name in attributes and not _LANG.fullmatch(attributes[name]):
            del attributes[name]
    if "lang" in attributes:
        attributes[XML_LANG] = attributes["lang"]  # XHTML asks for both, the same
    if "start" in attributes and (element.tag != "ol" or not re.fullmatch(r"-?[0-9]{1,9}", attributes["start"])):
        del attributes["start"]
    if "cite" in attributes:
        attributes["cite"] = _clean_url(attributes["cite"])
    element.attrib = attributes


def _wrap_strays(element: Element, item: str) -> None:
    """Put whatever a list holds besides its items (text, other elements) into items of their own."""
    kept: list[Element] = []
    open_item: Element | None = None

    def stray_text(text: str) -> None:
        nonlocal open_item
        if open_item is None:
            open_item = Element(item)
            kept.append(open_item)
        if len(open_item):
            open_item[-1].tail = (open_item[-1].tail or "") + text
        else:
            open_item.text = (open_item.text or "") + text

    if (element.text or "").strip():
        text, element.text = element.text or "", None
        stray_text(text)
    for child in list(element):
        tail = child.tail or ""
        if child.tag == item:
            open_item = None
            child.tail = tail if not tail.strip() else None
            kept.append(child)
            if tail.strip():
                stray_text(tail)
        else:
            if open_item is None:
                open_item = Element(item)
                kept.append(open_item)
            open_item.append(child)
    element[:] = kept


def _is_term_list(element: Element) -> bool:
    """Whether a `dl` is what XHTML allows: groups of terms each followed by their definitions, and no loose text."""
    if (element.text or "").strip() or any((child.tail or "").strip() for child in element):
        return False
    tags = [child.tag for child in element]
    # Terms and definitions only, starting with a term and ending with a definition: that is groups of each.
    return not tags or (set(tags) <= {"dt", "dd"} and tags[0] == "dt" and tags[-1] == "dd")


def _remove_all(tree: Element, doomed: set[Element]) -> None:
    """Take the `doomed` elements out of `tree`, keeping the text after each; one pass, however many there are."""
    for parent in [element for element in tree.iter() if any(child in doomed for child in element)]:
        kept: list[Element] = []
        for child in list(parent):
            if child not in doomed:
                kept.append(child)
            elif kept:
                kept[-1].tail = (kept[-1].tail or "") + (child.tail or "")
            else:
                parent.text = (parent.text or "") + (child.tail or "")
        parent[:] = kept


def _clean_url(url: str) -> str:
    """An address as XHTML accepts it: spaces and other characters URLs cannot hold percent-encoded."""
    url = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", url.strip())
    base, hash_mark, fragment = url.partition("#")
    return quote(base, safe=_URL_SAFE + "#") + hash_mark + quote(fragment, safe=_URL_SAFE)


# --- writing XHTML -----------------------------------------------------------------------------


def _xhtml(title: str, body: Element) -> bytes:
    """A whole XHTML content document: language en-GB, its title, the stylesheet, and `body`'s content."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n',
        f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{LANGUAGE}" xml:lang="{LANGUAGE}">\n',
        f"<head>\n<title>{_escape(plain(title))}</title>\n",
        f'<link rel="stylesheet" type="text/css" href="{STYLESHEET}"/>\n</head>\n<body>',
        _escape(body.text or ""),
    ]
    for child in body:
        _write(child, parts)
    parts.append("</body>\n</html>\n")
    return "".join(parts).encode("utf-8")


def _write(element: Element, parts: list[str]) -> None:
    attributes = "".join(
        f' {"xml:lang" if name == XML_LANG else name}="{_escape(value, quote=True)}"'
        for name, value in element.attrib.items()
    )
    if element.tag in _VOID:
        parts.append(f"<{element.tag}{attributes}/>")
    else:
        parts.append(f"<{element.tag}{attributes}>{_escape(element.text or '')}")
        for child in element:
            _write(child, parts)
        parts.append(f"</{element.tag}>")
    parts.append(_escape(element.tail or ""))


def _escape(text: str, quote: bool = False) -> str:
    return escape(xml_text(text), quote=quote)
