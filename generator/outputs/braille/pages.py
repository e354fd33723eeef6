"""Braille lines laid out as pages of 25 lines, numbered, and written as a BRF file.

Following BANA's *Braille Formats 2016*:

- a page has 25 lines of 40 cells; lines 1 to 24 hold the text, and line 25 the braille page
  number at its right margin (numeric indicator and digits: page 1 is `#A`), counting up from
  the title page (RNIB's house style puts it at the right of line 1 instead);
- one blank line separates blocks that ask for it, never two, and none is left at the top of a
  page;
- a heading is never left at the foot of a page: it goes over with (at least) the first two
  lines of what follows it, or the whole first item of a list (BANA's ruling that a heading is
  followed by at least one complete item); a box that fits on a page is kept whole, and one
  that does not leaves neither box line alone on a page;
- the file is North American braille ASCII, as BRF is: each line ends with CR LF, and each
  page (the last too, so that an embosser ejects it) with a form feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .liblouis import translate
from .lines import CELLS

LINES = 25
"""Lines on a braille page."""
TEXT_LINES = LINES - 1
"""Lines that hold text: the last holds the page number."""
HEADING_KEEPS = 2
"""Lines of what follows a heading that go to its page with it."""
LINE_END = "\r\n"
PAGE_END = "\f"


@dataclass(frozen=True)
class LaidBlock:
    """A block's braille lines, with what the page layout needs to know of it."""

    kind: str
    lines: tuple[str, ...]
    blank_before: bool = False
    blank_after: bool = False


@dataclass(frozen=True)
class _Line:
    text: str
    glued: bool = False
    """True when no page may end just before this line."""
    blank: bool = False
    breaks_page: bool = False
    """A page break before this (empty) line, which is not printed."""


def paginate(blocks: Sequence[LaidBlock]) -> list[list[str]]:
    """The text lines of each page: at most `TEXT_LINES` each, blank lines between blocks, headings kept with text."""
    lines = _flowed(blocks)
    pages: list[list[str]] = []
    page: list[int] = []
    index = 0

    def finish() -> None:
        texts = [lines[i].text for i in page]
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            pages.append(texts)
        page.clear()

    while index < len(lines):
        line = lines[index]
        if line.breaks_page:
            finish()
            index += 1
        elif line.blank and not page:
            index += 1  # no blank line at the top of a page
        elif len(page) < TEXT_LINES:
            page.append(index)
            index += 1
        else:
            if line.glued:
                # The page is full inside lines that go together: they start the next page, unless they fill one.
                starts = [at for at, i in enumerate(page) if not lines[i].glued]
                if starts and starts[-1] > 0:
                    index = page[starts[-1]]
                    del page[starts[-1] :]
            finish()
    finish()
    return pages or [[]]


def _flowed(blocks: Sequence[LaidBlock]) -> list[_Line]:
    """Every block's lines in order, with the blank lines between them and what holds them together."""
    lines: list[_Line] = []
    pending = 0
    """Lines still to keep on the page of the heading before them."""
    previous: LaidBlock | None = None
    box_start: int | None = None
    for position, block in enumerate(blocks):
        if block.kind == "page-break":
            lines.append(_Line("", breaks_page=True))
            previous, pending = None, 0
            continue
        if not block.lines:
            continue
        if previous is not None and (previous.blank_after or block.blank_before):
            lines.append(_Line("", glued=pending > 0, blank=True))
        heading = block.kind == "heading"
        whole = heading or block.kind == "title"  # a heading or a line of the title page is never parted
        for number, text in enumerate(block.lines):
            lines.append(_Line(text, glued=pending > 0 or (whole and number > 0)))
            if pending and not heading:
                pending -= 1
        if heading:
            pending = _kept_after(blocks, position)
        if block.kind == "box-top":
            box_start = len(lines) - 1
        elif block.kind == "box-bottom" and box_start is not None:
            _glue_box(lines, box_start)
            box_start = None
        previous = block
    return lines


def _kept_after(blocks: Sequence[LaidBlock], position: int) -> int:
    """How many lines after a heading go to its page: two, the whole first item of a list, or the next heading's."""
    for block in blocks[position + 1 :]:
        if block.kind == "page-break":
            return 0
        if not block.lines:
            continue
        if block.kind == "heading":
            return len(block.lines)  # that heading then keeps its own text
        if block.kind == "item":
            return len(block.lines)
        return min(HEADING_KEEPS, len(block.lines))
    return 0


def _glue_box(lines: list[_Line], start: int) -> None:
    """Keep a box whole if it fits on a page; otherwise keep each box line with a line of the box's text."""
    end = len(lines)
    whole = end - start <= TEXT_LINES
    for index in range(start + 1, end):
        if whole or index in (start + 1, end - 1):
            lines[index] = _Line(lines[index].text, True, lines[index].blank)


def page_number(number: int) -> str:
    """Line 25 of a page: its braille number (`#A` for 1) at the right margin."""
    digits = translate(str(number)).braille
    return " " * (CELLS - len(digits)) + digits


def brf(pages: Sequence[Sequence[str]]) -> bytes:
    """The pages as a BRF file: 25 lines a page (the number on the last), CR LF after each line, FF after each page."""
    out: list[str] = []
    for number, page in enumerate(pages, start=1):
        lines = [*page, *[""] * (TEXT_LINES - len(page)), page_number(number)]
        out.append("".join(_cells(line) + LINE_END for line in lines) + PAGE_END)
    return "".join(out).encode("ascii")


def _cells(line: str) -> str:
    """A line in the BRF character set: lower-case ASCII is the same cell as upper case; anything else is no cell.

    liblouis's BRF table writes only upper-case braille ASCII: this is a guard, not a step.
    """
    kept = []
    for character in line:
        code = ord(character)
        if 0x60 <= code <= 0x7E:
            kept.append(chr(code - 0x20))
        elif 0x20 <= code <= 0x5F:
            kept.append(character)
    return "".join(kept).rstrip()
