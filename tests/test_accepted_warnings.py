"""A publisher can accept one warning on purpose, with its reason, so that `check --strict` passes.

The acceptance covers one stretch of text: change it, and the warning is back (the acceptance
has lapsed); `drift` lists every acceptance with its reason, and says when one has lapsed.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.test_check import reported

SENTENCE = "If your child is on School Action they should transfer to SEN support by September 2015."
ACCEPT = """accept_warnings:
  - file: authorities/demo/blocks/demo-local-note.md
    warning: in the future tense
    covers: they should transfer to SEN support by September 2015
    reason: Families still ask about School Action, and our leaflet answers them in its own words.
"""


def _outdated(root: Path) -> tuple[Path, Path]:
    note = root / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text() + f"\n{SENTENCE}\n")
    demo = root / "authorities" / "demo.yml"
    # An accessible-formats statement, so that the outdated sentence is the one warning left.
    demo.write_text(demo.read_text() + "accessible_formats: Ask us for large print.\n")
    return note, demo


def _strict(root: Path) -> tuple[int, str]:
    result = run_cli(root, "check", "--strict")
    return result.exit_code, result.output


def test_an_accepted_warning_passes_strict_and_drift_lists_it(tiny_project: Path) -> None:
    _note, demo = _outdated(tiny_project)
    code, output = _strict(tiny_project)
    assert code == 1 and "in the future tense, but that date has passed" in output
    demo.write_text(demo.read_text() + ACCEPT)
    code, output = _strict(tiny_project)
    assert code == 0, output
    assert output.splitlines()[-1] == "0 errors, 0 warnings in 1 publisher and the shared content"
    drift = run_cli(tiny_project, "drift").output
    assert (
        "  accepts the warning 'in the future tense' in authorities/demo/blocks/demo-local-note.md: "
        "Families still ask about School Action, and our leaflet answers them in its own words."
    ) in drift
    # The drift page a build writes says the same.
    assert run_cli(tiny_project, "build", "--no-pdf").exit_code == 0
    page = (tiny_project / "site-reports" / "drift.html").read_text()  # beside the published folder
    assert "Accepts these warnings, kept on purpose:" in page and "Families still ask about School Action" in page


def test_an_acceptance_lapses_when_the_text_it_covers_changes(tiny_project: Path) -> None:
    note, demo = _outdated(tiny_project)
    demo.write_text(demo.read_text() + ACCEPT)
    assert _strict(tiny_project)[0] == 0
    note.write_text(note.read_text().replace("should transfer to SEN support", "should move to SEN support"))
    warned = [line for line in reported(tiny_project) if ": warning: " in line]
    assert any("in the future tense, but that date has passed" in line for line in warned), warned
    assert any(
        line.startswith(
            "authorities/demo.yml:19:5: warning: this acceptance has lapsed: the text it covers is no "
            "longer in authorities/demo/blocks/demo-local-note.md"
        )
        for line in warned
    ), warned
    assert _strict(tiny_project)[0] == 1
    assert "(LAPSED: the text it covers has changed, so check warns again)" in run_cli(tiny_project, "drift").output


def test_an_acceptance_covers_only_its_own_warning(tiny_project: Path) -> None:
    _note, demo = _outdated(tiny_project)
    # The same words of warning, but the text of another sentence: the warning stays.
    demo.write_text(
        demo.read_text()
        + ACCEPT.replace(
            "they should transfer to SEN support by September 2015",
            "Schools in our area can also ask the inclusion team",
        )
    )
    warned = [line for line in reported(tiny_project) if ": warning: " in line]
    assert any("in the future tense, but that date has passed" in line for line in warned), warned
    assert any("this accepts a warning that check does not give" in line for line in warned), warned


def test_an_error_cannot_be_accepted(tiny_project: Path) -> None:
    note, demo = _outdated(tiny_project)
    note.write_text(note.read_text() + "\nAsk {{ publisher.nmae }}.\n")
    demo.write_text(
        demo.read_text()
        + ACCEPT.replace("in the future tense", "is not a publisher fact").replace(
            "they should transfer to SEN support by September 2015", "Ask {{ publisher.nmae }}."
        )
    )
    code, output = _strict(tiny_project)
    assert code == 1
    assert "publisher.nmae is not a publisher fact" in output


def test_an_acceptance_needs_a_reason(tiny_project: Path) -> None:
    _, demo = _outdated(tiny_project)
    demo.write_text(
        demo.read_text()
        + ACCEPT.replace(
            "    reason: Families still ask about School Action, and our leaflet answers them in its own words.\n", ""
        )
    )
    assert "missing required key 'reason' under the 1st item of accept_warnings: add it" in _strict(tiny_project)[1]
