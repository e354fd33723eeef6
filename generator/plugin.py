"""The MkDocs plugin: builds one publisher's site from content/ and authorities/.

Kept thin on purpose: loading, composing and laying out happen in plain
functions (`model`, `compose`, `site`); the hooks only hand the results to MkDocs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .compose import compose_publisher
from .model import load_library, load_publisher
from .problems import ContentError
from .project import Project
from .quotation import CodeOfPracticeExtension
from .site import PublisherSite, publisher_site
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
        config.markdown_extensions.append(
            CodeOfPracticeExtension(short_title=site.code.short_title, url=site.code.url)  # type: ignore[arg-type]
        )
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
            files.append(File.generated(config, page.path, content=page.markdown))
        files.append(File.generated(config, BRANDING_CSS, content=self._site.branding_css))
        if self._site.logo is not None:
            logo = self._site.logo
            files.append(File.generated(config, logo.uri, abs_src_path=str(logo.source)))
        return files

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
