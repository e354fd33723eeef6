"""The pipeline for one previewed publisher (`mkdocs serve`): prepared as `build` prepares it.

The preview shows the site `build` makes: the same checks, the same layout, the same
PDFs. A page reloads as soon as its text is composed; PDFs take longer, so they are
made in the background, kept for as long as their text does not change, and served
as soon as they are ready. A content mistake gives a page listing each problem at its
file and line, at once, instead of the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..inputs.project import Project
from ..outputs.downloads import Download
from ..outputs.pdf.render import FORMATS, RenderedPdf, leaflet_html, render_pdf
from ..outputs.site.pages import PublisherSite, lay_out_site, offer_downloads, problems_site
from .check import check_publisher, check_shared

_MADE: dict[str, RenderedPdf] = {}
"""PDFs already made, by the hash of their HTML: kept for the whole preview, across rebuilds."""
_LOCK = threading.Lock()


@dataclass
class PendingPdf:
    path: str
    """Where the PDF goes in the site, e.g. downloads/sen-support.pdf."""
    key: str
    html: str
    allowed: frozenset[Path]


@dataclass
class Preview:
    """One build of the previewed publisher: its site, and the PDFs it offers, ready or still to make."""

    site: PublisherSite
    ready: dict[str, bytes] = field(default_factory=dict)
    pending: list[PendingPdf] = field(default_factory=list)

    def write_downloads(self, site_dir: Path, wait: bool = False) -> None:
        """Write the PDFs that are ready, and make the others (in the background, unless `wait`), writing each."""
        for path, data in self.ready.items():
            _write(site_dir / path, data)
        if self.pending and wait:
            _make_pending(self.pending, site_dir)
        elif self.pending:
            threading.Thread(target=_make_pending, args=(self.pending, site_dir), daemon=True).start()


def prepare_preview(project: Project, slug: str, today: dt.date | None = None) -> Preview:
    """The previewed publisher's site as `build` would make it, or a page of its problems."""
    today = today or dt.date.today()
    shared = check_shared(project, today)
    if not shared.ok or shared.library is None:
        return Preview(problems_site(slug, shared.problems, project.root))
    check = check_publisher(project, shared.library, slug, today)
    if not check.ok or check.inputs is None:
        return Preview(problems_site(slug, check.problems, project.root))
    downloads, ready, pending = [], {}, []
    allowed = frozenset({check.inputs.logo_file}) if check.inputs.logo_file else frozenset()
    for leaflet in check.leaflets:
        for print_format in FORMATS:
            html = leaflet_html(project, leaflet, print_format, check.inputs.logo_file)
            key = hashlib.sha256(html.encode("utf-8")).hexdigest()
            path = print_format.edition.path(leaflet.id)
            with _LOCK:
                made = _MADE.get(key)
            if made is None:
                pending.append(PendingPdf(path, key, html, allowed))
                description = "PDF, being made: reload the page in a moment"
            else:
                ready[path] = made.data
                description = made.label
            downloads.append(Download(leaflet.id, leaflet.title, print_format.label, path, description))
    laid_out = check.site or lay_out_site(project, shared.library, check.inputs, check.leaflets)
    site = offer_downloads(project, shared.library, check.inputs, check.leaflets, laid_out, downloads)
    return Preview(site, ready, pending)


def _make_pending(pending: list[PendingPdf], site_dir: Path) -> None:
    for pdf in pending:
        made = render_pdf(pdf.html, Path(site_dir), pdf.allowed)
        with _LOCK:
            _MADE[pdf.key] = made
        if site_dir.is_dir():  # a newer build may have replaced this one's folder
            _write(site_dir / pdf.path, made.data)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
