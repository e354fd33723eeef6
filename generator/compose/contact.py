"""One view of how to reach a publisher, for every place that shows it.

The site's footer, its home page, a leaflet's contact panel and the printed cover
all show the same facts, in the same words (a textphone is never dropped, the email
label is the publisher's own), and the contact panel is the publisher's replacement
wherever it replaces the shared one.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..inputs.blocks import CONTACT_PANEL, ContentBlock
from ..inputs.fields import tel_uri, url_text
from ..inputs.schema import CodeOfPractice, Phone, Publisher
from .markdown import to_safe_html
from .sanitise import Refusal
from .templating import BlockEnvironment, block_context, local_offer_texts, mailto_uri, render_block


@dataclass(frozen=True)
class PhoneLine:
    label: str
    number: str
    tel: str
    """The `tel:` address it links to."""
    hours: str


@dataclass(frozen=True)
class LinkLine:
    label: str
    url: str
    text: str
    """What the link shows."""


@dataclass(frozen=True)
class ContactView:
    """Everything that says how to reach a publisher, the same on every page and on paper."""

    name: str
    phones: tuple[PhoneLine, ...]
    """The helpline, then the textphone, then other numbers, as the YAML gives them."""
    email: str | None
    email_href: str | None
    """The `mailto:` address, with characters that would add mail headers encoded."""
    email_label: str
    website: LinkLine | None
    address: tuple[str, ...]
    address_note: str
    opening_hours: str
    social: tuple[LinkLine, ...]
    local_offers: tuple[LinkLine, ...]
    """Each local authority's Local Offer: `label` is the authority."""
    accessible_formats: str
    panel_block: str
    """The block that lays out the contact panel: the shared one, or the publisher's replacement."""
    panel_markdown: Markup
    panel_html: str
    """The contact panel, composed and sanitised."""


PANEL_CLASS = "contact-panel"
"""The box every output draws round the contact panel: the site's panel, and paper's "Contact us" page."""


def as_contact_panel(markdown: str) -> str:
    """The panel block's Markdown inside its box, whichever block it is (the shared one or a replacement).

    The composer, not each block, draws the box, so a publisher's own panel is laid out like
    the shared one, on the site and on paper.
    """
    return f'<div class="{PANEL_CLASS}">\n\n{markdown.strip()}\n\n</div>\n'


def panel_block_for(publisher: Publisher, leaflet_id: str | None = None) -> str:
    """The block that lays out this publisher's contact panel: its replacement in the leaflet, or the shared one.

    Without a leaflet, the first leaflet (in the YAML's order) that replaces it decides.
    """
    changes = [publisher.leaflets[leaflet_id]] if leaflet_id else list(publisher.leaflets.values())
    return next((c.replace[CONTACT_PANEL] for c in changes if CONTACT_PANEL in c.replace), CONTACT_PANEL)


def _phone(phone: Phone) -> PhoneLine:
    return PhoneLine(phone.label, phone.number, tel_uri(phone.number), phone.hours)


def contact_view(
    publisher: Publisher,
    code: CodeOfPractice,
    env: BlockEnvironment,
    blocks: dict[str, ContentBlock],
    panel_block: str,
) -> tuple[ContactView, tuple[Refusal, ...]]:
    """The publisher's contact view, with its panel rendered from `panel_block`.

    Raises `ContentError` if the panel block cannot be rendered. Also returns what the
    sanitiser took out of the panel, for the caller to locate and report.
    """
    contact = publisher.contact
    phones = [p for p in (contact.helpline, contact.textphone, *contact.other_phones) if p is not None]
    markdown = Markup(as_contact_panel(render_block(env, blocks[panel_block], block_context(publisher, code))))
    panel = to_safe_html(markdown, code)
    view = ContactView(
        name=publisher.name,
        phones=tuple(_phone(phone) for phone in phones),
        email=contact.email,
        email_href=mailto_uri(contact.email) if contact.email else None,
        email_label=contact.email_label,
        website=LinkLine("Website", contact.website, url_text(contact.website)) if contact.website else None,
        address=contact.address,
        address_note=contact.address_note,
        opening_hours=contact.opening_hours,
        social=tuple(LinkLine(s.name, s.url, s.label or url_text(s.url)) for s in contact.social),
        local_offers=tuple(
            LinkLine(served.name, served.local_offer.url, text)
            for served, text in zip(publisher.serves, local_offer_texts(publisher.serves), strict=True)
        ),
        accessible_formats=publisher.accessible_formats,
        panel_block=panel_block,
        panel_markdown=markdown,
        panel_html=panel.html,
    )
    return view, panel.refused
