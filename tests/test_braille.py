"""The braille edition (BRF): each seed publisher's leaflet, rendered once, read as an embosser and a reader would.

Every page is checked as paper (40 cells by 25 lines, BRF characters only, numbered in order),
then read back into print with liblouis (the same Unified English Braille grade 2 table) and
compared with the seed leaflet sentence by sentence, as the site and the PDFs are. Line
breaks are checked word by word: each line's words, read back alone, must be whole words of
the leaflet, or pieces of an address cut after a `/` or `.`.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import html
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest
import yaml

from generator.compose.contact import PANEL_CLASS
from generator.compose.leaflet import ComposedLeaflet, ComposedSection, compose_publisher
from generator.compose.markdown import Heading
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.outputs.braille import liblouis
from generator.outputs.braille.blocks import leaflet_blocks
from generator.outputs.braille.liblouis import LiblouisMissingError, back_translate, translate
from generator.outputs.braille.lines import Style, addresses_in, braille_lines, translated
from generator.outputs.braille.render import BrailleDocument, render_brf
from generator.outputs.braille.text import curly_quotes, prepared
from tests.conftest import REPO, SEED_SLUGS
from tests.sentence_coverage import coverage, words
from tests.test_seed_coverage import phone_numbers

SEEDS = REPO / "tests" / "fixtures" / "seeds"
CELLS, LINES = 40, 25
BRF_CHARACTERS = {chr(code) for code in range(0x20, 0x60)}
"""North American braille ASCII: space to underscore, one character a cell (upper case)."""
BOX_LINE = re.compile(r"^(?:7{40}|G{40})$")
POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")
FURNITURE = [
    # What the braille edition adds to the text, as the PDF does (tests/fixtures/seeds/additions.yml, `pdf`).
    r"\s?\((?:https?://)?(?:[a-z0-9-]+\.\s?)+[a-z]{2,}(?:/[^)]*)?\)",  # the address printed after a link
    r"\s?\(see [^)]*\)",  # where a link to another section leads
    r"\s?\(a section of this leaflet\)",  # a link whose text is the section's title
    r"^Contact us$",  # the contact box's heading
    r"^SEND Code of Practice, paragraph\s+[0-9.ivx]+$",  # the citation under each quotation
]


@dataclass(frozen=True)
class Rendered:
    leaflet: ComposedLeaflet
    document: BrailleDocument
    pages: list[list[str]]
    back: str
    """Every text line read back (not the page numbers or box lines), one line each."""


def pages_of(data: bytes) -> list[list[str]]:
    """The BRF's pages, each a list of its lines, as an embosser reads them: CR LF ends a line, FF a page."""
    text = data.decode("ascii")
    assert text.endswith("\f"), "the last page ends with a form feed, so an embosser ejects it"
    pages = []
    for page in text.split("\f")[:-1]:
        assert page.endswith("\r\n"), "every line ends with CR LF"
        lines = page[:-2].split("\r\n")
        assert not any("\r" in line or "\n" in line for line in lines), "a CR or LF outside a CR LF"
        pages.append(lines)
    return pages


def text_lines(pages: list[list[str]]) -> list[str]:
    """Lines 1 to 24 of every page, without the blank lines a page ends with (the text, as it flows)."""
    return flowed(pages)[0]


def flowed(pages: list[list[str]]) -> tuple[list[str], set[int]]:
    """`text_lines`, and which of them start a page (where no blank line comes before a heading)."""
    lines: list[str] = []
    tops: set[int] = set()
    for page in pages:
        body = page[: LINES - 1]
        while body and not body[-1].strip():
            body = body[:-1]
        tops.add(len(lines))
        lines += body
    return lines, tops


def read_back(pages: list[list[str]]) -> str:
    return "\n".join(back_translate(line.strip()) for line in text_lines(pages) if _is_text(line))


def _is_text(line: str) -> bool:
    return bool(line.strip()) and not BOX_LINE.match(line)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Each seed publisher's leaflet in braille, rendered once, written to a .brf file and read back."""
    project = Project(REPO)
    library = load_library(project)
    out = tmp_path_factory.mktemp("braille")
    liblouis.check_installed()  # the tables compile once
    made = {}
    for slug in SEED_SLUGS:
        (leaflet,) = compose_publisher(library, load_publisher(project, slug, library))
        document = render_brf(leaflet)
        (out / f"{slug}.brf").write_bytes(document.data)
        pages = pages_of((out / f"{slug}.brf").read_bytes())
        made[slug] = Rendered(leaflet, document, pages, read_back(pages))
    return made


def assert_braille_pages(document: BrailleDocument) -> list[list[str]]:
    """40 cells by 25 lines, BRF characters only, page numbers counting up at the right of line 25."""
    pages = pages_of(document.data)
    assert document.pages == len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert len(page) == LINES, f"page {number} has {len(page)} lines"
        for line in page:
            assert len(line) <= CELLS, f"page {number}: {len(line)} cells: {line!r}"
            assert set(line) <= BRF_CHARACTERS, f"page {number}: not BRF: {set(line) - BRF_CHARACTERS}"
            assert line == line.rstrip(), "no trailing spaces"
        numbered = page[-1]
        assert len(numbered) == CELLS and numbered.startswith(" " * 3), f"page {number}: {numbered!r}"
        assert back_translate(numbered.strip()) == str(number)
        assert numbered.strip().startswith("#"), "the numeric indicator, then the digits"
    return pages


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_pages_are_40_cells_by_25_lines_of_brf_numbered_in_order(rendered: dict[str, Rendered], slug: str) -> None:
    assert_braille_pages(rendered[slug].document)
    # Nothing but cells, CR LF and FF in the file.
    assert set(rendered[slug].document.data) <= {ord(c) for c in BRF_CHARACTERS} | {0x0D, 0x0A, 0x0C}


def without_furniture(text: str) -> str:
    # liblouis reads `https:` back as "httpscc" (dots 25 before a slash taken for the groupsign "cc", which
    # only stands between letters): its back-translation's slip, not the braille's.
    text = text.replace("httpscc//", "https://")
    for pattern in FURNITURE:
        text = re.sub(pattern, "\n", text, flags=re.MULTILINE | re.IGNORECASE)
    return text


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_it_reads_back_as_its_seed(rendered: dict[str, Rendered], slug: str) -> None:
    """At least 95% of the seed's sentences, in order; missing only those the site misses too (corrections.yml)."""
    result = coverage((SEEDS / f"{slug}.txt").read_text(encoding="utf-8"), without_furniture(rendered[slug].back))
    assert result.ratio >= 0.95, f"{slug}: {result.ratio:.1%} covered; missing: {result.missing}"
    corrections = yaml.safe_load((SEEDS / "corrections.yml").read_text(encoding="utf-8")) or {}
    assert result.missing == [entry["sentence"] for entry in corrections.get(slug) or []]


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_phone_numbers_and_postcodes_read_back_as_written(rendered: dict[str, Rendered], slug: str) -> None:
    seed = (SEEDS / f"{slug}.txt").read_text(encoding="utf-8")
    back = rendered[slug].back
    # Every number the seed gives, grouped as it groups it, and no other (Essex's web page gives none).
    assert sorted(phone_numbers(back)) == sorted(phone_numbers(seed))
    assert phone_numbers(back) or slug == "essex"
    postcodes = set(POSTCODE.findall(seed))
    assert postcodes == {code for line in rendered[slug].leaflet.contact.address for code in POSTCODE.findall(line)}
    for postcode in postcodes:
        assert postcode in back


def test_kent_postcode_and_numbers_are_in_its_contact_box(rendered: dict[str, Rendered]) -> None:
    box = contact_box(rendered["kent"].pages)
    back = "\n".join(back_translate(line.strip()) for line in box)
    for written in ("ME16 8AE", "03000 41 3000", "03000 412 412", "iask@kent.gov.uk", "www.iask.org.uk"):
        assert written in back, written


@pytest.mark.parametrize(
    "written",
    ["ME16 8AE", "SW1A 1AA", "B1 1AA", "DH1 5UJ", "BA1 1JG", "EC1A 1BB", "03000 41 3000", "0300 123 7001",
     "0191 587 3541", "01225 394382", "+44 300 123 7001", "18001 0800 121 7772", "9am to 5pm", "9.30am to 4.30pm"],
)  # fmt: skip
def test_numbers_and_postcodes_are_never_broken_and_read_back_as_written(written: str) -> None:
    """Wherever a line ends, a phone number or postcode stays on one line; each reads back as written."""
    whole = bool(POSTCODE.fullmatch(written) or phone_numbers(written))
    for lead in range(0, 40, 3):
        text = ("word " * lead) + f"call {written} now"
        lines = braille_lines([text], Style(1, 1))
        backs = [back_translate(line.strip()) for line in lines]
        assert written in " ".join(backs), (lead, lines, backs)
        if whole:
            assert any(written in back for back in backs), (lead, lines, backs)


def test_what_liblouis_makes_of_numbers_with_spaces_and_letters_after_digits() -> None:
    """The braille the module docstring describes: numeric spaces, and a grade 1 indicator only where needed."""
    assert translate("03000 41 3000").braille == '#JCJJJ"DA"CJJJ'
    assert translate("ME16 8AE").braille == ',,ME#AF"H,,AE'
    assert translate("9am").braille == "#I;AM"


def grade_1(text: str) -> str:
    """`text` in uncontracted UEB, from liblouis's grade 1 table (BRF cells): what an address should be in braille,
    found apart from the code under test (another table, no typeform, its own binding)."""
    library = ctypes.CDLL(liblouis.LIBRARY)
    library.lou_charSize.restype = ctypes.c_int
    size = library.lou_charSize()
    encoding = "utf-32-le" if size == 4 else "utf-16-le"
    room = len(text) * 4 + 64
    inlen, outlen = ctypes.c_int(len(text)), ctypes.c_int(room)
    outbuf = ctypes.create_string_buffer(room * size)
    library.lou_translateString.argtypes = (
        ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_int), ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
    )  # fmt: skip
    tables = b"en-us-brf.dis,en-ueb-g1.ctb"
    assert library.lou_translateString(
        tables, text.encode(encoding), ctypes.byref(inlen), outbuf, ctypes.byref(outlen), None, None, 0
    )
    assert inlen.value == len(text)
    return outbuf.raw[: outlen.value * size].decode(encoding)


CODE_ADDRESS = "www.gov.uk/government/publications/send-code-of-practice-0-to-25"
KENT_ADDRESS = "www.kent.gov.uk/education-and-children/special-educational-needs/what-kind-of-sen-support-is-available"


def test_the_grade_1_table_writes_addresses_letter_by_letter() -> None:
    """The expected braille checked by hand: no contraction for "ment", "ion", "en", "of" or "ke"."""
    assert grade_1(CODE_ADDRESS) == "WWW4GOV4UK_/GOVERNMENT_/PUBLICATIONS_/SEND-CODE-OF-PRACTICE-#J-TO-#BE"
    assert grade_1("iask@kent.gov.uk") == "IASK@AKENT4GOV4UK"


def test_web_and_email_addresses_are_uncontracted_and_the_words_around_them_contracted() -> None:
    """UK transcribers write web and email addresses uncontracted (grade 1) in a grade 2 text."""
    text = f"Read the code of practice at {CODE_ADDRESS} or email iask@kent.gov.uk for the children and parents."
    (line,) = braille_lines([text], Style(1, 1), width=400)
    address, email = grade_1(CODE_ADDRESS), grade_1("iask@kent.gov.uk")
    assert line == f",R1D ! CODE ( PRACTICE AT {address} OR EMAIL {email} = ! *N & P>5TS4"
    assert translate(CODE_ADDRESS).braille not in line  # grade 2 would contract it: GOV]N;T, PUBLICA;NS, S5D


@pytest.mark.parametrize("written", ["https://send.essex.gov.uk/", "(send.essex.gov.uk)", "SENDIASS@Durham.gov.uk"])
def test_addresses_with_a_scheme_a_bare_domain_or_capitals_are_uncontracted(written: str) -> None:
    (line,) = braille_lines([f"Go to {written} today."], Style(1, 1))
    bare = written.strip("()")
    assert grade_1(bare) in line, (line, grade_1(bare))


@pytest.mark.parametrize("written", ["review.then", "children.and", "co.operation", "Mr.smith", "first.second.third"])
def test_words_run_together_at_a_full_stop_are_not_taken_for_an_address(written: str) -> None:
    """A space left out after a full stop: the words are still contracted, as the rest of the text."""
    assert addresses_in(f"Talk to the school at the {written} meeting.") == []


def test_a_bare_domain_in_capitals_is_an_address() -> None:
    assert addresses_in("Visit IASK.ORG.UK today.") == [(6, 17)]


def test_an_uncontracted_address_still_breaks_only_after_a_slash_or_dot() -> None:
    """An uncontracted address is longer: still no line over 40 cells, and the address cut only after a `/` or `.`."""
    lines = braille_lines([f"Your council explains it at {KENT_ADDRESS} and in its local offer."], Style(3, 1))
    assert all(len(line) <= CELLS for line in lines), lines
    expected = grade_1(KENT_ADDRESS)
    pieces = [line.strip() for line in lines]
    joined = "".join(pieces)
    start = joined.index(expected)  # across the lines, the address is whole and uncontracted
    ends = [sum(len(piece) for piece in pieces[: n + 1]) for n in range(len(pieces) - 1)]
    cuts = [end for end in ends if start < end < start + len(expected)]
    assert len(cuts) >= 2, lines  # it is longer than a line, so it must have been cut
    for cut in cuts:
        assert joined[cut - 2 : cut] == "_/" or joined[cut - 1] == "4", (cut, lines)


def test_the_braille_files_have_their_addresses_uncontracted(rendered: dict[str, Rendered]) -> None:
    kent = rendered["kent"].document.data.decode("ascii").replace("\r\n", "\n")
    assert grade_1("iask@kent.gov.uk") in kent
    assert translate("iask@kent.gov.uk").braille not in kent  # IASK@AK5T4GOV4UK
    assert grade_1("www.iask.org.uk") in kent
    essex = rendered["essex"].document.data.decode("ascii")
    assert grade_1("send.essex.gov.uk") in essex, "a bare domain is an address too"


def test_characters_braille_has_no_cell_for_are_found_in_one_call() -> None:
    """An emoji and Chinese (written as hexadecimal escapes) and 8-dot braille (passed through) have no BRF cell."""
    odd = {"\U0001f600", "\u4e2d", "\u28ff"}
    assert liblouis.untranslatable({"\u00e9", "\u0175", "\u2013", "\u2801", *odd}) == odd
    assert prepared("caf\u00e9 \U0001f600 \u28ff ok") == "caf\u00e9 ok"


def vocabulary(leaflet: ComposedLeaflet) -> set[str]:
    """Every word of the leaflet (as the braille edition prints it) translated in its paragraph and read back."""
    found: set[str] = set()
    for block in leaflet_blocks(leaflet):
        for segment in block.segments:
            found.update(_normal(token) for token in back_translate(translated(prepared(segment)).braille).split())
    return found


def _normal(token: str) -> str:
    return token.lower().replace("httpscc//", "https://")


def address_piece(token: str, addresses: list[str]) -> bool:
    """Whether `token` is a piece of an address cut only after a `/` or `.` (or, in a piece between those longer
    than a line, after a `-` or `_`)."""
    for address in addresses:
        for match in re.finditer(re.escape(token), address):
            start, end = match.span()
            if _cut_well(address, start) and _cut_well(address, end):
                return True
    return False


def _cut_well(address: str, at: int) -> bool:
    if at in (0, len(address)):
        return True
    if address[at - 1] in "/." and not (address[at - 1] == "." and address[at].isdigit()):
        return True
    if address[at - 1] in "-_":
        # Only inside a piece, between a `/` or `.` and the next, too long for a line.
        before = max(address.rfind("/", 0, at - 1), address.rfind(".", 0, at - 1)) + 1
        after = min((i for i in (address.find("/", at), address.find(".", at)) if i >= 0), default=len(address))
        return len(grade_1(address[before : after + 1])) > CELLS - 6  # addresses are uncontracted
    return False


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_no_word_is_split_and_addresses_break_only_after_a_slash_or_dot(
    rendered: dict[str, Rendered], slug: str
) -> None:
    known = vocabulary(rendered[slug].leaflet)
    addresses = [word for word in known if "/" in word or "@" in word or "www." in word]
    assert addresses, "each seed has addresses, or the test proves nothing about them"
    pieces = 0
    for line in text_lines(rendered[slug].pages):
        if not _is_text(line):
            continue
        for token in back_translate(line.strip()).split():
            token = _normal(token)
            if token in known:
                continue
            assert address_piece(token, addresses), f"{slug}: {token!r} is not a whole word (line {line!r})"
            pieces += 1
    if slug in ("kent", "bath-and-north-east-somerset", "durham"):
        assert pieces, f"{slug} has addresses longer than a line, so some must have been broken"


def test_the_word_check_notices_a_split_word_and_a_bad_address_break() -> None:
    addresses = ["www.kent.gov.uk/education-and-children/special-educational-needs"]
    assert address_piece("www.kent.gov.uk/", addresses)
    assert address_piece("education-and-children/", addresses)
    assert address_piece("special-educational-needs", addresses)
    assert not address_piece("www.kent.go", addresses)
    assert not address_piece("education-", addresses)  # the piece to the next `/` fits on a line
    assert not address_piece("ildren/", addresses)


def test_straight_quotes_become_curly_and_apostrophes_stay() -> None:
    assert curly_quotes("a 'graduated approach', which") == "a \u2018graduated approach\u2019, which"
    assert curly_quotes("your child's views") == "your child's views"
    assert curly_quotes("parents' evenings and don't") == "parents' evenings and don't"
    assert curly_quotes('"Hello," she said, "it\'s here."') == "\u201cHello,\u201d she said, \u201cit's here.\u201d"
    assert curly_quotes("('quoted')") == "(\u2018quoted\u2019)"
    assert curly_quotes("the '90s") == "the '90s"
    assert curly_quotes("\u2018old\u2019 law's") == "\u2018old\u2019 law's"


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_quotation_marks_are_curly_in_the_braille(rendered: dict[str, Rendered], slug: str) -> None:
    """No quotation is brailled with apostrophes (dot 3), as a straight quote would be."""
    back = rendered[slug].back
    assert not re.search(r"(?:^|\s)'\w", back), "a word opening with an apostrophe: a straight quote left straight"
    if slug == "kent":
        data = rendered[slug].document.data.decode("ascii")
        assert translate("\u2018graduated approach\u2019").braille in data  # ,8GRADUAT$ APPROA*,0
        assert "'GRADUAT$ APPROA*'" not in data


def centred(line: str) -> bool:
    left = len(line) - len(line.lstrip())
    return left >= 3 and abs(left - (CELLS - len(line))) <= 1


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_the_title_page_names_the_publisher_title_audience_edition_date_and_address(
    rendered: dict[str, Rendered], slug: str
) -> None:
    made = rendered[slug]
    leaflet, first = made.leaflet, made.pages[0]
    said = "".join(words(" ".join(back_translate(line.strip()) for line in first[:24] if _is_text(line))))
    expected = [
        leaflet.publisher.name,
        *leaflet.publisher.strapline,
        leaflet.title,
        leaflet.audience,
        f"Based on the SEND Code of Practice ({leaflet.code.edition} edition)",
        f"Published {leaflet.publisher.dates.published}",
        f"Read this leaflet online: sen-leaflets.example.org/{slug}/sen-support/",
    ]
    for text in expected:
        assert "".join(words(text)) in said, text
    title_lines = [line for line in first[:24] if line.strip()]
    if not leaflet.cover_contact:
        assert all(centred(line) for line in title_lines), title_lines
    # The sections start on page 2, with the first section's title.
    opening = back_translate(made.pages[1][0].strip())
    assert "".join(words(leaflet.sections[0].title)).startswith("".join(words(opening)))


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_section_titles_are_centred_headings_set_apart_by_blank_lines(rendered: dict[str, Rendered], slug: str) -> None:
    lines, tops = flowed(rendered[slug].pages[1:])
    found = 0
    for section in rendered[slug].leaflet.sections:
        title = "".join(words(section.title))
        for index, line in enumerate(lines):
            if not centred(line) or not title.startswith("".join(words(back_translate(line.strip())))):
                continue
            end = index
            while end + 1 < len(lines) and centred(lines[end + 1]):
                end += 1
            heading = "".join("".join(words(back_translate(line.strip()))) for line in lines[index : end + 1])
            if heading != title:
                continue
            found += 1
            assert index in tops or not lines[index - 1].strip(), f"no blank line before {section.title!r}"
            assert not lines[end + 1].strip(), f"no blank line after {section.title!r}"
            break
    assert found == len(rendered[slug].leaflet.sections)


def test_kent_headings_lists_and_quotations_are_laid_out_as_braille_formats_says(
    rendered: dict[str, Rendered],
) -> None:
    lines, tops = flowed(rendered["kent"].pages[1:])
    backs = [back_translate(line.strip()) if line.strip() else "" for line in lines]
    # Cell-5 headings (Kent's four steps): a blank line before (unless a page starts there), none after.
    for step in ("Assess", "Plan", "Do", "Review"):
        (at,) = [i for i, back in enumerate(backs) if back == step]
        assert lines[at].startswith(" " * 4) and lines[at][4] != " ", lines[at]
        assert (at in tops or not lines[at - 1].strip()) and lines[at + 1].strip()
    # Lists: a blank line before and after; each item from cell 1, its runovers from cell 3.
    (first,) = [i for i, back in enumerate(backs) if back.startswith("a special learning programme")]
    assert not lines[first - 1].strip()
    end = first
    while lines[end].strip():
        end += 1
    items = [line for line in lines[first:end] if not line.startswith(" ")]
    assert len(items) == 9, items
    assert all(line.startswith("  ") and line[2] != " " for line in lines[first:end] if line.startswith(" "))
    # Paragraphs: the first line from cell 3, the rest from cell 1.
    (opening,) = [i for i, back in enumerate(backs) if back.startswith("Children learn in different ways")]
    assert lines[opening].startswith("  ") and lines[opening][2] != " " and not lines[opening + 1].startswith(" ")
    # Quotations: a blank line before, text from cell 5 (runovers cell 3), the citation from cell 7, a blank after.
    citations = [i for i, back in enumerate(backs) if back.startswith("SEND Code of Practice, paragraph")]
    assert len(citations) == sum(
        section.html.count('class="citation"') for section in rendered["kent"].leaflet.sections
    )
    for at in citations:
        assert lines[at].startswith(" " * 6) and lines[at][6] != " "
        start = at - 1
        while lines[start].strip():
            assert lines[start].startswith("  "), f"quotation text in cell 3 or further: {lines[start]!r}"
            start -= 1
        after = at + 1
        while lines[after].startswith(" " * 6):
            after += 1  # the citation's runover
        assert after in tops or not lines[after].strip(), "a blank line after the quotation and its citation"


def contact_box(pages: list[list[str]]) -> list[str]:
    lines = text_lines(pages)
    top = lines.index("7" * CELLS)
    bottom = lines.index("G" * CELLS, top)
    return lines[top + 1 : bottom]


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_the_contact_panel_is_boxed_under_contact_us_with_the_statement_on_other_formats(
    rendered: dict[str, Rendered], slug: str
) -> None:
    made = rendered[slug]
    lines = text_lines(made.pages)
    panels = sum(section.html.count(PANEL_CLASS) for section in made.leaflet.sections)
    panels += made.leaflet.cover_contact.count(PANEL_CLASS)
    assert lines.count("7" * CELLS) == lines.count("G" * CELLS) == panels
    if not panels:
        return  # Essex and Contact a Family leave the panel out of their leaflets
    box = contact_box(made.pages)
    assert back_translate(box[0].strip()) == "Contact us" and centred(box[0])
    back = " ".join(back_translate(line.strip()) for line in box if line.strip())
    contact = made.leaflet.contact
    for phone in contact.phones:
        assert phone.number in back
    if contact.email:
        # Uncontracted, an email address can be longer than a line: it is then cut after a `.` (read back as `. `).
        assert contact.email in re.sub(r"(?<=[./]) ", "", back)
    statement = made.leaflet.publisher.accessible_formats
    if statement and not made.leaflet.cover_contact:
        assert "".join(words(statement)) in "".join(words(back))


def test_links_show_their_address_the_first_time_only(rendered: dict[str, Rendered]) -> None:
    joined = rendered["kent"].back.replace("\n", "")
    code = "www.gov.uk/government/publications/send-code-of-practice-0-to-25"
    assert joined.count(f"({code})") == 1  # the Code is linked ten times; its address is printed once
    assert "(www.kent.gov.uk/education-and-children/special-educational-needs)" in joined
    banes = rendered["bath-and-north-east-somerset"].back.replace("\n", " ")
    assert "Where can I get more information, advice or support? (a section of this leaflet)" in banes


def _with_sections(leaflet: ComposedLeaflet, *sections: tuple[str, str, str]) -> ComposedLeaflet:
    """`leaflet` with its sections replaced: (id, title, body HTML) each, headed by its title."""
    composed = []
    for section_id, title, body in sections:
        page = f'<h1 id="{section_id}">{html.escape(title)}</h1>\n{body}'
        found = re.findall(r'<h([1-6]) id="([^"]+)">([^<]*)</h\1>', page)
        headings = tuple(Heading(int(level), ident, html.unescape(text)) for level, ident, text in found)
        composed.append(ComposedSection(section_id, title, (), page, headings))
    return dataclasses.replace(leaflet, sections=tuple(composed), cover_contact="")


def test_links_to_sections_and_headings_say_where_they_lead(rendered: dict[str, Rendered]) -> None:
    leaflet = _with_sections(
        rendered["kent"].leaflet,
        (
            "first",
            "First part",
            '<p>Read <a href="second.md">the other part</a>, its <a href="second.md#detail">details</a>, '
            '<a href="#local">this heading</a>, <a href="second.md">Second part</a>, '
            '<a href="https://example.org/a">an example</a>, <a href="https://example.org/a">again</a>, '
            '<a href="mailto:help@example.org">write</a> and <a href="missing.md">a lost link</a>.</p>'
            '<h2 id="local">Local heading</h2><p>Text.</p>',
        ),
        ("second", "Second part", '<h2 id="detail">Detail heading</h2><p>More text.</p>'),
    )
    back = read_back(pages_of(render_brf(leaflet).data)).replace("\n", " ")
    assert "the other part (see the section \u201cSecond part\u201d)" in _curly(back)
    assert "details (see \u201cDetail heading\u201d in the section \u201cSecond part\u201d)" in _curly(back)
    assert "this heading (see \u201cLocal heading\u201d in this section)" in _curly(back)
    assert "Second part (a section of this leaflet)" in back
    assert "an example (example.org/a), again, write and a lost link." in back


def _curly(text: str) -> str:
    """liblouis reads UEB's double quotation marks back as straight ones: curl them again to compare."""
    return re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text)


def test_the_same_leaflet_gives_the_same_bytes(rendered: dict[str, Rendered]) -> None:
    made = rendered["bath-and-north-east-somerset"]
    assert render_brf(made.leaflet).data == made.document.data
    # In another process, with another hash seed (so that no set's order can change the file).
    script = (
        "import hashlib\n"
        "from generator.compose.leaflet import compose_publisher\n"
        "from generator.inputs.load import load_library, load_publisher\n"
        "from generator.inputs.project import Project\n"
        "from generator.outputs.braille.render import render_brf\n"
        "from pathlib import Path\n"
        f"project = Project(Path({str(REPO)!r})); library = load_library(project)\n"
        "(leaflet,) = compose_publisher(library, load_publisher(project, 'bath-and-north-east-somerset', library))\n"
        "print(hashlib.sha256(render_brf(leaflet).data).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env, cwd=REPO
    )
    assert other.stdout.strip() == hashlib.sha256(made.document.data).hexdigest()


HOSTILE_WORD = "x" * 5000


def _hostile(leaflet: ComposedLeaflet) -> ComposedLeaflet:
    """Every kind of odd text a block or a YAML file could hold, in a leaflet of over 50,000 characters."""
    odd = (
        "Text with\x00 controls\x1b and\u202e format\u200b characters\u00ad, emoji \U0001f600\U0001f4a9, \u4e2d\u6587."
    )
    address = "https://example.org/" + "/".join(f"part{n}" for n in range(400))
    run_on = "https://example.org/" + "a" * 300
    email = "a" * 200 + "@example.org"
    body = [
        f"<p>{html.escape('<script>alert(1)</script> <img src=x onerror=alert(1)>')}</p>",
        f"<p>{html.escape(odd)}</p>",
        f"<p>{HOSTILE_WORD}</p>",
        f'<p>Go to <a href="{address}">{html.escape(address)}</a> or {run_on} or {email}.</p>',
        "<ul>" + "<li>item <ul><li>inner <ol><li>deep</li></ol></li></ul></li>" * 50 + "</ul>",
        "<blockquote>" * 40 + "<p>quoted deep down</p>" + "</blockquote>" * 40,
        "<ul><li>" * 40 + "listed deep down" + "</li></ul>" * 40,
        "<p>" + "<br>".join(["line"] * 200) + "</p>",
        f"<h2 id='long'>{'Long heading ' * 80}</h2>",
        "<hr>",
    ]
    sentence = "Every child with special educational needs should have SEN support, ME16 8AE, 0300 123 7001. "
    body += [f"<p>{sentence * 10}</p>"] * 50
    publisher = leaflet.publisher.model_copy(update={"name": "Bad\x00name \U0001f600 <b>"})
    hostile = _with_sections(
        dataclasses.replace(leaflet, publisher=publisher, title="T" * 3000),
        ("hostile", "A hostile section \U0001f600", "\n".join(body)),
    )
    return hostile


def test_hostile_text_renders_in_bounded_time_within_the_page_limits(rendered: dict[str, Rendered]) -> None:
    leaflet = _hostile(rendered["kent"].leaflet)
    characters = sum(len(section.html) for section in leaflet.sections)
    assert characters > 50_000
    start = time.perf_counter()
    document = render_brf(leaflet)
    seconds = time.perf_counter() - start
    assert seconds < 5, f"{seconds:.1f} s for {characters:,} characters"
    pages = assert_braille_pages(document)
    data = document.data.decode("ascii")
    assert "'\\X" not in data and "'\\Y" not in data, "no hexadecimal escape for a character braille lacks"
    back = read_back(pages)
    assert "<script>alert(1)</script>" in back.replace("\n", " ")
    assert "Text with controls and format characters, emoji" in back, "control and format characters left out"
    assert "Badname <b>" in back
    # The long word is cut only where a line is full, with a hyphen (UEB §10.13).
    cut = [line for line in text_lines(pages) if set(line.strip()) == {"X"} or set(line.strip()) == {"X", "-"}]
    assert sum(line.count("X") for line in cut) == len(HOSTILE_WORD)
    assert all(len(line) == CELLS and line.endswith("-") for line in cut[:-1])


def test_a_missing_liblouis_is_named_with_the_packages_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise OSError(f"{name}: cannot open shared object file")

    liblouis._liblouis.cache_clear()
    try:
        monkeypatch.setattr(liblouis.ctypes, "CDLL", missing)
        with pytest.raises(LiblouisMissingError, match="liblouis20 and liblouis-data"):
            liblouis.check_installed()
        monkeypatch.undo()
        liblouis._liblouis.cache_clear()
        monkeypatch.setattr(liblouis, "TABLES", "no-such-table.ctb")
        with pytest.raises(LiblouisMissingError, match="liblouis-data"):
            liblouis.check_installed()
    finally:
        monkeypatch.undo()
        liblouis._liblouis.cache_clear()
    liblouis.check_installed()
