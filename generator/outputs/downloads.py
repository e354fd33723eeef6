"""What the website and the printed leaflets share: the print editions, their files, and where a leaflet lives online.

The site offers each PDF ("Large print (PDF, 40 KB, 7 pages)") and the PDFs print the
leaflet's address and QR code; neither output imports the other, so both take these
from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs.rules import LARGE_PRINT_SUFFIX

DOWNLOADS_FOLDER = "downloads"


@dataclass(frozen=True)
class PrintEdition:
    """A printed edition of every leaflet: its name, how the site labels it, and how its file is named."""

    name: str
    label: str
    file_suffix: str

    def path(self, leaflet_id: str) -> str:
        """Where the PDF goes in a publisher's site: downloads/sen-support-large-print.pdf."""
        return f"{DOWNLOADS_FOLDER}/{leaflet_id}{self.file_suffix}.pdf"


STANDARD_PRINT = PrintEdition("standard", "Standard print", "")
LARGE_PRINT = PrintEdition("large-print", "Large print", LARGE_PRINT_SUFFIX)
PRINT_EDITIONS = (STANDARD_PRINT, LARGE_PRINT)


@dataclass(frozen=True)
class Download:
    """A printable version of a leaflet, offered on every page of the site."""

    leaflet_id: str
    leaflet_title: str
    format_label: str
    path: str
    """Relative to the site's root, e.g. downloads/sen-support-large-print.pdf."""
    description: str
    """E.g. 'PDF, 212 KB, 6 pages'."""


def leaflet_address(site_address: str | None, leaflet_id: str) -> str | None:
    """The leaflet's own page on the publisher's published site (None when the site's address is not known)."""
    if site_address is None:
        return None
    return site_address.rstrip("/") + f"/{leaflet_id}/"
