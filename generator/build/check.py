"""The first stages of the pipeline, shared by `check`, `build` and the preview: load, compose, and every check.

Each publisher is loaded, composed and laid out as a build would, without writing
anything, and every problem a render would meet is collected with its file and line:
the shared content's, the publisher's own, what the sanitiser refused, links that
lead nowhere, the site's settings. `sen-leaflets check` prints them; `build` renders
only what comes through with no errors; the preview shows them on a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from jinja2 import TemplateSyntaxError

from ..compose.code_links import superseded_code_links_in_yaml
from ..compose.contact import panel_block_for
from ..compose.leaflet import ComposedLeaflet, block_order, compose_publisher
from ..compose.templating import named_includes, nested_too_deeply, syntax_fault, syntax_problem
from ..inputs.acceptance import apply_acceptances
from ..inputs.blocks import CONTACT_PANEL, ContentBlock, load_blocks
from ..inputs.font import font_characters
from ..inputs.load import (
    Library,
    PublisherInputs,
    list_slugs,
    load_library_in_part,
    load_publisher,
    read_publisher,
    unread_publisher_files,
)
from ..inputs.project import Project
from ..inputs.rules import (
    address_as_compared,
    block_text_warnings,
    name_as_compared,
    publisher_warnings,
    repository_problems,
    template_problems,
)
from ..inputs.schema import Publisher
from ..inputs.yaml_source import YamlDocument
from ..outputs.site.link_purpose import link_purpose_problems
from ..outputs.site.mkdocs_site import site_configuration_problems
from ..outputs.site.pages import PublisherSite, layout_problems
from ..problems import ContentError, Problem


@dataclass
class PublisherCheck:
    """One publisher, prepared for rendering: what loaded, what composed, and every problem found on the way."""

    slug: str
    inputs: PublisherInputs | None = None
    leaflets: list[ComposedLeaflet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    site: PublisherSite | None = None
    """Its site laid out, before the PDFs it offers are made (`offer_downloads` adds them)."""
    in_part: bool = False
    """True when it uses shared content that has errors, so only what does not depend on that was checked."""

    @property
    def ok(self) -> bool:
        """True when it can be rendered: it loaded, was checked in full, and nothing found is an error."""
        return self.inputs is not None and not self.in_part and not any(p.severity == "error" for p in self.problems)


@dataclass
class SharedCheck:
    """The shared content, loaded (unless it could not be), with the problems of everything every publisher uses."""

    library: Library | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.library is not None and not any(p.severity == "error" for p in self.problems)


@dataclass
class CheckResult:
    problems: list[Problem]
    publishers: list[PublisherCheck]
    unread_files: frozenset[str] = frozenset()
    """The slugs among `publishers` whose file is not read as a publisher's (kent.yaml, 'kent copy.yml')."""
    in_part: frozenset[str] = frozenset()
    """The slugs among `publishers` checked only in part, because they use shared content that has errors."""

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def check_shared(project: Project, today: dt.date, site_settings: bool = True) -> SharedCheck:
    """Everything every publisher uses: the publisher files, templates, site settings and shared content.

    Every shared block must parse and pass the text checks, used by a leaflet or not. Without `site_settings`,
    mkdocs.yml is left for the caller to check with MkDocs (`site_configuration_problems`), when a site is made.
    Raises `FontMissingError` first if the leaflets' font is not installed: nothing could say how text prints.
    """
    font_characters()
    problems = repository_problems(project) + template_problems(project)
    if site_settings:
        problems += site_configuration_problems(project)
    # What could not be read is left out of the library (and named in it), so that `check` still checks the
    # publishers that do not use it; with any error, `ok` is false, and nothing is built.
    library, unread = load_library_in_part(project)
    problems.extend(unread)
    if library is None:
        return SharedCheck(None, problems)
    problems.extend(library.warnings)
    for block in library.blocks.values():
        problems.extend(_syntax(block))
        problems.extend(block_text_warnings(block, today))
    return SharedCheck(library, problems)


def _syntax(block: ContentBlock) -> list[Problem]:
    fault = syntax_fault(block.body)
    if isinstance(fault, TemplateSyntaxError):
        return [syntax_problem(block, fault)]
    if fault is not None:
        return [nested_too_deeply(block)]
    return []


def _block_problems(blocks: Iterable[ContentBlock], today: dt.date) -> list[Problem]:
    """What blocks hold in themselves, whoever uses them: Jinja that cannot be read, text out of date."""
    return [problem for block in blocks for problem in (*_syntax(block), *block_text_warnings(block, today))]


def _cover_problems(project: Project, inputs: PublisherInputs, leaflet: ComposedLeaflet) -> list[Problem]:
    """A cover that takes more than one page in large print even set closer: the build refuses it (the README
    promises a one-page cover), so check lays it out, where it may not fit, and says what to shorten."""
    from ..outputs.pdf.render import cover_overflows

    if not cover_overflows(project, leaflet, inputs.logo_file, project.root):
        return []
    on_cover = bool(leaflet.cover_contact)
    where = ("leaflets", leaflet.id, "contact_on_cover") if on_cover else ("name",)
    message = (
        f"the large print cover of the '{leaflet.id}' leaflet would take more than one page, even set closer: "
        "shorten the name, the strapline, the leaflet's title or who it is for (its audience)"
        + (", or take the contact details off the cover (contact_on_cover: false)" if on_cover else "")
    )
    return [inputs.document.problem(where, message)]


def _own_block_errors(project: Project, slug: str, found: list[Problem], today: dt.date) -> list[Problem]:
    """When its leaflets cannot be composed: the errors the publisher's blocks hold in themselves, so that fixing what
    stopped them does not reveal a second round. Their warnings wait for the YAML, whose accept_warnings may have
    accepted them. Nothing when a problem already `found` is outside its YAML (a block that could not be read)."""
    path = project.authority_file(slug)
    if not path.is_file() or any(problem.path != path for problem in found):
        return []
    problems: list[Problem] = []
    blocks = load_blocks(project.local_blocks_dir(slug), slug, project, problems)
    return problems + [p for p in _block_problems(blocks.values(), today) if p.severity == "error"]


def _check_publisher_alone(project: Project, slug: str, today: dt.date) -> PublisherCheck:
    """What can be checked of a publisher when the shared content cannot be loaded at all: its YAML against the
    schema, and its own blocks; never its leaflets, which are made of the shared content."""
    result = PublisherCheck(slug, in_part=True)
    try:
        _, _, result.problems = read_publisher(project, slug)
    except ContentError as exc:
        result.problems.extend(exc.problems)
    result.problems.extend(_own_block_errors(project, slug, result.problems, today))
    return result


def uses_broken_shared_content(library: Library, inputs: PublisherInputs) -> bool:
    """Whether this publisher's leaflets would be made of shared content that could not be read (in a library
    loaded in part): a leaflet, content/publishing.yml or content/glossary.yml, or a block, named in a leaflet,
    in its YAML or included by another block. Composing them would say what is not so."""
    if library.whole:
        return False
    if library.broken_settings or library.broken_leaflets & (inputs.publisher.leaflets.keys() - inputs.own_leaflets):
        return True
    if not library.broken_blocks:
        return False
    everything = {**library.blocks, **inputs.local_blocks}
    # The blocks its leaflets hold once its changes are made: a broken block it replaces or leaves out is not used.
    named = {CONTACT_PANEL, *inputs.local_blocks}
    for leaflet_id, changes in inputs.publisher.leaflets.items():
        named.add(panel_block_for(inputs.publisher, leaflet_id))
        leaflet = inputs.leaflet(library, leaflet_id)
        named.update(name for section in block_order(leaflet, changes) for name in section.blocks)
    waiting, reached = [name for name in named if name in everything], set[str]()
    while waiting:
        name = waiting.pop()
        if name in reached:
            continue
        reached.add(name)
        if syntax_fault(everything[name].body) is not None:
            return True  # what it includes cannot be read (its own error says why)
        for included, _, _ in named_includes(everything[name].body):
            if included is None:
                return True  # a name worked out as it renders: it could be any block
            if included in everything:
                waiting.append(included)
    return bool(reached & library.broken_blocks)


def check_publisher(project: Project, library: Library | None, slug: str, today: dt.date) -> PublisherCheck:
    """Load, compose and lay out one publisher as a build would, without writing; collect every problem.

    With a library loaded in part, a publisher that uses what could not be read is checked only as far as it does
    not depend on it (`in_part`): its YAML and its own blocks, not its leaflets; with no library at all (the shared
    content could not be loaded), only those.
    """
    if library is None:
        return _check_publisher_alone(project, slug, today)
    result = PublisherCheck(slug)
    try:
        result.inputs = load_publisher(project, slug, library)
    except ContentError as exc:
        result.problems.extend(exc.problems)
        # A mistake in the YAML stops the leaflets being composed; the errors its blocks hold are still said.
        result.problems.extend(_own_block_errors(project, slug, exc.problems, today))
        return result
    inputs = result.inputs
    if uses_broken_shared_content(library, inputs):
        result.in_part = True
        result.problems.extend(p for p in _block_problems(inputs.local_blocks.values(), today) if p.severity == "error")
        return result
    result.problems.extend(_block_problems(inputs.local_blocks.values(), today))
    try:
        result.leaflets = compose_publisher(library, inputs)
    except ContentError as exc:
        result.problems.extend(exc.problems)
    for leaflet in result.leaflets:
        result.problems.extend(leaflet.problems)
        result.problems.extend(_cover_problems(project, inputs, leaflet))
    if result.leaflets:
        result.site, refused = layout_problems(project, library, inputs, result.leaflets)
        result.problems.extend(refused)
        if result.site is not None:
            result.problems.extend(link_purpose_problems(result.site, inputs, result.leaflets))
    result.problems.extend(publisher_warnings(library, inputs, today))
    result.problems.extend(superseded_code_links_in_yaml(inputs, library.code))
    result.problems = apply_acceptances(project, inputs.publisher, inputs.document, result.problems)
    return result


def check_project(project: Project, slugs: Iterable[str] | None = None, today: dt.date | None = None) -> CheckResult:
    """Check the shared content and the named publishers (default: all), without building."""
    today = today or dt.date.today()
    shared = check_shared(project, today)
    library = shared.library
    # The shared content's errors stop every build, but not the checking of each publisher as far as it can go:
    # an editor learns of their own mistakes in the same run.
    every = list_slugs(project)
    # Each publisher once, however often it is named (`--publisher demo --authority demo`).
    checks = [check_publisher(project, library, slug, today) for slug in dict.fromkeys(slugs or every)]
    problems = list(shared.problems)
    for check in checks:
        problems.extend(check.problems)
    problems.extend(publishers_not_told_apart(project, checks, every, library))
    unread = unread_publisher_files(project).keys() & {check.slug for check in checks}
    in_part = {check.slug for check in checks if check.in_part} - unread
    return CheckResult(unique(problems), checks, frozenset(unread), frozenset(in_part))


class _Known(NamedTuple):
    """A publisher compared with the others."""

    file: str
    """Its file's name, as the warnings name it."""
    publisher: Publisher
    document: YamlDocument | None
    """Its YAML's positions, when it is being checked (the warnings are put there); None when it is only compared."""


def publishers_not_told_apart(
    project: Project, checks: list[PublisherCheck], every: list[str], library: Library | None
) -> list[Problem]:
    """Warnings for checked publishers with the same name as another publisher, or the same web address: what a
    file copied from another publisher's keeps until it is changed.

    The list of every publisher's site would show links with the same words, and sites at one
    address would have each one's QR codes and links lead to the same site. A publisher of `every`
    not being checked (`check --publisher`) is read with the schema alone, to be compared with.
    """
    known: list[_Known] = []
    checked = {check.slug: check for check in checks}
    for slug in dict.fromkeys([*checked, *every]):
        check = checked.get(slug)
        if check is not None and check.inputs is not None:
            known.append(_Known(check.inputs.path.name, check.inputs.publisher, check.inputs.document))
            continue
        # Not checked, or checked with errors (a copied file often has one): its YAML alone says its name.
        try:
            document, publisher, _ = read_publisher(project, slug)
        except ContentError:
            continue
        known.append(_Known(project.authority_file(slug).name, publisher, document if check is not None else None))
    by_name: dict[str, list[_Known]] = {}
    by_address: dict[str, list[_Known]] = {}
    for each in known:
        by_name.setdefault(name_as_compared(each.publisher.name), []).append(each)
        address = library.site_address(each.publisher) if library is not None else None
        if address:
            by_address.setdefault(address_as_compared(address), []).append(each)
    problems = []
    for group in by_name.values():
        for file, publisher, checked_at in group if len(group) > 1 else []:
            if checked_at is not None:
                others, have = _the_others(group, file)
                problems.append(
                    checked_at.problem(
                        ("name",),
                        f"{others} {have} the same name, '{publisher.name}': the list of every publisher's site "
                        "would show links with the same words. Give this publisher its own name (a file copied "
                        "from another keeps its name until it is changed)",
                        severity="warning",
                        at_value=True,
                    )
                )
    for group in by_address.values():
        # A publisher at the address made from sites_address and its own name has it by right: only one
        # that sets site_url to it is told to change.
        for file, publisher, checked_at in group if len(group) > 1 else []:
            if checked_at is not None and publisher.site_url:
                others, have = _the_others(group, file, "is", "are")
                problems.append(
                    checked_at.problem(
                        ("site_url",),
                        f"{others} {have} published at the same web address, {publisher.site_url}: their QR codes "
                        "and links would lead to one site. Set site_url to this publisher's own address",
                        severity="warning",
                        at_value=True,
                    )
                )
    return problems


def _the_others(group: list[_Known], file: str, one: str = "has", many: str = "have") -> tuple[str, str]:
    """The other files of `group` in words ("demo.yml", "demo.yml and kent.yml"), and the verb that agrees."""
    others = [other.file for other in group if other.file != file]
    words = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " and " + others[-1]
    return words, one if len(others) == 1 else many


def unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once (a shared block's error shows up for every publisher using it), in file order."""
    return sorted(set(problems), key=lambda p: (str(p.path), p.line, p.column, p.message))
