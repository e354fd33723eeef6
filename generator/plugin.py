"""The MkDocs plugin: builds one publisher's site from content/ and authorities/.

Kept thin on purpose: loading, composing and laying out happen in plain
functions (`model`, `compose`, `site`); the hooks only hand the results to MkDocs.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .compose import compose_publisher
from .html_fragment import parse_fragment, serialise_fragment
from .markup import Heading
from .model import load_library, load_publisher
from .problems import ContentError
from .project import Project
from .site import PublisherSite, SitePage, publisher_site
from .template_cache import COMPILED_TEMPLATES

BRANDING_CSS = "assets/stylesheets/branding.css"


class SenLeafletsConfig(base.Config):
    """Options for the `sen-leaflets` plugin in mkdocs.yml."""

    authority = c.Type(str, default="durham")
    """The slug of the publisher to build (authorities/<slug>.yml)."""


class SenLeafletsPlugin(BasePlugin[SenLeafletsConfig]):
    """Turns the shared content and one publisher's YAML into the site's pages."""

    def __init__(self) -> None:
        self.prepared: PublisherSite | None = None
        """Set by `sen-leaflets build`, which has already loaded and composed everything."""
        self.project: Project | None = None
        self._site: PublisherSite | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project = Project(Path(config.config_file_path).parent)
        site = self.prepared or self._load(self.project)
        self._site = site
        config.site_name = site.site_name
        if site.site_url:
            config.site_url = site.site_url
        config.nav = site.nav
        config.extra["sen"] = site.footer
        config.extra_css.append(BRANDING_CSS)
        return config

    def _load(self, project: Project) -> PublisherSite:
        slug = self.config.authority
        try:
            library = load_library(project)
            publisher = load_publisher(project, slug, library)
            return publisher_site(project, library, publisher, compose_publisher(library, publisher))
        except ContentError as exc:
            raise PluginError(
                f"sen-leaflets could not build '{slug}':\n" + "\n".join(p.format(project.root) for p in exc.problems)
            ) from None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self._site is not None
        for page in self._site.pages:
            # The page's HTML is ready (composed and sanitised): MkDocs gets an empty Markdown
            # file to make the page from, and the HTML in `on_page_content`.
            files.append(File.generated(config, page.path, content=""))
        files.append(File.generated(config, BRANDING_CSS, content=self._site.branding_css))
        if self._site.logo is not None:
            logo = self._site.logo
            files.append(File.generated(config, logo.uri, abs_src_path=str(logo.source)))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return ""

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        ours = self._page(page.file.src_uri)
        page.toc = get_toc(_toc_tokens(ours.headings))
        return _page_addresses(ours.html, page.file, files)

    def _page(self, path: str) -> SitePage:
        assert self._site is not None
        for page in self._site.pages:
            if page.path == path:
                return page
        raise PluginError(f"sen-leaflets made no page '{path}'")

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # Material's templates are the same for every publisher: compile them once per process.
        env.bytecode_cache = COMPILED_TEMPLATES
        return env

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Editors change blocks, leaflets and YAML, none of which MkDocs watches by itself.
        assert self.project is not None
        for folder in (self.project.content_dir, self.project.authorities_dir, self.project.templates_dir):
            server.watch(str(folder))
        return server


def _toc_tokens(headings: tuple[Heading, ...]) -> list[Any]:
    """Headings as the nested tokens MkDocs makes its contents list from."""
    root: dict[str, Any] = {"level": 0, "children": []}
    stack = [root]
    for heading in headings:
        token = {"level": heading.level, "id": heading.id, "name": escape(heading.text), "children": []}
        while stack[-1]["level"] >= heading.level:
            stack.pop()
        stack[-1]["children"].append(token)
        stack.append(token)
    return list(root["children"])


def _page_addresses(html: str, page: File, files: Files) -> str:
    """Links to pages of the site (`/sen-support/index.md#review`) as addresses relative to `page`."""
    root = parse_fragment(html)
    for anchor in root.iter("a"):
        href = anchor.get("href", "")
        if not href.startswith("/"):
            continue
        path, hash_mark, fragment = href[1:].partition("#")
        target = files.get_file_from_path(path)
        if target is None:
            raise PluginError(f"a link on {page.src_uri} goes to '{path}', which sen-leaflets did not make")
        anchor.set("href", target.url_relative_to(page) + hash_mark + fragment)
    return serialise_fragment(root)
