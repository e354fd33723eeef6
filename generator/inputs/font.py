"""The leaflets' font, and the characters of published text it does not have.

Every printed leaflet is set in one font, Liberation Sans (Debian's fonts-liberation2), embedded
in the PDF. It has every letter of English and Welsh (ŵ and ŷ too), and Greek and Cyrillic, but no
emoji, nor Arabic, Urdu, Chinese or many other scripts. For a character it lacks, WeasyPrint prints
the glyph of another font on the machine, if one has it (DejaVu Sans, Droid Sans Fallback), or an
empty box; and braille has no sign for most such characters, so the braille edition leaves them out.
`check` warns about each line of published text that holds one: in a block, where the text after
Jinja holds it (`compose.leaflet`), and in a YAML value (`inputs.yaml_source`).

The characters are read from the font's own files, with fontTools, found as WeasyPrint finds them:
by fontconfig (the library, as `fc-match` does), for the regular face and the bold one (headings and
bold text), once per process. What a face's file has is kept on disk for this user, beside the compiled
templates (`template_cache`), by the file's path, size and time: reading it with fontTools costs a new
process (a rebuild, each build worker, the preview) about 40 ms, most of it importing fontTools.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import struct
import tempfile
import unicodedata
from array import array
from functools import cache
from pathlib import Path

from .characters import DEFAULT_IGNORABLE, REPLACEMENT_CHARACTER

FONT_FAMILY = "Liberation Sans"
"""Arial-metric sans serif with every letter of English and Welsh (ŵ and ŷ too); Debian's fonts-liberation2."""
FACES = ("regular", "bold")
"""The weights the leaflets print in: body text, and headings and bold text."""


class FontMissingError(RuntimeError):
    """The leaflets' font is not installed on this machine, or cannot be read."""


FONTCONFIG = "libfontconfig.so.1"
"""fontconfig, through which Pango, and so WeasyPrint, finds a font by its name (Debian's libfontconfig1)."""


class _Fontconfig:
    """The few functions of fontconfig that match a font's name to its file, as `fc-match` does, with their types."""

    def __init__(self) -> None:
        try:
            library = ctypes.CDLL(FONTCONFIG)
        except OSError as exc:
            raise FontMissingError(
                f"fontconfig ({FONTCONFIG}), with which the leaflets find their font, is not installed: install "
                "Debian's libfontconfig1 (apt-get install libfontconfig1)"
            ) from exc
        pointer, text = ctypes.c_void_p, ctypes.c_char_p
        for name, result, arguments in (
            ("FcInitLoadConfigAndFonts", pointer, ()),
            ("FcConfigDestroy", None, (pointer,)),
            ("FcNameParse", pointer, (text,)),
            ("FcConfigSubstitute", ctypes.c_int, (pointer, pointer, ctypes.c_int)),
            ("FcDefaultSubstitute", None, (pointer,)),
            ("FcFontMatch", pointer, (pointer, pointer, ctypes.POINTER(ctypes.c_int))),
            ("FcPatternGetString", ctypes.c_int, (pointer, text, ctypes.c_int, ctypes.POINTER(text))),
            ("FcPatternGetInteger", ctypes.c_int, (pointer, text, ctypes.c_int, ctypes.POINTER(ctypes.c_int))),
            ("FcPatternDestroy", None, (pointer,)),
        ):
            function = getattr(library, name)
            function.restype = result
            function.argtypes = arguments
        self.library = library

    def match(self, name: str) -> tuple[list[str], str, int]:
        """The families, the file and the index in it of the font fontconfig gives for `name` (like
        'Liberation Sans:weight=bold'): what `fc-match` prints."""
        fc = self.library
        config = fc.FcInitLoadConfigAndFonts()
        pattern = fc.FcNameParse(name.encode())
        found = None
        try:
            fc.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
            fc.FcDefaultSubstitute(pattern)
            result = ctypes.c_int()
            found = fc.FcFontMatch(config, pattern, ctypes.byref(result))
            if not found:
                return [], "", 0
            families: list[str] = []
            value = ctypes.c_char_p()
            while fc.FcPatternGetString(found, b"family", len(families), ctypes.byref(value)) == 0 and value.value:
                families.append(value.value.decode("utf-8", "replace"))
            path = value.value if fc.FcPatternGetString(found, b"file", 0, ctypes.byref(value)) == 0 else None
            index = ctypes.c_int()
            if fc.FcPatternGetInteger(found, b"index", 0, ctypes.byref(index)) != 0:
                index.value = 0
            return families, os.fsdecode(path or b""), index.value
        finally:
            if found:
                fc.FcPatternDestroy(found)
            if pattern:
                fc.FcPatternDestroy(pattern)
            if config:
                fc.FcConfigDestroy(config)


def font_file(family: str, weight: str) -> tuple[str, int]:
    """The file (and the font's index in it) that fontconfig gives for `family` in `weight`, as WeasyPrint is given
    it. Raises `FontMissingError` if fontconfig gives another family: WeasyPrint would print in that one."""
    families, path, index = _Fontconfig().match(f"{family}:weight={weight}")
    if family not in families or not path:
        instead = f" (fontconfig gives {families[0]} instead)" if families else ""
        raise FontMissingError(
            f"the leaflets' font, {family}, is not installed on this machine{instead}: install Debian's "
            "fonts-liberation2 (apt-get install fonts-liberation2)"
        )
    return path, index


def font_characters() -> frozenset[int]:
    """The code points that both the regular and the bold face of the leaflets' font have a glyph for.

    Read once per process. Raises `FontMissingError` if the font is not installed or cannot be read.
    """
    found = _font_characters()
    if isinstance(found, FontMissingError):
        raise FontMissingError(*found.args)
    return found


@cache
def _font_characters() -> frozenset[int] | FontMissingError:
    """The font's characters, or why they cannot be read: either is found once per process."""
    have: frozenset[int] | None = None
    for weight in FACES:
        try:
            path, index = font_file(FONT_FAMILY, weight)
        except FontMissingError as exc:
            return exc
        faces = _face_characters(path, index)
        if isinstance(faces, FontMissingError):
            return faces
        have = faces if have is None else have & faces
    return have or frozenset()


def _face_characters(path: str, index: int) -> frozenset[int] | FontMissingError:
    """The code points one face (`index` in the file `path`) has a glyph for: kept on disk, else read."""
    kept = _kept_file(path, index)
    if kept is not None:
        with contextlib.suppress(OSError):
            data = kept.read_bytes()
            # Its own fingerprint first: a file cut short or damaged is read from the font again, never believed.
            if hashlib.sha1(data[20:]).digest() == data[:20] and len(data) % 4 == 0:
                return frozenset(array("I", data[20:]))
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except (OSError, TTLibError, KeyError, AssertionError, ValueError, struct.error) as exc:
        return FontMissingError(
            f"the leaflets' font, {FONT_FAMILY}, cannot be read from {path} ({exc}): install Debian's "
            "fonts-liberation2 again (apt-get install --reinstall fonts-liberation2)"
        )
    if kept is not None:
        _keep(kept, array("I", sorted(cmap)).tobytes())
    return frozenset(cmap)


@cache
def advance_widths(weight: str) -> dict[int, float]:
    """How far each character the face of `weight` ('regular' or 'bold') has moves the pen, in ems: its width in print
    is this times the text's size. Found once per process, and kept on disk as the characters are.

    Raises `FontMissingError` if the font is not installed or cannot be read.
    """
    path, index = font_file(FONT_FAMILY, weight)
    kept = _kept_file(path, index, "widths")
    if kept is not None:
        with contextlib.suppress(OSError):
            data = kept.read_bytes()
            if hashlib.sha1(data[20:]).digest() == data[:20] and len(data) % 4 == 0:
                per_em, *pairs = array("I", data[20:])
                return {code: width / per_em for code, width in zip(pairs[::2], pairs[1::2], strict=True)}
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            per_em = font["head"].unitsPerEm
            metrics = font["hmtx"].metrics
            units = {code: metrics[glyph][0] for code, glyph in (font.getBestCmap() or {}).items()}
    except (OSError, TTLibError, KeyError, AssertionError, ValueError, struct.error) as exc:
        raise FontMissingError(
            f"the leaflets' font, {FONT_FAMILY}, cannot be read from {path} ({exc}): install Debian's "
            "fonts-liberation2 again (apt-get install --reinstall fonts-liberation2)"
        ) from exc
    if kept is not None:
        _keep(kept, array("I", [per_em, *(number for pair in sorted(units.items()) for number in pair)]).tobytes())
    return {code: width / per_em for code, width in units.items()}


def _keep(kept: Path, data: bytes) -> None:
    """Write `data` to `kept` after its fingerprint, whole or not at all (another process may be reading it); on a
    full disk, nothing is kept, and the font is read again next time."""
    try:
        handle, name = tempfile.mkstemp(dir=kept.parent, prefix=".font-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(hashlib.sha1(data).digest() + data)
        os.replace(name, kept)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _kept_file(path: str, index: int, what: str = "characters") -> Path | None:
    """Where what the face's file has is kept, by its path, size and time (a new version is read afresh); None
    where there is no folder of this user's own to keep it in (Jinja's, which it checks no one else can change)."""
    from jinja2 import FileSystemBytecodeCache

    try:
        folder = FileSystemBytecodeCache().directory
        found = os.stat(path)
    except (OSError, RuntimeError):
        return None
    key = hashlib.sha1(f"{path}\0{index}\0{found.st_size}\0{found.st_mtime_ns}".encode()).hexdigest()
    return Path(folder) / f"sen-leaflets-font-{key}{'' if what == 'characters' else f'-{what}'}.cache"


def _prints(character: str) -> bool:
    """Whether `character` prints as a glyph: not a space, a control or a default ignorable character; nor half of
    a character (a YAML escape such as \\ud800) or the replacement character (U+FFFD), which have messages of their
    own."""
    return not (
        character.isspace()
        or unicodedata.category(character) in {"Cc", "Cs"}
        or character == REPLACEMENT_CHARACTER
        or DEFAULT_IGNORABLE.match(character)
    )


def missing_from_font(text: str) -> frozenset[str]:
    """The characters of `text` that print but that the leaflets' font does not have.

    None where the font is not installed: `check`, `build` and the preview stop first, with the error that says
    so (`build.check`), and no other command judges how text prints.
    """
    if text.isascii():
        return frozenset()  # the font has every printable ASCII character
    have = _font_characters()
    if isinstance(have, FontMissingError):
        return frozenset()
    return frozenset(c for c in set(text) if ord(c) not in have and _prints(c))


def not_in_font_message(characters: list[str], text: str = "this text") -> str:
    """The warning for a line of published text holding `characters` (in order, each time it is written), which the
    leaflets' font does not have: the first named, the rest counted. `text` says which text holds them."""
    first, more = characters[0], len(set(characters)) - 1  # the others counted once each, not each time written
    name = unicodedata.name(first, "")
    shown = f"{first} ({name})" if name else f"{first} (U+{ord(first):04X})"
    if not more and unicodedata.category(first) == "Pd":
        # A look-alike of '-' (a non-breaking hyphen, a figure dash), as a word processor types it.
        return (
            f"{text} holds {shown}, which the leaflet's font does not have, so the printed leaflet would show it "
            "as an empty box or in another font: type an ordinary hyphen (-) in its place"
        )
    if not more:
        return (
            f"{text} holds {shown}, which the leaflet's font does not have, so the printed leaflet would show it "
            "as an empty box or in another font, and the braille edition may leave it out: write it in words, or "
            "leave it out"
        )
    others = "1 more character" if more == 1 else f"{more:,} more characters"
    return (
        f"{text} holds {shown} and {others} that the leaflet's font does not have, so the printed leaflet would "
        "show them as empty boxes or in another font, and the braille edition may leave them out: write them in "
        "words, or leave them out"
    )
