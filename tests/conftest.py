"""Shared fixtures: a tiny sen-leaflets project built in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(root: Path, *args: str, catch_exceptions: bool = True) -> Result:
    """Run `sen-leaflets ARGS` in the project at `root`, as an editor would from that folder."""
    from generator.cli import main

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        return CliRunner().invoke(main, list(args), catch_exceptions=catch_exceptions)


SEED_SLUGS = ["durham", "kent", "essex", "bath-and-north-east-somerset", "contact"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every seed publisher built once, with PDFs, from the repository's real content."""
    from generator.build import build_publishers
    from generator.project import Project

    out = tmp_path_factory.mktemp("site")
    results = build_publishers(Project(REPO), SEED_SLUGS, out)
    assert [r.slug for r in results if not r.ok] == [], [r.problems or r.error for r in results]
    return out


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/tiny with the repository's real templates and config."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "tiny", root)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "content" / "code-of-practice.yml", root / "content" / "code-of-practice.yml")
    shutil.copy(REPO / "content" / "local-authorities.csv", root / "content" / "local-authorities.csv")
    return root
