"""Text made ready for braille translation: one line of plain characters, curly quotation marks, nothing untranslatable.

The composed leaflet's text is untrusted Unicode. Before liblouis sees it:

- control and format characters (a zero-width space, a soft hyphen, a right-to-left override)
  are taken out: liblouis would write a space, a hyphen or a hexadecimal escape for them;
- every run of white space (tabs, line breaks, no-break spaces) becomes one space;
- straight quotation marks become curly ones, opening or closing by their place, while an
  apostrophe in a word stays an apostrophe: liblouis writes a straight `'` as an apostrophe
  (dot 3) wherever it is, so 'graduated approach' would read as two apostrophes;
- characters the braille table has no sign for (an emoji, Chinese) are left out rather than
  written as liblouis's hexadecimal escapes, which a braille reader could not read.

Each step looks at each character once or twice, so the work grows with the length of the text.
"""

from __future__ import annotations

import re
import unicodedata

from .liblouis import untranslatable

_SPACES = re.compile(r"\s+")
_ASCII_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_OPENERS = set("([{\u2018\u201c\u2013\u2014-/")
"""After these (or a space, or nothing) a quotation mark opens a quotation."""
_CLOSERS_BEFORE = set(".,;:!?)]}")
"""Punctuation that may end a quotation just before its closing mark: 'like this.'"""


def prepared(text: str) -> str:
    """`text` as braille translation should see it: plain, on one line, with curly quotes and nothing untranslatable."""
    return without_untranslatable(curly_quotes(plain(text)))


def plain(text: str) -> str:
    """`text` without control or format characters, its white space made single spaces, trimmed."""
    if text.isascii():
        kept = _ASCII_CONTROLS.sub(lambda match: " " if match.group().isspace() else "", text)
    else:
        kept = "".join(" " if _is_space(c) else c for c in text if not _is_dropped(c))
    return _SPACES.sub(" ", kept).strip()


def _is_space(character: str) -> bool:
    return character.isspace() or unicodedata.category(character) in {"Zs", "Zl", "Zp"}


def _is_dropped(character: str) -> bool:
    if character.isspace():
        return False
    # Cc: controls; Cf: format characters (zero-width space, soft hyphen, bidirectional marks);
    # Cs: lone surrogates; Co, Cn: private use and unassigned, which no braille table knows.
    return unicodedata.category(character) in {"Cc", "Cf", "Cs", "Co", "Cn"}


def curly_quotes(text: str) -> str:
    """Straight quotation marks made curly: opening after a space or an opening bracket, closing otherwise.

    A `'` between two letters or digits (child's, don't) is an apostrophe and stays one; so is a
    `'` after a word when no single quotation is open (parents' views). A curly mark already
    in the text is kept as it is, and counts towards what is open.
    """
    if not any(mark in text for mark in "'\"\u2018\u2019"):
        return text
    out: list[str] = []
    open_single = 0
    for index, character in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if character == "\u2018":
            open_single += 1
        elif character == "\u2019" and open_single and not (before.isalnum() and after.isalnum()):
            open_single -= 1
        if character == '"':
            out.append("\u201c" if _opens(before, after) else "\u201d")
            continue
        if character != "'":
            out.append(character)
            continue
        if before.isalnum() and after.isalnum():
            out.append("'")  # an apostrophe inside a word
        elif _opens(before, after) and not after.isdigit():
            out.append("\u2018")
            open_single += 1
        elif open_single and (before.isalnum() or before in _CLOSERS_BEFORE):
            out.append("\u2019")
            open_single -= 1
        else:
            out.append("'")  # an apostrophe ending a word (parents'), or starting one ('90s)
    return "".join(out)


def _opens(before: str, after: str) -> bool:
    return (not before or before.isspace() or before in _OPENERS) and bool(after) and not after.isspace()


def without_untranslatable(text: str) -> str:
    """`text` without the characters the braille table has no sign for, spaces made single again."""
    unusual = {c for c in set(text) if not " " <= c <= "~"}
    if not unusual:
        return text
    missing = untranslatable(unusual)
    if not missing:
        return text
    return _SPACES.sub(" ", "".join(c for c in text if c not in missing)).strip()
