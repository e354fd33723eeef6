"""The schemas of the inputs: what a publisher's YAML, a leaflet and the Code of Practice data may hold.

Each field's own rules (a UK phone number, an https address, a date) live in
`fields`; rules that relate one file to another live in `rules`. Unknown keys are
errors, and loaded data is read-only.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, field_validator

from .fields import BrandColour, FlexibleDate, SiteUrl, UkPhone, WebUrl, shown

BLOCK_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"

SLUG = BLOCK_ID


def _plain_title(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError(f"{shown(value)} has < or > in it: names and titles are plain text, without markup")
    return value


PlainTitle = Annotated[str, Field(min_length=1), AfterValidator(_plain_title)]
"""A name or title: shown in page titles and menus, so plain text only."""


class Schema(BaseModel):
    """Base for every schema: unknown keys are errors and loaded data is read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Publishing(Schema):
    """Where the publishers' sites are published (content/publishing.yml): set once for the project."""

    sites_address: SiteUrl | None = None
    """Each publisher's site is at this address followed by its slug (https://…/kent/), unless it sets `site_url`."""


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
    audience: str = ""
    """Who the leaflet is for, printed on its cover ("For parents and carers of ...")."""
    sections: tuple[Section, ...] = Field(min_length=1)


class BlockFrontMatter(Schema):
    title: str = Field(min_length=1)
    based_on: str | None = None
    """For a local block that replaces a shared one: the hash of the shared text it was written from."""
    notes: str = ""


class LocalOffer(Schema):
    name: str = "Local Offer"
    url: WebUrl
    published_by: str | None = None
    """How the leaflet names who publishes it, when that differs from the authority's name."""


class LocalAuthority(Schema):
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


class Placement(Schema):
    """Where a section goes: after one section, or before one (at the end if neither)."""

    after: str | None = None
    before: str | None = None


class AddedSection(Section):
    """A publisher's own section in a shared leaflet, placed after or before one of its sections."""

    after: str | None = None
    before: str | None = None


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
    section_titles: dict[str, PlainTitle] = {}
    """The publisher's own title for a section, by the section's id; the section keeps its shared blocks."""
    leave_out_sections: tuple[str, ...] = ()
    """Sections left out, by id."""
    move_sections: dict[str, Placement] = {}
    """Sections moved, by id: each after (or before) another section."""
    add_sections: tuple[AddedSection, ...] = ()
    """The publisher's own sections, each placed after (or before) a section of the leaflet, or at its end."""
    contact_on_cover: bool = False
    """Print the contact panel on the cover, as leaflets that open with their contact details do."""


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

    slug: str = Field(pattern=SLUG)
    name: PlainTitle
    name_in_text: str = ""
    """How running text names the service ('the SEND Partnership Service'); defaults to `name`."""
    strapline: tuple[str, ...] = ()
    serves: tuple[LocalAuthority, ...] = ()
    national: bool = False
    contact: Contact
    accessible_formats: str = ""
    site_url: SiteUrl | None = None
    """Where this publisher's sen-leaflets site is published; printed leaflets' QR codes point there."""
    branding: Branding = Branding()
    dates: Dates
    leaflets: dict[str, LeafletChanges] = Field(min_length=1)
    accept_warnings: tuple[AcceptedWarning, ...] = ()
    """Warnings the publisher keeps on purpose, each with its reason."""

    @property
    def text_name(self) -> str:
        return self.name_in_text or self.name
