"""Markdown for print: headings moved down, link addresses shown once, page links made in-document."""

from __future__ import annotations

from generator.markup import print_html
from generator.model import CodeOfPractice
from generator.project import Project
from tests.conftest import REPO


def _code() -> CodeOfPractice:
    from generator.model import load_code_of_practice

    return load_code_of_practice(Project(REPO))


def test_headings_move_down_a_level() -> None:
    assert print_html("## Assess\n\n### Detail\n", _code(), set()) == "<h3>Assess</h3>\n<h4>Detail</h4>"


def test_a_web_address_is_printed_after_its_link_once_per_leaflet() -> None:
    shown: set[str] = set()
    first = print_html("See the [Local Offer](<https://www.kent.gov.uk/send>) now.", _code(), shown)
    again = print_html("Or the [Local Offer](<https://www.kent.gov.uk/send>) again.", _code(), shown)
    assert first == '<p>See the <a href="https://www.kent.gov.uk/send">Local Offer</a> (www.kent.gov.uk/send) now.</p>'
    assert again == '<p>Or the <a href="https://www.kent.gov.uk/send">Local Offer</a> again.</p>'


def test_a_link_showing_its_own_address_is_not_repeated() -> None:
    html = print_html("Website: [www\\.spsbathnes\\.org\\.uk](<https://www.spsbathnes.org.uk/>)", _code(), set())
    assert html == '<p>Website: <a href="https://www.spsbathnes.org.uk/">www.spsbathnes.org.uk</a></p>'


def test_email_and_phone_links_are_left_alone() -> None:
    html = print_html("[0300 041 3000](<tel:+443000413000>) or [a@b.org](<mailto:a@b.org>)", _code(), set())
    assert html == '<p><a href="tel:+443000413000">0300 041 3000</a> or <a href="mailto:a@b.org">a@b.org</a></p>'


def test_a_link_to_another_page_of_the_leaflet_becomes_a_link_to_that_chapter() -> None:
    html = print_html("See [where to get help](more-information.md).", _code(), set())
    assert html == '<p>See <a href="#more-information">where to get help</a>.</p>'


def test_quotations_render_with_their_citation() -> None:
    html = print_html("::: code-of-practice 6.65\nSchools should meet parents.\n:::\n", _code(), set())
    assert html == (
        '<div class="code-quote">\n<blockquote cite="https://www.gov.uk/government/publications/'
        'send-code-of-practice-0-to-25">\n<p>Schools should meet parents.</p>\n</blockquote>\n'
        '<p class="citation">SEND Code of Practice, <a href="https://www.gov.uk/government/publications/'
        'send-code-of-practice-0-to-25">paragraph 6.65</a> (www.gov.uk/government/publications/'
        "send-code-of-practice-0-to-25)</p>\n</div>"
    )
