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
from ...inputs.yaml_source import YamlDocument, parse_yaml
from ...problems import ContentError, Problem
from ..log_records import collected_warnings
from .pages import PublisherSite

SITE_CONFIGURATION = "mkdocs.yml"
MKDOCS_TAGS = ("!ENV", "!relative")
"""The YAML tags MkDocs' own configuration may use; any other could make MkDocs run code."""
PLUGIN = "sen-leaflets"


def _read_configuration(project: Project) -> tuple[bytes, YamlDocument]:
    """mkdocs.yml as an ordinary file of limited size, and as safe YAML (with its lines, for messages)."""
    path = project.root / SITE_CONFIGURATION
    data = read_input(path)
    return data, parse_yaml(data.decode("utf-8", "replace"), path, text_tags=MKDOCS_TAGS)


def _warnings_as_problems(records: list[Any], document: YamlDocument, what: str) -> list[Problem]:
    problems = []
    for record in records:
        text = record.getMessage()
        named = re.match(r"Config value '([^']+)'", text)
        key_path = tuple(named.group(1).split(".")) if named else ()
        problems.append(document.problem(key_path, f"{what}: {text}"))
    return problems


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
    with collected_warnings("mkdocs") as records:
        try:
            config = load_config(io.BytesIO(data), config_file_path=str(document.path), **overrides)
        except MkDocsException as exc:
            raise ContentError([Problem(document.path, 1, 1, f"the site settings cannot be used: {exc}")]) from None
    problems = _warnings_as_problems(records, document, "the site settings have a problem")
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
    """Build `site` with MkDocs, in this process, into `site_dir`, using the repository's mkdocs.yml.

    The `sen-leaflets` plugin named in mkdocs.yml is given the laid-out site to build.
    Raises `ContentError` with anything MkDocs warned about while building.
    """
    from mkdocs.commands.build import build

    # The same input gives the same bytes: MkDocs dates the sitemap from SOURCE_DATE_EPOCH when it is set,
    # so the publication date is used rather than the day of the build.
    published = site.published.latest_day()
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(published.timetuple()))
    config = load_site_configuration(project, site_dir=str(site_dir))
    config.plugins[PLUGIN].use(site)
    _, document = _read_configuration(project)
    with collected_warnings("mkdocs") as records:
        build(config)
    problems = _warnings_as_problems(records, document, f"building {site.slug}'s site, MkDocs warned")
    if problems:
        raise ContentError(problems)
