"""Composed leaflet -> braille edition: the one public function, `render_brf`, and what it returns."""

from __future__ import annotations

from dataclasses import dataclass

from ...compose.leaflet import ComposedLeaflet
from .blocks import leaflet_blocks
from .lines import braille_lines
from .pages import LaidBlock, brf, paginate


@dataclass(frozen=True)
class BrailleDocument:
    """A leaflet's braille edition: the BRF file and how many braille pages it has."""

    data: bytes
    """The .brf file: North American braille ASCII, 40 cells by 25 lines, CR LF line ends, FF after each page."""
    pages: int
    """Braille pages, the title page included."""


def render_brf(leaflet: ComposedLeaflet) -> BrailleDocument:
    """The leaflet in Unified English Braille grade 2, as a BRF file, with its number of braille pages.

    The same leaflet always gives the same bytes: nothing is dated but by the publisher's own
    date, and nothing is random. Raises `liblouis.LiblouisMissingError`, naming the Debian packages
    to install, when liblouis is not on the machine.
    """
    laid = [
        LaidBlock(
            block.kind,
            block.braille or tuple(braille_lines(block.segments, block.style)),
            block.blank_before,
            block.blank_after,
        )
        for block in leaflet_blocks(leaflet)
    ]
    pages = paginate(laid)
    return BrailleDocument(brf(pages), len(pages))
