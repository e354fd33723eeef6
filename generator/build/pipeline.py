"""Build every publisher's outputs, never leaving a half-written site and never stopping at one bad publisher.

Each publisher is rendered (in a worker process, when building several at once)
into a temporary folder inside the output folder; only when all of its outputs
succeeded does the main process put it in place, in one step (`publish`). A
publisher whose content has mistakes keeps its previous site, the others are still
built, and an unexpected error is reported as the bug it is, with its traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import multiprocessing
import os
import shutil
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..inputs.load import Library, PublisherInputs, list_slugs, load_library, load_publisher
from ..inputs.project import Project
from ..inputs.rules import meant_id, name_as_compared
from ..outputs.braille.liblouis import LiblouisMissingError
from ..outputs.downloads import OUTPUTS
from ..outputs.site.mkdocs_site import render_site, site_configuration_problems
from ..outputs.site.pages import is_offline_copy, lay_out_site, offer_downloads
from ..problems import ContentError, Problem, visible
from ..reports.drift import (
    CANNOT_SHOW,
    check_command,
    compared_blocks,
    drift_from_record,
    drift_record,
    leaflets_of,
    project_drift,
    publisher_drift,
)
from .check import check_project, check_publisher, check_shared
from .editions import make_editions, plan_editions
from .incremental import (
    DriftRecord,
    Manifest,
    ManifestEntry,
    global_digest,
    publisher_digest,
    record_outputs,
    used_shared_blocks,
)
from .publish import (
    WORKSPACE,
    OutputFolder,
    OutputFolderError,
    foreign_files,
    not_a_project_folder,
    replace_file,
    reports_folder,
    swap_into_place,
)

ALL_FORMATS = frozenset(OUTPUTS)
"""Every downloadable edition is made unless `--formats` says otherwise."""
SHARED_THEME_FILES = "theme"
"""In the workspace: one copy of the theme's files, which every publisher's site links to."""
ENVIRONMENT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO})
"""Errors writing files that come from the machine (a full disk, no permission), not from a bug."""


@dataclass
class PublisherResult:
    """What happened to one publisher: built (perhaps with warnings), unchanged, or failed and why."""

    slug: str
    name: str
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    error: str = ""
    """Why it failed, when the machine (not the content) stopped it: a full disk, a read-only folder."""
    bug: str = ""
    """The traceback of an error sen-leaflets did not expect: a bug, to be reported."""
    skipped: bool = False
    """True when nothing it is made from changed since the last build, so nothing was rendered."""
    removed: bool = False
    """True when its file is gone from authorities/, so the site sen-leaflets made for it was removed."""
    folder: str | None = None
    """Its folder in the output folder, set by `build_publishers` (see `site_folder`); None when it has none."""
    manifest: ManifestEntry | None = None
    staging: Path | None = None
    """The folder its new outputs were rendered into, waiting to be put in place."""


def render_publisher(
    project: Project,
    library: Library,
    slug: str,
    out_dir: Path,
    formats: frozenset[str] = ALL_FORMATS,
    everyone: str = "",
    offline: bool = False,
) -> PublisherResult:
    """Prepare one publisher as `check` does, then render it into a new temporary folder inside `out_dir`.

    `formats` chooses the downloadable editions ('pdf', 'epub', 'docx', 'brf'); the site is always made.
    With `offline`, the site is made to be opened from disk (file://), search included.
    """
    check = check_publisher(project, library, slug, dt.date.today())
    if not check.ok or check.inputs is None:
        return PublisherResult(slug, slug, False, check.problems)
    inputs, leaflets, warnings = check.inputs, check.leaflets, check.problems
    shared_blocks = used_shared_blocks(leaflets, library.blocks, inputs.local_blocks)
    logo = inputs.publisher.branding.logo
    other_inputs = [logo.path] if logo is not None else []  # as written: read from the repository's root
    everyone = everyone or global_digest(project, formats, offline)
    digest = publisher_digest(project, slug, shared_blocks, everyone, other_inputs)
    name = inputs.publisher.name
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{slug}-building-", dir=out_dir / WORKSPACE))
    except OSError as exc:
        return PublisherResult(slug, name, False, warnings, error=_cannot_write(out_dir, exc))
    try:
        # The editions first: the site's pages describe them ("PDF, 212 KB, 6 pages").
        made = make_editions(plan_editions(project, leaflets, inputs.logo_file, formats), project.root)
        laid_out = check.site or lay_out_site(project, library, inputs, leaflets)  # the check laid it out
        site = offer_downloads(project, library, inputs, leaflets, laid_out, [download for download, _ in made])
        render_site(project, site, staging, shared_files=out_dir / WORKSPACE / SHARED_THEME_FILES, offline=offline)
        for download, data in made:
            target = staging / download.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
        entry = ManifestEntry(
            name=name,
            inputs=digest,
            shared_blocks=shared_blocks,
            other_inputs=other_inputs,
            outputs=record_outputs(staging),
            drift=_drift(project, library, inputs, everyone),
        )
    except ContentError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        return PublisherResult(slug, name, False, warnings + exc.problems)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if exc.errno not in ENVIRONMENT_ERRORS:
            raise
        return PublisherResult(slug, name, False, warnings, error=_cannot_write(out_dir / slug, exc))
    except LiblouisMissingError as exc:  # the machine lacks braille tables: not a bug, and not the content
        shutil.rmtree(staging, ignore_errors=True)
        return PublisherResult(slug, name, False, warnings, error=f"{exc}; its previous site, if any, was kept")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PublisherResult(slug, name, True, warnings, manifest=entry, staging=staging)


def _cannot_write(where: Path, exc: OSError) -> str:
    return f"could not write {where}: {exc.strerror or exc}; its previous site, if any, was kept"


def site_folder(slug: str, slugs: Collection[str]) -> str | None:
    """The folder in the output folder that holds the site of publisher `slug` (of `slugs`, every publisher file).

    It is the slug; for a file refused for its name (Other.yml, 'other copy.yml'), the slug it was meant to have
    (other, other-copy), whose site a build keeps and an index still lists; and None when that is the slug of another
    publisher file (other .yml beside other.yml): the site in that folder is the other file's.
    """
    meant = meant_id(slug)
    return None if meant != slug and meant in slugs else meant


def shard(slugs: list[str], part: int, parts: int) -> list[str]:
    """The part-th (1-based) of `parts` slices of the publishers, for CI jobs that split a build."""
    return [slug for index, slug in enumerate(sorted(slugs)) if index % parts == part - 1]


def _render_in_worker(args: tuple[Project, Library, str, Path, frozenset[str], str, bool]) -> PublisherResult:
    """`render_publisher`, with an unexpected error kept as the bug it is (its traceback) for the main process."""
    try:
        return render_publisher(*args)
    except Exception:
        return PublisherResult(args[2], args[2], False, bug=traceback.format_exc())


def build_publishers(
    project: Project,
    slugs: Iterable[str],
    out_dir: Path,
    report: Callable[[PublisherResult], None] = lambda result: None,
    formats: frozenset[str] = ALL_FORMATS,
    jobs: int = 1,
    force: bool = False,
    started: Callable[[str], None] = lambda slug: None,
    offline: bool = False,
) -> list[PublisherResult]:
    """Build the publishers whose inputs changed (all, with `force`), `jobs` at a time; then the index pages.

    `formats` chooses the downloadable editions ('pdf', 'epub', 'docx', 'brf'); every site is made.
    With `offline`, the sites and the index are made to be opened from disk (file://), search included.

    Raises `OutputFolderError` when `out_dir` may not be built into, and `ContentError`
    when the shared content has errors (then nothing is built).
    """
    slugs = list(dict.fromkeys(slugs))  # each once, however often it is named
    folder = OutputFolder.claim(project, out_dir)
    with folder.locked():
        refuse_someone_elses_index(folder.path, out_dir)  # before anything is built: the build ends by writing it
        folder.move_legacy_state()
        folder.remove_leftovers()
        manifest = Manifest(folder.reports, folder.reports_workspace, folder.path)
        if manifest.unreadable:
            raise OutputFolderError(
                f"'{reports_folder(out_dir) / manifest.path.name}' cannot be read ({manifest.unreadable}), "
                f"so sen-leaflets cannot tell which files in '{out_dir}' it made and will change none of them: "
                f"delete '{out_dir}' and '{reports_folder(out_dir)}', or build into another folder, to start afresh"
            )
        # mkdocs.yml is checked with MkDocs below, only when a site is to be made: loading MkDocs' settings was a
        # quarter of a rebuild with nothing to do (mkdocs.yml is an input of every site, so a change to it rebuilds
        # them all, and is checked then).
        shared = check_shared(project, dt.date.today(), site_settings=False)
        if not shared.ok or shared.library is None:
            # Nothing is built; every problem is reported, as `check` reports them.
            raise ContentError(check_project(project, slugs).problems, project.root)
        library = shared.library
        everyone = global_digest(project, formats, offline)
        results: list[PublisherResult] = []
        files = list_slugs(project)

        def tell(result: PublisherResult) -> None:
            result.folder = site_folder(result.slug, files)
            report(result)
            results.append(result)

        todo = []
        for slug in slugs:
            if not force and manifest.is_current(project, slug, everyone):
                tell(PublisherResult(slug, manifest.entries[slug].name, True, skipped=True))
            else:
                todo.append(slug)

        def finish(result: PublisherResult) -> None:
            try:
                result = _put_in_place(result, folder.path, manifest, shown=out_dir)
            except Exception:
                result.ok, result.bug = False, traceback.format_exc()
            tell(result)

        if todo and site_configuration_problems(project):
            raise ContentError(check_project(project, slugs).problems, project.root)
        tasks = [(project, library, slug, folder.path, formats, everyone, offline) for slug in todo]
        if "pdf" in formats and jobs > 1 and len(tasks) > 1:
            from ..outputs.pdf.render import load_weasyprint

            load_weasyprint()  # once, before the workers are forked, rather than once in each of them
        _render_all(tasks, jobs, started, finish)
        # Kent.yml (a publisher file renamed in capitals, which is refused) is still kent's: its site stays.
        present = set(files) | {meant for slug in files if (meant := site_folder(slug, files)) is not None}
        for slug in sorted(set(manifest.entries) - present):
            tell(_remove_leaver(slug, folder.path, manifest, shown=out_dir))
            todo.append(slug)  # the index and drift page change
        manifest.save()
        if todo or not (folder.path / "index.html").is_file() or not (folder.reports / "drift.html").is_file():
            names = {slug: entry.name for slug, entry in manifest.entries.items()}
            write_index(project, folder.path, names, offline=offline)
            write_drift_page(project, library, folder.reports, manifest, everyone)
        shutil.rmtree(folder.workspace / SHARED_THEME_FILES, ignore_errors=True)  # the sites keep their links
        folder.tidy()
    order = {slug: index for index, slug in enumerate(slugs)}
    return sorted(results, key=lambda r: order.get(r.slug, 0))


def _render_all(
    tasks: list[tuple[Project, Library, str, Path, frozenset[str], str, bool]],
    jobs: int,
    started: Callable[[str], None],
    finish: Callable[[PublisherResult], None],
) -> None:
    """Render every task, in worker processes when there are several; each result goes to `finish` as it comes."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            started(task[2])
            finish(_render_in_worker(task))
        return
    # Separate processes: rendering is CPU-bound Python, so threads would take turns.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_collect_less_often) as pool:
        futures: dict[Future[PublisherResult], str] = {}
        for task in tasks:
            futures[pool.submit(_render_in_worker, task)] = task[2]
            started(task[2])
        for future in as_completed(futures):
            slug = futures[future]
            try:
                result = future.result()
            except BrokenProcessPool:
                result = PublisherResult(
                    slug,
                    slug,
                    False,
                    error="the process building it stopped suddenly (out of memory, or killed); build it again",
                )
            finish(result)


def _collect_less_often() -> None:
    """In a worker: Python's cycle collector looks at new objects a hundred and fortieth as often, and never at
    those loaded before the work began (modules, the shared content).

    WeasyPrint makes millions of short-lived objects: collecting after every 700 took 6 % of a PDF's time
    (measured with `gc.callbacks`). After every 10,000 it took a third of that; after every 100,000, 0.7 % of a
    publisher's build less again (callgrind), for about 16 MB more at the peak of a worker that built 60.
    """
    gc.freeze()
    gc.set_threshold(100_000, 10, 10)


def _remove_leaver(slug: str, out_dir: Path, manifest: Manifest, shown: Path) -> PublisherResult:
    """Remove the site of a publisher whose file is gone, if its folder holds only what sen-leaflets made."""
    name = manifest.entries[slug].name
    final = out_dir / slug
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        return PublisherResult(slug, name, False, error=f"{shown / slug} is not a folder sen-leaflets made: kept")
    if final.exists():
        foreign = foreign_files(final, manifest.owned.get(slug, set()))
        if foreign:
            listed = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            error = (
                f"authorities/{slug}.yml is gone, but {shown / slug} holds files sen-leaflets did not make "
                f"({listed}), so the site was kept: move them out, then build again"
            )
            return PublisherResult(slug, name, False, error=error)
        shutil.rmtree(final)
    manifest.forget(slug)
    return PublisherResult(slug, name, True, removed=True)


def _put_in_place(result: PublisherResult, out_dir: Path, manifest: Manifest, shown: Path) -> PublisherResult:
    """Swap a rendered publisher's folder into place, if the folder it replaces holds only what sen-leaflets made.

    `shown` is the output folder as the person building named it, for messages.
    """
    if not result.ok or result.staging is None or result.manifest is None:
        return result
    staging, entry, final = result.staging, result.manifest, out_dir / result.slug
    result.staging = None
    try:
        return _swap_if_ours(result, staging, entry, final, manifest, shown / result.slug)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already, unless it was not put in place


def _swap_if_ours(
    result: PublisherResult, staging: Path, entry: ManifestEntry, final: Path, manifest: Manifest, shown: Path
) -> PublisherResult:
    refusal = ""
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        refusal = f"{shown} is not a folder sen-leaflets made: move it away, then build again"
    elif final.exists():
        foreign = foreign_files(final, manifest.owned.get(result.slug, set()))
        if foreign:
            listed = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            refusal = (
                f"{shown} holds files sen-leaflets did not make ({listed}): move them out of that folder, "
                "then build again; the previous site was kept"
            )
    if refusal:
        result.ok, result.error = False, refusal
        return result
    try:
        manifest.will_own(result.slug, list(entry.outputs))
        swap_into_place(staging, final)
    except OSError as exc:
        if exc.errno not in ENVIRONMENT_ERRORS:
            raise
        result.ok, result.error = False, _cannot_write(shown, exc)
        return result
    manifest.built(result.slug, entry)
    return result


def _write_atomically(path: Path, text: str) -> None:
    replace_file(path, text.encode("utf-8"), path.parent / WORKSPACE)


def _drift(project: Project, library: Library, inputs: PublisherInputs, everyone: str) -> DriftRecord:
    """A publisher's drift, to keep in the manifest, with the digest of what it was worked out from."""
    compared = compared_blocks(library, inputs)
    digest = publisher_digest(project, inputs.publisher.slug, compared, everyone)
    return DriftRecord(inputs=digest, compared=compared, report=drift_record(publisher_drift(library, inputs, project)))


def write_drift_page(
    project: Project, library: Library, reports_dir: Path, manifest: Manifest | None = None, everyone: str = ""
) -> None:
    """Write `reports_dir/drift.html`: every publisher's changes to the shared text, for the maintainer.

    It goes in the reports folder beside the published sites (`site-reports/`), never among them.

    A publisher whose drift the manifest keeps, worked out from the same inputs, is not loaded again.
    One whose file has errors is named at the top, with them, as `drift` names it: its drift cannot be worked out.
    """
    drifts = []
    failed: dict[str, list[Problem]] = {}
    for slug in list_slugs(project):
        entry = manifest.entries.get(slug) if manifest is not None else None
        kept = entry.drift if entry is not None else None
        same_inputs = kept is not None and kept.inputs == publisher_digest(project, slug, kept.compared, everyone)
        same_inputs = same_inputs and manifest is not None and not manifest.file_clashes(project, slug)
        reused = drift_from_record(kept.report) if kept is not None and same_inputs else None
        if reused is not None:
            drifts.append(reused)
        else:
            drifts.extend(project_drift(project, library, [slug], failed))
    unshown = [
        {
            "slug": visible(slug),
            "check": visible(check_command([slug])),
            "problems": [problem.format(project.root) for problem in problems],
        }
        for slug, problems in failed.items()
    ]
    env = Environment(loader=FileSystemLoader(project.templates_dir), autoescape=select_autoescape(default=True))
    page = env.get_template("drift.html").render(
        drifts=drifts, leaflets_of=leaflets_of, unshown=unshown, cannot_show=CANNOT_SHOW
    )
    _write_atomically(reports_dir / "drift.html", page)


INDEX_MARKS = (
    '<meta name="generator" content="sen-leaflets">',
    "<title>SEN support in mainstream schools: publishers</title>",
)
"""What an index sen-leaflets wrote holds (the second, what one written before the first was added holds)."""


def refuse_someone_elses_index(out_dir: Path, shown: Path) -> None:
    """Raise `OutputFolderError` if `out_dir/index.html` is there and is not an index sen-leaflets wrote (a council's
    home page, in a folder someone marked as sen-leaflets'): the build would replace it."""
    index = out_dir / "index.html"
    if not os.path.lexists(index):
        return
    head = ""
    if not index.is_symlink() and index.is_file():
        with contextlib.suppress(OSError), index.open("rb") as opened:
            head = opened.read(2048).decode("utf-8", "replace")  # the marks are in the page's <head>
    if not any(mark in head for mark in INDEX_MARKS):
        raise OutputFolderError(
            f"'{shown / 'index.html'}' is not the index page sen-leaflets writes, and a build would replace it: "
            "move it away, or choose another --out"
        )


def write_index(project: Project, out_dir: Path, names: dict[str, str], offline: bool = False) -> None:
    """Write `out_dir/index.html`, linking to every publisher (in `names`, from the manifest) whose site is there.

    An offline copy links to each site's `index.html`: opened from disk, a folder shows its files, not its page.
    Raises `OutputFolderError` rather than replace an `index.html` sen-leaflets did not write.
    """
    refuse_someone_elses_index(out_dir, out_dir)
    shown = {slug: name for slug, name in names.items() if (out_dir / slug / "index.html").is_file()}
    # Two publishers of one name (a file copied from another, which `check` warns about) are told apart by their
    # folders: links with the same words to different sites would leave a reader guessing.
    counts = Counter(name_as_compared(name) for name in shown.values())
    publishers = sorted(
        (
            {"slug": slug, "name": name if counts[name_as_compared(name)] == 1 else f"{name} ({slug})"}
            for slug, name in shown.items()
        ),
        key=lambda p: (p["name"].lower(), p["slug"]),
    )
    env = Environment(loader=FileSystemLoader(project.templates_dir), autoescape=select_autoescape(default=True))
    page = env.get_template("site-index.html").render(publishers=publishers, home="index.html" if offline else "")
    _write_atomically(out_dir / "index.html", page)


@dataclass
class IndexResult:
    """What `index_publishers` did: the publishers the index lists, and those whose file has errors."""

    listed: list[str]
    """The publishers whose site the index links to."""
    failed: dict[str, list[Problem]] = field(default_factory=dict)
    """Publishers with a site in the folder whose file (or local blocks) has errors, each with its problems. One the
    folder's last build recorded is listed under the name it was built with, as a build lists it; any other is not."""


def index_publishers(project: Project, out_dir: Path) -> IndexResult:
    """Write `out_dir/index.html` listing every publisher of the project whose site is in `out_dir`.

    For CI that builds the publishers in shards on several machines, then puts their folders
    together: each shard's index lists only its own publishers, this one lists them all, as one
    full build would, byte for byte (the names come from the publishers' YAML, as a build's do).
    A publisher whose file has errors does not stop the others' index: as in a build, its site
    stays, listed under the name its last build into this folder recorded (or left out, if none
    did), and its problems are returned.
    It writes only `index.html`, and only into a folder that holds nothing but publishers'
    sites (and an index): never the repository, a source folder, or a folder of someone else's.
    In a folder a build may write into, it holds the build's lock, so that the two never run at once.
    Raises `OutputFolderError` for a folder it may not write (or one a build is writing to now),
    `ContentError` when the shared content has errors.
    """
    folder = not_a_project_folder(project, out_dir)
    if not folder.is_dir():
        raise OutputFolderError(f"'{out_dir}' is not a folder: build the publishers into it first")
    # Shards put together, with no reports folder beside them, are a folder no build may write into: no lock needed.
    built = OutputFolder.built_before(folder)
    with built.locked(again="run sen-leaflets index again") if built is not None else contextlib.nullcontext():
        return _index_locked(project, folder, out_dir)


def _index_locked(project: Project, folder: Path, out_dir: Path) -> IndexResult:
    """`index_publishers`, once no build can write into `folder` (`out_dir`, as the person named it)."""
    # Kent.yml (a publisher file renamed in capitals, which is refused) is still kent's, as in a build: its site stays.
    files = list_slugs(project)
    owners = {slug: slug for slug in files}
    for slug in files:
        meant = site_folder(slug, files)
        if meant is not None:
            owners.setdefault(meant, slug)
    foreign = sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.is_symlink()
        or not (
            (entry.name in owners and entry.is_dir() and (entry / "index.html").is_file())
            or (entry.name == "index.html" and entry.is_file())
            or entry.name == WORKSPACE
        )
    )
    if foreign:
        listed = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise OutputFolderError(
            f"'{out_dir}' holds files that are not publishers' sites ({listed}): sen-leaflets writes an index "
            "only for a folder of its own sites"
        )
    present = sorted(entry.name for entry in folder.iterdir() if entry.name in owners)
    if not present:
        raise OutputFolderError(f"'{out_dir}' holds no publisher's site: build the publishers into it first")
    library = load_library(project)
    names: dict[str, str] = {}
    failed: dict[str, list[Problem]] = {}
    for slug in present:
        try:
            names[slug] = load_publisher(project, owners[slug], library).publisher.name
        except ContentError as exc:
            failed[slug] = exc.problems
    if failed:
        # A build keeps such a publisher's site and lists it under the name in its manifest: so does the index.
        reports = reports_folder(folder)
        built = Manifest(reports, reports / WORKSPACE, folder).entries
        names |= {slug: built[slug].name for slug in failed if slug in built}
    # An offline copy's index links to each site's index.html, as the offline build wrote it.
    copies = {is_offline_copy(folder / slug) for slug in present}
    if len(copies) > 1:
        raise OutputFolderError(
            f"'{out_dir}' holds offline copies (build --offline) beside sites for the web: put each kind in a "
            "folder of its own"
        )
    workspace = folder / WORKSPACE
    made = not workspace.exists()
    workspace.mkdir(exist_ok=True)
    try:
        write_index(project, folder, names, offline=copies == {True})
    finally:
        if made:
            shutil.rmtree(workspace, ignore_errors=True)
    return IndexResult(sorted(names), failed)
