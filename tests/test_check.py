"""`sen-leaflets check`: every kind of bad input is reported at its place, with a way to fix it.

Each file in tests/fixtures/bad/ is one kind of mistake: how to make it in the
tiny project (`edit`, `write`, `write_hex`, `symlink`) and exactly what the
checker must report (`expected`), beyond what it reports for the clean project.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.build.check import check_project
from generator.inputs.fields import PartialDate
from generator.inputs.project import Project
from generator.inputs.rules import edition_date
from tests.conftest import FIXTURES, REPO, make_mistake, run_cli

TODAY = dt.date(2026, 11, 24)
CASES = sorted((FIXTURES / "bad").glob("*.yml"))


def reported(root: Path) -> list[str]:
    return [p.format(root) for p in check_project(Project(root), today=TODAY).problems]


def test_there_are_at_least_25_kinds_of_bad_input() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_reported_exactly(tiny_project: Path, case: Path) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    before = reported(tiny_project)
    make_mistake(tiny_project, spec)
    after = reported(tiny_project)
    assert [line for line in after if line not in before] == spec["expected"], spec["description"]


def test_the_repository_has_no_errors_and_the_outdated_dates_are_warned_about() -> None:
    result = check_project(Project(REPO), today=TODAY)
    lines = [p.format(REPO) for p in result.problems]
    assert result.errors == 0, lines
    dated = [line for line in lines if "in the future tense, but that date has passed" in line]
    assert [line.split(": warning: ")[0] for line in dated] == [
        "authorities/contact/blocks/contact-changes-from-september-2014.md:5:1",
        "authorities/contact/blocks/contact-sen-information-report.md:5:1",
        "authorities/contact/blocks/contact-sen-support-replaces-school-action.md:5:1",
        "authorities/durham/blocks/durham-school-action-transfer.md:5:1",
    ]
    assert any("they should transfer to SEN support by September 2015" in line for line in dated)
    assert any("From 1 September 2014 there will be changes" in line for line in dated)


def test_the_seeds_old_code_link_and_date_before_the_code_are_warned_about() -> None:
    lines = [p.format(REPO) for p in check_project(Project(REPO), today=TODAY).problems]
    assert [line.split(": warning: ")[0] for line in lines if "that is not the edition the leaflets" in line] == [
        "authorities/kent/blocks/kent-links.md:7:38"
    ]
    assert [line.split(": warning: ")[0] for line in lines if "is before the SEND Code of Practice" in line] == [
        "authorities/contact.yml:15:14"
    ]


@pytest.mark.parametrize(
    ("edition", "date"),
    [("January 2015", PartialDate(2015, 1)), (" june 2027 ", PartialDate(2027, 6)), ("2027", PartialDate(2027))],
)
def test_an_edition_of_the_code_is_read_as_a_date(edition: str, date: PartialDate) -> None:
    assert edition_date(edition) == date


@pytest.mark.parametrize("edition", ["Revised edition", "January", "Janvier 2015", "2015 (revised)"])
def test_an_edition_that_is_not_a_date_is_never_compared(edition: str) -> None:
    assert edition_date(edition) is None


def test_a_leaflet_published_in_the_month_of_the_edition_is_not_before_it(tiny_project: Path) -> None:
    make_mistake(tiny_project, {"edit": {"authorities/demo.yml": [["  published: 2025-10", "  published: 2015-01"]]}})
    assert not [line for line in reported(tiny_project) if "is before the SEND Code" in line]


def _cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(root, *args)
    return result.exit_code, result.stdout, result.stderr


def test_cli_text_output_and_exit_codes(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "accessible_formats: Ask us for large print.\n")
    code, out, _ = _cli(tiny_project, "check")
    assert (code, out) == (0, "0 errors, 0 warnings in 1 publisher and the shared content\n")
    demo.write_text(demo.read_text() + "  review: 2026-01\n".replace("  review", "dates_review_typo"))
    code, out, _ = _cli(tiny_project, "check")
    assert code == 1
    assert out.splitlines() == [
        "authorities/demo.yml:18:1: error: unknown key 'dates_review_typo'; remove it or check its spelling "
        "and indentation",
        "1 error, 0 warnings in 1 publisher and the shared content",
    ]


def test_cli_summary_counts_publishers_not_misnamed_files(tiny_project: Path) -> None:
    # 'in 4 publishers' for one publisher and three misnamed copies of its file.
    demo = (tiny_project / "authorities" / "demo.yml").read_text()
    for name in ("Demo3.yml", "demo copy.yml", "demo2.yaml"):
        (tiny_project / "authorities" / name).write_text(demo)
    code, out, _ = _cli(tiny_project, "check")
    assert code == 1
    assert out.splitlines()[-1] == (
        "3 errors, 1 warning in 1 publisher and the shared content; "
        "3 files in authorities/ not read as a publisher's file (their errors say why)"
    )
    code, out, _ = _cli(tiny_project, "check", "-p", "demo2")
    assert out.splitlines()[-1] == (
        "1 error, 0 warnings in 0 publishers and the shared content; "
        "1 file in authorities/ not read as a publisher's file (its error says why)"
    )


def test_cli_strict_fails_on_warnings_and_json_is_machine_readable(tiny_project: Path) -> None:
    code, out, _ = _cli(tiny_project, "check")
    assert code == 0
    assert out.splitlines()[-1] == "0 errors, 1 warning in 1 publisher and the shared content"
    code, _, _ = _cli(tiny_project, "check", "--strict")
    assert code == 1
    code, out, err = _cli(tiny_project, "check", "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "path": "authorities/demo.yml",
            "line": 1,
            "column": 1,
            "severity": "warning",
            "message": "there is no accessible-formats statement: add accessible_formats, saying how to ask for "
            "this information in large print, Braille, audio or another language",
        }
    ]
    assert err == "0 errors, 1 warning in 1 publisher and the shared content\n"


def test_build_runs_the_same_checks_first(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text().replace("https://www.kent.gov.uk/local-offer", "ftp://kent.gov.uk/x"))
    code, _, err = _cli(tiny_project, "build", "--no-pdf")
    assert code == 1
    assert "FAILED demo" in err
    assert (
        "authorities/demo.yml:6:12: error: 'local_offer.url' (in the 1st item of serves): "
        "'ftp://kent.gov.uk/x' is not a web" in err
    )
    assert not (tiny_project / "site" / "demo").exists()
    shutil.rmtree(tiny_project / "site")


def test_without_an_address_for_its_site_a_publisher_is_warned_and_its_leaflet_has_no_qr_code(
    tiny_project: Path,
) -> None:
    (tiny_project / "content" / "publishing.yml").unlink()
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace(
            "  email: help@example.org.uk\n", "  email: help@example.org.uk\n  website: https://www.demo-iass.org.uk/\n"
        )
    )
    problems = [line for line in reported(tiny_project) if "address" in line]
    assert problems == [
        "authorities/demo.yml:1:1: warning: no address is known for this publisher's website, so its printed "
        "leaflets have no QR code and cannot say where to read them online: add site_url here, or sites_address "
        "in content/publishing.yml for every publisher"
    ]
    assert run_cli(tiny_project, "build").exit_code == 0
    for pdf in (tiny_project / "site" / "demo" / "downloads").glob("*.pdf"):
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
        assert "Read this leaflet online" not in text and "QR code" not in text
        assert "More from Demo IASS online: www.demo-iass.org.uk" in text


def test_an_example_address_for_the_sites_is_warned_about_at_its_line(tiny_project: Path) -> None:
    (tiny_project / "content" / "publishing.yml").write_text("# Where\nsites_address: https://leaflets.example.org/\n")
    assert [line for line in reported(tiny_project) if "example address" in line] == [
        "content/publishing.yml:2:16: warning: https://leaflets.example.org/ is an example address, where no site is "
        "published: every QR code and 'read this leaflet online' line leads there. Set the address the sites are "
        "really published at before the leaflets are printed"
    ]
    (tiny_project / "content" / "publishing.yml").write_text("sites_address: http://leaflets.demo-iass.org.uk/\n")
    assert any(line.startswith("content/publishing.yml:1:16: error: ") for line in reported(tiny_project))


def test_the_shared_example_address_is_warned_about_only_for_publishers_that_print_it(tiny_project: Path) -> None:
    """A publisher giving its own site_url prints no QR code to the shared address, so `check --strict` can pass."""
    (tiny_project / "content" / "publishing.yml").write_text("sites_address: https://leaflets.example.org/\n")
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "site_url: https://www.demo-iass.org.uk/leaflets/\n")
    assert not [line for line in reported(tiny_project) if "example address" in line]
    strict = run_cli(tiny_project, "check", "--strict", "--publisher", "demo")
    assert "example address" not in strict.output
    demo.write_text(demo.read_text().replace("site_url: https://www.demo-iass.org.uk/leaflets/\n", ""))
    assert [line for line in reported(tiny_project) if "example address" in line] == [
        "content/publishing.yml:1:16: warning: https://leaflets.example.org/ is an example address, where no site is "
        "published: every QR code and 'read this leaflet online' line leads there. Set the address the sites are "
        "really published at before the leaflets are printed"
    ]


def test_a_publisher_file_copied_from_another_is_warned_about_until_its_name_and_address_are_its_own(
    tiny_project: Path,
) -> None:
    """A new officer copies demo.yml to start their service's file: each file is told what it shares."""
    authorities = tiny_project / "authorities"
    demo = authorities / "demo.yml"
    copy = authorities / "copy.yml"
    copy.write_text(demo.read_text())  # as copied, demo's own block named in it is an error: the name is told too
    assert any(line.startswith("authorities/copy.yml:16:15: error: unknown block") for line in reported(tiny_project))
    assert len([line for line in reported(tiny_project) if "same name" in line]) == 2
    copy.write_text(demo.read_text().replace("    add_after:\n      intro: [demo-local-note]\n", ""))
    same = [line for line in reported(tiny_project) if "same" in line]
    assert same == [
        "authorities/copy.yml:1:7: warning: demo.yml has the same name, 'Demo IASS': the list of every publisher's "
        "site would show links with the same words. Give this publisher its own name (a file copied from another "
        "keeps its name until it is changed)",
        "authorities/demo.yml:1:7: warning: copy.yml has the same name, 'Demo IASS': the list of every publisher's "
        "site would show links with the same words. Give this publisher its own name (a file copied from another "
        "keeps its name until it is changed)",
    ]
    # The officer who checks only their own file is told too; a third file, and the name written otherwise.
    (authorities / "third.yml").write_text(copy.read_text().replace("name: Demo IASS", "name: 'demo\u200b  IASS'"))
    alone = run_cli(tiny_project, "check", "--publisher", "copy").output
    assert (
        "authorities/copy.yml:1:7: warning: demo.yml and third.yml have the same name, 'Demo IASS': the list"
    ) in alone
    # A Hangul filler shows nothing, as a zero-width space does (fonts draw it as a blank).
    (authorities / "third.yml").write_text(copy.read_text().replace("name: Demo IASS", "name: 'Demo IASS\u3164'"))
    assert "demo.yml and third.yml have the same name" in run_cli(tiny_project, "check", "--publisher", "copy").output
    (authorities / "third.yml").unlink()
    twice = run_cli(tiny_project, "check", "--publisher", "copy", "--authority", "copy")  # named twice: checked once
    assert twice.exit_code == 0 and twice.output.count("demo.yml has the same name") == 1, twice.output

    # The address: copy's own site_url, set to the address demo has by right (sites_address and its name).
    copy.write_text(
        copy.read_text().replace("name: Demo IASS", "name: Copy IASS")
        + "site_url: https://leaflets.demo-iass.org.uk/demo\n"
    )
    same = [line for line in reported(tiny_project) if "same" in line]
    assert same == [
        "authorities/copy.yml:15:11: warning: demo.yml is published at the same web address, "
        "https://leaflets.demo-iass.org.uk/demo/: their QR codes and links would lead to one site. Set site_url to "
        "this publisher's own address"
    ]
    demo.write_text(demo.read_text() + "site_url: https://leaflets.demo-iass.org.uk/demo/\n")  # both set it
    same = [line for line in reported(tiny_project) if "same" in line]
    assert [line.split(" warning: ")[0] for line in same] == [
        "authorities/copy.yml:15:11:",
        "authorities/demo.yml:17:11:",
    ]
    # The same address with https' own port written in it: the same site to a browser.
    copy.write_text(
        copy.read_text().replace(
            "https://leaflets.demo-iass.org.uk/demo\n", "https://leaflets.demo-iass.org.uk:443/demo\n"
        )
    )
    assert len([line for line in reported(tiny_project) if "same web address" in line]) == 2
    copy.write_text(copy.read_text().replace(":443/demo\n", ":8443/demo\n"))  # another port: another site
    assert not [line for line in reported(tiny_project) if "same" in line]
    copy.write_text(copy.read_text().replace(":8443/demo\n", "/copy/\n"))
    assert not [line for line in reported(tiny_project) if "same" in line]


def test_a_logo_is_refused_as_saved_in_many_passes_only_when_it_is_a_jpeg_that_is(tmp_path: Path) -> None:
    """The count of a JPEG's passes reads its segments: a PNG's compressed pixels may hold the same bytes."""
    import random

    from PIL import Image

    from generator.inputs.rules import MAX_LOGO_SCANS, jpeg_scans, logo_problem

    noise = Image.frombytes("RGB", (560, 560), random.Random(7).randbytes(560 * 560 * 3))
    png = tmp_path / "noise.png"
    noise.save(png)  # about 900 KB that compresses badly: the marker's two bytes come by chance
    assert png.read_bytes().count(b"\xff\xda") > MAX_LOGO_SCANS
    assert jpeg_scans(png.read_bytes()) == 0
    assert logo_problem(png) is None

    progressive = tmp_path / "progressive.jpg"
    noise.save(progressive, progressive=True)  # as image editors save a progressive JPEG
    assert 1 < jpeg_scans(progressive.read_bytes()) <= MAX_LOGO_SCANS
    assert logo_problem(progressive) is None
    baseline = tmp_path / "baseline.jpg"
    noise.save(baseline)
    assert jpeg_scans(baseline.read_bytes()) == 1


@pytest.mark.parametrize("name", ["demo.yml~", "demo.yml.bak", ".demo.yml.swp", "demo.yml.orig", "notes.txt"])
def test_copies_beside_a_publisher_file_and_an_editors_hidden_files_are_left_alone(
    tiny_project: Path, name: str
) -> None:
    """Only a file that would hide a publisher (demo.yml.txt with no demo.yml) stops the build; a backup does not."""
    shutil.copy(tiny_project / "authorities" / "demo.yml", tiny_project / "authorities" / name)
    problems = check_project(Project(tiny_project), ["demo"]).problems
    assert not [p for p in problems if p.severity == "error"], [p.format(tiny_project) for p in problems]


def test_a_name_with_a_space_at_its_end_and_hidden_publisher_files(tiny_project: Path) -> None:
    """'demo.yml ' would hide the publisher (its site removed as gone); '.demo.yml' and '.#demo.yml' are an editor's."""
    authorities = tiny_project / "authorities"
    (authorities / ".demo.yml").write_text((authorities / "demo.yml").read_text())
    (authorities / ".#demo.yml").symlink_to("nobody@host.1234")  # Emacs's lock: a link to nothing
    assert not [p for p in check_project(Project(tiny_project)).problems if p.severity == "error"]
    (authorities / "demo.yml").rename(authorities / "demo.yml ")
    errors = [p for p in check_project(Project(tiny_project)).problems if p.severity == "error"]
    assert [(p.path.name, p.message) for p in errors] == [
        ("demo.yml ", "this file's name starts or ends with a space, so it is not read: rename it to demo.yml")
    ]


# --- a mistake in the shared content does not hide the publishers' own ---------------------------------------------

UNKNOWN_KEY = "authorities/demo.yml:17:1: error: unknown key 'dates_review_typo'"
MISSPELT_FACT = "authorities/demo/blocks/demo-local-note.md:4:1: error: unknown variable: publisher.nmae"


def _publisher_mistakes(root: Path) -> None:
    """A mistake in the demo publisher's YAML, and one in its own block that only composing its leaflet finds."""
    demo = root / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "dates_review_typo: 2026-01\n")
    note = root / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text().replace("advice.", "advice. Ask {{ publisher.nmae }}."))


def _has(lines: list[str], start: str) -> bool:
    return any(line.startswith(start) for line in lines)


def test_a_misnamed_shared_leaflet_no_publisher_uses_hides_nothing(tiny_project: Path) -> None:
    """The leaflet file no one can publish stops the build, but every publisher is still checked in full."""
    leaflets = tiny_project / "content" / "leaflets"
    shutil.copy(leaflets / "sen-support.yml", leaflets / "Sen-Support2.yml")
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "dates_review_typo: 2026-01\n")
    code, out, _ = _cli(tiny_project, "check")
    assert code == 1
    assert _has(out.splitlines(), "content/leaflets/Sen-Support2.yml:1:1: error: 'Sen-Support2.yml' is not")
    assert _has(out.splitlines(), UNKNOWN_KEY)
    assert out.splitlines()[-1] == "2 errors, 0 warnings in 1 publisher and the shared content"


def test_a_broken_shared_leaflet_hides_only_what_depends_on_it(tiny_project: Path) -> None:
    """A publisher not publishing the broken leaflet is composed and checked in full: its block's mistake is found."""
    (tiny_project / "content" / "leaflets" / "other.yml").write_text("title: [Other\n")
    _publisher_mistakes(tiny_project)
    lines = reported(tiny_project)
    assert _has(lines, "content/leaflets/other.yml:1:")
    assert _has(lines, UNKNOWN_KEY)
    assert not _has(lines, MISSPELT_FACT)  # the YAML's mistake stops composing, as without the shared one
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text().replace("dates_review_typo: 2026-01\n", ""))
    lines = reported(tiny_project)
    assert _has(lines, MISSPELT_FACT)
    code, out, _ = _cli(tiny_project, "check")
    assert (code, out.splitlines()[-1]) == (1, "2 errors, 1 warning in 1 publisher and the shared content")


def test_a_publisher_using_a_broken_shared_block_is_checked_in_part_and_says_so(tiny_project: Path) -> None:
    intro = tiny_project / "content" / "blocks" / "intro.md"
    intro.write_text(intro.read_text().split("---", 2)[2])  # without its front matter
    _publisher_mistakes(tiny_project)
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text().replace("dates_review_typo: 2026-01\n", ""))
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text() + "{% if %}\n")  # an error the block holds in itself
    code, out, _ = _cli(tiny_project, "check")
    lines = out.splitlines()
    assert code == 1
    assert _has(lines, "content/blocks/intro.md:1:1: error: a content block must start with its title")
    assert _has(lines, "authorities/demo/blocks/demo-local-note.md:5:")
    # Composing with a block that could not be read would say what is not so: the leaflet waits for the fix.
    others = [
        line for line in lines if ": error: " in line and "intro.md" not in line and "demo-local-note" not in line
    ]
    assert others == []
    assert lines[-1] == (
        "2 errors, 0 warnings in 1 publisher and the shared content; 1 of them (demo) checked only in part, "
        "as it uses shared content with errors: check again once they are fixed"
    )


def test_without_the_shared_library_each_publisher_is_checked_as_far_as_it_can_be(tiny_project: Path) -> None:
    """The Code of Practice cannot be read, so no leaflet composes; the publishers' YAML and blocks are still read."""
    (tiny_project / "content" / "code-of-practice.yml").write_text("edition: [2015\n")
    _publisher_mistakes(tiny_project)
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text() + "{% if %}\n")
    code, out, _ = _cli(tiny_project, "check")
    lines = out.splitlines()
    assert code == 1
    assert _has(lines, "content/code-of-practice.yml:")
    assert _has(lines, UNKNOWN_KEY)
    assert _has(lines, "authorities/demo/blocks/demo-local-note.md:5:")
    assert "checked only in part" in lines[-1] and " in 1 publisher " in lines[-1], lines[-1]


def test_build_with_a_shared_mistake_builds_nothing_and_reports_the_publishers_mistakes_too(tiny_project: Path) -> None:
    leaflets = tiny_project / "content" / "leaflets"
    shutil.copy(leaflets / "sen-support.yml", leaflets / "Sen-Support2.yml")
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "dates_review_typo: 2026-01\n")
    code, _, err = _cli(tiny_project, "build", "--no-pdf")
    assert code == 1
    assert "content/leaflets/Sen-Support2.yml:1:1: error: " in err
    assert UNKNOWN_KEY in err
    assert not (tiny_project / "site" / "demo").exists()


@pytest.mark.parametrize("misnamed", ["SEN support.yml", "sen_support.yml", "sen-support.yaml", "sen-support.YML"])
def test_a_misnamed_shared_leaflet_a_publisher_uses_is_no_mistake_of_the_publishers(
    tiny_project: Path, misnamed: str
) -> None:
    """The publisher names the leaflet rightly: it is checked in part, not told its leaflet is unknown."""
    leaflets = tiny_project / "content" / "leaflets"
    (leaflets / "sen-support.yml").rename(leaflets / misnamed)
    code, out, _ = _cli(tiny_project, "check")
    lines = out.splitlines()
    assert code == 1
    assert [line.split(": error: ")[0] for line in lines if ": error: " in line] == [f"content/leaflets/{misnamed}:1:1"]
    assert "1 of them (demo) checked only in part" in lines[-1], lines[-1]


def test_a_misnamed_shared_block_a_publisher_names_is_no_mistake_of_the_publishers(tiny_project: Path) -> None:
    """Its leaflet, its YAML and its own block name the block rightly; only the block's file name is wrong."""
    blocks = tiny_project / "content" / "blocks"
    (blocks / "specialist-help.md").rename(blocks / "Specialist Help.md")
    added = ["intro: [demo-local-note]", "intro: [demo-local-note, specialist-help]"]
    including = '---\ntitle: More\n---\n{% include "specialist-help" %}\n'
    make_mistake(
        tiny_project,
        {"edit": {"authorities/demo.yml": [added]}, "write": {"authorities/demo/blocks/demo-more.md": including}},
    )
    code, out, _ = _cli(tiny_project, "check")
    lines = out.splitlines()
    assert code == 1
    assert [line.split(": error: ")[0] for line in lines if ": error: " in line] == [
        "content/blocks/Specialist Help.md:1:1"
    ]
    assert "1 of them (demo) checked only in part" in lines[-1], lines[-1]


@pytest.mark.parametrize("change", ["leave_out", "replace"])
def test_a_broken_shared_block_a_publisher_leaves_out_or_replaces_does_not_stop_its_check(
    tiny_project: Path, change: str
) -> None:
    """Its leaflet, once its changes are made, holds none of what could not be read: it is checked in full."""
    help_block = tiny_project / "content" / "blocks" / "specialist-help.md"
    help_block.write_text(help_block.read_text().split("---", 2)[2])  # without its front matter
    demo = tiny_project / "authorities" / "demo.yml"
    changes = "leave_out: [specialist-help]" if change == "leave_out" else "replace: {specialist-help: demo-local-note}"
    demo.write_text(demo.read_text().replace("    add_after:\n      intro: [demo-local-note]\n", f"    {changes}\n"))
    code, out, _ = _cli(tiny_project, "check")
    lines = out.splitlines()
    assert code == 1 and _has(lines, "content/blocks/specialist-help.md:1:1: error:")
    assert "checked only in part" not in lines[-1], lines
