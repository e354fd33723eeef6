"""Compose a publisher's leaflet from shared and local blocks. Pure: no files written, no MkDocs.

A composed leaflet's sections are sanitised HTML: whatever the site and the PDFs
show has passed the allow-list in `sanitise`, and whatever it refused is
reported at the block and line it came from.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache, partial

from ..inputs.blocks import CONTACT_PANEL, ContentBlock
from ..inputs.characters import CONTROL, REPLACEMENT_CHARACTER
from ..inputs.fields import has_words
from ..inputs.font import missing_from_font, not_in_font_message
from ..inputs.load import Library, PublisherInputs
from ..inputs.schema import CodeOfPractice, Leaflet, LeafletChanges, Publisher, Section
from ..problems import ContentError, Problem, Severity
from .code_links import superseded_code_links
from .contact import ContactView, as_contact_panel, contact_view, panel_block_for
from .html_tree import parse_fragment, text_of
from .markdown import NESTED_TOO_DEEPLY, Heading, size_refusal, to_safe_html, unclosed_markup
from .quotation import find_citations, unclosed_quotation
from .sanitise import SCHEME as _SCHEME
from .sanitise import Refusal, url_without_disguise
from .templating import (
    BlockEnvironment,
    block_context,
    escape_text,
    make_environment,
    named_includes,
    publisher_budget,
    publisher_budget_spent,
    render_block,
)


@dataclass(frozen=True)
class ComposedBlock:
    id: str
    title: str
    owner: str | None
    markdown: str
    """The block's Markdown with the publisher's facts filled in."""
    source: ContentBlock


@dataclass(frozen=True)
class ComposedSection:
    id: str
    title: str
    blocks: tuple[ComposedBlock, ...]
    html: str = ""
    """The section as sanitised HTML, its title as the first (level 1) heading."""
    headings: tuple[Heading, ...] = ()

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
    audience: str
    """Who the leaflet is for, for its printed cover."""
    publisher: Publisher
    code: CodeOfPractice
    sections: tuple[ComposedSection, ...]
    contact: ContactView
    """How to reach the publisher, with the contact panel this leaflet uses."""
    cover_contact: str = ""
    """Sanitised HTML of the contact panel for the printed cover, when the publisher asks for one there."""
    site_address: str | None = None
    """Where the publisher's site is published (its own `site_url`, or the project's sites address), if known."""
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    """What composing found but worked round: HTML the sanitiser took out, insecure links.

    Errors among them stop a build, as any content error does; the leaflet is still
    whole, and safe, so that the sanitiser itself can be tested on it."""

    @property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(section.id for section in self.sections)


def _ends_with_item(text: str) -> bool:
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    return last.startswith(("- ", "* ", "1. "))


def _starts_with_item(text: str) -> bool:
    return text.startswith(("- ", "* "))


def _placed(sections: list[Section], section: Section, after: str | None, before: str | None) -> list[Section]:
    """`sections` with `section` put after (or before) the section of that id, or at the end."""
    ids = [s.id for s in sections]
    if after in ids:
        at = ids.index(after) + 1
    elif before in ids:
        at = ids.index(before)
    else:
        at = len(sections)  # a missing anchor is an error `check` reports (rules.py); the build never gets here
    return [*sections[:at], section, *sections[at:]]


def section_order(leaflet: Leaflet, changes: LeafletChanges) -> list[Section]:
    """The publisher's sections of a leaflet: its own order or the shared one, then sections left out,
    retitled, added and moved. Every section it did not change is the shared one, so it keeps receiving
    shared changes."""
    sections = list(changes.sections if changes.sections is not None else leaflet.sections)
    sections = [s for s in sections if s.id not in changes.leave_out_sections]
    sections = [
        Section(id=s.id, title=changes.section_titles[s.id], blocks=s.blocks) if s.id in changes.section_titles else s
        for s in sections
    ]
    # Shared sections move first, so that a section added "after: X" goes after X where X now is; a
    # move of (or next to) an added section waits until the sections are added.
    waiting = dict(changes.move_sections)

    def move(sections: list[Section]) -> list[Section]:
        for section_id, place in list(waiting.items()):
            moving = next((s for s in sections if s.id == section_id), None)
            anchor = place.after or place.before
            if moving is not None and any(s.id == anchor for s in sections):
                sections = _placed([s for s in sections if s is not moving], moving, place.after, place.before)
                del waiting[section_id]
        return sections

    sections = move(sections)
    for added in changes.add_sections:
        own = Section(id=added.id, title=added.title, blocks=added.blocks)
        sections = _placed(sections, own, added.after, added.before)
    return move(sections)


def block_order(leaflet: Leaflet, changes: LeafletChanges) -> list[Section]:
    """Apply a publisher's changes (sections, then leave out, replace, add before/after) to a leaflet's order."""
    sections = section_order(leaflet, changes)
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


def compose_leaflet(library: Library, inputs: PublisherInputs, leaflet_id: str) -> ComposedLeaflet:
    """Render every block of one leaflet for one publisher, in the publisher's order, as sanitised HTML."""
    publisher = inputs.publisher
    leaflet = inputs.leaflet(library, leaflet_id)
    changes = publisher.leaflets[leaflet_id]
    blocks: dict[str, ContentBlock] = {**library.blocks, **inputs.local_blocks}
    env = make_environment(blocks)
    context = block_context(publisher, library.code)
    problems: list[Problem] = []
    order = block_order(leaflet, changes)
    if not order:
        # A leaflet with nothing in it has no first page: the site and every edition would be empty.
        key = next((k for k in ("leave_out", "leave_out_sections") if getattr(changes, k)), None)
        problems.append(
            inputs.document.problem(
                ("leaflets", leaflet_id, key) if key else ("leaflets", leaflet_id),
                f"this publisher leaves out every section of the '{leaflet_id}' leaflet, so nothing is left "
                "to publish: keep at least one section",
            )
        )
    placed = {b for s in order for b in s.blocks}
    for key in ("add_after", "add_before"):
        for anchor in getattr(changes, key):
            if changes.replace.get(anchor, anchor) not in placed:
                problems.append(
                    inputs.document.problem(
                        ("leaflets", leaflet_id, key, anchor),
                        f"'{anchor}' is not in this publisher's '{leaflet_id}' leaflet (left out?), "
                        "so nothing can be added next to it",
                    )
                )
    refused: list[Problem] = []
    panel_id = panel_block_for(publisher, leaflet_id)
    sections = _compose_sections(
        order, blocks, env, context, library.code, inputs, leaflet_id, panel_id, problems, refused
    )
    contact: ContactView | None = None
    if panel_id not in blocks:
        message = f"there is no '{CONTACT_PANEL}' block for the contact details"
        problems.append(inputs.document.problem(("leaflets", leaflet_id), message))
    else:
        try:
            contact, panel_refused = contact_view(publisher, library.code, env, blocks, panel_id)
        except ContentError as exc:
            problems.extend(exc.problems)
        else:
            refused.extend(locate_refusals(panel_refused, [blocks[panel_id]], blocks.values()))
            printed = partial(_printed_values, publisher, library.code)
            if panel_id not in placed and changes.contact_on_cover:
                # Left out of the leaflet's sections, but printed on its cover: its characters are looked at there.
                missing = missing_from_font(text_of(parse_fragment(contact.panel_html)))
                made = [(blocks[panel_id], contact.panel_html)]
                refused.extend(not_in_font(missing, [blocks[panel_id]], blocks.values(), made, printed))
            if panel_id not in placed and sections:
                # Left out of the leaflet's sections, the panel is still on the home page and the cover:
                # its links are checked here, as a section's are.
                panel = [blocks[panel_id]]
                refused.extend(_check_links(contact.panel_html, sections[0].id, _targets(sections), panel, leaflet_id))
                stale = superseded_code_links(contact.panel_html, library.code)
                refused.extend(locate_refusals(stale, panel, blocks.values()))
    refused.extend(_size_problems(sections, inputs, leaflet_id))
    if problems or contact is None:
        raise ContentError(problems + refused)
    return ComposedLeaflet(
        contact=contact,
        cover_contact=contact.panel_html if changes.contact_on_cover else "",
        id=leaflet_id,
        title=changes.title or leaflet.title,
        summary=changes.summary if changes.summary is not None else leaflet.summary,
        audience=leaflet.audience,
        publisher=publisher,
        code=library.code,
        sections=tuple(sections),
        problems=tuple(refused),
        site_address=library.site_address(publisher),
    )


def _compose_sections(
    order: list[Section],
    blocks: dict[str, ContentBlock],
    env: BlockEnvironment,
    context: dict[str, object],
    code: CodeOfPractice,
    inputs: PublisherInputs,
    leaflet_id: str,
    panel_id: str,
    problems: list[Problem],
    refused: list[Problem],
) -> list[ComposedSection]:
    sections: list[ComposedSection] = []
    seen: set[str] = set()
    markdown_read = 0
    printed = partial(_printed_values, inputs.publisher, code)
    for section in order:
        composed = []
        for block_id in section.blocks:
            block = blocks[block_id]
            if block_id in seen:
                problems.append(
                    inputs.document.problem(
                        ("leaflets", leaflet_id),
                        f"block '{block_id}' appears twice in the '{leaflet_id}' leaflet: leave it out in one place",
                    )
                )
                continue
            seen.add(block_id)
            problems.extend(_check_quotations(block, code))
            try:
                markdown = render_block(env, block, context)
                reaching_past = unclosed_markup(markdown, code)
                if reaching_past and not any(r.severity == "error" for r in to_safe_html(markdown, code).refused):
                    # (Markup the sanitiser refuses is named in its words instead, and is taken out.)
                    problems.extend(Problem(block.path, block.body_line + line, 1, why) for line, why in reaching_past)
                    continue  # left out, so that it hides or moves no other block
                if block_id == panel_id:
                    markdown = as_contact_panel(markdown)
            except ContentError as exc:
                if publisher_budget_spent():
                    raise ContentError(problems + exc.problems) from None  # the rest would only say it again
                problems.extend(exc.problems)
                continue
            markdown_read += len(markdown)
            publisher_read = _PUBLISHER_MARKDOWN.get()
            if publisher_read is not None:
                publisher_read[0] += len(markdown)
            # Before the sections are read as Markdown, which takes time in proportion to their size.
            if markdown_read > MAX_LEAFLET_MARKDOWN:
                message = (
                    f"the blocks of the '{leaflet_id}' leaflet hold more than {MAX_LEAFLET_MARKDOWN:,} characters "
                    f"(reached at '{block_id}'), far more than a leaflet needs: leave out blocks, or shorten them"
                )
                raise ContentError([*problems, inputs.document.problem(("leaflets", leaflet_id), message)])
            if publisher_read is not None and publisher_read[0] > MAX_PUBLISHER_MARKDOWN:
                message = (
                    f"the blocks of this publisher's leaflets hold more than {MAX_PUBLISHER_MARKDOWN:,} characters "
                    f"together (reached at '{block_id}' in '{leaflet_id}'), far more than its leaflets need: "
                    "leave out leaflets or blocks, or shorten them"
                )
                raise ContentError([*problems, inputs.document.problem(("leaflets",), message)])
            composed.append(ComposedBlock(block.id, block.title, block.owner, markdown, block))
        heading = f"# {escape_text(section.title)}\n\n"
        page = to_safe_html(heading + ComposedSection(section.id, section.title, tuple(composed)).markdown, code)
        if page.too_big:
            composed = _without_the_biggest(composed, code, refused)
            page = to_safe_html(heading + ComposedSection(section.id, section.title, tuple(composed)).markdown, code)
        sources = [b.source for b in composed]
        deep = [refusal for refusal in page.refused if refusal.message == NESTED_TOO_DEEPLY]
        if deep:
            # Its words (the innermost item's) may be any block's too: the block nested too deeply read alone is
            # the one to name.
            alone = [
                b.source
                for b in composed
                if any(r.message == NESTED_TOO_DEEPLY for r in to_safe_html(b.markdown, code).refused)
            ]
            refused.extend(
                locate_refusals(deep, alone, ()) if alone else locate_refusals(deep, sources, blocks.values())
            )
        others = [refusal for refusal in page.refused if refusal.message != NESTED_TOO_DEEPLY]
        refused.extend(locate_refusals(others, sources, blocks.values()))
        refused.extend(_second_main_headings(page.headings, sources, blocks.values()))
        made = [(b.source, b.markdown) for b in composed]
        refused.extend(not_in_font(page.not_in_font, sources, blocks.values(), made, printed))
        sections.append(ComposedSection(section.id, section.title, tuple(composed), page.html, page.headings))
    targets = _targets(sections)
    for done in sections:
        sources = [block.source for block in done.blocks]
        refused.extend(_check_links(done.html, done.id, targets, sources, leaflet_id))
        refused.extend(locate_refusals(superseded_code_links(done.html, code), sources, blocks.values()))
    return sections


def _second_main_headings(
    headings: Sequence[Heading], blocks: Sequence[ContentBlock], others: Iterable[ContentBlock]
) -> list[Problem]:
    """A warning for each main (level 1) heading of a section's page after its title, which is the page's one main
    heading: a block's `# Local help` would be a second, shown on the site and printed in the PDF as large as it.
    Each is named at the line of `blocks` (else of the blocks they include) that starts one, in order; one that no
    line starts (made by a `{{ }}`) at the blocks' first template line.

    A warning, as for links shown as written: the page is still whole and readable (each output fits its headings'
    levels to its own outline), but it is not what the editor meant.
    """
    extra = [heading for heading in headings if heading.level == 1][1:]
    if not extra:
        return []
    lines = [place for tier in (blocks, included_by(blocks, others)) for place in _main_heading_lines(tier)]
    found = []
    for index, heading in enumerate(extra):
        block, line, column = lines[index] if index < len(lines) else _first_template_line(blocks)
        message = (
            f"'{heading.text}' would be a second main heading on the page: use ## for a heading inside a block, "
            "because the section's title is the page's main heading"
        )
        found.append(Problem(block.path, line, column, message, "warning"))
    return found


_MAIN_HEADING = re.compile(r"^ {0,3}(#)(?:[ \t]|$)|(<h1)\b", re.IGNORECASE)
_UNDERLINE = re.compile(r"^ {0,3}=+[ \t]*$")


def _main_heading_lines(blocks: Iterable[ContentBlock]) -> Iterator[tuple[ContentBlock, int, int]]:
    """Where each line of `blocks` starts a main heading: `# words`, `<h1>`, or words underlined with ===."""
    for block in blocks:
        lines = block.body.split("\n")
        for index, line in enumerate(lines):
            if found := _MAIN_HEADING.search(line):
                yield block, block.body_line + index, found.start(found.lastindex or 0) + 1
            elif _UNDERLINE.match(line) and index and lines[index - 1].strip():
                yield block, block.body_line + index - 1, 1


def _targets(sections: list[ComposedSection]) -> dict[str, set[str]]:
    """What a link within the leaflet may lead to: each section's id, with the ids of its headings."""
    return {done.id: {heading.id for heading in done.headings if heading.id} for done in sections}


MAX_LEAFLET_MARKDOWN = 150_000
"""Characters of Markdown a leaflet's blocks may hold, once their templates have run: three times the text a
leaflet may have (the longest real one has 12,000). Measured before any is read as Markdown, so that many blocks,
each within a block's limit, cannot together keep check busy for minutes."""
MAX_PUBLISHER_MARKDOWN = 500_000
"""Characters of Markdown all of a publisher's leaflets may hold together: forty leaflets as long as the longest
real one; twenty leaflets of the slowest Markdown, each within the leaflet's limit, had kept check busy for a
minute (this much of it takes about 15 s)."""
_PUBLISHER_MARKDOWN: ContextVar[list[int] | None] = ContextVar("sen_leaflets_publisher_markdown", default=None)
"""Characters of Markdown the publisher being composed has used so far, in all its leaflets."""
MAX_LEAFLET_TEXT = 50_000
"""Characters of text a leaflet may hold: the longest real one has 11,000 (50 large print pages would take 60,000)."""
MAX_LEAFLET_ELEMENTS = 1_000
"""Paragraphs, list items, links and the like: the busiest real leaflet has 175."""
MAX_LEAFLET_HEADINGS = 100
"""The most headings a leaflet may have: the most in a real one is 18."""


def _size_problems(sections: list[ComposedSection], inputs: PublisherInputs, leaflet_id: str) -> list[Problem]:
    """A leaflet small enough to print in seconds: limits on its text, its elements and its headings."""
    trees = [parse_fragment(section.html) for section in sections]
    measures = (
        (sum(len(text_of(tree)) for tree in trees), MAX_LEAFLET_TEXT, "characters of text"),
        (
            sum(sum(1 for _ in tree.iter()) - 1 for tree in trees),
            MAX_LEAFLET_ELEMENTS,
            "paragraphs, list items and links",
        ),
        (sum(len(section.headings) for section in sections), MAX_LEAFLET_HEADINGS, "headings"),
    )
    blocks = [block for section in sections for block in section.blocks]
    biggest = max(blocks, key=lambda block: len(block.markdown), default=None)
    # The block most of it comes from is named: an editor was sent to the YAML for a block too long.
    root = inputs.path.parent.parent
    most = (
        f" (the longest of its blocks is {biggest.source.path.relative_to(root).as_posix()}, with "
        f"{len(biggest.markdown):,} characters)"
        if biggest is not None and root in biggest.source.path.parents
        else ""
    )
    return [
        inputs.document.problem(
            ("leaflets", leaflet_id),
            f"the '{leaflet_id}' leaflet would hold {found:,} {what}, more than the {limit:,} a leaflet may have: "
            f"leave out blocks, or shorten them{most}",
        )
        for found, limit, what in measures
        if found > limit
    ]


def _without_the_biggest(
    composed: list[ComposedBlock], code: CodeOfPractice, refused: list[Problem]
) -> list[ComposedBlock]:
    """The section's blocks without those that make too much HTML to sanitise, each reported.

    Only asked when the section as a whole makes too much, so each block is measured on its own only then.
    """
    kept = []
    for block in composed:
        too_much = size_refusal(block.markdown, code)
        if too_much is None:
            kept.append(block)
        else:
            refused.append(Problem(block.source.path, block.source.body_line, 1, too_much.message))
    if size_refusal(ComposedSection("", "", tuple(kept)).markdown, code):
        # Several blocks, each within the limit, make too much together: the section is left empty.
        message = "the blocks of this section together make far more HTML than a leaflet needs: shorten them"
        refused.append(Problem(composed[0].source.path, composed[0].source.body_line, 1, message))
        return []
    return kept


def locate_refusals(
    refused: Iterable[Refusal], blocks: Sequence[ContentBlock], others: Iterable[ContentBlock] = ()
) -> list[Problem]:
    """Each refusal as a problem at the line of the block it most likely came from.

    The sanitiser judges HTML, which has no line numbers; the line is found by looking
    for what was refused (a tag, an attribute, an address) in the blocks' text, with
    character references decoded as a browser would. Failing that, the first block's
    first line is named.
    """
    found: list[Problem] = []
    rest = included_by(blocks, others)
    seen: dict[tuple[tuple[str, ...], str], int] = {}
    places: dict[tuple[int, str], list[tuple[ContentBlock, int, int]]] = {}
    refusals = list(refused)
    for refusal in refusals[:MAX_REPORTED]:
        key = (refusal.needles, refusal.message)
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        matches: list[tuple[ContentBlock, int, int]] = []
        # Every form of what was refused is looked for in the section's own blocks before any in the blocks they
        # include: an <img> written in an included block must not hide the ![...] of the block that has it.
        for among, searched in enumerate((blocks, rest)):
            for needle in refusal.needles:
                if (among, needle) not in places:
                    places[among, needle] = list(_where(needle, searched))  # each needle looked for once
                matches = places[among, needle]
                if matches:
                    break
            if matches:
                break
        if matches:
            block, line, column = matches[min(nth, len(matches) - 1)]
        elif refusal.severity == "warning":
            continue  # not in any block's text: it came from YAML, where `check` reports it (at its key)
        elif found:
            # Not written in any block (an element the HTML parser added): beside the one before it.
            block, line, column = _block_of(found[-1], [*blocks, *rest]), found[-1].line, found[-1].column
        elif blocks:
            # Not written in any block: most likely printed by one of its {{ ... }} or {% ... %}.
            block, line, column = _first_template_line(blocks, in_address="href" in refusal.needles)
        else:
            continue
        severity: Severity = "warning" if refusal.severity == "warning" else "error"
        found.append(Problem(block.path, line, column, refusal.message, severity))
    more = [refusal for refusal in refusals[MAX_REPORTED:] if refusal.severity == "error"]
    if more and found:
        message = f"and {len(more):,} more things here that cannot be published, like those above: remove them"
        found.append(Problem(found[-1].path, found[-1].line, found[-1].column, message))
    return found


def included_by(blocks: Sequence[ContentBlock], others: Iterable[ContentBlock]) -> list[ContentBlock]:
    """The blocks of `others` that `blocks` include, directly or through one another, each once: what else their
    text is made of (where else a refusal's text may be written, what else a publisher's build depends on). A block
    no one includes never is, even if it holds the same words."""
    by_id = {block.id: block for block in others}
    own = {block.id for block in blocks}
    waiting, included = list(blocks), dict[str, ContentBlock]()
    while waiting:
        for name, _, _ in named_includes(waiting.pop().body):
            if name is not None and name in by_id and name not in own and name not in included:
                included[name] = by_id[name]
                waiting.append(by_id[name])
    return list(included.values())


def not_in_font(
    missing: frozenset[str],
    blocks: Sequence[ContentBlock],
    others: Iterable[ContentBlock],
    made: Sequence[tuple[ContentBlock, str]] = (),
    printed_values: Callable[[], str] = lambda: "",
) -> list[Problem]:
    """A warning at each line of `blocks` (else of the blocks of `others` they include) that holds any of `missing`, the
    characters of their published text that the leaflets' font does not have: the first named, the rest counted.

    A character in none of them was printed from a YAML value, where `check` names it (`inputs.yaml_source`), or made
    by a template (`{{ "\u2713" }}`): one in none of `printed_values()` either is named at the first `{{ }}` or
    `{% %}` of the block of `made` (each block with the text it made) whose text holds it.
    """
    found: list[Problem] = []
    left = set(missing)
    tiers = (blocks, included_by(blocks, others)) if left else ()
    for tier in tiers:
        seen: set[str] = set()
        for block in tier:
            for index, line in enumerate(block.body.split("\n")):
                here = [character for character in _decoded(line) if character in left]
                if not here:
                    continue
                column = _first_column(line, here[0])
                message = not_in_font_message(here)
                found.append(Problem(block.path, block.body_line + index, column, message, "warning"))
                seen.update(here)
        left -= seen
        if not left:
            break
    if left:
        found.extend(_made_by_templates(left - set(printed_values()), made))
    return found


def _printed_values(publisher: Publisher, code: CodeOfPractice) -> str:
    """Every text of the publisher's YAML and of the Code of Practice's that a block may print, one to a line: where
    `check` names a character the font lacks, at its line (`inputs.yaml_source`)."""

    def texts(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from texts(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from texts(item)

    return "\n".join([*texts(publisher.model_dump()), *texts(code.model_dump())])


_TEMPLATE_TAG = re.compile(r"\{[{%]")
_JINJA_NOTE = re.compile(r"\{#.*?#\}", re.DOTALL)


def _made_by_templates(left: set[str], made: Sequence[tuple[ContentBlock, str]]) -> list[Problem]:
    """A warning at the first template tag of each block of `made` whose text holds characters of `left`, which no
    line of a block or YAML value holds: its `{{ }}` or `{% %}` made them."""
    found: list[Problem] = []
    for block, text in made:
        here = [character for character in text if character in left]
        if not here:
            continue
        _, line, column = _first_template_line([block])
        message = not_in_font_message(here, "the text this block's {{ }} or {% %} prints")
        found.append(Problem(block.path, line, column, message, "warning"))
        left -= set(here)
    return found


def _block_of(problem: Problem, blocks: Sequence[ContentBlock]) -> ContentBlock:
    return next(block for block in blocks if block.path == problem.path)


MAX_REPORTED = 25
"""Refusals reported one by one for a section; the rest are counted, so that a report stays readable."""


def _first_template_line(blocks: Sequence[ContentBlock], in_address: bool = False) -> tuple[ContentBlock, int, int]:
    """The first line of the blocks that prints something with Jinja, where a link's address is printed
    first (`in_address`: `](` just before `{{`); else the first block's first line. A `{{` inside a `{# note #}`
    prints nothing: the note is blanked out, its lines and columns kept."""
    patterns = [re.compile(r"\]\(\s*\{[{%]")] if in_address else []
    patterns.append(_TEMPLATE_TAG)
    bodies = [_JINJA_NOTE.sub(lambda note: re.sub(r"[^\n]", " ", note.group()), block.body) for block in blocks]
    for pattern in patterns:
        for block, body in zip(blocks, bodies, strict=True):
            for index, line in enumerate(body.split("\n")):
                found = pattern.search(line)
                if found:
                    return block, block.body_line + index, found.start() + 1
    return blocks[0], blocks[0].body_line, 1


def _where(needle: str, blocks: Iterable[ContentBlock]) -> Iterable[tuple[ContentBlock, int, int]]:
    if not needle.strip(" \t"):
        # Indentation (Markdown's code block): looked for at the start of each line as written.
        for block in blocks:
            for index, line in enumerate(block.body.split("\n")):
                if line.startswith(("\t", "    ")) and line.strip():
                    yield block, block.body_line + index, 1
        return
    wanted = needle.lower()
    for block in blocks:
        for index, (line, plain) in enumerate(_searchable(block.body)):
            if wanted in plain:
                column = line.lower().find(wanted) + 1 or _reference_column(line, wanted)
                yield block, block.body_line + index, column


def _first_column(line: str, character: str) -> int:
    """The column where `line` first has `character`, typed or as a character reference (`&#x1F4DE;`), or 1."""
    typed = line.find(character)
    for reference in re.finditer(r"&#?\w+;?", line[: typed if typed >= 0 else len(line)]):
        if _decoded(reference.group()) == character:
            return reference.start() + 1
    return typed + 1 if typed >= 0 else 1


def _reference_column(line: str, wanted: str) -> int:
    """The column of the character reference in `line` that stands for `wanted` (`&#x202E;`), or 1."""
    for reference in re.finditer(r"&#?\w+;?|\x00", line):
        if _decoded(reference.group()).lower() == wanted:
            return reference.start() + 1
    return 1


@lru_cache(maxsize=256)
def _searchable(body: str) -> tuple[tuple[str, str], ...]:
    """Each line of a block, with a form to search: references decoded, tabs and line breaks taken out, lower case."""
    return tuple(
        (line, url_without_disguise(re.sub(r"[\t\r]", "", _decoded(line))).lower()) for line in body.split("\n")
    )


_NUMBERED_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,9}));?")


def _decoded(text: str) -> str:
    """`text` with its character references decoded as Markdown decodes them: a NUL, or a reference to a control
    character or to no character at all, becomes the replacement character (U+FFFD), where Python's own decoder
    drops the references."""

    def reference(found: re.Match[str]) -> str:
        number = int(found.group(1), 16) if found.group(1) else int(found.group(2))
        if (
            number == 0
            or number > 0x10FFFF
            or 0xD800 <= number <= 0xDFFF
            or 0xFDD0 <= number <= 0xFDEF
            or number & 0xFFFE == 0xFFFE  # U+FFFE, U+FFFF and their like in every plane: not characters
            or CONTROL.fullmatch(chr(number))
        ):
            return REPLACEMENT_CHARACTER
        return found.group()

    return html.unescape(_NUMBERED_REFERENCE.sub(reference, text.replace("\x00", REPLACEMENT_CHARACTER)))


def _check_links(
    html: str, section_id: str, targets: dict[str, set[str]], blocks: Sequence[ContentBlock], leaflet_id: str
) -> list[Problem]:
    """Links within the leaflet must reach something: `more-information.md` a section, `#review` a heading.

    A link to another leaflet, or to any other address without a scheme, is refused: on
    paper it would point into the machine that made the PDF.
    """
    problems: list[Problem] = []
    for anchor in parse_fragment(html).iter("a"):
        href = anchor.get("href", "")
        if href and not has_words(text_of(anchor)):
            # A screen reader would read out the address, or nothing: the link must say where it goes.
            message = "this link has no words: write what it leads to between the [ and the ]"
            problems.extend(locate_refusals([Refusal(message, (f"[]({href}", href))], blocks))
        if not href or _SCHEME.match(href):
            continue
        page, _, fragment = href.partition("#")
        target = page.removesuffix(".md") if page else section_id
        message = ""
        if "/" in page or (page and not page.endswith(".md")):
            message = (
                f"'{href}' links outside this leaflet, which print cannot follow: link to a section of it, "
                f"as {next(iter(targets))}.md, or to a web address"
            )
        elif target not in targets:
            message = (
                f"there is no section '{target}' in the '{leaflet_id}' leaflet to link to: "
                f"link to one of {', '.join(sorted(targets))}, as {sorted(targets)[0]}.md"
            )
        elif fragment and fragment not in targets[target]:
            where = "this section" if target == section_id else f"the section '{target}'"
            message = f"there is no heading with the id '{fragment}' in {where}: link to the section, or check the id"
        if message:
            problems.extend(locate_refusals([Refusal(message, (href, page or f"#{fragment}"))], blocks))
    return problems


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


def compose_publisher(library: Library, inputs: PublisherInputs) -> list[ComposedLeaflet]:
    """Every leaflet a publisher publishes, composed; all problems reported together."""
    leaflets, problems = [], []
    markdown_read = [0]
    counting = _PUBLISHER_MARKDOWN.set(markdown_read)
    try:
        with publisher_budget():
            for leaflet_id in inputs.publisher.leaflets:
                if publisher_budget_spent() or markdown_read[0] > MAX_PUBLISHER_MARKDOWN:
                    break  # the rest would only say it again
                try:
                    leaflets.append(compose_leaflet(library, inputs, leaflet_id))
                except ContentError as exc:
                    problems.extend(exc.problems)
    finally:
        _PUBLISHER_MARKDOWN.reset(counting)
    if problems:
        # With what the leaflets composed were refused, so that one run of check names it all.
        raise ContentError(problems + [problem for leaflet in leaflets for problem in leaflet.problems])
    return leaflets
