"""The Word edition's page and styles: A4, British English, Arial at 12 pt, left aligned, clear headings.

python-docx starts from its own template: US Letter, US English, Calibri and Cambria
through the theme, blue italic headings. Each of those is changed here, in the styles
themselves (not in each paragraph), so that whoever edits the copy in Word keeps them.
Sizes follow the standard print PDF (UK clear print): body 12 pt, headings 16 to 26 pt,
bold; line spacing 1.5; bold for emphasis, never italics.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from ...inputs.fields import contrast_ratio
from .ooxml import PARAGRAPH_ORDER, RUN_ORDER, element, put

FONT = "Arial"
"""A sans serif every copy of Word has; the PDFs' Liberation Sans has its letter widths."""
LANGUAGE = "en-GB"
BODY_PT = 12
HEADING_PT = {1: 20, 2: 16, 3: 14, 4: 13, 5: 12, 6: 12}
"""Heading 1 is a section's title; the leaflet's title (the Title style) is 26 pt."""
TITLE_PT = 26
LINE_SPACING = 1.5
HEADING_LINE_SPACING = 1.25
A4_TWIPS = (11906, 16838)
"""210 x 297 mm, as Word itself writes A4 (in twentieths of a point)."""
MARGIN_TWIPS = 1134
"""20 mm, as the standard print PDF."""
QUOTE_INDENT_TWIPS = 720
"""12.7 mm: how far a quotation is indented, on the left and on the right.

Indents set quotations apart, not a bar beside them (as on paper): a list in a quotation has
hanging indents, and programs draw a paragraph's border on either side of its bullet."""
LIST_STEP_TWIPS = 360
"""How far each list level is indented in Word's list styles (List Bullet, List Bullet 2, ...)."""
LINK_COLOUR = "0563C1"
"""Word's own hyperlink blue: 6.1:1 on white."""
MIN_CONTRAST = 4.5
THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def heading_colour(brand: str) -> str:
    """The brand colour ('RRGGBB') for headings where it has 4.5:1 on white, as on paper; black otherwise."""
    return brand.lstrip("#").upper() if contrast_ratio(brand, "#ffffff") >= MIN_CONTRAST else "000000"


def band_text_colour(brand: str) -> str:
    """White or black, whichever reads better on the brand colour: the cover's band, as on paper."""
    return "FFFFFF" if contrast_ratio(brand, "#ffffff") >= contrast_ratio(brand, "#000000") else "000000"


def set_up(document: Document, brand: str) -> None:
    """A4 pages, British English, Arial, and the styles the leaflet uses, in the brand's colour where it reads."""
    section = document.sections[0]
    section.page_width, section.page_height = Twips(A4_TWIPS[0]), Twips(A4_TWIPS[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN_TWIPS))
    section.header_distance = section.footer_distance = Twips(MARGIN_TWIPS // 2)
    styles = document.styles.element
    _defaults(styles)
    _without_theme_fonts(styles)
    colour = heading_colour(brand)
    normal = document.styles["Normal"]
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    normal.paragraph_format.widow_control = True
    for level, size in HEADING_PT.items():
        _heading(document.styles[f"Heading {level}"], size, colour)
    title = _heading(document.styles["Title"], TITLE_PT, colour)
    title.paragraph_format.space_before = Pt(BODY_PT)
    title.paragraph_format.space_after = Pt(BODY_PT)
    for kept in title.element.xpath("w:pPr/w:pBdr | w:rPr/w:spacing | w:rPr/w:kern"):
        kept.getparent().remove(kept)  # the template's rule under the title, and its letter spacing
    _quote(document.styles["Quote"])
    for name in ("Title", "Quote", *(f"Heading {level}" for level in HEADING_PT)):
        _same_in_linked_style(styles, document.styles[name].element)
    _hyperlink(document)
    _bullets(document.part.numbering_part.element)
    _settings(document.settings.element)


def _defaults(styles: Any) -> None:
    """Every run Arial 12 pt in British English, every paragraph 1.5 lines apart with 12 pt after, unless a style
    says otherwise."""
    run = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(run):
        run.remove(child)
    run.append(element("w:rFonts", {f"w:{script}": FONT for script in ("ascii", "eastAsia", "hAnsi", "cs")}))
    run.append(element("w:sz", {"w:val": str(BODY_PT * 2)}))
    run.append(element("w:szCs", {"w:val": str(BODY_PT * 2)}))
    run.append(element("w:lang", {"w:val": LANGUAGE, "w:eastAsia": LANGUAGE, "w:bidi": "ar-SA"}))
    paragraph = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    line = str(round(240 * LINE_SPACING))
    spacing = element("w:spacing", {"w:after": str(BODY_PT * 20), "w:line": line, "w:lineRule": "auto"})
    put(paragraph, spacing, PARAGRAPH_ORDER)


def _without_theme_fonts(styles: Any) -> None:
    """Styles name fonts through the theme (Calibri, Cambria): without those names, they are the defaults' Arial."""
    for fonts in styles.iter(qn("w:rFonts")):
        for name in THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qn(name), None)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)


def _heading(style: Any, size: int, colour: str) -> Any:
    font = style.font
    font.size = Pt(size)
    put(style.element.find(qn("w:rPr")), element("w:szCs", {"w:val": str(size * 2)}), RUN_ORDER)
    font.bold = True
    font.color.rgb = RGBColor.from_string(colour)
    for italic in style.element.xpath("w:rPr/w:i | w:rPr/w:iCs"):
        italic.getparent().remove(italic)
    style.paragraph_format.line_spacing = HEADING_LINE_SPACING
    style.paragraph_format.space_before = Pt(BODY_PT * 1.2)
    style.paragraph_format.space_after = Pt(BODY_PT * 0.6)
    style.paragraph_format.keep_with_next = True
    style.paragraph_format.keep_together = True
    return style


def _quote(style: Any) -> None:
    """The Code of Practice quotations: indented on both sides, upright (no italics), black."""
    for unwanted in style.element.xpath("w:rPr/w:i | w:rPr/w:iCs | w:rPr/w:color"):
        unwanted.getparent().remove(unwanted)
    style.paragraph_format.left_indent = style.paragraph_format.right_indent = Twips(QUOTE_INDENT_TWIPS)


def _same_in_linked_style(styles: Any, style: Any) -> None:
    """A paragraph style's character formatting in its linked character style ('Heading 1 Char') too.

    Word applies the linked style when part of a paragraph is given the heading's look, and
    some readers of .docx files take a paragraph's look from it: it must not keep the template's
    blue and italics.
    """
    linked = style.find(qn("w:link"))
    target = styles.xpath(f'w:style[@w:styleId="{linked.get(qn("w:val"))}"]') if linked is not None else []
    formatting = style.find(qn("w:rPr"))
    if not target or formatting is None:
        return
    for old in target[0].findall(qn("w:rPr")):
        target[0].remove(old)
    target[0].append(deepcopy(formatting))


def _bullets(numbering: Any) -> None:
    """Bullets as the character '•' in Arial, not the template's private character in the Symbol font.

    Word draws both alike; other programs that open .docx files (and screen readers' braille)
    may not have Symbol, and show nothing, or a box, where the bullet should be.
    """
    for level in numbering.xpath('w:abstractNum/w:lvl[w:numFmt/@w:val="bullet"]'):
        level.find(qn("w:lvlText")).set(qn("w:val"), "\u2022")
        for fonts in level.iter(qn("w:rFonts")):
            for script in ("ascii", "hAnsi", "cs"):
                fonts.set(qn(f"w:{script}"), FONT)


def _hyperlink(document: Document) -> None:
    """Word's own Hyperlink character style, which its template has and python-docx's lacks."""
    style: Any = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
    style.base_style = document.styles["Default Paragraph Font"]
    style.priority = 99
    style.unhide_when_used = True
    style.font.color.rgb = RGBColor.from_string(LINK_COLOUR)
    style.font.underline = WD_UNDERLINE.SINGLE


def _settings(settings: Any) -> None:
    """British English for the theme's fonts too, a spelling check on opening, and no ids from the template.

    The template's revision ids (`w:rsids`) and document id are another document's; Word adds
    its own when the copy is edited. Its "spelling checked" mark would stop Word checking ours.
    """
    for unwanted in settings.xpath("w:rsids | w:proofState | w14:docId"):
        settings.remove(unwanted)
    for theme_language in settings.iter(qn("w:themeFontLang")):
        theme_language.attrib.clear()
        theme_language.set(qn("w:val"), LANGUAGE)
    for zoom in settings.iter(qn("w:zoom")):
        zoom.attrib.clear()
        zoom.set(qn("w:percent"), "100")  # the template's lacks the percentage the schema requires
    for mode in settings.xpath('w:compat/w:compatSetting[@w:name="compatibilityMode"]'):
        mode.set(qn("w:val"), "15")  # Word 2013 and later: no "Compatibility Mode" in the title bar
