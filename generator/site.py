"""Composed leaflets -> the pages, navigation and styling of a publisher's MkDocs site.

This is the one module that knows how MkDocs lays out a site; `plugin.py` only
hands what it makes to MkDocs. Replacing the site engine means replacing these two.
"""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from markupsafe import Markup, escape

from .compose import ComposedLeaflet, locate_refusals
from .fields import PartialDate, tel_uri, url_text
from .html_fragment import parse_fragment, serialise_fragment
from .log_records import collected_warnings
from .markup import Heading, to_safe_html
from .model import CodeOfPractice, Library, Publisher, load_block
from .problems import ContentError, Problem
from .project import Project
from .templating import block_context, escape_text, make_environment, render_block
from .yaml_source import parse_yaml, read_input

HOME_TEMPLATE = "site/home.md"
ACCESSIBILITY_TEMPLATE = "site/accessibility.md"
ACCESSIBILITY_PAGE = "accessibility.md"
ACCESSIBILITY_TITLE = "Accessibility statement"
ACCESSIBILITY_URL = "accessibility/"
"""Where MkDocs serves ACCESSIBILITY_PAGE (mkdocs.yml has use_directory_urls: true)."""


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


@dataclass(frozen=True)
class Download:
    """A printable version of a leaflet, offered on every page of the site."""

    leaflet_id: str
    leaflet_title: str
    format_label: str
    path: str
    """Relative to the site's root, e.g. downloads/sen-support-large-print.pdf."""
    description: str
    """E.g. 'PDF, 212 KB, 6 pages'."""


@dataclass(frozen=True)
class SiteLogo:
    """The publisher's logo: the file in the repository and where the site serves it."""

    source: Path
    uri: str
    alt: str


@dataclass(frozen=True)
class PublisherSite:
    """Everything MkDocs needs to build one publisher's site."""

    slug: str
    site_name: Markup
    pages: tuple[SitePage, ...]
    nav: list[Any]
    branding_css: str
    footer: dict[str, Any]
    code: CodeOfPractice
    published: PartialDate
    logo: SiteLogo | None = None
    site_url: str | None = None
    """Where the site is published, if the publisher says: MkDocs then writes a full sitemap and 404 page."""


def leaflet_page_path(leaflet_id: str, section_index: int, section_id: str) -> str:
    """The Markdown path of a section's page: the first section is the leaflet's index."""
    return f"{leaflet_id}/index.md" if section_index == 0 else f"{leaflet_id}/{section_id}.md"


def leaflet_pages(leaflet: ComposedLeaflet) -> list[SitePage]:
    pages = []
    paths = {
        f"{section.id}.md": leaflet_page_path(leaflet.id, index, section.id)
        for index, section in enumerate(leaflet.sections)
    }
    for index, section in enumerate(leaflet.sections):
        path = leaflet_page_path(leaflet.id, index, section.id)
        pages.append(SitePage(path, section.title, _page_links(section.html, paths), section.headings))
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


def _render_site_template(
    project: Project, library: Library, publisher: Publisher, template_name: str, extra: dict[str, Any]
) -> tuple[str, list[Problem], Any]:
    """Render a page template of templates/ like a content block: same variables, escaping and sandbox.

    Returns the sanitised HTML, the problems with what the sanitiser took out, and the headings.
    """
    template = load_block(project.templates_dir / template_name)
    page_id = "site-" + Path(template_name).stem
    blocks = {**library.blocks, **publisher.local_blocks}
    sources = {**blocks, page_id: template}
    context = {**block_context(publisher.authority, library.code), **extra}
    markdown = render_block(make_environment(sources), replace(template, id=page_id), context)
    page = to_safe_html(markdown, library.code)
    return page.html, locate_refusals(page.refused, [template], blocks.values()), page.headings


def home_page(project: Project, library: Library, publisher: Publisher, leaflets: list[ComposedLeaflet]) -> SitePage:
    """The publisher's home page, from `templates/site/home.md` (Markdown with the block variables)."""
    extra = {
        "leaflets": [
            {
                "title": leaflet.title,
                "summary": leaflet.summary,
                "link": Markup("[{}]({})").format(escape_text(leaflet.title), f"{leaflet.id}/index.md"),
            }
            for leaflet in leaflets
        ],
    }
    html, problems, headings = _render_site_template(project, library, publisher, HOME_TEMPLATE, extra)
    _raise_errors(problems)
    html = _page_links(html, {f"{leaflet.id}/index.md": f"{leaflet.id}/index.md" for leaflet in leaflets})
    logo = site_logo(project, publisher)
    if logo is not None:
        html = _after_first_heading(html, logo)
    return SitePage("index.md", publisher.authority.name, html, headings)


def _raise_errors(problems: list[Problem]) -> None:
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)


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
    publisher: Publisher,
    leaflets: list[ComposedLeaflet],
    downloads: list[Download],
) -> SitePage:
    """The accessibility statement the 2018 regulations require, from `templates/site/accessibility.md`.

    Raises `ContentError` when the publisher's YAML gives no way to contact it: the statement
    must tell readers how to ask for other formats and how to report a problem.
    """
    contact = publisher.authority.contact
    if not (contact.email or contact.helpline or contact.textphone or contact.other_phones or contact.website):
        raise ContentError(
            [
                publisher.document.problem(
                    ("contact",),
                    "the accessibility statement needs a way to contact you: add contact.email or contact.helpline",
                )
            ]
        )
    extra = {
        "leaflets": [
            {
                "title": leaflet.title,
                "downloads": [
                    {"format": d.format_label, "description": d.description}
                    for d in downloads
                    if d.leaflet_id == leaflet.id
                ],
            }
            for leaflet in leaflets
        ]
    }
    html, problems, headings = _render_site_template(project, library, publisher, ACCESSIBILITY_TEMPLATE, extra)
    _raise_errors(problems)
    return SitePage(ACCESSIBILITY_PAGE, ACCESSIBILITY_TITLE, html, headings)


def theme_text(value: str) -> Markup:
    """Text for the theme's templates, escaped here because MkDocs' templates do not autoescape.

    Being `Markup`, it is not escaped twice where Material does use `| e`.
    """
    return escape(value)


def site_logo(project: Project, publisher: Publisher) -> SiteLogo | None:
    logo = publisher.authority.branding.logo
    if logo is None:
        return None
    source = project.root / logo.path
    return SiteLogo(source, f"assets/images/logo{source.suffix.lower()}", logo.alt)


def site_nav(leaflets: list[ComposedLeaflet]) -> list[Any]:
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


def footer_facts(publisher: Publisher, library: Library) -> dict[str, Any]:
    """Plain strings for the footer override (the theme template escapes them)."""
    authority = publisher.authority
    contact = authority.contact
    facts: dict[str, Any] = {
        "name": authority.name,
        "helpline": None,
        "email": contact.email,
        "local_offers": [
            {"name": s.local_offer.name, "url": s.local_offer.url, "authority": s.name} for s in authority.serves
        ],
        "published": str(authority.dates.published),
        "code_title": library.code.short_title,
        "code_edition": library.code.edition,
        "code_url": library.code.url,
        "accessibility": {"title": ACCESSIBILITY_TITLE, "url": ACCESSIBILITY_URL},
    }
    if contact.helpline is not None:
        facts["helpline"] = {
            "label": contact.helpline.label,
            "number": contact.helpline.number,
            "tel": tel_uri(contact.helpline.number),
            "hours": contact.helpline.hours,
        }
    if contact.website:
        facts["website"] = {"url": contact.website, "text": url_text(contact.website)}
    return facts


def leaflet_web_url(publisher: Publisher, leaflet_id: str) -> str | None:
    """The leaflet's page on the publisher's published site, or failing that the publisher's website."""
    authority = publisher.authority
    if authority.site_url:
        return authority.site_url.rstrip("/") + f"/{leaflet_id}/"
    return authority.contact.website


def publisher_site(
    project: Project,
    library: Library,
    publisher: Publisher,
    leaflets: list[ComposedLeaflet],
    downloads: list[Download] | None = None,
) -> PublisherSite:
    """Lay out a publisher's composed leaflets as a site; raises `ContentError` on bad input."""
    if not leaflets:
        raise ContentError([publisher.document.problem(("leaflets",), "this publisher publishes no leaflets")])
    pages = [home_page(project, library, publisher, leaflets)]
    for leaflet in leaflets:
        pages.extend(leaflet_pages(leaflet))
    pages.append(accessibility_page(project, library, publisher, leaflets, downloads or []))
    return PublisherSite(
        slug=publisher.authority.slug,
        site_name=theme_text(publisher.authority.name),
        pages=tuple(pages),
        nav=site_nav(leaflets),
        branding_css=branding_css(publisher.authority.branding.colour),
        footer={
            **footer_facts(publisher, library),
            "downloads": [
                {"title": d.leaflet_title, "format": d.format_label, "path": d.path, "description": d.description}
                for d in downloads or []
            ],
        },
        code=library.code,
        published=publisher.authority.dates.published,
        site_url=publisher.authority.site_url,
        logo=site_logo(project, publisher),
    )


SITE_CONFIGURATION = "mkdocs.yml"
MKDOCS_TAGS = ("!ENV", "!relative")
"""The YAML tags MkDocs' own configuration may use; any other could make MkDocs run code."""


def load_site_configuration(project: Project, **overrides: Any) -> Any:
    """mkdocs.yml, read as an ordinary file of limited size and safe YAML, then loaded by MkDocs.

    MkDocs' own YAML loader can build Python objects (and so run code) from tags; the
    file is first read with a safe loader that knows only MkDocs' `!ENV` and `!relative`.
    Raises `ContentError` at the file for anything MkDocs refuses or warns about (builds
    are strict, so its warnings would stop them).
    """
    import io

    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    path = project.root / SITE_CONFIGURATION
    data = read_input(path)
    document = parse_yaml(data.decode("utf-8", "replace"), path, text_tags=MKDOCS_TAGS)
    with collected_warnings("mkdocs") as records:
        try:
            config = load_config(io.BytesIO(data), config_file_path=str(path), **overrides)
        except MkDocsException as exc:
            raise ContentError([Problem(path, 1, 1, f"the site settings cannot be used: {exc}")]) from None
    problems = []
    for record in records:
        text = record.getMessage()
        named = re.match(r"Config value '([^']+)'", text)
        key_path = tuple(named.group(1).split(".")) if named else ()
        problems.append(document.problem(key_path, f"the site settings have a problem: {text}"))
    if problems:
        raise ContentError(problems)
    return config


def site_configuration_problems(project: Project) -> list[Problem]:
    """What is wrong with mkdocs.yml, as located problems (nothing, when MkDocs accepts it)."""
    try:
        load_site_configuration(project)
    except ContentError as exc:
        return exc.problems
    return []


def render_site(project: Project, site: PublisherSite, site_dir: Path) -> None:
    """Build `site` with MkDocs, in this process, into `site_dir`, using the repository's mkdocs.yml."""
    # Imported here so that loading and composing never need MkDocs.
    from mkdocs.commands.build import build

    # The same input gives the same bytes: MkDocs dates the sitemap from SOURCE_DATE_EPOCH when it is set,
    # so the publication date is used rather than the day of the build.
    published = site.published.latest_day()
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(published.timetuple()))
    config = load_site_configuration(project, site_dir=str(site_dir), strict=True)
    plugin = config.plugins["sen-leaflets"]
    plugin.prepared = site
    plugin.config.authority = site.slug
    build(config)
