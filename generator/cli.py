"""The `sen-leaflets` command: list publishers, build their sites."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .model import list_slugs
from .problems import ContentError
from .project import Project, find_project


def _project() -> Project:
    try:
        return find_project()
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
@click.version_option(package_name="sen-leaflets")
def main() -> None:
    """Build SEN support leaflets and websites for SEND IAS services."""


@main.command("list")
def list_command() -> None:
    """List the publishers (one per authorities/<slug>.yml)."""
    for slug in list_slugs(_project()):
        click.echo(slug)


@main.command()
@click.option(
    "--authority", "-a", "authorities", multiple=True, metavar="SLUG", help="Build only this publisher (repeatable)."
)
@click.option(
    "--out",
    "out_dir",
    default="site",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to build into.",
)
@click.option("--pdf/--no-pdf", default=True, help="Also make the standard and large print PDFs (default: yes).")
def build(authorities: tuple[str, ...], out_dir: Path, pdf: bool) -> None:
    """Build every publisher's site and PDFs into OUT/<slug>/, and OUT/index.html."""
    from .build import PublisherResult, build_publishers

    project = _project()
    known = list_slugs(project)
    unknown = [slug for slug in authorities if slug not in known]
    if unknown:
        raise click.ClickException(
            f"unknown publisher {', '.join(repr(s) for s in unknown)}: the publishers are {', '.join(known)}"
        )

    def report(result: PublisherResult) -> None:
        if result.ok:
            click.echo(f"built  {result.slug} -> {out_dir / result.slug}/")
            return
        click.echo(f"FAILED {result.slug}", err=True)
        for problem in result.problems:
            click.echo(f"  {problem.format(project.root)}", err=True)
        if result.error:
            click.echo(f"  {result.error}", err=True)

    try:
        results = build_publishers(project, authorities or known, out_dir, report, with_pdf=pdf)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(problem.format(project.root), err=True)
        raise click.ClickException("the shared content has errors, so nothing was built") from None
    failed = [r.slug for r in results if not r.ok]
    built = len(results) - len(failed)
    click.echo(f"{built} built, {len(failed)} failed" + (f": {', '.join(failed)}" if failed else ""))
    if failed:
        sys.exit(1)
