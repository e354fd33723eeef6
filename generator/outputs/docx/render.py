"""Composed leaflet -> Word document (.docx), with python-docx: the editable copy services send on request.

The cover comes first, as on paper (the logo, the service's name and strapline on a band
of its colour, the title, who the leaflet is for, the Code of Practice's edition and the
publication date, and where to read the leaflet online), then the sections from a new page,
with "Page 2 of 7" at the foot of every page after the cover.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.image.image import Image
from docx.shared import Mm

from ...compose.leaflet import ComposedLeaflet
from ...inputs.fields import url_text
from ...inputs.files import read_input
from ...inputs.rules import MAX_LOGO_BYTES
from ..downloads import leaflet_address
from .body import BodyWriter, Format
from .ooxml import borders, paragraph_properties, shading, simple_field, xml_text
from .package import package_bytes, set_properties, tidy
from .styles import HEADING_PT, band_text_colour, heading_colour, set_up

LOGO_BOX_MM = (60, 30)
"""The most room the logo takes on the cover (width, height), as on paper."""
BAND_PADDING = 4
"""Points between the band's edge and its text."""


def render_docx(leaflet: ComposedLeaflet, logo_path: Path | None) -> bytes:
    """The leaflet as a Word document: the same leaflet (and logo) gives the same bytes.

    `logo_path` is the publisher's logo (`load_publisher(...).logo_file`, already checked to be a
    PNG or JPEG), or None; it is the only file read. Nothing in the leaflet's text can stop it.
    """
    document = Document()
    brand = leaflet.publisher.branding.colour
    set_up(document, brand)
    writer = BodyWriter(document, leaflet)
    writer.panel_colour = heading_colour(brand)
    _cover(document, writer, leaflet, logo_path)
    writer.sections()
    _page_numbers(document)
    set_properties(document, leaflet)
    tidy(document)
    return package_bytes(document)


def _cover(document: WordDocument, writer: BodyWriter, leaflet: ComposedLeaflet, logo_path: Path | None) -> None:
    publisher = leaflet.publisher
    logo = publisher.branding.logo
    if logo_path is not None and logo is not None:
        _logo(document, read_input(logo_path, MAX_LOGO_BYTES), logo.alt)
    on_band = band_text_colour(publisher.branding.colour)
    fill = publisher.branding.colour.lstrip("#").upper()
    for index, line in enumerate((publisher.name, *publisher.strapline)):
        paragraph = writer.start()
        ppr = paragraph_properties(paragraph._p)
        shading(ppr, fill)
        # A border of the band's own colour pads its text, and joins its lines into one band.
        borders(ppr, ["top", "left", "bottom", "right"], 4, BAND_PADDING, fill)
        paragraph.paragraph_format.space_after = 0
        size = HEADING_PT[3] if index == 0 else None
        writer.text(line, Format(bold=index == 0, colour=on_band, size_pt=size))
        writer.finish()
    if leaflet.cover_contact:
        writer.cover_panel(leaflet.cover_contact)
    writer.start(style="Title")
    writer.text(leaflet.title)
    if leaflet.audience:
        writer.start()
        writer.text(leaflet.audience, Format(bold=True))
    code = leaflet.code
    writer.start()
    writer.text(f"Based on the {code.short_title} ({code.edition} edition). Published {publisher.dates.published}.")
    online = leaflet_address(leaflet.site_address, leaflet.id)
    if online:
        writer.start()
        writer.text("Read this leaflet online: ")
        writer.link(online, url_text(online))
    elif publisher.contact.website:
        writer.start()
        writer.text(f"More from {publisher.name} online: ")
        writer.link(publisher.contact.website, url_text(publisher.contact.website))
    writer.finish()


def _logo(document: WordDocument, data: bytes, alt: str) -> None:
    """The logo at most 60 by 30 mm, never enlarged, with its alternative text (`descr`, which Word calls Alt Text)."""
    data = _plain_png(data)
    image = Image.from_blob(data)
    width, height = image.width, image.height
    scale = min(1.0, Mm(LOGO_BOX_MM[0]) / max(width, 1), Mm(LOGO_BOX_MM[1]) / max(height, 1))
    picture = document.add_picture(io.BytesIO(data), width=int(width * scale), height=int(height * scale))
    properties = picture._inline.docPr
    properties.set("descr", xml_text(alt))
    properties.set("name", "Logo")


def _plain_png(data: bytes) -> bytes:
    """The logo as an RGB(A) PNG at 96 dpi, made with Pillow.

    `check` accepts any PNG or JPEG that Pillow reads; python-docx reads fewer (a CMYK or XMP-first
    JPEG, a damaged Exif block, a resolution of 0 or 1 pixel a metre stop it), so it is given this.
    """
    from PIL import Image as Picture

    with Picture.open(io.BytesIO(data)) as picture:
        converted = picture.convert("RGBA" if "A" in picture.getbands() or "transparency" in picture.info else "RGB")
    out = io.BytesIO()
    converted.save(out, format="PNG", dpi=(96, 96))
    return out.getvalue()


def _page_numbers(document: WordDocument) -> None:
    """ "Page 2 of 7" at the foot of every page but the cover, which Word numbers as it lays the pages out."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.add_run("Page ")
    paragraph._p.append(simple_field("PAGE"))
    paragraph.add_run(" of ")
    paragraph._p.append(simple_field("NUMPAGES"))
