"""Build every publisher's outputs, one at a time, never leaving a half-written site.

Each publisher is built into a temporary folder beside its final one and moved
into place only when all of its outputs succeeded. A failure leaves the
previous good site untouched and does not stop the other publishers.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .check import check_publisher, check_repository_files, check_shared
from .compose import ComposedLeaflet
from .incremental import Manifest, ManifestEntry, global_digest, publisher_digest, record_outputs, used_shared_blocks
from .model import Library, Publisher, list_slugs, load_library
from .problems import ContentError, Problem
from .project import Project
from .site import Download, leaflet_web_url, publisher_site, render_site, site_logo


@dataclass
class PublisherResult:
    """What happened to one publisher: built (perhaps with warnings), or failed with problems."""

    slug: str
    name: str
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    error: str = ""
    skipped: bool = False
    """True when nothing it is made from changed since the last build, so nothing was rendered."""
    manifest: ManifestEntry | None = None


def build_publisher(
    project: Project, library: Library, slug: str, out_dir: Path, with_pdf: bool = True, everyone: str = ""
) -> PublisherResult:
    """Check, compose and render one publisher into `out_dir/<slug>`, atomically."""
    check = check_publisher(project, library, slug, dt.date.today())
    if not check.ok or check.publisher is None:
        return PublisherResult(slug, slug, False, check.problems)
    publisher, leaflets = check.publisher, check.leaflets
    warnings = check.problems
    shared_blocks = used_shared_blocks(leaflets)
    inputs = publisher_digest(project, slug, shared_blocks, everyone or global_digest(project, with_pdf))
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}-building-", dir=out_dir))
    try:
        # PDFs first: the site's pages describe them ("PDF, 212 KB, 6 pages").
        pdfs = render_leaflet_pdfs(project, publisher, leaflets) if with_pdf else []
        site = publisher_site(project, library, publisher, leaflets, [download for download, _ in pdfs])
        render_site(project, site, staging)
        for download, data in pdfs:
            target = staging / download.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
        entry = ManifestEntry(publisher.authority.name, inputs, shared_blocks, record_outputs(staging))
        _move_into_place(staging, out_dir / slug)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        return PublisherResult(slug, publisher.authority.name, False, warnings, error=f"{type(exc).__name__}: {exc}")
    return PublisherResult(slug, publisher.authority.name, True, warnings, manifest=entry)


def render_leaflet_pdfs(
    project: Project, publisher: Publisher, leaflets: list[ComposedLeaflet]
) -> list[tuple[Download, bytes]]:
    """Both print formats of every leaflet, in memory, with the site's description of each."""
    from .pdf import FORMATS, leaflet_html, pdf_filename, render_pdf

    logo = site_logo(project, publisher)
    made = []
    for leaflet in leaflets:
        for print_format in FORMATS:
            html = leaflet_html(
                project,
                leaflet,
                print_format,
                leaflet_web_url(publisher, leaflet.id),
                logo.source if logo else None,
            )
            pdf = render_pdf(html, project.root, frozenset({logo.source}) if logo else frozenset())
            download = Download(
                leaflet_id=leaflet.id,
                leaflet_title=leaflet.title,
                format_label=print_format.label,
                path=f"downloads/{pdf_filename(leaflet.id, print_format)}",
                description=pdf.label,
            )
            made.append((download, pdf.data))
    return made


def _move_into_place(staging: Path, final: Path) -> None:
    if final.exists():
        retired = final.with_name(f".{final.name}-retired-{os.getpid()}")
        final.rename(retired)
        staging.rename(final)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(final)


def shard(slugs: list[str], part: int, parts: int) -> list[str]:
    """The part-th (1-based) of `parts` slices of the publishers, for CI jobs that split a build."""
    return [slug for index, slug in enumerate(sorted(slugs)) if index % parts == part - 1]


def _build_in_worker(args: tuple[Project, Library, str, Path, bool, str]) -> PublisherResult:
    return build_publisher(*args)


def build_publishers(
    project: Project,
    slugs: Iterable[str],
    out_dir: Path,
    report: Callable[[PublisherResult], None] = lambda result: None,
    with_pdf: bool = True,
    jobs: int = 1,
    force: bool = False,
    started: Callable[[str], None] = lambda slug: None,
) -> list[PublisherResult]:
    """Build the publishers whose inputs changed (all, with `force`), `jobs` at a time; then the index pages."""
    out_dir.mkdir(parents=True, exist_ok=True)
    library = load_library(project)
    shared = check_repository_files(project) + check_shared(project, library, dt.date.today())
    if any(p.severity == "error" for p in shared):
        raise ContentError(shared, project.root)
    everyone = global_digest(project, with_pdf)
    manifest = Manifest(out_dir)
    results: list[PublisherResult] = []
    todo = []
    for slug in slugs:
        if not force and manifest.is_current(project, slug, everyone):
            result = PublisherResult(slug, manifest.entries[slug].name, True, skipped=True)
            report(result)
            results.append(result)
        else:
            todo.append(slug)
    tasks = [(project, library, slug, out_dir, with_pdf, everyone) for slug in todo]
    if jobs > 1 and len(tasks) > 1:
        # Separate processes: rendering is CPU-bound Python, so threads would take turns.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = {}
            for task in tasks:
                futures[pool.submit(_build_in_worker, task)] = task[2]
                started(task[2])
            for future in as_completed(futures):
                result = future.result()
                report(result)
                results.append(result)
    else:
        for task in tasks:
            started(task[2])
            result = build_publisher(*task)
            report(result)
            results.append(result)
    for result in results:
        if result.ok and result.manifest is not None:
            manifest.entries[result.slug] = result.manifest
    manifest.save()
    if todo or not (out_dir / "index.html").is_file():
        write_index(project, out_dir, {slug: entry.name for slug, entry in manifest.entries.items()})
        write_drift_page(project, library, out_dir)
    order = {slug: index for index, slug in enumerate(slugs)}
    return sorted(results, key=lambda r: order.get(r.slug, 0))


def _write_atomically(path: Path, text: str) -> None:
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)


def write_drift_page(project: Project, library: Library, out_dir: Path) -> None:
    """Write `out_dir/drift.html`: every publisher's changes to the shared text, for the maintainer."""
    from .drift import project_drift

    env = Environment(loader=FileSystemLoader(project.templates_dir), autoescape=select_autoescape(default=True))
    drifts = project_drift(project, library, list_slugs(project))
    _write_atomically(out_dir / "drift.html", env.get_template("drift.html").render(drifts=drifts))


def write_index(project: Project, out_dir: Path, names: dict[str, str]) -> None:
    """Write `out_dir/index.html`, linking to every publisher whose site is there."""
    publishers = sorted(
        (
            {"slug": path.name, "name": names.get(path.name, path.name)}
            for path in out_dir.iterdir()
            if path.is_dir() and not path.name.startswith(".") and (path / "index.html").is_file()
        ),
        key=lambda p: p["name"].lower(),
    )
    env = Environment(loader=FileSystemLoader(project.templates_dir), autoescape=select_autoescape(default=True))
    _write_atomically(out_dir / "index.html", env.get_template("site-index.html").render(publishers=publishers))
