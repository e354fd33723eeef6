"""Loading the inputs into validated, read-only values: the shared library, and each publisher.

Three kinds of input: shared content (`content/`: the Code of Practice data,
blocks and leaflets) and one YAML file per publisher (`authorities/`). Every
problem found is reported with its file and line; nothing half-valid comes out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import ContentError, Problem
from .authorities import RetiredCode, load_retired_codes
from .blocks import ContentBlock, load_blocks
from .files import read_text
from .load_support import validate
from .project import Project
from .rules import (
    leaflet_name_problems,
    leaflet_problems,
    local_block_problems,
    meant_id,
    misnamed_leaflet_files,
    misnamed_publisher_files,
    placeholder_problems,
    publisher_file_problems,
    publisher_name_problems,
    publisher_problems,
)
from .schema import CodeOfPractice, Glossary, Leaflet, Publisher, Publishing
from .yaml_source import YamlDocument, load_yaml


@dataclass(frozen=True)
class Library:
    """Everything shared: the Code of Practice data, shared blocks and leaflets."""

    code: CodeOfPractice
    blocks: dict[str, ContentBlock]
    leaflets: dict[str, Leaflet]
    local_authorities: dict[str, str]
    """GSS code to name, for the English local authorities with SEND duties."""
    retired_authorities: dict[str, RetiredCode] = field(default_factory=dict)
    """GSS codes reorganisation retired, with what replaced them."""
    publishing: Publishing = field(default_factory=Publishing)
    publishing_document: YamlDocument | None = None
    """content/publishing.yml, where there is one (for the lines of its warnings)."""
    glossary: Glossary = field(default_factory=Glossary)
    """content/glossary.yml's abbreviations, where there is one."""
    warnings: tuple[Problem, ...] = ()
    """What the shared YAML files hold that is read, but most likely not as meant (a lone quotation mark)."""
    broken_blocks: frozenset[str] = frozenset()
    """Only in a library loaded in part, for `check` (`load_library_in_part`): the shared blocks that could not be
    read, each kept with no text, so that naming one is not a publisher's mistake."""
    broken_leaflets: frozenset[str] = frozenset()
    """Only in a library loaded in part: the shared leaflets that could not be read or have errors."""
    broken_settings: bool = False
    """Only in a library loaded in part: content/publishing.yml or content/glossary.yml has errors, and every
    leaflet uses them."""

    @property
    def whole(self) -> bool:
        """True when nothing of the shared content is left out: only then may it be built from."""
        return not (self.broken_blocks or self.broken_leaflets or self.broken_settings)

    def site_address(self, publisher: Publisher) -> str | None:
        """Where `publisher`'s site is published: its own `site_url`, or the project's sites address and its slug."""
        if publisher.site_url:
            return publisher.site_url
        if self.publishing.sites_address:
            return f"{self.publishing.sites_address}{publisher.slug}/"
        return None


@dataclass(frozen=True)
class PublisherInputs:
    """One publisher's inputs, validated: its YAML (as a `Publisher`), its local blocks, and where each came from."""

    publisher: Publisher
    path: Path
    local_blocks: dict[str, ContentBlock]
    document: YamlDocument
    logo_file: Path | None = None
    """The logo's file, checked to be a PNG or JPEG picture inside the repository."""
    own_leaflets: dict[str, Leaflet] = field(default_factory=dict)
    """Leaflets of this publisher's own (authorities/<slug>/leaflets/), by id."""

    def leaflet(self, library: Library, leaflet_id: str) -> Leaflet:
        """The leaflet `leaflet_id` as this publisher sees it: one of its own, or the shared one."""
        return self.own_leaflets.get(leaflet_id) or library.leaflets[leaflet_id]


def load_code_of_practice(project: Project) -> CodeOfPractice:
    result: CodeOfPractice = validate(load_yaml(project.code_of_practice_file), CodeOfPractice)
    return result


def load_local_authorities(project: Project) -> dict[str, str]:
    """GSS code to name, from content/local-authorities.csv (columns `code` and `name`)."""
    path = project.content_dir / "local-authorities.csv"
    rows = csv.DictReader(io.StringIO(read_text(path), newline=""))
    if not {"code", "name"} <= set(rows.fieldnames or ()):
        message = "the first line must name the columns, including code and name (code,name,...)"
        raise ContentError([Problem(path, 1, 1, message)])
    authorities = {}
    for row in rows:
        if not row.get("code") or not row.get("name"):
            message = "each local authority needs its GSS code and its name"
            raise ContentError([Problem(path, rows.line_num, 1, message)])
        authorities[row["code"]] = row["name"]
    return authorities


def load_library(project: Project) -> Library:
    """Load and validate all shared content, raising `ContentError` with every problem."""
    library, problems = load_library_in_part(project)
    if problems or library is None:
        raise ContentError(problems, project.root)
    return library


def load_library_in_part(project: Project) -> tuple[Library | None, list[Problem]]:
    """All shared content, with every problem; what could not be read is left out and named in the library's
    `broken_*` fields, so that `check` can still check the publishers that do not use it.

    The library is None when what every publisher needs (the Code of Practice data, the local authorities)
    cannot be read.
    """
    problems: list[Problem] = []
    code: CodeOfPractice | None = None
    try:
        code = load_code_of_practice(project)
    except ContentError as exc:
        problems.extend(exc.problems)
    blocks = load_blocks(project.blocks_dir, None, project, problems)
    # A block that could not be read is reported once, not again wherever it is used; one whose file is misnamed
    # (What Is SEN.md) under the name it was meant to have, which a leaflet or a publisher names.
    broken_blocks = {
        meant_id(p.path.stem): ContentBlock(meant_id(p.path.stem), "", "", p.path, 1)
        for p in problems
        if p.path.parent == project.blocks_dir
    }
    leaflets: dict[str, Leaflet] = {}
    broken_leaflets: set[str] = set()
    warnings: list[Problem] = []
    for document, leaflet in _read_leaflets(project.leaflets_dir, problems, broken_leaflets):
        warnings.extend(document.warnings)
        unreadable = {p.path.stem: ContentBlock(p.path.stem, "", "", p.path, 1) for p in problems}
        found = leaflet_problems(document, leaflet, {**unreadable, **broken_blocks, **blocks})
        if any(p.severity == "error" for p in found):
            broken_leaflets.add(leaflet.id)
        problems.extend(found)
        leaflets[leaflet.id] = leaflet
    # A misnamed leaflet file (SEN support.yml, sen-support.yaml) is named by the publishers under its meant name.
    broken_leaflets = {meant_id(name) for name in broken_leaflets} | misnamed_leaflet_files(project)
    settings = len(problems)
    publishing, publishing_document = Publishing(), None
    if project.publishing_file.exists():
        try:
            publishing_document = load_yaml(project.publishing_file)
            publishing = validate(publishing_document, Publishing)
        except ContentError as exc:
            problems.extend(exc.problems)
    glossary = Glossary()
    if project.glossary_file.exists():
        try:
            glossary = validate(load_yaml(project.glossary_file), Glossary)
        except ContentError as exc:
            problems.extend(exc.problems)
    try:
        live = load_local_authorities(project)
        retired = load_retired_codes(project, live)
    except ContentError as exc:
        return None, problems + exc.problems
    if code is None:
        return None, problems
    unread_blocks = broken_blocks.keys() - blocks.keys()
    library = Library(
        code,
        {**{name: broken_blocks[name] for name in unread_blocks}, **blocks},
        leaflets,
        live,
        publishing=publishing,
        publishing_document=publishing_document,
        retired_authorities=retired,
        glossary=glossary,
        warnings=tuple(warnings),
        broken_blocks=frozenset(unread_blocks),
        broken_leaflets=frozenset(broken_leaflets),
        broken_settings=len(problems) > settings,
    )
    return library, problems


def list_slugs(project: Project) -> list[str]:
    """The slugs of every publisher, from the YAML files in `authorities/`, and from files meant as one
    but misnamed (kent.yml.txt): such a publisher is still there, and fails with the reason."""
    # Hidden files (.kent.yml, Emacs's .#kent.yml) are an editor's, not publishers.
    named = {path.stem for path in project.authorities_dir.glob("*.yml") if not path.name.startswith(".")}
    return sorted(named | set(misnamed_publisher_files(project)))


def unread_publisher_files(project: Project) -> dict[str, Problem]:
    """Of the slugs `list_slugs` gives, those whose file is not read as a publisher's, each with why: misnamed
    (kent.yml.txt, kent.yaml), or named so that no address can use it ('Kent copy.yml')."""
    misnamed = misnamed_publisher_files(project)
    unread = {}
    for slug in list_slugs(project):
        problem = misnamed.get(slug) or next(iter(publisher_name_problems(project.authority_file(slug), slug)), None)
        if problem is not None:
            unread[slug] = problem
    return unread


def load_publisher(project: Project, slug: str, library: Library) -> PublisherInputs:
    """Load and validate one publisher's YAML and local blocks against the shared library."""
    path = project.authority_file(slug)
    document, publisher, placeholders = read_publisher(project, slug)
    problems: list[Problem] = list(placeholders)
    local_blocks = load_blocks(project.local_blocks_dir(slug), slug, project, problems)
    problems.extend(local_block_problems(local_blocks, library.blocks))
    if len(problems) > len(placeholders):
        # A block that could not be read is reported once, not again wherever it is used.
        raise ContentError(problems, project.root)
    own_leaflets = _own_leaflets(project, slug, library, local_blocks, problems)
    # An own leaflet whose file has mistakes is reported there, not again as unknown where it is listed.
    unread = {path.stem for path in project.own_leaflets_dir(slug).glob("*.yml")} - own_leaflets.keys()
    unread |= library.broken_leaflets - own_leaflets.keys()  # a shared leaflet's errors are said in its file
    problems.extend(publisher_problems(document, publisher, library, local_blocks, project, own_leaflets, unread))
    if problems:
        raise ContentError(problems, project.root)
    logo = publisher.branding.logo
    logo_file = project.root / logo.path if logo else None
    return PublisherInputs(publisher, path, local_blocks, document, logo_file, own_leaflets)


def read_publisher(project: Project, slug: str) -> tuple[YamlDocument, Publisher, list[Problem]]:
    """One publisher's YAML, read and checked against the schema alone (no shared content needed), with the
    placeholders `sen-leaflets new` left in it; raises `ContentError` if it cannot be read or is not valid."""
    path = project.authority_file(slug)
    if not path.exists() and slug in (misnamed := misnamed_publisher_files(project)):
        raise ContentError([misnamed[slug]])
    named = publisher_name_problems(path, slug)
    if named:
        raise ContentError(named)
    if clash := publisher_file_problems(project, slug):
        raise ContentError(clash)
    if not path.exists():
        raise ContentError(
            [Problem(path, 1, 1, f"there is no publisher '{slug}': run 'sen-leaflets list' to see the publishers")]
        )
    document = load_yaml(path)
    # Placeholders left from `sen-leaflets new` are named as such, in place of what the schema says of them.
    placeholders = placeholder_problems(document)
    try:
        publisher: Publisher = validate(document, Publisher, {"slug": slug})
    except ContentError as exc:
        if not placeholders:
            raise
        marked = {(p.line, p.column) for p in placeholders}
        others = [p for p in exc.problems if (p.line, p.column) not in marked]
        raise ContentError(sorted([*placeholders, *others], key=lambda p: (p.line, p.column))) from None
    return document, publisher, placeholders


def _read_leaflets(
    folder: Path, problems: list[Problem], unread: set[str] | None = None
) -> Iterator[tuple[YamlDocument, Leaflet]]:
    """Each well-named leaflet file in `folder` that reads and validates; the others' problems go to `problems`, and
    their names to `unread`."""
    for path in sorted(folder.glob("*.yml")):
        if named := leaflet_name_problems(path):
            problems.extend(named)
            if unread is not None:
                unread.add(path.stem)
            continue
        try:
            document = load_yaml(path)
            leaflet: Leaflet = validate(document, Leaflet, {"id": path.stem})
        except ContentError as exc:
            problems.extend(exc.problems)
            if unread is not None:
                unread.add(path.stem)
            continue
        yield document, leaflet


def _own_leaflets(
    project: Project, slug: str, library: Library, local_blocks: dict[str, ContentBlock], problems: list[Problem]
) -> dict[str, Leaflet]:
    """The publisher's own leaflets (authorities/<slug>/leaflets/<id>.yml), checked as shared ones are."""
    own: dict[str, Leaflet] = {}
    for document, leaflet in _read_leaflets(project.own_leaflets_dir(slug), problems):
        if leaflet.id in library.leaflets:
            message = (
                f"there is already a shared leaflet '{leaflet.id}' (content/leaflets/{leaflet.id}.yml): give this "
                "one another file name, or change the shared one under leaflets: in the publisher's file"
            )
            problems.append(document.problem((), message))
            continue
        everything = {**library.blocks, **local_blocks}
        problems.extend(leaflet_problems(document, leaflet, everything, slug, project.authorities_dir))
        own[leaflet.id] = leaflet
    return own
