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

from jinja2 import TemplateSyntaxError

from ..compose.leaflet import ComposedLeaflet, compose_publisher
from ..compose.templating import nested_too_deeply, syntax_fault, syntax_problem
from ..inputs.acceptance import apply_acceptances
from ..inputs.blocks import ContentBlock, load_blocks
from ..inputs.font import font_characters
from ..inputs.load import (
    Library,
    PublisherInputs,
    list_slugs,
    load_library,
    load_publisher,
    unread_publisher_files,
)
from ..inputs.project import Project
from ..inputs.rules import (
    block_text_warnings,
    publisher_warnings,
    repository_problems,
    template_problems,
)
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

    @property
    def ok(self) -> bool:
        """True when it can be rendered: it loaded, and nothing found is an error."""
        return self.inputs is not None and not any(p.severity == "error" for p in self.problems)


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

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def check_shared(project: Project, today: dt.date) -> SharedCheck:
    """Everything every publisher uses: the publisher files, templates, site settings and shared content.

    Every shared block must parse and pass the text checks, used by a leaflet or not.
    Raises `FontMissingError` first if the leaflets' font is not installed: nothing could say how text prints.
    """
    font_characters()
    problems = repository_problems(project) + template_problems(project) + site_configuration_problems(project)
    try:
        library = load_library(project)
    except ContentError as exc:
        return SharedCheck(None, problems + exc.problems)
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
        "shorten the name, the strapline or the leaflet's title"
        + (", or take the contact details off the cover (contact_on_cover: false)" if on_cover else "")
    )
    return [inputs.document.problem(where, message)]


def check_publisher(project: Project, library: Library, slug: str, today: dt.date) -> PublisherCheck:
    """Load, compose and lay out one publisher as a build would, without writing; collect every problem."""
    result = PublisherCheck(slug)
    try:
        result.inputs = load_publisher(project, slug, library)
    except ContentError as exc:
        result.problems.extend(exc.problems)
        path = project.authority_file(slug)
        if path.is_file() and all(problem.path == path for problem in exc.problems):
            # A mistake in the YAML stops the leaflets being composed; the errors the publisher's blocks hold in
            # themselves are still said, so that fixing the YAML does not reveal a second round of them. Their
            # warnings wait for the YAML, whose accept_warnings may have accepted them.
            blocks = load_blocks(project.local_blocks_dir(slug), slug, project, result.problems)
            result.problems.extend(p for p in _block_problems(blocks.values(), today) if p.severity == "error")
        return result
    inputs = result.inputs
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
    result.problems = apply_acceptances(project, inputs.publisher, inputs.document, result.problems)
    return result


def check_project(project: Project, slugs: Iterable[str] | None = None, today: dt.date | None = None) -> CheckResult:
    """Check the shared content and the named publishers (default: all), without building."""
    today = today or dt.date.today()
    shared = check_shared(project, today)
    if shared.library is None:
        return CheckResult(unique(shared.problems), [])
    library = shared.library
    checks = [check_publisher(project, library, slug, today) for slug in (slugs or list_slugs(project))]
    problems = list(shared.problems)
    for check in checks:
        problems.extend(check.problems)
    unread = unread_publisher_files(project).keys() & {check.slug for check in checks}
    return CheckResult(unique(problems), checks, frozenset(unread))


def unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once (a shared block's error shows up for every publisher using it), in file order."""
    return sorted(set(problems), key=lambda p: (str(p.path), p.line, p.column, p.message))
