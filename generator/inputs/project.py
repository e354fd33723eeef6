"""Where things live in a sen-leaflets repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The folders of one sen-leaflets repository, all derived from its root."""

    root: Path

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def blocks_dir(self) -> Path:
        return self.content_dir / "blocks"

    @property
    def leaflets_dir(self) -> Path:
        return self.content_dir / "leaflets"

    @property
    def code_of_practice_file(self) -> Path:
        return self.content_dir / "code-of-practice.yml"

    @property
    def glossary_file(self) -> Path:
        return self.content_dir / "glossary.yml"

    @property
    def publishing_file(self) -> Path:
        """Settings for every publisher's published site (optional)."""
        return self.content_dir / "publishing.yml"

    @property
    def local_authority_changes_file(self) -> Path:
        """GSS codes retired by reorganisation, with their successors (optional)."""
        return self.content_dir / "local-authority-changes.csv"

    @property
    def authorities_dir(self) -> Path:
        return self.root / "authorities"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def authority_file(self, slug: str) -> Path:
        return self.authorities_dir / f"{slug}.yml"

    def local_blocks_dir(self, slug: str) -> Path:
        return self.authorities_dir / slug / "blocks"

    def own_leaflets_dir(self, slug: str) -> Path:
        """A publisher's own leaflets, beside its local blocks."""
        return self.authorities_dir / slug / "leaflets"

    def contains(self, path: Path) -> bool:
        """True when `path`, with symlinks resolved, stays inside the repository."""
        try:
            path.resolve().relative_to(self.root.resolve())
        except (ValueError, RuntimeError, OSError):  # outside, or a link that leads round in a circle
            return False
        return True


def find_project(start: Path | None = None) -> Project:
    """Find the repository root: the nearest folder upwards holding `content/` and `authorities/`."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "content").is_dir() and (candidate / "authorities").is_dir():
            return Project(candidate)
    raise FileNotFoundError(
        f"No sen-leaflets repository found at or above {here}: "
        "run the command inside a folder that has content/ and authorities/."
    )
