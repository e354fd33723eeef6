"""One block of text made braille lines of at most 40 cells: translated once, then broken between words.

The whole block is translated at once (so capitals, numbers and quotation marks read in
their context), then its braille is broken into lines at the spaces of the braille:

- a word is never split across lines: it goes whole to the next line;
- a number written with spaces (`03000 41 3000`) has numeric spaces, not spaces, in braille,
  so it is one word and never split either; nor is a phone number or a postcode whose braille has
  a space (`SW1A 1AA`, `+44 300 123 7001`), which reads as one thing;
- a web or email address that does not fit on the line is broken only after a `/` or a `.`
  of the address (not inside `//`, nor after a `.` that a digit follows, which would end the
  number), with no hyphen added: a hyphen would read as part of the address. The break
  positions come from liblouis's record of which print character each cell came from;
- the one exception is what cannot fit on a line at all. A piece of an address longer than a
  line between its `/` and `.` is broken after a `-`, `_`, `@`, `?`, `&` or `=` of it, or
  failing that at the end of the line, still with no hyphen added. An ordinary word longer than
  a line (which no real leaflet has) is broken after one of its own hyphens, or failing that at
  the end of the line with a hyphen added (UEB §10.13), always between two print characters,
  never inside a contraction or between an indicator and what it marks.

Every line is built from a cursor moving forward through the braille, so the work grows with
the length of the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .liblouis import Translation, translate
from .text import prepared

CELLS = 40
"""Cells in a line: the usual braille page, 11 by 11.5 inches."""
CENTRED_MARGIN = 3
"""Blank cells at least on each side of a centred line (Braille Formats 2016, §4.4)."""

_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_DOMAIN = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.IGNORECASE)
_LEADING = "([{<\u2018\u201c\"'"
"""Punctuation before an address that belongs to the sentence, not the address."""
KEPT_TOGETHER = re.compile(
    r"\b[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}\b"  # a postcode: SW1A 1AA
    r"|(?<![0-9])(?:18001 )?(?:\+44 ?|0)[0-9](?: ?[0-9]){8,9}(?![0-9])"  # a UK phone number, however grouped
)
"""Print that reads as one thing though it holds a space: never broken across lines."""
_TRAILING = ".,;:!?)]}\u2019\u201d'\""
"""Punctuation after an address that belongs to the sentence, not the address."""
_PRIMARY = "/."
_SECONDARY = "-_@?&="


@dataclass(frozen=True)
class Style:
    """Where a block's lines start: its first line at cell `first`, the rest at `runover` (cells count from 1)."""

    first: int
    runover: int
    centred: bool = False


@dataclass(frozen=True)
class _Breaks:
    """Where the braille of a block may be broken inside a word: cell positions a line may end before, in order."""

    addresses: tuple[tuple[int, int], ...]
    """The cells of each address, in order."""
    primary: tuple[int, ...]
    """After a `/` or `.` of an address."""
    secondary: tuple[int, ...]
    """After a `-`, `_`, `@`, `?`, `&` or `=` of an address, for a piece longer than a line."""
    hyphens: tuple[int, ...]
    """After a hyphen of an ordinary word."""

    def in_address(self, start: int, end: int) -> bool:
        """Whether the cells from `start` to `end` are (part of) an address."""
        at = bisect.bisect_left(self.addresses, (end, end))
        return at > 0 and self.addresses[at - 1][1] > start


def braille_lines(segments: Sequence[str], style: Style, width: int = CELLS) -> list[str]:
    """The braille lines of a block: each segment (the text between two `<br>`) starts a line; runovers follow `style`.

    Lines carry their indent as spaces and never their trailing spaces; none is longer than `width` cells.
    """
    available = width - 2 * CENTRED_MARGIN if style.centred else width
    deepest = available // 2  # lists or quotations nested deeper than any leaflet's stop at the middle of the line
    runover = min(style.runover, deepest)
    lines: list[str] = []
    for segment in segments:
        text = prepared(segment)
        if not text:
            continue
        first = min(style.first if not lines else style.runover, deepest)
        translation = translated(text)
        broken = _broken(translation, text, first, runover, available)
        if style.centred:
            broken = _balanced(broken, translation, text, available)
        lines.extend(broken)
    if style.centred:
        return [" " * ((width - len(line)) // 2) + line for line in lines]
    return lines


def translated(text: str) -> Translation:
    """`text` (already `prepared`) in braille: contracted (grade 2), but its web and email addresses uncontracted.

    UK transcribers write an address letter for letter: a reader must be able to type it, and
    grade 2 would write `send-code-of-practice` as `S5D-CODE-(-PRACTICE`. liblouis's own
    `no_contract` typeform does it, in the one translation of the whole text.
    """
    return translate(text, addresses_in(text))


BALANCED_LINES = 4
"""Centred text of up to this many lines is balanced; longer (only ever hostile) text is left as it is broken."""


def _balanced(lines: list[str], translation: Translation, text: str, available: int) -> list[str]:
    """Centred lines as even as the words allow: the narrowest breaking that takes no more lines.

    A centred heading of two lines reads as one heading when both are of a length, not a full
    line and a last word alone.
    """
    if not 1 < len(lines) <= BALANCED_LINES:
        return lines
    best = lines
    longest = max(end - start for start, end in _words(translation, text))
    # Never so narrow that a word or an address would have to be broken to fit.
    for narrower in range(available - 1, max(longest, available // 2) - 1, -1):
        candidate = _broken(translation, text, 1, 1, narrower)
        if len(candidate) > len(lines):
            break
        best = candidate
    return best


def addresses_in(text: str) -> list[tuple[int, int]]:
    """Where the web and email addresses of `text` are, as (start, end) positions, without sentence punctuation.

    An address is a word (between spaces) that, without the punctuation around it, has a scheme
    (`https://`), starts with `www.`, is an email address, a domain followed by a path
    (`kent.gov.uk/education`) or a domain alone (`send.essex.gov.uk`). Each word is looked at
    once, so the work grows with the text.
    """
    found = []
    for word in re.finditer(r"\S+", text):
        start, end = word.span()
        while start < end and text[start] in _LEADING:
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if end - start > 3 and _is_address(text[start:end]):
            found.append((start, end))
    return found


def _is_address(word: str) -> bool:
    if _SCHEME.match(word) or word.lower().startswith("www."):
        return True
    name, at, domain = word.rpartition("@")
    if at:
        return bool(name) and "." in domain.strip(".")
    host, slash, _ = word.partition("/")
    if slash:
        return _DOMAIN.fullmatch(host) is not None
    # A bare domain (send.essex.gov.uk, IASK.ORG.UK) ends as a service's address does: words run together at a
    # full stop (`review.then`, `Mr.smith`, `co.operation`) are not one.
    return _DOMAIN.fullmatch(word) is not None and word.rpartition(".")[2].lower() in BARE_DOMAIN_ENDINGS


BARE_DOMAIN_ENDINGS = frozenset({"uk", "com", "org", "net", "info", "scot", "wales", "cymru", "london"})
"""The endings of the addresses services print without `www.` or a path (send.essex.gov.uk, iask.org.uk)."""


def _breaks(text: str, translation: Translation) -> _Breaks:
    cell_of, total = translation.cell_of, len(translation.braille)

    def cell(index: int) -> int:
        return cell_of[index] if index < len(cell_of) else total

    addresses, primary, secondary = [], set(), set()
    for start, end in addresses_in(text):
        addresses.append((cell(start), cell(end)))
        for index in range(start, end - 1):
            character, following = text[index], text[index + 1]
            after = cell(index + 1)
            if after == cell(index):
                continue  # inside one contraction: no cell boundary here
            if character in _PRIMARY:
                if (character == "/" and following == "/") or (character == "." and following.isdigit()):
                    continue
                primary.add(after)
            elif character in _SECONDARY:
                secondary.add(after)
    hyphens = {cell(index + 1) for index, character in enumerate(text[:-1]) if character == "-"}
    return _Breaks(tuple(addresses), tuple(sorted(primary)), tuple(sorted(secondary)), tuple(sorted(hyphens)))


def _broken(translation: Translation, text: str, first: int, runover: int, available: int) -> list[str]:
    """The block's braille as lines: the first indented to cell `first`, the others to `runover`."""
    braille, char_of = translation.braille, translation.char_of
    breaks = _breaks(text, translation)
    lines: list[str] = []
    indent = first
    line = ""

    def new_line() -> None:
        nonlocal line, indent
        lines.append(" " * (indent - 1) + line)
        line, indent = "", runover

    def room() -> int:
        return available - (indent - 1) - len(line) - (1 if line else 0)

    for start, end in _words(translation, text):
        if end - start <= room():
            line += (" " if line else "") + braille[start:end]
            continue
        if line and end - start <= available - (runover - 1):
            new_line()
            line = braille[start:end]
            continue
        # Longer than a line: the one case where a word is broken (see the module's docstring).
        address = breaks.in_address(start, end)
        at = start
        while at < end:
            space = room()
            if end - at <= space:
                line += (" " if line else "") + braille[at:end]
                break
            cut, hyphen = _cut(at, end, space, address, not line, breaks, char_of)
            if cut is None:
                new_line()  # nothing fits after what the line holds: start the piece on a line of its own
                continue
            line += (" " if line else "") + braille[at:cut] + ("-" if hyphen else "")
            new_line()
            at = cut
    if line or not lines:
        lines.append(" " * (indent - 1) + line)
    return [candidate.rstrip() for candidate in lines if candidate.strip()]


def _words(translation: Translation, text: str) -> list[tuple[int, int]]:
    """The braille words of a block as (start, end) cells: split at its spaces, except inside a postcode or number."""
    kept = bytearray(len(text))
    for match in KEPT_TOGETHER.finditer(text):
        kept[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    braille, char_of = translation.braille, translation.char_of
    found = []
    start = None
    for cell, sign in enumerate(braille):
        if sign == " " and not (char_of[cell] < len(kept) and kept[char_of[cell]]):
            if start is not None:
                found.append((start, cell))
            start = None
        elif start is None:
            start = cell
    if start is not None:
        found.append((start, len(braille)))
    return found


def _cut(
    at: int, end: int, space: int, address: bool, line_empty: bool, breaks: _Breaks, char_of: Sequence[int]
) -> tuple[int | None, bool]:
    """Where to end this line inside a word too long for any line, and whether to add a hyphen.

    None when the line already holds something: the word then starts a new line.
    """
    if not line_empty:
        return None, False  # a long word or address starts on a line of its own, so it is broken as little as may be
    limit = min(end - 1, at + space)
    if address:
        cut = _last(breaks.primary, at, limit)
        if cut is not None:
            return cut, False
        # Even a whole line cannot hold the piece up to the next `/` or `.`.
        cut = _last(breaks.secondary, at, limit)
        return (cut if cut is not None else _character_boundary(at, limit, char_of)), False
    cut = _last(breaks.hyphens, at, limit)
    if cut is not None:
        return cut, False
    return _character_boundary(at, limit - 1, char_of), True


def _last(cuts: tuple[int, ...], at: int, limit: int) -> int | None:
    """The last of the ordered `cuts` after `at` and at most `limit`."""
    index = bisect.bisect_right(cuts, limit)
    return cuts[index - 1] if index and cuts[index - 1] > at else None


def _character_boundary(at: int, limit: int, char_of: Sequence[int]) -> int:
    """The last cell at or before `limit` (after `at`) where a new print character starts; `limit` if there is none."""
    for cut in range(limit, at, -1):
        if cut >= len(char_of) or char_of[cut] != char_of[cut - 1]:
            return cut
    return max(limit, at + 1)
