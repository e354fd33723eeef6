"""The A5 booklet, the print-shop copy: its pages read in folding order, at clear-print size."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from generator.outputs.downloads import BOOKLET, LARGE_PRINT
from generator.outputs.pdf.booklet import impose_booklet, sheet_sides
from tests.conftest import SEED_SLUGS


def _expected_sides(pages: int) -> list[tuple[int | None, int | None]]:
    """print-design.md's rule, written out independently: blanks before the back cover, then n-2k+2|2k-1, 2k|n-2k+1."""
    n = pages + (-pages % 4)
    at = {position: position for position in range(1, pages)}
    at[n] = pages  # the back cover stays last; the positions between are blank
    if pages == 1:
        at = {1: 1}
    sides = []
    for k in range(1, n // 4 + 1):
        sides.append((at.get(n - 2 * k + 2), at.get(2 * k - 1)))
        sides.append((at.get(2 * k), at.get(n - 2 * k + 1)))
    return sides


def test_eight_pages_are_imposed_as_the_print_shops_reference_gives() -> None:
    assert sheet_sides(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


@pytest.mark.parametrize("pages", range(1, 14))
def test_any_page_count_is_padded_to_whole_sheets_with_blanks_before_the_back_cover(pages: int) -> None:
    sides = sheet_sides(pages)
    assert sides == _expected_sides(pages)
    placed = [number for side in sides for number in side if number is not None]
    assert sorted(placed) == list(range(1, pages + 1))
    assert len(sides) * 2 % 4 == 0


def _numbered_pdf(pages: int) -> bytes:
    """An A4 PDF whose page k says only 'Leaf k'."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    for number in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=(595.28, 841.89))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(f"BT /F1 40 Tf 100 700 Td (Leaf {number}) Tj ET".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _halves(pdf: pdfplumber.PDF) -> list[tuple[str, str]]:
    """The text of the left and right half of every side, spaces removed."""
    found = []
    for page in pdf.pages:
        middle = page.width / 2
        left = page.crop((0, 0, middle, page.height)).extract_text() or ""
        right = page.crop((middle, 0, page.width, page.height)).extract_text() or ""
        found.append(("".join(left.split()), "".join(right.split())))
    return found


@pytest.mark.parametrize("pages", [1, 5, 6, 7, 8])
def test_a_booklets_sheets_read_in_folding_order(pages: int) -> None:
    data, count = impose_booklet(_numbered_pdf(pages), "Test")
    assert impose_booklet(_numbered_pdf(pages), "Test")[0] == data, "the same leaflet gives the same file"
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert count == len(pdf.pages) * 2
        assert all(round(p.width) == 842 and round(p.height) == 595 for p in pdf.pages), "A4 landscape sheets"
        read = _halves(pdf)
    expected = [tuple(f"Leaf{number}" if number else "" for number in side) for side in _expected_sides(pages)]
    assert read == expected


def _page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return ["".join((page.extract_text() or "").split()) for page in pdf.pages]


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_each_seed_booklet_is_its_large_print_in_folding_order_at_clear_print_size(built_site: Path, slug: str) -> None:
    downloads = built_site / slug
    large_print = _page_texts(downloads / LARGE_PRINT.path("sen-support"))
    booklet_path = downloads / BOOKLET.path("sen-support")
    with pdfplumber.open(booklet_path) as pdf:
        read = _halves(pdf)
        sizes = [char["size"] for page in pdf.pages for char in page.chars]
    expected = [
        tuple(large_print[number - 1] if number else "" for number in side)
        for side in _expected_sides(len(large_print))
    ]
    assert read == expected
    # Large print's 18 pt at A5 is 12.7 pt: the smallest text is still clear print's 12 pt.
    assert min(sizes) >= 12
    with pikepdf.open(booklet_path) as pdf:
        assert str(pdf.docinfo["/Title"]).endswith("(A5 booklet for a print shop)")
        assert str(pdf.Root.Lang) == "en-GB"
