"""The MkDocs plugin: hands a publisher's laid-out site to MkDocs, page by page.

Kept thin on purpose. `sen-leaflets build` gives it the site it has prepared
(`use`); `mkdocs serve` and `mkdocs build` have it prepare the site itself, through
the same pipeline (`build.preview`), so the preview shows what `build` makes, and a
page listing the problems when the content has mistakes.
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

from ...compose.html_tree import parse_fragment, serialise_fragment
from ...compose.markdown import Heading
from ...inputs.project import Project
from ...template_cache import COMPILED_TEMPLATES
from .pages import PublisherSite, SitePage

BRANDING_CSS = "assets/stylesheets/branding.css"
DEFAULT_PUBLISHER = "durham"


class SenLeafletsConfig(base.Config):
    """Options for the `sen-leaflets` plugin in mkdocs.yml."""

    publisher = c.Optional(c.Type(str))
    """The slug of the publisher to preview (authorities/<slug>.yml); durham if none is given."""
    authority = c.Optional(c.Type(str))
    """The former name of `publisher`, still read."""


class SenLeafletsPlugin(BasePlugin[SenLeafletsConfig]):
    """Turns a publisher's laid-out site into MkDocs' pages."""

    serving = False
    """True under `mkdocs serve`, for the whole process: PDFs are then made in the background."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self._given: PublisherSite | None = None
        self._site: PublisherSite | None = None
        self._preview: Any = None

    def use(self, site: PublisherSite) -> None:
        """Build this site (`sen-leaflets build` has prepared it) instead of preparing one, once."""
        self._given = site

    def on_startup(self, *, command: str, dirty: bool) -> None:
        SenLeafletsPlugin.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs keeps one plugin object for a whole `mkdocs serve`: each build starts afresh here.
        self.project = Project(Path(config.config_file_path).parent)
        self._preview = None
        if self._given is not None:
            site, self._given = self._given, None
        else:
            from ...build.preview import prepare_preview  # the pipeline, which itself uses this folder

            slug = self.config.publisher or self.config.authority or DEFAULT_PUBLISHER
            self._preview = prepare_preview(self.project, slug)
            site = self._preview.site
        self._site = site
        config.site_name = site.site_name
        if site.site_url:
            config.site_url = site.site_url
        config.nav = site.nav
        config.extra["sen"] = site.footer
        config.extra_css.append(BRANDING_CSS)
        return config

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

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._preview is None:
            return
        if self.serving:
            self._preview.write_downloads(Path(config.site_dir))
        else:
            self._preview.write_downloads(Path(config.site_dir), wait=True)

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
