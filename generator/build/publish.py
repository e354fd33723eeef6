"""The output folder: claimed before anything is written, changed only in ways that lose nothing.

- A build writes only into a folder it may own: never the repository itself, a
  source folder, a folder holding one, or a folder of someone else's files. A
  marker file says which folders sen-leaflets made.
- The output folder holds only what is published (each publisher's folder and the
  index page), so that it can be uploaded as it is. What the build keeps for itself
  (marker, lock, manifest, journal) and the reports for people (`drift.html`) live in
  a folder beside it: `site-reports/` for `site/`. Only while a build runs does the
  output folder also hold its workspace, a hidden folder removed at the end.
- One build at a time writes into a folder (a lock, which `index` takes too), and it
  first removes the temporary folders a killed build left behind.
- A publisher's new site replaces its old one in one step (an atomic exchange of
  the two folders), so that at every moment the folder holds one complete site.
- Nothing is deleted that the manifest does not say sen-leaflets made; new sites are
  made in a workspace folder of sen-leaflets' own, and files are written without
  following links, so a link left in the folder cannot redirect a write elsewhere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..inputs.project import Project

MARKER = ".sen-leaflets-output"
"""Written into the reports folder beside every folder sen-leaflets builds into: both are sen-leaflets' to change."""
REPORTS_SUFFIX = "-reports"
"""The reports folder is the output folder's name followed by this, beside it: `site-reports/` for `site/`."""
LOCK = ".sen-leaflets-lock"
WORKSPACE = ".sen-leaflets-work"
"""Inside the output folder: where new sites are made, and old ones wait to be removed."""
LEGACY_MARKERS = (MARKER, ".sen-leaflets-manifest.json")
"""Inside output folders built before the reports folder existed (the marker, or before it a manifest): they
say the same, and the build moves the manifest and journal out into the reports folder."""
LEGACY_STATE = (".sen-leaflets-manifest.json", ".sen-leaflets-journal")
"""What older builds kept inside the output folder and this one keeps in the reports folder, moved there once."""
LEGACY_LEFTOVERS = (MARKER, LOCK, "drift.html")
"""Files older builds wrote inside the output folder that no longer belong there, removed once they are moved."""
SOURCE_FOLDERS = (
    ".ci",
    ".git",
    "authorities",
    "benchmarks",
    "content",
    "docs",
    "generator",
    "requirements",
    "templates",
    "tests",
)
RETIRED = re.compile(r"(?P<slug>[a-z0-9-]+?)-retired-[A-Za-z0-9_]+")
"""The name of an old site moved aside in the workspace, where folders cannot be exchanged in one step."""


class OutputFolderError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class OutputFolder:
    """A folder a build may write into, checked to be safe to own."""

    path: Path

    @property
    def reports(self) -> Path:
        """Beside the output folder: the build's own records and the reports for people, never published."""
        return reports_folder(self.path)

    @classmethod
    def claim(cls, project: Project, path: Path) -> OutputFolder:
        """Check that `path` may be built into, create it if needed and mark it as sen-leaflets'.

        Raises `OutputFolderError` for the repository root, a source folder or
        anything inside one, a folder that holds the repository, or a folder with
        files in it that sen-leaflets did not make.
        """
        shown = path
        folder = not_a_project_folder(project, path)
        root = project.root.resolve()
        if folder.exists() and not folder.is_dir():
            raise OutputFolderError(f"'{shown}' is a file, not a folder: choose another --out")
        reports = reports_folder(folder)
        shown_reports = reports_folder(shown) if shown.name else reports
        if (
            reports == root
            or root.is_relative_to(reports)
            or any(reports.is_relative_to((root / name).resolve()) for name in SOURCE_FOLDERS)
        ):
            raise OutputFolderError(
                f"sen-leaflets would keep its reports for '{shown}' in '{shown_reports}', which holds the project's "
                "own files: build into a folder of its own, such as site"
            )
        if reports.is_symlink() or (reports.exists() and not reports.is_dir()):
            raise OutputFolderError(
                f"'{shown_reports}' is not a folder sen-leaflets made: move it away, or choose another --out"
            )
        ours = cls._made_by_us(folder)
        # A reports folder with files in it is sen-leaflets' only if its marker says so, even beside an
        # output folder an older version made (whose records are about to move into it).
        if reports.is_dir() and any(reports.iterdir()) and not _regular_file(reports / MARKER):
            raise OutputFolderError(
                f"'{shown_reports}' already holds files that sen-leaflets did not make, and sen-leaflets keeps its "
                f"reports for '{shown}' there: move them away, or choose another --out"
            )
        if folder.is_dir() and any(folder.iterdir()) and not ours:
            raise OutputFolderError(
                f"'{shown}' already holds files that sen-leaflets did not make: build into an empty or new "
                "folder, so that nothing of yours is overwritten"
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
            reports.mkdir(exist_ok=True)
            if not _regular_file(reports / MARKER):
                write_new_file(
                    reports / MARKER,
                    f"sen-leaflets builds into the folder {folder.name} beside this one, keeps its records here, "
                    "and may replace what it made in both.\n".encode(),
                )
            for workspace, shown_workspace in ((folder, shown), (reports, shown_reports)):
                workspace, shown_workspace = workspace / WORKSPACE, shown_workspace / WORKSPACE
                if workspace.is_symlink() or (workspace.exists() and not workspace.is_dir()):
                    raise OutputFolderError(f"'{shown_workspace}' is not sen-leaflets' own folder: remove it")
                workspace.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputFolderError(f"cannot write to '{shown}': {exc.strerror or exc}") from None
        return cls(folder)

    @property
    def workspace(self) -> Path:
        """Where new sites are made before they are put in place (on the same disk, so one rename moves them)."""
        return self.path / WORKSPACE

    @property
    def reports_workspace(self) -> Path:
        """Where the reports folder's files are written before being renamed into place (on its own disk)."""
        return self.reports / WORKSPACE

    @classmethod
    def built_before(cls, folder: Path) -> OutputFolder | None:
        """`folder`, if a build may write into it while it holds sites: one whose reports folder is marked as
        sen-leaflets' (or, built by an older version, holding the marks it left), as only such a folder is claimed.
        None otherwise (sites put together from shards built elsewhere): no build can write into it."""
        return cls(folder) if cls._made_by_us(folder) else None

    @staticmethod
    def _made_by_us(folder: Path) -> bool:
        if _regular_file(reports_folder(folder) / MARKER):
            return True
        return any(_regular_file(folder / name) for name in LEGACY_MARKERS)

    def move_legacy_state(self) -> None:
        """Move what older builds kept inside the output folder into the reports folder, once.

        Only ordinary files are moved or removed (a link is left for the manifest's own
        checks to refuse), and only while holding the lock.
        """
        for name in LEGACY_STATE:
            old, new = self.path / name, self.reports / name
            if _regular_file(old) and not os.path.lexists(new):
                old.rename(new)
        if any(os.path.lexists(self.path / name) for name in LEGACY_STATE):
            return  # not moved (a link, or both copies): keep the marker, which says the folder is ours
        for name in LEGACY_LEFTOVERS:
            if _regular_file(self.path / name):
                (self.path / name).unlink()

    @contextmanager
    def locked(self, again: str = "build again") -> Iterator[None]:
        """Hold the folder's lock (in its reports folder): one build (or index) at a time writes into a folder.

        `again` ends the message when another holds it: what to do once that one has finished.
        """
        try:
            descriptor = _open_regular(self.reports / LOCK, os.O_RDWR | os.O_CREAT)
        except OSError as exc:
            if exc.errno in {errno.ELOOP, errno.EINVAL}:
                raise OutputFolderError(
                    f"'{self.reports / LOCK}' is a link or not an ordinary file, not sen-leaflets' own: remove it"
                ) from None
            raise OutputFolderError(f"cannot write to '{self.path}': {exc.strerror or exc}") from None
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputFolderError(
                    f"another build or index is writing to '{self.path}' now: wait for it to finish, then {again}"
                ) from None
            yield
        finally:
            os.close(descriptor)

    def remove_leftovers(self) -> list[Path]:
        """Tidy up after builds that were stopped (killed, or the machine went off); returns what was removed.

        Everything in the workspace was left by a build. A new site that was being made
        is removed. An old site that was moved aside to make room for a new one goes back
        into place if the new one never arrived (only where folders cannot be exchanged in
        one step), and is removed otherwise. Only called while holding the lock, so no
        running build's folder is touched.
        """
        removed = []
        for entry in sorted(self.reports_workspace.iterdir()):
            _remove(entry)  # a report or manifest half written
            removed.append(entry)
        for entry in sorted(self.workspace.iterdir()):
            retired = RETIRED.fullmatch(entry.name)
            final = self.path / retired.group("slug") if retired else None
            if final is not None and entry.is_dir() and not entry.is_symlink() and not os.path.lexists(final):
                entry.rename(final)
                continue
            _remove(entry)
            removed.append(entry)
        return removed

    def tidy(self) -> None:
        """Remove the workspaces when a build leaves nothing in them: the output folder holds only what is published."""
        for workspace in (self.workspace, self.reports_workspace):
            with suppress(OSError):
                workspace.rmdir()


def not_a_project_folder(project: Project, path: Path) -> Path:
    """`path`, resolved, after checking that it is not the repository, a source folder, inside one, or holding one.

    Raises `OutputFolderError` otherwise: writing there could overwrite the project's own files.
    """
    shown = path
    folder = path.absolute().resolve()
    root = project.root.resolve()
    if folder == root:
        raise OutputFolderError(f"'{shown}' is the repository itself: build into a folder of its own, such as site")
    if root.is_relative_to(folder):
        raise OutputFolderError(f"'{shown}' holds the repository: build into a folder of its own, such as site")
    if folder.name.endswith(REPORTS_SUFFIX):
        kept_for = folder.name.removesuffix(REPORTS_SUFFIX)
        raise OutputFolderError(
            f"'{shown}' is the name of a reports folder: a build into '{kept_for}' keeps its records there, "
            "which building into it would remove; build into a folder of another name, such as public"
        )
    for name in SOURCE_FOLDERS:
        source = root / name
        if folder.is_relative_to(source.resolve()):
            raise OutputFolderError(
                f"'{shown}' is inside {name}/, which holds the project's own files: "
                "build into a folder of its own, such as site"
            )
    return folder


def reports_folder(out_dir: Path) -> Path:
    """Where a build into `out_dir` keeps its records and reports: beside it, `site-reports/` for `site/`."""
    return out_dir.with_name(out_dir.name + REPORTS_SUFFIX)


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)


def _regular_file(path: Path) -> bool:
    """True for an ordinary file that is not a link."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _open_regular(path: Path, flags: int) -> int:
    """Open `path` without following a link, and only if it is (or is made) an ordinary file."""
    descriptor = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(errno.EINVAL, "not an ordinary file", str(path))
    return descriptor


def write_new_file(path: Path, data: bytes) -> None:
    """Create `path` with `data`; fails if anything (a link included) is already there."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def append_line(path: Path, line: str) -> None:
    """Add a line to an ordinary file (never through a link), and force it to disk."""
    descriptor = _open_regular(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def replace_file(path: Path, data: bytes, workspace: Path) -> None:
    """Put `data` at `path` in one step: written to a new file in the workspace, then renamed over `path`.

    The rename replaces whatever is at `path` (a link included) and never writes through it.
    """
    descriptor, temporary = tempfile.mkstemp(dir=workspace)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def foreign_files(folder: Path, ours: Iterable[str]) -> list[str]:
    """The files in `folder` (as relative paths) that are not among `ours`: someone else put them there."""
    known = set(ours)
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        relative = path.relative_to(folder).as_posix()
        if relative not in known:
            found.append(relative)
    return found


# --- the swap ------------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_LIBC = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2); False where the system cannot."""
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP}:
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_into_place(staging: Path, final: Path) -> None:
    """Put the complete folder `staging` where `final` is, in one step, then remove the old `final`.

    At every moment `final` is either the old complete site or the new complete site.
    Where the system cannot exchange folders in one step, the old folder is moved
    aside and moved back if the new one cannot be moved in.
    """
    if not final.exists():
        staging.rename(final)
        return
    if _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # now the old site; a leftover is removed by the next build
        return
    retired = staging.with_name(staging.name.replace("-building-", "-retired-", 1))
    final.rename(retired)
    try:
        staging.rename(final)
    except OSError:
        retired.rename(final)
        raise
    shutil.rmtree(retired, ignore_errors=True)
