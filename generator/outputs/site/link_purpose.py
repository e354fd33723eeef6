"""Links whose words alone say where they go (WCAG 2.4.4): no two links on a page read alike but lead apart.

A joint service's pages once said "look at the Local Offer and Local Offer", two links with
the same words to two councils' sites. A reader who lists a page's links (as screen readers
do) cannot tell such links apart. This looks at every page of the site as it is published (its
article and its footer) and warns at the block or YAML line the links come from.
"""

from __future__ import annotations

from collections import defaultdict

from ...compose.html_tree import parse_fragment, text_of
from ...compose.leaflet import ComposedLeaflet, locate_refusals
from ...compose.sanitise import Refusal
from ...inputs.blocks import ContentBlock
from ...inputs.load import PublisherInputs
from ...problems import Problem
from .pages import PublisherSite, leaflet_page_path


def page_links(html: str, footer: dict[str, object] | None = None) -> list[tuple[str, str]]:
    """(words, address) of each link on a page: its article's HTML, then its footer's links."""
    found = []
    for anchor in parse_fragment(html).iter("a"):
        words = " ".join(text_of(anchor).split())
        href = anchor.get("href", "")
        if words and href:
            found.append((words, href))
    for offer in (footer or {}).get("local_offers") or []:  # type: ignore[attr-defined]
        found.append((" ".join(str(offer["name"]).split()), str(offer["url"])))
    return found


def same_words_different_places(links: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Each link text (compared without case) that leads to more than one address, with those addresses in order."""
    places: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    for words, href in links:
        key = words.casefold()
        shown.setdefault(key, words)
        if href not in places[key]:
            places[key].append(href)
    return {shown[key]: hrefs for key, hrefs in places.items() if len(hrefs) > 1}


def link_purpose_problems(
    site: PublisherSite, inputs: PublisherInputs, leaflets: list[ComposedLeaflet]
) -> list[Problem]:
    """A warning for every page where two links with the same words go to different addresses."""
    blocks_of: dict[str, list[ContentBlock]] = {}
    for leaflet in leaflets:
        for index, section in enumerate(leaflet.sections):
            blocks_of[leaflet_page_path(leaflet.id, index, section.id)] = [b.source for b in section.blocks]
    offers = {served.local_offer.url: index for index, served in enumerate(inputs.publisher.serves)}
    problems: list[Problem] = []
    titles = {page.path: page.title for page in site.pages}

    def place(href: str) -> str:
        """A link's target as an editor knows it: a page of the site by its title, a web address as it is."""
        target = href.split("#", 1)[0].lstrip("/")
        return f"the page '{titles[target]}'" if target in titles else href

    for page in site.pages:
        for words, hrefs in same_words_different_places(page_links(page.html, site.footer)).items():
            message = (
                f"on the page '{page.title}', {len(hrefs)} links read '{words}' but go to different addresses "
                f"({', '.join(place(href) for href in hrefs)}): someone who hears only a link's words cannot tell "
                "them apart "
                "(WCAG 2.4.4); give each link words of its own"
            )
            located = locate_refusals(
                [Refusal(message, tuple(hrefs), severity="warning")], blocks_of.get(page.path, [])
            )
            if located:
                problems.extend(located)
                continue
            served = next((offers[href] for href in hrefs if href in offers), None)
            if served is not None:
                hint = "; or give each Local Offer its own name (local_offer.name)"
                where = ("serves", served, "local_offer")
                problems.append(inputs.document.problem(where, message + hint, severity="warning"))
            else:
                problems.append(inputs.document.problem((), message, severity="warning"))
    return problems
