"""What each publisher's outputs were made from, so that a rebuild does only what changed.

The manifest (`DIR-reports/.sen-leaflets-manifest.json`, beside the output folder DIR) records, for each publisher,
a digest of every input its site and PDFs were made from, the shared blocks it
used, and each output file with its size and hash. A publisher is rebuilt when
that digest changes or an output has gone; a change to a shared block rebuilds
exactly the publishers whose leaflets use it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .. import __version__
from ..compose.leaflet import ComposedLeaflet, included_by
from ..inputs.blocks import CONTACT_PANEL, ContentBlock
from ..inputs.files import read_input
from ..inputs.project import Project
from ..inputs.rules import publisher_file_names, publisher_file_problems
from ..outputs.site.mkdocs_site import SITE_CONFIGURATION
from ..problems import ContentError
from .publish import append_line, replace_file

MANIFEST = ".sen-leaflets-manifest.json"
JOURNAL = ".sen-leaflets-journal"
MAX_MANIFEST_BYTES = 200_000_000
FONT_FILES = tuple(
    Path("/usr/share/fonts/truetype/liberation2") / name
    for name in ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")
)
"""The embedded fonts (Debian's fonts-liberation2): a font update changes every PDF."""


def _digest_files(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    prefix = f"{root}{os.sep}"
    for name in sorted({str(path) for path in paths}):
        shown = name.removeprefix(prefix).replace(os.sep, "/") if name.startswith(prefix) else name
        digest.update(shown.encode() + b"\0")
        digest.update(_hash_input(name).encode())
        digest.update(b"\0")
    return digest.hexdigest()


_INPUT_HASHES: dict[tuple[str, int, int, int, int], str] = {}
"""Hashes of input files, by path and what `stat` says of them: a shared block is read once
per build, not once for every publisher that uses it. Any write to a file changes its ctime."""


def _hash_input(name: str) -> str:
    try:
        facts = os.stat(name)
    except OSError:
        return "(missing)"
    if not stat.S_ISREG(facts.st_mode):
        return "(missing)"
    key = (name, facts.st_ino, facts.st_size, facts.st_mtime_ns, facts.st_ctime_ns)
    if key not in _INPUT_HASHES:
        if len(_INPUT_HASHES) > 100_000:
            _INPUT_HASHES.clear()
        _INPUT_HASHES[key] = _hash_file(Path(name))
    return _INPUT_HASHES[key]


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def global_digest(project: Project, formats: frozenset[str], offline: bool = False) -> str:
    """Inputs every publisher shares: templates, site and publishing settings, Code data, glossary, leaflets, code,
    fonts.

    An offline copy's pages differ from the web's (links to files, not folders), so it has a digest of its own;
    so has each choice of `formats` ('pdf', 'epub', 'docx', 'brf'): a build making more editions remakes every site.
    """
    package = Path(__file__).resolve().parent.parent  # the whole generator: a renderer's change changes its files
    inputs = [
        *_files_under(project.templates_dir),
        project.root / SITE_CONFIGURATION,
        project.code_of_practice_file,
        project.content_dir / "local-authorities.csv",
        *([project.local_authority_changes_file] if project.local_authority_changes_file.exists() else []),
        *([project.publishing_file] if project.publishing_file.exists() else []),
        *([project.glossary_file] if project.glossary_file.exists() else []),
        *project.leaflets_dir.glob("*.yml"),
        *_files_under(package),
        *(project.root / "requirements").glob("site.lock"),
        *FONT_FILES,
    ]
    kind = "formats=" + ",".join(sorted(formats)) + ("|offline" if offline else "")
    return hashlib.sha256(f"{__version__}|{kind}|{_digest_files(inputs, project.root)}".encode()).hexdigest()


def used_shared_blocks(
    leaflets: list[ComposedLeaflet],
    shared: Mapping[str, ContentBlock] | None = None,
    local: Mapping[str, ContentBlock] | None = None,
) -> list[str]:
    """The shared blocks a publisher's outputs contain (its home page always shows the contact panel), and those
    its blocks take in with `{% include %}`, however deep (given the shared and local blocks, by name)."""
    everything = {**(shared or {}), **(local or {})}
    placed = [block.source for leaflet in leaflets for section in leaflet.sections for block in section.blocks]
    panels = {CONTACT_PANEL} | {leaflet.contact.panel_block for leaflet in leaflets}
    shown = placed + [everything[name] for name in panels if name in everything]
    return sorted(
        {block.id for block in (*placed, *included_by(shown, everything.values())) if block.owner is None} | panels
    )


def publisher_digest(
    project: Project, slug: str, shared_blocks: list[str], everyone: str, other_files: Iterable[str] = ()
) -> str:
    """One publisher's inputs: its YAML, its local blocks and files, the shared blocks it uses, and `other_files`
    (its logo, wherever in the repository it is; relative paths).

    A shared block named like one of its local blocks is an error for the publisher, so that name counts too:
    adding such a shared block changes the digest, and the next build checks the publisher again."""
    own = project.authorities_dir / slug
    blocks = f"{project.blocks_dir}{os.sep}"
    own_files = _files_under(own) if own.is_dir() else []
    local_names = {path.stem for path in own_files if path.suffix == ".md"}
    inputs = [
        project.authority_file(slug),
        *own_files,
        *(Path(f"{blocks}{block_id}.md") for block_id in sorted(set(shared_blocks) | local_names)),
        *(project.root / name for name in other_files),
    ]
    return hashlib.sha256(f"{everyone}|{_digest_files(inputs, project.root)}".encode()).hexdigest()


class OutputFile(BaseModel):
    size: int
    sha256: str


class DriftRecord(BaseModel):
    """A publisher's changes to the shared text, as the drift page shows them, and what they were worked out from."""

    model_config = ConfigDict(extra="forbid")

    inputs: str
    """The digest of its inputs and of the shared blocks it is compared with (`publisher_digest`)."""
    compared: list[str]
    report: dict[str, Any]


class ManifestEntry(BaseModel):
    """What one publisher's outputs were made from, and what they are."""

    model_config = ConfigDict(extra="forbid")

    name: str
    inputs: str
    shared_blocks: list[str]
    other_inputs: list[str] = []
    """Files outside the publisher's own folder and the shared blocks that it is made from (its logo), by their
    path in the repository."""
    outputs: dict[str, OutputFile] = {}
    """Path relative to the publisher's folder -> size and hash."""
    drift: DriftRecord | None = None
    """Kept so that the drift page needs no publisher loaded again whose drift cannot have changed."""


class _ManifestFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    publishers: dict[str, ManifestEntry]


class _JournalLine(BaseModel):
    """One line of the journal: files about to be put in place, or a publisher built."""

    model_config = ConfigDict(extra="forbid")

    slug: str
    owns: list[str] = []
    built: ManifestEntry | None = None


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_LINKED_HASHES: dict[tuple[int, int, int, int], str] = {}
"""Hashes of files with several links (the theme's, one copy linked into every site), by device, inode,
size and modification time: such a file is hashed once per process, not once per site."""


def record_outputs(folder: Path) -> dict[str, OutputFile]:
    """Each file in `folder` (a publisher's new site), by its path there: its size and SHA-256."""
    recorded = {}
    for path in sorted(folder.rglob("*")):
        facts = path.stat()
        if not stat.S_ISREG(facts.st_mode):
            continue
        if facts.st_nlink > 1:
            key = (facts.st_dev, facts.st_ino, facts.st_size, facts.st_mtime_ns)
            if key not in _LINKED_HASHES:
                _LINKED_HASHES[key] = _hash_file(path)
            digest = _LINKED_HASHES[key]
        else:
            digest = _hash_file(path)
        recorded[path.relative_to(folder).as_posix()] = OutputFile(size=facts.st_size, sha256=digest)
    return recorded


def outputs_present(folder: Path, entry: ManifestEntry) -> bool:
    """Every recorded output still there at its recorded size (a cheap check: no re-hashing)."""
    base = f"{folder}{os.sep}"
    for name, facts in entry.outputs.items():
        try:
            if os.stat(base + name).st_size != facts.size:
                return False
        except OSError:
            return False
    return bool(entry.outputs)


class Manifest:
    """The manifest of one output folder: what was built from what, and which files sen-leaflets made.

    Between builds it is one JSON file. During a build, each publisher's change is
    first appended to a journal (and forced to disk), so that a build killed at any
    moment leaves a record of every file it may have put in place.
    """

    def __init__(self, state_dir: Path, workspace: Path, out_dir: Path) -> None:
        """The manifest kept in `state_dir` (written through `workspace`, on its disk) of the sites in `out_dir`."""
        self.path = state_dir / MANIFEST
        self.journal = state_dir / JOURNAL
        self.workspace = workspace
        self.out_dir = out_dir
        self.entries: dict[str, ManifestEntry] = {}
        self.owned: dict[str, set[str]] = {}
        """Every file, per publisher folder, that any record says sen-leaflets made."""
        self.unreadable = ""
        """Why the manifest could not be read, if it could not (it was then treated as empty)."""
        self._changed = False
        self._publisher_files: dict[str, list[str]] | None = None
        for path in (self.path, self.journal):
            if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):
                self.unreadable = f"{path.name} is a link or not an ordinary file"
                return
        if self.path.exists():
            try:
                data = _ManifestFile.model_validate_json(read_input(self.path, MAX_MANIFEST_BYTES))
            except (ContentError, ValidationError) as exc:
                self.unreadable = exc.problems[0].message if isinstance(exc, ContentError) else "it is not a manifest"
            else:
                for slug, entry in data.publishers.items():
                    self._remember(slug, entry)
        if self.journal.exists():
            self._replay()
            self._changed = True

    def _remember(self, slug: str, entry: ManifestEntry) -> None:
        self.entries[slug] = entry
        self.owned.setdefault(slug, set()).update(entry.outputs)

    def _replay(self) -> None:
        try:
            lines = read_input(self.journal, MAX_MANIFEST_BYTES).decode("utf-8", "replace").splitlines()
        except ContentError:
            return
        for text in lines:
            try:
                line = _JournalLine.model_validate_json(text)
            except ValidationError:
                continue  # the last line of a build killed while writing it
            self.owned.setdefault(line.slug, set()).update(line.owns)
            if line.built is not None:
                self._remember(line.slug, line.built)

    def _append(self, line: _JournalLine) -> None:
        append_line(self.journal, line.model_dump_json())

    def will_own(self, slug: str, files: list[str]) -> None:
        """Record, before they are put in place, the files a publisher's folder is about to hold."""
        self._append(_JournalLine(slug=slug, owns=files))
        self._changed = True
        self.owned.setdefault(slug, set()).update(files)

    def built(self, slug: str, entry: ManifestEntry) -> None:
        """Record a publisher whose new outputs are in place."""
        self._append(_JournalLine(slug=slug, built=entry))
        self._changed = True
        self._remember(slug, entry)

    def forget(self, slug: str) -> None:
        """Drop a publisher whose site was removed (its file is gone from authorities/)."""
        self.entries.pop(slug, None)
        self.owned.pop(slug, None)
        self._changed = True

    def is_current(self, project: Project, slug: str, everyone: str) -> bool:
        """Whether the publisher's outputs were made from its inputs as they are now (so it need not be built)."""
        entry = self.entries.get(slug)
        if entry is None or self.file_clashes(project, slug):
            return False  # a twin file, or a link out, added since: its build must fail now, as a clean one would
        digest = publisher_digest(project, slug, entry.shared_blocks, everyone, entry.other_inputs)
        return entry.inputs == digest and outputs_present(self.out_dir / slug, entry)

    def file_clashes(self, project: Project, slug: str) -> bool:
        """Whether the publisher's file clashes with another (a twin kent.yaml) or leads out of the repository: a
        change its inputs' digest does not see, which makes its build and its drift fail, whatever this records."""
        if self._publisher_files is None:
            self._publisher_files = publisher_file_names(project)  # once per build, not once per publisher
        return bool(publisher_file_problems(project, slug, self._publisher_files))

    def save(self) -> None:
        """Write the manifest in one step, then drop the journal it now includes (nothing to do if nothing changed)."""
        if not self._changed and self.path.is_file():
            return
        data = _ManifestFile(publishers=dict(sorted(self.entries.items())))
        text = json.dumps(data.model_dump(mode="json"), separators=(",", ":"), sort_keys=True) + "\n"
        replace_file(self.path, text.encode("utf-8"), self.workspace)
        self.journal.unlink(missing_ok=True)
