"""What the website and the downloadable editions share: the editions, their files, and where a leaflet lives online.

The site offers each edition ("Large print (PDF, 40 KB, 7 pages)", "EPUB e-book (EPUB,
18 KB)") and the editions print the leaflet's address; no output imports another, so
they all take these from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs.rules import BOOKLET_SUFFIX, LARGE_PRINT_SUFFIX

DOWNLOADS_FOLDER = "downloads"


@dataclass(frozen=True)
class Edition:
    """A downloadable edition of every leaflet: its name, how the site labels it, and how its file is named."""

    name: str
    label: str
    """As the site lists it: 'Large print', 'EPUB e-book'."""
    in_text: str
    """As a sentence names it: 'large print', 'A5 booklet for a print shop', 'Word document'."""
    file_suffix: str
    for_reading: bool = True
    """Accessible as it is, to read on screen or print at home; False for the print-shop copy."""
    extension: str = "pdf"
    output: str = "pdf"
    """The output that makes it, as `--formats` names it: 'pdf', 'epub', 'docx' or 'brf'."""
    offered_as: str = ""
    """For the other formats, what it is and who it is for, as the accessibility statement says it."""

    @property
    def printed(self) -> bool:
        """True for the PDFs, laid out as pages to print; False for the other formats."""
        return self.output == "pdf"

    def path(self, leaflet_id: str) -> str:
        """Where the file goes in a publisher's site: downloads/sen-support-large-print.pdf."""
        return f"{DOWNLOADS_FOLDER}/{leaflet_id}{self.file_suffix}.{self.extension}"


STANDARD_PRINT = Edition("standard", "Standard print", "standard print", "")
LARGE_PRINT = Edition("large-print", "Large print", "large print", LARGE_PRINT_SUFFIX)
BOOKLET = Edition("booklet", "A5 booklet for a print shop", "A5 booklet for a print shop", BOOKLET_SUFFIX, False)
"""The large print pages at A5 (12.7 pt text), two to a side of A4 in folding order: for printing, not reading."""
PRINT_EDITIONS = (STANDARD_PRINT, LARGE_PRINT, BOOKLET)

EPUB = Edition(
    "epub",
    "EPUB e-book",
    "EPUB e-book",
    "",
    extension="epub",
    output="epub",
    offered_as="an EPUB e-book, for screen readers, e-readers and reading apps",
)
"""Reflowable EPUB 3, for screen readers, e-readers and reading apps."""
DOCX = Edition(
    "docx",
    "Word document",
    "Word document",
    "",
    extension="docx",
    output="docx",
    offered_as="a Word document, to change or to read in a word processor",
)
"""An editable copy, with real heading and list styles, A4 and British English."""
BRF = Edition(
    "brf",
    "Braille (BRF)",
    "braille file (Braille Ready Format)",
    "",
    extension="brf",
    output="brf",
    offered_as="a braille file (Braille Ready Format), for a braille embosser or a braille display",
)
"""Unified English Braille, grade 2, 40 cells by 25 lines: for a braille embosser or a braille display."""
OTHER_FORMATS = (EPUB, DOCX, BRF)
EDITIONS = PRINT_EDITIONS + OTHER_FORMATS

OUTPUTS = ("pdf", "epub", "docx", "brf")
"""What `--formats` may choose, in the order the site lists them; the default is all of them."""


def editions_of(outputs: frozenset[str] | set[str]) -> tuple[Edition, ...]:
    """The editions the chosen outputs make, in the order the site lists them."""
    return tuple(edition for edition in EDITIONS if edition.output in outputs)


def file_description(kind: str, size: int, pages: str = "") -> str:
    """How the site describes a download: 'EPUB, 18 KB', 'BRF, 30 KB, 21 braille pages'."""
    size_kb = max(1, round(size / 1024))
    return f"{kind}, {size_kb} KB" + (f", {pages}" if pages else "")


@dataclass(frozen=True)
class Download:
    """A downloadable edition of a leaflet, offered on every page of the site."""

    leaflet_id: str
    leaflet_title: str
    edition: Edition
    description: str
    """E.g. 'PDF, 212 KB, 6 pages'."""

    @property
    def path(self) -> str:
        """Relative to the site's root, e.g. downloads/sen-support-large-print.pdf."""
        return self.edition.path(self.leaflet_id)


def leaflet_address(site_address: str | None, leaflet_id: str) -> str | None:
    """The leaflet's own page on the publisher's published site (None when the site's address is not known)."""
    if site_address is None:
        return None
    return site_address.rstrip("/") + f"/{leaflet_id}/"
