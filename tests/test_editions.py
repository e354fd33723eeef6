"""Every edition of a leaflet as `build` and the preview offer it: PDFs, EPUB, Word and braille, by --formats."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from generator.build.check import check_publisher
from generator.build.editions import plan_editions
from generator.build.preview import prepare_preview
from generator.inputs.load import load_library
from generator.inputs.project import Project
from generator.outputs.downloads import OUTPUTS
from tests.conftest import REPO, SEED_SLUGS, run_cli

EVERY_FILE = [
    "sen-support-booklet.pdf",
    "sen-support-large-print.pdf",
    "sen-support.brf",
    "sen-support.docx",
    "sen-support.epub",
    "sen-support.pdf",
]


class _Aside(HTMLParser):
    """The 'Print or download' box of a page: its headings, and the text of each list item, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.items: list[tuple[str, str]] = []  # (the heading above it, the item's text)
        self.heading = ""
        self._text: list[str] = []
        self._in: str = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "aside" and ("class", "sen-downloads") in attrs:
            self.depth = 1
        elif self.depth and tag in ("h2", "h3", "li"):
            self._in, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "aside":
            self.depth = 0
        elif self.depth and tag == self._in:
            text = " ".join("".join(self._text).split())
            if tag == "li":
                self.items.append((self.heading, text))
            else:
                self.heading = text
            self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)


def _aside(page: Path) -> list[tuple[str, str]]:
    parser = _Aside()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.items


def _headings(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    return [" ".join(re.sub(r"<[^>]+>", "", h).split()) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html)]


def _text(page: Path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split())


def test_a_build_offers_every_edition_under_print_or_download_and_other_formats(tiny_project: Path) -> None:
    result = run_cli(tiny_project, "build", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    site = tiny_project / "site" / "demo"
    assert sorted(p.name for p in (site / "downloads").iterdir()) == EVERY_FILE
    items = _aside(site / "index.html")
    printed = [text for heading, text in items if heading == "Print or download"]
    other = [text for heading, text in items if heading == "Other formats"]
    assert len(printed) == 3 and all("(PDF, " in text for text in printed), items
    assert len(other) == 3, items
    assert re.search(r", EPUB e-book \(EPUB, \d+ KB\)$", other[0]), other
    assert re.search(r", Word document \(DOCX, \d+ KB\)$", other[1]), other
    assert re.search(r", braille file \(Braille Ready Format\) \(BRF, \d+ KB, \d+ braille pages\)$", other[2]), other
    brf = (site / "downloads" / "sen-support.brf").read_bytes()
    pages = int(re.search(r"BRF, \d+ KB, (\d+) braille pages", other[2]).group(1))  # type: ignore[union-attr]
    assert brf.count(b"\x0c") == pages, "the site counts the braille pages the file has"
    for name in ("sen-support.epub", "sen-support.docx"):
        with zipfile.ZipFile(io.BytesIO((site / "downloads" / name).read_bytes())) as package:
            assert package.testzip() is None, name
    statement = _text(site / "accessibility" / "index.html")
    assert "Every leaflet can also be downloaded, from the same place, as:" in statement
    for words in ("an EPUB e-book, for screen readers", "a Word document", "a braille file (Braille Ready Format)"):
        assert words in statement
    assert "Other formats: EPUB, Word and braille" in statement
    assert "Unified English Braille, grade 2" in statement


@pytest.mark.parametrize(
    ("formats", "files"),
    [
        ("pdf", ["sen-support-booklet.pdf", "sen-support-large-print.pdf", "sen-support.pdf"]),
        ("epub,brf", ["sen-support.brf", "sen-support.epub"]),
        (" DOCX ", ["sen-support.docx"]),
        ("none", []),
        ("all", EVERY_FILE),
    ],
)
def test_formats_chooses_the_editions_built(tiny_project: Path, formats: str, files: list[str]) -> None:
    result = run_cli(tiny_project, "build", "--formats", formats, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    site = tiny_project / "site" / "demo"
    made = sorted(p.name for p in (site / "downloads").iterdir()) if (site / "downloads").is_dir() else []
    assert made == files
    offered = re.findall(r'href="downloads/([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    assert sorted(offered) == files, "the site offers exactly the files it has"
    headings = _headings(site / "accessibility" / "index.html")
    assert ("PDF leaflets" in headings) == ("sen-support.pdf" in files)
    assert ("Other formats: EPUB, Word and braille" in headings) == any(not name.endswith(".pdf") for name in files)


def test_without_pdfs_the_box_and_the_statement_name_only_what_is_offered(tiny_project: Path) -> None:
    result = run_cli(tiny_project, "build", "--formats", "epub", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    site = tiny_project / "site" / "demo"
    assert [heading for heading, _ in _aside(site / "index.html")] == ["Print or download"], "no empty PDF list"
    statement = _text(site / "accessibility" / "index.html")
    assert "publishes, and to the files it offers." in statement
    assert "PDF leaflets are checked" not in statement
    none = run_cli(tiny_project, "build", "--formats", "none", catch_exceptions=False)
    assert none.exit_code == 0, none.output
    statement = _text(site / "accessibility" / "index.html")
    assert re.search(r"This accessibility statement applies to this website, which [^.]+ publishes\. ", statement)
    assert "it offers" not in statement


def test_no_pdf_and_formats_pdf_together_are_refused(tiny_project: Path) -> None:
    result = run_cli(tiny_project, "build", "--no-pdf", "--formats", "pdf,epub")
    assert result.exit_code == 2
    assert "--no-pdf and --formats pdf ask for opposite things" in result.output
    assert not (tiny_project / "site").exists()


def test_no_pdf_still_makes_the_other_formats(tiny_project: Path) -> None:
    result = run_cli(tiny_project, "build", "--no-pdf", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tiny_project / "site" / "demo" / "downloads").iterdir())
    assert made == ["sen-support.brf", "sen-support.docx", "sen-support.epub"]


@pytest.mark.parametrize("formats", ["pdf,mp3", "", ",", "all,pdf"])
def test_an_unknown_format_is_refused_with_the_choices(tiny_project: Path, formats: str) -> None:
    result = run_cli(tiny_project, "build", "--formats", formats)
    assert result.exit_code == 2
    assert "is not a format: choose from pdf, epub, docx, brf" in result.output
    assert not (tiny_project / "site").exists(), "nothing is built"


def test_the_incremental_build_treats_every_format_like_the_pdfs(tiny_project: Path) -> None:
    assert run_cli(tiny_project, "build", "--formats", "epub", catch_exceptions=False).exit_code == 0
    again = run_cli(tiny_project, "build", "--formats", "epub", catch_exceptions=False)
    assert "0 built" in again.output and "1 unchanged" in again.output, again.output
    more = run_cli(tiny_project, "build", "--formats", "epub,docx", catch_exceptions=False)
    assert "1 built" in more.output, "a build making more formats remakes the site"
    made = sorted(p.name for p in (tiny_project / "site" / "demo" / "downloads").iterdir())
    assert made == ["sen-support.docx", "sen-support.epub"]
    block = tiny_project / "content" / "blocks" / "intro.md"
    block.write_text(block.read_text(encoding="utf-8").replace("schools to make.", "schools to make, edited."))
    edited = run_cli(tiny_project, "build", "--formats", "epub,docx", catch_exceptions=False)
    assert "1 built" in edited.output
    with zipfile.ZipFile(tiny_project / "site" / "demo" / "downloads" / "sen-support.epub") as epub:
        text = " ".join(epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith(".xhtml"))
    assert "schools to make, edited." in " ".join(text.split())


def test_a_job_is_known_by_everything_it_is_made_from(tiny_project: Path) -> None:
    """The preview keeps what it made by these keys: they change with the text and the logo, and only then."""
    project = Project(tiny_project)

    def keys() -> dict[str, str]:
        check = check_publisher(project, load_library(project), "demo", dt.date.today())
        assert check.ok and check.inputs is not None, check.problems
        jobs = plan_editions(project, check.leaflets, check.inputs.logo_file, frozenset(OUTPUTS))
        return {job.editions[0].name: job.key for job in jobs}

    logo = tiny_project / "authorities" / "demo" / "logo.png"
    Image.new("RGB", (120, 40), "#5a2d82").save(logo)
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text(encoding="utf-8") + "branding:\n  logo:\n    path: authorities/demo/logo.png\n    alt: Demo\n"
    )
    first = keys()
    assert sorted(first) == ["brf", "docx", "epub", "large-print", "standard"]
    assert keys() == first, "the same text gives the same keys"
    block = tiny_project / "content" / "blocks" / "intro.md"
    block.write_text(block.read_text(encoding="utf-8").replace("schools to make.", "schools to make, edited."))
    edited = keys()
    assert all(edited[name] != first[name] for name in first), "every edition holds the text"
    Image.new("RGB", (120, 40), "#1d4f91").save(logo)  # the same file, a new picture
    new_logo = keys()
    changed = sorted(name for name in first if new_logo[name] != edited[name])
    assert changed == ["docx", "epub", "large-print", "standard"], "the braille file has no picture"


def test_the_preview_offers_every_edition_and_serves_them_once_made(tiny_project: Path, tmp_path: Path) -> None:
    # Text of this test's own, so that nothing another test previewed in this process is ready already.
    block = tiny_project / "content" / "blocks" / "intro.md"
    block.write_text(
        block.read_text(encoding="utf-8").replace("schools to make.", f"schools to make ({tmp_path.name}).")
    )
    project = Project(tiny_project)
    first = prepare_preview(project, "demo")
    waiting = first.site.footer["downloads"]
    in_order = ["sen-support.pdf", "sen-support-large-print.pdf", "sen-support-booklet.pdf"]
    in_order += ["sen-support.epub", "sen-support.docx", "sen-support.brf"]
    assert [d["path"] for d in waiting] == [f"downloads/{name}" for name in in_order], "listed as build lists them"
    assert all("being made: reload the page in a moment" in str(d["description"]) for d in waiting)
    site_dir = tmp_path / "site"
    first.write_downloads(site_dir, wait=True)
    assert sorted(p.name for p in (site_dir / "downloads").iterdir()) == EVERY_FILE
    again = prepare_preview(project, "demo")
    assert again.pending == [], "nothing is made twice"
    descriptions = [str(d["description"]) for d in again.site.footer["downloads"]]
    assert descriptions[3].startswith("EPUB, ") and descriptions[5].endswith("braille pages"), descriptions


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_the_built_files_are_what_each_renderer_makes_and_its_tests_check(built_site: Path, slug: str) -> None:
    """tests/test_epub.py, test_docx.py and test_braille.py check the renderers: these are the files build writes."""
    from generator.outputs.braille.render import render_brf
    from generator.outputs.docx.render import render_docx
    from generator.outputs.epub import render_epub

    project = Project(REPO)
    check = check_publisher(project, load_library(project), slug, dt.date.today())
    assert check.inputs is not None
    (leaflet,) = check.leaflets
    downloads = built_site / slug / "downloads"
    logo = check.inputs.logo_file
    assert (downloads / f"{leaflet.id}.epub").read_bytes() == render_epub(leaflet, logo)
    assert (downloads / f"{leaflet.id}.docx").read_bytes() == render_docx(leaflet, logo)
    assert (downloads / f"{leaflet.id}.brf").read_bytes() == render_brf(leaflet).data
