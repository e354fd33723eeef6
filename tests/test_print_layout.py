"""The printed leaflets looked at as paper and through a screen reader: layout, QR code, lists."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from generator.compose.leaflet import compose_publisher
from generator.inputs.fields import contrast_ratio
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.outputs.pdf.render import LARGE, STANDARD, PrintFormat, print_colours, print_document
from tests.conftest import REPO, SEED_SLUGS
from tests.pdf_inspection import misparented_elements, outline_titles, reading_order_inversions, structure_tree

FORMATS = [STANDARD, LARGE]
CASES = [(slug, fmt) for slug in SEED_SLUGS for fmt in FORMATS]
IDS = [f"{slug}-{fmt.name}" for slug, fmt in CASES]
POINTS_PER_MM = 72 / 25.4


def _pdf_path(site: Path, slug: str, fmt: PrintFormat) -> Path:
    return site / slug / fmt.edition.path("sen-support")


def _is_furniture(char: dict[str, object]) -> bool:
    """Running heads, footers and page numbers: marked as artifacts by the tagging pass."""
    return char.get("tag") == "Artifact"


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_no_glyph_is_off_the_page_in_the_margins_or_over_the_footer(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    margin = fmt.margin_mm * POINTS_PER_MM
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for char in page.chars:
                assert char["x0"] >= 0 and char["x1"] <= page.width, f"page {number}: {char['text']!r} off the page"
                assert char["top"] >= 0 and char["bottom"] <= page.height, f"page {number}: off the page"
            body = [char for char in page.chars if not _is_furniture(char)]
            footer_top = min(
                (c["top"] for c in page.chars if _is_furniture(c) and c["top"] > page.height / 2),
                default=page.height - margin,
            )
            for char in body:
                where = f"page {number}: {char['text']!r} at x {char['x1']:.0f}, y {char['bottom']:.0f}"
                assert margin - 0.5 <= char["x0"] and char["x1"] <= page.width - margin + 0.5, f"{where}, in the margin"
                assert char["bottom"] <= footer_top, f"{where}, over the footer"


def _qr_codes(pdf_path: Path, page: int, tmp_path: Path) -> list[str]:
    """What the QR codes on a page say, read from the page as a picture (pdftoppm, then zbarimg)."""
    picture = tmp_path / f"{pdf_path.stem}-page-{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile", str(pdf_path), str(picture)],
        check=True,
    )
    found = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture.with_suffix(".png"))], capture_output=True, text=True, check=False
    )
    return found.stdout.split()


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_the_cover_qr_code_and_its_caption_lead_to_this_leaflets_own_page(
    built_site: Path, slug: str, fmt: PrintFormat, tmp_path: Path
) -> None:
    address = f"https://sen-leaflets.example.org/{slug}/sen-support/"  # content/publishing.yml's sites_address
    path = _pdf_path(built_site, slug, fmt)
    assert _qr_codes(path, 1, tmp_path) == [address]
    with pdfplumber.open(path) as pdf:
        cover = "".join((pdf.pages[0].extract_text() or "").split())  # the address may wrap, after a / or -
    assert "Readthisleafletonline:" + address.removeprefix("https://") in cover
    # And the leaflet's page is where the site puts it.
    assert (built_site / slug / "sen-support" / "index.html").is_file()


MIN_LINES = 4
"""A page after the cover holds at least this many lines of text, unless it ends the leaflet."""


def _text_lines(page: pdfplumber.page.Page) -> int:
    return len({round(float(char["bottom"])) for char in page.chars if not _is_furniture(char)})


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_no_page_after_the_cover_is_nearly_empty_unless_it_ends_the_leaflet(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        pages = pdf.pages
        for number, page in enumerate(pages[1:-1], start=2):
            lines = _text_lines(page)
            assert lines >= MIN_LINES, f"page {number} of {len(pages)} holds {lines} line(s) of text"


_NUMBER_OR_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ]{9,}")


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_no_page_starts_with_a_phone_number_or_an_email_address_alone(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    """A number or an address at the top of a page, the words naming it at the foot of the page before, is a
    number without a name: Contact's large print put helpline@cafamily.org.uk at the top of page 6."""
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        for number, page in enumerate(pdf.pages[1:], start=2):
            body = page.filter(lambda obj: obj.get("object_type") != "char" or not _is_furniture(obj))
            lines = [line.strip() for line in (body.extract_text() or "").splitlines() if line.strip()]
            assert lines, f"page {number} is empty"
            assert not _NUMBER_OR_EMAIL.fullmatch(lines[0]), f"page {number} starts with {lines[0]!r} alone"


def _html_lists(slug: str) -> tuple[int, int]:
    """(lists, list items) in the leaflet's print HTML: what the PDF's structure should hold."""
    project = Project(REPO)
    library = load_library(project)
    inputs = load_publisher(project, slug, library)
    [leaflet] = compose_publisher(library, inputs)
    html = print_document(project, leaflet, STANDARD, inputs.logo_file).html
    return len(re.findall(r"<(?:ul|ol)\b", html)), len(re.findall(r"<li\b", html))


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_a_list_broken_by_a_page_is_still_one_list_to_a_screen_reader(built_site: Path, slug: str) -> None:
    counts, structure = {}, {}
    for fmt in FORMATS:
        with pikepdf.open(_pdf_path(built_site, slug, fmt)) as pdf:
            roles = [element.role for element in structure_tree(pdf).walk()]
            assert misparented_elements(pdf) == [], "every element's /P is the element holding it"
        counts[fmt.name] = (roles.count("L"), roles.count("LI"))
        structure[fmt.name] = (roles.count("Sect"), roles.count("P"), roles.count("BlockQuote"))
    assert counts["standard"] == counts["large-print"] == _html_lists(slug)
    # The formats break pages in different places: the same sections, paragraphs and quotations in
    # both shows that none of them was left in pieces.
    assert structure["standard"] == structure["large-print"]


def _pages_of_list_items(pdf: pikepdf.Pdf) -> list[list[set[int]]]:
    """For each list of the PDF's structure tree, the pages each of its items is printed on."""
    page_number = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}

    def kids(node: object) -> list[object]:
        found = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        return list(found) if isinstance(found, pikepdf.Array) else ([] if found is None else [found])

    def pages(node: object) -> set[int]:
        found, waiting = set(), [node]
        while waiting:
            here = waiting.pop()
            if isinstance(here, pikepdf.Dictionary):
                if "/Pg" in here:
                    found.add(page_number[here.Pg.objgen])
                waiting.extend(kids(here))
        return found

    lists, waiting = [], kids(pdf.Root.StructTreeRoot)
    while waiting:
        node = waiting.pop()
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/L":
                items = [kid for kid in kids(node) if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/LI"]
                lists.append([pages(item) for item in items])
            waiting.extend(kids(node))
    return lists


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_a_list_broken_by_a_page_keeps_two_whole_items_on_each_side(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    """A parent read "SEN support can take many forms, including:" and one item at the foot of a page, the nine
    others overleaf (print-design rules: a list kept together where it fits)."""
    with pikepdf.open(_pdf_path(built_site, slug, fmt)) as pdf:
        lists = _pages_of_list_items(pdf)
    assert lists, "the leaflet has lists"
    broken = 0
    for items in lists:
        if len(items) >= 2 and len(set().union(*items)) > 1:
            broken += 1
            assert len(items[0] | items[1]) == 1, f"a list's first two items are on pages {items[0] | items[1]}"
            assert len(items[-1] | items[-2]) == 1, f"a list's last two items are on pages {items[-1] | items[-2]}"
    if (slug, fmt) == ("contact", LARGE):
        assert broken, "its list of ten items, longer than a page, is broken, and kept as the rule says"


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_a_screen_reader_reads_the_text_in_the_order_it_is_printed(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    assert reading_order_inversions(_pdf_path(built_site, slug, fmt)) == []


def _internal_links(pdf: pikepdf.Pdf) -> dict[int, set[int]]:
    """For each page, the pages its links within the leaflet lead to (named destinations, as WeasyPrint writes)."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    names = pdf.Root.Names.Dests.Names if "/Names" in pdf.Root else pikepdf.Array()
    destinations = {str(names[index]): pages[names[index + 1][0].objgen] for index in range(0, len(names), 2)}
    found: dict[int, set[int]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.get("/Annots", []):
            if "/Dest" in annotation:
                found.setdefault(number, set()).add(destinations[str(annotation.Dest)])
    return found


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_a_cross_reference_names_the_page_its_target_starts_on(built_site: Path, slug: str, fmt: PrintFormat) -> None:
    path = _pdf_path(built_site, slug, fmt)
    with pikepdf.open(path) as pdf:
        links = _internal_links(pdf)
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            text = " ".join((page.extract_text() or "").split())
            printed = {int(n) for n in re.findall(r"\(page (\d+)\)", text)}
            assert printed == links.get(number, set()), f"page {number}: '(page N)' against where its links lead"
        if slug == "bath-and-north-east-somerset":  # the seed that points to another section: its last
            [target] = set().union(*links.values()) or {0}
            assert target, "Bath's pointer to its last section is a link in print"
            assert "Where can I get more information" in (pdf.pages[target - 1].extract_text() or "")


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_the_only_places_named_in_a_pdf_are_those_its_links_lead_to(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    """An id nothing leads to is left out of the print page: WeasyPrint styles an element with an id, and all
    inside it, on its own, and names it in the PDF."""
    with pikepdf.open(_pdf_path(built_site, slug, fmt)) as pdf:
        names = pdf.Root.Names.Dests.Names if "/Names" in pdf.Root else pikepdf.Array()
        named = {str(names[index]) for index in range(0, len(names), 2)}
        annotations = [annotation for page in pdf.pages for annotation in page.get("/Annots", [])]
        led_to = {str(annotation.Dest) for annotation in annotations if "/Dest" in annotation}
    assert named == led_to
    if slug == "bath-and-north-east-somerset":  # its pointer to its last section
        assert led_to


def _rgb(colour: str) -> tuple[float, float, float]:
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def _same(found: object, colour: str) -> bool:
    values = tuple(found) if isinstance(found, (tuple, list)) else ()
    if len(values) == 1:  # grey
        values = values * 3
    return len(values) == 3 and all(abs(float(a) - b) < 0.01 for a, b in zip(values, _rgb(colour), strict=True))


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_the_cover_is_the_services_own_and_every_colour_is_readable(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    project = Project(REPO)
    library = load_library(project)
    publisher = load_publisher(project, slug, library).publisher
    brand = publisher.branding.colour
    colours = print_colours(brand)
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        cover = pdf.pages[0]
        bands = [rect for rect in cover.rects if _same(rect["non_stroking_color"], brand) and rect["width"] > 100]
        assert bands, "a band in the brand colour across the cover"
        band = bands[0]
        name = [c for c in cover.chars if c["top"] >= band["top"] and c["bottom"] <= band["bottom"]]
        assert publisher.name.replace(" ", "") in "".join(c["text"] for c in name).replace(" ", "")
        assert all(_same(c["non_stroking_color"], colours["on_band"]) for c in name), "the band's text in its colour"
        # The QR code (every seed leaflet has a web address) is a picture too.
        pictures = (1 if publisher.branding.logo else 0) + 1
        assert len(cover.images) == pictures, "the logo, where one is set, and the QR code"
        audience = library.leaflets["sen-support"].audience
        assert audience and audience.replace(" ", "") in (cover.extract_text() or "").replace(" ", "").replace("\n", "")
        for number, page in enumerate(pdf.pages, start=1):
            for char in page.chars:
                on_band = page is cover and band["top"] <= char["top"] and char["bottom"] <= band["bottom"]
                colour = char["non_stroking_color"]
                if on_band:
                    continue
                heading = float(char["size"]) > fmt.body_pt + 0.5
                assert _same(colour, "#000000") or (heading and _same(colour, colours["headings"])), (
                    f"page {number}: {char['text']!r} in {colour}: text is black, headings in the brand colour"
                )
    assert contrast_ratio(colours["headings"], "#ffffff") >= 4.5
    assert contrast_ratio(colours["on_band"], colours["band"]) >= 4.5


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_every_page_after_the_cover_has_the_title_as_its_running_head(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    project = Project(REPO)
    library = load_library(project)
    [leaflet] = compose_publisher(library, load_publisher(project, slug, library))
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            head = [c for c in page.chars if _is_furniture(c) and c["bottom"] < page.height / 2]
            text = "".join(str(c["text"]) for c in sorted(head, key=lambda c: (round(c["top"]), c["x0"])))
            if number == 1:
                assert head == [], "the cover has no running head"
            else:
                assert text.replace(" ", "") == leaflet.title.replace(" ", ""), f"page {number}: {text!r}"


def _body_text(page: pdfplumber.page.Page) -> str:
    """A page's text without its running head and footer, spaces removed."""
    body = page.filter(lambda obj: obj.get("object_type") != "char" or not _is_furniture(obj))
    return "".join((body.extract_text() or "").split())


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_the_contact_panel_is_a_contact_us_page_wherever_the_leaflet_places_it(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    project = Project(REPO)
    library = load_library(project)
    [leaflet] = compose_publisher(library, load_publisher(project, slug, library))
    placed = any(block.id == leaflet.contact.panel_block for s in leaflet.sections for block in s.blocks)
    contact = leaflet.contact
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        pages = [_body_text(page) for page in pdf.pages]
    starting = [number for number, text in enumerate(pages, start=1) if text.startswith("Contactus")]
    if not placed:  # Bath's panel is on its cover, Essex's leaflet ends without one
        assert starting == [] and not any("Contactus" in text for text in pages)
        return
    [number] = starting
    assert number == len(pages), "every seed that places the panel ends with it: it is the back cover"
    page = pages[number - 1]
    # Helpline and hours, textphone and other numbers, email, website, address, as the YAML gives them.
    facts = [fact for phone in contact.phones for fact in (phone.number, phone.hours) if fact]
    facts += [fact for fact in (contact.email, contact.address_note, contact.opening_hours) if fact]
    facts += [*contact.address, *([contact.website.text] if contact.website else [])]
    for fact in facts:
        assert "".join(fact.split()) in page, f"{fact!r} is not on the 'Contact us' page"
    if contact.accessible_formats:  # how to ask for other formats
        assert "".join(contact.accessible_formats.split()) in page
    with pikepdf.open(_pdf_path(built_site, slug, fmt)) as pdf:
        assert "Contact us" in outline_titles(pdf), "a heading, with its bookmark, that a reader can jump to"


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_text_is_printed_at_the_sizes_the_readme_gives(built_site: Path, slug: str, fmt: PrintFormat) -> None:
    """The README's table: body text (and running heads, footers) at the format's body size, headings from
    the smallest heading size to the largest, bold; nothing smaller than the body text."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = re.search(r"^\| headings \| (\d+) to (\d+) pt, bold \| (\d+) to (\d+) pt, bold \|$", readme, re.MULTILINE)
    assert row, "the README's row of heading sizes"
    smallest, largest = (int(row[1]), int(row[2])) if fmt is STANDARD else (int(row[3]), int(row[4]))
    assert (smallest, largest) == (fmt.h4_pt, fmt.h1_pt), "the README says what print.css is given"
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        chars = [char for page in pdf.pages for char in page.chars if char["text"].strip()]
    sizes = {round(float(char["size"]), 1) for char in chars}
    assert min(sizes) >= fmt.body_pt, f"text smaller than {fmt.body_pt} pt: {sorted(sizes)}"
    for char in chars:
        size = round(float(char["size"]), 1)
        if size > fmt.body_pt:
            assert smallest <= size <= largest, f"{char['text']!r} at {size} pt"
            assert "Bold" in char["fontname"], f"{char['text']!r} at {size} pt is a heading, so bold"


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_no_page_ends_with_a_sentence_announcing_what_is_overleaf(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    """ "The SEND Code of Practice says:" alone at the foot of a page, with the quotation overleaf, read badly."""
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        for number, page in enumerate(pdf.pages[:-1], start=1):
            lines: dict[int, list[dict[str, object]]] = {}
            for char in page.chars:
                if not _is_furniture(char) and str(char["text"]).strip():
                    lines.setdefault(round(float(char["top"])), []).append(char)
            if lines:
                last = sorted(lines[max(lines)], key=lambda char: float(char["x0"]))  # type: ignore[arg-type]
                text = "".join(str(char["text"]) for char in last)
                assert not text.rstrip().endswith(":"), f"page {number} ends with {text!r}"


_BREAKS_AFTER = "/._@?&="
"""What an address may wrap after; and before a hyphen, never after one (read as a word broken in two)."""


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_a_printed_address_wraps_only_after_a_slash_dot_or_the_like(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    """The README: a long address wraps after a / . or - instead of running off the page, never inside a word
    (WeasyPrint's break-anywhere, the last resort for other text, had printed 'upload' and 's/attachment')."""
    from generator.outputs.pdf.render import LONGEST_PIECE, WORD_JOINER, ZERO_WIDTH_SPACE

    project = Project(REPO)
    library = load_library(project)
    inputs = load_publisher(project, slug, library)
    [leaflet] = compose_publisher(library, inputs)
    html = print_document(project, leaflet, fmt, inputs.logo_file).html
    addresses = [
        found.replace(ZERO_WIDTH_SPACE, "").replace(WORD_JOINER, "")
        for found in re.findall(r'<span class="address">(.*?)</span>', html)
    ]
    assert addresses, "the leaflet prints web addresses"
    text = subprocess.run(
        # -layout: without it, pdftotext joins a line ending in a hyphen to the next and drops the hyphen.
        ["pdftotext", "-layout", str(_pdf_path(built_site, slug, fmt)), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wrapped = 0
    for address in addresses:
        # The address as printed, with a line break possibly after any of its characters.
        pattern = "(?:\n[ \t]*)?".join(re.escape(character) for character in address)
        found = re.search(pattern, text)
        assert found, f"{address} is not in the PDF's text"
        printed = re.sub(r"\n[ \t]*", "\n", found.group())
        piece = 0  # characters since the last place an address may wrap
        for index, character in enumerate(printed):
            if character != "\n":
                piece = 1 if character == "-" else 0 if character in _BREAKS_AFTER else piece + 1
                continue
            wrapped += 1
            before, after = printed[index - 1], printed[index + 1]
            assert before != "-", f"{printed!r} wraps after a hyphen, which a reader takes for a word broken in two"
            assert before in _BREAKS_AFTER or after == "-" or piece % LONGEST_PIECE == 0, f"{printed!r} wraps in a word"
    if slug == "bath-and-north-east-somerset" and fmt is LARGE:
        assert wrapped, "the Code's long address wraps: the test sees wrapping"
