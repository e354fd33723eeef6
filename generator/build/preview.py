"""The pipeline for one previewed publisher (`mkdocs serve`): prepared as `build` prepares it.

The preview shows the site `build` makes: the same checks, the same layout, the same
downloads (`editions`). A page reloads as soon as its text is composed; the PDFs and the
other formats take longer, so they are made in the background, in another process (a
rebuild after the next edit then has the interpreter to itself), kept for as long as
their text does not change, and served as soon as they are ready. Editions of text
already edited again are not made.
A content mistake gives a page listing each problem at its file and line, at once,
instead of the site.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..inputs.load import read_publisher
from ..inputs.project import Project
from ..outputs.downloads import OUTPUTS, Download
from ..outputs.site.pages import PublisherSite, lay_out_site, offer_downloads, problems_site
from ..problems import ContentError, Problem
from .check import check_publisher, check_shared, unique
from .editions import EditionJob, MadeFile, plan_editions

_MADE: dict[str, list[MadeFile]] = {}
"""Editions already made, by their job's key: kept for the whole preview, across rebuilds."""
_LOCK = threading.RLock()  # a future's callback may run at once, in the thread holding it
_RENDERER: ProcessPoolExecutor | None = None
_QUEUED: list[Future[list[MadeFile] | str]] = []
_LATEST: dict[Path, int] = {}
"""The newest build written to each site folder: editions of older builds are not written there."""
_OUTSTANDING: dict[Path, int] = {}
"""The editions of the newest build of each site folder still being made."""
_FRESH: set[Path] = set()
"""Site folders for whose newest build an edition has been made since the pages were written."""
_SIGNAL: list[Path] = []
"""The file to write when a build's editions are all made (`announce_editions_in`)."""
log = logging.getLogger("sen_leaflets.preview")  # errors reach the terminal, with their traceback


@dataclass
class Preview:
    """One build of the previewed publisher: its site, and the editions it offers, ready or still to make."""

    site: PublisherSite
    ready: dict[str, bytes] = field(default_factory=dict)
    pending: list[EditionJob] = field(default_factory=list)
    mistakes: tuple[str, ...] = ()
    """The errors that stop the site, each as `check` words it, when `site` is the page listing them."""
    logo: Path | None = None
    """The logo file the publisher's YAML names, there or not yet: the preview watches for it to be saved."""

    def write_downloads(self, site_dir: Path, wait: bool = False) -> None:
        """Write the editions that are ready, and make the others (in the background, unless `wait`), writing each."""
        for path, data in self.ready.items():
            _write(site_dir / path, data)
        if wait:
            for job in self.pending:
                for made in _remember(job, job.make(site_dir)):
                    _write(site_dir / made.edition.path(job.leaflet_id), made.data)
            return
        with _LOCK:
            generation = _LATEST[site_dir] = _LATEST.get(site_dir, 0) + 1
            for queued in _QUEUED:
                queued.cancel()  # its text has been edited again since (those already started finish)
            _QUEUED.clear()
            _OUTSTANDING[site_dir] = len(self.pending)
            _FRESH.discard(site_dir)
            for job in self.pending:
                future = _renderer().submit(_render_elsewhere, job, site_dir)
                written = functools.partial(_made_elsewhere, job=job, site_dir=site_dir, generation=generation)
                future.add_done_callback(written)
                _QUEUED.append(future)


def announce_editions_in(folder: Path) -> None:
    """Once the editions a build left to the background are all made, write a file in `folder`.

    The preview server watches `folder`: it builds the site again, and the pages describe the files
    ("PDF, 212 KB, 6 pages") instead of saying they are being made, without waiting for an edit.
    """
    with _LOCK:
        _SIGNAL[:] = [folder / "editions-made"]


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


def _render_elsewhere(job: EditionJob, site_dir: Path) -> list[MadeFile] | str:
    """In the renderer process: the job's files, or the sentence saying why they could not be made."""
    try:
        return job.make(site_dir)
    except ContentError as exc:
        return "; ".join(problem.message for problem in exc.problems)


def _made_elsewhere(done: Future[list[MadeFile] | str], job: EditionJob, site_dir: Path, generation: int) -> None:
    if done.cancelled():
        return
    made = _result(done, job)
    with _LOCK:
        if made is not None:
            _remember(job, made)
        if _LATEST.get(site_dir) != generation:
            return  # its text has been edited since: the newer build has its own editions
        if made is not None and site_dir.is_dir():
            for each in made:
                _write(site_dir / each.edition.path(job.leaflet_id), each.data)
            _FRESH.add(site_dir)
        _OUTSTANDING[site_dir] -= 1
        if _OUTSTANDING[site_dir] == 0 and site_dir in _FRESH and _SIGNAL:
            # The next build finds every edition made, and leaves nothing to the background: no loop.
            _FRESH.discard(site_dir)
            _SIGNAL[0].write_text(f"{generation}\n", encoding="utf-8")


def _result(done: Future[list[MadeFile] | str], job: EditionJob) -> list[MadeFile] | None:
    """The files a background job made; None, its reason logged, if it could not make them."""
    shown = job.editions[0].path(job.leaflet_id)
    error = done.exception()
    if error is not None:  # a bug, or the renderer process lost: shown with its traceback
        log.error("sen-leaflets could not make %s", shown, exc_info=error)
        return None
    made = done.result()
    if isinstance(made, str):
        log.error("sen-leaflets could not make %s: %s", shown, made)
        return None
    return made


def _remember(job: EditionJob, made: list[MadeFile]) -> list[MadeFile]:
    with _LOCK:
        _MADE[job.key] = made
    return made


def _mistakes(project: Project, slug: str, problems: list[Problem]) -> Preview:
    """The page listing the mistakes, each once and in file order, as `check` lists them."""
    problems = unique(problems)
    errors = tuple(problem.format(project.root) for problem in problems if problem.severity == "error")
    return Preview(problems_site(slug, problems, project.root), mistakes=errors, logo=_named_logo(project, slug))


def _named_logo(project: Project, slug: str) -> Path | None:
    """The logo file the publisher's YAML names, if the YAML can be read: one not saved yet is a mistake on the
    page, which saving it must clear."""
    try:
        _, publisher, _ = read_publisher(project, slug)
    except ContentError:
        return None
    logo = publisher.branding.logo
    path = project.root / logo.path if logo is not None else None
    return path if path is not None and project.contains(path) else None  # one outside is refused, not watched


def prepare_preview(project: Project, slug: str, today: dt.date | None = None) -> Preview:
    """The previewed publisher's site as `build` would make it, or a page of its problems."""
    today = today or dt.date.today()
    shared = check_shared(project, today)
    if not shared.ok or shared.library is None:
        # Nothing is shown but the mistakes: the shared ones, and the publisher's own as far as `check` finds them.
        own = check_publisher(project, shared.library, slug, today)
        return _mistakes(project, slug, shared.problems + own.problems)
    check = check_publisher(project, shared.library, slug, today)
    if not check.ok or check.inputs is None:
        return _mistakes(project, slug, check.problems)
    downloads: list[Download] = []
    ready: dict[str, bytes] = {}
    pending: list[EditionJob] = []
    for job in plan_editions(project, check.leaflets, check.inputs.logo_file, frozenset(OUTPUTS)):
        with _LOCK:
            made = _MADE.get(job.key)
        if made is None:
            pending.append(job)
            downloads += [job.waiting(edition) for edition in job.editions]
            continue
        for each in made:
            ready[each.edition.path(job.leaflet_id)] = each.data
            downloads.append(Download(job.leaflet_id, job.leaflet_title, each.edition, each.description))
    laid_out = check.site or lay_out_site(project, shared.library, check.inputs, check.leaflets)
    site = offer_downloads(project, shared.library, check.inputs, check.leaflets, laid_out, downloads)
    return Preview(site, ready, pending, logo=check.inputs.logo_file)


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: the preview server may be sending the file while it is replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
