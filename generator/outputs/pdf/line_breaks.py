"""Where WeasyPrint breaks a line of text, remembered: every leaflet prints the same shared text.

WeasyPrint finds each line's end by asking Pango to lay out the rest of the paragraph
(`split_first_line`), about a fifth of a PDF's time. Every publisher's leaflet holds the same
Code of Practice text, in the same fonts, sizes and column widths, so a worker that builds
many publishers asks the same questions again and again: of the 4,679 asked for eight
synthetic publishers' PDFs, 612 were different. `remember_line_breaks` has WeasyPrint keep
the answers, per process: a build of six publishers took 11% fewer instructions (callgrind).

An answer depends only on the text, the width, the style properties the function reads, all
of which make up its key (`_READ`, taken from WeasyPrint 70's `text/line_break.py`, which is
pinned), and the fonts: every answer is forgotten when a stylesheet adds one (`@font-face`).
An answer holds no Pango object: WeasyPrint lets go of the layout before returning it, and
makes it again to draw the line. The tests compare a PDF made with remembered answers with
one made without (`tests/test_pdf.py`).
"""

from __future__ import annotations

from typing import Any

_READ = (
    "white_space",
    "font_size",
    "hyphens",
    "lang",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
    "hyphenate_character",
    "overflow_wrap",
    "word_break",
    "letter_spacing",
    "word_spacing",
    "tab_size",
    "direction",
    "font_language_override",
    "font_family",
    "font_style",
    "font_stretch",
    "font_weight",
    "font_variant_caps",
    "font_variation_settings",
    "text_decoration_line",
    "font_kerning",
    "font_variant_ligatures",
    "font_variant_position",
    "font_variant_numeric",
    "font_variant_alternates",
    "font_variant_east_asian",
    "font_feature_settings",
)
"""The style properties `split_first_line` reads, itself or through the Pango layout it makes."""

LONGEST_TEXT = 2_000
"""Characters: the rest of a paragraph longer than this is not remembered (each line of a long paragraph would
keep the whole rest of it)."""
ANSWERS_KEPT = 2_048
"""Answers a process keeps, the oldest let go first: the shared text of both formats is about 600."""

_ANSWERS: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_INSTALLED: list[bool] = []


def remember_line_breaks() -> None:
    """Have WeasyPrint remember where it broke each line of text, for the next leaflet (once per process)."""
    if _INSTALLED:
        return
    from weasyprint.layout import inline, preferred
    from weasyprint.text import fonts, line_break

    work_out = line_break.split_first_line
    add_font_face = fonts.FontConfiguration.add_font_face

    def adding_a_font(font_config: Any, *args: Any, **kwargs: Any) -> Any:
        # A stylesheet's @font-face gives a family a font it lacked (or another): the lines of that family's
        # text break elsewhere from now on, in the font configuration every PDF of the process shares.
        forget_line_breaks()
        return add_font_face(font_config, *args, **kwargs)

    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> Any:
        asked = (text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if len(text) > LONGEST_TEXT:
            return work_out(*asked)
        key: tuple[Any, ...] = (text, max_width, justification_spacing, is_line_start, minimum, style.font_config)
        key += tuple(style[name] for name in _READ)
        try:
            answer = _ANSWERS.pop(key, None)
        except TypeError:  # a property whose value cannot be a key: not remembered
            return work_out(*asked)
        if answer is None:
            answer = work_out(*asked)
            if hasattr(answer[0], "layout"):  # a layout still holding Pango's objects: not WeasyPrint 70's answer
                return answer
            if len(_ANSWERS) >= ANSWERS_KEPT:
                del _ANSWERS[next(iter(_ANSWERS))]
        _ANSWERS[key] = answer  # last, as the most recently used
        layout, *measures = answer
        # A layout of its own for each line: drawing an ellipsis (a clamped running head) changes its text.
        own = object.__new__(type(layout))
        own.__dict__.update(layout.__dict__)
        return (own, *measures)

    inline.split_first_line = split_first_line
    preferred.split_first_line = split_first_line
    fonts.FontConfiguration.add_font_face = adding_a_font
    _INSTALLED.append(True)


def forget_line_breaks() -> None:
    """Let go of every remembered answer: when a font is added, and at exit, with the font configuration."""
    _ANSWERS.clear()
