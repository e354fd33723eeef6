"""Characters no published text may hold, and the words that explain each to an editor.

The Unicode controls that set the direction of text (embeddings, overrides and isolates)
are invisible, and change the order in which the characters around them are shown: with
a right-to-left override, a helpline written 0300 123 4567 shows as 7654 321 0030, and a
link's words can show a different address from the one it opens (the "Trojan Source" trick).
English and Welsh never need them, and words in Arabic, Urdu or another right-to-left
language show in the right order without them. YAML values are refused at their line
(`yaml_source`); in a block, the sanitiser takes them out of the HTML it publishes and
`check` names the line of each (`compose.sanitise`).

The other controls (C0 and C1: a word processor's line or page break, an escape character)
show nothing, or a box, and a screen reader may read them out: they are refused the same way.
"""

from __future__ import annotations

import re
import unicodedata

REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Left-to-right and right-to-left embedding, pop, override, and isolates (U+202A to U+202E, U+2066 to U+2069)."""


def reordering_message(character: str) -> str:
    """Why `character` (one of `REORDERING`) cannot be published, and what to do."""
    name = unicodedata.name(character).lower()
    return (
        f"this text holds an invisible character that changes the order its letters are shown in "
        f"(U+{ord(character):04X}, {name}): delete it (words in Arabic, Urdu or another right-to-left "
        "language show in the right order without it)"
    )


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The control characters other than the tab and the line breaks (C0 and C1): never published."""


def control_message(character: str) -> str:
    """Why `character` (one of `CONTROL`) cannot be published, and what to do."""
    return (
        f"this text holds an invisible control character (U+{ord(character):04X}), which cannot be printed or "
        "shown: delete it"
    )


REPLACEMENT_CHARACTER = "\ufffd"
"""What Markdown makes of a NUL and of a reference to a control character (&#x0B;), and what a character lost in
copying, or in saving a file in another encoding, shows as."""
REPLACEMENT_MESSAGE = (
    "this text holds a character that cannot be shown, and would be printed as a question mark in a black diamond "
    "(U+FFFD): a NUL, a reference to a control character such as &#x0B;, or a character lost in copying or in "
    "saving the file: delete it, or write the character meant"
)


DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
"""Unicode's default ignorable characters, shown as nothing where a font has no glyph for them: the soft hyphen,
the zero-width space, the joiners, the direction marks, the variation selectors (an emoji's U+FE0F)."""


def first_invisible(name: str) -> str | None:
    """The first character of `name` that shows nothing (a format character: a zero-width space, a soft hyphen, a
    joiner, a direction mark, a byte-order mark; or another default ignorable: an emoji's variation selector, a
    Hangul filler), or None. In a name (a setting's, a block's, a file's) it makes another name that looks the
    same, which a 'did you mean' cannot show the difference of."""
    return next(
        (c for c in name if unicodedata.category(c) == "Cf" or DEFAULT_IGNORABLE.match(c)),
        None,
    )


def invisible_in(name: str, fix: str = "delete the name and type it again") -> str:
    """What to do about a name holding a character that shows nothing ('pl\u200ban'); "" for a name without one.

    The name, quoted in a message, looks right: the character is named by its code instead."""
    hidden = first_invisible(name)
    if hidden is None:
        return ""
    return (
        f"the name holds an invisible character ({character_named(hidden)}), as pasted from a web page or a "
        f"document: {fix}"
    )


def character_named(character: str) -> str:
    """A character by its code and Unicode name, as a message names one it cannot show: 'U+200B, ZERO WIDTH SPACE'."""
    return f"U+{ord(character):04X}, {unicodedata.name(character, 'a format character')}"
