"""The Word package's properties and parts: the leaflet's title and publisher, dated from its publication, nothing else.

python-docx's template brings another document's leftovers: "python-docx" as its author,
2013 as its dates, a thumbnail of an empty page, a copy of its styles in US English
(`stylesWithEffects.xml`, for Word 2010), a bibliography part, statistics of an empty
document written by "Microsoft Macintosh Word", and revision ids. They are replaced or left
out here, so that every part says only what is true of this leaflet, and the same leaflet
gives the same bytes (`zip_package.deterministic_zip` fixes the zip entries' dates).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn

from ...compose.leaflet import ComposedLeaflet
from ..zip_package import deterministic_zip
from .ooxml import xml_text
from .styles import FONT, LANGUAGE

MAX_PROPERTY = 255
"""python-docx refuses a longer title, subject or author; Word shows far fewer in its properties."""
LEFT_OUT = (
    RELATIONSHIP_TYPE.THUMBNAIL,
    RELATIONSHIP_TYPE.EXTENDED_PROPERTIES,
    RELATIONSHIP_TYPE.CUSTOM_XML,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)
"""The template's parts left out: none is needed, and Word writes its own when the copy is saved."""
REVISION_IDS = re.compile(r"rsid[A-Za-z]*$")


def set_properties(document: Document, leaflet: ComposedLeaflet) -> None:
    """The document's title, subject (the summary), author (the publisher), language, and dates (its publication)."""
    properties = document.core_properties
    publisher = xml_text(leaflet.publisher.name)
    properties.title = _short(xml_text(leaflet.title))
    properties.subject = _short(xml_text(leaflet.summary))
    properties.author = _short(publisher)
    properties.last_modified_by = _short(publisher)
    properties.language = LANGUAGE
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.revision = 1
    published = dt.datetime.combine(leaflet.publisher.dates.published.latest_day(), dt.time(), dt.UTC)
    properties.created = properties.modified = published


def _short(text: str) -> str:
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


def tidy(document: Document) -> None:
    """Leave out the template's parts no leaflet needs, its revision ids, and its theme's fonts."""
    package = document.part.package
    for owner in (package, document.part):
        for relationship_id, relationship in list(owner.rels.items()):
            if relationship.reltype in LEFT_OUT:
                del owner.rels[relationship_id]
    for part in package.iter_parts():
        root = getattr(part, "element", None)  # the XML parts; the theme and pictures are bytes
        if root is None:
            continue
        for node in root.iter():
            for name in [name for name in node.attrib if REVISION_IDS.match(name.rsplit("}", 1)[-1])]:
                del node.attrib[name]
        for revision in list(root.iter(qn("w:rsid"))):
            revision.getparent().remove(revision)
    theme = document.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    # Word's "Body" and "Headings" fonts, for anything added in Word with the theme's fonts: Arial too.
    # The theme is a plain part in python-docx (no API), so its bytes are changed.
    theme._blob = re.sub(rb'(<a:latin typeface=")[^"]*(")', rb"\g<1>" + FONT.encode() + rb"\g<2>", theme.blob)


def package_bytes(document: Document) -> bytes:
    """The document as a .docx file: the same document, the same bytes."""
    out = io.BytesIO()
    document.save(out)
    return deterministic_zip(out.getvalue())
