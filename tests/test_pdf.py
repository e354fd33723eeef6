"""The built PDFs, inspected as files: PDF/UA-1 tagging, print accessibility, reading order."""

from __future__ import annotations

import html
import itertools
import re
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from generator.compose.leaflet import compose_publisher
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.outputs.pdf.render import LARGE, STANDARD, PrintFormat
from tests.conftest import REPO, SEED_SLUGS, run_cli
from tests.pdf_inspection import (
    empty_elements,
    fonts,
    kids_of,
    marked_content,
    misparented_elements,
    outline_titles,
    parent_tree,
    reading_order_inversions,
    structure_tree,
)
from tests.sentence_coverage import coverage
from tests.test_seed_coverage import SEEDS, allowed_missing

FORMATS = [STANDARD, LARGE]
CASES = [(slug, fmt) for slug in SEED_SLUGS for fmt in FORMATS]
IDS = [f"{slug}-{fmt.name}" for slug, fmt in CASES]


def _leaflet(slug: str) -> tuple[str, list[str], str]:
    """(title, section titles, publisher name) of a publisher's sen-support leaflet."""
    project = Project(REPO)
    library = load_library(project)
    publisher = load_publisher(project, slug, library)
    [leaflet] = compose_publisher(library, publisher)
    return leaflet.title, [s.title for s in leaflet.sections], publisher.publisher.name


def _pdf_path(site: Path, slug: str, fmt: PrintFormat) -> Path:
    return site / slug / fmt.edition.path("sen-support")


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_pdf_ua_metadata(built_site: Path, slug: str, fmt: PrintFormat) -> None:
    title, _, publisher = _leaflet(slug)
    with pikepdf.open(_pdf_path(built_site, slug, fmt)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        # The title a reader's software shows and reads first says which format it is: both are one page.
        expected = f"{title} \N{EN DASH} {publisher}" + (" (large print)" if fmt is LARGE else "")
        assert str(pdf.docinfo.Title) == expected
        xmp = str(pdf.Root.Metadata.read_bytes().decode("utf-8"))
        assert re.search(r'pdfuaid:part(="1"|>1<)', xmp), xmp
        assert f">{html.escape(expected, quote=False)}<" in xmp


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_outline_has_every_section(built_site: Path, slug: str, fmt: PrintFormat) -> None:
    title, sections, _ = _leaflet(slug)
    with pikepdf.open(_pdf_path(built_site, slug, fmt)) as pdf:
        titles = outline_titles(pdf)
    assert titles[0] == title
    for section in sections:
        assert section in titles


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_structure_tree_roles(built_site: Path, slug: str, fmt: PrintFormat) -> None:
    _, sections, _ = _leaflet(slug)
    with pikepdf.open(_pdf_path(built_site, slug, fmt)) as pdf:
        tree = structure_tree(pdf)
        annotations = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        elements = list(tree.walk())
        roles = [e.role for e in elements]
        headings = [int(r[1]) for r in roles if re.fullmatch(r"H[1-6]", r)]
        assert headings.count(1) == 1, "exactly one H1: the leaflet title"
        assert headings.count(2) == len(sections), "one H2 per section"
        deepest = 0
        for level in headings:
            assert level <= deepest + 1, f"heading level skipped: {headings}"
            deepest = level
        assert {"L", "LI", "Lbl", "LBody", "BlockQuote", "P", "Link"} <= set(roles)
        # Every link annotation is owned by a Link element and says where it goes.
        owned = {a.objgen for e in elements if e.role == "Link" for a in e.object_refs}
        assert annotations, "the leaflet has links"
        owners = parent_tree(pdf)
        holders = {kid.Obj.objgen: link for link in _link_elements(pdf) for kid in kids_of(link) if _is_objr(kid)}
        for annotation in annotations:
            assert annotation.objgen in owned
            assert "/StructParent" in annotation
            # The ParentTree names the Link element that holds it (a link split by a page was joined).
            assert owners[int(annotation.StructParent)].objgen == holders[annotation.objgen].objgen
            assert str(annotation.get("/Contents", "")).strip()
        # Images are figures with alternative text (the QR code, where there is one).
        for figure in (e for e in elements if e.role == "Figure"):
            assert figure.alt, "a Figure without alternative text"
        assert empty_elements(pdf) == [], "an element holding nothing (WeasyPrint makes one for a <br>)"
        # A link to a section ends with the page it starts on, "(page 7)": part of the link, not a link in it.
        links_in_links = [e for link in elements if link.role == "Link" for e in link.walk() if e is not link]
        assert [e.role for e in links_in_links if e.role == "Link"] == []


def _link_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Link"]


def _is_objr(kid: object) -> bool:
    return isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_page_furniture_is_artifact_and_all_content_is_tagged(built_site: Path, slug: str, fmt: PrintFormat) -> None:
    with pikepdf.open(_pdf_path(built_site, slug, fmt)) as pdf:
        report = marked_content(pdf)
        pages = len(pdf.pages)
    assert report.unowned_mcids == []
    assert report.painting_outside == []
    # The cover has no footer; on every other page the footer is there, as an artifact.
    assert report.pages_with_artifact_text == set(range(2, pages + 1)), "every footer after the cover is an artifact"


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_fonts_are_one_embedded_sans_serif_family_without_italics(
    built_site: Path, slug: str, fmt: PrintFormat
) -> None:
    with pikepdf.open(_pdf_path(built_site, slug, fmt)) as pdf:
        used = fonts(pdf)
    assert used
    for name, embedded in used:
        assert embedded, name
        assert re.fullmatch(r"/[A-Z]{6}\+Liberation-?Sans(-Bold)?", name), name


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_text_sizes_follow_print_guidance(built_site: Path, slug: str, fmt: PrintFormat) -> None:
    minimum = 12 if fmt is STANDARD else 16
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        sizes = [round(char["size"], 1) for page in pdf.pages for char in page.chars if char["text"].strip()]
        page_size = (round(pdf.pages[0].width, 2), round(pdf.pages[0].height, 2))
    assert page_size == (595.28, 841.89), "A4"
    assert min(sizes) >= minimum, "no text, footers included, smaller than the format's body size"
    body = max(set(sizes), key=sizes.count)
    assert body >= minimum
    assert max(sizes) > body, "headings larger than body text"


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_reading_order_reproduces_the_seed(built_site: Path, slug: str, fmt: PrintFormat) -> None:
    # pdftotext reads the running heads and footers too, wherever a page breaks; assistive
    # technology skips them, as they are artifacts (tested above), so only the area between the
    # page's margins is read, after the cover (which has neither).
    path = _pdf_path(built_site, slug, fmt)
    margin = round((fmt.margin_mm + fmt.small_pt * 0.6) * 72 / 25.4)
    with pikepdf.open(path) as pdf:
        width, height = (round(float(v)) for v in pdf.pages[0].mediabox[2:])
    text = _pdftotext(path, "-f", "1", "-l", "1") + _pdftotext(
        path, "-f", "2", "-x", "0", "-y", str(margin - 1), "-W", str(width), "-H", str(height - 2 * margin + 2)
    )
    # Print adds each link's address after its text, '(www.example.org/page)': paper has no
    # hyperlinks. Those additions are set aside; everything else must read in the seed's order.
    text = re.sub(r"\((?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/[^()]*)?\)", " ", text)
    seed = (SEEDS / f"{slug}.txt").read_text(encoding="utf-8")
    result = coverage(seed, text)
    assert result.ratio >= 0.95, f"{slug}: {result.ratio:.1%}; missing: {result.missing}"
    assert result.missing == allowed_missing(slug)


def _pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_welsh_letters_are_in_the_font(tiny_project: Path) -> None:
    from generator.outputs.pdf.render import print_document, render_pdf

    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text() + "\nGwybodaeth i rieni: ŵ ŷ Ŵ Ŷ.\n")
    project = Project(tiny_project)
    library = load_library(project)
    [leaflet] = compose_publisher(library, load_publisher(project, "demo", library))
    pdf = render_pdf(print_document(project, leaflet, STANDARD, None), tiny_project)
    path = tiny_project / "out.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "ŵ ŷ Ŵ Ŷ" in text
    with pikepdf.open(path) as opened:
        assert all(re.search(r"Liberation-?Sans(-Bold)?$", name) for name, _ in fonts(opened))


def test_a_number_of_the_publishers_own_behind_other_words_is_printed_as_the_publisher_writes_it(
    tiny_project: Path,
) -> None:
    """'[call our helpline](tel:...)' printed the number in the national grouping (0300 041 3000), though the
    publisher writes it 03000 41 3000 on the cover, the contact page and its website."""
    from generator.outputs.pdf.render import print_document, render_pdf

    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(
        note.read_text() + "\nOr [call our helpline](<tel:+443000413000>), or [our partners](<tel:+448088083555>).\n"
    )
    project = Project(tiny_project)
    library = load_library(project)
    [leaflet] = compose_publisher(library, load_publisher(project, "demo", library))
    path = tiny_project / "out.pdf"
    path.write_bytes(render_pdf(print_document(project, leaflet, STANDARD, None), tiny_project).data)
    text = " ".join(_pdftotext(path).split())
    assert "Or call our helpline (03000 41 3000), or our partners (0808 808 3555)." in text, text


def test_logo_is_a_figure_with_alt_text_and_downloads_are_offered(tiny_project: Path) -> None:
    from PIL import Image

    Image.new("RGB", (120, 40), "#1d4f91").save(tiny_project / "authorities" / "demo" / "logo.png")
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text()
        + "site_url: https://leaflets.example.org.uk/demo/\n"
        + "branding:\n  logo:\n    path: authorities/demo/logo.png\n    alt: Demo IASS logo\n"
    )
    result = run_cli(tiny_project, "build", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    site = tiny_project / "site" / "demo"
    with pikepdf.open(site / "downloads" / "sen-support.pdf") as pdf:
        figures = [e.alt for e in structure_tree(pdf).walk() if e.role == "Figure"]
    assert figures == [
        "Demo IASS logo",
        "QR code: this leaflet online at leaflets.example.org.uk/demo/sen-support/",
    ]
    for page in site.rglob("index.html"):
        html = page.read_text()
        assert re.search(
            r'<a href="(\.\./)*downloads/sen-support\.pdf">SEN support in mainstream schools, standard print</a> '
            r"\(PDF, \d+ KB, 3 pages\)",  # the cover, the text, and the 'Contact us' page
            html,
        ), page
        assert re.search(
            r'downloads/sen-support-large-print\.pdf">[^<]+, large print</a> \(PDF, \d+ KB, \d pages\)', html
        )
        assert re.search(
            r'downloads/sen-support-booklet\.pdf">[^<]+, A5 booklet for a print shop</a> \(PDF, \d+ KB, 4 pages '
            r"on 1 sheet of A4, printed on both sides, folded and stapled\): for printing only",
            html,
        )


def test_formats_none_builds_the_site_alone(tiny_project: Path) -> None:
    result = run_cli(tiny_project, "build", "--formats", "none", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tiny_project / "site" / "demo" / "index.html").is_file()
    assert not (tiny_project / "site" / "demo" / "downloads").exists()
    assert "Print or download" not in (tiny_project / "site" / "demo" / "index.html").read_text()


def test_no_pdf_builds_no_pdf(tiny_project: Path) -> None:
    result = run_cli(tiny_project, "build", "--no-pdf", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not list((tiny_project / "site" / "demo").rglob("*.pdf"))
    assert "(PDF, " not in (tiny_project / "site" / "demo" / "index.html").read_text()


def _lines(page: pdfplumber.page.Page) -> list[tuple[float, float, str]]:
    """(baseline, size, text) of each printed line on a page, top to bottom."""
    grouped: dict[float, list[dict[str, object]]] = {}
    for char in page.chars:
        grouped.setdefault(round(float(char["bottom"]), 1), []).append(char)
    return [
        (bottom, round(max(float(c["size"]) for c in chars), 1), "".join(str(c["text"]) for c in chars))
        for bottom, chars in sorted(grouped.items())
    ]


@pytest.mark.parametrize(("slug", "fmt"), CASES, ids=IDS)
def test_spaced_lines_and_no_stranded_headings(built_site: Path, slug: str, fmt: PrintFormat) -> None:
    with pdfplumber.open(_pdf_path(built_site, slug, fmt)) as pdf:
        # Colours (black text, headings and the cover's band in the brand colour): test_print_layout.py.
        for number, page in enumerate(pdf.pages, start=1):
            lines = [line for line in _lines(page) if not re.match(r"(Published |Page \d+ of)", line[2])]
            body = [bottom for bottom, size, _ in lines if size == fmt.body_pt]
            gaps = [below - above for above, below in itertools.pairwise(body)]
            assert min(gaps, default=fmt.body_pt * 1.5) >= fmt.body_pt * 1.5 - 0.2, f"page {number}: lines too close"
            if number > 1 and number < len(pdf.pages):
                assert lines[-1][1] <= fmt.body_pt, f"page {number} ends with a heading: {lines[-1][2]!r}"


def _pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def test_a_panel_placed_mid_leaflet_is_a_contact_us_box_in_the_text(tiny_project: Path) -> None:
    """A publisher moves the panel into its first section, under a heading of its own, with text after it."""
    blocks = tiny_project / "authorities" / "demo" / "blocks"
    (blocks / "demo-details-heading.md").write_text("---\ntitle: Heading\n---\n## Our details\n")
    (blocks / "demo-after.md").write_text(
        "---\ntitle: After\n---\n" + "\n\n".join(f"Paragraph {n} after the panel, long enough." for n in range(40))
    )
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace(
            "      intro: [demo-local-note]\n",
            "      intro: [demo-local-note, demo-details-heading, contact-panel, demo-after]\n"
            "    leave_out: [contact-panel]\n",
        )
    )
    result = run_cli(tiny_project, "build", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for name in ("sen-support.pdf", "sen-support-large-print.pdf"):
        path = tiny_project / "site" / "demo" / "downloads" / name
        pages = _pdf_pages(path)
        [page] = [text for text in pages if "Contact us" in text]
        assert "Our details Contact us Helpline" in page, "the box follows its heading, and the panel its caption"
        after = pages.index(page) + 1
        assert after < len(pages), "not a back page: the text after it follows"
        assert "Paragraph 0 after the panel" in page + pages[after], "the text after it follows on"
        for number, text in enumerate(pages[1:-1], start=2):
            assert len(text.split()) > 12, f"{name} page {number} is nearly empty: {text!r}"
        with pikepdf.open(path) as pdf:
            assert "Contact us" not in outline_titles(pdf), "a caption, not a heading the text after would sit under"


def test_a_last_section_holding_only_the_panel_starts_the_contact_us_page_with_its_title(tiny_project: Path) -> None:
    leaflet = tiny_project / "content" / "leaflets" / "sen-support.yml"
    leaflet.write_text(
        leaflet.read_text().replace(
            "blocks: [support-forms, specialist-help, contact-panel]",
            "blocks: [support-forms, specialist-help]\n"
            "  - id: contact\n    title: Contact\n    blocks: [contact-panel]",
        )
    )
    result = run_cli(tiny_project, "build", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for name in ("sen-support.pdf", "sen-support-large-print.pdf"):
        pages = _pdf_pages(tiny_project / "site" / "demo" / "downloads" / name)
        assert re.search(r"^SEN support in mainstream schools Contact Contact us Helpline", pages[-1]), pages[-1]
        assert not any("Contact us" in text for text in pages[:-1])


def test_a_busy_cover_is_set_closer_to_stay_one_page_and_a_long_title_heads_pages_in_two_lines(
    tiny_project: Path,
) -> None:
    """A long name, three strapline lines and every contact fact on the cover; a 120-character title."""
    import shutil

    shutil.copy(REPO / "content" / "blocks" / "contact-panel.md", tiny_project / "content" / "blocks")  # every fact
    demo = tiny_project / "authorities" / "demo.yml"
    title = (
        "Special Educational Needs (SEN) Support in Mainstream Schools and Academies: "
        "What Parents and Carers Need to Know"
    )
    demo.write_text(
        demo.read_text()
        .replace(
            "name: Demo IASS\n",
            "name: Special Educational Needs and Disabilities Information, Advice and Support Service Demo\n"
            "strapline:\n  - Impartial information, advice and support\n"
            "  - For children and young people aged 0 to 25\n  - And for their parents and carers\n",
        )
        .replace(
            "  email: help@example.org.uk\n",
            "  email: help@example.org.uk\n  textphone:\n    number: 01622 605 000\n"
            "  other_phones:\n    - {number: 01622 605 001, label: Office}\n"
            "    - {number: 01622 605 002, label: Young people}\n"
            "  address: [County Hall, Sessions House, Maidstone, ME14 1XQ]\n"
            "  address_note: Meetings at our office are by appointment only\n"
            "  opening_hours: Monday to Friday, 9am to 5pm\n",
        )
        .replace("  sen-support:\n", f'  sen-support:\n    contact_on_cover: true\n    title: "{title}"\n')
    )
    result = run_cli(tiny_project, "build", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for name in ("sen-support.pdf", "sen-support-large-print.pdf"):
        with pdfplumber.open(tiny_project / "site" / "demo" / "downloads" / name) as pdf:
            second = " ".join((pdf.pages[1].extract_text() or "").split())
            assert "Read this leaflet online" in " ".join((pdf.pages[0].extract_text() or "").split())
            assert "Read this leaflet online" not in second, f"{name}: the cover ran over onto page 2"
            for number, page in enumerate(pdf.pages, start=1):
                assert min(char["top"] for char in page.chars) >= 0, f"{name} page {number}: text above the page"
                head = {round(c["top"]) for c in page.chars if c.get("tag") == "Artifact" and c["top"] < 120}
                assert len(head) <= 2, f"{name} page {number}: the running head takes {len(head)} lines"


SENTENCE = (
    "Schools must tell parents when they make special educational provision for a child, "
    "and they should review it regularly with them. "
)
"""A sentence of leaflet length, repeated to make text that runs over page breaks."""


def _build_with_blocks(project: Path, blocks: dict[str, str]) -> Path:
    """Build the tiny project with these local blocks (name -> Markdown) added after `intro`; its downloads folder."""
    folder = project / "authorities" / "demo" / "blocks"
    for name, markdown in blocks.items():
        (folder / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n{markdown}")
    demo = project / "authorities" / "demo.yml"
    added = ", ".join(["demo-local-note", *blocks])
    demo.write_text(demo.read_text().replace("      intro: [demo-local-note]\n", f"      intro: [{added}]\n"))
    result = run_cli(project, "build", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project / "site" / "demo" / "downloads"


def test_phone_numbers_and_email_addresses_in_the_text_are_never_split_where_a_reader_would_misread_them(
    tiny_project: Path,
) -> None:
    """Large print broke 'ring 0115 948 / 2888' and 'askus@nottinghamshire- / ncis.org.uk' over two lines."""
    email = "askusnotts.enquiries@nottinghamshire-ncis.org.uk"
    long_email = "send-information-advice-and-support-service-for-kent@kent.gov.uk"
    text = "\n\n".join(
        f"{'Ask ' * n}us: call 0115 948 2888, or +44 115 948 2889, or write to {email} or [{email}](mailto:{email}), "
        f"or see [our helpline 0115 948 2888 page](https://example.org/help), or write to {long_email}."
        for n in range(24)
    )
    downloads = _build_with_blocks(tiny_project, {"demo-numbers": text + "\n"})
    lines = _pdftotext(downloads / "sen-support-large-print.pdf").splitlines()
    wrapped = [line.strip() for line in lines if re.search(r"0115|askus|ncis|send-|service-|kent@", line)]
    assert len(wrapped) >= 96
    for line in wrapped:
        assert not re.search(r"0115( 948)?$|\+44( 115)?( 948)?$|^(948 )?2888|^(948 )?2889", line), line
        assert not line.endswith("-"), line
    broken = [line for line in wrapped if line.endswith(("enquiries@", "ncis.", "org.", "askusnotts."))]
    assert broken, "the test's addresses must reach a line's end"


def test_a_word_longer_than_a_line_is_broken_rather_than_run_off_the_paper(tiny_project: Path) -> None:
    """print.css: a word with nowhere to break (a pasted reference, a string of letters) is cut where the line
    ends, in a paragraph, a heading, a list, a quotation and a bold link alike, in both formats."""
    word = "Supercalifragilisticexpialidocious" * 6
    text = (
        f"## {word}\n\n{word} {word}\n\n- {word}\n- an item\n\n> {word}\n\n"
        f"**[{word}](https://example.org/a)** and {word[:40]}.\n"
    )
    downloads = _build_with_blocks(tiny_project, {"demo-long-words": text})
    for fmt in FORMATS:
        name = Path(fmt.edition.path("sen-support")).name
        with pdfplumber.open(downloads / name) as pdf:
            chars = [char for page in pdf.pages for char in page.chars]
            width = pdf.pages[0].width
        margin = fmt.margin_mm * 72 / 25.4
        assert "".join(char["text"] for char in chars).count("Supercal") >= 30, name
        outside = [char["text"] for char in chars if char["x0"] < margin - 0.5 or char["x1"] > width - margin + 0.5]
        assert not outside, f"{name}: {''.join(outside)[:60]} in the margin"


def test_a_link_running_over_a_page_break_is_one_link_to_a_screen_reader(tiny_project: Path) -> None:
    """A link whose text is longer than a page: WeasyPrint makes one Link element per page; the PDF holds one."""
    words = " ".join(f"word{n}" for n in range(900))
    downloads = _build_with_blocks(tiny_project, {"demo-long-link": f"[Read {words}](https://example.org/long)\n"})
    with pikepdf.open(downloads / "sen-support.pdf") as pdf:
        pages_with_it = {
            number
            for number, page in enumerate(pdf.pages)
            for a in page.get("/Annots", [])
            if "/A" in a and str(a.A.get("/URI", "")) == "https://example.org/long"
        }
        assert len(pages_with_it) >= 2, "the link runs over a page break"
        reachable = [e for e in structure_tree(pdf).walk() if e.role == "Link" and len(e.object_refs) >= 2]
        long_link = [
            e
            for e in reachable
            if any(str(a.get("/A", {}).get("/URI", "")) == "https://example.org/long" for a in e.object_refs)
        ]
        assert len(long_link) == 1, "one Link element holds the link's annotations on every page"
        assert len(long_link[0].object_refs) == sum(
            1
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if "/A" in a and str(a.A.get("/URI", "")) == "https://example.org/long"
        ), "all of them"
        reachable = long_link
        owners = parent_tree(pdf)
        for annotation in reachable[0].object_refs:
            holder = owners[int(annotation.StructParent)]
            assert annotation.objgen in {kid.Obj.objgen for kid in kids_of(holder) if _is_objr(kid)}
        assert misparented_elements(pdf) == []


def test_what_runs_over_a_page_break_is_read_in_the_order_it_is_printed(tiny_project: Path) -> None:
    """A link to a section, split by a page, ends with its "(page N)"; text after a panel's last paragraph
    follows it. Both once read out of order, when the part on a later page joined its earlier part."""
    links = " ".join(
        f"{SENTENCE}Read [what schools do about support for children who need it, a long link text that wraps "
        f"across lines {n}](what-is-sen-support.md) now."
        for n in range(14)
    )
    paragraphs = "\n\n".join(f"Paragraph {n}. {SENTENCE * 2}" for n in range(16))
    panel = f'<div class="contact-panel">\n\n{paragraphs}\n\n<p>Last paragraph.</p>\nTail text after it.\n</div>\n'
    downloads = _build_with_blocks(tiny_project, {"demo-links": f"{links}\n", "demo-panel-tail": f"More:\n\n{panel}"})
    split_links = []
    for name in ("sen-support.pdf", "sen-support-large-print.pdf"):
        path = downloads / name
        pages = _pdf_pages(path)
        assert [i for i, text in enumerate(pages) if "Paragraph 0." in text] != [
            i for i, text in enumerate(pages) if "Tail text" in text
        ], "the panel runs over a page break"
        with pikepdf.open(path) as pdf:
            split_links += [link for link in _link_elements(pdf) if len(_pages_of(pdf, link)) > 1]
        assert reading_order_inversions(path) == [], name
    assert split_links, "a link runs over a page break"


def _pages_of(pdf: pikepdf.Pdf, element: pikepdf.Dictionary) -> set[tuple[int, int]]:
    """The pages an element's own marked content is on."""
    found = set()
    for kid in kids_of(element):
        if isinstance(kid, int):
            found.add(element.Pg.objgen)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            found.add(kid.Pg.objgen)
    return found


def test_loose_text_in_a_section_or_quotation_that_runs_over_pages_is_a_paragraph_read_in_its_place(
    tiny_project: Path,
) -> None:
    """A line straight after a `<div>`, or straight inside a quotation, is wrapped by WeasyPrint in a box with
    its container's role: the section (or quotation) it is in must stay one, and be read in page order."""
    long = "\n\n".join(f"Paragraph {n}. {SENTENCE * 3}" for n in range(14))
    quoted = "\n".join(f"<p>Para {n}. {SENTENCE * 2}</p>" for n in range(18))
    downloads = _build_with_blocks(
        tiny_project,
        {
            "demo-stray": f"<div>Boxed note.</div>\nStray text.\n\n{long}\n",
            "demo-lead": f"Quote:\n\n<blockquote>\nLead text in the quotation.\n{quoted}\n</blockquote>\n",
        },
    )
    for name in ("sen-support.pdf", "sen-support-large-print.pdf"):
        path = downloads / name
        assert len(_pdf_pages(path)) >= 6, "the section and the quotation run over page breaks"
        with pikepdf.open(path) as pdf:
            roles = [element.role for element in structure_tree(pdf).walk()]
            assert misparented_elements(pdf) == []
        assert roles.count("Sect") == 2, "one element for each of the leaflet's two sections"
        assert roles.count("BlockQuote") == 2, "the Code quotation in the shared text, and this one"
        assert reading_order_inversions(path) == [], name


def test_every_link_annotation_is_held_by_a_link_even_with_bold_words_or_a_line_break_in_it(
    tiny_project: Path,
) -> None:
    """WeasyPrint gives bold words in a link, and each line after a <br> in it, annotations of their own,
    held by the text's element: PDF/UA (7.18.5) wants every one held by a Link element."""
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(
        note.read_text() + "\nYou can [call **the team** today and ask them for the advice that a family needs "
        "about special educational needs in schools, colleges and beyond](https://www.example.org/x) or "
        "[write<br>to us](https://www.example.org/y). **[Read what the Code of Practice says schools must do for "
        "every child with special educational needs, in full, online](https://www.example.org/z)**.\n"
    )
    result = run_cli(tiny_project, "build", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for name in ("sen-support.pdf", "sen-support-large-print.pdf"):
        with pikepdf.open(tiny_project / "site" / "demo" / "downloads" / name) as pdf:
            owners = parent_tree(pdf)
            annotations = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
            ours = [a for a in annotations if "example.org/" in str(a.get("/A", {}).get("/URI", ""))]
            assert len(ours) > 2, "the bold words and the second line have annotations of their own"
            holders: dict[str, set[tuple[int, int]]] = {}
            for annotation in annotations:
                owner = owners[int(annotation.StructParent)]
                assert owner.S == "/Link", f"an annotation held by {owner.S}"
                assert annotation.objgen in {kid.Obj.objgen for kid in kids_of(owner) if _is_objr(kid)}
                holders.setdefault(str(annotation.A.get("/URI", "")), set()).add(owner.objgen)
            # The first link wraps over lines, the last in bold words too: each is still one link to a screen
            # reader, as is the one with a <br>.
            assert [len(holders[f"https://www.example.org/{name}"]) for name in "xyz"] == [1, 1, 1]
            assert misparented_elements(pdf) == []
            assert empty_elements(pdf) == []


def test_the_longest_name_and_strapline_a_publisher_may_have_keep_the_cover_one_page(tiny_project: Path) -> None:
    """The schema's limits on the name and the strapline are what a cover holds, with a logo and a contact
    panel on it like Bath's (a strapline of 25 lines ran the cover onto a second page)."""
    from PIL import Image

    from generator.inputs.schema import MAX_PUBLISHER_NAME, MAX_STRAPLINE_LINE, MAX_STRAPLINE_LINES

    Image.new("RGB", (600, 300), "#1d4f91").save(tiny_project / "authorities" / "demo" / "logo.png")
    name = ("Special Educational Needs and Disabilities Information, Advice and Support Service " * 2)[
        :MAX_PUBLISHER_NAME
    ].strip()
    line = ("Impartial information, advice and support for children and young people aged 0 to 25 " * 2)[
        :MAX_STRAPLINE_LINE
    ].strip()
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text()
        .replace(
            "name: Demo IASS\n",
            f"name: {name}\nstrapline:\n"
            + f"  - {line}\n" * MAX_STRAPLINE_LINES
            + "branding:\n  colour: '#1d4f91'\n  logo:\n    path: authorities/demo/logo.png\n    alt: Demo\n",
        )
        .replace(
            "  email: help@example.org.uk\n",
            "  email: help@example.org.uk\n  textphone:\n    number: 01622 605 000\n"
            "  website: https://www.demo-iass.org.uk/\n",
        )
        .replace("  sen-support:\n", "  sen-support:\n    contact_on_cover: true\n")
    )
    result = run_cli(tiny_project, "build", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for file in ("sen-support.pdf", "sen-support-large-print.pdf"):
        with pdfplumber.open(tiny_project / "site" / "demo" / "downloads" / file) as pdf:
            cover = " ".join((pdf.pages[0].extract_text() or "").split())
            second = " ".join((pdf.pages[1].extract_text() or "").split())
        assert "Read this leaflet online" in cover and "Helpline" in cover, f"{file}: the cover lost its end"
        assert "Read this leaflet online" not in second, f"{file}: the cover ran over onto page 2"


def test_both_formats_are_laid_out_from_one_parse_of_the_page_and_come_out_as_if_parsed_apart(
    tiny_project: Path,
) -> None:
    """The two formats share one page, which WeasyPrint parses once: laying it out for the standard print must
    leave nothing behind that changes the large print."""
    from generator.outputs.pdf import render

    project = Project(tiny_project)
    library = load_library(project)
    [leaflet] = compose_publisher(library, load_publisher(project, "demo", library))
    standard, large = render.print_documents(project, leaflet, None)
    assert standard.html == large.html and standard.stylesheet != large.stylesheet
    render._parsed_page.cache_clear()
    render.render_pdf(standard, tiny_project)
    after_standard = render.render_pdf(large, tiny_project).data
    assert render._parsed_page.cache_info().hits >= 1, "the large print was parsed again"
    render._parsed_page.cache_clear()
    alone = render.render_pdf(large, tiny_project).data
    assert after_standard == alone


def test_where_lines_break_is_remembered_for_the_next_leaflet_which_comes_out_as_if_laid_out_afresh(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every leaflet prints the shared text, so where WeasyPrint broke its lines is remembered for the next
    (outputs/pdf/line_breaks.py): the large print, laid out after the standard print (the same words in other
    sizes), must be the PDF that WeasyPrint alone makes, and a leaflet made again asks Pango for no line."""
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    from generator.outputs.pdf import line_breaks, render

    project = Project(tiny_project)
    library = load_library(project)
    [leaflet] = compose_publisher(library, load_publisher(project, "demo", library))
    standard, large = render.print_documents(project, leaflet, None)
    line_breaks.forget_line_breaks()
    render.render_pdf(standard, tiny_project)
    remembered = render.render_pdf(large, tiny_project).data

    laid_out: list[str] = []
    lay_out = line_break.create_layout
    monkeypatch.setattr(line_break, "create_layout", lambda text, *rest: laid_out.append(text) or lay_out(text, *rest))
    assert render.render_pdf(large, tiny_project).data == remembered
    assert not laid_out, f"lines laid out again: {laid_out[:3]}"

    # WeasyPrint's own line breaking, nothing remembered.
    monkeypatch.setattr(inline, "split_first_line", line_break.split_first_line)
    monkeypatch.setattr(preferred, "split_first_line", line_break.split_first_line)
    afresh = render.render_pdf(large, tiny_project).data
    assert laid_out, "WeasyPrint's own line breaking was not used"
    assert remembered == afresh


def test_a_font_a_stylesheet_adds_breaks_lines_where_it_would_with_nothing_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every PDF of a process shares one font configuration, to which a stylesheet's @font-face adds a font: text in
    a family laid out before it had that font must not keep the line breaks of the font it fell back on."""
    import base64

    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    from generator.inputs.font import font_file
    from generator.outputs.pdf import render

    text = "Every child and young person is entitled to an education that enables them to make progress. " * 3
    page = f'<html lang="en-GB"><head><title>Brand</title></head><body><p>{text}</p></body></html>'
    css = 'p { font-family: Brand, "Liberation Sans"; font-size: 12pt; width: 300pt; }'
    render.render_pdf(render.PrintDocument(page, css), tmp_path)  # no Brand yet: set in Liberation Sans
    wide = base64.b64encode(Path(font_file("Liberation Sans", "bold")[0]).read_bytes()).decode()
    branded = render.PrintDocument(
        page, f"@font-face {{ font-family: Brand; src: url(data:font/ttf;base64,{wide}); }}{css}"
    )

    def lines(pdf: render.RenderedPdf, name: str) -> list[str]:
        (tmp_path / name).write_bytes(pdf.data)
        return [line for line in _pdftotext(tmp_path / name).splitlines() if line.strip()]

    remembered = lines(render.render_pdf(branded, tmp_path), "remembered.pdf")
    monkeypatch.setattr(inline, "split_first_line", line_break.split_first_line)
    monkeypatch.setattr(preferred, "split_first_line", line_break.split_first_line)
    assert remembered == lines(render.render_pdf(branded, tmp_path), "afresh.pdf")


@pytest.mark.parametrize("fmt", FORMATS, ids=[fmt.name for fmt in FORMATS])
def test_object_streams_are_compressed_at_zlibs_default_level(built_site: Path, fmt: PrintFormat) -> None:
    """pydyf compresses its object streams (the structure tree) at level 9, for 1.5 % less file and a seventieth
    more build time: the PDFs use zlib's default level, as for their other streams (outputs/pdf/compression.py)."""
    import zlib

    data = _pdf_path(built_site, "durham", fmt).read_bytes()
    streams = [
        data[found.end() : found.end() + int(found.group(1))]
        for found in re.finditer(rb"<<[^<>]*/ObjStm[^<>]*/Length (\d+)>>\nstream\n", data)
    ]
    assert streams, "no object stream found"
    for raw in streams:
        plain = zlib.decompress(raw)
        assert len(plain) > 1000
        default = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION)
        assert default.compress(plain) + default.flush() == raw
