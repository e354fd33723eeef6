"""Markdown to sanitised HTML, and that HTML made ready for paper: headings moved down, link
addresses shown once, page links made in-document."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf

from generator.compose.html_tree import serialise_fragment
from generator.compose.markdown import to_safe_html
from generator.inputs.project import Project
from generator.inputs.schema import CodeOfPractice
from generator.outputs.pdf.render import ZERO_WIDTH_SPACE, PrintDocument, paper_tree, render_pdf
from tests.conftest import REPO
from tests.pdf_inspection import outline_titles


def _code() -> CodeOfPractice:
    from generator.inputs.load import load_code_of_practice

    return load_code_of_practice(Project(REPO))


def print_html(markdown: str, shown: set[str], section_id: str = "assess") -> str:
    """`markdown` as it goes on paper (without the final line break)."""
    targets = {section_id: {"review"}, "plan": {"review"}, "more-information": set()}
    return serialise_fragment(paper_tree(to_safe_html(markdown, _code()).html, section_id, shown, targets)).rstrip("\n")


def test_headings_move_down_a_level_and_their_ids_name_their_section() -> None:
    assert print_html("## Assess\n\n### Detail\n", set()) == (
        '<h3 id="assess--assess">Assess</h3>\n<h4 id="assess--detail">Detail</h4>'
    )


def test_a_web_address_is_printed_after_its_link_once_per_leaflet() -> None:
    shown: set[str] = set()
    first = print_html("See the [Local Offer](<https://www.kent.gov.uk/send>) now.", shown)
    again = print_html("Or the [Local Offer](<https://www.kent.gov.uk/send>) again.", shown)
    # The address may wrap after a dot or a slash (a zero-width space), never run off the paper.
    assert first == (
        '<p class="holds-address">See the <a href="https://www.kent.gov.uk/send">Local Offer</a> '
        '(<span class="address">www.\u200bkent.\u200bgov.\u200buk/\u200bsend</span>) now.</p>'
    )
    assert again == '<p>Or the <a href="https://www.kent.gov.uk/send">Local Offer</a> again.</p>'


def test_a_link_showing_its_own_address_is_not_repeated() -> None:
    html = print_html("Website: [www\\.spsbathnes\\.org\\.uk](<https://www.spsbathnes.org.uk/>)", set())
    # Not printed again; the words, being the address, may wrap where a printed address does.
    assert html == (
        '<p class="holds-address">Website: <a href="https://www.spsbathnes.org.uk/" class="address">'
        "www.\u200bspsbathnes.\u200borg.\u200buk</a></p>"
    )


def test_phone_links_are_left_alone_and_an_email_address_wraps_only_after_its_at_sign_and_dots() -> None:
    """print.css keeps a tel: link on one line; an email address broke after its hyphen ('askus@nottinghamshire-' /
    'ncis.org.uk'), which a reader takes for a word broken in two."""
    html = print_html("[0300 041 3000](<tel:+443000413000>) or [a-z@b-c.org](<mailto:a-z@b-c.org>)", set())
    assert html == (
        '<p class="holds-address"><a href="tel:+443000413000">0300 041 3000</a> or '
        '<a href="mailto:a-z@b-c.org" class="address">'
        '<span class="unbroken">a-z@</span>\u200b<span class="unbroken">b-c.</span>\u200borg</a></p>'
    )


def test_phone_numbers_and_email_addresses_written_in_the_text_are_kept_whole() -> None:
    """'ring 0115 948 / 2888' was printed over two lines: a number in a block's text or a YAML value is not a link."""
    html = print_html(
        "Call 0115 948 2888, +44 115 948 2889 or 18001 0115 948 2888, or write to a-z@b-c.org. In 2014 2015 we had "
        "30000 calls.",
        set(),
    )
    assert html == (
        '<p class="holds-address">Call <span class="number">0115 948 2888</span>, '
        '<span class="number">+44 115 948 2889</span> or '
        '<span class="number">18001 0115 948 2888</span>, or write to <span class="address"><span class="unbroken">'
        'a-z@</span>\u200b<span class="unbroken">b-c.</span>\u200borg</span>. In 2014 '
        "2015 we had 30000 calls.</p>"
    )
    # In a heading, whose text is also its bookmark's title, the places to wrap are <wbr>, not characters.
    assert "<wbr>" in print_html("## Write to a-z@b-c.org", set())
    # A part longer than 30 characters is cut every 30 (as a web address's is), never just after a hyphen.
    long_part = "send-information-advice-and-s-upport-service-for-kent"  # its 30th character is a hyphen
    printed = print_html(f"Write to {long_part}@kent.gov.uk", set())
    pieces = re.sub(r"<[^>]+>", "", printed).removeprefix("Write to ").split("\u200b")
    assert "".join(pieces) == f"{long_part}@kent.gov.uk"
    assert all(len(piece) <= 30 and not piece.endswith("-") for piece in pieces), pieces


def test_a_link_to_another_page_of_the_leaflet_becomes_a_link_to_that_chapter() -> None:
    html = print_html("See [where to get help](more-information.md) or [reviews](plan.md#review).", set())
    # class="page-ref": print.css follows it with the page its target starts on.
    assert html == (
        '<p>See <a href="#more-information" class="page-ref">where to get help</a> or '
        '<a href="#plan--review" class="page-ref">reviews</a>.</p>'
    )


def test_quotations_render_with_their_citation() -> None:
    html = print_html("::: code-of-practice 6.65\nSchools should meet parents.\n:::\n", set())
    assert html == (
        # On paper, without the div that holds them on the web: print.css rules a line beside each.
        '<blockquote cite="https://www.gov.uk/government/publications/'
        'send-code-of-practice-0-to-25" class="code-quote">\n<p>Schools should meet parents.</p>\n</blockquote>\n'
        '<p class="citation holds-address">SEND Code of Practice, <a href="https://www.gov.uk/government/publications/'
        'send-code-of-practice-0-to-25">paragraph 6.65</a> (<span class="address">www.\u200bgov.\u200buk/\u200b'
        # Wrapping before each hyphen (\u200b), never after one (\u2060): read at a line's end as a word broken in two.
        "government/\u200bpublications/\u200bsend\u200b-\u2060code\u200b-\u2060of\u200b-\u2060practice\u200b-\u20600"
        "\u200b-\u2060to\u200b-\u206025</span>)</p>"
    )


def test_only_a_quotation_of_the_code_loses_its_wrapper_on_paper() -> None:
    """A div an editor classed code-quote, in another shape than a quotation and its citation, keeps it (and the
    rule print.css draws beside it), nested or holding a paragraph alone."""
    inner = '<div class="code-quote">\n\n<blockquote>\n\nInner\n\n</blockquote>\n\n</div>'
    nested = f'<div class="code-quote">\n\n{inner}\n\n</div>'
    assert print_html(nested, set()).count('<div class="code-quote">') == 2
    assert print_html('<div class="code-quote">\n\nJust a paragraph\n\n</div>', set()) == (
        '<div class="code-quote">\n<p>Just a paragraph</p>\n</div>'
    )
    quoted_twice = "::: code-of-practice 6.1\n::: code-of-practice 6.2\nNested\n:::\n:::\n"
    printed = print_html(quoted_twice, set())
    assert "<div" not in printed and printed.count('class="code-quote"') == 2


def test_safe_html_keeps_leaflet_markup_and_says_what_it_took_out() -> None:
    page = to_safe_html(
        '## Help\n\n<div class="contact-panel">\n\n**Call** [us](<tel:+443000413000>)\n\n</div>\n\n'
        '<p onclick="steal()">Hello <script>alert(1)</script></p>\n',
        _code(),
    )
    assert page.html == (
        '<h2 id="help">Help</h2>\n<div class="contact-panel">\n<p><strong>Call</strong> '
        '<a href="tel:+443000413000">us</a></p>\n</div>\n<p>Hello </p>\n'
    )
    assert [(r.message, r.needles) for r in page.refused] == [
        ("'onclick' runs a script, which cannot be published: remove it", ("onclick",)),
        (
            "blocks cannot contain scripts, styles, frames, forms or page settings (<script>): "
            "remove it and write the text in Markdown",
            ("<script",),
        ),
    ]
    assert [(h.level, h.id, h.text) for h in page.headings] == [(2, "help", "Help")]


PANEL = '<div class="contact-panel">\n\n**Helpline:** 0300 041 3000\n\n</div>\n'
FORMATS = "On request, this information can be provided in alternative formats."


def _on_paper(markdown: str, other_formats: str | None, ends_leaflet: bool = True) -> str:
    targets = {"more": set()}
    html = to_safe_html(markdown, _code()).html
    return serialise_fragment(paper_tree(html, "more", set(), targets, other_formats, ends_leaflet)).rstrip("\n")


def test_a_leaflet_ending_with_the_panel_ends_with_a_contact_us_page_taking_the_statement_before_it() -> None:
    paper = _on_paper(f"Ask us.\n\n{FORMATS}\n\n{PANEL}", FORMATS)
    assert paper == (
        '<p class="before-contact-us">Ask us.</p>\n'
        '<div class="contact-us"><h3>Contact us</h3><p>' + FORMATS + "</p>\n"
        '<div class="contact-panel">\n<p><strong>Helpline:</strong> <span class="number">0300 041 3000</span></p>\n'
        "</div></div>"
    )


def test_a_panel_with_text_after_it_or_in_an_earlier_section_is_a_contact_us_box_not_a_page() -> None:
    box = (
        '<div class="contact-us-box"><p class="contact-us-caption">Contact us</p><p>' + FORMATS + "</p>\n"
        '<div class="contact-panel">\n<p><strong>Helpline:</strong> <span class="number">0300 041 3000</span></p>\n'
        "</div></div>"
    )
    # Not a heading: the text after the box is not part of "Contact us".
    assert _on_paper(f"Ask us.\n\n{FORMATS}\n\n{PANEL}\nAfter the panel.\n", FORMATS) == (
        "<p>Ask us.</p>\n" + box + "\n<p>After the panel.</p>"
    )
    assert _on_paper(f"Ask us.\n\n{FORMATS}\n\n{PANEL}", FORMATS, ends_leaflet=False) == "<p>Ask us.</p>\n" + box


def test_the_contact_us_page_says_how_to_ask_for_other_formats_when_the_leaflet_has_not_just_said_it() -> None:
    paper = _on_paper(f"- one\n- two\n\n{PANEL}", "Ask us for large print.")
    assert paper.startswith('<ul class="before-contact-us">')
    assert '<div class="contact-us"><h3>Contact us</h3><p>Ask us for large print.</p><div class="contact-panel">' in (
        paper.replace("\n", "")
    )
    without = _on_paper(f"Intro:\n\n- one\n\n{PANEL}", "")
    assert '<p class="introduces-list">Intro:</p>' in without  # a list takes its lead-in to the next page
    assert "<h3>Contact us</h3><div" in without.replace("\n", ""), "no statement, no empty paragraph"


def test_the_panel_on_the_cover_stays_a_panel() -> None:
    assert "Contact us" not in _on_paper(PANEL, None)


def test_a_heading_just_before_the_panel_goes_to_the_contact_us_page_with_it() -> None:
    paper = _on_paper(f"# More help\n\nSome text.\n\n## Our details\n\n{PANEL}", "")
    assert paper.startswith(
        '<h2 id="more--more-help">More help</h2>\n<p class="before-contact-us">Some text.</p>\n'
        '<h3 id="more--our-details" class="starts-contact-us">Our details</h3>\n'
        '<div class="contact-us after-its-heading"><h3>Contact us</h3>'
    ), paper


def test_an_address_with_a_long_code_in_it_wraps_every_30_characters_of_the_code() -> None:
    code = "A1b2C3d4" * 9  # 72 characters with nowhere to wrap
    html = print_html(f"[Form](<https://example.org/{code}>)", set())
    printed = "\u200b".join(["example.", "org/", code[:30], code[30:60], code[60:]])
    assert f'<span class="address">{printed}</span>' in html


def test_an_email_address_or_phone_number_behind_other_words_is_printed_after_them() -> None:
    """Paper cannot be clicked: '[our team](mailto:...)' printed no address, '[call us](tel:...)' no number."""
    assert print_html("Write to [our team](mailto:help@example.org).", set()) == (
        '<p class="holds-address">Write to <a href="mailto:help@example.org">our team</a> '
        '(<span class="address">help@\u200bexample.'
        "\u200borg</span>).</p>"
    )
    assert print_html("Or [call us](<tel:+443000413000>).", set()) == (
        '<p>Or <a href="tel:+443000413000">call us</a> (<span class="number">0300 041 3000</span>).</p>'
    )
    # A number abroad, as it is dialled from the UK, also after the number as it is written in its own country.
    assert print_html("Or [our Paris office](<tel:+33142685300>).", set()) == (
        '<p>Or <a href="tel:+33142685300">our Paris office</a> (<span class="number">+33 1 42 68 53 00</span>).</p>'
    )
    paris = print_html("[01 42 68 53 00](<tel:+33142685300>)", set())
    assert '(<span class="number">+33 1 42 68 53 00</span>)' in paris
    # An Italian number keeps its 0 after the country code: written so, it shows the number already.
    assert "span" not in print_html("[+39 06 1234 5678](<tel:+390612345678>)", set())
    # Its digits as dialled inside its own country, without + or 00, do not show how to call it from the UK.
    washington = print_html("[1-202-555-0143](<tel:+12025550143>)", set())
    assert '(<span class="number">+1 202-555-0143</span>)' in washington, washington
    for shown in ("+1 (202) 555-0143", "001 202 555 0143", "+44 (0)300 041 3000", "0044 300 041 3000"):
        href = "tel:+12025550143" if "202" in shown else "tel:+443000413000"
        assert "span" not in print_html(f"[{shown}](<{href}>)", set()), shown
    # Words that give the number in another form, or a Relay UK prefix: nothing added.
    for words, href in (
        ("+44 300 041 3000", "tel:+443000413000"),
        ("Relay UK line", "tel:18001-03000413000"),
        ("+33 1 42 68 53 00", "tel:+33142685300"),
    ):
        assert print_html(f"[{words}](<{href}>)", set()) == f'<p><a href="{href}">{words}</a></p>'
    # Words that already show it are left as they are.
    assert print_html("Call [0300 041 3000](<tel:+443000413000>).", set()) == (
        '<p>Call <a href="tel:+443000413000">0300 041 3000</a>.</p>'
    )
    assert print_html("Mail [help@example.org](mailto:help@example.org).", set()) == (
        '<p class="holds-address">Mail <a href="mailto:help@example.org" class="address">'
        "help@\u200bexample.\u200borg</a>.</p>"
    )


def test_an_address_that_is_its_links_words_wraps_as_a_printed_address_does() -> None:
    html = print_html("See <https://www.example.org/a-page/VeryLongSegmentThatGoesOnAndOnWithoutStopping>.", set())
    assert html == (
        '<p class="holds-address">See '
        '<a href="https://www.example.org/a-page/VeryLongSegmentThatGoesOnAndOnWithoutStopping" '
        'class="address">https://\u200bwww.\u200bexample.\u200borg/\u200ba\u200b-\u2060page/\u200b'
        "VeryLongSegmentThatGoesOnAndOn\u200bWithoutStopping</a>.</p>"
    )


def test_a_paragraph_of_phone_numbers_or_email_addresses_only_is_kept_with_the_line_before_it() -> None:
    """print.css keeps a contact-line on the page of the paragraph before it, which names the number."""
    kept = [
        "Call our helpline:\n\n[0300 123 4567](<tel:+443001234567>)",
        "Call our helpline:\n\n**[0300 123 4567](<tel:+443001234567>)**",  # Kent's blocks set numbers in bold
        "Ask us:\n\n[0300 123 4567](<tel:+443001234567>)  \n[help@example.org](mailto:help@example.org)",
    ]
    for markdown in kept:
        assert re.search(r'<p class="contact-line[ "]', print_html(markdown, set())), markdown
    assert "contact-line" not in print_html("Ask us:\n\nCall [0300 123 4567](<tel:+443001234567>) today", set())
    assert "contact-line" not in print_html("[0300 123 4567](<tel:+443001234567>)", set()), "nothing before it"
    # Of a run of such lines, the first three (a number, a textphone, an email address): kept each with the one
    # before, ten numbers moved to the next page whole.
    numbers = "\n\n".join(f"[0300 123 456{digit}](<tel:+44300123456{digit}>)" for digit in range(10))
    run = print_html(f"Our offices:\n\n{numbers}\n\nWrite to us.\n\n{numbers}", set())
    kept_lines = re.findall(r'<p class="contact-line"><a href="tel:\+44300123456(\d)">', run)
    assert kept_lines == ["0", "1", "2", "0", "1", "2"], run


def test_an_address_in_a_heading_wraps_without_adding_to_its_bookmark(tmp_path: Path) -> None:
    """A heading's words are its bookmark's title in the PDF: the address's break points are <wbr> there, not
    zero-width spaces, which the title would hold (and a screen reader's list of bookmarks read)."""
    address = "https://www.example.org.uk/send/local-offer"
    html = print_html(f"## Visit <{address}>\n\nSee <{address}>.", set())
    heading, paragraph = html.split("\n", 1)
    assert "<wbr>" in heading and ZERO_WIDTH_SPACE not in heading
    assert ZERO_WIDTH_SPACE in paragraph and "<wbr>" not in paragraph
    page = f'<!doctype html><html lang="en-GB"><head><title>t</title></head><body>{html}</body></html>'
    pdf = render_pdf(PrintDocument(page, "@page { size: A6 }"), tmp_path)
    with pikepdf.open(io.BytesIO(pdf.data)) as document:
        titles = outline_titles(document)
    assert titles == [f"Visit {address}"], titles
