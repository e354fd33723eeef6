"""Shared fixtures: a tiny sen-leaflets project built in a temporary folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result

if TYPE_CHECKING:
    from playwright.sync_api import Browser

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
    from generator.build.pipeline import build_publishers
    from generator.inputs.project import Project

    out = tmp_path_factory.mktemp("site")
    results = build_publishers(Project(REPO), SEED_SLUGS, out)
    assert [r.slug for r in results if not r.ok] == [], [r.problems or r.error for r in results]
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, for the whole test session."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: `make system-packages` installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/tiny with the repository's real templates and config."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "tiny", root)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "content" / "code-of-practice.yml", root / "content" / "code-of-practice.yml")
    shutil.copy(REPO / "content" / "local-authorities.csv", root / "content" / "local-authorities.csv")
    shutil.copy(REPO / "content" / "local-authority-changes.csv", root / "content" / "local-authority-changes.csv")
    return root


def make_mistake(root: Path, spec: dict[str, Any]) -> None:
    """Make the mistake a fixture describes, in the project at `root`.

    `edit`: replacements in files; `write`: files with this text; `write_hex`: files with
    these bytes; `write_big`: files of `head`, then `repeat` `times` times, then `tail`;
    `symlink`: links; `fifo`: named pipes; `remove`: files or folders to delete (first).
    """
    for name in spec.get("remove") or []:
        if (root / name).is_dir() and not (root / name).is_symlink():
            shutil.rmtree(root / name)
        else:
            (root / name).unlink()
    for name, replacements in (spec.get("edit") or {}).items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{name} has no {old!r}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    for name, text in (spec.get("write") or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for name, hex_bytes in (spec.get("write_hex") or {}).items():
        (root / name).write_bytes(bytes.fromhex(hex_bytes))
    for name, target in (spec.get("symlink") or {}).items():
        os.symlink(target, root / name)
    for name, parts in (spec.get("write_big") or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        text = parts.get("head", "") + parts["repeat"] * parts["times"] + parts.get("tail", "")
        (root / name).write_text(text, encoding="utf-8")
    for name in spec.get("fifo") or []:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / name)
