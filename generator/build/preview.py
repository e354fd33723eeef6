"""The pipeline for one previewed publisher (`mkdocs serve`): prepared as `build` prepares it.

The preview shows the site `build` makes: the same checks, the same layout, the same
PDFs. A page reloads as soon as its text is composed; PDFs take longer, so they are
made in the background, in another process (a rebuild after the next edit then has
the interpreter to itself), kept for as long as their text does not change, and
served as soon as they are ready. PDFs of text already edited again are not made.
A content mistake gives a page listing each problem at its file and line, at once,
instead of the site.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..inputs.project import Project
from ..outputs.downloads import BOOKLET, Download
from ..outputs.pdf.render import FORMATS, LARGE, RenderedPdf, booklet_of, leaflet_html, render_pdf
from ..outputs.site.pages import PublisherSite, lay_out_site, offer_downloads, problems_site
from ..problems import ContentError
from .check import check_publisher, check_shared

_MADE: dict[str, RenderedPdf] = {}
"""PDFs already made, by the hash of their HTML: kept for the whole preview, across rebuilds."""
_LOCK = threading.RLock()  # a future's callback may run at once, in the thread holding it
_RENDERER: ProcessPoolExecutor | None = None
_QUEUED: list[Future[list[tuple[str, RenderedPdf]] | str]] = []
_LATEST: dict[Path, int] = {}
"""The newest build written to each site folder: PDFs of older builds are not written there."""
log = logging.getLogger("sen_leaflets.preview")  # errors reach the terminal, with their traceback


@dataclass
class PendingPdf:
    path: str
    """Where the PDF goes in the site, e.g. downloads/sen-support.pdf."""
    key: str
    html: str
    allowed: frozenset[Path]
    booklet: tuple[str, str] | None = None
    """For large print: where the A5 booklet made from it goes, and its title."""

    def made(self, site_dir: Path) -> list[tuple[str, RenderedPdf]]:
        """The PDF, and the booklet made from it, with where each goes (`_remember` keeps them by key)."""
        pdf = render_pdf(self.html, site_dir, self.allowed)
        made = [(self.path, pdf)]
        if self.booklet is not None:
            path, title = self.booklet
            made.append((path, booklet_of(pdf, title)))
        return made


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
        if wait:
            for pdf in self.pending:
                for path, made in _remember(pdf, pdf.made(site_dir)):
                    _write(site_dir / path, made.data)
            return
        with _LOCK:
            generation = _LATEST[site_dir] = _LATEST.get(site_dir, 0) + 1
            for queued in _QUEUED:
                queued.cancel()  # its text has been edited again since (those already started finish)
            _QUEUED.clear()
            for pdf in self.pending:
                future = _renderer().submit(_render_elsewhere, pdf, site_dir)
                written = functools.partial(_made_elsewhere, pdf=pdf, site_dir=site_dir, generation=generation)
                future.add_done_callback(written)
                _QUEUED.append(future)


def stop_background_work() -> None:
    """Stop making PDFs (the preview is closing): what is queued is dropped."""
    global _RENDERER
    with _LOCK:
        renderer, _RENDERER = _RENDERER, None
        _QUEUED.clear()
    if renderer is not None:
        renderer.shutdown(wait=True, cancel_futures=True)


def _renderer() -> ProcessPoolExecutor:
    global _RENDERER
    if _RENDERER is None:
        # One process, started afresh ("spawn"): the preview server runs threads, which a fork would copy mid-step.
        _RENDERER = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_end_with_the_preview
        )
    return _RENDERER


def _end_with_the_preview() -> None:
    """In the renderer process: end as soon as the preview does, however it ended (a kill, a closed terminal)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait_then_end() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=wait_then_end, daemon=True).start()


def _render_elsewhere(pdf: PendingPdf, site_dir: Path) -> list[tuple[str, RenderedPdf]] | str:
    """In the renderer process: the PDF (and its booklet), or the sentence saying why it could not be made."""
    try:
        return pdf.made(site_dir)
    except ContentError as exc:
        return "; ".join(problem.message for problem in exc.problems)


def _made_elsewhere(
    done: Future[list[tuple[str, RenderedPdf]] | str], pdf: PendingPdf, site_dir: Path, generation: int
) -> None:
    if done.cancelled():
        return
    error = done.exception()
    if error is not None:  # a bug, or the renderer process lost: shown with its traceback
        log.error("sen-leaflets could not make %s", pdf.path, exc_info=error)
        return
    made = done.result()
    if isinstance(made, str):
        log.error("sen-leaflets could not make %s: %s", pdf.path, made)
        return
    _remember(pdf, made)
    with _LOCK:
        if _LATEST.get(site_dir) == generation and site_dir.is_dir():
            for path, each in made:
                _write(site_dir / path, each.data)


def _remember(pdf: PendingPdf, made: list[tuple[str, RenderedPdf]]) -> list[tuple[str, RenderedPdf]]:
    with _LOCK:
        for (_, each), key in zip(made, (pdf.key, _booklet_key(pdf.key)), strict=False):  # no booklet: one
            _MADE[key] = each
    return made


def _booklet_key(key: str) -> str:
    """The booklet is made from the large print, so it is known by the large print's key."""
    return f"{key}-booklet"


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
    being_made = "PDF, being made: reload the page in a moment"
    for leaflet in check.leaflets:
        for print_format in FORMATS:
            html = leaflet_html(project, leaflet, print_format, check.inputs.logo_file)
            key = hashlib.sha256(html.encode("utf-8")).hexdigest()
            editions = [(print_format.edition, key)]
            if print_format is LARGE:
                editions.append((BOOKLET, _booklet_key(key)))
            with _LOCK:
                made = {edition: _MADE.get(each_key) for edition, each_key in editions}
            if None in made.values():
                booklet = (BOOKLET.path(leaflet.id), leaflet.title) if print_format is LARGE else None
                pending.append(PendingPdf(print_format.edition.path(leaflet.id), key, html, allowed, booklet))
            for edition, pdf in made.items():
                if pdf is not None:
                    ready[edition.path(leaflet.id)] = pdf.data
                downloads.append(Download(leaflet.id, leaflet.title, edition, pdf.label if pdf else being_made))
    laid_out = check.site or lay_out_site(project, shared.library, check.inputs, check.leaflets)
    site = offer_downloads(project, shared.library, check.inputs, check.leaflets, laid_out, downloads)
    return Preview(site, ready, pending)


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: the preview server may be sending the file while it is replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
