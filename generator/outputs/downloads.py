"""What the website and the printed leaflets share: the print editions, their files, and where a leaflet lives online.

The site offers each PDF ("Large print (PDF, 40 KB, 7 pages)") and the PDFs print the
leaflet's address and QR code; neither output imports the other, so both take these
from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs.rules import BOOKLET_SUFFIX, LARGE_PRINT_SUFFIX

DOWNLOADS_FOLDER = "downloads"


@dataclass(frozen=True)
class PrintEdition:
    """A printed edition of every leaflet: its name, how the site labels it, and how its file is named."""

    name: str
    label: str
    """As the site lists it: 'Large print'."""
    in_text: str
    """As a sentence names it: 'large print', 'A5 booklet for a print shop'."""
    file_suffix: str
    for_reading: bool = True
    """A tagged, accessible PDF to read on screen or print at home; False for the print-shop copy."""

    def path(self, leaflet_id: str) -> str:
        """Where the PDF goes in a publisher's site: downloads/sen-support-large-print.pdf."""
        return f"{DOWNLOADS_FOLDER}/{leaflet_id}{self.file_suffix}.pdf"


STANDARD_PRINT = PrintEdition("standard", "Standard print", "standard print", "")
LARGE_PRINT = PrintEdition("large-print", "Large print", "large print", LARGE_PRINT_SUFFIX)
BOOKLET = PrintEdition("booklet", "A5 booklet for a print shop", "A5 booklet for a print shop", BOOKLET_SUFFIX, False)
"""The large print pages at A5 (12.7 pt text), two to a side of A4 in folding order: for printing, not reading."""
PRINT_EDITIONS = (STANDARD_PRINT, LARGE_PRINT, BOOKLET)


@dataclass(frozen=True)
class Download:
    """A printable version of a leaflet, offered on every page of the site."""

    leaflet_id: str
    leaflet_title: str
    edition: PrintEdition
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
