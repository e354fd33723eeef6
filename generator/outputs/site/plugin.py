"""The MkDocs plugin: hands a publisher's laid-out site to MkDocs, page by page.

Kept thin on purpose. `sen-leaflets build` gives it the site it has prepared
(`use`); `mkdocs serve` and `mkdocs build` have it prepare the site itself, through
the same pipeline (`build.preview`), so the preview shows what `build` makes, and a
page listing the problems when the content has mistakes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import tempfile
import threading
from html import escape
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import clean_directory

from ...compose.html_tree import parse_fragment, serialise_fragment, text_of
from ...compose.markdown import Heading
from ...inputs.fields import shows_address
from ...inputs.font import FontMissingError
from ...inputs.project import Project
from ...problems import visible
from ...template_cache import THEME_TEMPLATES
from .mkdocs_site import keep_the_installed_themes, names_hooks, settings_refusals, site_configuration_problems
from .pages import ACCESSIBILITY_FILE, FAVICON_URI, OFFLINE_SHIM, PublisherSite, SitePage, problems_page

LOG = get_plugin_logger(__name__)
SHOWS_ADDRESS = "shows-address"
"""The class of a web link whose words are its address: sen-leaflets.css does not print the address after it."""

BRANDING_CSS = "assets/stylesheets/branding.css"
OFFLINE_SHIM_SOURCE = "site/offline/iframe-worker.js"
"""Under templates/."""
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
        self._shared: Path | None = None
        self._linked: list[File] = []
        self._offline = False
        self._signals: Path | None = None
        self._slug = DEFAULT_PUBLISHER
        self._logo_watch: _LogoWatch | None = None

    def use(self, site: PublisherSite, shared_files: Path | None = None, offline: bool = False) -> None:
        """Build this site (`sen-leaflets build` has prepared it) instead of preparing one, once.

        With `shared_files`, a folder on the same disk, the theme's own files (the same
        for every publisher) are copied there once and linked into each site, not copied
        into each. With `offline`, the site is made to be opened from disk, search included.
        """
        self._given = site
        self._shared = shared_files
        self._offline = offline

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        """Read the plugin's options; first, stop if mkdocs.yml names hooks.

        MkDocs reads its `hooks` (Python files, which it runs) just after the plugins' options, before any plugin's
        event: refused only in `on_config`, a hook had already run under plain `mkdocs build` or `serve`. Stopped
        here with an error that is not a setting's (MkDocs goes on to the next setting after one of those), saying
        all that `on_config` would have said.
        """
        if config_file_path is not None and self._given is None:
            project = Project(Path(config_file_path).parent)
            if names_hooks(project):
                _refuse_settings(project)
        keep_the_installed_themes()  # for every later reading of mkdocs.yml: each site of a build, each preview rebuild
        return super().load_config(options, config_file_path)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        SenLeafletsPlugin.serving = command == "serve"

    @event_priority(100)  # before the search plugin, which also asks the theme for its templates
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _reuse_theme_work(config.theme)
        # MkDocs keeps one plugin object for a whole `mkdocs serve`: each build starts afresh here.
        self.project = Project(Path(config.config_file_path).parent)
        self._preview = None
        self._linked = []
        if self._given is not None:
            site, self._given = self._given, None
        else:
            from ...build.preview import prepare_preview  # the pipeline, which itself uses this folder
            from .mkdocs_site import DEV_ADDR_REFUSED, local_address

            # `mkdocs build` empties site_dir next, whatever the content says: refuse a folder it must not empty.
            # (`mkdocs serve` builds into a temporary folder of its own.)
            if not self.serving:
                self._refuse_a_folder_not_to_empty(Path(config.site_dir))
            host, port = config.dev_addr
            if self.serving and not local_address(f"[{host}]:{port}" if ":" in host else f"{host}:{port}"):
                # MkDocs has opened the address already; stopping here closes it before anything is served.
                raise PluginError(DEV_ADDR_REFUSED.replace("'dev_addr'", f"the preview's address ({host}:{port})"))
            # What mkdocs.yml must not hold may be the theme itself (a custom_dir without our templates): not even
            # a page of the problems could be made with it, and MkDocs would stop with a traceback.
            _refuse_settings(self.project)
            slug = self.config.publisher or self.config.authority or DEFAULT_PUBLISHER
            self._slug = slug
            try:
                self._preview = prepare_preview(self.project, slug)
            except FontMissingError as exc:  # the machine's, not the content's: no page of problems could say it
                raise PluginError(f"sen-leaflets cannot make the site until this is fixed: {exc}") from None
            site = self._preview.site
            for mistake in self._preview.mistakes:
                # In the terminal too, where an editor looks when the browser shows nothing new; as information,
                # which `strict: true` does not turn into a stopped preview.
                LOG.info("sen-leaflets cannot make the site until this is fixed: %s", mistake)
        self._site = site
        self._follow_the_logo()
        config.site_name = site.site_name
        # The preview's pages stay at the preview's own address; an offline copy has none on the web.
        if site.site_url and not self.serving and not self._offline:
            config.site_url = site.site_url
        config.nav = site.nav
        footer = dict(site.footer)
        if not config.use_directory_urls and "accessibility" in footer:  # an offline copy: pages are files
            footer["accessibility"] = {**footer["accessibility"], "url": ACCESSIBILITY_FILE}
        config.extra["sen"] = footer
        if self._offline:
            # Material's offline plugin adds this shim from another site (unpkg.com): ours is a file of the site.
            config.extra["polyfills"] = [OFFLINE_SHIM]
        config.extra["generator"] = False  # Material's own switch for its "Made with Material for MkDocs" line
        if site.copyright:
            config.copyright = site.copyright
        # The service's own look: its logo in the header and as the icon, or a square of its colour.
        icon = site.logo.uri if site.logo is not None else FAVICON_URI
        config.theme["favicon"] = icon
        if site.logo is not None:
            config.theme["logo"] = site.logo.uri
        config.extra_css.append(BRANDING_CSS)
        return config

    def _refuse_a_folder_not_to_empty(self, site_dir: Path) -> None:
        """Raise `PluginError` for a site_dir `mkdocs build` must not empty: one mkdocs.yml names outside .cache/,
        or, chosen on the command line, one `sen-leaflets build --out` would refuse."""
        from ...build.publish import OutputFolderError, not_a_project_folder  # the rule `build --out` follows
        from .mkdocs_site import site_dir_problem

        assert self.project is not None
        refused = site_dir_problem(self.project, site_dir)
        if refused is None:
            try:
                not_a_project_folder(self.project, site_dir)
            except OutputFolderError as exc:
                refused = f"the folder to build into: {exc}"
        if refused is not None:
            raise PluginError(f"{refused}; nothing was changed")

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self._site is not None
        for page in self._site.pages:
            # The page's HTML is ready (composed and sanitised): MkDocs gets an empty Markdown
            # file to make the page from, and the HTML in `on_page_content`.
            files.append(File.generated(config, page.path, content=""))
        files.append(File.generated(config, BRANDING_CSS, content=self._site.branding_css))
        if self._offline:
            assert self.project is not None
            shim = self.project.templates_dir / OFFLINE_SHIM_SOURCE
            files.append(File.generated(config, OFFLINE_SHIM, abs_src_path=str(shim)))
        if self._site.logo is None and self._site.favicon_svg:
            files.append(File.generated(config, FAVICON_URI, content=self._site.favicon_svg))
        if self._site.logo is not None:
            logo = self._site.logo
            files.append(File.generated(config, logo.uri, abs_src_path=str(logo.source)))
        if self._shared is not None:
            theme_dirs = [os.path.join(os.path.normpath(folder), "") for folder in config.theme.dirs]
            resolved = [Path(folder).resolve() for folder in config.theme.dirs]
            self._linked = [file for file in files if _from_theme(file, theme_dirs, resolved)]
            for file in self._linked:
                files.remove(file)  # linked into the site after the build, not copied by MkDocs
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Material prints `page.meta.description` as it is: ours is escaped already (Markup).
        ours = self._page(page.file.src_uri)
        if ours.description:
            page.meta["description"] = ours.description
        if ours.updated is not None:
            # From the YAML's dates, never the day of the build: the same input gives the same pages.
            page.meta["sen_updated"] = str(ours.updated)
            # The sitemap's <lastmod>: the first day of a month-only date, never a day that has not come yet.
            page.update_date = ours.updated.earliest_day().isoformat()
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
        env.bytecode_cache = THEME_TEMPLATES
        return env

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._offline:
            _search_index_as_script(Path(config.site_dir))
            self._offline = False
        if self._shared is not None:
            for file in self._linked:
                _link_shared(Path(file.abs_src_path or ""), self._shared / file.dest_uri, Path(file.abs_dest_path))
            self._shared = None
        if self._preview is None:
            return
        if self.serving and self._preview.mistakes:
            # Every address shows the problems, not only the home page: MkDocs' server answers an unknown one
            # with 404.html, and the editor may be on any page when the mistake is saved.
            site_dir = Path(config.site_dir)
            shutil.copyfile(site_dir / "index.html", site_dir / "404.html")
        if self.serving:
            self._preview.write_downloads(Path(config.site_dir))
        else:
            self._preview.write_downloads(Path(config.site_dir), wait=True)

    def on_shutdown(self) -> None:
        from ...build.preview import stop_background_work

        stop_background_work()
        if self._logo_watch is not None:
            self._logo_watch.stop()
        if self._signals is not None:
            shutil.rmtree(self._signals, ignore_errors=True)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        from ...build.preview import announce_editions_in

        assert self.project is not None
        _look_for_changes_sooner(server, config)
        # Editors change blocks, leaflets and YAML, none of which MkDocs watches by itself.
        for folder in _edited_folders(self.project):
            server.watch(str(folder))
        # And the editions made in the background: when they are ready, the pages are built again to describe them.
        self._signals = Path(tempfile.mkdtemp(prefix="sen-leaflets-preview-"))
        announce_editions_in(self._signals)
        server.watch(str(self._signals))
        self._logo_watch = _LogoWatch(self._signals / "logo-saved")
        self._follow_the_logo()
        builder_of_mkdocs = server.builder

        def build_or_list_problems(config: MkDocsConfig | None = None) -> None:
            # MkDocs reads mkdocs.yml again for each rebuild, with a reader that runs what a `!!python` tag says,
            # before any plugin: the file is read safely first, and MkDocs never sees one sen-leaflets refuses.
            # A mistake MkDocs finds stops the rebuild, and its server would keep every request waiting.
            assert self.project is not None
            refused = [] if config is not None else settings_refusals(self.project)
            if refused:
                self._list_problems_instead(Path(server.root), [p.format(self.project.root) for p in refused])
                return
            try:
                builder_of_mkdocs(config)
            except MkDocsException as exc:
                self._list_problems_instead(Path(server.root), self._why_not_built(exc))

        server.builder = build_or_list_problems
        return server

    def _follow_the_logo(self) -> None:
        """In the preview, look out for the logo the YAML names now, if it is kept outside the folders of blocks,
        YAML and templates (which the server watches already)."""
        if self._logo_watch is None or self.project is None or self._preview is None:
            return
        logo = self._preview.logo
        watched = logo is not None and any(logo.is_relative_to(folder) for folder in _edited_folders(self.project))
        self._logo_watch.follow(None if watched else logo)

    def _why_not_built(self, failure: MkDocsException) -> list[str]:
        """What stopped MkDocs: the settings' problems, located, or else what MkDocs said."""
        assert self.project is not None
        lines = [problem.format(self.project.root) for problem in site_configuration_problems(self.project)]
        return lines or [f"the site could not be built: {visible(str(failure))}"]

    def _list_problems_instead(self, site_dir: Path, lines: list[str]) -> None:
        """Answer every address of the preview with a page listing what stopped the build, until it is fixed."""
        for line in lines:
            LOG.info("sen-leaflets cannot make the site until this is fixed: %s", line)
        clean_directory(str(site_dir))
        page = problems_page(self._slug, lines)
        for name in ("index.html", "404.html"):  # MkDocs' server answers an unknown address with its 404.html
            (site_dir / name).write_text(page, encoding="utf-8")


def _refuse_settings(project: Project) -> None:
    """Stop MkDocs, saying what sen-leaflets refuses in mkdocs.yml, if anything."""
    refused = settings_refusals(project)
    if refused:
        listed = "; ".join(problem.format(project.root) for problem in refused)
        raise PluginError(f"sen-leaflets cannot make the site until this is fixed: {listed}")


def _search_index_as_script(site_dir: Path) -> None:
    """Write the search index again as a script, which Material reads from a file:// page (it cannot fetch JSON)."""
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        (site_dir / "search" / "search_index.js").write_text(
            "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8"
        )


POLLING_SECONDS = 0.1
"""How often the preview looks for saved files. MkDocs looks every 0.5 s, which alone
made an editor wait a quarter of a second on average before the page was even rebuilt."""


class _LogoWatch:
    """Looks at one file, the logo, every `POLLING_SECONDS`; when it changes (saved, deleted, saved again, or saved
    in a folder made after the preview started), writes `signal`, in a folder the preview server watches.

    Not a watch of the logo's folder: that folder may not be there yet, may be deleted and made again
    (the server's watcher then stops for good), or may be the repository's own, where every file
    saved (the preview's log, say) would rebuild the site.
    """

    def __init__(self, signal: Path) -> None:
        self._signal = signal
        self._path: Path | None = None
        self._seen: tuple[int, int, int] | None = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        threading.Thread(target=self._look, name="sen-leaflets logo watch", daemon=True).start()

    def follow(self, path: Path | None) -> None:
        """Look at `path` from now on (None: at nothing). The same path again keeps what was last seen of it, so
        that a change made while the site was being built still rebuilds it."""
        with self._lock:
            if path != self._path:
                self._path, self._seen = path, _file_state(path)

    def stop(self) -> None:
        self._stopped.set()

    def _look(self) -> None:
        while not self._stopped.wait(POLLING_SECONDS):
            with self._lock:
                now = _file_state(self._path)
                if now == self._seen:
                    continue
                self._seen = now
            with contextlib.suppress(OSError):  # the preview is closing
                self._signal.write_text(str(now))


def _file_state(path: Path | None) -> tuple[int, int, int] | None:
    """What changes when a file is saved: its time, size and inode (a file saved by renaming a new one over it)."""
    if path is None:
        return None
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size, found.st_ino


def _edited_folders(project: Project) -> tuple[Path, ...]:
    """The folders an editor saves blocks, leaflets, YAML and templates in, which the preview watches."""
    return project.content_dir, project.authorities_dir, project.templates_dir


def _look_for_changes_sooner(server: Any, config: MkDocsConfig) -> None:
    """Give the preview server a watcher that looks for changes every `POLLING_SECONDS`.

    Called before the server starts: what MkDocs already watches (the docs folder, its
    settings, and the theme with `--watch-theme`) moves to the new watcher.
    """
    from watchdog.observers.polling import PollingObserver

    watched = []
    for path in [config.docs_dir, config.config_file_path, *config.theme.dirs]:
        if not path:
            continue
        try:
            server.unwatch(path)
        except KeyError:  # not watched (the theme without --watch-theme)
            continue
        watched.append(path)
    server.observer = PollingObserver(timeout=POLLING_SECONDS)
    for path in watched:
        server.watch(path)


def _from_theme(file: File, theme_dirs: list[str], resolved: list[Path]) -> bool:
    """A static file of the theme itself (its scripts, styles and fonts), the same in every site.

    `theme_dirs` are the theme's folders as MkDocs names them (normalised, ending with a separator), and `resolved`
    the same with every link followed."""
    if file.generated_by or file.abs_src_path is None or file.is_documentation_page():
        return False
    if os.path.normpath(file.abs_src_path).startswith(tuple(theme_dirs)):
        return True  # found in a theme folder, as MkDocs names it: most are
    # Another file may lead into the theme. Resolving costs a look at every folder on its path, which for every
    # file was a twentieth of each site's time.
    source = Path(file.abs_src_path).resolve()
    return any(source.is_relative_to(folder) for folder in resolved)


def _link_shared(source: Path, shared: Path, target: Path) -> None:
    """Put `source` at `target` as a link to one shared copy, made once (a copy where links cannot be made)."""
    if not shared.exists():
        shared.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=shared.parent)
        os.close(descriptor)
        try:
            shutil.copyfile(source, temporary)
            os.chmod(temporary, 0o644)
            try:
                # Whole, and the first one made: a worker making the same copy at once keeps the other's, so
                # every site links the one file (replacing it, the first sites would hold a copy of their own).
                os.link(temporary, shared)
            except FileExistsError:
                pass
            except OSError:
                os.replace(temporary, shared)  # no links on this disk: each site gets a copy anyway
        finally:
            Path(temporary).unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(shared, target)
    except OSError:
        shutil.copyfile(shared, target)


_THEME_LISTINGS: dict[tuple[Any, ...], list[str]] = {}
"""The theme's files, listed once per process: Material holds thousands (its icons), and MkDocs lists
them all for every site it builds, which took a good part of each publisher's site build."""


class _ThemeEnvironment(jinja2.Environment):
    """The theme's Jinja environment, with its file listing kept for the process and its templates compiled once."""

    listing_key: tuple[Any, ...] = ()

    def list_templates(self, extensions: Any = None, filter_func: Any = None) -> list[str]:
        # MkDocs asks with the same filter each time (static files of the theme) for the same theme.
        key = (self.listing_key, extensions is None, filter_func is None)
        if key not in _THEME_LISTINGS:
            _THEME_LISTINGS[key] = list(super().list_templates(extensions, filter_func))
        return list(_THEME_LISTINGS[key])


_THEME_ENVIRONMENTS: dict[tuple[Any, ...], jinja2.Environment] = {}
"""One Jinja environment per theme and language for the process, its templates loaded once: MkDocs makes one
for every site, and loaded each of the ~85 templates a site uses again, from their compiled code."""
_KEPT_ENVIRONMENTS = 4


def _reuse_theme_work(theme: Any) -> None:
    """Have every Jinja environment the theme makes (MkDocs', the search plugin's) share the process's work."""
    make = type(theme).get_env
    # An editor may add a file to the site's own theme folder while previewing: its folders'
    # times are part of the key. The installed themes do not change while the process runs.
    key = (tuple(theme.dirs), tuple(sorted(theme.static_templates)), _folder_times(theme.custom_dir))

    def get_env() -> jinja2.Environment:
        # MkDocs' environment holds only the theme's folders, its two filters and the language's translations
        # (MkDocs and the two plugins allowed add nothing of a site's own to it): one serves every site.
        # Keyed also by what the site's own templates say: an edit saved within the same tick of a coarse clock
        # (a network drive) keeps its file's time, which is all that auto_reload looks at.
        shared = (*key, str(theme.locale), _folder_digest(theme.custom_dir))
        env = _THEME_ENVIRONMENTS.get(shared)
        if env is None:
            env = make(theme)
            env.__class__ = _ThemeEnvironment
            env.listing_key = key
            env.bytecode_cache = THEME_TEMPLATES
            env.auto_reload = True  # a template edited while the preview runs is read again (a stat per use)
            while len(_THEME_ENVIRONMENTS) >= _KEPT_ENVIRONMENTS:  # a preview that adds theme files, tests
                del _THEME_ENVIRONMENTS[next(iter(_THEME_ENVIRONMENTS))]
            _THEME_ENVIRONMENTS[shared] = env
        return env

    theme.get_env = get_env


def _folder_digest(folder: str | None) -> str:
    """A digest of the files under `folder` (the site's own templates: a few small files), names and contents.

    Only ordinary files of at most a megabyte are read (never a link, a pipe or a device); of anything else,
    its size and time stand in."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")) if folder else ():
        try:
            found = path.lstat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(folder or '')}\0".encode())
        if stat.S_ISREG(found.st_mode) and found.st_size <= 1_000_000:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            digest.update(f"{found.st_size} {found.st_mtime_ns}".encode())
    return digest.hexdigest()


def _folder_times(folder: str | None) -> tuple[tuple[str, int], ...]:
    """Each folder under `folder` with its modification time, which changes when a file is added or removed."""
    if not folder:
        return ()
    times = []
    for path, _, _ in os.walk(folder):
        try:
            times.append((path, os.stat(path).st_mtime_ns))
        except OSError:
            continue
    return tuple(times)


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
    """Links to pages of the site (`/sen-support/index.md#review`) as addresses relative to `page`; a web link
    whose words are its address marked `shows-address`, so that a printed page does not print it twice."""
    root = parse_fragment(html)
    for anchor in root.iter("a"):
        href = anchor.get("href", "")
        if href.startswith(("https://", "http://")) and shows_address(text_of(anchor), href):
            anchor.set("class", " ".join(filter(None, [anchor.get("class"), SHOWS_ADDRESS])))
        if not href.startswith("/"):
            continue
        path, hash_mark, fragment = href[1:].partition("#")
        target = files.get_file_from_path(path)
        if target is None:
            raise PluginError(f"a link on {page.src_uri} goes to '{path}', which sen-leaflets did not make")
        anchor.set("href", target.url_relative_to(page) + hash_mark + fragment)
    return serialise_fragment(root)
