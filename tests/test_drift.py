"""`sen-leaflets drift` on the five seed publishers, and the drift page a build writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build.publish import reports_folder
from generator.cli import main
from generator.inputs.load import load_library
from generator.inputs.project import Project
from generator.reports.drift import project_drift, word_diff
from tests.conftest import REPO, SEED_SLUGS


def _drifts() -> dict[str, object]:
    project = Project(REPO)
    return {d.slug: d for d in project_drift(project, load_library(project), SEED_SLUGS)}


def test_word_diff_marks_removed_and_added_words() -> None:
    assert word_diff("schools must and should provide", "schools should provide help") == [
        ("same", "schools"),
        ("removed", "must and"),
        ("same", "should provide"),
        ("added", "help"),
    ]


def test_durham_leaves_nothing_out_and_adds_its_2015_sentence() -> None:
    durham = _drifts()["durham"]
    assert durham.left_out == []  # type: ignore[attr-defined]
    assert durham.replaced == []  # type: ignore[attr-defined]
    assert durham.added == [("durham-school-action-transfer", "after purpose-of-sen-support")]  # type: ignore[attr-defined]


def test_kent_replacements_are_diffed_against_the_shared_text() -> None:
    kent = _drifts()["kent"]
    replaced = {r.shared_id: r for r in kent.replaced}  # type: ignore[attr-defined]
    about = replaced["about-this-information"]
    assert about.local_id == "kent-about-this-information"
    assert about.reviewed
    assert ("removed", "must and") in about.diff
    assert ("added", "SEN.") in about.diff
    assert "code-quote-6-65" in kent.left_out  # type: ignore[attr-defined]
    assert ("code-quote-6-65", "after review-progress") in kent.added  # type: ignore[attr-defined]


def test_essex_bath_and_contact() -> None:
    drifts = _drifts()
    assert "ehc-needs-assessment" in drifts["essex"].left_out  # type: ignore[attr-defined]
    assert drifts["bath-and-north-east-somerset"].left_out == ["contact-panel"]  # type: ignore[attr-defined]
    contact = drifts["contact"]
    assert "about-this-information" in contact.left_out  # type: ignore[attr-defined]
    assert ("contact-changes-from-september-2014", "in its own order") in contact.added  # type: ignore[attr-defined]


def test_a_changed_shared_block_shows_as_not_reviewed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    root = tmp_path / "repo"
    for part in ("content", "authorities", "templates"):
        shutil.copytree(REPO / part, root / part)
    shared = root / "content" / "blocks" / "plan.md"
    shared.write_text(shared.read_text().replace("a date for progress", "the date for progress"))
    monkeypatch.chdir(root)
    output = CliRunner().invoke(main, ["drift", "--authority", "kent"]).output
    assert "replaces plan with kent-plan (NOT REVIEWED since the shared text changed):" in output
    assert "replaces assess with kent-assess (reviewed against the current shared text):" in output
    assert "[-the-] {+agree a+} date for progress to be reviewed." in output


def test_build_writes_the_drift_page_beside_the_published_folder(built_site: Path) -> None:
    page = (reports_folder(built_site) / "drift.html").read_text()
    assert not (built_site / "drift.html").exists(), "a report for the maintainer, never published"
    assert '<html lang="en-GB">' in page
    for slug in SEED_SLUGS:
        assert f'<h2 id="{slug}">' in page
    assert "<h3>Replaces about-this-information with kent-about-this-information</h3>" in page
    assert "<del>must and</del>" in page
