"""The Word edition's page and styles: A4, British English, Arial at 12 pt, left aligned, clear headings.

python-docx starts from its own template: US Letter, US English, Calibri and Cambria
through the theme, blue italic headings. Each of those is changed here, in the styles
themselves (not in each paragraph), so that whoever edits the copy in Word keeps them.
Sizes follow the standard print PDF (UK clear print): body 12 pt, headings 16 to 26 pt,
bold; line spacing 1.5; bold for emphasis, never italics.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from ...inputs.fields import contrast_ratio
from .ooxml import PARAGRAPH_ORDER, borders, element, put

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
QUOTE_INDENT_TWIPS = 454
"""8 mm: the Code of Practice quotations' indent, right of their bar."""
QUOTE_BAR = (24, 10)
"""The bar left of a quotation: 3 pt thick (in eighths of a point), 10 pt from the text."""
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
    title.paragraph_format.space_before = Pt(0)
    title.paragraph_format.space_after = Pt(BODY_PT)
    for kept in title.element.xpath("w:pPr/w:pBdr | w:rPr/w:spacing | w:rPr/w:kern"):
        kept.getparent().remove(kept)  # the template's rule under the title, and its letter spacing
    _quote(document.styles["Quote"])
    _hyperlink(document)
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
    """The Code of Practice quotations: indented behind a black bar, upright (no italics), black."""
    for unwanted in style.element.xpath("w:rPr/w:i | w:rPr/w:iCs | w:rPr/w:color"):
        unwanted.getparent().remove(unwanted)
    style.paragraph_format.left_indent = Twips(QUOTE_INDENT_TWIPS)
    ppr = style.element.find(qn("w:pPr"))
    borders(ppr, ["left"], QUOTE_BAR[0], QUOTE_BAR[1], "000000")


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
    for mode in settings.xpath('w:compat/w:compatSetting[@w:name="compatibilityMode"]'):
        mode.set(qn("w:val"), "15")  # Word 2013 and later: no "Compatibility Mode" in the title bar
