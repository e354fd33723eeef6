"""The schemas of the inputs: what a publisher's YAML, a leaflet and the Code of Practice data may hold.

Each field's own rules (a UK phone number, an https address, a date) live in
`fields`; rules that relate one file to another live in `rules`. Unknown keys are
errors, and loaded data is read-only.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from .fields import BrandColour, Email, FlexibleDate, PartialDate, SiteUrl, UkPhone, WebUrl, has_words, shown

BLOCK_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"

SLUG = BLOCK_ID
MAX_NAME_LENGTH = 60
MAX_PUBLISHER_NAME = 120
"""Characters in a publisher's name: the longest real one has under 100."""
MAX_STRAPLINE_LINES = 3
MAX_STRAPLINE_LINE = 100
"""The longest slug, leaflet id or section id: each names a folder or file, and a file system takes 255 bytes."""


def _has_words(value: str) -> str:
    if not has_words(value):
        raise ValueError("this cannot be empty: write the words after the colon")
    return value


def _plain_title(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError(f"{shown(value)} has < or > in it: names and titles are plain text, without markup")
    return _has_words(value)


PlainTitle = Annotated[str, Field(min_length=1), AfterValidator(_plain_title)]
"""A name or title: shown in page titles and menus, so plain text only."""
MAX_LEAFLET_TITLE = 150
"""Characters in a leaflet's title: the cover prints it large, and every page's running head takes two lines of it."""


def _fits_a_cover(value: str) -> str:
    if len(value) > MAX_LEAFLET_TITLE:
        raise ValueError(
            f"a leaflet's title is printed large on its cover, which is one page, and at the top of every page: it may "
            f"have at most {MAX_LEAFLET_TITLE} characters, and this one has {len(value):,}: shorten it (the summary "
            "can say more)"
        )
    return value


LeafletTitle = Annotated[PlainTitle, AfterValidator(_fits_a_cover)]
"""A leaflet's title: plain text that fits its cover."""
Words = Annotated[str, AfterValidator(_has_words)]
"""Text that is shown as a label or a link's words: never empty, nor only spaces or invisible characters."""
OptionalWords = Annotated[str, AfterValidator(lambda value: value and _has_words(value))]
"""As `Words`, or nothing at all (the key left out, or ""): then something else is shown."""


class Schema(BaseModel):
    """Base for every schema: unknown keys are errors and loaded data is read-only."""

    # Each field's docstring describes it in the README's tables of keys, which `generator/reports/keys.py` reads
    # from this file's text. Not pydantic's use_attribute_docstrings: it read them on every start of every
    # command (37 ms, a twentieth of a rebuild with nothing to do), for a table printed by hand.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Publishing(Schema):
    """Where the publishers' sites are published (content/publishing.yml): set once for the project."""

    sites_address: SiteUrl | None = None
    """Each publisher's site is at this address followed by its slug (https://…/kent/), unless it sets `site_url`."""


class CodeReview(Schema):
    """A change to the Code that is proposed but not yet law: every page of every site says so."""

    note: str = Field(min_length=1)
    """One or two sentences, shown in a bar at the top of every page."""
    url: WebUrl | None = None
    """Where to read about the proposed change."""
    link_text: str = Field(default="Read about the proposed changes", min_length=1)
    """The words of the link to `url` (a link without words is one a screen reader cannot name)."""


class CodeOfPractice(Schema):
    """Which edition of the Code the leaflets quote, where it lives, and what they cite."""

    title: str
    short_title: str
    edition: str
    in_force_from: FlexibleDate
    url: WebUrl
    pdf_url: WebUrl
    licence: str
    licence_url: WebUrl | None = None
    """The licence's own page (the Open Government Licence), linked from every page's footer."""
    under_review: CodeReview | None = None
    """Set while changes to the Code are proposed: an announcement bar on every page says so."""
    paragraphs: tuple[str, ...] = Field(min_length=1)
    """The paragraph numbers that blocks may cite, so a typo in a citation is caught."""

    @field_validator("paragraphs")
    @classmethod
    def _paragraph_numbers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for number in value:
            if not re.fullmatch(r"\d+\.\d+|[ivx]+", number):
                raise ValueError(f"'{number}' is not a paragraph number like 6.17")
        return value


class GlossaryTerm(Schema):
    """An abbreviation the leaflets use, and what it stands for."""

    abbreviation: PlainTitle
    meaning: str = Field(min_length=1)


class Glossary(Schema):
    """content/glossary.yml: explained wherever the websites use them, and listed on a Glossary page."""

    terms: tuple[GlossaryTerm, ...] = ()

    @field_validator("terms")
    @classmethod
    def _each_once(cls, value: tuple[GlossaryTerm, ...]) -> tuple[GlossaryTerm, ...]:
        seen: set[str] = set()
        for term in value:
            if term.abbreviation in seen:
                raise ValueError(f"'{term.abbreviation}' is in the glossary twice: keep one")
            seen.add(term.abbreviation)
        return value


class Section(Schema):
    """A part of a leaflet: a page on the website, a chapter in print."""

    id: str = Field(pattern=SLUG, max_length=MAX_NAME_LENGTH)
    title: PlainTitle
    blocks: tuple[str, ...] = Field(min_length=1)


class Leaflet(Schema):
    """A leaflet: a title and an ordered list of sections of block ids."""

    id: str = Field(pattern=SLUG, max_length=MAX_NAME_LENGTH)
    title: LeafletTitle
    summary: str = ""
    audience: str = ""
    """Who the leaflet is for, printed on its cover ("For parents and carers of ...")."""
    sections: tuple[Section, ...] = Field(min_length=1)


class BlockFrontMatter(Schema):
    title: str = Field(min_length=1)
    based_on: str | None = None
    """For a local block that replaces a shared one: the hash of the shared text it was written from."""
    notes: str = ""


class LocalOffer(Schema):
    name: Words = "Local Offer"
    """what the Local Offer is called (default "Local Offer")."""
    url: WebUrl
    """the authority's Local Offer web address."""
    published_by: str | None = None
    """who publishes it, as the leaflet says, if not the authority's `name`."""


class LocalAuthority(Schema):
    """A local authority a publisher serves, named by its GSS code."""

    gss: str = Field(pattern=r"^E(06|07|08|09|10)\d{6}$")
    """the authority's GSS code, from `content/local-authorities.csv` (Kent: `E10000016`); a retired code is refused
    with its successor, from `content/local-authority-changes.csv`.
    """
    name: Words
    """the authority's name as the leaflet says it ("Kent County Council (KCC)")."""
    local_offer: LocalOffer


class Phone(Schema):
    number: UkPhone
    label: Words = "Helpline"
    hours: str = ""


class Textphone(Phone):
    label: Words = "Textphone"


class SocialLink(Schema):
    name: Words
    url: WebUrl
    label: OptionalWords = ""
    """The words shown, when they are not simply '<name>: <address>'."""


class Contact(Schema):
    helpline: Phone | None = None
    """`number` (a valid UK number, printed with the service's own grouping, `03000 41 3000`, and linked as
    `tel:+443000413000`; a premium-rate number is warned about), `label` (default "Helpline"), `hours`.
    """
    textphone: Textphone | None = None
    """as `helpline` (label default "Textphone"); a number through Relay UK keeps its prefix (`18001 0800 121 7772`),
    and its link dials the prefix too."""
    other_phones: tuple[Phone, ...] = ()
    """a list, as `helpline`."""
    email: Email | None = None
    """the email address, of plain letters, digits and `. _ % + - @` only (`help@example.org.uk`)."""
    email_label: Words = "Email"
    """the email address's label (default "Email")."""
    website: WebUrl | None = None
    """the service's website, an `https://` address."""
    address: tuple[str, ...] = ()
    """postal address lines."""
    address_note: str = ""
    """a note under the address, such as "Meetings by appointment only"."""
    opening_hours: str = ""
    """opening hours, as text."""
    social: tuple[SocialLink, ...] = ()
    """a list of `name`, `url` and `label` (the words shown, if not the name and address)."""


def _logo_file_name(value: str) -> str:
    # In double quotation marks YAML reads "\n" and "\t" as a line break and a tab: "authorities\notts\logo.png"
    # arrives with line breaks where its \ were.
    if any(character in value for character in "\n\t\r\a\b\f\v\x1b\0"):
        raise ValueError(
            "this path holds a line break or a tab, which YAML makes of a \\ followed by n, t and the like in double "
            "quotation marks: write / between its folders instead, as in authorities/kent/logo.png"
        )
    if "\\" in value:
        raise ValueError(
            f"{shown(value)} is written with \\ between its folders: write / instead, as in authorities/kent/logo.png "
            "(the same on every computer)"
        )
    if not re.fullmatch(r"(?i)[^\\]+\.(png|jpe?g)", value):
        raise ValueError(
            f"{shown(value)} is not a PNG or JPEG file: save the logo as a .png (or .jpg) picture; "
            "other kinds, such as SVG, can carry scripts and links"
        )
    return value


class Logo(Schema):
    path: Annotated[str, AfterValidator(_logo_file_name)]
    """A PNG or JPEG file inside the repository, such as authorities/kent/logo.png."""
    alt: Words
    """What the logo says or shows, for people who cannot see it."""


class Branding(Schema):
    colour: BrandColour = "#1d4f91"
    """`#rrggbb`, dark enough for white text (contrast at least 4.5:1); without a logo, the website's icon is a
    square of this colour."""
    logo: Logo | None = None
    """`path` (a PNG or JPEG file inside the repository, at most 2 MB) and `alt` (required alternative text); shown
    in the website's header on every page, as its icon (favicon), on its home page and on the printed covers."""


class Dates(Schema):
    published: FlexibleDate
    """`2025-10-01`, `2025-10` or `2025`; printed on every page."""
    review: FlexibleDate | None = None
    """when the text should next be reviewed (a warning once it has passed)."""


class Placement(Schema):
    """Where a section goes: after one section, or before one (at the end if neither)."""

    after: str | None = None
    before: str | None = None


class AddedSection(Section):
    """A publisher's own section in a shared leaflet, placed after or before one of its sections."""

    after: str | None = None
    before: str | None = None


class AccessibilityStatement(Schema):
    """What the website's accessibility statement says about itself, in the order of GOV.UK's model statement."""

    status: Literal["fully", "partially", "not"] = "partially"
    """the website's compliance with WCAG 2.2 AA, as GOV.UK's model accessibility statement says it: `fully`,
    `partially` (the default) or `not` compliant. `fully` needs `manual_audit`: automated tests alone never justify
    it, and `check` refuses it."""
    known_issues: tuple[str, ...] = ()
    """the problems known, one line each, listed under "Non-accessible content" (needed with `partially` or `not`
    once there is a manual audit; before one, the statement says the site has not been audited by hand, and, with
    `partially` and no problem known, that this is what keeps it from `fully`, not a non-compliance)."""
    prepared: FlexibleDate | None = None
    """when the statement was prepared, shown under "Preparation of this statement" (default: the latest of
    `dates.published`, `automated_check` and `manual_audit`)."""
    reviewed: FlexibleDate | None = None
    """when it was last reviewed (default: when it was prepared)."""
    automated_check: FlexibleDate | None = None
    """when the site was last checked with axe-core (default: `dates.published`)."""
    manual_audit: FlexibleDate | None = None
    """when a person last audited the site by hand, with assistive technology, if one has."""
    audited_by: str = ""
    """who carried out the manual audit (default: the service)."""


class LeafletChanges(Schema):
    """A publisher's local changes to one shared leaflet."""

    title: LeafletTitle | None = None
    """the publisher's own title for the leaflet (at most 150 characters)."""
    summary: str | None = None
    """the publisher's own one-line summary of it, shown on its home page."""
    leave_out: tuple[str, ...] = ()
    """`[block, ...]`: leaves shared blocks out."""
    replace: dict[str, str] = {}
    """`{shared-block: local-block}`: uses a local block instead of a shared one."""
    add_after: dict[str, tuple[str, ...]] = {}
    """`{block: [block, ...]}`: adds blocks after a block (to move a shared block: leave it out and add it
    elsewhere).
    """
    add_before: dict[str, tuple[str, ...]] = {}
    """`{block: [block, ...]}`: adds blocks before a block."""
    sections: tuple[Section, ...] | None = None
    """`[...]`: a whole own order of sections and blocks, as in a leaflet file (the shared order's later changes then
    no longer reach it: prefer the section keys).
    """
    section_titles: dict[str, PlainTitle] = {}
    """`{section: "Title"}`: the publisher's own title for a section; the section keeps its shared blocks and their
    changes.
    """
    leave_out_sections: tuple[str, ...] = ()
    """`[section, ...]`: leaves whole sections out."""
    move_sections: dict[str, Placement] = {}
    """`{section: {after: other}}`: moves a section after (or `before:`) another."""
    add_sections: tuple[AddedSection, ...] = ()
    """`[{id, title, blocks, after}]`: adds a section of the publisher's own, after (or `before:`) a section of the
    leaflet, or at its end.
    """
    contact_on_cover: bool = False
    """`true`: prints the contact panel on the PDF's cover, for leaflets that open with it."""


class AcceptedWarning(Schema):
    """One warning a publisher has looked at and keeps on purpose, with its reason, so `check --strict` passes.

    It covers one stretch of text: when that text changes, the acceptance lapses and the warning is back.
    """

    file: str = Field(min_length=1)
    """The file the warning is reported in, as `check` names it (authorities/durham/blocks/....md)."""
    warning: str = Field(min_length=1)
    """Words from the warning's message, enough to tell it from others in that file ("in the future tense")."""
    covers: str = Field(min_length=1)
    """The text the warning is about, copied from the file: a change to it ends the acceptance."""
    reason: str = Field(min_length=1)
    """Why the publisher keeps it: shown by `drift` for the national maintainer."""


class Publisher(Schema):
    """A publisher: an IAS service (serving one or more local authorities) or a national charity."""

    slug: str = Field(pattern=SLUG, max_length=MAX_NAME_LENGTH)
    name: PlainTitle
    """the service's name, as on its leaflets (at most 120 characters)."""
    name_in_text: str = ""
    """how running text names it, if not `name` ("the SEND Partnership Service")."""
    strapline: tuple[str, ...] = ()
    """lines shown under the name on the home page and the cover: at most 3, of at most 100 characters each."""
    serves: tuple[LocalAuthority, ...] = ()
    """the local authorities served (required unless `national: true`); several for a joint service."""
    national: bool = False
    """`true` for a national organisation serving no single authority."""
    contact: Contact
    accessible_formats: str = ""
    """the statement about other formats ("On request, this information can be provided in alternative formats.")."""
    site_url: SiteUrl | None = None
    """where the publisher's sen-leaflets site is published, as a plain `https://` address
    (`https://www.example.org.uk/sen/`), when it is not at `content/publishing.yml`'s `sites_address` followed by
    the slug; the printed leaflets' QR codes point there.
    """
    copyright: str = ""
    """the copyright line in the website's footer (`© Kent County Council 2025`); by default the service's name and
    the year of `dates.published`. The footer adds that the Code of Practice quotations are under the Open
    Government Licence, and never says which software made the site."""
    branding: Branding = Branding()
    dates: Dates
    accessibility: AccessibilityStatement = AccessibilityStatement()
    """what the website's accessibility statement says about its compliance and testing (below)."""
    leaflets: dict[str, LeafletChanges] = Field(min_length=1)
    """the leaflets this publisher publishes, each with its local changes (below); a leaflet with nothing after
    it (`sen-support:`) is published as it is."""

    @field_validator("name")
    @classmethod
    def _fits_the_cover(cls, value: str) -> str:
        if len(value) > MAX_PUBLISHER_NAME:
            raise ValueError(
                f"the cover and every page's header have room for a name of at most {MAX_PUBLISHER_NAME} "
                f"characters, and this one has {len(value)}: shorten it (name_in_text may say it in full)"
            )
        return value

    @field_validator("strapline")
    @classmethod
    def _strapline_fits_the_cover(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # The cover stays one page in both formats: with the longest name, a logo and the contact panel on it,
        # three lines of 100 characters still fit a large print cover.
        if len(value) > MAX_STRAPLINE_LINES or any(len(line) > MAX_STRAPLINE_LINE for line in value):
            raise ValueError(
                f"the cover has room for at most {MAX_STRAPLINE_LINES} strapline lines of at most "
                f"{MAX_STRAPLINE_LINE} characters each: shorten it"
            )
        return value

    @field_validator("leaflets", mode="before")
    @classmethod
    def _nothing_means_no_changes(cls, value: object) -> object:
        # `sen-support:` on its own line is how an editor lists a leaflet published without changes.
        if isinstance(value, dict):
            return {key: {} if changes is None else changes for key, changes in value.items()}
        return value

    accept_warnings: tuple[AcceptedWarning, ...] = ()
    """warnings kept on purpose: each `file` (as `check` names it), `warning` (words from its message), `covers` (the
    text it is about, copied from the file) and `reason`; see [Accepting a warning](#accepting-a-warning).
    """

    @property
    def text_name(self) -> str:
        return self.name_in_text or self.name

    @property
    def statement_prepared(self) -> PartialDate:
        """When the accessibility statement was prepared: as written, else the latest of the leaflet's date and the
        website's checks up to its last review (a statement about a check is written after it: a factsheet of 2014
        whose website was checked in 2026 was not given a statement citing WCAG 2.2, published in 2023, in 2014)."""
        statement = self.accessibility
        if statement.prepared is not None:
            return statement.prepared
        known = [date for date in (self.dates.published, statement.automated_check, statement.manual_audit) if date]
        if statement.reviewed is not None:
            # Prepared before it was reviewed: a check recorded after the last review does not date the statement.
            reviewed = statement.reviewed.latest_day()
            known = [date for date in known if date.latest_day() <= reviewed] or [statement.reviewed]
        return max(known, key=lambda date: date.latest_day())
