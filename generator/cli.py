"""The `sen-leaflets` command: list, check and build publishers."""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
from pathlib import Path

import click

from .inputs.load import list_slugs
from .inputs.project import Project, find_project
from .problems import ContentError, Problem, visible

PUBLISHER_OPTION = click.option(
    "--publisher",
    "--authority",
    "-p",
    "-a",
    "publishers",
    multiple=True,
    metavar="SLUG",
    help="Only this publisher (repeatable); default: every publisher. --authority is another name for it.",
)


def _project() -> Project:
    try:
        return find_project()
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None


def _known(project: Project, publishers: tuple[str, ...]) -> list[str]:
    """The publishers to work on: those named (each must exist), or all of them."""
    from .inputs.load import unread_publisher_files

    known = list_slugs(project)
    unknown = [slug for slug in publishers if slug not in known]
    if unknown:
        # Offered and listed: the publishers, not the files that cannot be one ('notts copy.yml', notts2.yaml).
        unread = unread_publisher_files(project)
        usable = [slug for slug in known if slug not in unread]
        # 'KENT' or 'Kent' for kent: a publisher's name is its file's, in lower case.
        meant = [difflib.get_close_matches(slug.lower(), usable, n=1, cutoff=0.8) for slug in unknown]
        hint = "; ".join(f"did you mean '{close[0]}'?" for close in meant if close)
        raise click.ClickException(
            visible(
                f"unknown publisher {', '.join(repr(s) for s in unknown)}: "
                + (
                    f"{hint} (the publishers are {', '.join(usable)})"
                    if hint
                    else f"the publishers are {', '.join(usable)}"
                )
            )
        )
    return list(publishers) or known


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@click.group()
@click.version_option(package_name="sen-leaflets")
def main() -> None:
    """Build SEN support leaflets and websites for SEND IAS services."""


@main.command("list")
def list_command() -> None:
    """List the publishers (one per authorities/<slug>.yml), and the files meant as one that cannot be a publisher, why.

    It judges each file's name and form only: `check` finds the mistakes in what a file says.
    """
    from .inputs.files import read_text
    from .inputs.load import unread_publisher_files
    from .inputs.rules import publisher_file_names, publisher_file_problems

    project = _project()
    unread = unread_publisher_files(project)
    names = publisher_file_names(project)
    for slug in list_slugs(project):
        # As check and build judge the file: 'kent copy.yml' was listed as a publisher, and then refused.
        problem = unread.get(slug) or next(iter(publisher_file_problems(project, slug, names)), None)
        if problem is None:
            try:
                read_text(project.authority_file(slug))  # a folder, a pipe or a file that is not text
            except ContentError as exc:
                problem = exc.problems[0]
        # A name or message with a line break or a terminal's escape in it is shown by its codes, as check shows it.
        click.echo(visible(f"{slug} (cannot be built: {problem.message})" if problem else slug))


@main.command()
@PUBLISHER_OPTION
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
def check(publishers: tuple[str, ...], output: str, strict: bool) -> None:
    """Check every publisher, block and leaflet without building.

    Prints each problem as path:line:column: error|warning: message, then a
    summary. Exits 1 when there is an error (or, with --strict, a warning).
    """
    from .build.check import check_project
    from .inputs.font import FontMissingError

    project = _project()
    try:
        result = check_project(project, _known(project, publishers))
    except FontMissingError as exc:
        raise click.ClickException(f"{exc}; nothing was checked") from None
    if output == "json":
        records = [
            {
                "path": p.path.relative_to(project.root).as_posix()
                if p.path.is_relative_to(project.root)
                else str(p.path),
                "line": p.line,
                "column": p.column,
                "severity": p.severity,
                "message": p.message,
            }
            for p in result.problems
        ]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        for problem in result.problems:
            click.echo(problem.format(project.root))
    # A misnamed file ('kent copy.yml', kent.yaml) is checked, to say why it is not read, but is no publisher.
    unread = len(result.unread_files)
    summary = (
        f"{_count(result.errors, 'error')}, {_count(result.warnings, 'warning')} "
        f"in {_count(len(result.publishers) - unread, 'publisher')} and the shared content"
    )
    if unread:
        why = "its error says why" if unread == 1 else "their errors say why"
        summary += f"; {_count(unread, 'file')} in authorities/ not read as a publisher's file ({why})"
    if result.in_part:
        # Not "0 publishers": each was checked as far as it does not depend on the shared content's errors.
        named = sorted(result.in_part)
        listed = ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
        summary += (
            f"; {len(named)} of them ({listed}) checked only in part, as "
            + ("it uses" if len(named) == 1 else "they use")
            + " shared content with errors: check again once they are fixed"
        )
    # With --format json, standard output stays pure JSON: the summary goes to standard error.
    click.echo(summary, err=output == "json")
    if result.errors or (strict and result.warnings):
        sys.exit(1)


@main.command()
@click.argument("slug")
@click.option("--name", required=True, help='The service\'s name, e.g. "Information Advice and Support Kent".')
@click.option(
    "--gss", "gss_codes", multiple=True, metavar="CODE", help="GSS code of an authority it serves (repeatable)."
)
def new(slug: str, name: str, gss_codes: tuple[str, ...]) -> None:
    """Start a new publisher: writes authorities/SLUG.yml with every key explained."""
    import datetime as dt

    from .inputs.scaffold import new_publisher

    project = _project()
    try:
        path = new_publisher(project, slug, name, list(gss_codes), dt.date.today())
    except ContentError as exc:
        raise click.ClickException("; ".join(p.message for p in exc.problems)) from None
    click.echo(f"wrote {path.relative_to(project.root)}: fill in the lines marked REQUIRED, then run")
    click.echo(f"  sen-leaflets check --publisher {slug}")


@main.command()
@PUBLISHER_OPTION
def drift(publishers: tuple[str, ...]) -> None:
    """Show each publisher's changes to the shared text: left out, added, and replaced (word by word)."""
    from .inputs.load import load_library
    from .reports.drift import CANNOT_SHOW, check_command, format_text, project_drift

    project = _project()
    slugs = _known(project, publishers)
    try:
        library = load_library(project)
    except ContentError as exc:
        raise click.ClickException("the shared content has errors: run 'sen-leaflets check'") from exc
    failed: dict[str, list[Problem]] = {}
    click.echo(format_text(project_drift(project, library, slugs, failed)), nl=False)
    # A publisher left out of the report is said to be, with why: drift -p kent printed nothing at all for it.
    for slug, problems in failed.items():
        click.echo(visible(f"{slug}: {CANNOT_SHOW}:"), err=True)
        for problem in problems:
            click.echo(f"  {problem.format(project.root)}", err=True)
    if failed:
        named = ", ".join(failed)
        check = check_command(failed)
        has, its = ("has", "its") if len(failed) == 1 else ("have", "their")
        raise click.ClickException(
            visible(
                f"{named} {has} errors, so {its} changes are not in this report: fix them ('{check}' shows them "
                "all), then run sen-leaflets drift again"
            )
        )


def _formats(text: str) -> frozenset[str]:
    """`--formats`: 'all', 'none', or outputs separated by commas ('pdf,epub')."""
    from .outputs.downloads import OUTPUTS

    names = {name.strip().lower() for name in text.split(",") if name.strip()}
    if names == {"all"}:
        return frozenset(OUTPUTS)
    if names == {"none"}:
        return frozenset()
    unknown = sorted(names - set(OUTPUTS))
    if unknown or not names:
        raise click.BadParameter(
            f"{', '.join(unknown) or 'nothing'} is not a format: choose from {', '.join(OUTPUTS)}, "
            "separated by commas (for example pdf,epub), or all, or none",
            param_hint="--formats",
        )
    return frozenset(names)


@main.command()
@PUBLISHER_OPTION
@click.option(
    "--out",
    "out_dir",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to build into.  [default: site, or site-offline with --offline]",
)
@click.option(
    "--formats",
    "formats_text",
    metavar="LIST",
    default="all",
    show_default=True,
    help="The downloadable editions to make, separated by commas: pdf (standard print, large print and the A5 "
    "booklet), epub, docx (Word), brf (braille); 'all', or 'none' for the website alone.",
)
@click.option("--pdf/--no-pdf", default=True, help="Make the PDFs, if --formats includes them (default: yes).")
@click.option(
    "--offline",
    is_flag=True,
    help="Make a copy to open from disk (a USB stick), search included, in site-offline/ unless --out says.",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Publishers built at once (default: CPU cores)."
)
@click.option("--force", is_flag=True, help="Rebuild every publisher, even those whose inputs did not change.")
@click.option(
    "--shard", metavar="K/N", help="Build only the K-th of N slices of the publishers (for parallel CI jobs)."
)
def build(
    publishers: tuple[str, ...],
    out_dir: Path | None,
    formats_text: str,
    pdf: bool,
    offline: bool,
    jobs: int | None,
    force: bool,
    shard: str | None,
) -> None:
    """Check, then build every publisher's site and downloads into OUT/<slug>/, and OUT/index.html.

    The downloads are the PDFs (standard print, large print, an A5 booklet), an EPUB, a Word
    document and a braille file (BRF); `--formats` chooses among them.

    Only publishers whose inputs changed since the last build into OUT are rebuilt.
    """
    from .build.pipeline import build_publishers
    from .build.pipeline import shard as take_shard
    from .build.progress import BuildProgress
    from .build.publish import OutputFolderError
    from .inputs.font import FontMissingError

    formats = _formats(formats_text)
    if not pdf and "pdf" in formats_text.lower().replace(" ", "").split(","):
        raise click.UsageError("--no-pdf and --formats pdf ask for opposite things: leave one of them out")
    formats -= {"pdf"} if not pdf else set()
    project = _project()
    slugs = _known(project, publishers)
    # The offline copy links to files, the web's to folders: they never share a folder by default.
    out_dir = out_dir or Path("site-offline" if offline else "site")
    if shard is not None:
        match = re.fullmatch(r"(\d+)/(\d+)", shard)
        if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
            raise click.BadParameter("write it as K/N with 1 <= K <= N, for example 2/4", param_hint="--shard")
        slugs = take_shard(slugs, int(match.group(1)), int(match.group(2)))
    progress = BuildProgress(len(slugs), out_dir, project.root)
    try:
        with progress:
            results = build_publishers(
                project,
                slugs,
                out_dir,
                progress.finished,
                formats=formats,
                jobs=jobs or os.cpu_count() or 1,
                force=force,
                started=progress.started,
                offline=offline,
            )
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(problem.format(project.root), err=True)
        raise click.ClickException("the shared content has errors, so nothing was built") from None
    except OutputFolderError as exc:
        raise click.ClickException(f"{exc}; nothing was built") from None
    except FontMissingError as exc:
        raise click.ClickException(f"{exc}; nothing was built") from None
    failed = [r.slug for r in results if not r.ok]
    skipped = sum(r.skipped for r in results)
    removed = sum(r.removed for r in results)
    built = len(results) - len(failed) - skipped - removed
    unchanged = f", {skipped} unchanged" if skipped else ""
    gone = f", {removed} removed" if removed else ""
    click.echo(
        visible(f"{built} built{unchanged}{gone}, {len(failed)} failed" + (f": {', '.join(failed)}" if failed else ""))
    )
    if failed:
        sys.exit(1)


@main.command()
@click.option(
    "--out",
    "out_dir",
    default="site",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder holding the publishers' sites.",
)
def index(out_dir: Path) -> None:
    """Write OUT/index.html listing every publisher whose site is in OUT.

    After builds split with --shard (on several CI machines) are put together in one folder:
    each shard's index lists only its own publishers; this lists them all, as one build would.
    A publisher with errors is reported, as a build reports it, and the others are listed; the
    site made before for it stays listed if a build into OUT recorded it. Exits 1 when one failed.
    """
    from .build.pipeline import index_publishers
    from .build.publish import OutputFolderError

    project = _project()
    try:
        result = index_publishers(project, out_dir)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(problem.format(project.root), err=True)
        raise click.ClickException(
            "the shared content has errors (sen-leaflets check shows them), so the index was not written"
        ) from None
    except OutputFolderError as exc:
        raise click.ClickException(str(exc)) from None
    for slug, problems in result.failed.items():
        # As a build says it: the publisher, what became of its site, then each problem where it is.
        kept = (
            f"the index still links to the site made before ({out_dir / slug}/)"
            if slug in result.listed
            else f"the index leaves out its site ({out_dir / slug}/)"
        )
        click.echo(
            visible(f"FAILED {slug}: it has errors (below), so {kept}; fix them, then run sen-leaflets index again"),
            err=True,
        )
        for problem in problems:
            click.echo(f"  {problem.format(project.root)}", err=True)
    failed = f"; {len(result.failed)} failed: {', '.join(result.failed)}" if result.failed else ""
    click.echo(visible(f"wrote {out_dir / 'index.html'}, listing {_count(len(result.listed), 'publisher')}{failed}"))
    if result.failed:
        sys.exit(1)
