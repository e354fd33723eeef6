"""Joint services read right, and no page has two links with the same words going to different places.

WCAG 2.4.4 (link purpose): a reader who lists a page's links, as screen readers do, must be able
to tell each from its words. A joint service once read "look at the Local Offer and Local Offer".
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import run_cli
from tests.test_check import reported

JOINT = """serves:
  - gss: E06000018
    name: Nottingham City Council
    local_offer:
      url: https://www.nottinghamcity.gov.uk/send
  - gss: E10000024
    name: Nottinghamshire County Council
    local_offer:
      url: https://www.nottinghamshire.gov.uk/send
"""
EXPECTED = "the Local Offer of Nottingham City Council and the Local Offer of Nottinghamshire County Council"


def _joint(root: Path) -> None:
    demo = root / "authorities" / "demo.yml"
    text = demo.read_text(encoding="utf-8")
    start, end = text.index("serves:"), text.index("contact:")
    demo.write_text(text[:start] + JOINT + text[end:], encoding="utf-8")
    note = root / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("advice.", "advice. Look at the {{ local_offer_links() }}."),
        encoding="utf-8",
    )


def _words(html: str) -> str:
    return " ".join(html.replace("&rsquo;", "\u2019").replace("&#x27;", "'").split())


def test_a_joint_service_names_each_local_offer_on_the_site_and_in_print(tiny_project: Path) -> None:
    _joint(tiny_project)
    assert [line for line in reported(tiny_project) if "links read" in line] == []
    result = run_cli(tiny_project, "build")
    assert result.exit_code == 0, result.output
    page = (tiny_project / "site" / "demo" / "sen-support" / "index.html").read_text(encoding="utf-8")
    assert (
        'Look at the <a href="https://www.nottinghamcity.gov.uk/send">Local Offer of Nottingham City Council</a> '
        'and the <a href="https://www.nottinghamshire.gov.uk/send">Local Offer of Nottinghamshire County Council</a>'
    ) in page
    footer = page[page.index('class="sen-contact"') :]
    assert (
        '<li><a href="https://www.nottinghamcity.gov.uk/send">Local Offer of Nottingham City Council</a></li>'
    ) in footer
    for pdf in sorted((tiny_project / "site" / "demo" / "downloads").glob("*.pdf")):
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
        assert EXPECTED in text, pdf.name


def test_one_local_offer_keeps_its_plain_name(tiny_project: Path) -> None:
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text().replace("advice.", "advice. Look at the {{ local_offer_links() }}."))
    assert run_cli(tiny_project, "build", "--no-pdf").exit_code == 0
    page = (tiny_project / "site" / "demo" / "sen-support" / "index.html").read_text(encoding="utf-8")
    assert 'Look at the <a href="https://www.kent.gov.uk/local-offer">Local Offer</a>.' in page


def test_two_links_with_the_same_words_to_different_places_are_warned_about_where_written(
    tiny_project: Path,
) -> None:
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(
        note.read_text().replace(
            "advice.",
            "advice.\n\n[Find out more](https://www.kent.gov.uk/a) or [find out more](https://www.kent.gov.uk/b).",
        )
    )
    assert [line for line in reported(tiny_project) if "links read" in line] == [
        "authorities/demo/blocks/demo-local-note.md:6:17: warning: on the page 'SEN support in mainstream schools', "
        "2 links read 'Find out more' but go to different addresses (https://www.kent.gov.uk/a, "
        "https://www.kent.gov.uk/b): someone who hears only a link's words cannot tell them apart (WCAG 2.4.4); "
        "give each link words of its own"
    ]
    # The same address twice is fine: both links go to one place.
    note.write_text(note.read_text().replace("https://www.kent.gov.uk/b", "https://www.kent.gov.uk/a"))
    assert [line for line in reported(tiny_project) if "links read" in line] == []


def test_local_offers_given_the_same_words_in_yaml_are_warned_about_at_the_yaml(tiny_project: Path) -> None:
    _joint(tiny_project)
    demo = tiny_project / "authorities" / "demo.yml"
    text = demo.read_text()
    # Each named alike, by hand: the generator names them apart only when their names are the same.
    text = text.replace(
        "      url: https://www.nottinghamcity.gov.uk/send\n",
        "      url: https://www.nottinghamcity.gov.uk/send\n      name: SEND Local Offer\n",
    ).replace(
        "      url: https://www.nottinghamshire.gov.uk/send\n",
        "      url: https://www.nottinghamshire.gov.uk/send\n      name: Local Offer for Nottinghamshire\n",
    )
    demo.write_text(text)
    assert [line for line in reported(tiny_project) if "links read" in line] == []
    # Same words apart from case: each is then named by its authority, so nothing reads alike.
    demo.write_text(text.replace("name: Local Offer for Nottinghamshire", "name: send local offer"))
    assert [line for line in reported(tiny_project) if "links read" in line] == []
    # Said to be published by one council, under one name: the links would read alike, on every page.
    same = text.replace("name: Local Offer for Nottinghamshire", "name: SEND Local Offer").replace(
        "    local_offer:\n", "    local_offer:\n      published_by: the Councils\n"
    )
    demo.write_text(same)
    warned = [line for line in reported(tiny_project) if "links read" in line]
    assert warned, "the footer's two Local Offer links read alike"
    assert all(line.startswith("authorities/demo.yml:5:5: warning: on the page ") for line in warned), warned
    assert all(line.endswith("or give each Local Offer its own name (local_offer.name)") for line in warned)
    assert any("2 links read 'SEND Local Offer of the Councils'" in line for line in warned), warned


def test_in_the_repository_only_baths_two_here_links_read_alike() -> None:
    """Bath's seed says "download a full copy of the Code here" and "a shorter version for parents here":
    two links reading 'here', to two places. Kept as the seed has them, and warned about."""
    from tests.conftest import REPO

    warned = [line for line in reported(REPO) if "links read" in line]
    assert [line.split(": warning: ")[0] for line in warned] == [
        "authorities/bath-and-north-east-somerset/blocks/bath-glossary-send-code-of-practice.md:12:55"
    ]
    assert "2 links read 'here' but go to different addresses" in warned[0]


def test_a_page_of_the_site_is_named_by_its_title_in_the_warning(tiny_project: Path) -> None:
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(
        note.read_text().replace(
            "advice.", "advice. Read more [here](what-is-sen-support.md) and [here](https://www.example.org/more)."
        )
    )
    warned = [line for line in reported(tiny_project) if "links read 'here'" in line]
    assert len(warned) == 1, warned
    assert "(the page 'What is SEN support?', https://www.example.org/more)" in warned[0], warned[0]
