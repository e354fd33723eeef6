"""Schemas for the inputs, and loading them into validated, read-only objects.

Three kinds of input: shared content (`content/`: the Code of Practice data,
blocks and leaflets) and one YAML file per publisher (`authorities/`). Every
problem found is reported with its file and line; nothing half-valid comes out.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, ValidationError, field_validator

from .fields import BrandColour, FlexibleDate, SiteUrl, UkPhone, WebUrl, shown
from .problems import ContentError, Problem
from .project import Project
from .yaml_source import YamlDocument, load_yaml, read_input, read_text, split_front_matter

BLOCK_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG = BLOCK_ID

# Names the outputs use, so that nothing an editor names can overwrite them.
SITE_ROOT_NAMES = frozenset({"index", "assets", "search", "sitemap", "reports", "drift", "404", "static", "downloads"})
"""At the root of the published folder, beside the publishers' folders."""
LEAFLET_RESERVED_IDS = frozenset({"index", "accessibility", "assets", "search", "sitemap", "404", "downloads"})
"""In a publisher's site, beside its leaflets' folders."""
LARGE_PRINT_SUFFIX = "-large-print"
"""Ends the large print PDF's name, so no leaflet id may end with it."""


def _plain_title(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError(f"{shown(value)} has < or > in it: names and titles are plain text, without markup")
    return value


PlainTitle = Annotated[str, Field(min_length=1), AfterValidator(_plain_title)]
"""A name or title: shown in page titles and menus, so plain text only."""


class Schema(BaseModel):
    """Base for every schema: unknown keys are errors and loaded data is read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- the SEND Code of Practice -------------------------------------------------------------


class CodeOfPractice(Schema):
    """Which edition of the Code the leaflets quote, where it lives, and what they cite."""

    title: str
    short_title: str
    edition: str
    in_force_from: FlexibleDate
    url: WebUrl
    pdf_url: WebUrl
    licence: str
    paragraphs: tuple[str, ...] = Field(min_length=1)
    """The paragraph numbers that blocks may cite, so a typo in a citation is caught."""

    @field_validator("paragraphs")
    @classmethod
    def _paragraph_numbers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for number in value:
            if not re.fullmatch(r"\d+\.\d+|[ivx]+", number):
                raise ValueError(f"'{number}' is not a paragraph number like 6.17")
        return value


# --- leaflets and blocks -------------------------------------------------------------------


class Section(Schema):
    """A part of a leaflet: a page on the website, a chapter in print."""

    id: str = Field(pattern=SLUG)
    title: PlainTitle
    blocks: tuple[str, ...] = Field(min_length=1)


class Leaflet(Schema):
    """A leaflet: a title and an ordered list of sections of block ids."""

    id: str = Field(pattern=SLUG)
    title: PlainTitle
    summary: str = ""
    sections: tuple[Section, ...] = Field(min_length=1)


class BlockFrontMatter(Schema):
    title: str = Field(min_length=1)
    based_on: str | None = None
    """For a local block that replaces a shared one: the hash of the shared text it was written from."""
    notes: str = ""


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


# --- publishers ----------------------------------------------------------------------------


class LocalOffer(Schema):
    name: str = "Local Offer"
    url: WebUrl
    published_by: str | None = None
    """How the leaflet names who publishes it, when that differs from the authority's name."""


class ServedAuthority(Schema):
    """A local authority a publisher serves, named by its GSS code."""

    gss: str = Field(pattern=r"^E(06|07|08|09|10)\d{6}$")
    name: str = Field(min_length=1)
    local_offer: LocalOffer


class Phone(Schema):
    number: UkPhone
    label: str = "Helpline"
    hours: str = ""


class Textphone(Phone):
    label: str = "Textphone"


class SocialLink(Schema):
    name: str
    url: WebUrl
    label: str = ""
    """The words shown, when they are not simply '<name>: <address>'."""


class Contact(Schema):
    helpline: Phone | None = None
    textphone: Textphone | None = None
    other_phones: tuple[Phone, ...] = ()
    email: EmailStr | None = None
    email_label: str = "Email"
    website: WebUrl | None = None
    address: tuple[str, ...] = ()
    address_note: str = ""
    opening_hours: str = ""
    social: tuple[SocialLink, ...] = ()


def _logo_file_name(value: str) -> str:
    if not re.fullmatch(r"(?i)[^\\]+\.(png|jpe?g)", value):
        raise ValueError(
            f"{shown(value)} is not a PNG or JPEG file: save the logo as a .png (or .jpg) picture; "
            "other kinds, such as SVG, can carry scripts and links"
        )
    return value


class Logo(Schema):
    path: Annotated[str, AfterValidator(_logo_file_name)]
    """A PNG, JPEG or SVG file inside the repository, such as authorities/kent/logo.png."""
    alt: str = Field(min_length=1)
    """What the logo says or shows, for people who cannot see it."""


class Branding(Schema):
    colour: BrandColour = "#1d4f91"
    logo: Logo | None = None


class Dates(Schema):
    published: FlexibleDate
    review: FlexibleDate | None = None


class LeafletChanges(Schema):
    """A publisher's local changes to one shared leaflet."""

    title: PlainTitle | None = None
    summary: str | None = None
    """The publisher's own one-line summary, shown on its home page."""
    leave_out: tuple[str, ...] = ()
    replace: dict[str, str] = {}
    add_after: dict[str, tuple[str, ...]] = {}
    add_before: dict[str, tuple[str, ...]] = {}
    sections: tuple[Section, ...] | None = None
    """A whole own order of sections and blocks, instead of the shared one."""
    contact_on_cover: bool = False
    """Print the contact panel on the cover, as leaflets that open with their contact details do."""


class Authority(Schema):
    """A publisher: an IAS service (serving one or more local authorities) or a national charity."""

    slug: str = Field(pattern=SLUG)
    name: PlainTitle
    name_in_text: str = ""
    """How running text names the service ('the SEND Partnership Service'); defaults to `name`."""
    strapline: tuple[str, ...] = ()
    serves: tuple[ServedAuthority, ...] = ()
    national: bool = False
    contact: Contact
    accessible_formats: str = ""
    site_url: SiteUrl | None = None
    """Where this publisher's sen-leaflets site is published; printed leaflets' QR codes point there."""
    branding: Branding = Branding()
    dates: Dates
    leaflets: dict[str, LeafletChanges] = Field(min_length=1)

    @property
    def text_name(self) -> str:
        return self.name_in_text or self.name


# --- loading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Library:
    """Everything shared: the Code of Practice data, shared blocks and leaflets."""

    code: CodeOfPractice
    blocks: dict[str, ContentBlock]
    leaflets: dict[str, Leaflet]
    local_authorities: dict[str, str]
    """GSS code to name, for the English local authorities with SEND duties."""


@dataclass(frozen=True)
class Publisher:
    """A validated publisher with its local blocks."""

    authority: Authority
    path: Path
    local_blocks: dict[str, ContentBlock]
    document: YamlDocument


def validate(document: YamlDocument, schema: type[Schema], extra: dict[str, Any] | None = None) -> Any:
    """Validate YAML data against a schema, turning every error into a located problem."""
    data = document.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError([document.problem((), "this file should hold keys and values (a YAML mapping)")])
    try:
        return schema.model_validate({**data, **(extra or {})})
    except ValidationError as exc:
        raise ContentError([_problem_for(document, schema, error) for error in exc.errors()]) from None


def _field_names(schema: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    stack: list[Any] = [schema]
    seen: set[Any] = set()
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for candidate in _models_in(info.annotation):
                stack.append(candidate)
    return names


def _models_in(annotation: Any) -> Iterable[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(argument)


_PYDANTIC_LABEL = re.compile(r"[a-z][a-z-]*\[.+\]")


def _problem_for(document: YamlDocument, schema: type[Schema], error: Any) -> Problem:
    loc = tuple(error["loc"])
    # pydantic adds labels of its own to some locations ('function-after[_web_url(), str]'), not keys.
    loc = tuple(part for part in loc if not (isinstance(part, str) and _PYDANTIC_LABEL.fullmatch(part)))
    where = ".".join(str(part) for part in loc) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = difflib.get_close_matches(key, sorted(_field_names(schema)), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else "; remove it or check its spelling and indentation"
        return document.problem(loc, f"unknown key '{where}'{hint}")
    if kind == "missing":
        parent = ".".join(str(part) for part in loc[:-1])
        inside = f" under '{parent}'" if parent else ""
        return document.problem(loc, f"missing required key '{loc[-1]}'{inside}: add it")
    message = str(error["msg"]).removeprefix("Value error, ")
    for jargon, plain in (("valid tuple", "list"), ("valid list", "list"), ("valid dictionary", "set of keys")):
        message = message.replace(jargon, plain)
    if kind in {"string_type", "int_type", "bool_type", "dict_type", "list_type", "tuple_type", "model_type"}:
        found = type(error.get("input")).__name__
        found = {
            "dict": "a set of keys",
            "list": "a list",
            "str": "text",
            "int": "a number",
            "NoneType": "nothing",
        }.get(found, found)
        message = f"{message.rstrip('.')}, but found {found}"
    return document.problem(loc, f"'{where}': {message}", at_value=True)


def load_code_of_practice(project: Project) -> CodeOfPractice:
    result: CodeOfPractice = validate(load_yaml(project.code_of_practice_file), CodeOfPractice)
    return result


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
    )


def _load_blocks(folder: Path, owner: str | None, project: Project, problems: list[Problem]) -> dict[str, ContentBlock]:
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
                    f"'{path.name}' is not a usable block name: use lower-case letters, digits and hyphens, "
                    "like 'what-is-sen-support.md'",
                )
            )
            continue
        try:
            blocks[path.stem] = load_block(path, owner)
        except ContentError as exc:
            problems.extend(exc.problems)
    return blocks


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
    problems: list[Problem] = []
    code: CodeOfPractice | None = None
    try:
        code = load_code_of_practice(project)
    except ContentError as exc:
        problems.extend(exc.problems)
    blocks = _load_blocks(project.blocks_dir, None, project, problems)
    leaflets: dict[str, Leaflet] = {}
    for path in sorted(project.leaflets_dir.glob("*.yml")):
        try:
            document = load_yaml(path)
            leaflet: Leaflet = validate(document, Leaflet, {"id": path.stem})
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        unreadable = {p.path.stem: ContentBlock(p.path.stem, "", "", p.path, 1) for p in problems}
        problems.extend(_check_block_refs(document, leaflet.sections, ("sections",), {**unreadable, **blocks}))
        problems.extend(_check_sections(document, leaflet.sections, ("sections",)))
        problems.extend(_check_leaflet_id(document, leaflet.id))
        leaflets[leaflet.id] = leaflet
    if problems or code is None:
        raise ContentError(problems, project.root)
    return Library(code, blocks, leaflets, load_local_authorities(project))


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
    if leaflet_id.endswith(LARGE_PRINT_SUFFIX):
        return [
            document.problem(
                (),
                f"a leaflet's name cannot end with '{LARGE_PRINT_SUFFIX}': that is how the large print PDF of "
                f"'{leaflet_id.removesuffix(LARGE_PRINT_SUFFIX)}' is named; rename this file",
            )
        ]
    return []


def _check_sections(document: YamlDocument, sections: Iterable[Section], at: tuple[str | int, ...]) -> list[Problem]:
    """Each section is a page named by its id: ids must be different, and not the leaflet's own index page."""
    problems = []
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
) -> list[Problem]:
    problems = []
    for s_index, section in enumerate(sections):
        for b_index, block_id in enumerate(section.blocks):
            if block_id not in known:
                message = _unknown_block(block_id, known, slug)
                problems.append(document.problem((*at, s_index, "blocks", b_index), message))
    return problems


def _unknown_block(block_id: str, known: Iterable[str], slug: str | None = None) -> str:
    close = difflib.get_close_matches(block_id, sorted(known), n=1, cutoff=0.6)
    looked = f"content/blocks/{block_id}.md" + (f" or authorities/{slug}/blocks/{block_id}.md" if slug else "")
    hint = f"did you mean '{close[0]}'?" if close else "check the name, or create the file"
    return f"unknown block '{block_id}': there is no {looked}; {hint}"


def list_slugs(project: Project) -> list[str]:
    """The slugs of every publisher, from the YAML files in `authorities/`."""
    return sorted(path.stem for path in project.authorities_dir.glob("*.yml"))


def load_publisher(project: Project, slug: str, library: Library) -> Publisher:
    """Load and validate one publisher's YAML and local blocks against the shared library."""
    path = project.authority_file(slug)
    if not re.fullmatch(SLUG, slug):
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    1,
                    f"'{path.name}' is not a usable publisher file name: use lower-case letters, digits and hyphens, "
                    "like kent.yml or bath-and-north-east-somerset.yml",
                )
            ]
        )
    if not path.exists():
        raise ContentError(
            [Problem(path, 1, 1, f"there is no publisher '{slug}': run 'sen-leaflets list' to see the publishers")]
        )
    if slug in SITE_ROOT_NAMES:
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    1,
                    f"a publisher cannot be called '{slug}': the published folder already uses that name; "
                    "rename this file",
                )
            ]
        )
    document = load_yaml(path)
    authority: Authority = validate(document, Authority, {"slug": slug})
    problems: list[Problem] = []
    local_blocks = _load_blocks(project.local_blocks_dir(slug), slug, project, problems)
    for block_id, block in local_blocks.items():
        if block_id in library.blocks:
            problems.append(
                Problem(
                    block.path,
                    1,
                    1,
                    f"local block '{block_id}' has the same name as a shared block: "
                    "give it its own name and use 'replace' to swap it in",
                )
            )
    if problems:
        # A block that could not be read is reported once, not again wherever it is used.
        raise ContentError(problems, project.root)
    problems.extend(_check_publisher(document, authority, library, local_blocks, project))
    if problems:
        raise ContentError(problems, project.root)
    return Publisher(authority, path, local_blocks, document)


def _check_publisher(
    document: YamlDocument,
    authority: Authority,
    library: Library,
    local_blocks: dict[str, ContentBlock],
    project: Project,
) -> list[Problem]:
    problems: list[Problem] = []
    if not authority.serves and not authority.national:
        problems.append(
            document.problem(
                ("serves",),
                "add 'serves' with the local authorities this service covers, "
                "or 'national: true' for a national organisation",
            )
        )
    for index, served in enumerate(authority.serves):
        if served.gss not in library.local_authorities:
            problems.append(
                document.problem(
                    ("serves", index, "gss"),
                    at_value=True,
                    message=f"'{served.gss}' is not the GSS code of an English local authority with SEND duties: "
                    "see content/local-authorities.csv",
                )
            )
    if authority.branding.logo is not None:
        logo = project.root / authority.branding.logo.path
        if Path(authority.branding.logo.path).is_absolute() or not project.contains(logo):
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
                    ("branding", "logo", "path"),
                    f"there is no logo file at '{authority.branding.logo.path}'",
                    at_value=True,
                )
            )
        else:
            problem = logo_problem(logo)
            if problem is not None:
                problems.append(document.problem(("branding", "logo", "path"), problem, at_value=True))
    everything = {**library.blocks, **local_blocks}
    for leaflet_id, changes in authority.leaflets.items():
        at: tuple[str | int, ...] = ("leaflets", leaflet_id)
        leaflet = library.leaflets.get(leaflet_id)
        if leaflet is None:
            close = difflib.get_close_matches(leaflet_id, sorted(library.leaflets), n=1)
            hint = (
                f"did you mean '{close[0]}'?" if close else f"the leaflets are: {', '.join(sorted(library.leaflets))}"
            )
            problems.append(document.problem(at, f"unknown leaflet '{leaflet_id}': {hint}"))
            continue
        shared_ids = {b for section in leaflet.sections for b in section.blocks}
        for index, block_id in enumerate(changes.leave_out):
            if block_id not in shared_ids:
                problems.append(
                    document.problem((*at, "leave_out", index), _not_in_leaflet(block_id, leaflet_id, shared_ids))
                )
        for block_id, replacement in changes.replace.items():
            if block_id not in shared_ids:
                problems.append(
                    document.problem((*at, "replace", block_id), _not_in_leaflet(block_id, leaflet_id, shared_ids))
                )
            if replacement not in everything:
                problems.append(
                    document.problem(
                        (*at, "replace", block_id), _unknown_block(replacement, everything, authority.slug)
                    )
                )
        for key in ("add_after", "add_before"):
            anchors: dict[str, tuple[str, ...]] = getattr(changes, key)
            for anchor, added in anchors.items():
                if anchor not in everything:
                    problems.append(
                        document.problem((*at, key, anchor), _unknown_block(anchor, everything, authority.slug))
                    )
                for index, block_id in enumerate(added):
                    if block_id not in everything:
                        problems.append(
                            document.problem(
                                (*at, key, anchor, index), _unknown_block(block_id, everything, authority.slug)
                            )
                        )
        if changes.sections is not None:
            problems.extend(
                _check_block_refs(document, changes.sections, (*at, "sections"), everything, authority.slug)
            )
            problems.extend(_check_sections(document, changes.sections, (*at, "sections")))
    return problems


MAX_LOGO_BYTES = 2_000_000
MAX_LOGO_PIXELS = 25_000_000
"""A logo is printed at most 60 mm wide: 25 megapixels is far more than print or screen needs."""


def logo_problem(path: Path) -> str | None:
    """Why the logo cannot be published (not a PNG or JPEG that decodes, or too big), or None."""
    from PIL import Image

    try:
        data = read_input(path, MAX_LOGO_BYTES)
    except ContentError as exc:
        return exc.problems[0].message.replace("this file", "the logo file")
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.format not in {"PNG", "JPEG"}:
                return f"the logo file is a {picture.format} picture, not PNG or JPEG: save it as a .png"
            width, height = picture.size
            if width * height > MAX_LOGO_PIXELS:
                return f"the logo is {width} by {height} pixels, far larger than print needs: make it smaller"
            picture.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return (
            "the logo file is not a PNG or JPEG picture that can be read (it may be damaged, or another kind "
            "of file): open it in an image editor and save it again as a .png"
        )
    return None


def _not_in_leaflet(block_id: str, leaflet_id: str, shared_ids: set[str]) -> str:
    close = difflib.get_close_matches(block_id, sorted(shared_ids), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"see content/leaflets/{leaflet_id}.yml"
    return f"block '{block_id}' is not in the shared leaflet '{leaflet_id}': {hint}"
