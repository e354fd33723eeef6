"""The Word edition: each seed leaflet as a .docx, read back as Word and other programs read it.

Every seed publisher's leaflet is rendered once (a module fixture) and read back from the
package's raw XML (and by python-docx): its outline, list styles and numbering, links and
bookmarks, page size and language, properties, cover, quotations and contact panel, and the
seed's sentences in order. Then the promises about any input: the same bytes every time,
hostile text, a leaflet at the size limits, and a logo.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import io
import itertools
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import docx
import pytest
from lxml import etree

from generator.compose.contact import PANEL_CLASS
from generator.compose.html_tree import parse_fragment, text_of
from generator.compose.leaflet import ComposedLeaflet, compose_publisher
from generator.inputs.fields import url_text
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.outputs.docx.render import render_docx
from generator.outputs.downloads import leaflet_address
from generator.outputs.zip_package import FIXED_DATE
from tests.conftest import REPO, SEED_SLUGS
from tests.sentence_coverage import coverage
from tests.test_seed_coverage import SEEDS, allowed_missing, phone_numbers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
A4 = ("11906", "16838")
"""210 x 297 mm in twentieths of a point, as Word writes A4."""
LIST_STYLE = re.compile(r"List(Bullet|Number)([23]?)")
BOX = {"top", "left", "bottom", "right"}


@dataclass(frozen=True)
class Rendered:
    leaflet: ComposedLeaflet
    data: bytes
    path: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every seed publisher's leaflet as a .docx, made once."""
    project = Project(REPO)
    library = load_library(project)
    out = tmp_path_factory.mktemp("docx")
    made = {}
    for slug in SEED_SLUGS:
        inputs = load_publisher(project, slug, library)
        [leaflet] = compose_publisher(library, inputs)
        data = render_docx(leaflet, inputs.logo_file)
        path = out / f"{slug}.docx"
        path.write_bytes(data)
        made[slug] = Rendered(leaflet, data, path)
    return made


# Reading a package back.


class Package:
    """A .docx as its parts: XML parsed, relationships and styles indexed."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = self.xml("word/document.xml")
        self.styles = {s.get(f"{W}styleId"): s for s in self.xml("word/styles.xml").iter(f"{W}style")}
        rels = self.xml("word/_rels/document.xml.rels")
        self.rels = {r.get("Id"): r for r in rels.iter(f"{PACKAGE_RELS}Relationship")}

    def xml(self, name: str) -> Any:
        return etree.fromstring(self.zip.read(name))

    def paragraphs(self) -> list[Paragraph]:
        return [Paragraph(p) for p in self.document.find(f"{W}body").iter(f"{W}p")]

    def style_chain(self, style_id: str) -> list[Any]:
        """The style and those it is based on, nearest first."""
        chain = []
        while style_id in self.styles:
            style = self.styles[style_id]
            chain.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else ""
        return chain


class Paragraph:
    """One `w:p` of the body: its style, text (line breaks as newlines) and properties."""

    def __init__(self, p: Any) -> None:
        self.p = p
        style = p.find(f"{W}pPr/{W}pStyle")
        self.style = style.get(f"{W}val") if style is not None else "Normal"
        parts = []
        for node in p.iter(f"{W}t", f"{W}br", f"{W}tab"):
            parts.append(node.text or "" if node.tag == f"{W}t" else "\n" if node.tag == f"{W}br" else "\t")
        self.text = "".join(parts)

    def has(self, path: str) -> bool:
        return self.p.find(path.replace("w:", W)) is not None

    @property
    def borders(self) -> set[str]:
        found = self.p.find(f"{W}pPr/{W}pBdr")
        return {child.tag.removeprefix(W) for child in found} if found is not None else set()

    @property
    def bold_text(self) -> str:
        """The text of the paragraph's bold runs, each run's text followed by '|'."""
        return "".join(
            "".join(t.text or "" for t in r.iter(f"{W}t")) + "|"
            for r in self.p.iter(f"{W}r")
            if (b := r.find(f"{W}rPr/{W}b")) is not None and b.get(f"{W}val") not in ("0", "false")
        )


def plain(text: str) -> str:
    """Text with its white space as HTML shows it."""
    return " ".join(text.split())


def html_trees(leaflet: ComposedLeaflet) -> list[Element]:
    return [parse_fragment(section.html) for section in leaflet.sections]


def classes(node: Element) -> list[str]:
    return node.get("class", "").split()


def ends_with_panel(leaflet: ComposedLeaflet) -> bool:
    last = list(html_trees(leaflet)[-1])
    return bool(last) and last[-1].tag == "div" and PANEL_CLASS in classes(last[-1])


# The seed documents.


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_headings_make_a_clean_outline(rendered: dict[str, Rendered], slug: str) -> None:
    """The title (Title style, out of the navigation pane), then each section as Heading 1 in order, then its
    sub-headings one level down: no level skipped, no heading lost."""
    leaflet = rendered[slug].leaflet
    package = Package(rendered[slug].data)
    paragraphs = package.paragraphs()
    titles = [p for p in paragraphs if p.style == "Title"]
    assert [p.text for p in titles] == [leaflet.title]
    headings = [p for p in paragraphs if p.style.startswith("Heading")]
    assert paragraphs.index(titles[0]) < paragraphs.index(headings[0])
    levels = [int(p.style.removeprefix("Heading")) for p in headings]
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), levels
    trees = html_trees(leaflet)
    assert [p.text for p in headings if p.style == "Heading1"] == [plain(text_of(tree[0])) for tree in trees]
    wanted = [plain(text_of(h)) for tree in trees for h in tree.iter() if re.fullmatch("h[2-6]", str(h.tag))]
    if ends_with_panel(leaflet):
        wanted.append("Contact us")
    assert [p.text for p in headings if p.style != "Heading1"] == wanted
    # The navigation pane shows what has an outline level: each Heading N at N, the Title not at all.
    for level in set(levels):
        outline = package.styles[f"Heading{level}"].find(f"{W}pPr/{W}outlineLvl")
        assert outline.get(f"{W}val") == str(level - 1)
    assert all(s.find(f"{W}pPr/{W}outlineLvl") is None for s in package.style_chain("Title"))
    # The cover is a page of its own.
    assert headings[0].has("w:pPr/w:pageBreakBefore")


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_list_items_are_in_word_list_styles(rendered: dict[str, Rendered], slug: str) -> None:
    """Every list item of the leaflet is one paragraph in List Bullet or List Number (level 2 or 3 when nested),
    with its text, in order; and the bullet is a character every program can show."""
    leaflet = rendered[slug].leaflet
    package = Package(rendered[slug].data)
    wanted = []
    for tree in html_trees(leaflet):
        depth = {tree: 0}
        for parent in tree.iter():
            for child in parent:
                depth[child] = depth[parent] + (child.tag in ("ul", "ol"))
                if child.tag == "li":
                    kind = "Number" if parent.tag == "ol" else "Bullet"
                    level = min(depth[child], 3)
                    wanted.append((f"List{kind}{'' if level == 1 else level}", plain(text_of(child))))
    found = [(p.style, p.text) for p in package.paragraphs() if LIST_STYLE.fullmatch(p.style)]
    assert wanted, f"{slug} has no list to test"
    assert found == wanted
    numbering = package.xml("word/numbering.xml")
    bullets = numbering.xpath('//w:lvl[w:numFmt/@w:val="bullet"]/w:lvlText/@w:val', namespaces={"w": W[1:-1]})
    assert bullets and set(bullets) == {"•"}


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_links_lead_where_the_leaflet_leads(rendered: dict[str, Rendered], slug: str) -> None:
    """Each web, email and phone link is a hyperlink to its original address (an external relationship), in the
    leaflet's order and with its text; each link to a section or heading leads to a bookmark on that paragraph;
    each phone number of the seed is linked in international form."""
    leaflet = rendered[slug].leaflet
    package = Package(rendered[slug].data)
    cover = [parse_fragment(leaflet.cover_contact)] if leaflet.cover_contact else []
    anchors = [a for tree in cover for a in tree.iter("a")]
    online = leaflet_address(leaflet.site_address, leaflet.id)
    assert online is not None
    wanted: list[tuple[str, str]] = [(a.get("href", ""), plain(text_of(a))) for a in anchors]
    wanted.append((online, url_text(online)))
    internal = []
    for section, tree in zip(leaflet.sections, html_trees(leaflet), strict=True):
        for a in tree.iter("a"):
            href = a.get("href", "")
            if href.startswith(("https:", "http:", "mailto:", "tel:")):
                wanted.append((href, plain(text_of(a))))
            else:
                internal.append((section.id, href, plain(text_of(a))))
    external, found_internal = [], []
    bookmarks = {b.get(f"{W}name"): b.getparent() for b in package.document.iter(f"{W}bookmarkStart")}
    for link in package.document.iter(f"{W}hyperlink"):
        text = "".join(t.text or "" for t in link.iter(f"{W}t"))
        runs = list(link.iter(f"{W}r"))
        assert runs and all(r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink" for r in runs)
        if link.get(f"{R}id"):
            rel = package.rels[link.get(f"{R}id")]
            assert (rel.get("Type"), rel.get("TargetMode")) == (HYPERLINK, "External")
            external.append((rel.get("Target"), text))
        else:
            found_internal.append((Paragraph(bookmarks[link.get(f"{W}anchor")]), text))
    assert external == wanted
    assert len(found_internal) == len(internal)
    for (target, text), (section_id, href, wanted_text) in zip(found_internal, internal, strict=True):
        page, _, fragment = href.partition("#")
        target_section = leaflet.sections[leaflet.section_ids.index(page.removesuffix(".md") or section_id)]
        tree = parse_fragment(target_section.html)
        heading = next((h for h in tree.iter() if fragment and h.get("id") == fragment), tree[0])
        assert (target.style.startswith("Heading"), target.text, text) == (True, plain(text_of(heading)), wanted_text)
    assert package.styles["Hyperlink"].get(f"{W}type") == "character"
    written = phone_numbers((SEEDS / f"{slug}.txt").read_text(encoding="utf-8"))
    phones = {target for target, _ in external if target.startswith("tel:")}
    assert phones == {"tel:+44" + re.sub(r"\D", "", number)[1:] for number in written}


def test_a_link_to_another_section_is_followed_in_a_seed(rendered: dict[str, Rendered]) -> None:
    """The test above follows internal links; at least one seed has one, so it is not following none."""
    assert any(
        not a.get("href", "").startswith(("https:", "http:", "mailto:", "tel:"))
        for r in rendered.values()
        for tree in html_trees(r.leaflet)
        for a in tree.iter("a")
    )


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_a4_british_english_and_arial_at_12_pt_left_aligned(rendered: dict[str, Rendered], slug: str) -> None:
    """A4 with 20 mm margins; en-GB in the default run properties, the theme's language and the properties, and
    no en-US anywhere; Arial at 12 pt or more, never italic, left aligned, in every style the text uses."""
    package = Package(rendered[slug].data)
    section = package.document.find(f"{W}body/{W}sectPr")
    size = section.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == (*A4, None)
    margins = section.find(f"{W}pgMar")
    assert {margins.get(f"{W}{side}") for side in ("top", "right", "bottom", "left")} == {"1134"}
    defaults = package.xml("word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    language = defaults.find(f"{W}lang")
    assert (language.get(f"{W}val"), language.get(f"{W}eastAsia")) == ("en-GB", "en-GB")
    fonts = defaults.find(f"{W}rFonts")
    assert {fonts.get(f"{W}{script}") for script in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Arial"}
    assert defaults.find(f"{W}sz").get(f"{W}val") == "24"
    theme_language = package.xml("word/settings.xml").find(f"{W}themeFontLang")
    assert dict(theme_language.attrib) == {f"{W}val": "en-GB"}
    assert docx.Document(rendered[slug].path).core_properties.language == "en-GB"
    for name in package.zip.namelist():
        assert b"en-us" not in package.zip.read(name).lower(), name
    used = {p.style for p in package.paragraphs()} | {r.get(f"{W}val") for r in package.document.iter(f"{W}rStyle")}
    elements = [*package.document.iter()]
    for style_id in used:
        for style in package.style_chain(style_id):
            elements += [*style.iter()]
    for node in elements:
        if node.tag in (f"{W}sz", f"{W}szCs"):
            assert int(node.get(f"{W}val")) >= 24, (slug, etree.tostring(node.getparent().getparent()))
        assert node.tag not in (f"{W}i", f"{W}iCs") or node.get(f"{W}val") in ("0", "false")
        assert node.tag != f"{W}jc" or node.get(f"{W}val") in ("left", "start")
        # No font but Arial; the theme's fonts (Calibri, Cambria) are not referred to.
        if node.tag == f"{W}rFonts":
            assert {v for k, v in node.attrib.items() if not k.endswith("hint")} <= {"Arial"}, node.attrib


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_the_properties_name_the_leaflet_and_nothing_else(rendered: dict[str, Rendered], slug: str) -> None:
    """Title, subject (the summary), author (the publisher), language, dated from the publication; none of the
    template's leftovers (its author, thumbnail, statistics, US styles, revision ids); entries dated 1980."""
    leaflet = rendered[slug].leaflet
    properties = docx.Document(rendered[slug].path).core_properties
    published = dt.datetime.combine(leaflet.publisher.dates.published.latest_day(), dt.time(), dt.UTC)
    assert (properties.title, properties.subject, properties.author, properties.last_modified_by) == (
        leaflet.title,
        leaflet.summary,
        leaflet.publisher.name,
        leaflet.publisher.name,
    )
    assert (properties.created, properties.modified, properties.revision) == (published, published, 1)
    package = Package(rendered[slug].data)
    assert sorted(package.zip.namelist()) == sorted(
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/fontTable.xml",
            "word/footer1.xml",
            "word/numbering.xml",
            "word/settings.xml",
            "word/styles.xml",
            "word/theme/theme1.xml",
            "word/webSettings.xml",
        ]
    )
    for entry in package.zip.infolist():
        assert entry.date_time == FIXED_DATE, entry.filename
        content = package.zip.read(entry.filename)
        for leftover in (b"python-docx", b"rsid", b"docId", b"2013-12-23"):
            assert leftover not in content, (entry.filename, leftover)


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_the_cover_comes_first(rendered: dict[str, Rendered], slug: str) -> None:
    """The publisher's name and strapline on a band of its colour, its contact panel if it asks for one there,
    the title, who the leaflet is for, the Code's edition and the publication date, and the leaflet's address;
    then the first section."""
    leaflet = rendered[slug].leaflet
    publisher = leaflet.publisher
    cover_panel = [plain(text_of(p)) for p in parse_fragment(leaflet.cover_contact).iter("p")]
    online = leaflet_address(leaflet.site_address, leaflet.id)
    assert online is not None
    wanted = [
        publisher.name,
        *publisher.strapline,
        *cover_panel,
        leaflet.title,
        leaflet.audience,
        f"Based on the SEND Code of Practice (January 2015 edition). Published {publisher.dates.published}.",
        f"Read this leaflet online: {url_text(online)}",
        leaflet.sections[0].title,
    ]
    paragraphs = Package(rendered[slug].data).paragraphs()
    assert [p.text for p in paragraphs[: len(wanted)]] == wanted
    assert paragraphs[len(wanted) - 1].style == "Heading1"
    band = paragraphs[: 1 + len(publisher.strapline)]
    fill = publisher.branding.colour.lstrip("#").upper()
    assert {p.p.find(f"{W}pPr/{W}shd").get(f"{W}fill") for p in band} == {fill}
    assert band[0].bold_text == publisher.name + "|"
    panel = paragraphs[len(band) : len(band) + len(cover_panel)]
    assert all(p.borders == BOX for p in panel)


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_quotations_the_contact_panel_and_bold(rendered: dict[str, Rendered], slug: str) -> None:
    """Each Code of Practice quotation is in the Quote style (its lists indented as far), kept on one page with
    its citation, in bold; the contact panel is a box kept on one page, after "Contact us" and the statement on
    other formats where it ends the leaflet; every bold word of the leaflet is bold."""
    leaflet = rendered[slug].leaflet
    paragraphs = Package(rendered[slug].data).paragraphs()
    trees = html_trees(leaflet)
    citations = [plain(text_of(p)) for tree in trees for p in tree.iter("p") if "citation" in classes(p)]
    found = [i for i, p in enumerate(paragraphs) if p.text.startswith("SEND Code of Practice, paragraph")]
    assert [paragraphs[i].text for i in found] == citations
    for index in found:
        citation = paragraphs[index]
        assert citation.style == "Quote" and citation.bold_text.replace("|", "") == citation.text
        assert not citation.has("w:pPr/w:keepNext")
        quoted = index - 1
        while paragraphs[quoted].style == "Quote" or paragraphs[quoted].has("w:pPr/w:ind"):
            assert paragraphs[quoted].has("w:pPr/w:keepNext"), paragraphs[quoted].text
            quoted -= 1
        assert quoted < index - 1, "a quotation before its citation"
    boxed = [i for i, p in enumerate(paragraphs) if p.borders == BOX and not p.has("w:pPr/w:shd")]  # not the band
    cover = [plain(text_of(p)) for p in parse_fragment(leaflet.cover_contact).iter("p")]
    statement = leaflet.publisher.accessible_formats
    wanted = list(cover)
    for tree in trees:
        for div in tree.iter("div"):
            if PANEL_CLASS in classes(div):
                if not ends_with_panel(leaflet) or div is not list(trees[-1])[-1]:
                    wanted += ["Contact us", *([statement] if statement else [])]  # a box, captioned
                wanted += [plain(text_of(p)) for p in div.iter("p")]
    assert [paragraphs[i].text for i in boxed] == wanted
    groups: list[list[Paragraph]] = []
    for previous, index in zip([-2, *boxed], boxed, strict=False):
        if index != previous + 1:
            groups.append([])
        groups[-1].append(paragraphs[index])
    for group in groups:
        assert all(p.has("w:pPr/w:keepLines") for p in group)
        assert [p.has("w:pPr/w:keepNext") for p in group] == [True] * (len(group) - 1) + [False]
    if ends_with_panel(leaflet):
        first = boxed[len(cover)]
        heading = paragraphs[first - 2] if statement else paragraphs[first - 1]
        assert (heading.style, heading.text) == ("Heading2", "Contact us")
        if statement:
            assert paragraphs[first - 1].text == statement and paragraphs[first - 1].has("w:pPr/w:keepNext")
    bold = "".join(p.bold_text for p in paragraphs)
    at = 0
    emphasised = 0
    for tree in [parse_fragment(leaflet.cover_contact), *trees]:
        for strong in (node for node in tree.iter() if node.tag in ("strong", "b", "em", "i")):
            emphasised += 1
            words = plain(text_of(strong))
            found_at = bold.find(words, at)
            assert found_at >= 0, (slug, words)
            at = found_at + len(words)
    assert emphasised, f"{slug} has no bold text to test"


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_the_document_reproduces_the_seed(rendered: dict[str, Rendered], slug: str) -> None:
    """The seed's sentences in order (only those corrections.yml lists may be missing), and its phone numbers as
    it groups them."""
    text = "\n".join(p.text for p in docx.Document(rendered[slug].path).paragraphs)
    seed = (SEEDS / f"{slug}.txt").read_text(encoding="utf-8")
    result = coverage(seed, text)
    assert result.ratio >= 0.95, f"{slug}: {result.ratio:.1%} covered; missing: {result.missing}"
    assert result.missing == allowed_missing(slug)
    assert sorted(phone_numbers(text)) == sorted(phone_numbers(seed))


def test_the_same_leaflet_gives_the_same_bytes(rendered: dict[str, Rendered]) -> None:
    for slug, made in rendered.items():
        assert render_docx(made.leaflet, None) == made.data, slug


# Any leaflet.


def _with_section(leaflet: ComposedLeaflet, html: str, **changes: Any) -> ComposedLeaflet:
    """`leaflet` with one more section, of this HTML (as the sanitiser passes it), after its first."""
    extra = dataclasses.replace(leaflet.sections[0], id="extra", title="Extra", html=html)
    sections = (leaflet.sections[0], extra, *leaflet.sections[1:])
    return dataclasses.replace(leaflet, sections=sections, **changes)


def test_each_numbered_list_counts_from_its_start(rendered: dict[str, Rendered]) -> None:
    """A numbered list after another starts at 1 again (a list instance of its own, with a start override of the
    List Number style's numbering), a nested one too, and `<ol start>` is kept; nested lists take level 2 styles."""
    html = (
        '<h1 id="extra">Extra</h1><ol><li>First</li><li>Second<ul><li>Nested bullet</li></ul></li></ol>'
        "<p>Between.</p><ol><li>One again</li><li>Two again<ol><li>Inner one</li><li>Inner two</li></ol></li>"
        '</ol><ol start="3"><li>Third</li><li>Fourth</li></ol>'
    )
    leaflet = _with_section(rendered["kent"].leaflet, html)
    package = Package(render_docx(leaflet, None))
    numbering = package.xml("word/numbering.xml")
    nums = {n.get(f"{W}numId"): n for n in numbering.iter(f"{W}num")}

    def abstract_of(num_id: str) -> str:
        return nums[num_id].find(f"{W}abstractNumId").get(f"{W}val")

    def style_numbering(style_id: str) -> str:
        return abstract_of(package.styles[style_id].find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val"))

    shown: dict[str, str] = {}
    counters: dict[str, int] = {}
    instances: dict[str, str] = {}
    for p in package.paragraphs():
        if p.style in ("ListNumber", "ListNumber2"):
            num_id = p.p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
            assert p.p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val") == "0"
            assert abstract_of(num_id) == style_numbering(p.style)
            start = nums[num_id].find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val")
            counters[num_id] = counters.get(num_id, int(start) - 1) + 1
            shown[p.text] = f"{counters[num_id]}"
            instances[p.text] = num_id
        elif p.text == "Nested bullet":
            assert p.style == "ListBullet2"
    assert shown == {
        "First": "1",
        "Second": "2",
        "One again": "1",
        "Two again": "2",
        "Inner one": "1",
        "Inner two": "2",
        "Third": "3",
        "Fourth": "4",
    }
    assert len({instances["First"], instances["One again"], instances["Inner one"], instances["Third"]}) == 4
    assert [p.style for p in package.paragraphs() if p.text.startswith("Inner")] == ["ListNumber2"] * 2


def test_a_skipped_heading_level_is_closed_up(rendered: dict[str, Rendered]) -> None:
    """A block may go from a section's title straight to a level 4 heading, or write a second level 1: Word's
    outline may not skip a level, and only sections are at level 1."""
    html = '<h1 id="extra">Extra</h1><h4 id="deep">Deep</h4><h6 id="deeper">Deeper</h6><h1 id="again">Again</h1>'
    package = Package(render_docx(_with_section(rendered["kent"].leaflet, html), None))
    paragraphs = package.paragraphs()
    at = [p.text for p in paragraphs].index("Extra")
    assert [(p.style, p.text) for p in paragraphs[at : at + 4]] == [
        ("Heading1", "Extra"),
        ("Heading2", "Deep"),
        ("Heading3", "Deeper"),
        ("Heading2", "Again"),
    ]


def test_links_to_a_heading_lead_to_its_bookmark(rendered: dict[str, Rendered]) -> None:
    """`#heading`, `section.md#heading` and `section.md` lead to that heading's or section's paragraph; a link to a
    heading a section does not have leads to the section, as on paper."""
    html = (
        '<h1 id="extra">Extra</h1><h2 id="here">Here</h2>'
        '<p><a href="#here">this heading</a>, <a href="graduated-approach.md#review">reviews</a>, '
        '<a href="more-information.md">more</a> and <a href="graduated-approach.md#nowhere">steps</a>.</p>'
    )
    package = Package(render_docx(_with_section(rendered["kent"].leaflet, html), None))
    bookmarks = {b.get(f"{W}name"): Paragraph(b.getparent()) for b in package.document.iter(f"{W}bookmarkStart")}
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name) for name in bookmarks)
    links = {
        "".join(t.text or "" for t in link.iter(f"{W}t")): bookmarks[link.get(f"{W}anchor")]
        for link in package.document.iter(f"{W}hyperlink")
        if link.get(f"{W}anchor")
    }
    assert {text: (p.style, p.text) for text, p in links.items()} == {
        "this heading": ("Heading2", "Here"),
        "reviews": ("Heading2", "Review"),
        "more": ("Heading1", "Where can I get more information, advice or support?"),
        "steps": ("Heading1", "A graduated approach"),
    }


HOSTILE_WORD = "Ω" * 2_500 + "x" * 2_500


def test_hostile_text_makes_a_valid_document(rendered: dict[str, Rendered]) -> None:
    """Markup as text, ampersands, control characters XML 1.0 forbids, emoji and a 5,000-character word, in the
    text and in the title, name and summary: a document every part of which is well-formed XML, which python-docx
    reopens, with the text as written (less the forbidden characters)."""
    controls = "\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe\ud800"
    kent = rendered["kent"].leaflet
    publisher = kent.publisher.model_copy(update={"name": f"<w:p>Tom & Jerry{controls}", "strapline": ("🙂" * 3,)})
    html = (
        f'<h1 id="extra">&lt;/w:t&gt;&lt;w:p&gt; heading{controls}</h1>'
        f"<p>Tom &amp; Jerry {controls} 👩‍👧‍👦 {HOSTILE_WORD}</p>"
        '<ul><li>&amp;amp; <a href="https://example.org/?a=1&amp;b=%3Cc%3E">link &amp; more</a></li></ul>'
        '<ol start="99999999999999999999"><li>big start</li></ol><ol start="x"><li>odd start</li></ol>'
    )
    leaflet = _with_section(
        kent, html, publisher=publisher, title=f"Title & <w:body>{controls}{HOSTILE_WORD}", summary=controls
    )
    started = time.perf_counter()
    data = render_docx(leaflet, None)
    assert time.perf_counter() - started < 5
    package = Package(data)
    for name in package.zip.namelist():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(package.zip.read(name))  # well-formed, or this raises
    reopened = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in reopened.paragraphs)
    assert "<w:p>Tom & Jerry\n🙂🙂🙂" in text
    assert "</w:t><w:p> heading" in text
    assert f"Tom & Jerry 👩‍👧‍👦 {HOSTILE_WORD}" in text
    assert "&amp; link & more" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\ud800]", text)
    title = reopened.core_properties.title
    assert len(title) <= 255 and title.startswith("Title & <w:body>ΩΩ")
    assert {r.get("Target") for r in package.rels.values()} >= {"https://example.org/?a=1&b=%3Cc%3E"}


def test_a_leaflet_at_the_size_limits_is_made_in_seconds(rendered: dict[str, Rendered]) -> None:
    """1,000 paragraphs, each with a link to an address of its own (the most a leaflet may hold), 50,000
    characters: the work grows with the text, never with its square."""
    paragraphs = "".join(
        f'<p>Paragraph {i} {"words " * 6}<a href="https://example.org/{i}">link {i}</a></p>' for i in range(1_000)
    )
    leaflet = _with_section(rendered["kent"].leaflet, f'<h1 id="extra">Extra</h1>{paragraphs}')
    started = time.perf_counter()
    data = render_docx(leaflet, None)
    assert time.perf_counter() - started < 5
    assert len(Package(data).rels) > 1_000


def test_the_logo_is_a_picture_with_its_alternative_text(tiny_project: Path) -> None:
    """The logo first on the cover, at most 60 by 30 mm, its alternative text as the picture's description; the
    same logo gives the same bytes."""
    from PIL import Image

    logo = tiny_project / "authorities" / "demo" / "logo.png"
    Image.new("RGB", (600, 100), "#1d4f91").save(logo)
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text() + "branding:\n  logo:\n    path: authorities/demo/logo.png\n    alt: Demo IASS logo\n"
    )
    project = Project(tiny_project)
    library = load_library(project)
    inputs = load_publisher(project, "demo", library)
    [leaflet] = compose_publisher(library, inputs)
    assert inputs.logo_file == logo
    data = render_docx(leaflet, inputs.logo_file)
    assert render_docx(leaflet, inputs.logo_file) == data
    package = Package(data)
    first = package.document.find(f"{W}body/{W}p")
    [picture] = list(package.document.iter(f"{WP}inline"))
    assert picture in list(first.iter(f"{WP}inline"))
    assert picture.find(f"{WP}docPr").get("descr") == "Demo IASS logo"
    extent = picture.find(f"{WP}extent")
    width, height = int(extent.get("cx")), int(extent.get("cy"))
    assert width <= 60 * 36_000 and height <= 30 * 36_000
    assert abs(width / height - 6) < 0.01
    [image] = [name for name in package.zip.namelist() if name.startswith("word/media/")]
    with Image.open(io.BytesIO(package.zip.read(image))) as embedded, Image.open(logo) as original:
        assert embedded.format == "PNG" and embedded.size == original.size
        assert embedded.convert("RGB").tobytes() == original.convert("RGB").tobytes(), "the same picture"


def _odd_logo(path: Path, kind: str) -> None:
    """Logos Pillow reads (so `check` accepts them) that python-docx alone cannot size or read."""
    from PIL import Image

    if kind == "cmyk-jpeg":  # what print designers export: Adobe APP14, no JFIF
        Image.new("CMYK", (300, 100), (90, 60, 0, 10)).save(path, format="JPEG")
    elif kind == "png-one-pixel-a-metre":
        Image.new("RGB", (300, 100), "#1d4f91").save(path, format="PNG", dpi=(0.0254, 0.0254))
    elif kind == "jfif-density-0":
        buffer = io.BytesIO()
        Image.new("RGB", (300, 100), "#1d4f91").save(buffer, format="JPEG", dpi=(72, 72))
        data = bytearray(buffer.getvalue())
        at = data.index(b"JFIF\x00") + 7  # units, then x and y density
        data[at : at + 5] = b"\x01\x00\x00\x00\x00"
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", ["cmyk-jpeg", "png-one-pixel-a-metre", "jfif-density-0"])
def test_a_logo_check_accepts_is_a_picture_in_the_word_document(tiny_project: Path, kind: str) -> None:
    from generator.build.check import check_publisher

    suffix = "png" if kind.startswith("png") else "jpg"
    logo = tiny_project / "authorities" / "demo" / f"logo.{suffix}"
    _odd_logo(logo, kind)
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + f"branding:\n  logo:\n    path: authorities/demo/logo.{suffix}\n    alt: Logo\n")
    project = Project(tiny_project)
    check = check_publisher(project, load_library(project), "demo", dt.date.today())
    assert check.ok and check.inputs is not None, [p.message for p in check.problems]
    [leaflet] = check.leaflets
    package = Package(render_docx(leaflet, check.inputs.logo_file))
    [picture] = list(package.document.iter(f"{WP}inline"))
    extent = picture.find(f"{WP}extent")
    width, height = int(extent.get("cx")), int(extent.get("cy"))
    assert 0 < width <= 60 * 36_000 and 0 < height <= 30 * 36_000 and abs(width / height - 3) < 0.01


def test_the_word_edition_imports_no_other_output() -> None:
    """The outputs do not import each other, nor the build stage (tests/test_layout.py's rule, for this folder)."""
    for path in (REPO / "generator" / "outputs" / "docx").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                assert not re.match(r"(\.\.\.|generator\.)(build|outputs\.(site|pdf|epub|brf))", module), (path, module)
                assert not re.match(r"\.\.(site|pdf|epub|brf)\b", module), (path, module)
