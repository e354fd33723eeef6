"""The printed leaflets looked at as paper: nothing off the page."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from generator.outputs.pdf.render import LARGE, STANDARD, PrintFormat
from tests.conftest import SEED_SLUGS

FORMATS = [STANDARD, LARGE]
CASES = [(slug, fmt) for slug in SEED_SLUGS for fmt in FORMATS]
IDS = [f"{slug}-{fmt.name}" for slug, fmt in CASES]
POINTS_PER_MM = 72 / 25.4


def _pdf_path(site: Path, slug: str, fmt: PrintFormat) -> Path:
    return site / slug / fmt.edition.path("sen-support")


def _is_furniture(char: dict[str, object]) -> bool:
    """Running heads, footers and page numbers: marked as artifacts by the tagging pass."""
    return char.get("tag") == "Artifact"


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_no_glyph_is_off_the_page_in_the_margins_or_over_the_footer(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    margin = fmt.margin_mm * POINTS_PER_MM
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for char in page.chars:
                assert char["x0"] >= 0 and char["x1"] <= page.width, f"page {number}: {char['text']!r} off the page"
                assert char["top"] >= 0 and char["bottom"] <= page.height, f"page {number}: off the page"
            body = [char for char in page.chars if not _is_furniture(char)]
            footer_top = min(
                (c["top"] for c in page.chars if _is_furniture(c) and c["top"] > page.height / 2),
                default=page.height - margin,
            )
            for char in body:
                where = f"page {number}: {char['text']!r} at x {char['x1']:.0f}, y {char['bottom']:.0f}"
                assert margin - 0.5 <= char["x0"] and char["x1"] <= page.width - margin + 0.5, f"{where}, in the margin"
                assert char["bottom"] <= footer_top, f"{where}, over the footer"
