"""Composed leaflet -> accessible PDF, standard or large print. The only module importing WeasyPrint.

One HTML template and one print stylesheet (`templates/pdf/`) serve both
formats; the formats differ only in the settings the stylesheet is filled with.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .compose import ComposedLeaflet
from .fields import url_text
from .markup import print_html
from .project import Project
from .template_cache import COMPILED_TEMPLATES


@dataclass(frozen=True)
class PrintFormat:
    """The settings that make a format: sizes in points, following UK clear/large print guidance."""

    name: str
    file_suffix: str
    label: str
    body_pt: float
    small_pt: float
    h1_pt: float
    h2_pt: float
    h3_pt: float
    h4_pt: float
    line_height: float
    margin_mm: float


STANDARD = PrintFormat(
    name="standard",
    file_suffix="",
    label="Standard print",
    body_pt=12,
    small_pt=12,
    h1_pt=26,
    h2_pt=20,
    h3_pt=16,
    h4_pt=14,
    line_height=1.5,
    margin_mm=20,
)
LARGE_PRINT = PrintFormat(
    name="large-print",
    file_suffix="-large-print",
    label="Large print",
    body_pt=18,
    small_pt=18,  # footers and page numbers as large as the body text
    h1_pt=32,
    h2_pt=26,
    h3_pt=22,
    h4_pt=20,
    line_height=1.5,
    margin_mm=18,
)
FORMATS = (STANDARD, LARGE_PRINT)
FONT_FAMILY = "Liberation Sans"
"""Arial-metric sans serif with every glyph the leaflets use (Welsh ŵ and ŷ too); Debian's fonts-liberation2."""


class PdfError(Exception):
    """WeasyPrint reported a problem that would make an inaccessible or broken PDF."""


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int

    @property
    def label(self) -> str:
        """How the site describes the download: 'PDF, 212 KB, 6 pages'."""
        size_kb = max(1, round(len(self.data) / 1024))
        return f"PDF, {size_kb} KB, {self.pages} page{'s' if self.pages != 1 else ''}"


def pdf_filename(leaflet_id: str, print_format: PrintFormat) -> str:
    return f"{leaflet_id}{print_format.file_suffix}.pdf"


def qr_code(url: str) -> str:
    """A QR code as an SVG data URI (made here, with segno: nothing fetched)."""
    import segno

    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000000", light="#ffffff"))


def _environment(project: Project) -> Environment:
    return Environment(
        loader=FileSystemLoader(project.templates_dir / "pdf"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        bytecode_cache=COMPILED_TEMPLATES,
    )


def leaflet_html(
    project: Project,
    leaflet: ComposedLeaflet,
    print_format: PrintFormat,
    web_url: str | None,
    logo_path: Path | None,
) -> str:
    """The leaflet as one HTML document for print, with its stylesheet inlined."""
    env = _environment(project)
    authority = leaflet.authority
    css = env.get_template("print.css").render(fmt=asdict(print_format), font_family=FONT_FAMILY, leaflet=leaflet)
    shown_links: set[str] = set()
    sections = [
        {
            "id": section.id,
            "title": section.title,
            "html": Markup(print_html(section.markdown, leaflet.code, shown_links)),
        }
        for section in leaflet.sections
    ]
    cover_contact = (
        Markup(print_html(leaflet.cover_contact, leaflet.code, shown_links)) if leaflet.cover_contact else ""
    )
    logo = None
    if logo_path is not None and authority.branding.logo is not None:
        logo = {"src": logo_path.resolve().as_uri(), "alt": authority.branding.logo.alt}
    qr = None
    if web_url:
        qr = {"src": qr_code(web_url), "text": url_text(web_url)}
    return env.get_template("leaflet.html").render(
        css=Markup(css),
        leaflet=leaflet,
        authority=authority,
        published=str(authority.dates.published),
        published_iso=authority.dates.published.latest_day().isoformat(),
        code=leaflet.code,
        sections=sections,
        cover_contact=cover_contact,
        logo=logo,
        qr=qr,
        fmt=print_format,
    )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _weasyprint_problems() -> Iterator[_Collect]:
    """Collect WeasyPrint's log records for this render only, without touching global levels."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def render_pdf(html: str, base_url: Path) -> RenderedPdf:
    """Write tagged PDF/UA-1 with WeasyPrint, then mark page furniture as artifacts."""
    import pikepdf
    from weasyprint import HTML

    from .pdf_tags import mark_page_furniture

    # The same input gives the same bytes: the identifier is derived from the content.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with _weasyprint_problems() as problems:
        document = HTML(string=html, base_url=str(base_url)).render()
        raw = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
    errors = [r.getMessage() for r in problems.records if r.levelno >= logging.ERROR]
    if errors:
        raise PdfError("WeasyPrint could not make an accessible PDF: " + "; ".join(errors))
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        mark_page_furniture(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return RenderedPdf(out.getvalue(), len(document.pages))
