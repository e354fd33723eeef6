"""What each publisher's outputs were made from, so that a rebuild does only what changed.

The manifest (`DIR/.sen-leaflets-manifest.json`) records, for each publisher,
a digest of every input its site and PDFs were made from, the shared blocks it
used, and each output file with its size and hash. A publisher is rebuilt when
that digest changes or an output has gone; a change to a shared block rebuilds
exactly the publishers whose leaflets use it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .compose import CONTACT_PANEL, ComposedLeaflet
from .project import Project

MANIFEST = ".sen-leaflets-manifest.json"
FONT_FILES = tuple(
    Path("/usr/share/fonts/truetype/liberation2") / name
    for name in ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")
)
"""The embedded fonts (Debian's fonts-liberation2): a font update changes every PDF."""


def _digest_files(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
        digest.update(b"\0")
    return digest.hexdigest()


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def global_digest(project: Project, with_pdf: bool) -> str:
    """Inputs every publisher shares: templates, site configuration, Code data, leaflets, generator code, fonts."""
    package = Path(__file__).resolve().parent
    inputs = [
        *_files_under(project.templates_dir),
        project.root / "mkdocs.yml",
        project.code_of_practice_file,
        project.content_dir / "local-authorities.csv",
        *project.leaflets_dir.glob("*.yml"),
        *_files_under(package),
        *(project.root / "requirements").glob("site.lock"),
        *FONT_FILES,
    ]
    return hashlib.sha256(f"{__version__}|pdf={with_pdf}|{_digest_files(inputs, project.root)}".encode()).hexdigest()


def used_shared_blocks(leaflets: list[ComposedLeaflet]) -> list[str]:
    """The shared blocks a publisher's outputs contain (its home page always shows the contact panel)."""
    used = {
        block.id
        for leaflet in leaflets
        for section in leaflet.sections
        for block in section.blocks
        if block.owner is None
    }
    return sorted(used | {CONTACT_PANEL})


def publisher_digest(project: Project, slug: str, shared_blocks: list[str], everyone: str) -> str:
    """One publisher's inputs: its YAML, its local blocks and files, and the shared blocks it uses."""
    own = project.authorities_dir / slug
    inputs = [
        project.authority_file(slug),
        *(_files_under(own) if own.is_dir() else []),
        *(project.blocks_dir / f"{block_id}.md" for block_id in shared_blocks),
    ]
    return hashlib.sha256(f"{everyone}|{_digest_files(inputs, project.root)}".encode()).hexdigest()


@dataclass
class ManifestEntry:
    name: str
    inputs: str
    shared_blocks: list[str]
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Relative path -> {"size": bytes, "sha256": hash}."""


def record_outputs(folder: Path) -> dict[str, dict[str, Any]]:
    return {
        path.relative_to(folder).as_posix(): {
            "size": path.stat().st_size,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def outputs_present(folder: Path, entry: ManifestEntry) -> bool:
    """Every recorded output still there at its recorded size (a cheap check: no re-hashing)."""
    for name, facts in entry.outputs.items():
        try:
            if (folder / name).stat().st_size != facts["size"]:
                return False
        except OSError:
            return False
    return bool(entry.outputs)


class Manifest:
    """The manifest file of one output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST
        self.entries: dict[str, ManifestEntry] = {}
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.entries = {slug: ManifestEntry(**entry) for slug, entry in data.get("publishers", {}).items()}
            except (ValueError, TypeError):
                self.entries = {}  # an unreadable manifest only means a full rebuild

    def is_current(self, project: Project, slug: str, everyone: str) -> bool:
        entry = self.entries.get(slug)
        if entry is None:
            return False
        digest = publisher_digest(project, slug, entry.shared_blocks, everyone)
        return entry.inputs == digest and outputs_present(self.path.parent / slug, entry)

    def save(self) -> None:
        data = {
            "publishers": {
                slug: {"name": e.name, "inputs": e.inputs, "shared_blocks": e.shared_blocks, "outputs": e.outputs}
                for slug, e in sorted(self.entries.items())
            }
        }
        staging = self.path.with_name(f".{self.path.name}.tmp")
        staging.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(staging, self.path)
