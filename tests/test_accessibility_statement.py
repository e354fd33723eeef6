"""The accessibility statement in GOV.UK's model form: a compliance status from the publisher's YAML, the
non-compliances it knows, "Preparation of this statement" with its dates, and how the site was tested.

`check` refuses a statement that claims full compliance without a manual audit's date:
tests/fixtures/bad/accessibility-*.yml (run by tests/test_check.py, and built by
tests/test_check_build_parity.py) hold each refusal at its file, line and column.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from tests.conftest import run_cli


def _statement(root: Path, accessibility: str) -> str:
    """The statement's text, built from the tiny project with `accessibility` added to the publisher's YAML."""
    demo = root / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + accessibility)
    result = run_cli(root, "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    page = (root / "site" / "demo" / "accessibility" / "index.html").read_text()
    article = page[page.index("<article") : page.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split()).replace(" .", ".")


def _headings(root: Path) -> list[str]:
    page = (root / "site" / "demo" / "accessibility" / "index.html").read_text()
    return [html.unescape(h) for h in re.findall(r"<h[23] id=\"[^\"]*\">([^<]*)", page)]


def test_fully_compliant_after_a_manual_audit(tiny_project: Path) -> None:
    text = _statement(
        tiny_project,
        "accessibility:\n  status: fully\n  prepared: 2025-09-01\n  reviewed: 2025-10-15\n"
        "  automated_check: 2025-10-14\n  manual_audit: 2025-08-20\n  audited_by: Access Audits Ltd\n",
    )
    assert "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA" in text
    assert "Non-accessible content" not in text
    assert "This statement was prepared on 1 September 2025. It was last reviewed on 15 October 2025." in text
    assert "This website was last tested on 20 August 2025. The test was carried out by Access Audits Ltd." in text
    assert "(last checked on 14 October 2025)" in text
    assert "audited this website by hand, with a keyboard and a screen reader, on 20 August 2025" in text
    headings = _headings(tiny_project)
    assert headings.index("Preparation of this statement") > headings.index("Compliance status")
    assert headings[headings.index("Preparation of this statement") + 1] == "How we tested this website"


def test_partially_compliant_lists_the_known_issues_as_text(tiny_project: Path) -> None:
    text = _statement(
        tiny_project,
        "accessibility:\n  status: partially\n  manual_audit: 2025-08\n"
        "  known_issues:\n    - 'Some link text <b>repeats</b> & is vague'\n    - The PDF tables have no headers\n",
    )
    assert (
        "is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to " in text
    )
    assert "Non-accessible content" in text and "Non-compliance with the accessibility regulations" in text
    assert "Some link text <b>repeats</b> & is vague The PDF tables have no headers" in text
    assert "This website was last tested in August 2025. The test was carried out by Demo IASS." in text
    raw = (tiny_project / "site" / "demo" / "accessibility" / "index.html").read_text()
    assert "<b>repeats" not in raw, "a YAML value is text, never markup"


def test_not_compliant(tiny_project: Path) -> None:
    text = _statement(
        tiny_project, "accessibility:\n  status: not\n  manual_audit: 2025-08-01\n  known_issues: [Nothing works]\n"
    )
    assert (
        "This website is not compliant with the Web Content Accessibility Guidelines version 2.2 AA standard. "
        "The non-compliances are listed below." in text
    )
    assert "Nothing works" in text


def test_without_any_accessibility_settings_it_never_claims_full_compliance(tiny_project: Path) -> None:
    text = _statement(tiny_project, "")
    assert "fully compliant" not in text
    # No non-compliance is known: what keeps it from 'fully' is that no one has audited it by hand, said as such.
    assert "is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard: no " in text
    assert "due to the non-compliances" not in text
    assert "No content is known not to be accessible; the website is not yet said to comply fully" in text
    assert "This website has not yet been audited by hand. Automated tests cannot find every problem" in text
    # The dates default to the publication date (2025-10), so the same YAML always gives the same page.
    assert "This statement was prepared in October 2025. It was last reviewed in October 2025." in text
    assert "it was last checked by automated tests in October 2025" in text


def test_a_leaflet_dated_before_wcag_2_2_does_not_date_the_websites_check(tiny_project: Path) -> None:
    """Contact's statement said its website was checked against WCAG 2.2 in 2014, the factsheet's date."""
    from tests.test_check import reported

    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text().replace("published: 2025-10", "published: 2014"))
    assert [line for line in reported(tiny_project) if "WCAG 2.2" in line] == [
        "authorities/demo.yml:12:14: warning: the accessibility statement would say the website was last checked "
        "against WCAG 2.2 in 2014, the leaflet's date, before WCAG 2.2 was published (October 2023): set "
        "accessibility.automated_check to the date the website was last checked"
    ]
    # A warning: the build goes ahead, and the publisher's other problems are still found (the warning had
    # stopped its loading, so check said '0 errors' while build failed, and hid every error after it).
    assert run_cli(tiny_project, "build", "--formats", "none").exit_code == 0
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    good_note = note.read_text()
    note.write_text(good_note + "\n{{ publisher.nmae }}\n")
    assert any("unknown variable: publisher.nmae" in line for line in reported(tiny_project))
    note.write_text(good_note)
    demo.write_text(demo.read_text() + "accessibility:\n  automated_check: 2026-11\n")
    assert not [line for line in reported(tiny_project) if "WCAG 2.2" in line]
    assert run_cli(tiny_project, "build", "--formats", "none").exit_code == 0
    statement = (tiny_project / "site" / "demo" / "accessibility" / "index.html").read_text()
    text = " ".join(statement.split())
    # When it was last checked, and against WCAG 2.2; and the statement, written after the check, is dated by it.
    assert statement.count("in November 2026") == 4
    assert "This statement was prepared in November 2026. It was last reviewed in November 2026." in text
    assert "in 2014" not in text

    # A review before the latest check: the statement was prepared by then (the default had come after it, and
    # check then said it was reviewed before it was prepared, which the editor had never written).
    # (Prepared in 2014 says that it was written before WCAG 2.2, which it cites: a warning says so.)
    demo.write_text(demo.read_text() + "  reviewed: 2025-06\n")
    assert [line for line in reported(tiny_project) if "prepared" in line] == [
        "authorities/demo.yml:19:13: warning: the statement would say it was prepared in 2014 (the date nearest "
        "before its last review), before WCAG 2.2, which it cites, was published (October 2023): write the date it "
        "was prepared, as accessibility.prepared"
    ]
    assert run_cli(tiny_project, "build", "--formats", "none").exit_code == 0
    statement = (tiny_project / "site" / "demo" / "accessibility" / "index.html").read_text()
    assert "This statement was prepared in 2014. It was last reviewed in June 2025." in " ".join(statement.split())
    demo.write_text(demo.read_text().replace("  reviewed: 2025-06\n", ""))

    # A preparation date written out is the editor's: one before WCAG 2.2 existed is a warning.
    demo.write_text(demo.read_text() + "  prepared: 2014-05\n")
    assert [line for line in reported(tiny_project) if "prepared" in line] == [
        "authorities/demo.yml:19:13: warning: the statement would say it was prepared in May 2014, before WCAG 2.2, "
        "which it cites, was published (October 2023): write the date this statement was prepared"
    ]
