"""The binding to liblouis: Unified English Braille grade 2, written in North American braille ASCII (BRF).

A small typed ctypes binding to Debian's `liblouis.so.20` (package liblouis20, tables in
liblouis-data): our virtual environment's Python is not Debian's, so Debian's own binding
(python3-louis) cannot be imported. Only what the braille edition needs is bound:

- `translate`, through `lou_translate`, with the position of every printed character's
  first cell and of every cell's printed character, so that lines are broken between words
  and addresses after a `/` or `.` of the print, never inside a contraction; spans of the
  text it is given (web and email addresses) are marked with liblouis's `no_contract`
  typeform, so that they come out uncontracted in the same translation as the grade 2 text
  around them (capitals and numbers are still read in their context);
- `back_translate`, through `lou_backTranslateString`, with which the tests read the braille back;
- `untranslatable`, the characters the table has no braille for (an emoji, Chinese), which
  liblouis would otherwise write as a hexadecimal escape such as `'\\x1f600'`, or pass through
  (8-dot braille patterns, which have no cell in a 6-dot BRF file).

What liblouis 3.24 makes of the leaflets' harder text, checked in tests/test_braille.py:
a space inside a number becomes the numeric space (dot 5), so `03000 41 3000` is one braille
"word" that is never broken across lines and reads back as written; a postcode such as
`ME16 8AE` is `,,ME#AF"H,,AE` (the capitals indicator ends the number, so the letters after the
digits need no grade 1 indicator), and reads back as written; lower-case letters a to j after
digits get the grade 1 indicator (`9am` is `#I;AM`), as UEB requires.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

LIBRARY = "liblouis.so.20"
TABLES = "en-us-brf.dis,en-ueb-g2.ctb"
"""Unified English Braille grade 2, shown in North American braille ASCII (the cells of BRF files)."""
NO_CONTRACT = 0x1000
"""liblouis's `no_contract` typeform (liblouis.h): the characters it marks are translated without contractions."""


class LiblouisMissingError(RuntimeError):
    """liblouis, or its Unified English Braille tables, is not installed on this machine."""


@dataclass(frozen=True)
class Translation:
    """Braille for a text, and where each printed character and each cell came from."""

    braille: str
    """One ASCII character per cell: North American braille ASCII, as a BRF file holds it."""
    cell_of: tuple[int, ...]
    """For each character of the text, the first cell of its braille (characters within one contraction share it)."""
    char_of: tuple[int, ...]
    """For each cell, the character of the text it came from (an indicator belongs to the character it marks)."""


class _Liblouis:
    """The loaded library, with the argument types of the functions used declared once."""

    def __init__(self) -> None:
        try:
            library = ctypes.CDLL(LIBRARY)
        except OSError as exc:
            raise LiblouisMissingError(
                f"the braille edition needs liblouis ({LIBRARY}), which is not installed: "
                "install Debian's liblouis20 and liblouis-data (apt-get install liblouis20 liblouis-data)"
            ) from exc
        library.lou_charSize.restype = ctypes.c_int
        library.lou_charSize.argtypes = ()
        library.lou_checkTable.restype = ctypes.c_int
        library.lou_checkTable.argtypes = (ctypes.c_char_p,)
        int_p = ctypes.POINTER(ctypes.c_int)
        library.lou_translate.restype = ctypes.c_int
        library.lou_translate.argtypes = (
            ctypes.c_char_p,  # tableList
            ctypes.c_void_p,  # inbuf (widechar *)
            int_p,  # inlen: in, the characters to translate; out, the characters translated
            ctypes.c_void_p,  # outbuf (widechar *)
            int_p,  # outlen: in, the room; out, the cells written
            ctypes.c_void_p,  # typeform (formtype *, unsigned short): NO_CONTRACT over the uncontracted spans
            ctypes.c_char_p,  # spacing: none
            int_p,  # outputPos: for each input character, its first output cell
            int_p,  # inputPos: for each output cell, its input character
            int_p,  # cursorPos: none
            ctypes.c_int,  # mode
        )
        library.lou_backTranslateString.restype = ctypes.c_int
        library.lou_backTranslateString.argtypes = (
            ctypes.c_char_p,
            ctypes.c_void_p,
            int_p,
            ctypes.c_void_p,
            int_p,
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
        )
        self.library = library
        self.char_size = int(library.lou_charSize())
        """Bytes in liblouis's `widechar`: 4 (UTF-32) in Debian's build, 2 (UTF-16) in some others."""
        self.encoding = "utf-32-le" if self.char_size == 4 else "utf-16-le"
        self.tables = TABLES.encode("ascii")
        if not library.lou_checkTable(self.tables):
            raise LiblouisMissingError(
                f"liblouis cannot find its Unified English Braille tables ({TABLES}): "
                "install Debian's liblouis-data (apt-get install liblouis-data)"
            )
        # liblouis compiles and caches tables in global state: one call at a time.
        self.lock = threading.Lock()

    def encode(self, text: str) -> bytes:
        if self.char_size == 2:
            # UTF-16 would give a character outside the Basic Multilingual Plane two positions; none of those has
            # braille in the table, so it is made the replacement character, keeping one position per character.
            text = "".join(c if ord(c) <= 0xFFFF else "\ufffd" for c in text)
        return text.encode(self.encoding, errors="surrogatepass")

    def decode(self, data: bytes) -> str:
        return data.decode(self.encoding, errors="replace")


@cache
def _liblouis() -> _Liblouis:
    return _Liblouis()


def check_installed() -> None:
    """Raise `LiblouisMissingError`, naming the Debian packages to install, unless liblouis and its tables are here."""
    _liblouis()


def translate(text: str, uncontracted: Sequence[tuple[int, int]] = ()) -> Translation:
    """`text` in Unified English Braille grade 2 (BRF cells), with the positions linking print and braille.

    The characters of each (start, end) span of `uncontracted` are written without contractions
    (grade 1), with the indicators liblouis's UEB table gives them there. Raises
    `LiblouisMissingError` if liblouis is not installed.
    """
    louis = _liblouis()
    if not text:
        return Translation("", (), ())
    data = louis.encode(text)
    length = len(text)
    room = length * 4 + 64  # grade 2 is shorter than print; indicators and symbols can make it longer
    while True:
        inbuf = ctypes.create_string_buffer(data, len(data))
        outbuf = ctypes.create_string_buffer(room * louis.char_size)
        inlen = ctypes.c_int(length)
        outlen = ctypes.c_int(room)
        cell_of = (ctypes.c_int * length)()
        char_of = (ctypes.c_int * room)()
        typeform = _typeform(room, uncontracted) if uncontracted else None
        with louis.lock:
            done = louis.library.lou_translate(
                louis.tables,
                inbuf,
                ctypes.byref(inlen),
                outbuf,
                ctypes.byref(outlen),
                typeform,
                None,
                cell_of,
                char_of,
                None,
                0,
            )
        if not done:
            raise RuntimeError(f"liblouis could not translate a text of {length:,} characters")
        if inlen.value >= length:
            break
        room *= 2  # the braille did not fit: liblouis stopped early, so translate again with more room
    cells = outlen.value
    braille = louis.decode(outbuf.raw[: cells * louis.char_size])
    return Translation(braille, tuple(cell_of[:length]), tuple(char_of[:cells]))


def _typeform(room: int, uncontracted: Sequence[tuple[int, int]]) -> ctypes.Array[ctypes.c_ushort]:
    """liblouis's typeform array: NO_CONTRACT over each span, plain text elsewhere.

    As long as the output buffer (`room`), not the text: liblouis writes the output's typeforms back into it.
    """
    typeform = (ctypes.c_ushort * room)()
    for start, end in uncontracted:
        for index in range(max(start, 0), min(end, room)):
            typeform[index] = NO_CONTRACT
    return typeform


def back_translate(braille: str) -> str:
    """Braille (BRF cells) read back into print with the same table; used to check what the braille says."""
    louis = _liblouis()
    if not braille:
        return ""
    data = louis.encode(braille)
    length = len(braille)
    room = length * 8 + 64
    while True:
        inbuf = ctypes.create_string_buffer(data, len(data))
        outbuf = ctypes.create_string_buffer(room * louis.char_size)
        inlen = ctypes.c_int(length)
        outlen = ctypes.c_int(room)
        with louis.lock:
            done = louis.library.lou_backTranslateString(
                louis.tables, inbuf, ctypes.byref(inlen), outbuf, ctypes.byref(outlen), None, None, 0
            )
        if not done:
            raise RuntimeError(f"liblouis could not back-translate {length:,} cells")
        if inlen.value >= length:
            return louis.decode(outbuf.raw[: outlen.value * louis.char_size])
        room *= 2


UNDEFINED_MARK = ("'\\X", "'\\Y")
"""How liblouis writes a character its tables do not define: `'\\x` or `'\\y` and its code point in hexadecimal."""

_known: dict[str, bool] = {}
_KNOWN_LIMIT = 20_000
"""Characters remembered between leaflets: more than any real leaflet uses, so the memory stays bounded."""


def untranslatable(characters: set[str]) -> set[str]:
    """Those of `characters` that the table has no braille for.

    All are asked in one translation, each alone between spaces, so a leaflet of 50,000
    different characters costs one call, not 50,000.
    """
    answers = {c: _known[c] for c in characters if c in _known}
    unknown = sorted(c for c in characters if c not in answers and c != " ")
    if unknown:
        translation = translate(" ".join(unknown))
        starts = [translation.cell_of[2 * i] for i in range(len(unknown))]
        ends = [*starts[1:], len(translation.braille)]
        for character, start, end in zip(unknown, starts, ends, strict=True):
            cells = translation.braille[start:end].strip()
            answers[character] = (
                not cells
                or any(mark in cells for mark in UNDEFINED_MARK)
                or any(not " " <= cell <= "_" for cell in cells)  # 8-dot braille, passed through: no BRF cell
            )
            if len(_known) < _KNOWN_LIMIT:
                _known[character] = answers[character]
    return {c for c, undefined in answers.items() if undefined}
