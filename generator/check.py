"""Check everything without building: errors stop a publisher's build, warnings are for editors.

`sen-leaflets check` prints these; `sen-leaflets build` runs the same checks first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError

from .compose import ComposedLeaflet, compose_publisher
from .fields import MONTHS, PartialDate, is_premium_rate
from .model import ContentBlock, Library, Phone, Publisher, list_slugs, load_library, load_publisher
from .problems import ContentError, Problem
from .project import Project
from .site import publisher_site, site_configuration_problems
from .templating import BlockEnvironment, make_environment, syntax_problem

_DATE = re.compile(r"\b(?:([0-9]{1,2})[ \t]+)?(" + "|".join(MONTHS) + r")[ \t]+([0-9]{4})\b")
_FUTURE = re.compile(r"\b(?:will|shall|going to)\b", re.IGNORECASE)
_SHOULD, _BY = re.compile(r"\bshould\b", re.IGNORECASE), re.compile(r"\bby\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def shared_text_hash(block: ContentBlock) -> str:
    """The short hash a local replacement records (`based_on`) for the shared text it was written from."""
    return hashlib.sha256(block.body.encode("utf-8")).hexdigest()[:12]


@dataclass
class PublisherCheck:
    """The outcome of checking one publisher: what loaded, what composed, and every problem."""

    slug: str
    publisher: Publisher | None = None
    leaflets: list[ComposedLeaflet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.publisher is not None and not any(p.severity == "error" for p in self.problems)


@dataclass
class CheckResult:
    problems: list[Problem]
    publishers: list[PublisherCheck]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


TEMPLATES = (
    "pdf/leaflet.html",
    "pdf/print.css",
    "site/home.md",
    "site/accessibility.md",
    "site-index.html",
    "drift.html",
    "new-publisher.yml",
)
"""The templates sen-leaflets reads by name; templates/site/ also holds the theme's overrides and assets."""
MAX_TEMPLATE_BYTES = 1_000_000


def check_templates(project: Project) -> list[Problem]:
    """Every file under templates/ is an ordinary file of the repository, and the ones read by name are there."""
    problems = []
    folder = project.templates_dir
    for name in TEMPLATES:
        if not (folder / name).exists():
            problems.append(Problem(folder / name, 1, 1, "this template is missing: restore it from the repository"))
    for path in sorted(folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        problem = None
        if not project.contains(path):
            problem = "this is a link to a file outside the repository (or to nothing): copy the file in instead"
        elif not path.is_file():
            problem = "this is not an ordinary file (it is a pipe, a device or a link to a folder): remove it"
        elif path.stat().st_size > MAX_TEMPLATE_BYTES:
            problem = f"this file is larger than {MAX_TEMPLATE_BYTES // 1_000_000} MB: check that it is the right file"
        if problem:
            problems.append(Problem(path, 1, 1, problem))
    return problems


def check_repository_files(project: Project) -> list[Problem]:
    """Publisher files that cannot be told apart or that point outside the repository, templates, site settings."""
    problems = check_templates(project) + site_configuration_problems(project)
    seen: dict[str, Path] = {}
    for path in sorted(project.authorities_dir.iterdir()):
        if path.suffix == ".yaml":
            problems.append(Problem(path, 1, 1, f"publisher files end in .yml: rename this file to {path.stem}.yml"))
        if path.suffix not in {".yml", ".yaml"}:
            continue
        if not project.contains(path):
            problems.append(Problem(path, 1, 1, "this file is a link to a file outside the repository: copy it in"))
        slug = path.stem.lower()
        if slug in seen:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f"another publisher file, {seen[slug].name}, has the same name: a slug names one publisher",
                )
            )
        else:
            seen[slug] = path
    return problems


def lint_block(block: ContentBlock, today: dt.date) -> list[Problem]:
    """Problems visible in a block's own words: text in the future tense about a date that has passed.

    What a block may publish (links, markup) is judged on its HTML, in `compose`, not here.
    Every check here takes time in proportion to the text, however it is written.
    """
    problems = []
    for index, line in enumerate(block.body.split("\n")):
        problems.extend(_stale_future(block.path, block.body_line + index, line, today))
    return problems


def _speaks_of_future(sentence: str) -> bool:
    if _FUTURE.search(sentence):
        return True
    should = _SHOULD.search(sentence)
    return should is not None and _BY.search(sentence, should.end()) is not None


def _stale_future(path: Path, number: int, line: str, today: dt.date) -> list[Problem]:
    problems = []
    offset = 0
    for sentence in _SENTENCE_END.split(line):
        start = line.find(sentence, offset)
        offset = start + len(sentence)
        if not _speaks_of_future(sentence):
            continue
        for date in _DATE.finditer(sentence):
            day, month, year = date.groups()
            when = PartialDate(int(year), MONTHS.index(month) + 1, int(day) if day else None)
            try:
                passed = when.latest_day() < today
            except ValueError:
                message = f"'{date.group(0)}' is not a real date: check it"
                problems.append(Problem(path, number, start + 1, message, "warning"))
                break
            if passed:
                problems.append(
                    Problem(
                        path,
                        number,
                        start + 1,
                        f"this speaks of {date.group(0)} in the future tense, but that date has passed: "
                        f"'{sentence.strip()}'; bring the text up to date",
                        "warning",
                    )
                )
                break
    return problems


def check_shared(project: Project, library: Library, today: dt.date) -> list[Problem]:
    """Every shared block parses as a template and passes the text checks, used or not."""
    problems = []
    env = make_environment(library.blocks)
    for block in library.blocks.values():
        problems.extend(_syntax(env, block))
        problems.extend(lint_block(block, today))
    return problems


def _syntax(env: BlockEnvironment, block: ContentBlock) -> list[Problem]:
    try:
        env.parse(block.body)
    except TemplateSyntaxError as exc:
        return [syntax_problem(block, exc)]
    return []


def check_publisher(project: Project, library: Library, slug: str, today: dt.date) -> PublisherCheck:
    """Load, validate, compose and lint one publisher, collecting every problem."""
    result = PublisherCheck(slug)
    try:
        result.publisher = load_publisher(project, slug, library)
    except ContentError as exc:
        result.problems.extend(exc.problems)
        return result
    publisher = result.publisher
    env = make_environment({**library.blocks, **publisher.local_blocks})
    for block in publisher.local_blocks.values():
        syntax = _syntax(env, block)
        result.problems.extend(syntax)
        result.problems.extend(lint_block(block, today))
    try:
        result.leaflets = compose_publisher(library, publisher)
    except ContentError as exc:
        result.problems.extend(exc.problems)
    for leaflet in result.leaflets:
        result.problems.extend(leaflet.problems)
    if result.leaflets:
        try:
            publisher_site(project, library, publisher, result.leaflets)
        except ContentError as exc:
            result.problems.extend(exc.problems)
    result.problems.extend(_publisher_warnings(library, publisher, today))
    return result


def _publisher_warnings(library: Library, publisher: Publisher, today: dt.date) -> list[Problem]:
    authority, document = publisher.authority, publisher.document
    warnings = []
    review = authority.dates.review
    if review is not None and review.latest_day() < today:
        warnings.append(
            document.problem(
                ("dates", "review"),
                f"the review date, {review}, has passed: check this publisher's text and set the next review date",
                "warning",
                at_value=True,
            )
        )
    if authority.contact.helpline is None:
        warnings.append(
            document.problem(
                ("contact",), "there is no helpline: parents expect a number to ring; add contact.helpline", "warning"
            )
        )
    if not authority.accessible_formats:
        warnings.append(
            document.problem(
                (),
                "there is no accessible-formats statement: add accessible_formats, saying how to ask for this "
                "information in large print, Braille, audio or another language",
                "warning",
            )
        )
    contact = authority.contact
    phones: list[tuple[tuple[str | int, ...], Phone | None]] = [
        (("contact", "helpline"), contact.helpline),
        (("contact", "textphone"), contact.textphone),
        *((("contact", "other_phones", index), phone) for index, phone in enumerate(contact.other_phones)),
    ]
    for where, phone in phones:
        if phone is not None and is_premium_rate(phone.number):
            at = (*where, "number")
            warnings.append(
                document.problem(
                    at,
                    f"{phone.number} is a premium-rate number, which costs families more to ring: "
                    "give a free, local or 03 number if you have one",
                    "warning",
                    at_value=True,
                )
            )
    for key_path, url in _web_addresses(authority.model_dump(mode="json")):
        if url.startswith("http://"):
            warnings.append(
                document.problem(
                    key_path,
                    f"'{url}' is not a secure link: use https:// if the site supports it",
                    "warning",
                    at_value=True,
                )
            )
    for leaflet_id, changes in authority.leaflets.items():
        for shared_id, local_id in changes.replace.items():
            shared = library.blocks.get(shared_id)
            local = publisher.local_blocks.get(local_id)
            if shared is None or local is None:
                continue
            current = shared_text_hash(shared)
            if local.based_on is None:
                warnings.append(
                    Problem(
                        local.path,
                        1,
                        1,
                        f"this replaces shared block '{shared_id}' but does not say which version "
                        f"of it it was written from: once you have compared them, add the line "
                        f"based_on: '{current}' to its front matter",
                        "warning",
                    )
                )
            elif local.based_on != current:
                warnings.append(
                    Problem(
                        local.path,
                        1,
                        1,
                        f"shared block '{shared_id}' has changed since this replacement was "
                        f"reviewed (based_on {local.based_on}, now {current}): compare them with "
                        f"'sen-leaflets drift --authority {authority.slug}' and update based_on",
                        "warning",
                    )
                )
        del leaflet_id
    return warnings


def _web_addresses(data: object, here: tuple[str | int, ...] = ()) -> Iterable[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _web_addresses(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _web_addresses(value, (*here, index))
    elif isinstance(data, str) and re.match(r"https?://", data):
        yield here, data


def check_project(project: Project, slugs: Iterable[str] | None = None, today: dt.date | None = None) -> CheckResult:
    """Check the shared content and the named publishers (default: all), without building."""
    today = today or dt.date.today()
    problems = check_repository_files(project)
    try:
        library = load_library(project)
    except ContentError as exc:
        return CheckResult(_unique(problems + exc.problems), [])
    problems.extend(check_shared(project, library, today))
    checks = [check_publisher(project, library, slug, today) for slug in (slugs or list_slugs(project))]
    for check in checks:
        problems.extend(check.problems)
    return CheckResult(_unique(problems), checks)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once (a shared block's error shows up for every publisher using it), in file order."""
    return sorted(set(problems), key=lambda p: (str(p.path), p.line, p.column, p.message))
