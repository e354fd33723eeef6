"""`sen-leaflets new`: a commented publisher file to fill in, so nobody starts from a blank page."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..problems import ContentError, Problem
from .authorities import load_retired_codes
from .characters import invisible_in
from .load import load_local_authorities
from .project import Project
from .rules import SITE_ROOT_NAMES, publisher_file_names
from .schema import SLUG


def yaml_text(value: str) -> str:
    """`value` as a YAML double-quoted string: whatever it holds (a colon, a #, quotes, braces), it stays text.

    JSON's string syntax is YAML's double-quoted style; unlike Jinja's `tojson` it keeps '&' and
    quotes readable for the editor who opens the file.
    """
    return json.dumps(value, ensure_ascii=False)


def new_publisher(project: Project, slug: str, name: str, gss_codes: list[str], today: dt.date) -> Path:
    """Write `authorities/<slug>.yml` with every key explained; refuse to overwrite or to guess."""
    path = project.authority_file(slug)
    if not re.fullmatch(SLUG, slug):
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    1,
                    f"'{slug}' is not a usable slug: "
                    + (invisible_in(slug) or "use lower-case letters, digits and hyphens, like 'kent'"),
                )
            ]
        )
    if slug in SITE_ROOT_NAMES:
        message = f"a publisher cannot be called '{slug}': the published folder already uses that name; choose another"
        raise ContentError([Problem(path, 1, 1, message)])
    if os.path.lexists(path):  # a link to a file not there too: it is never written through
        raise ContentError(
            [Problem(path, 1, 1, f"this publisher already exists: edit authorities/{slug}.yml, or choose another slug")]
        )
    twins = publisher_file_names(project).get(slug, [])
    if twins:
        # notts.yml beside notts.yaml or Notts.yml would be an error in `check` at once.
        message = (
            f"authorities/{twins[0]} is this publisher's file already: rename it to {slug}.yml and edit it, "
            "or choose another slug"
        )
        raise ContentError([Problem(path, 1, 1, message)])
    # A name is one line: a line break in it would end the comments it is written into, and start keys.
    name = " ".join(name.split())
    if not name or "<" in name or ">" in name or any(not ch.isprintable() for ch in name):
        raise ContentError([Problem(path, 1, 1, "give the service's name, in plain text, with --name")])
    gss_codes = [code.upper() for code in gss_codes]  # GSS codes are written in capitals: e06000018 is E06000018
    twice = next((code for index, code in enumerate(gss_codes) if code in gss_codes[:index]), None)
    if twice is not None:
        message = f"'{twice}' is given twice with --gss: give each local authority the service covers once"
        raise ContentError([Problem(path, 1, 1, message)])
    known = load_local_authorities(project)
    retired = load_retired_codes(project, known)
    unknown = [code for code in gss_codes if code not in known]
    if unknown and unknown[0] in retired:
        raise ContentError([Problem(path, 1, 1, retired[unknown[0]].message(on_the_command_line=True))])
    if unknown:
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    1,
                    f"'{unknown[0]}' is not the GSS code of an English local authority with SEND duties: "
                    "see content/local-authorities.csv",
                )
            ]
        )
    env = Environment(
        loader=FileSystemLoader(project.templates_dir), undefined=StrictUndefined, keep_trailing_newline=True
    )
    env.filters["yaml_text"] = yaml_text
    text = env.get_template("new-publisher.yml").render(
        slug=slug,
        name=name,
        authorities=[{"gss": code, "official": known[code], "name": known[code]} for code in gss_codes],
        today=today.isoformat(),
        next_year=f"{today.year + 1}-{today.month:02d}",
    )
    with path.open("x", encoding="utf-8") as file:  # never over a file (or through a link) made meanwhile
        file.write(text)
    return path
