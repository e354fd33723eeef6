"""Composed leaflet -> EPUB 3 file: metadata, navigation, spine, stylesheet and logo. The only module using ebooklib.

ebooklib writes the package document, the navigation document (and an NCX for older
reading systems) and the container; the content documents come from `xhtml`. The
result is the same bytes for the same leaflet: the identifier is derived from the
content, `dcterms:modified` from the publication date, and the zip is rewritten with
fixed dates (`deterministic_zip`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ebooklib import epub

from ...compose.leaflet import ComposedLeaflet
from ...inputs.files import read_input
from ...inputs.rules import MAX_LOGO_BYTES
from ..zip_package import deterministic_zip
from .xhtml import COVER, LANGUAGE, STYLESHEET, XML_LANG, Document, Heading, Logo, leaflet_documents, plain

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
"""The conformance string EPUB Accessibility 1.1 defines (section "Publication conformance"), exactly."""
CONTENTS = "Contents"

STYLE = """\
/* The reader's own settings decide the font, its size, the spacing and the colours: nothing here sets them. */
body { overflow-wrap: break-word; word-wrap: break-word; }
p, li, dt, dd, h1, h2, h3, h4, h5, h6, blockquote { text-align: left; text-align: start; }
h1, h2, h3, h4, h5, h6 { page-break-after: avoid; break-after: avoid; }
img.logo { display: block; max-width: 100%; height: auto; }
p.publisher { font-weight: bold; }
div.code-quote { margin: 1em 0; }
div.code-quote blockquote { margin: 0 0 0 0.5em; padding-left: 1em; border-left: 0.25em solid; }
p.citation { margin: 0.5em 0 0 1.75em; }
div.contact-panel { margin: 1em 0; padding: 0 1em; border: 0.125em solid; }
"""
"""Quotations set apart by a rule, the contact panel boxed, text never justified; rules and borders in the
text's own colour, so they follow a dark or high-contrast theme."""

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:sen-leaflets:epub")


def render_epub(leaflet: ComposedLeaflet, logo_path: Path | None) -> bytes:
    """The leaflet as a reflowable EPUB 3 file, conforming to EPUB Accessibility 1.1 (WCAG 2.2 AA).

    The cover (with the logo, when the publisher has one and `logo_path` is its file), a contents
    page, then one document per section. The only file read is the logo.
    """
    logo_file = _logo(leaflet, logo_path)
    alt = leaflet.publisher.branding.logo.alt if leaflet.publisher.branding.logo else ""
    logo = Logo(logo_file[0], plain(alt)) if logo_file else None
    documents = leaflet_documents(leaflet, logo)
    book = epub.EpubBook()
    book.set_identifier(_identifier(documents, logo_file))
    book.set_title(plain(leaflet.title))
    book.set_language(LANGUAGE)
    name = plain(leaflet.publisher.name)
    book.add_author(name)
    book.add_metadata("DC", "publisher", name)
    if plain(leaflet.summary):
        book.add_metadata("DC", "description", plain(leaflet.summary))
    book.add_metadata("DC", "date", leaflet.publisher.dates.published.iso())
    for value, attributes in _accessibility(leaflet, name, logo is not None):
        book.add_metadata(None, "meta", value, attributes)

    style = epub.EpubItem(uid="style", file_name=STYLESHEET, media_type="text/css", content=STYLE.encode("utf-8"))
    items = [
        epub.EpubItem(uid=_item_id(document), file_name=document.file_name, media_type="application/xhtml+xml",
                      content=document.xhtml)
        for document in documents
    ]  # fmt: skip
    nav = epub.EpubNav(title=CONTENTS)
    nav.add_item(style)
    cover, *sections = items
    for item in [cover, nav, *sections, style]:
        book.add_item(item)
    if logo_file:
        book.add_item(epub.EpubImage(uid="logo", file_name=logo_file[0], media_type=logo_file[1], content=logo_file[2]))
    book.add_item(epub.EpubNcx())
    book.toc = _toc([heading for document in documents for heading in document.headings], plain(leaflet.title))
    book.spine = [cover, nav, *sections]

    published = leaflet.publisher.dates.published.latest_day()
    options = {
        "mtime": dt.datetime.combine(published, dt.time()),
        "epub2_guide": False,
        "epub3_landmark": False,
        "epub3_pages": False,
        "raise_exceptions": True,
    }
    out = io.BytesIO()
    writer = _Writer(out, book, options)
    writer.process()
    writer.write()
    return deterministic_zip(out.getvalue())


class _Writer(epub.EpubWriter):  # type: ignore[misc]  # ebooklib has no type hints
    """ebooklib's writer, giving the package document its language too (`xml:lang`), as Ace asks."""

    def _write_opf_file(self, root: Any) -> None:
        root.set(XML_LANG, LANGUAGE)
        super()._write_opf_file(root)


def _logo(leaflet: ComposedLeaflet, logo_path: Path | None) -> tuple[str, str, bytes] | None:
    """The logo's file name in the EPUB, its media type and its bytes; None without one.

    Its kind is read from its first bytes (the schema and `check` allow PNG and JPEG only),
    so that its name and media type match what it is.
    """
    if logo_path is None or leaflet.publisher.branding.logo is None:
        return None
    data = read_input(logo_path, MAX_LOGO_BYTES)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "logo.png", "image/png", data
    if data.startswith(b"\xff\xd8\xff"):
        return "logo.jpg", "image/jpeg", data
    return None  # `check` refuses any other logo; the EPUB is made without it rather than broken


def _identifier(documents: list[Document], logo: tuple[str, str, bytes] | None) -> str:
    """A UUID derived from everything the EPUB shows: the same leaflet, the same identifier."""
    digest = hashlib.sha256()
    for part in [*(d.xhtml for d in documents), STYLE.encode("utf-8"), logo[2] if logo else b""]:
        digest.update(hashlib.sha256(part).digest())
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, digest.hexdigest())}"


def _item_id(document: Document) -> str:
    return document.file_name.removesuffix(".xhtml")


def _accessibility(leaflet: ComposedLeaflet, publisher: str, has_logo: bool) -> list[tuple[str, dict[str, str]]]:
    """The schema.org accessibility metadata and the EPUB Accessibility 1.1 conformance claim.

    The claim names who evaluated it (`a11y:certifiedBy`, which the specification requires with
    a claim): the publisher, whose build checks every EPUB with EPUBCheck and Ace by DAISY. The
    summary says only what this leaflet has (quotations, lists, a logo).
    """
    modes = ["textual", "visual"] if has_logo else ["textual"]
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if has_logo:
        features.append("alternativeText")
    html = "".join(section.html for section in leaflet.sections) + leaflet.cover_contact
    parts = ["a table of contents", "a heading for each section and its parts"]
    if "<ul" in html or "<ol" in html:
        parts.append("real lists")
    if 'class="code-quote"' in html:
        parts.append("quotations from the SEND Code of Practice set apart, each followed by the paragraph it cites")
    summary = (
        "This leaflet is text to read on any e-reader, app or screen reader: the font, its size, the spacing and "
        f"the colours are the reader's to choose. It has {', '.join(parts[:-1])} and {parts[-1]}. "
        + ("The publisher's logo on the cover has a text alternative. " if has_logo else "")
        + "It has no sound, video, flashing or moving content."
    )
    meta: list[tuple[str, dict[str, str]]] = [(mode, {"property": "schema:accessMode"}) for mode in modes]
    meta.append(("textual", {"property": "schema:accessModeSufficient"}))
    meta += [(feature, {"property": "schema:accessibilityFeature"}) for feature in features]
    meta.append(("none", {"property": "schema:accessibilityHazard"}))
    meta.append((summary, {"property": "schema:accessibilitySummary"}))
    meta.append((CONFORMANCE, {"property": "dcterms:conformsTo", "id": "conformance"}))
    meta.append((publisher, {"property": "a11y:certifiedBy", "refines": "#conformance"}))
    return meta


@dataclass
class _Entry:
    """An entry of the table of contents, with the entries under it."""

    heading: Heading
    number: int
    children: list[_Entry] = field(default_factory=list)


def _toc(headings: list[Heading], title: str) -> list[Any]:
    """The navigation's entries, nested by level: each section, and its headings under it.

    A leaflet with no sections (all left out) lists its cover, since a table of contents may not be empty.
    """
    root: list[_Entry] = []
    stack: list[tuple[int, list[_Entry]]] = [(1, root)]
    for number, heading in enumerate(headings, 1):
        while stack[-1][0] >= heading.level:
            stack.pop()
        entry = _Entry(heading, number)
        stack[-1][1].append(entry)
        stack.append((heading.level, entry.children))
    return [_ebooklib_entry(entry) for entry in root] or [epub.Link(COVER, title, "toc-0")]


def _ebooklib_entry(entry: _Entry) -> Any:
    """An entry as ebooklib takes it: a link, or a pair of the link and the entries under it."""
    link = epub.Link(entry.heading.href, entry.heading.title, f"toc-{entry.number}")
    return (link, [_ebooklib_entry(child) for child in entry.children]) if entry.children else link
