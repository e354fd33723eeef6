"""Putting a site in place loses nothing: a build killed at any moment leaves a complete site,
and the next build tidies up after it.

Each kill runs a real build in its own process, with one step of the build replaced by
the same step followed (or preceded) by SIGKILL, so that nothing of the build's own
clean-up code runs, as when a machine loses power or a CI job is cancelled.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.build.publish import OutputFolder, reports_folder, swap_into_place
from generator.inputs.project import Project
from tests.conftest import run_cli

KILL_AT = {
    "while-rendering": "build.render_site = after(build.render_site)",
    "before-the-swap": "build.swap_into_place = before(build.swap_into_place)",
    "after-the-swap": "build.swap_into_place = after(build.swap_into_place)",
    "between-the-two-renames": "publish._exchange = lambda a, b: False\nPath.rename = nth_call(Path.rename, 2)",
    "before-saving-the-manifest": "Manifest.save = before(Manifest.save)",
}
DRIVER = """
import os, signal, sys
from pathlib import Path
import generator.build.pipeline as build
import generator.build.publish as publish
from generator.build.incremental import Manifest

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def before(step):
    def replaced(*args, **kwargs):
        die()
    return replaced

def after(step):
    def replaced(*args, **kwargs):
        step(*args, **kwargs)
        die()
    return replaced

def nth_call(step, n):
    calls = []
    def replaced(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            die()
        return step(*args, **kwargs)
    return replaced

{patch}
from generator.cli import main
main(["build", "--no-pdf", "--jobs", "1"])
"""


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def built_twice(tiny_project: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A project whose site is built as 'Old IASS' and whose YAML now says 'New IASS'; both versions' files."""
    fresh = tiny_project.parent / "fresh"
    shutil.copytree(tiny_project, fresh)
    _rename_publisher(fresh, "New IASS")
    assert run_cli(fresh, "build", "--no-pdf").exit_code == 0
    new = _snapshot(fresh / "site" / "demo")
    _rename_publisher(tiny_project, "Old IASS")
    assert run_cli(tiny_project, "build", "--no-pdf").exit_code == 0
    old = _snapshot(tiny_project / "site" / "demo")
    assert old != new
    _rename_publisher(tiny_project, "New IASS")
    return tiny_project, old, new


def _rename_publisher(root: Path, name: str) -> None:
    demo = root / "authorities" / "demo.yml"
    text = demo.read_text()
    current = next(line for line in text.splitlines() if line.startswith("name: "))
    demo.write_text(text.replace(current, f"name: {name}", 1))


@pytest.mark.parametrize("point", KILL_AT)
def test_a_killed_build_leaves_a_complete_site_and_the_next_build_tidies_up(
    built_twice: tuple[Path, dict[str, str], dict[str, str]], point: str
) -> None:
    root, old, new = built_twice
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(DRIVER).replace("{patch}", KILL_AT[point])],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stderr  # killed, not finished
    site = root / "site"
    if point == "between-the-two-renames":
        # Without a one-step exchange there is a moment with no folder in place: the next
        # build's first act puts the old one back.
        assert not (site / "demo").exists()
        OutputFolder.claim(Project(root), site).remove_leftovers()
    assert _snapshot(site / "demo") in (old, new), "the site in place is one whole version"
    code = run_cli(root, "build", "--no-pdf").exit_code
    assert code == 0
    assert _snapshot(site / "demo") == new
    leftovers = [p.name for p in site.iterdir() if p.name.startswith(".") and p.is_dir()]
    assert leftovers == [], "the next build removed what the killed one left"
    assert sorted(p.name for p in site.iterdir()) == ["demo", "index.html"], "only what is published"
    reports = root / "site-reports"
    assert not (reports / ".sen-leaflets-journal").exists()
    assert sorted(p.name for p in reports.iterdir()) == [
        ".sen-leaflets-lock",
        ".sen-leaflets-manifest.json",
        ".sen-leaflets-output",
        "drift.html",
    ]


def test_when_the_second_rename_fails_the_old_site_goes_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    final, staging = tmp_path / "demo", tmp_path / ".demo-building-x1"
    final.mkdir()
    (final / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    monkeypatch.setattr("generator.build.publish._exchange", lambda first, second: False)
    real_rename = Path.rename

    def failing_rename(self: Path, target: Path) -> Path:
        if self == staging:
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OSError):
        swap_into_place(staging, final)
    assert (final / "index.html").read_text() == "old"


def test_the_exchange_is_one_step_where_the_system_can(tmp_path: Path) -> None:
    final, staging = tmp_path / "demo", tmp_path / ".demo-building-x1"
    for folder, text in ((final, "old"), (staging, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    swap_into_place(staging, final)
    assert (final / "index.html").read_text() == "new"
    assert not staging.exists()


def test_two_builds_cannot_write_one_folder_at_once(tiny_project: Path) -> None:
    folder = OutputFolder.claim(Project(tiny_project), tiny_project / "site")
    with folder.locked():
        result = run_cli(tiny_project, "build", "--no-pdf")
    assert result.exit_code == 1
    assert "another build or index is writing to" in result.output
    assert "wait for it to finish, then build again" in result.output


def test_an_index_and_a_build_cannot_write_one_folder_at_once(tiny_project: Path) -> None:
    """`index` takes the build's lock: it waits for no build writing into the folder, nor a build for it."""
    from generator.build import pipeline

    assert run_cli(tiny_project, "build", "--formats", "none").exit_code == 0
    site = tiny_project / "site"
    index = site / "index.html"
    index.write_text(index.read_text() + "<!-- as the build left it -->\n")
    before = index.read_bytes()
    folder = OutputFolder.claim(Project(tiny_project), site)
    with folder.locked():
        result = run_cli(tiny_project, "index")
    assert result.exit_code == 1
    assert result.output.endswith(
        f"Error: another build or index is writing to '{site}' now: wait for it to finish, then run sen-leaflets "
        "index again\n"
    )
    assert index.read_bytes() == before, "nothing written"
    # And while the index writes, a build into the same folder is refused.
    refusals: list[str] = []
    write_index = pipeline.write_index

    def build_meanwhile(*args: Any, **options: Any) -> None:
        try:
            pipeline.build_publishers(Project(tiny_project), ["demo"], site, formats=frozenset(), force=True)
        except pipeline.OutputFolderError as exc:
            refusals.append(str(exc))
        write_index(*args, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "write_index", build_meanwhile)
        assert run_cli(tiny_project, "index").exit_code == 0
    assert refusals == [f"another build or index is writing to '{site}' now: wait for it to finish, then build again"]
    assert index.read_bytes() != before, "the index was written, once the build was refused"


def test_the_published_folder_holds_only_what_goes_on_the_web(tiny_project: Path) -> None:
    """`site/` can be uploaded as it is: the manifest, lock, marker and drift report are in `site-reports/`."""
    assert run_cli(tiny_project, "build", "--no-pdf").exit_code == 0
    site = tiny_project / "site"
    assert sorted(p.name for p in site.iterdir()) == ["demo", "index.html"]
    assert reports_folder(site) == tiny_project / "site-reports"
    assert (tiny_project / "site-reports" / "drift.html").is_file()
    assert (tiny_project / "site-reports" / ".sen-leaflets-manifest.json").is_file()
    # A second build, with nothing changed, still recognises the folders as its own.
    assert run_cli(tiny_project, "build", "--no-pdf").output.strip().endswith("0 built, 1 unchanged, 0 failed")


def test_a_netlify_redirects_file_is_handled_as_the_deploy_guide_says(tiny_project: Path) -> None:
    """docs/deploy.md: a first build refuses a folder holding it, `index` refuses it, and a later build into the
    folder it made leaves it where it is."""
    site = tiny_project / "site"
    site.mkdir()
    redirects = site / "_redirects"
    redirects.write_text("/demo/*  /demo/404.html  404\n")
    first = run_cli(tiny_project, "build", "--no-pdf")
    assert first.exit_code != 0 and "already holds files that sen-leaflets did not make" in first.output
    redirects.unlink()
    assert run_cli(tiny_project, "build", "--no-pdf").exit_code == 0
    redirects.write_text("/demo/*  /demo/404.html  404\n")
    indexed = run_cli(tiny_project, "index", "--out", "site")
    assert indexed.exit_code != 0 and "(_redirects)" in indexed.output
    again = run_cli(tiny_project, "build", "--no-pdf", "--force")
    assert again.exit_code == 0, again.output
    assert redirects.read_text() == "/demo/*  /demo/404.html  404\n"
    assert (site / "demo" / "index.html").is_file()


def test_the_deploy_guides_pattern_of_files_to_keep_for_a_year_matches_only_fingerprinted_ones(
    tiny_project: Path,
) -> None:
    """A file kept for a year must change its name when it changes: a leaflet keeps its address."""
    import re

    guide = (Path(__file__).parent.parent / "docs" / "deploy.md").read_text(encoding="utf-8")
    patterns = set(re.findall(r'(?:location ~|FilesMatch) "([^"]+)"', guide))
    assert len(patterns) == 1, patterns
    pattern = re.compile(patterns.pop())
    assert run_cli(tiny_project, "build").exit_code == 0
    made = [path.relative_to(tiny_project / "site").as_posix() for path in (tiny_project / "site").rglob("*")]
    kept = [name for name in made if pattern.search(name)]
    assert "demo/assets/stylesheets/sen-leaflets.css" in made and "demo/downloads/sen-support.pdf" in made
    assert any(name.endswith(".min.js") for name in kept) and any(name.endswith(".min.css") for name in kept)
    assert all(name.startswith("demo/assets/") for name in kept), kept


def test_a_folder_built_by_an_older_version_moves_its_records_out(tiny_project: Path) -> None:
    """Older builds kept the manifest, marker, lock and drift page inside `site/`: the next build moves them out,
    and still knows which files it made (nothing is rebuilt)."""
    assert run_cli(tiny_project, "build", "--no-pdf").exit_code == 0
    site, reports = tiny_project / "site", tiny_project / "site-reports"
    for name in (".sen-leaflets-manifest.json", ".sen-leaflets-output", ".sen-leaflets-lock", "drift.html"):
        (reports / name).rename(site / name)
    shutil.rmtree(reports)
    result = run_cli(tiny_project, "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "0 built, 1 unchanged" in result.output
    assert sorted(p.name for p in site.iterdir()) == ["demo", "index.html"]
    assert (reports / ".sen-leaflets-manifest.json").is_file()
    assert (reports / "drift.html").is_file()


def test_a_reports_folder_of_someone_elses_is_left_alone(tiny_project: Path) -> None:
    """`site-reports/` holding files sen-leaflets did not make stops the build before anything is written."""
    mine = tiny_project / "site-reports" / "notes.txt"
    mine.parent.mkdir()
    mine.write_text("mine")
    result = run_cli(tiny_project, "build", "--no-pdf")
    assert result.exit_code == 1
    assert "'site-reports' already holds files that sen-leaflets did not make" in result.output
    assert mine.read_text() == "mine"
    assert not (tiny_project / "site").exists()
    # Nor beside an output folder that an older version made.
    site = tiny_project / "site"
    site.mkdir()
    (site / ".sen-leaflets-output").write_text("")
    result = run_cli(tiny_project, "build", "--no-pdf")
    assert result.exit_code == 1
    assert "'site-reports' already holds files that sen-leaflets did not make" in result.output
    assert sorted(p.name for p in mine.parent.iterdir()) == ["notes.txt"]
