"""Composed leaflets -> the pages, navigation, footer and colours of a publisher's site.

Pages are the composed sections' sanitised HTML, plus a home page and an
accessibility statement made from `templates/site/` the way blocks are made. Paths
follow MkDocs' habits (`sen-support/index.md` is served at `sen-support/`), and the
colours are Material's variables: this folder is the only one that knows the site engine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from markupsafe import Markup, escape

from ...compose.contact import ContactView
from ...compose.html_tree import parse_fragment, serialise_fragment
from ...compose.leaflet import ComposedLeaflet, locate_refusals
from ...compose.markdown import Heading, to_safe_html
from ...compose.templating import block_context, escape_text, make_environment, render_block
from ...inputs.blocks import load_block
from ...inputs.fields import PartialDate
from ...inputs.load import Library, PublisherInputs
from ...inputs.project import Project
from ...inputs.schema import Glossary
from ...problems import ContentError, Problem
from ..downloads import EDITIONS, Download

HOME_TEMPLATE = "site/home.md"
ACCESSIBILITY_TEMPLATE = "site/accessibility.md"
ACCESSIBILITY_PAGE = "accessibility.md"
ACCESSIBILITY_TITLE = "Accessibility statement"
ACCESSIBILITY_URL = "accessibility/"
"""Where MkDocs serves ACCESSIBILITY_PAGE (mkdocs.yml has use_directory_urls: true)."""
ACCESSIBILITY_FILE = "accessibility.html"
"""Where it is in an offline copy, whose pages are files (use_directory_urls: false)."""
OFFLINE_SHIM = "assets/javascripts/iframe-worker.js"
"""In an offline copy: runs Material's search worker from a file:// page (templates/site/offline/iframe-worker.js)."""
GLOSSARY_PAGE = "glossary.md"
GLOSSARY_TITLE = "Glossary"
NOT_EXPLAINED_IN = frozenset({"a", "abbr", "code", "h1", "h2", "h3", "h4", "h5", "h6"})
"""Where an abbreviation is left as it is: a link's or a heading's text, or one already explained."""
LOGO_URI = "assets/images/logo"
FAVICON_URI = "assets/images/favicon.svg"
"""The site's own icon when the publisher has no logo: a square of its brand colour, never Material's."""


@dataclass(frozen=True)
class SitePage:
    """One page of a publisher's site: where it goes, its title, and its sanitised HTML with its headings.

    Links to other pages of the site are written as `/` and the page's path
    (`/sen-support/index.md#review`); they become relative addresses when the site is rendered.
    """

    path: str
    title: str
    html: str
    headings: tuple[Heading, ...] = ()
    description: Markup = field(default_factory=Markup)
    """One line for search engines and link previews (meta description, Open Graph), escaped for HTML."""
    updated: PartialDate | None = None
    """When the page's text was last updated, from the YAML's dates: shown on the page and in the sitemap."""


@dataclass(frozen=True)
class SiteLogo:
    """The publisher's logo: the file in the repository and where the site serves it."""

    source: Path
    uri: str
    alt: str


@dataclass(frozen=True)
class PublisherSite:
    """Everything the site engine needs to build one publisher's site."""

    slug: str
    site_name: Markup
    pages: tuple[SitePage, ...]
    nav: list[Any]
    branding_css: str
    footer: dict[str, Any]
    published: PartialDate
    logo: SiteLogo | None = None
    site_url: str | None = None
    """Where the site is published, if the publisher says: MkDocs then writes a full sitemap and 404 page."""
    copyright: Markup = field(default_factory=Markup)
    """The footer's copyright and licence line, escaped for HTML (Material prints it as it is)."""
    favicon_svg: str = ""
    """The icon at FAVICON_URI, used when there is no logo."""


def abbreviations_pattern(glossary: Glossary) -> re.Pattern[str] | None:
    """Any of the glossary's abbreviations as a whole word, the longest first ('EHC plan' before 'EHC')."""
    if not glossary.terms:
        return None
    words = sorted((term.abbreviation for term in glossary.terms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in words) + r")(?![\w-])")


def explain_abbreviations(html: str, glossary: Glossary) -> str:
    """The page's sanitised HTML with each abbreviation of the glossary in `<abbr title="meaning">`.

    Made here, from validated YAML whose meaning is escaped as an attribute, after the
    sanitiser: the element is the site's own, never a block's. Text in links, headings and
    code is left as it is.
    """
    pattern = abbreviations_pattern(glossary)
    if pattern is None:
        return html
    meanings = {term.abbreviation: term.meaning for term in glossary.terms}
    root = parse_fragment(html)
    _explain_within(root, pattern, meanings)
    return serialise_fragment(root)


def _explain_within(element: Element, pattern: re.Pattern[str], meanings: dict[str, str]) -> None:
    if element.tag in NOT_EXPLAINED_IN:
        return
    for child in list(element):
        _explain_within(child, pattern, meanings)
    # The element's own text, then the text after each child (its tail), each split around abbreviations.
    element.text = _split_text(element, 0, element.text, pattern, meanings)
    for child in list(element):
        if child.get("data-sen-abbr") == "":
            continue  # made just now
        child.tail = _split_text(element, list(element).index(child) + 1, child.tail, pattern, meanings)
    for child in element:
        child.attrib.pop("data-sen-abbr", None)


def _split_text(
    parent: Element, index: int, text: str | None, pattern: re.Pattern[str], meanings: dict[str, str]
) -> str | None:
    """Insert an `abbr` into `parent` at `index` for each abbreviation in `text`; returns the text before the first."""
    if not text:
        return text
    matches = list(pattern.finditer(text))
    if not matches:
        return text
    for position, match in enumerate(matches):
        end = matches[position + 1].start() if position + 1 < len(matches) else len(text)
        abbr = Element("abbr", {"title": meanings[match.group()], "data-sen-abbr": ""})
        abbr.text = match.group()
        abbr.tail = text[match.end() : end]
        parent.insert(index + position, abbr)
    return text[: matches[0].start()]


def glossary_page(glossary: Glossary) -> SitePage:
    """The Glossary page: every abbreviation and what it stands for, as a description list."""
    items = "".join(
        f'<dt><abbr title="{escape(term.meaning)}">{escape(term.abbreviation)}</abbr></dt>\n'
        f"<dd>{escape(term.meaning[:1].upper() + term.meaning[1:])}</dd>\n"
        for term in sorted(glossary.terms, key=lambda term: term.abbreviation.lower())
    )
    html = (
        f'<h1 id="glossary">{GLOSSARY_TITLE}</h1>\n'
        "<p>The abbreviations these pages use, and what they stand for.</p>\n"
        f'<dl class="sen-glossary">\n{items}</dl>\n'
    )
    description = theme_text("The abbreviations these pages use, such as SEN and SENCO, and what they stand for.")
    return SitePage(GLOSSARY_PAGE, GLOSSARY_TITLE, html, (Heading(1, "glossary", GLOSSARY_TITLE),), description)


def leaflet_page_path(leaflet_id: str, section_index: int, section_id: str) -> str:
    """The Markdown path of a section's page: the first section is the leaflet's index."""
    return f"{leaflet_id}/index.md" if section_index == 0 else f"{leaflet_id}/{section_id}.md"


def leaflet_pages(leaflet: ComposedLeaflet) -> list[SitePage]:
    """Each section of a composed leaflet as a page, described by the leaflet's summary."""
    pages = []
    description = theme_text(leaflet.summary or leaflet.title)
    paths = {
        f"{section.id}.md": leaflet_page_path(leaflet.id, index, section.id)
        for index, section in enumerate(leaflet.sections)
    }
    for index, section in enumerate(leaflet.sections):
        path = leaflet_page_path(leaflet.id, index, section.id)
        pages.append(SitePage(path, section.title, _page_links(section.html, paths), section.headings, description))
    return pages


def _page_links(html: str, pages: dict[str, str]) -> str:
    """Links written as `more-information.md` (or `sen-support/index.md`) as `/` and their page's path.

    Composing has checked that each names a page; one that does not is left as it is.
    """
    root = parse_fragment(html)
    for anchor in root.iter("a"):
        page, hash_mark, fragment = anchor.get("href", "").partition("#")
        if page in pages:
            anchor.set("href", f"/{pages[page]}{hash_mark}{fragment}")
    return serialise_fragment(root)


def _site_template_page(
    project: Project, library: Library, inputs: PublisherInputs, template_name: str, extra: dict[str, Any]
) -> tuple[str, tuple[Heading, ...]]:
    """Render a page template of templates/ like a content block: same variables, escaping, sandbox and sanitiser.

    Raises `ContentError` with whatever the sanitiser refused, located in the template or a block it includes.
    """
    template = load_block(project.templates_dir / template_name)
    page_id = "site-" + Path(template_name).stem
    blocks = {**library.blocks, **inputs.local_blocks}
    context = {**block_context(inputs.publisher, library.code), **extra}
    markdown = render_block(make_environment({**blocks, page_id: template}), replace(template, id=page_id), context)
    page = to_safe_html(markdown, library.code)
    problems = locate_refusals(page.refused, [template], blocks.values())
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    return page.html, page.headings


def home_page(project: Project, library: Library, inputs: PublisherInputs, leaflets: list[ComposedLeaflet]) -> SitePage:
    """The publisher's home page, from `templates/site/home.md`: its name, logo, contact panel and leaflets."""
    extra = {
        "contact_panel": leaflets[0].contact.panel_markdown,
        "leaflets": [
            {
                "title": leaflet.title,
                "summary": leaflet.summary,
                "link": Markup("[{}]({})").format(escape_text(leaflet.title), f"{leaflet.id}/index.md"),
            }
            for leaflet in leaflets
        ],
    }
    html, headings = _site_template_page(project, library, inputs, HOME_TEMPLATE, extra)
    html = _page_links(html, {f"{leaflet.id}/index.md": f"{leaflet.id}/index.md" for leaflet in leaflets})
    logo = site_logo(inputs)
    if logo is not None:
        html = _after_first_heading(html, logo)
    # The home page is described by what it offers: each leaflet's summary, in order.
    description = theme_text(" ".join(leaflet.summary or leaflet.title for leaflet in leaflets))
    return SitePage("index.md", inputs.publisher.name, html, headings, description)


def _after_first_heading(html: str, logo: SiteLogo) -> str:
    """The page with the logo (made here, from validated YAML, so never sanitised away) after its H1."""
    root = parse_fragment(html)
    figure = Element("p", {"class": "sen-logo"})
    figure.append(Element("img", {"src": logo.uri, "alt": logo.alt}))
    heading = next((index for index, child in enumerate(root) if child.tag == "h1"), -1)
    root.insert(heading + 1, figure)
    return serialise_fragment(root)


def accessibility_page(
    project: Project,
    library: Library,
    inputs: PublisherInputs,
    leaflets: list[ComposedLeaflet],
    downloads: list[Download],
) -> SitePage:
    """The accessibility statement the 2018 regulations require, from `templates/site/accessibility.md`.

    Raises `ContentError` when the publisher's YAML gives no way to contact it: the statement
    must tell readers how to ask for other formats and how to report a problem.
    """
    contact = inputs.publisher.contact
    if not (contact.email or contact.helpline or contact.textphone or contact.other_phones or contact.website):
        message = "the accessibility statement needs a way to contact you: add contact.email or contact.helpline"
        raise ContentError([inputs.document.problem(("contact",), message)])
    offered = {d.edition for d in downloads}
    extra = {
        "statement": statement_facts(inputs),
        "leaflets": [
            {
                "title": leaflet.title,
                "downloads": [
                    {
                        "format": d.edition.in_text,
                        "description": d.description,
                        "for_reading": d.edition.for_reading,
                        "printed": d.edition.printed,
                    }
                    for d in downloads
                    if d.leaflet_id == leaflet.id
                ],
            }
            for leaflet in leaflets
        ],
        "editions": sorted({d.edition.name for d in downloads}),
        "other_formats": [e.offered_as for e in EDITIONS if not e.printed and e in offered],
    }
    html, headings = _site_template_page(project, library, inputs, ACCESSIBILITY_TEMPLATE, extra)
    description = theme_text(
        f"How accessible {inputs.publisher.name}'s website and leaflets are, and how to ask for another format."
    )
    statement = inputs.publisher.accessibility
    updated = statement.reviewed or inputs.publisher.statement_prepared
    return SitePage(ACCESSIBILITY_PAGE, ACCESSIBILITY_TITLE, html, headings, description, updated)


NOT_AUDITED = (
    "This website has not yet been audited by hand. Automated tests cannot find every problem, so there may be "
    "problems we do not know about yet."
)
"""The known issue a statement lists when it names none and no manual audit has been done."""


def statement_facts(inputs: PublisherInputs) -> dict[str, Any]:
    """What the accessibility statement says about compliance and testing, from `accessibility` in the YAML.

    Dates not given fall back to the publication date (the preparation, to the latest date known), so the same
    YAML always gives the same statement.
    `check` has refused 'fully' compliant without a manual audit (`rules.accessibility_statement_problems`).
    """
    publisher = inputs.publisher
    statement = publisher.accessibility
    prepared = publisher.statement_prepared
    issues = list(statement.known_issues)
    if statement.status != "fully" and not issues and statement.manual_audit is None:
        issues = [NOT_AUDITED]
    # Partially compliant with no non-compliance known: only because no one has audited it by hand, said as such.
    unaudited = statement.status == "partially" and issues == [NOT_AUDITED]
    return {
        "status": statement.status,
        "known_issues": issues,
        "unaudited": unaudited,
        "prepared": _on(prepared),
        "reviewed": _on(statement.reviewed or prepared),
        "automated_check": _on(statement.automated_check or publisher.dates.published),
        "manual_audit": _on(statement.manual_audit) if statement.manual_audit else "",
        "audited_by": statement.audited_by or publisher.text_name,
    }


def _on(date: PartialDate) -> str:
    """'on 30 September 2025', or 'in September 2025' for a date known to the month (or year)."""
    return f"on {date}" if date.day else f"in {date}"


def is_offline_copy(site_dir: Path) -> bool:
    """Whether the publisher's site in `site_dir` was built to be opened from disk (`build --offline`)."""
    return (site_dir / OFFLINE_SHIM).is_file()


def theme_text(value: str) -> Markup:
    """Text for the theme's templates, escaped here because MkDocs' templates do not autoescape.

    Being `Markup`, it is not escaped twice where Material does use `| e`.
    """
    return escape(value)


def site_logo(inputs: PublisherInputs) -> SiteLogo | None:
    logo = inputs.publisher.branding.logo
    if logo is None or inputs.logo_file is None:
        return None
    return SiteLogo(inputs.logo_file, f"{LOGO_URI}{inputs.logo_file.suffix.lower()}", logo.alt)


def site_nav(leaflets: list[ComposedLeaflet], glossary: bool = False) -> list[Any]:
    """The site's menu in MkDocs' form: the home page, each leaflet's sections, the glossary, the accessibility
    statement."""
    nav: list[Any] = [{"Home": "index.md"}]
    for leaflet in leaflets:
        nav.append(
            {
                theme_text(leaflet.title): [
                    {theme_text(section.title): leaflet_page_path(leaflet.id, index, section.id)}
                    for index, section in enumerate(leaflet.sections)
                ]
            }
        )
    if glossary:
        nav.append({GLOSSARY_TITLE: GLOSSARY_PAGE})
    nav.append({ACCESSIBILITY_TITLE: ACCESSIBILITY_PAGE})
    return nav


def branding_css(colour: str) -> str:
    """Material's colour variables set to the publisher's (validated) brand colour."""
    return (
        ":root, [data-md-color-scheme=default] {\n"
        f"  --md-primary-fg-color: {colour};\n"
        f"  --md-primary-fg-color--dark: {colour};\n"
        f"  --sen-brand-colour: {colour};\n"
        "}\n"
    )


def favicon_svg(colour: str) -> str:
    """A square of the (validated, `#rrggbb`) brand colour: the site's icon when the publisher has no logo."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="6" fill="{colour}"/></svg>\n'
    )


def copyright_line(inputs: PublisherInputs, library: Library) -> Markup:
    """The footer's line: the publisher's copyright (its YAML, or its name and year), then the Code's licence.

    The Code of Practice quotations are Crown copyright under the Open Government Licence, which asks
    for that to be said; the licence's address is validated as a web address.
    """
    publisher, code = inputs.publisher, library.code
    own = publisher.copyright or f"© {publisher.name} {publisher.dates.published.latest_day().year}"
    licence = escape(code.licence)
    if code.licence_url:
        licence = Markup('<a href="{}">{}</a>').format(code.licence_url, code.licence)
    return Markup("{}. Quotations from the {}: {}.").format(own.rstrip("."), code.short_title, licence)


def footer_facts(contact: ContactView, library: Library, published: PartialDate) -> dict[str, Any]:
    """Plain values for the footer override (the theme template escapes them), from the one contact view."""
    return {
        "name": contact.name,
        "phones": [{"label": p.label, "number": p.number, "tel": p.tel, "hours": p.hours} for p in contact.phones],
        "email": contact.email,
        "email_href": contact.email_href,
        "email_label": contact.email_label,
        "website": {"url": contact.website.url, "text": contact.website.text} if contact.website else None,
        "local_offers": [{"name": o.text, "url": o.url, "authority": o.label} for o in contact.local_offers],
        "published": str(published),
        "code_title": library.code.short_title,
        "code_edition": library.code.edition,
        "code_url": library.code.url,
        "accessibility": {"title": ACCESSIBILITY_TITLE, "url": ACCESSIBILITY_URL},
        "code_review": (
            {
                "note": library.code.under_review.note,
                "url": library.code.under_review.url,
                "link_text": library.code.under_review.link_text,
            }
            if library.code.under_review is not None
            else None
        ),
    }


def lay_out_site(
    project: Project,
    library: Library,
    inputs: PublisherInputs,
    leaflets: list[ComposedLeaflet],
    downloads: list[Download] | None = None,
) -> PublisherSite:
    """Lay out a publisher's composed leaflets as a site; raises `ContentError` on bad input."""
    if not leaflets:
        raise ContentError([inputs.document.problem(("leaflets",), "this publisher publishes no leaflets")])
    publisher = inputs.publisher
    pages = [home_page(project, library, inputs, leaflets)]
    for leaflet in leaflets:
        pages.extend(leaflet_pages(leaflet))
    if library.glossary.terms:
        pages.append(glossary_page(library.glossary))
    # Every page's text is the publisher's edition, published on its date (the statement has its own).
    pages = [replace(page, updated=publisher.dates.published) for page in pages]
    pages.append(accessibility_page(project, library, inputs, leaflets, downloads or []))
    pages = [replace(page, html=explain_abbreviations(page.html, library.glossary)) for page in pages]
    return PublisherSite(
        slug=publisher.slug,
        site_name=theme_text(publisher.name),
        pages=tuple(pages),
        nav=site_nav(leaflets, glossary=bool(library.glossary.terms)),
        branding_css=branding_css(publisher.branding.colour),
        footer={
            **footer_facts(leaflets[0].contact, library, publisher.dates.published),
            "downloads": _footer_downloads(downloads or []),
        },
        published=publisher.dates.published,
        site_url=library.site_address(publisher),
        logo=site_logo(inputs),
        copyright=copyright_line(inputs, library),
        favicon_svg=favicon_svg(publisher.branding.colour),
    )


def offer_downloads(
    project: Project,
    library: Library,
    inputs: PublisherInputs,
    leaflets: list[ComposedLeaflet],
    site: PublisherSite,
    downloads: list[Download],
) -> PublisherSite:
    """`site`, laid out before its PDFs were made, now offering them: only the pages that list them change."""
    statement = accessibility_page(project, library, inputs, leaflets, downloads)
    statement = replace(statement, html=explain_abbreviations(statement.html, library.glossary))
    return replace(
        site,
        pages=tuple(statement if page.path == ACCESSIBILITY_PAGE else page for page in site.pages),
        footer={**site.footer, "downloads": _footer_downloads(downloads)},
    )


def _footer_downloads(downloads: list[Download]) -> list[dict[str, str | bool]]:
    return [
        {
            "title": d.leaflet_title,
            "format": d.edition.in_text,
            "path": d.path,
            "description": d.description,
            "for_reading": d.edition.for_reading,
            "printed": d.edition.printed,
        }
        for d in downloads
    ]


def layout_problems(
    project: Project, library: Library, inputs: PublisherInputs, leaflets: list[ComposedLeaflet]
) -> tuple[PublisherSite | None, list[Problem]]:
    """The site as laid out before its PDFs are made, or what laying it out refuses (its home page, its
    accessibility statement), for `check`."""
    try:
        return lay_out_site(project, library, inputs, leaflets), []
    except ContentError as exc:
        return None, exc.problems


PROBLEMS_TITLE = "This site has mistakes to fix"


def _problems_fragment(slug: str, lines: list[str]) -> str:
    items = "".join(f"<li><code>{escape(line)}</code></li>\n" for line in lines)
    return (
        f'<h1 id="mistakes">{escape(PROBLEMS_TITLE)}</h1>\n'
        f"<p>sen-leaflets cannot make the site of {escape(slug)} until these are fixed. Open each file at the line "
        "and column given, correct it and save: this page then shows the site again.</p>\n"
        f"<ol>\n{items}</ol>\n"
    )


def problems_page(slug: str, lines: list[str]) -> str:
    """A whole page listing `lines` (problems as `check` prints them), for when the site itself cannot be built:
    the site settings are wrong, so neither MkDocs nor the theme can lay out `problems_site`."""
    return (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(PROBLEMS_TITLE)}</title>\n"
        "<style>body{font:1.125rem/1.5 sans-serif;margin:1rem auto;max-width:45rem;padding:0 1rem;color:#1a1a1a}"
        "code{white-space:pre-wrap;overflow-wrap:anywhere}h1{color:#b00020}</style>\n"
        f"</head>\n<body>\n<main>\n{_problems_fragment(slug, lines)}</main>\n</body>\n</html>\n"
    )


def problems_site(slug: str, problems: list[Problem], root: Path) -> PublisherSite:
    """In place of the site, while its content has errors: one page listing every problem at its file and line.

    The preview shows this at once, so that an editor sees what to fix; it becomes
    the site again as soon as the files are fixed.
    """
    html = _problems_fragment(slug, [problem.format(root) for problem in problems if problem.severity == "error"])
    page = SitePage("index.md", PROBLEMS_TITLE, html, (Heading(1, "mistakes", PROBLEMS_TITLE),))
    return PublisherSite(
        slug=slug,
        site_name=theme_text(PROBLEMS_TITLE),
        pages=(page,),
        nav=[{theme_text(PROBLEMS_TITLE): "index.md"}],
        branding_css=branding_css("#b00020"),
        favicon_svg=favicon_svg("#b00020"),
        footer={"name": slug, "phones": [], "email": None, "website": None, "local_offers": [], "downloads": []},
        published=PartialDate(dt.date.today().year),
    )
