"""The A5 booklet, the print-shop copy: the large print pages at A5, two to a side of A4, in folding order.

A4 to A5 is a scale of 1/√2, so large print's 18 pt text becomes 12.7 pt: clear print, in
large print's layout, with no third layout for WeasyPrint to make. The sheets are printed
on both sides, folded and stapled in the middle (saddle stitch), so the page count is
padded to a multiple of four with blank pages before the back cover, and sheet k of n/4
holds pages n-2k+2 | 2k-1 on its front and 2k | n-2k+1 on its back
(`../shared/reference/print-design.md`).

The imposed file is for printing only: its pages keep no structure for screen readers,
and the site names the accessible PDFs beside it.
"""

from __future__ import annotations

import io

import pikepdf

A4_LANDSCAPE = (841.89, 595.28)
"""A sheet, in points: two A5 pages side by side."""


def booklet_pages(pages: int) -> list[int | None]:
    """The leaflet's page numbers in booklet order, padded to a multiple of four (None is a blank page).

    Blanks go before the back cover, which stays the last page; a one-page leaflet is
    followed by blanks instead.
    """
    blanks = -pages % 4
    if pages < 2:
        return [*range(1, pages + 1), *[None] * blanks]
    return [*range(1, pages), *[None] * blanks, pages]


def sheet_sides(pages: int) -> list[tuple[int | None, int | None]]:
    """The (left, right) pages of each side to print, in order: sheet 1 front, sheet 1 back, sheet 2 front, ..."""
    order = booklet_pages(pages)
    n = len(order)
    sides = []
    for k in range(1, n // 4 + 1):
        sides.append((order[n - 2 * k + 1], order[2 * k - 2]))  # front: pages n-2k+2 | 2k-1
        sides.append((order[2 * k - 1], order[n - 2 * k]))  # back: pages 2k | n-2k+1
    return sides


def impose_booklet(large_print: bytes, title: str) -> tuple[bytes, int]:
    """The booklet made from the large print PDF's pages, and how many A5 pages it has (blanks included)."""
    width, height = A4_LANDSCAPE
    with pikepdf.open(io.BytesIO(large_print)) as source, pikepdf.new() as booklet:
        pages = list(source.pages)
        sides = sheet_sides(len(pages))
        for left, right in sides:
            sheet = booklet.add_blank_page(page_size=(width, height))
            placed = pikepdf.Dictionary()
            drawing = b""
            for slot, number in enumerate((left, right)):
                if number is None:
                    continue
                # Each page drawn as a form, scaled to fit its half sheet: A4 portrait into A5 portrait is
                # exactly 1/√2. Named by its page number (pikepdf's own overlay names them at random, and
                # the same leaflet must give the same file).
                name = pikepdf.Name(f"/Page{number}")
                placed[name] = booklet.copy_foreign(pages[number - 1].as_form_xobject())
                area = pikepdf.Rectangle(slot * width / 2, 0, (slot + 1) * width / 2, height)
                drawing += sheet.calc_form_xobject_placement(placed[name], name, area, allow_shrink=True)
            sheet.Resources = pikepdf.Dictionary(XObject=placed)
            sheet.Contents = booklet.make_stream(drawing)
        booklet.docinfo["/Title"] = f"{title} (A5 booklet for a print shop)"
        booklet.Root.Lang = pikepdf.String("en-GB")
        booklet.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        out = io.BytesIO()
        booklet.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue(), len(sides) * 2
