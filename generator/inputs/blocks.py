"""Content blocks: Markdown files with YAML front matter, shared or a publisher's own."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import ContentError, Problem
from .characters import invisible_in
from .load_support import validate
from .project import Project
from .schema import BLOCK_ID, BlockFrontMatter
from .yaml_source import split_front_matter

CONTACT_PANEL = "contact-panel"
"""The shared block that lays out a publisher's contact details, as a boxed panel (on the home page and the
cover too, wherever the leaflet places it, or if it leaves it out)."""


@dataclass(frozen=True)
class ContentBlock:
    """A piece of Markdown (with Jinja variables) that leaflets are made of."""

    id: str
    title: str
    body: str
    path: Path
    body_line: int
    owner: str | None = None
    """None for a shared block, else the slug of the publisher whose local block it is."""
    based_on: str | None = None
    warnings: tuple[Problem, ...] = ()
    """What its front matter holds that is read, but most likely not as meant (a lone quotation mark)."""


def load_block(path: Path, owner: str | None = None) -> ContentBlock:
    """Load one Markdown content block and its front matter."""
    split = split_front_matter(path)
    front: BlockFrontMatter = validate(split.front_matter, BlockFrontMatter)
    return ContentBlock(
        id=path.stem,
        title=front.title,
        body=split.body,
        path=path,
        body_line=split.body_line,
        owner=owner,
        based_on=front.based_on,
        warnings=split.front_matter.warnings,
    )


def load_blocks(folder: Path, owner: str | None, project: Project, problems: list[Problem]) -> dict[str, ContentBlock]:
    blocks: dict[str, ContentBlock] = {}
    if not folder.is_dir():
        return blocks
    for path in sorted(folder.iterdir()):
        if path.suffix != ".md":
            continue
        if not project.contains(path):
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "this block is a link to a file outside the repository, or to nothing: copy the file in instead",
                )
            )
            continue
        if not re.fullmatch(BLOCK_ID, path.stem):
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f"'{path.name}' is not a usable block name: "
                    + (
                        invisible_in(path.stem, fix="rename the file, typing its name again")
                        or "use lower-case letters, digits and hyphens, like 'what-is-sen-support.md'"
                    ),
                )
            )
            continue
        try:
            blocks[path.stem] = load_block(path, owner)
        except ContentError as exc:
            problems.extend(exc.problems)
    return blocks


def shared_text_hash(block: ContentBlock) -> str:
    """The short hash a local replacement records (`based_on`) for the shared text it was written from."""
    return hashlib.sha256(block.body.encode("utf-8")).hexdigest()[:12]
