"""The rules that relate one input to another, and the warnings for editors: each rule in one place.

Field rules (a phone number, an address) are in `fields` and `schema`; these are the
rules a file cannot check by itself: blocks and leaflets that must exist, names that
pages would share, a logo that must be a picture, publisher files that clash, text
that speaks of a passed date in the future tense.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..problems import ContentError, Problem
from .blocks import CONTACT_PANEL, ContentBlock, shared_text_hash
from .characters import first_invisible, invisible_in
from .fields import MONTHS, PartialDate, is_premium_rate
from .files import read_input
from .project import Project
from .schema import MAX_NAME_LENGTH, SLUG, Leaflet, LeafletChanges, Phone, Publisher, Section
from .yaml_source import YamlDocument

if TYPE_CHECKING:
    from .load import Library, PublisherInputs

_DATE = re.compile(r"\b(?:([0-9]{1,2})[ \t]+)?(" + "|".join(MONTHS) + r")[ \t]+([0-9]{4})\b")
_FUTURE = re.compile(r"\b(?:will|shall|going to)\b", re.IGNORECASE)
_SHOULD, _BY = re.compile(r"\bshould\b", re.IGNORECASE), re.compile(r"\bby\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")

# Names the outputs use, so that nothing an editor names can overwrite them.
SITE_ROOT_NAMES = frozenset({"index", "assets", "search", "sitemap", "reports", "drift", "404", "static", "downloads"})
"""At the root of the published folder, beside the publishers' folders."""

LEAFLET_RESERVED_IDS = frozenset(
    {"index", "accessibility", "glossary", "assets", "search", "sitemap", "404", "downloads"}
)
"""In a publisher's site, beside its leaflets' folders."""

LARGE_PRINT_SUFFIX = "-large-print"
"""Ends the large print PDF's name, so no leaflet id may end with it."""
BOOKLET_SUFFIX = "-booklet"
"""Ends the A5 booklet's name (the print-shop copy), so no leaflet id may end with it either."""
PDF_SUFFIXES = {LARGE_PRINT_SUFFIX: "the large print PDF", BOOKLET_SUFFIX: "the A5 booklet"}


def _check_leaflet_id(document: YamlDocument, leaflet_id: str) -> list[Problem]:
    """A leaflet's id names its folder and its PDFs, so it must not take a name the site already uses."""
    if leaflet_id in LEAFLET_RESERVED_IDS:
        return [
            document.problem(
                (),
                f"a leaflet cannot be called '{leaflet_id}': each publisher's site already has a page or folder "
                "of that name; rename this file",
            )
        ]
    for suffix, edition in PDF_SUFFIXES.items():
        if leaflet_id.endswith(suffix):
            return [
                document.problem(
                    (),
                    f"a leaflet's name cannot end with '{suffix}': that is how {edition} of "
                    f"'{leaflet_id.removesuffix(suffix)}' is named; rename this file",
                )
            ]
    return []


def _check_sections(document: YamlDocument, sections: Iterable[Section], at: tuple[str | int, ...]) -> list[Problem]:
    """Each section is a page named by its id: ids must be different, and not the leaflet's own index page."""
    problems = []
    sections = list(sections)
    if len(sections) > MAX_SECTIONS:
        message = f"a leaflet may have at most {MAX_SECTIONS} sections (pages), not {len(sections)}: join some together"
        problems.append(document.problem(at, message))
    first: dict[str, int] = {}
    for index, section in enumerate(sections):
        where = (*at, index, "id")
        if section.id == "index":
            problems.append(
                document.problem(
                    where,
                    "a section cannot be called 'index': the leaflet's first page has that name; choose another id",
                    at_value=True,
                )
            )
        if section.id in first:
            line = document.locate((*at, first[section.id], "id"), at_value=True)[0]
            problems.append(
                document.problem(
                    where,
                    f"two sections are called '{section.id}' (the other on line {line}): each section is a page, "
                    "so each needs its own id",
                    at_value=True,
                )
            )
        first.setdefault(section.id, index)
    return problems


def _check_block_refs(
    document: YamlDocument,
    sections: Iterable[Section],
    at: tuple[str | int, ...],
    known: dict[str, ContentBlock],
    slug: str | None = None,
    authorities: Path | None = None,
) -> list[Problem]:
    problems = []
    for s_index, section in enumerate(sections):
        for b_index, block_id in enumerate(section.blocks):
            if block_id not in known:
                message = _unknown_block(block_id, known, slug, authorities)
                problems.append(document.problem((*at, s_index, "blocks", b_index), message))
    return problems


def _unknown_block(
    block_id: str, known: Mapping[str, ContentBlock], slug: str | None = None, authorities: Path | None = None
) -> str:
    """Why `block_id` names no block this publisher (`slug`) can use; when it is another publisher's own block (a
    file copied from kent.yml names Kent's), whose it is and how to have it."""
    own = sorted(name for name, block in known.items() if slug and block.owner == slug)
    shared = sorted(name for name, block in known.items() if block.owner is None)
    # Only a likely misspelling is offered, of the publisher's own blocks first ('notts-plan' is not 'contact-panel');
    # a name with its prefix (notts-plan) is a block of its own, however like a shared one's it is.
    among = [own] if slug and block_id.startswith(f"{slug}-") else [own, shared]
    close = next((found[0] for names in among if (found := difflib.get_close_matches(block_id, names, 1, 0.75))), None)
    looked = f"content/blocks/{block_id}.md" + (f" or authorities/{slug}/blocks/{block_id}.md" if slug else "")
    create = f"create authorities/{slug}/blocks/{block_id}.md for a block of your own" if slug else "create the file"
    hint = invisible_in(block_id) or (f"did you mean '{close}'?" if close else f"check the name, or {create}")
    owners = (
        sorted(path.parent.parent.name for path in authorities.glob(f"*/blocks/{block_id}.md")) if authorities else []
    )
    if slug and owners:
        owner = owners[0]
        # Another publisher's version of a shared block: that block, not a misspelling, is the other choice.
        like = difflib.get_close_matches(block_id, shared, n=1, cutoff=0.6)
        instead = f", or use the shared block '{like[0]}'" if like else ""
        hint = (
            f"it is {owner}'s own block (authorities/{owner}/blocks/{block_id}.md), which only {owner} can use: copy "
            f"that file into authorities/{slug}/blocks/ to use it{instead}"
        )
    return f"unknown block '{block_id}': there is no {looked}; {hint}"


def leaflet_problems(
    document: YamlDocument,
    leaflet: Leaflet,
    known: dict[str, ContentBlock],
    slug: str | None = None,
    authorities: Path | None = None,
) -> list[Problem]:
    """A leaflet's blocks exist, its sections are distinct pages, and its name is free.

    `slug` and `authorities` (the folder of publisher files) for a publisher's own leaflet, whose missing
    block may be one of that publisher's own still to write."""
    return (
        _check_block_refs(document, leaflet.sections, ("sections",), known, slug, authorities)
        + _check_sections(document, leaflet.sections, ("sections",))
        + _check_leaflet_id(document, leaflet.id)
    )


def name_as_compared(name: str) -> str:
    """A publisher's name as two are compared: "Kent IASS", "kent  iass" and "Kent IASS" with an invisible
    character in it (a zero-width space, a Hangul filler) are one name to a reader."""
    shown = "".join(c for c in unicodedata.normalize("NFKC", name) if first_invisible(c) is None)
    return " ".join(shown.casefold().split())


def address_as_compared(address: str) -> str:
    """A site's web address (https only, its host in lower case: `SiteUrl`) as two are compared: the same site
    to a browser with or without https' own port (https://x.org.uk:443/kent) and its last slash. The path's case
    matters."""
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc.removesuffix(':443')}{parts.path.rstrip('/')}"


def publisher_name_problems(path: Path, slug: str) -> list[Problem]:
    """A publisher's file name is its slug: usable in an address, and not a name the published folder uses."""
    if not re.fullmatch(SLUG, slug):
        # An invisible character cannot be seen in the message's quotation of the name: it is named instead.
        fix = invisible_in(slug, fix="rename the file, typing its name again")
        message = f"'{path.name}' is not a usable publisher file name: " + (
            fix or "use lower-case letters, digits and hyphens, like kent.yml or bath-and-north-east-somerset.yml"
        )
        return [Problem(path, 1, 1, message)]
    if len(slug) > MAX_NAME_LENGTH:
        message = (
            f"this publisher file name is {len(slug)} characters long before .yml: it names the publisher's "
            f"folder and addresses, so keep it to {MAX_NAME_LENGTH}, like bath-and-north-east-somerset.yml"
        )
        return [Problem(path, 1, 1, message)]
    if slug in SITE_ROOT_NAMES:
        message = (
            f"a publisher cannot be called '{slug}': the published folder already uses that name; rename this file"
        )
        return [Problem(path, 1, 1, message)]
    return []


def leaflet_name_problems(path: Path) -> list[Problem]:
    """A leaflet's file name is its id, which names its pages and downloads: usable in an address, and short enough
    for any file system."""
    if not re.fullmatch(SLUG, path.stem):
        message = f"'{path.name}' is not a usable leaflet file name: " + (
            invisible_in(path.stem, fix="rename the file, typing its name again")
            or "use lower-case letters, digits and hyphens, like sen-support.yml"
        )
        return [Problem(path, 1, 1, message)]
    if len(path.stem) > MAX_NAME_LENGTH:
        message = (
            f"this leaflet file name is {len(path.stem)} characters long before .yml: it names the leaflet's "
            f"pages and downloads, so keep it to {MAX_NAME_LENGTH}, like sen-support.yml"
        )
        return [Problem(path, 1, 1, message)]
    return []


def local_block_problems(local_blocks: dict[str, ContentBlock], shared: dict[str, ContentBlock]) -> list[Problem]:
    """A publisher's own blocks need names of their own: a shared block is swapped out with `replace`."""
    return [
        Problem(
            block.path,
            1,
            1,
            f"local block '{block_id}' has the same name as a shared block: "
            "give it its own name and use 'replace' to swap it in",
        )
        for block_id, block in local_blocks.items()
        if block_id in shared
    ]


def publisher_problems(
    document: YamlDocument,
    publisher: Publisher,
    library: Library,
    local_blocks: dict[str, ContentBlock],
    project: Project,
    own_leaflets: dict[str, Leaflet] | None = None,
    unread_leaflets: Collection[str] = (),
) -> list[Problem]:
    """A publisher's YAML against everything else: authorities, logo, leaflets and the blocks its changes name.

    `unread_leaflets`: the ids of leaflet files that could not be used (its own, or shared ones with errors), whose
    problems are reported in those files; listing one is not a mistake of its own."""
    own_leaflets = own_leaflets or {}
    problems: list[Problem] = []
    if not publisher.serves and not publisher.national:
        problems.append(
            document.problem(
                ("serves",),
                "add 'serves' with the local authorities this service covers, "
                "or 'national: true' for a national organisation",
            )
        )
    seen_codes: set[str] = set()
    for index, served in enumerate(publisher.serves):
        if served.gss in seen_codes:
            problems.append(
                document.problem(
                    ("serves", index, "gss"),
                    at_value=True,
                    message=f"'{served.gss}' is listed twice under serves: leave out this one",
                )
            )
        seen_codes.add(served.gss)
        retired = library.retired_authorities.get(served.gss)
        if retired is not None and served.gss not in library.local_authorities:
            problems.append(document.problem(("serves", index, "gss"), at_value=True, message=retired.message()))
        elif served.gss not in library.local_authorities:
            problems.append(
                document.problem(
                    ("serves", index, "gss"),
                    at_value=True,
                    message=f"'{served.gss}' is not the GSS code of an English local authority with SEND duties: "
                    "see content/local-authorities.csv",
                )
            )
    if publisher.branding.logo is not None:
        logo = project.root / publisher.branding.logo.path
        if Path(publisher.branding.logo.path).is_absolute() or not project.contains(logo):
            problems.append(
                document.problem(
                    ("branding", "logo", "path"),
                    "the logo must be a file inside the repository, for example authorities/<slug>/logo.png",
                    at_value=True,
                )
            )
        elif not logo.exists():
            problems.append(
                document.problem(
                    ("branding", "logo", "path"), _no_logo_message(project, logo, publisher.slug), at_value=True
                )
            )
        else:
            problem = logo_problem(logo)
            if problem is not None:
                problems.append(document.problem(("branding", "logo", "path"), problem, at_value=True))
    problems.extend(accessibility_statement_problems(document, publisher))
    everything = {**library.blocks, **local_blocks}
    for leaflet_id, changes in publisher.leaflets.items():
        at: tuple[str | int, ...] = ("leaflets", leaflet_id)
        leaflet = own_leaflets.get(leaflet_id) or library.leaflets.get(leaflet_id)
        if leaflet_id in unread_leaflets and leaflet_id not in own_leaflets:
            continue  # its file's own problems are said there (a shared one with errors is kept, but not judged by)
        if leaflet is None:
            known = sorted({*library.leaflets, *own_leaflets})
            close = difflib.get_close_matches(leaflet_id, known, n=1)
            hint = f"the leaflets are: {', '.join(known)}" if known else "there are no leaflets in content/leaflets/"
            if close:
                hint = f"did you mean '{close[0]}'?"
            problems.append(document.problem(at, f"unknown leaflet '{leaflet_id}': {hint}"))
            continue
        problems.extend(_section_change_problems(document, leaflet, changes, at, everything, publisher.slug))
        shared_ids = {b for section in leaflet.sections for b in section.blocks}
        for index, block_id in enumerate(changes.leave_out):
            if block_id not in shared_ids:
                problems.append(
                    document.problem((*at, "leave_out", index), _not_in_leaflet(block_id, leaflet_id, shared_ids))
                )
        for block_id, replacement in changes.replace.items():
            if block_id in changes.leave_out:
                # Left out wins, silently: the replacement would never be seen, though the drift report lists it.
                problems.append(
                    document.problem(
                        (*at, "leave_out", changes.leave_out.index(block_id)),
                        f"'{block_id}' is both left out and replaced by '{replacement}' in this leaflet: "
                        f"remove it from leave_out to show '{replacement}' in its place, or remove it from "
                        "replace to leave it out",
                    )
                )
            if block_id not in shared_ids:
                problems.append(
                    document.problem((*at, "replace", block_id), _not_in_leaflet(block_id, leaflet_id, shared_ids))
                )
            if replacement not in everything:
                problems.append(
                    document.problem(
                        (*at, "replace", block_id),
                        _unknown_block(replacement, everything, publisher.slug, document.path.parent),
                        at_value=True,  # the replacement's name, not the name of the block it replaces
                    )
                )
        if changes.sections is not None:
            problems.extend(_own_order_conflicts(document, changes, at))
        problems.extend(_replaced_in_a_section_left_out(document, leaflet, changes, at))
        for key in ("add_after", "add_before"):
            anchors: dict[str, tuple[str, ...]] = getattr(changes, key)
            for anchor, added in anchors.items():
                if anchor not in everything:
                    problems.append(
                        document.problem(
                            (*at, key, anchor), _unknown_block(anchor, everything, publisher.slug, document.path.parent)
                        )
                    )
                for index, block_id in enumerate(added):
                    if block_id not in everything:
                        problems.append(
                            document.problem(
                                (*at, key, anchor, index),
                                _unknown_block(block_id, everything, publisher.slug, document.path.parent),
                            )
                        )
        if changes.sections is not None:
            problems.extend(
                _check_block_refs(
                    document, changes.sections, (*at, "sections"), everything, publisher.slug, document.path.parent
                )
            )
            problems.extend(_check_sections(document, changes.sections, (*at, "sections")))
    return problems


def _replaced_in_a_section_left_out(
    document: YamlDocument, leaflet: Leaflet, changes: LeafletChanges, at: tuple[str | int, ...]
) -> list[Problem]:
    """A block replaced where every section holding it is left out: the replacement would never show."""
    problems = []
    sections = changes.sections if changes.sections is not None else leaflet.sections
    left_out = set(changes.leave_out_sections)
    for block_id, replacement in changes.replace.items():
        if block_id == CONTACT_PANEL:
            continue  # its replacement shows on the home page and the cover all the same
        holding = [section.id for section in sections if {block_id, replacement} & set(section.blocks)]
        if holding and all(section_id in left_out for section_id in holding):
            message = (
                f"'{block_id}' is replaced by '{replacement}', but its section '{holding[0]}' is left out, so "
                f"'{replacement}' would not show: keep the section, or remove the replacement"
            )
            problems.append(document.problem((*at, "replace", block_id), message))
    return problems


def _own_order_conflicts(document: YamlDocument, changes: LeafletChanges, at: tuple[str | int, ...]) -> list[Problem]:
    """With a publisher's own `sections:`, a block both placed and left out, or replaced but placed nowhere: each
    silently lost what the editor wrote (the block, or its replacement, never showed)."""
    problems = []
    placed = {b for section in changes.sections or () for b in section.blocks}
    for index, block_id in enumerate(changes.leave_out):
        if block_id in placed:
            message = (
                f"'{block_id}' is placed in this leaflet's own sections and also left out, so it would not show: "
                "remove it from leave_out to show it, or from sections to leave it out"
            )
            problems.append(document.problem((*at, "leave_out", index), message))
    for block_id, replacement in changes.replace.items():
        if block_id not in placed and replacement not in placed and block_id not in changes.leave_out:
            message = (
                f"'{block_id}' is replaced by '{replacement}', but this leaflet's own sections place neither, so "
                f"'{replacement}' would not show: put '{replacement}' in sections where it belongs"
            )
            problems.append(document.problem((*at, "replace", block_id), message))
    return problems


WCAG_22_PUBLISHED = dt.date(2023, 10, 5)
"""The day WCAG 2.2 became a W3C Recommendation: no website was checked against it before."""


def accessibility_statement_problems(document: YamlDocument, publisher: Publisher) -> list[Problem]:
    """The statement claims no more than was tested: full compliance only after a manual audit, and issues listed.

    Automated tests such as axe-core find only some problems, so GOV.UK's model statement
    says 'fully compliant' only for a website a person has audited.
    """
    statement, at = publisher.accessibility, ("accessibility",)
    problems = []
    if statement.status == "fully" and statement.manual_audit is None:
        problems.append(
            document.problem(
                (*at, "status"),
                "the accessibility statement may say 'fully' compliant only after a manual audit, because "
                "automated tests cannot find every problem: add accessibility.manual_audit with the date of the "
                "audit (like 2025-09-30), or write status: partially and list the problems under known_issues",
                at_value=True,
            )
        )
    if statement.status != "fully" and statement.manual_audit is not None and not statement.known_issues:
        problems.append(
            document.problem(
                (*at, "status"),
                f"the accessibility statement says the website is {statement.status} compliant: list the problems "
                "the audit found under accessibility.known_issues, one line each",
                at_value=True,
            )
        )
    if statement.status == "fully" and statement.known_issues:
        problems.append(
            document.problem(
                (*at, "known_issues"),
                "the accessibility statement says 'fully' compliant but lists known problems: a website with known "
                "problems is partially compliant; write status: partially",
            )
        )
    today = dt.date.today()
    for key in ("manual_audit", "automated_check", "prepared", "reviewed"):
        date = getattr(statement, key)
        if date is not None and date.earliest_day() > today:
            problems.append(
                document.problem(
                    (*at, key),
                    f"accessibility.{key} ({date}) is in the future: the statement may only say what has been done; "
                    "write the date it was done",
                    at_value=True,
                )
            )
    prepared = publisher.statement_prepared
    # A date may be a year or a month: reviewed before prepared only if even its last day is before prepared's first.
    first_prepared = prepared.earliest_day()
    if statement.reviewed is not None and statement.reviewed.latest_day() < first_prepared:
        problems.append(
            document.problem(
                (*at, "reviewed"),
                f"the statement was last reviewed ({statement.reviewed}) before it was prepared ({prepared}): "
                "check both dates",
                at_value=True,
            )
        )
    return problems


def accessibility_statement_warnings(document: YamlDocument, publisher: Publisher) -> list[Problem]:
    """Dates the statement would give from before WCAG 2.2, which it cites, existed: warnings, which never stop a
    build (in the checks that stop one, the first of these had stopped the publisher's loading)."""
    statement, at = publisher.accessibility, ("accessibility",)
    published = publisher.dates.published
    checked = "the accessibility statement would say the website was last checked against WCAG 2.2 in"
    cited = "before WCAG 2.2, which it cites, was published (October 2023)"
    # Each date the statement would print, where it is written (or comes from), and what to do.
    dates = [
        (
            published if statement.automated_check is None else None,
            ("dates", "published"),
            f"{checked} {published}, the leaflet's date, before WCAG 2.2 was published (October 2023): set "
            "accessibility.automated_check to the date the website was last checked",
        ),
        (
            statement.automated_check,
            (*at, "automated_check"),
            f"{checked} {statement.automated_check}, before WCAG 2.2 was published (October 2023): write the date "
            "the website was last checked",
        ),
        (
            # Without its own `prepared`, the statement is dated no later than this either.
            statement.reviewed,
            (*at, "reviewed"),
            f"the statement would say it was last reviewed in {statement.reviewed}, {cited}: review it, and write "
            "the date it was reviewed",
        ),
        (
            statement.prepared,
            (*at, "prepared"),
            f"the statement would say it was prepared in {statement.prepared}, {cited}: write the date this "
            "statement was prepared",
        ),
    ]
    problems = [
        document.problem(where, message, "warning", at_value=True)
        for date, where, message in dates
        if date is not None and date.latest_day() < WCAG_22_PUBLISHED
    ]
    prepared = publisher.statement_prepared
    if not problems and statement.prepared is None and prepared.latest_day() < WCAG_22_PUBLISHED:
        # Worked out from the leaflet's date and the checks before the last review: a check after the review
        # does not date the statement, so a 2014 leaflet reviewed in 2024 and checked in 2025 says "prepared 2014".
        problems.append(
            document.problem(
                (*at, "reviewed") if statement.reviewed is not None else ("dates", "published"),
                f"the statement would say it was prepared in {prepared} (the date nearest before its last review), "
                f"{cited}: write the date it was prepared, as accessibility.prepared",
                "warning",
                at_value=True,
            )
        )
    return problems


MAX_LOGO_BYTES = 2_000_000

MAX_LOGO_PIXELS = 25_000_000
MAX_LOGO_SCANS = 12
"""Passes of a progressive JPEG: cameras and editors write up to about 10; each costs a full decode."""
"""A logo is printed at most 60 mm wide: 25 megapixels is far more than print or screen needs."""


def jpeg_scans(data: bytes) -> int:
    """How many passes (scans) a JPEG is saved in; 0 for anything that is not a JPEG.

    Reads the JPEG's own segments, so that the bytes of another kind of picture (a PNG's
    compressed pixels), or of a segment's payload (an Exif thumbnail), are never taken for
    the start of a pass.
    """
    if not data.startswith(b"\xff\xd8"):
        return 0
    scans, at = 0, 2
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return scans
        marker = data[at + 1]
        if marker == 0xD9:  # end of image
            return scans
        if marker == 0xFF or marker == 0x00 or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            # Padding, a 0xFF byte of the compressed data, or a restart marker: no segment follows.
            at += 1 if marker == 0xFF else 2
            continue
        if marker == 0xDA:
            scans += 1
        # A segment: its length (which counts itself) follows the marker; a pass's compressed data
        # follows its header, and is searched on for the next marker.
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")


def _no_logo_message(project: Project, logo: Path, slug: str) -> str:
    """Where a logo named wrongly most likely is: a file whose name differs in capitals, or one of that name
    in the publisher's folder (a path is written from the sen-leaflets folder, which holds authorities/)."""
    written = logo.relative_to(project.root).as_posix()
    message = f"there is no logo file at '{written}' (a path starts from the sen-leaflets folder, as authorities/...)"
    for folder in (logo.parent, project.authorities_dir / slug):
        if folder.is_dir():
            # The very name first (logo.png in the publisher's folder), then the name in other capitals.
            same = sorted(found for found in folder.iterdir() if found.name.lower() == logo.name.lower())
            for found in sorted(same, key=lambda found: found.name != logo.name):
                if found.is_file():
                    return f"{message}: did you mean '{found.relative_to(project.root).as_posix()}'?"
    return message


def logo_problem(path: Path) -> str | None:
    """Why the logo cannot be published (not a PNG or JPEG that decodes, or too big), or None."""
    from PIL import Image

    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_LOGO_BYTES:
        return (
            f"the logo file is {size // 1000:,} KB, more than the {MAX_LOGO_BYTES // 1000:,} KB a logo may be: "
            "save it smaller (a logo printed 6 cm wide needs about 700 pixels across, a few hundred KB as a .png)"
        )
    try:
        data = read_input(path, MAX_LOGO_BYTES)
    except ContentError as exc:
        if path.is_dir():
            return "this is a folder, not the logo: give the path of the logo's .png (or .jpg) file itself"
        if path.exists() and not path.is_file():
            return "this is a pipe or a device, not the logo: give the path of the logo's .png (or .jpg) file"
        return exc.problems[0].message.replace("this file", "the logo file")
    if jpeg_scans(data) > MAX_LOGO_SCANS:
        return (
            "the logo is a JPEG saved in many passes (progressive), slow to open: "
            "save it again as a .png, or as an ordinary (baseline) JPEG"
        )
    too_big = (
        f"the logo has more than {MAX_LOGO_PIXELS:,} pixels, far more than print needs: make it smaller "
        "(a logo printed 6 cm wide needs about 700 pixels across)"
    )
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.format not in {"PNG", "JPEG"}:
                return f"the logo file is a {picture.format} picture, not PNG or JPEG: save it as a .png"
            width, height = picture.size
            if width * height > MAX_LOGO_PIXELS:
                return f"the logo is {width:,} by {height:,} pixels, far larger than print needs: make it smaller"
            picture.load()
    except Image.DecompressionBombError:  # so many pixels that Pillow will not even read its size
        return too_big
    except (OSError, ValueError, SyntaxError):
        return (
            "the logo file is not a PNG or JPEG picture that can be read (it may be damaged, or another kind "
            "of file): open it in an image editor and save it again as a .png"
        )
    return None


def _not_in_leaflet(block_id: str, leaflet_id: str, shared_ids: set[str]) -> str:
    close = difflib.get_close_matches(block_id, sorted(shared_ids), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"see content/leaflets/{leaflet_id}.yml"
    return f"block '{block_id}' is not in the shared leaflet '{leaflet_id}': {invisible_in(block_id) or hint}"


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
MAX_SECTIONS = 40
"""Sections (pages) in one leaflet: real ones have 5."""
SITE_STATIC_FILES = "site/docs"
"""Under templates/: files every publisher's site gets as they are (stylesheets, pictures), never pages."""
PAGE_SUFFIXES = frozenset({".md", ".markdown", ".html", ".htm"})


def template_problems(project: Project) -> list[Problem]:
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
        elif path.is_relative_to(folder / SITE_STATIC_FILES) and path.suffix.lower() in PAGE_SUFFIXES:
            problem = (
                "the site's folder of static files (stylesheets, pictures) cannot hold pages, which would "
                "collide with the ones made from content/ and authorities/: remove it"
            )
        if problem:
            problems.append(Problem(path, 1, 1, problem))
    return problems


def repository_problems(project: Project) -> list[Problem]:
    """Shared leaflet files not read as such, and folders of local blocks without a publisher file.

    What is wrong with one publisher's file (`publisher_file_problems`) is that publisher's: it stops only its build.
    """
    problems = []
    if project.leaflets_dir.is_dir():
        for path in sorted(project.leaflets_dir.iterdir()):
            why = _misnamed_file(path, "leaflet")
            if why:
                problems.append(Problem(path, 1, 1, why))
    entries = sorted(project.authorities_dir.iterdir())
    explained = set(misnamed_publisher_files(project))  # each fails as its publisher (`load_publisher`)
    for path in entries:
        if (
            path.is_dir()
            and path.name not in explained
            and path.suffix != ".yml"  # a folder named like a publisher file is refused as one
            and not (project.authorities_dir / f"{path.name}.yml").exists()
        ):
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f"this folder holds local blocks, but there is no publisher file {path.name}.yml beside it: "
                    "restore or rename the file, or remove the folder",
                    "warning",
                )
            )
    return problems


def publisher_file_names(project: Project) -> dict[str, list[str]]:
    """The names of the files in authorities/ that end in .yml or .yaml, by their name before it in small letters."""
    names: dict[str, list[str]] = {}
    for path in sorted(project.authorities_dir.iterdir()):
        if path.suffix in {".yml", ".yaml"}:
            names.setdefault(path.stem.lower(), []).append(path.name)
    return names


def publisher_file_problems(project: Project, slug: str, names: Mapping[str, list[str]] | None = None) -> list[Problem]:
    """A publisher file that cannot be told apart from another (kent.yml beside kent.yaml or Kent.yml), or that is
    a link to a file outside the repository or to nothing. `names`: `publisher_file_names`, when it is already known
    (a build asks for every publisher)."""
    path = project.authority_file(slug)
    problems = []
    if path.is_symlink() and not path.exists():
        # Leading nowhere, or round in a circle: it is not that the publisher is unknown, nor that it is elsewhere.
        problems.append(
            Problem(path, 1, 1, "this file is a link to a file that is not there (or to itself): put the file here")
        )
    elif (path.is_symlink() or path.exists()) and not project.contains(path):
        problems.append(Problem(path, 1, 1, "this file is a link to a file outside the repository: copy it in"))
    names = publisher_file_names(project) if names is None else names
    twins = [name for name in names.get(slug.lower(), []) if name != path.name]
    if twins:
        problems.append(
            Problem(
                path, 1, 1, f"another publisher file, {', '.join(twins)}, has the same name: a slug names one publisher"
            )
        )
    return problems


def misnamed_publisher_files(project: Project) -> dict[str, Problem]:
    """Files in authorities/ meant as a publisher's file but not read as one (kent.yml.txt), by the slug they
    were meant for, each with why. That publisher fails, and its site is kept; the others are built."""
    found: dict[str, Problem] = {}
    for path in sorted(project.authorities_dir.iterdir()):
        why = _misnamed_file(path)
        if why:
            found.setdefault(_meant_name(path), Problem(path, 1, 1, why))
    return found


def meant_id(name: str) -> str:
    """The id a misnamed file was most likely meant to have: 'SEN support' or 'sen_support' for sen-support."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or name


def misnamed_leaflet_files(project: Project) -> set[str]:
    """The ids meant by files in content/leaflets/ not read as leaflets for their ending (sen-support.yaml)."""
    if not project.leaflets_dir.is_dir():
        return set()
    return {meant_id(_meant_name(path)) for path in project.leaflets_dir.iterdir() if _misnamed_file(path, "leaflet")}


def _meant_name(path: Path) -> str:
    """The name a misnamed file was meant to have, before its .yml: kent for 'kent.yml.txt' or 'kent.YML'."""
    return path.name.split(".", 1)[0].strip()


def _misnamed_file(path: Path, what: str = "publisher") -> str | None:
    """Why a file in authorities/ (or content/leaflets/) that was meant to be a publisher (leaflet) file is not
    read as one, or None.

    Such a file is `<name>.yml`, exactly. One saved as demo.yml.txt (as Notepad does), demo.YML or
    demo.yaml would be passed over, and the next build would remove the publisher's site as gone.
    A copy beside the real file (demo.yml.bak, demo.yml~) hides nothing, and an editor's hidden
    files (.demo.yml.swp) are not publishers: both are left alone.
    """
    if not path.is_file() or path.suffix == ".yml" or path.name.startswith((".", "#")):
        return None
    stem = _meant_name(path)
    endings = [ending.lower() for ending in path.name.split(".")[1:]]
    if (path.parent / f"{stem}.yml").is_file():
        return None  # a copy beside the real file (or a .yaml twin, which the rule on clashing names reports)
    if path.name != path.name.strip() and path.name.strip().endswith(".yml"):
        return f"this file's name starts or ends with a space, so it is not read: rename it to {stem}.yml"
    if endings == ["yaml"]:
        return f"{what} files end in .yml: rename this file to {stem}.yml"
    if endings == ["yml"]:
        return f"{what} files end in .yml, in small letters: rename this file to {stem}.yml"
    if "yml" in endings or "yaml" in endings:
        return (
            f"this looks like a {what} file saved with another ending (.{'.'.join(endings)}), so it is not "
            f"read: rename it to {stem}.yml (or, if it is an old copy, delete it)"
        )
    return None


def block_text_warnings(block: ContentBlock, today: dt.date) -> list[Problem]:
    """Problems visible in a block's own words: text in the future tense about a date that has passed.

    What a block may publish (links, markup) is judged on its HTML, in `compose`, not here.
    Every check here takes time in proportion to the text, however it is written.
    """
    problems = list(block.warnings)
    for index, line in enumerate(block.body.split("\n")):
        problems.extend(_stale_future(block.path, block.body_line + index, line, today))
    return problems


def edition_date(edition: str) -> PartialDate | None:
    """The date of an edition of the Code as content/code-of-practice.yml names it ('January 2015', '2027'), or None
    for words that are not a month and year or a year."""
    match = re.fullmatch(r"(?:(" + "|".join(MONTHS) + r")\s+)?([0-9]{4})", edition.strip(), re.IGNORECASE)
    if match is None:
        return None
    month = match.group(1)
    return PartialDate(int(match.group(2)), [m.lower() for m in MONTHS].index(month.lower()) + 1 if month else None)


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


EXAMPLE_HOSTS = re.compile(r"(^|\.)(example|test|invalid|localhost)(\.|$)")
"""Host names kept for examples and tests (RFC 2606): nobody's real site is there."""


def is_example_address(url: str) -> bool:
    """Whether `url` is on a host name kept for examples, like leaflets.example.org."""
    host = re.sub(r"^https?://", "", url).split("/", 1)[0].split(":", 1)[0]
    return bool(EXAMPLE_HOSTS.search(host))


def example_address_message(url: str) -> str:
    return (
        f"{url} is an example address, where no site is published: every QR code and 'read this leaflet online' "
        "line leads there. Set the address the sites are really published at before the leaflets are printed"
    )


def publisher_warnings(library: Library, inputs: PublisherInputs, today: dt.date) -> list[Problem]:
    """What an editor should look at: passed review dates, no helpline, insecure links, unreviewed replacements."""
    publisher, document = inputs.publisher, inputs.document
    warnings = [*document.warnings, *accessibility_statement_warnings(document, publisher)]
    published = publisher.dates.published
    if published.earliest_day() > today:
        warnings.append(
            document.problem(
                ("dates", "published"),
                f"the publication date, {published}, is in the future, and every page of the leaflets prints it "
                "('Published ...'): write the month the leaflets are published",
                "warning",
                at_value=True,
            )
        )
    edition = edition_date(library.code.edition)
    if edition is not None and published.latest_day() < edition.earliest_day():
        warnings.append(
            document.problem(
                ("dates", "published"),
                f"the publication date, {published}, is before the {library.code.short_title} the leaflets are based "
                f"on ({library.code.edition} edition), and the cover prints both: check the text against that edition, "
                "then write the month the leaflets are published",
                "warning",
                at_value=True,
            )
        )
    if publisher.national and publisher.serves:
        warnings.append(
            document.problem(
                ("national",),
                "this says national: true (an organisation serving no single authority), and the authorities it "
                "serves are listed under serves too: keep the one that is true",
                "warning",
            )
        )
    review = publisher.dates.review
    if review is not None and review.latest_day() < today:
        warnings.append(
            document.problem(
                ("dates", "review"),
                f"the review date, {review}, has passed: check this publisher's text and set the next review date",
                "warning",
                at_value=True,
            )
        )
    address = library.site_address(publisher)
    if address is None:
        warnings.append(
            document.problem(
                (),
                "no address is known for this publisher's website, so its printed leaflets have no QR code and "
                "cannot say where to read them online: add site_url here, or sites_address in "
                "content/publishing.yml for every publisher",
                "warning",
            )
        )
    elif publisher.site_url and is_example_address(publisher.site_url):
        warnings.append(
            document.problem(("site_url",), example_address_message(publisher.site_url), "warning", at_value=True)
        )
    elif not publisher.site_url and is_example_address(address) and library.publishing_document is not None:
        shared_address = library.publishing.sites_address or ""
        # Said at the shared file, and only for a publisher whose leaflets use its address: one that gives its
        # own site_url is not told about an address it does not print.
        warnings.append(
            library.publishing_document.problem(
                ("sites_address",), example_address_message(shared_address), "warning", at_value=True
            )
        )
    if publisher.contact.helpline is None:
        warnings.append(
            document.problem(
                ("contact",), "there is no helpline: parents expect a number to ring; add contact.helpline", "warning"
            )
        )
    warnings.extend(_own_order_warnings(library, inputs))
    if not publisher.accessible_formats:
        warnings.append(
            document.problem(
                (),
                "there is no accessible-formats statement: add accessible_formats, saying how to ask for this "
                "information in large print, Braille, audio or another language",
                "warning",
            )
        )
    contact = publisher.contact
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
    for key_path, url in _web_addresses(publisher.model_dump(mode="json")):
        if url.startswith("http://"):
            warnings.append(
                document.problem(
                    key_path,
                    f"'{url}' is not a secure link: use https:// if the site supports it",
                    "warning",
                    at_value=True,
                )
            )
    for leaflet_id, changes in publisher.leaflets.items():
        for shared_id, local_id in changes.replace.items():
            shared = library.blocks.get(shared_id)
            local = inputs.local_blocks.get(local_id)
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
                        f"based_on: '{current}' at its top, between the two '---' lines, under its title",
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
                        f"'sen-leaflets drift --publisher {publisher.slug}', then change its based_on line to "
                        f"based_on: '{current}'",
                        "warning",
                    )
                )
        del leaflet_id
    # A local block written from a shared one but placed directly (in its own `sections:` or section, or its
    # own leaflet) is reviewed too: its based_on must still be the text of some shared block.
    replacements = {local for changes in publisher.leaflets.values() for local in changes.replace.values()}
    shared_hashes = {shared_text_hash(block) for block in library.blocks.values()}
    for local_id, local in sorted(inputs.local_blocks.items()):
        if local_id in replacements or local.based_on is None or local.based_on in shared_hashes:
            continue
        warnings.append(
            Problem(
                local.path,
                1,
                1,
                f"this block was written from a shared block (based_on {local.based_on}) whose text has changed "
                "since: compare it with that block in content/blocks/; then place the shared block instead and "
                "name this one under replace: in your YAML, so that check names the shared block and its new "
                "based_on each time the shared text changes",
                "warning",
            )
        )
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


PLACEHOLDER = "REQUIRED"
"""What `sen-leaflets new` writes where only the service knows the answer (templates/new-publisher.yml)."""

_PLACEHOLDER_WHAT = {
    "url": "web address",
    "website": "web address",
    "number": "phone number",
    "published": "date",
    "gss": "GSS code",
    "email": "email address",
    "name": "name",
    "accessible_formats": "statement about other formats",
    "address": "address line",
    "published_by": "name of who publishes it",
    "audited_by": "name of who audited the site",
    "manual_audit": "date",
    "known_issues": "problem the audit found",
}


def is_placeholder(value: str) -> bool:
    """True for a value `sen-leaflets new` wrote to be replaced: REQUIRED, https://REQUIRED.example, REQUIRED@..."""
    text = value.strip()
    return text == PLACEHOLDER or bool(re.search(rf"(//|^){PLACEHOLDER}[.@]", text))


def placeholder_problems(document: YamlDocument) -> list[Problem]:
    """Every value in a publisher file still holding a placeholder from `sen-leaflets new`, where it is.

    Some placeholders are valid values of their kind (`https://REQUIRED.example` is a web address,
    `REQUIRED` is text), so the schema alone would let them be published.
    """
    problems: list[Problem] = []
    stack: list[tuple[tuple[str | int, ...], object]] = [((), document.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in value.items() if isinstance(key, str))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
        elif isinstance(value, str) and is_placeholder(value):
            key = next((part for part in reversed(path) if isinstance(part, str)), "")
            what = _PLACEHOLDER_WHAT.get(key, "value")
            if path[:1] == ("serves",):
                what = {"url": "Local Offer web address", "name": "name of the local authority"}.get(key, what)
            message = (
                f"'{value.strip()}' is a placeholder from sen-leaflets new: write the real {what} here "
                "(the note after it says what it needs)"
            )
            problems.append(document.problem(path, message, at_value=True))
    return sorted(problems, key=lambda problem: (problem.line, problem.column))


def _section_change_problems(
    document: YamlDocument,
    leaflet: Leaflet,
    changes: LeafletChanges,
    at: tuple[str | int, ...],
    everything: dict[str, ContentBlock],
    slug: str,
) -> list[Problem]:
    """Section-level changes name sections the leaflet has, and place each section next to one it keeps."""
    problems: list[Problem] = []
    base = [s.id for s in (changes.sections if changes.sections is not None else leaflet.sections)]
    added = [s.id for s in changes.add_sections]

    def unknown(section_id: str, where: tuple[str | int, ...], among: list[str], at_value: bool = False) -> None:
        if section_id not in among:
            if section_id in base and section_id in changes.leave_out_sections:
                message = f"section '{section_id}' is one this publisher leaves out (leave_out_sections): name another"
                problems.append(document.problem(where, message, at_value=at_value))
                return
            close = difflib.get_close_matches(section_id, among, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"its sections are: {', '.join(among)}"
            message = f"the leaflet '{leaflet.id}' has no section '{section_id}': {hint}"
            problems.append(document.problem(where, message, at_value=at_value))

    for index, section_id in enumerate(changes.leave_out_sections):
        unknown(section_id, (*at, "leave_out_sections", index), base, at_value=True)
    kept = [s for s in base if s not in changes.leave_out_sections]
    for section_id in changes.section_titles:
        unknown(section_id, (*at, "section_titles", section_id), [*kept, *added])
    for index, section in enumerate(changes.add_sections):
        where: tuple[str | int, ...] = (*at, "add_sections", index)
        if section.id in added[:index]:
            message = f"two added sections are called '{section.id}': each section is a page, so each needs its own id"
            problems.append(document.problem((*where, "id"), message, at_value=True))
        if section.id == "index":
            message = "a section cannot be called 'index': the leaflet's first page has that name; choose another id"
            problems.append(document.problem((*where, "id"), message, at_value=True))
        elif section.id in base:
            problems.append(
                document.problem(
                    (*where, "id"),
                    f"the leaflet already has a section '{section.id}': give your section another id, or change "
                    "that one with section_titles",
                    at_value=True,
                )
            )
        problems.extend(_placement_problems(document, section.after, section.before, where, kept, unknown))
        for b_index, block_id in enumerate(section.blocks):
            if block_id not in everything:
                problems.append(
                    document.problem(
                        (*where, "blocks", b_index), _unknown_block(block_id, everything, slug, document.path.parent)
                    )
                )
    for section_id, place in changes.move_sections.items():
        where = (*at, "move_sections", section_id)
        unknown(section_id, where, [*kept, *added])
        problems.extend(_placement_problems(document, place.after, place.before, where, [*kept, *added], unknown))
        if place.after is None and place.before is None:
            problems.append(
                document.problem(where, "say where the section goes: after: <section> or before: <section>")
            )
        elif section_id in (place.after, place.before):
            problems.append(
                document.problem(where, f"section '{section_id}' cannot go after or before itself: name another")
            )
    if changes.sections is None and len(kept) + len(added) > MAX_SECTIONS:
        message = f"a leaflet may have at most {MAX_SECTIONS} sections (pages): join some together"
        problems.append(document.problem(at, message))
    return problems


def _placement_problems(
    document: YamlDocument,
    after: str | None,
    before: str | None,
    where: tuple[str | int, ...],
    among: list[str],
    unknown: Callable[..., None],
) -> list[Problem]:
    if after is not None and before is not None:
        return [document.problem(where, "give 'after' or 'before', not both: a section goes in one place")]
    for key, anchor in (("after", after), ("before", before)):
        if anchor is not None:
            unknown(anchor, (*where, key), among, at_value=True)
    return []


MAX_NAMED = 8
"""Blocks named one by one in a warning; the rest are counted."""


def _own_order_warnings(library: Library, inputs: PublisherInputs) -> list[Problem]:
    """A publisher's own order of sections (`sections:`) that does not account for every block of the shared leaflet.

    Such a publisher no longer receives the shared order: a block later added to the shared leaflet
    would silently never reach it. Each shared block must be placed, replaced or left out by name.
    """
    warnings = []
    for leaflet_id, changes in inputs.publisher.leaflets.items():
        shared = library.leaflets.get(leaflet_id)
        if changes.sections is None or shared is None or leaflet_id in inputs.own_leaflets:
            continue
        placed = {b for section in changes.sections for b in section.blocks}
        accounted = placed | set(changes.replace) | set(changes.leave_out)
        missing = [b for section in shared.sections for b in section.blocks if b not in accounted]
        if missing:
            named = ", ".join(missing[:MAX_NAMED]) + (
                f" and {len(missing) - MAX_NAMED} more" if len(missing) > MAX_NAMED else ""
            )
            message = (
                f"this publisher's own order of sections does not have {len(missing)} block(s) of the shared leaflet "
                f"'{leaflet_id}': {named}. Place each in sections, or list it under leave_out, so that a block "
                "added to the shared leaflet later is noticed here"
            )
            warnings.append(inputs.document.problem(("leaflets", leaflet_id, "sections"), message, "warning"))
    return warnings
