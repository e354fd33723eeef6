"""The leaflets' font: `check` warns about each character of published text it does not have, and no other.

The emoji and the words in other scripts of tests/fixtures/bad/warning-*-the-font-lacks-*.yml are
warned about at their lines; here, the letters the font has (Welsh's among them) and the characters
that never print are not, a line is warned about once, and a machine without the font says so.
"""

from __future__ import annotations

import string
import subprocess
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from generator.inputs import font
from generator.inputs.font import FACES, FONT_FAMILY, font_characters, font_file
from tests.conftest import REPO, run_cli
from tests.test_check import reported

WELSH = "âêîôûŵŷäëïöüẅÿáéíóúẃýàèìòùẁỳ"
"""Every letter with an accent that Welsh writes: the circumflex (to bach), the diaeresis, the acute and the grave."""
NEVER_PRINTED = "\u00ad\u200b\u200c\u200d\u2060\ufe0e\ufe0f\u00a0\u202f\u2009"
"""A soft hyphen, a zero-width space, the joiners, a word joiner, variation selectors, and spaces."""
NOTE = "authorities/demo/blocks/demo-local-note.md"


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _new(root: Path, before: list[str]) -> list[str]:
    return [line for line in reported(root) if line not in before]


def test_the_characters_are_those_both_faces_fontconfig_gives_have() -> None:
    files = [font_file(FONT_FAMILY, weight) for weight in FACES]
    assert [Path(path).name for path, _ in files] == ["LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"]
    faces = []
    for path, index in files:
        with TTFont(path, fontNumber=index) as opened:
            faces.append(set(opened.getBestCmap()))
    assert font_characters() == faces[0] & faces[1]
    # Every letter of English and Welsh, as the README says.
    assert {ord(c) for c in string.ascii_letters + WELSH + WELSH.upper()} <= font_characters()
    assert not {ord(c) for c in "📞👩ا中"} & font_characters()


def test_what_a_face_has_is_kept_on_disk_and_read_afresh_when_its_file_changes(tmp_path: Path) -> None:
    """A new process reads the kept code points rather than the font; a new version of the file is read again."""
    original, index = font_file(FONT_FAMILY, "regular")
    copy = tmp_path / "LiberationSans-Regular.ttf"
    copy.write_bytes(Path(original).read_bytes())
    with TTFont(copy, fontNumber=index) as opened:
        real = frozenset(opened.getBestCmap())
    kept = font._kept_file(str(copy), index)
    assert kept is not None and not kept.exists()
    try:
        assert font._face_characters(str(copy), index) == real
        assert kept.exists(), "read once, then kept"
        font._keep(kept, array("I", [65, 66]).tobytes())
        assert font._face_characters(str(copy), index) == {65, 66}, "the kept copy is what a new process reads"
        whole = kept.read_bytes()
        # Cut short, emptied or changed (a disk full while writing it, a stray edit): read from the font again, as a
        # copy believed would have every letter warned about.
        for damaged in (b"cut", b"", whole[:-4], whole[:20] + array("I", [67]).tobytes() + whole[24:]):
            kept.write_bytes(damaged)
            assert font._face_characters(str(copy), index) == real, damaged
        assert not list(kept.parent.glob(".font-*")), "no half-written copies left behind"
        font._keep(kept, array("I", [65, 66]).tobytes())
        copy.write_bytes(Path(original).read_bytes() + b"\0\0\0\0")  # a new version of the font's file
        assert font._kept_file(str(copy), index) != kept
        assert font._face_characters(str(copy), index) == real
    finally:
        for path in (kept, font._kept_file(str(copy), index)):
            if path is not None:
                path.unlink(missing_ok=True)


def test_welsh_letters_and_characters_that_never_print_are_not_warned_about(tiny_project: Path) -> None:
    before = reported(tiny_project)
    _edit(
        tiny_project,
        NOTE,
        "advice.",
        f"advice.\n\nGwybodaeth i rieni: {WELSH} {WELSH.upper()}.\n\nGair{NEVER_PRINTED}gair, ŵ\ufe0f &#x200B;&shy;.",
    )
    _edit(
        tiny_project,
        "authorities/demo.yml",
        "name: Demo IASS\n",
        f"name: Demo IASS\nstrapline: [Cymraeg ŵ ŷ{NEVER_PRINTED}]\n",
    )
    assert _new(tiny_project, before) == []


def test_a_line_is_warned_about_once_naming_the_first_character_and_counting_the_rest(tiny_project: Path) -> None:
    before = reported(tiny_project)
    _edit(tiny_project, "authorities/demo.yml", "name: Demo IASS\n", "name: Demo IASS\nstrapline: [Urdu اردو, 中文]\n")
    _edit(tiny_project, NOTE, "advice.", "advice. Smile &#x1F600; and 😀 again.")
    assert _new(tiny_project, before) == [
        "authorities/demo.yml:2:18: warning: this text holds \u0627 (ARABIC LETTER ALEF) and 5 more characters that "
        "the leaflet's font does not have, so the printed leaflet would show them as empty boxes or in another font, "
        "and the braille edition may leave them out: write them in words, or leave them out",
        # A character reference is named where it is written; the same character again is not another one.
        f"{NOTE}:4:71: warning: this text holds 😀 (GRINNING FACE), which the leaflet's font does not have, so the "
        "printed leaflet would show it as an empty box or in another font, and the braille edition may leave it out: "
        "write it in words, or leave it out",
    ]


def test_a_hyphen_the_font_lacks_is_told_to_be_typed_as_an_ordinary_one(tiny_project: Path) -> None:
    """A non-breaking hyphen, pasted from a word processor, was told to be written in words."""
    before = reported(tiny_project)
    _edit(tiny_project, NOTE, "advice.", "advice. SEN\u2011support and Relay\u2011UK.")
    assert _new(tiny_project, before) == [
        f"{NOTE}:4:68: warning: this text holds \u2011 (NON-BREAKING HYPHEN), which the leaflet's font does not have, "
        "so the printed leaflet would show it as an empty box or in another font: type an ordinary hyphen (-) in "
        "its place"
    ]


def test_a_value_a_block_prints_is_named_in_the_yaml_and_a_block_included_where_it_is_written(
    tiny_project: Path,
) -> None:
    before = reported(tiny_project)
    _edit(tiny_project, "authorities/demo.yml", "name: Demo IASS", "name: Demo IASS 中文")
    (tiny_project / "authorities" / "demo" / "blocks" / "demo-phone.md").write_text(
        "---\ntitle: A phone\n---\nRing us \U0001f4de.\n", encoding="utf-8"
    )
    _edit(tiny_project, NOTE, "advice.", 'advice. {{ publisher.name }}\n\n{% include "demo-phone" %}')
    assert _new(tiny_project, before) == [
        "authorities/demo.yml:1:17: warning: this text holds 中 (CJK UNIFIED IDEOGRAPH-4E2D) and 1 more character "
        "that the leaflet's font does not have, so the printed leaflet would show them as empty boxes or in another "
        "font, and the braille edition may leave them out: write them in words, or leave them out",
        "authorities/demo/blocks/demo-phone.md:4:9: warning: this text holds 📞 (TELEPHONE RECEIVER), which the "
        "leaflet's font does not have, so the printed leaflet would show it as an empty box or in another font, and "
        "the braille edition may leave it out: write it in words, or leave it out",
    ]


@pytest.mark.parametrize("on_cover", [True, False], ids=["on-the-cover", "only-on-the-site"])
def test_a_contact_panel_left_out_of_the_sections_is_warned_about_only_when_printed_on_the_cover(
    tiny_project: Path, on_cover: bool
) -> None:
    before = reported(tiny_project)
    _edit(tiny_project, "content/blocks/contact-panel.md", "{% set c", "Call us \U0001f4de.\n\n{% set c")
    cover = "\n    contact_on_cover: true" if on_cover else ""
    _edit(
        tiny_project, "authorities/demo.yml", "  sen-support:", f"  sen-support:\n    leave_out: [contact-panel]{cover}"
    )
    expected = (
        "content/blocks/contact-panel.md:4:9: warning: this text holds 📞 (TELEPHONE RECEIVER), which the leaflet's "
        "font does not have, so the printed leaflet would show it as an empty box or in another font, and the braille "
        "edition may leave it out: write it in words, or leave it out"
    )
    assert _new(tiny_project, before) == ([expected] if on_cover else [])


def test_a_block_s_title_and_the_site_settings_are_not_printed_and_not_warned_about(tiny_project: Path) -> None:
    before = reported(tiny_project)
    _edit(tiny_project, NOTE, "title: A local paragraph", "title: A local paragraph 📞")
    _edit(tiny_project, "mkdocs.yml", "site_name: SEN support leaflets", "site_name: SEN support leaflets 📞")
    assert _new(tiny_project, before) == []


@pytest.fixture
def without_the_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """fontconfig reading a configuration with no fonts in it: a machine without fonts-liberation2 (or any font)."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    font._font_characters.cache_clear()
    yield {"FONTCONFIG_FILE": str(config)}
    font._font_characters.cache_clear()


MISSING = (
    "the leaflets' font, Liberation Sans, is not installed on this machine: install Debian's fonts-liberation2 "
    "(apt-get install fonts-liberation2)"
)


@pytest.mark.parametrize("command", [["check"], ["build", "--no-pdf"]], ids=["check", "build"])
def test_check_and_build_stop_saying_the_font_is_not_installed(
    tiny_project: Path, without_the_font: dict[str, str], command: list[str]
) -> None:
    result = run_cli(tiny_project, *command)
    assert result.exit_code == 1
    done = "nothing was checked" if command == ["check"] else "nothing was built"
    assert f"Error: {MISSING}; {done}\n" in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def test_mkdocs_stops_saying_the_font_is_not_installed(tiny_project: Path, without_the_font: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tiny_project / "out")],
        cwd=tiny_project,
        # This checkout's sen-leaflets, whichever the environment has installed.
        env={
            "SEN_PUBLISHER": "demo",
            "PATH": str(Path(sys.executable).parent),
            "PYTHONPATH": str(REPO),
            **without_the_font,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert f"sen-leaflets cannot make the site until this is fixed: {MISSING}" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_without_fontconfig_check_says_what_to_install(tiny_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font, "FONTCONFIG", "libfontconfig-not-here.so.1")
    font._font_characters.cache_clear()
    try:
        result = run_cli(tiny_project, "check")
    finally:
        font._font_characters.cache_clear()
    assert result.exit_code == 1
    assert (
        "Error: fontconfig (libfontconfig-not-here.so.1), with which the leaflets find their font, is not installed: "
        "install Debian's libfontconfig1 (apt-get install libfontconfig1); nothing was checked"
    ) in result.output


def test_the_widths_of_a_face_are_kept_on_disk_as_the_font_gives_them() -> None:
    """What the cover's measure reads (`advance_widths`): each character's width in ems, from the font's own metrics,
    kept for the next process, and read afresh from the font when the kept copy is damaged."""
    path, index = font_file(FONT_FAMILY, "bold")
    with TTFont(path, fontNumber=index) as opened:
        per_em, metrics, cmap = opened["head"].unitsPerEm, opened["hmtx"].metrics, opened.getBestCmap()
    real = {code: metrics[glyph][0] / per_em for code, glyph in cmap.items()}
    kept = font._kept_file(path, index, "widths")
    assert kept is not None and kept != font._kept_file(path, index)
    try:
        kept.unlink(missing_ok=True)
        font.advance_widths.cache_clear()
        assert font.advance_widths("bold") == real and kept.exists()
        font.advance_widths.cache_clear()
        assert font.advance_widths("bold") == real, "read back from the kept copy"
        kept.write_bytes(kept.read_bytes()[:-4])
        font.advance_widths.cache_clear()
        assert font.advance_widths("bold") == real, "a damaged copy is never believed"
        assert 0.9 < real[ord("W")] < 1 and real[ord("i")] < 0.3  # Arial's metrics: W wide, i narrow
    finally:
        font.advance_widths.cache_clear()
