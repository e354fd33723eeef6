"""Building a laid-out site with MkDocs and Material: the site engine, in one place.

`mkdocs.yml` is read here for `sen-leaflets build` and `check` as it is for
`mkdocs serve`, and everything MkDocs warns about becomes a located problem.
"""

from __future__ import annotations

import calendar
import io
import os
import re
from pathlib import Path
from typing import Any

from ...inputs.files import read_input
from ...inputs.project import Project
from ...inputs.yaml_source import TaggedText, YamlDocument, parse_yaml
from ...problems import ContentError, Problem
from ..log_records import collected_warnings
from .pages import PublisherSite

SITE_CONFIGURATION = "mkdocs.yml"
MKDOCS_TAGS = ("!ENV", "!relative")
"""The YAML tags MkDocs' own configuration may use; any other could make MkDocs run code."""
PLUGIN = "sen-leaflets"
SETTINGS = frozenset(
    {"site_name", "site_description", "copyright", "docs_dir", "site_dir", "use_directory_urls", "theme",
     "extra_css", "plugins", "dev_addr", "strict"}
)  # fmt: skip
"""The keys mkdocs.yml may hold. MkDocs would also run `hooks` (Python), add `extra_javascript` and analytics
(scripts from elsewhere) and more: none of that is for a leaflet site, so the file is refused before MkDocs reads it."""
THEME_SETTINGS = frozenset({"name", "custom_dir", "language", "font", "features", "palette", "icon"})
PLUGINS = frozenset({"search", PLUGIN})


def _settings_problems(document: YamlDocument, project: Project) -> list[Problem]:
    """What in mkdocs.yml sen-leaflets does not allow: keys MkDocs would act on that a leaflet site must not have."""
    data = document.data if isinstance(document.data, dict) else {}
    problems = []

    def refuse(key_path: tuple[str | int, ...], message: str) -> None:
        problems.append(document.problem(key_path, message))

    for key in data:
        if key not in SETTINGS:
            refuse((key,), f"'{key}' is not a setting sen-leaflets allows in mkdocs.yml: remove it")
    for key_path, tagged in _tagged_values(data, ()):
        if not _PLUGIN_OPTION_FROM_SETTINGS.fullmatch("/".join(map(str, key_path))):
            refuse(
                key_path,
                f"'{tagged.tag}' (a value taken from the computer's settings) is allowed only for the publisher "
                "the preview shows: write the value itself here, as check cannot see what would reach the pages",
            )
    site_dir = data.get("site_dir")
    if site_dir is not None and not site_dir_allowed(project, site_dir):
        refuse(("site_dir",), SITE_DIR_REFUSED)
    dev_addr = data.get("dev_addr")
    if dev_addr is not None and not local_address(dev_addr):
        refuse(("dev_addr",), DEV_ADDR_REFUSED)
    theme = data.get("theme")
    if not isinstance(theme, dict):
        # `theme: material` on one line, or no theme: Material's defaults then load Google's fonts, and the
        # templates of ours (custom_dir) are left out.
        refuse(
            ("theme",),
            "'theme' must be a set of keys, as in the mkdocs.yml that came with sen-leaflets: "
            "name: material, custom_dir: templates/site/overrides and font: false, each on its own line",
        )
    if isinstance(theme, dict):
        for key in theme:
            if key not in THEME_SETTINGS:
                refuse(("theme", key), f"'theme.{key}' is not a setting sen-leaflets allows: remove it")
        if theme.get("name") != "material":
            refuse(("theme", "name"), "the theme must be material")
        if theme.get("font") is not False:
            refuse(("theme",), "add 'font: false' under theme: fonts from Google would load from another site")
        if "custom_dir" not in theme:
            refuse(
                ("theme",),
                "add 'custom_dir: templates/site/overrides' under theme: every page's footer (the contact details, "
                "the accessibility statement) comes from it",
            )
    for key in ("site_name", "site_description", "copyright"):
        if key in data and not _plain_text(data[key]):
            refuse(
                (key,),
                f"'{key}' must be plain text on one line, without \" < > & (Material prints it into the page as it is)",
            )
    if isinstance(theme, dict):
        problems.extend(_theme_value_problems(document, project, theme))
    if data.get("docs_dir") is not None and not _inside_templates(project, data["docs_dir"]):
        refuse(("docs_dir",), "'docs_dir' must be a folder inside templates/")
    docs_dir = data.get("docs_dir")
    stylesheets_from = (
        project.root / docs_dir if isinstance(docs_dir, str) and _inside_templates(project, docs_dir) else None
    )
    sheets = data.get("extra_css") or []
    if not isinstance(sheets, list):
        refuse(("extra_css",), "'extra_css' must be a list: each style sheet on its own line, starting with '- '")
        sheets = []
    for index, sheet in enumerate(sheets):
        if not (isinstance(sheet, str) and _STYLESHEET.fullmatch(sheet)):
            refuse(("extra_css", index), "stylesheets must be files of the site, like assets/stylesheets/site.css")
        elif stylesheets_from is not None and not (stylesheets_from / sheet).is_file():
            # MkDocs would link it from every page all the same, and each page would ask for it in vain.
            shown = stylesheets_from.relative_to(project.root).as_posix()
            refuse(("extra_css", index), f"there is no {shown}/{sheet}: check the name, or add the file")
    problems.extend(_plugin_problems(document, data.get("plugins")))
    return problems


SITE_DIR_REFUSED = (
    "'site_dir' must be a folder inside .cache/ (not a link), like .cache/mkdocs-site: `mkdocs build` empties it "
    "first (sen-leaflets build writes to site/ by itself)"
)


def site_dir_allowed(project: Project, site_dir: object) -> bool:
    """Whether mkdocs.yml may name `site_dir`, which `mkdocs build` empties: only a folder inside .cache/, reached
    without a link (a committed link named .cache, or inside it, could lead to the project's own folders)."""
    if not isinstance(site_dir, str):
        return False
    cache = project.root / ".cache"
    folder = Path(os.path.normpath(project.root / site_dir))
    if folder == cache or not folder.is_relative_to(cache):
        return False
    on_the_way = [folder, *folder.parents]
    return not any(part.is_symlink() for part in on_the_way[: on_the_way.index(cache) + 1])


def site_dir_problem(project: Project, site_dir: Path) -> str | None:
    """Why a plain `mkdocs build` must not empty `site_dir` as mkdocs.yml names it, if it must not: only a folder
    inside .cache/ is allowed there. (Chosen on the command line, `mkdocs build -d`, it is the editor's own choice,
    which the plugin refuses as `build --out` refuses a folder.)"""
    _, document = _read_configuration(project)
    written = document.data.get("site_dir") if isinstance(document.data, dict) else None
    from_the_file = isinstance(written, str) and (project.root / written).resolve() == site_dir.absolute().resolve()
    if from_the_file and not site_dir_allowed(project, written):
        return f"{SITE_CONFIGURATION}: {SITE_DIR_REFUSED}"
    return None


def _plugin_problems(document: YamlDocument, plugins: object) -> list[Problem]:
    """The plugins: search and ours only, ours required, each option read against what it may take. MkDocs takes
    them as a list (`- search`) or as a set of keys (`search:`); both are read."""
    problems = []
    entries: list[tuple[tuple[str | int, ...], str, object]] = []
    if isinstance(plugins, list):
        for index, plugin in enumerate(plugins):
            if isinstance(plugin, dict) and len(plugin) > 1:
                first, *others = plugin
                if first in PLUGINS and plugin[first] is None and not set(others) & PLUGINS:
                    # `- sen-leaflets:` with `publisher:` under it, not indented under it: an option, not a plugin.
                    listed = " and ".join(f"'{name}'" for name in others)
                    message = (
                        f"{listed} {'is an option' if len(others) == 1 else 'are options'} of {first}: indent "
                        f"{'it' if len(others) == 1 else 'them'} two spaces further than {first}, under it"
                    )
                    problems.append(document.problem(("plugins", index, others[0]), message))
                    plugin = {first: None}
                else:
                    listed = " and ".join(f"'{name}'" for name in plugin)
                    message = f"each plugin goes on a line of its own starting with '- ': {listed} are in one item"
                    problems.append(document.problem(("plugins", index), message))
            named = plugin if isinstance(plugin, dict) else {plugin if isinstance(plugin, str) else "": None}
            entries.extend((("plugins", index), str(name), options) for name, options in named.items())
    elif isinstance(plugins, dict):
        entries = [(("plugins", str(name)), str(name), options) for name, options in plugins.items()]
    else:
        problems.append(document.problem(("plugins",), f"'plugins' must list {PLUGIN}, and search if wanted"))
    listed_before: set[str] = set()
    for where, name, options in entries:
        if name in listed_before:
            # MkDocs would refuse it in its own words ("specified multiple times ... supports_multiple_instances").
            problems.append(document.problem(where, f"'{name}' is listed twice under plugins: keep one of them"))
            continue
        listed_before.add(name)
        if name not in PLUGINS:
            message = f"the plugin '{name}' is not one sen-leaflets allows: only search and {PLUGIN}"
            problems.append(document.problem(where, message))
            continue
        at = where if where[-1] == name else (*where, name)
        if options is not None and not isinstance(options, dict):
            problems.append(document.problem(at, f"the options of {name} must be keys, like publisher: durham"))
            continue
        for option, value in (options or {}).items():
            known = _PLUGIN_OPTIONS[name].get(option)
            if known is None:
                names = " or ".join(_PLUGIN_OPTIONS[name])
                message = f"'{option}' is not an option of {name} here: use {names}"
                problems.append(document.problem((*at, option), message))
                continue
            pattern, message = known
            # A publisher from SEN_PUBLISHER (!ENV) is checked when the preview loads it.
            values = [] if isinstance(value, TaggedText) else value if isinstance(value, list) else [value]
            wrong = [v for v in values if not (isinstance(v, str) and pattern.fullmatch(v))]
            if wrong:
                problems.append(document.problem((*at, option), message.format(wrong[0])))
    if isinstance(plugins, (list, dict)) and PLUGIN not in {name for _, name, _ in entries}:
        message = f"add {PLUGIN} under plugins: it makes every page of the site from the content"
        problems.append(document.problem(("plugins",), message))
    return problems


def _tagged_values(value: object, key_path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], TaggedText]]:
    """Every value written under `!ENV` or `!relative`, with where it is."""
    if isinstance(value, TaggedText):
        return [(key_path, value)]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return [found for key, item in items for found in _tagged_values(item, (*key_path, key))]


def _inside(project: Project, value: object, folder: Path) -> bool:
    if not isinstance(value, str):
        return False
    path = project.root / value
    return project.contains(path) and path.resolve().is_relative_to(folder.resolve())


_PRIMARY_COLOURS = frozenset(
    {"red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal", "green", "light green",
     "lime", "yellow", "amber", "orange", "deep orange", "brown", "grey", "blue grey", "black", "white", "custom"}
)  # fmt: skip
"""Material's named primary colours; the accent colours are those before brown, and custom."""
_ACCENT_COLOURS = frozenset(_PRIMARY_COLOURS - {"brown", "grey", "blue grey", "black", "white"})
_SCHEMES = frozenset({"default", "slate"})
_PALETTE_KEYS = frozenset({"scheme", "primary", "accent", "media", "toggle"})
_ICON_KEYS = frozenset(
    {"logo", "menu", "alternate", "search", "share", "close", "top", "edit", "view", "repo", "admonition",
     "annotation", "tag", "previous", "next"}
)  # fmt: skip
_ICON_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)+")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?")
_MEDIA = re.compile(r"[a-z0-9():, -]{1,100}")
_FEATURE = re.compile(r"[a-z]+(?:\.[a-z_]+)*")
_KIND = re.compile(r"[a-z][a-z0-9-]{0,40}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PUBLISHER_OPTION = (_SLUG, "'{}' is not a publisher: write its file's name without .yml, like durham")
_PLUGIN_OPTIONS = {
    "search": {"lang": (_LANGUAGE, "'{}' is not a language search knows: write its code, like en")},
    PLUGIN: {"publisher": _PUBLISHER_OPTION, "authority": _PUBLISHER_OPTION},
}
"""The plugins' options mkdocs.yml may set: the search's languages, the previewed publisher. Search's others
(its word separator, its pipeline) are printed into the pages' script."""
_PLUGIN_OPTION_FROM_SETTINGS = re.compile(rf"plugins/(?:\d+/)?(?:{PLUGIN}/)?(?:publisher|authority)")
"""Where `!ENV` may stand: the publisher the preview shows (SEN_PUBLISHER), checked when it is loaded (or that
option indented too little, which is reported as that)."""
_LOCAL_ADDRESS = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})")
DEV_ADDR_REFUSED = (
    "'dev_addr' must be on this computer only, with a port from 1024 to 65535, like 127.0.0.1:8000: "
    "the preview is for the editor, not for the network"
)


def local_address(value: object) -> bool:
    """Whether `value` (mkdocs.yml's dev_addr) is an address of this computer only, with a port it can open."""
    found = _LOCAL_ADDRESS.fullmatch(value) if isinstance(value, str) else None
    return found is not None and 1024 <= int(found.group(1)) <= 65535


_STYLESHEET = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.css")
"""A stylesheet of the site: a path of plain names ending .css (MkDocs prints it into every page as it is)."""


def _plain_text(value: object) -> bool:
    """Text Material may print into a page unescaped (MkDocs' templates do not escape): nothing that ends an
    attribute or starts markup."""
    return isinstance(value, str) and len(value) <= 300 and not re.search(r'["<>&\x00-\x1f\x7f]', value)


def _material_templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def _theme_value_problems(document: YamlDocument, project: Project, theme: dict[str, Any]) -> list[Problem]:
    """Each value of `theme` that Material prints into every page, read against what Material offers.

    Material prints the palette's names into the attributes of <body> with only spaces replaced, and
    includes an icon or a language by the file its name gives: an unchecked value could add an attribute
    that runs a script, or stop every build with a missing file.
    """
    problems: list[Problem] = []

    def refuse(key_path: tuple[str | int, ...], message: str) -> None:
        problems.append(document.problem(key_path, message))

    custom_refused = "custom_dir" in theme and not _is_our_overrides(project, theme["custom_dir"])
    if custom_refused:
        # Another folder, even of templates/ (templates/pdf, say), builds, but every page loses its footer; and
        # its files are then not looked into.
        refuse(
            ("theme", "custom_dir"),
            f"'theme.custom_dir' must be {OVERRIDES}: every page's footer (the contact details, the accessibility "
            "statement) comes from it. Put a template of your own in that folder",
        )
    folders = [_material_templates()]
    if "custom_dir" in theme and not custom_refused:
        folders.append(project.root / OVERRIDES)

    def icon(key_path: tuple[str | int, ...], value: object) -> None:
        if not (isinstance(value, str) and _ICON_NAME.fullmatch(value)) or not any(
            (folder / ".icons" / f"{value}.svg").is_file() for folder in folders
        ):
            refuse(key_path, f"'{value}' is not one of Material's icons, like material/library: check its name")

    language = theme.get("language")
    if custom_refused:
        language = None  # it may well be in the custom folder, which is refused first
    if language is not None and not (
        isinstance(language, str)
        and _LANGUAGE.fullmatch(language)
        and any((folder / "partials" / "languages" / f"{language}.html").is_file() for folder in folders)
    ):
        refuse(
            ("theme", "language"),
            f"'{language}' is not a language Material or theme.custom_dir has, like en (en-GB is in "
            "templates/site/overrides)",
        )
    features = theme.get("features", [])
    for index, feature in enumerate(features if isinstance(features, list) else [features]):
        if not (isinstance(feature, str) and _FEATURE.fullmatch(feature)):
            refuse(("theme", "features", index), "a feature is a name Material documents, like navigation.footer")
    icons = theme.get("icon", {})
    if not isinstance(icons, dict):
        refuse(("theme", "icon"), "'theme.icon' must be a set of keys, like logo: material/library")
        icons = {}
    for key, value in icons.items():
        if key not in _ICON_KEYS:
            refuse(("theme", "icon", key), f"'theme.icon.{key}' is not an icon Material's theme has: remove it")
        elif isinstance(value, dict) and key in ("admonition", "tag"):
            for kind, name in value.items():
                # The kind's name is printed into a stylesheet in every page: a name, nothing that could end it.
                if not (isinstance(kind, str) and _KIND.fullmatch(kind)):
                    refuse(("theme", "icon", key, kind), f"'{kind}' is not a name like note or warning")
                icon(("theme", "icon", key, kind), name)
        else:
            icon(("theme", "icon", key), value)
    palette = theme.get("palette", [])
    options = palette if isinstance(palette, list) else [palette]
    for index, option in enumerate(options):
        where: tuple[str | int, ...] = (
            ("theme", "palette", index) if isinstance(palette, list) else ("theme", "palette")
        )
        if not isinstance(option, dict):
            refuse(where, "a palette is a set of keys: scheme, primary, accent, media and toggle")
            continue
        for key, value in option.items():
            allowed = {"scheme": _SCHEMES, "primary": _PRIMARY_COLOURS, "accent": _ACCENT_COLOURS}.get(key)
            if key not in _PALETTE_KEYS:
                refuse((*where, key), f"'{key}' is not a palette setting: use scheme, primary, accent, media or toggle")
            elif key == "scheme" and isinstance(value, str) and _KIND.fullmatch(value):
                pass  # default, slate, or a scheme of the site's own stylesheet: a plain name either way
            elif allowed is not None and value not in allowed:
                refuse((*where, key), f"'{value}' is not one of Material's {key} names, like {sorted(allowed)[0]}")
            elif key == "media" and not (isinstance(value, str) and _MEDIA.fullmatch(value)):
                refuse((*where, key), "the media must be a media query, like (prefers-color-scheme: dark)")
            elif key == "toggle":
                toggle = value if isinstance(value, dict) else {}
                if set(toggle) - {"icon", "name"} or not isinstance(value, dict):
                    refuse((*where, key), "a toggle has an icon and a name, nothing else")
                if "icon" in toggle:
                    icon((*where, key, "icon"), toggle["icon"])
                if "name" in toggle and not _plain_text(toggle["name"]):
                    refuse((*where, key, "name"), "the toggle's name must be plain text, without \" < > &")
    return problems


def _inside_templates(project: Project, value: object) -> bool:
    return _inside(project, value, project.templates_dir)


OVERRIDES = "templates/site/overrides"
"""The theme's templates of sen-leaflets (Material's `custom_dir`): the footer, the page metadata, the language."""


def _is_our_overrides(project: Project, value: object) -> bool:
    return isinstance(value, str) and (project.root / value).resolve() == (project.root / OVERRIDES).resolve()


def _read_configuration(project: Project) -> tuple[bytes, YamlDocument]:
    """mkdocs.yml as an ordinary file of limited size, and as safe YAML (with its lines, for messages)."""
    path = project.root / SITE_CONFIGURATION
    data = read_input(path)
    return data, parse_yaml(data.decode("utf-8", "replace"), path, text_tags=MKDOCS_TAGS, printed=False)


_KINDS = {"bool": "true or false", "str": "text", "int": "a whole number", "list": "a list", "dict": "a set of keys"}
"""Python's names for the kinds of value MkDocs expects, in an editor's words."""


def _warnings_as_problems(records: list[Any], document: YamlDocument, what: str) -> list[Problem]:
    problems = []
    for record in records:
        text = record.getMessage()
        named = re.match(r"Config value '([^']+)': (.*)", text, re.DOTALL)
        key_path = tuple(named.group(1).split(".")) if named else ()
        message = f"{what}: {text}"
        if named:
            message = f"{what}: '{named.group(1)}': {named.group(2)}"
            kind = re.search(r"Expected type: <class '(\w+)'> but received: <class '\w+'>", text)
            if kind and kind.group(1) in _KINDS:
                message = f"'{named.group(1)}' must be {_KINDS[kind.group(1)]}"
        problems.append(document.problem(key_path, message, at_value=bool(named)))
    return problems


def keep_the_installed_themes() -> None:
    """Have MkDocs list the installed themes once for the process, not once for every site.

    MkDocs empties its list of installed themes each time it loads a theme (for a theme installed while it
    runs), so every site's settings read every installed package's entry points again: seven of the ten
    milliseconds that loading mkdocs.yml took, for each publisher and each rebuild of the preview. No theme
    is installed while sen-leaflets runs; one installed meanwhile is seen by the next command.
    """
    from mkdocs import utils

    utils.get_themes.cache_clear = lambda: None  # type: ignore[method-assign]


def load_site_configuration(project: Project, **overrides: Any) -> Any:
    """mkdocs.yml, read as an ordinary file of limited size and safe YAML, then loaded by MkDocs.

    MkDocs' own YAML loader can build Python objects (and so run code) from tags; the
    file is first read with a safe loader that knows only MkDocs' `!ENV` and `!relative`.
    Raises `ContentError` at the file for anything MkDocs refuses or warns about (builds
    are strict, so its warnings would stop them).
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    data, document = _read_configuration(project)
    refused = _settings_problems(document, project)
    if refused:
        raise ContentError(refused)
    with collected_warnings("mkdocs") as records:
        try:
            config = load_config(io.BytesIO(data), config_file_path=str(document.path), **overrides)
        except MkDocsException as exc:
            # MkDocs logs each setting it refuses, then stops with a count: the records say which and why.
            refusals = _warnings_as_problems(records, document, "this setting cannot be used")
            raise ContentError(
                refusals or [Problem(document.path, 1, 1, f"the site settings cannot be used: {exc}")]
            ) from None
    problems = _warnings_as_problems(records, document, "the site settings have a problem")
    if problems:
        raise ContentError(problems)
    return config


def settings_refusals(project: Project) -> list[Problem]:
    """What sen-leaflets refuses in mkdocs.yml, read safely and without MkDocs, whose own reader would run a
    `!!python` tag or load `hooks` before anything could look at them."""
    try:
        _, document = _read_configuration(project)
    except ContentError as exc:
        return exc.problems
    return _settings_problems(document, project)


def names_hooks(project: Project) -> bool:
    """Whether mkdocs.yml, read safely, names `hooks`: Python files MkDocs runs while it reads its settings, before
    any plugin's event (`check` refuses them, with everything else it refuses, in `settings_refusals`)."""
    try:
        _, document = _read_configuration(project)
    except ContentError:
        return False  # refused in the plugin's first event, before MkDocs could run anything it names
    return isinstance(document.data, dict) and "hooks" in document.data


def site_configuration_problems(project: Project) -> list[Problem]:
    """What is wrong with mkdocs.yml, as located problems (nothing, when MkDocs accepts it)."""
    try:
        load_site_configuration(project)
    except ContentError as exc:
        return exc.problems
    return []


def render_site(
    project: Project, site: PublisherSite, site_dir: Path, shared_files: Path | None = None, offline: bool = False
) -> None:
    """Build `site` with MkDocs, in this process, into `site_dir`, using the repository's mkdocs.yml.

    The `sen-leaflets` plugin named in mkdocs.yml is given the laid-out site to build.
    With `shared_files` (a folder on the same disk as `site_dir`), the theme's own files
    are linked to one copy there instead of being copied into every site. With `offline`,
    the site works opened from disk: links name files (`page.html`, not `page/`), and search
    reads its index from a script, in a worker run by a shim (what Material's own offline
    plugin does, without the shim it loads from another site).
    Raises `ContentError` with anything MkDocs warned about while building.
    """
    from mkdocs.commands.build import build

    # The same input gives the same bytes: MkDocs dates the sitemap from SOURCE_DATE_EPOCH when it is set,
    # so the publication date is used rather than the day of the build.
    published = site.published.latest_day()
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(published.timetuple()))
    overrides: dict[str, Any] = {"site_dir": str(site_dir)}
    if offline:
        overrides["use_directory_urls"] = False
    config = load_site_configuration(project, **overrides)
    config.plugins[PLUGIN].use(site, shared_files, offline=offline)
    _, document = _read_configuration(project)
    with collected_warnings("mkdocs") as records:
        build(config)
    problems = _warnings_as_problems(records, document, f"building {site.slug}'s site, MkDocs warned")
    if problems:
        raise ContentError(problems)
