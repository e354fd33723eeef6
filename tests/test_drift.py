"""`sen-leaflets drift` on the five seed publishers, and the drift page a build writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build.publish import reports_folder
from generator.cli import main
from generator.inputs.load import load_library
from generator.inputs.project import Project
from generator.reports.drift import Addition, drift_from_record, drift_record, project_drift, word_diff
from tests.conftest import REPO, SEED_SLUGS
from tests.test_incremental import two_publishers  # noqa: F401  (a fixture: demo and other)


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
    assert durham.added == [  # type: ignore[attr-defined]
        Addition("sen-support", "durham-school-action-transfer", "after purpose-of-sen-support")
    ]


def test_kent_replacements_are_diffed_against_the_shared_text() -> None:
    kent = _drifts()["kent"]
    replaced = {r.shared_id: r for r in kent.replaced}  # type: ignore[attr-defined]
    about = replaced["about-this-information"]
    assert about.local_id == "kent-about-this-information"
    assert about.reviewed
    assert ("removed", "must and") in about.diff
    assert ("added", "SEN.") in about.diff
    assert about.leaflet_id == "sen-support"
    assert ("sen-support", "code-quote-6-65") in kent.left_out  # type: ignore[attr-defined]
    assert Addition("sen-support", "code-quote-6-65", "after review-progress") in kent.added  # type: ignore[attr-defined]


def test_essex_bath_and_contact() -> None:
    drifts = _drifts()
    assert ("sen-support", "ehc-needs-assessment") in drifts["essex"].left_out  # type: ignore[attr-defined]
    assert drifts["bath-and-north-east-somerset"].left_out == [("sen-support", "contact-panel")]  # type: ignore[attr-defined]
    contact = drifts["contact"]
    assert ("sen-support", "about-this-information") in contact.left_out  # type: ignore[attr-defined]
    assert (
        Addition("sen-support", "contact-changes-from-september-2014", "in its own order") in contact.added  # type: ignore[attr-defined]
    )


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
    kent = page[page.index('<h2 id="kent">') :]
    assert "<h3>In leaflet sen-support</h3>" in kent
    assert "<h4>Replaces about-this-information with kent-about-this-information</h4>" in kent
    assert "<del>must and</del>" in page


def test_every_change_is_reported_under_its_leaflet_and_a_direct_local_block_is_reviewed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two leaflets, each with its own changes; a local block written from a shared one but placed in the
    publisher's own section is reviewed like a replacement: drift and check say when its shared text changed."""
    import shutil

    root = tmp_path / "repo"
    for part in ("content", "authorities", "templates"):
        shutil.copytree(REPO / part, root / part)
    leaflets = root / "content" / "leaflets"
    (leaflets / "second.yml").write_text(
        "title: A second leaflet\nsummary: Another.\naudience: For parents.\nsections:\n"
        "  - id: one\n    title: One\n    blocks: [plan, contact-panel]\n"
    )
    plan = (root / "content" / "blocks" / "plan.md").read_text()
    local = root / "authorities" / "durham" / "blocks" / "durham-own-plan.md"
    local.write_text("---\ntitle: Plan, Durham's way\nbased_on: '000000000000'\n---\nWe plan together.\n")
    durham = root / "authorities" / "durham.yml"
    durham.write_text(
        durham.read_text()
        + "  second:\n    leave_out: [plan]\n    add_sections:\n"
        + "      - id: ours\n        title: Our plan\n        after: one\n        blocks: [durham-own-plan]\n"
    )
    del plan
    monkeypatch.chdir(root)
    output = CliRunner().invoke(main, ["drift", "--publisher", "durham"]).output
    assert "  in leaflet sen-support:\n    adds durham-school-action-transfer after purpose-of-sen-support\n" in output
    assert "  in leaflet second:\n" in output
    second = output[output.index("  in leaflet second:") :]
    assert "    leaves out plan\n" in second
    assert (
        "    adds durham-own-plan in its own section ours "
        "(written from a shared block whose text has changed since: NOT REVIEWED)"
    ) in second
    checked = CliRunner().invoke(main, ["check", "--publisher", "durham"]).output
    assert (
        "authorities/durham/blocks/durham-own-plan.md:1:1: warning: this block was written from a shared block "
        "(based_on 000000000000) whose text has changed since"
    ) in checked
    project = Project(root)
    [kept] = project_drift(project, load_library(project), ["durham"])
    assert drift_from_record(drift_record(kept)) == kept, "kept between builds as it is"
    assert drift_from_record({**drift_record(kept), "format": 1}) is None, "an older record is worked out again"


def test_the_text_report_shows_control_characters_by_their_code(tiny_project: Path) -> None:
    """A replacement's words are content: an escape code in them must not act on the terminal drift prints to."""
    from tests.conftest import run_cli

    (tiny_project / "authorities" / "demo" / "blocks" / "demo-forms.md").write_text(
        "---\ntitle: Our list\n---\n- our own \x1b[2J\x9b list item\n"
    )
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace("    add_after:", "    replace: {support-forms: demo-forms}\n    add_after:")
    )
    report = run_cli(tiny_project, "drift").output
    assert "replaces support-forms with demo-forms" in report
    assert "<U+001B>[2J<U+009B>" in report and "\x1b" not in report and "\x9b" not in report


BROKEN_FILES = {
    "YAML that cannot be read": "authorities/demo.yml:17:7: error: the [ opened here is never closed",
    "a twin file beside it": "authorities/demo.yml:1:1: error: another publisher file, demo.yaml, has the same name",
}


@pytest.mark.parametrize("mistake", BROKEN_FILES)
def test_drift_of_a_publisher_with_errors_says_so_and_fails(tiny_project: Path, mistake: str) -> None:
    """`drift -p demo` printed nothing at all, and succeeded, when demo's file had an error."""
    from tests.conftest import run_cli

    demo = tiny_project / "authorities" / "demo.yml"
    if mistake == "a twin file beside it":
        (tiny_project / "authorities" / "demo.yaml").write_text(demo.read_text())
    else:
        demo.write_text(demo.read_text() + "name: [unclosed\n")
    result = run_cli(tiny_project, "drift", "-p", "demo")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "demo: its changes to the shared text cannot be shown, as it has errors:"
    assert lines[1].startswith(f"  {BROKEN_FILES[mistake]}"), lines
    assert lines[-1] == (
        "Error: demo has errors, so its changes are not in this report: fix them ('sen-leaflets check --publisher "
        "demo' shows them all), then run sen-leaflets drift again"
    )


def test_drift_reports_the_others_and_names_each_publisher_left_out(tiny_project: Path) -> None:
    """Without --publisher, a publisher with errors was left out of the report without a word."""
    from tests.conftest import run_cli

    authorities = tiny_project / "authorities"
    for slug in ("other", "third"):
        (authorities / f"{slug}.yml").write_text("name: [unclosed\n")
    result = run_cli(tiny_project, "drift")
    assert result.exit_code == 1
    assert result.stdout == "Demo IASS (demo)\n  in leaflet sen-support:\n    adds demo-local-note after intro\n"
    assert "other: its changes to the shared text cannot be shown, as it has errors:\n" in result.stderr
    assert "  authorities/third.yml:1:7: error: " in result.stderr
    assert result.stderr.endswith(
        "Error: other, third have errors, so their changes are not in this report: fix them ('sen-leaflets check "
        "--publisher other --publisher third' shows them all), then run sen-leaflets drift again\n"
    )
    assert run_cli(tiny_project, "drift", "-p", "demo").exit_code == 0, "demo alone has no errors"


@pytest.mark.parametrize("mistake", BROKEN_FILES)
def test_the_drift_page_names_a_publisher_with_errors_as_drift_does(two_publishers: Path, mistake: str) -> None:  # noqa: F811
    """The page every build writes left demo out without a word; with a twin file, it even showed demo's changes
    from the last build, kept in the manifest. It now says what `drift` says, and which command shows the errors."""
    from tests.conftest import run_cli

    assert run_cli(two_publishers, "build", "--formats", "none", "--jobs", "1").exit_code == 0
    demo = two_publishers / "authorities" / "demo.yml"
    if mistake == "a twin file beside it":
        (two_publishers / "authorities" / "demo.yaml").write_text(demo.read_text())
    else:
        demo.write_text(demo.read_text() + "name: [unclosed\n")
    assert run_cli(two_publishers, "build", "--formats", "none", "--jobs", "1").exit_code == 1
    page = (two_publishers / "site-reports" / "drift.html").read_text()
    said = run_cli(two_publishers, "drift").stderr.splitlines()[0]
    assert said == "demo: its changes to the shared text cannot be shown, as it has errors:"
    assert "<h2>Publishers with errors</h2>" in page
    assert (
        f"<li><p>{said.removesuffix(':')}. Fix them (<code>sen-leaflets check --publisher demo</code> shows them "
        "all),\n      and the next build shows its changes here. Its errors:</p>\n"
        f"      <ul><li>{BROKEN_FILES[mistake]}"
    ) in page
    assert '<h2 id="demo">' not in page, "nor the changes its last build had"
    assert '<h2 id="other">Other IASS</h2>' in page, "the others' changes are shown"
    assert '<html lang="en-GB">' in page and page.count("<h1>") == 1
