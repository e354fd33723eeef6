"""Compose a publisher's leaflet from shared and local blocks. Pure: no files written, no MkDocs."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Authority, CodeOfPractice, ContentBlock, Leaflet, LeafletChanges, Library, Publisher, Section
from .problems import ContentError, Problem
from .quotation import find_citations, unclosed_quotation
from .templating import block_context, make_environment, render_block

CONTACT_PANEL = "contact-panel"
"""The shared block with the publisher's contact details (also on the site's home page)."""


@dataclass(frozen=True)
class ComposedBlock:
    id: str
    title: str
    owner: str | None
    markdown: str


@dataclass(frozen=True)
class ComposedSection:
    id: str
    title: str
    blocks: tuple[ComposedBlock, ...]

    @property
    def markdown(self) -> str:
        """The section's blocks as one Markdown text.

        A block that starts with a list item right after a block that ends with
        one continues the same list, so a shared list can be split into blocks
        that publishers leave out one by one.
        """
        text = ""
        for block in self.blocks:
            body = block.markdown.strip("\n")
            if not body:
                continue
            if text and _ends_with_item(text) and _starts_with_item(body):
                text += "\n" + body
            elif text:
                text += "\n\n" + body
            else:
                text = body
        return text + "\n"


@dataclass(frozen=True)
class ComposedLeaflet:
    """One publisher's leaflet, ready for any renderer (site or print)."""

    id: str
    title: str
    summary: str
    authority: Authority
    code: CodeOfPractice
    sections: tuple[ComposedSection, ...]
    cover_contact: str = ""
    """Markdown of the contact panel for the printed cover, when the publisher asks for one there."""


def _ends_with_item(text: str) -> bool:
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    return last.startswith(("- ", "* ", "1. "))


def _starts_with_item(text: str) -> bool:
    return text.startswith(("- ", "* "))


def block_order(leaflet: Leaflet, changes: LeafletChanges) -> list[Section]:
    """Apply a publisher's changes (leave out, replace, add before/after) to a leaflet's order."""
    sections = changes.sections if changes.sections is not None else leaflet.sections
    result: list[tuple[Section, list[str]]] = []
    for section in sections:
        ids: list[str] = []
        for block_id in section.blocks:
            if block_id in changes.leave_out:
                continue
            ids.append(changes.replace.get(block_id, block_id))
        result.append((section, ids))
    replaced_by = dict(changes.replace)
    for anchors, after in ((changes.add_before, False), (changes.add_after, True)):
        for anchor, added in anchors.items():
            target = replaced_by.get(anchor, anchor)
            for _, ids in result:
                if target in ids:
                    at = ids.index(target) + (1 if after else 0)
                    ids[at:at] = list(added)
                    break
    return [Section(id=section.id, title=section.title, blocks=tuple(ids)) for section, ids in result if ids]


def compose_leaflet(library: Library, publisher: Publisher, leaflet_id: str) -> ComposedLeaflet:
    """Render every block of one leaflet for one publisher, in the publisher's order."""
    authority = publisher.authority
    leaflet = library.leaflets[leaflet_id]
    changes = authority.leaflets[leaflet_id]
    blocks: dict[str, ContentBlock] = {**library.blocks, **publisher.local_blocks}
    env = make_environment(blocks)
    context = block_context(authority, library.code)
    problems: list[Problem] = []
    sections = []
    seen: set[str] = set()
    order = block_order(leaflet, changes)
    placed = {b for s in order for b in s.blocks}
    for key in ("add_after", "add_before"):
        for anchor in getattr(changes, key):
            if changes.replace.get(anchor, anchor) not in placed:
                problems.append(
                    publisher.document.problem(
                        ("leaflets", leaflet_id, key, anchor),
                        f"'{anchor}' is not in this publisher's '{leaflet_id}' leaflet (left out?), "
                        "so nothing can be added next to it",
                    )
                )
    for section in order:
        composed = []
        for block_id in section.blocks:
            block = blocks[block_id]
            if block_id in seen:
                problems.append(
                    publisher.document.problem(
                        ("leaflets", leaflet_id),
                        f"block '{block_id}' appears twice in the '{leaflet_id}' leaflet: leave it out in one place",
                    )
                )
                continue
            seen.add(block_id)
            problems.extend(_check_quotations(block, library.code))
            try:
                markdown = render_block(env, block, context)
            except ContentError as exc:
                problems.extend(exc.problems)
                continue
            composed.append(ComposedBlock(block.id, block.title, block.owner, markdown))
        sections.append(ComposedSection(section.id, section.title, tuple(composed)))
    cover_contact = ""
    if changes.contact_on_cover:
        panel_id = changes.replace.get(CONTACT_PANEL, CONTACT_PANEL)
        if panel_id not in blocks:
            problems.append(
                publisher.document.problem(
                    ("leaflets", leaflet_id, "contact_on_cover"),
                    f"there is no '{CONTACT_PANEL}' block to put on the cover",
                )
            )
        else:
            try:
                cover_contact = render_block(env, blocks[panel_id], context)
            except ContentError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return ComposedLeaflet(
        cover_contact=cover_contact,
        id=leaflet_id,
        title=changes.title or leaflet.title,
        summary=changes.summary if changes.summary is not None else leaflet.summary,
        authority=authority,
        code=library.code,
        sections=tuple(sections),
    )


def _check_quotations(block: ContentBlock, code: CodeOfPractice) -> list[Problem]:
    problems = []
    for index, paragraph in find_citations(block.body):
        if paragraph not in code.paragraphs:
            problems.append(
                Problem(
                    block.path,
                    block.body_line + index,
                    1,
                    f"paragraph '{paragraph}' of the Code of Practice is not in content/code-of-practice.yml: "
                    "check the number, or add it to 'paragraphs' there",
                )
            )
    open_at = unclosed_quotation(block.body)
    if open_at is not None:
        problems.append(
            Problem(
                block.path,
                block.body_line + open_at,
                1,
                "this quotation is not closed: add a line ':::' after the quoted text",
            )
        )
    return problems


def compose_publisher(library: Library, publisher: Publisher) -> list[ComposedLeaflet]:
    """Every leaflet a publisher publishes, composed; all problems reported together."""
    leaflets, problems = [], []
    for leaflet_id in publisher.authority.leaflets:
        try:
            leaflets.append(compose_leaflet(library, publisher, leaflet_id))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return leaflets
