"""The proof of the content model: each seed leaflet is reproduced by its publisher's site.

Every substantive sentence of each seed (tests/fixtures/seeds/<slug>.txt) must
appear in that publisher's built pages in the seed's order. The only sentences
allowed to be missing are listed, with the reason, in
tests/fixtures/seeds/corrections.yml, and that list must be exact.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml

from generator.compose.leaflet import compose_publisher
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.outputs.downloads import PRINT_EDITIONS
from generator.outputs.site.pages import leaflet_page_path
from tests.conftest import SEED_SLUGS as SLUGS
from tests.sentence_coverage import article_text, coverage

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "fixtures" / "seeds"


def built_text(site: Path, slug: str) -> str:
    """The publisher's home page, then every leaflet page in reading order."""
    project = Project(REPO)
    library = load_library(project)
    publisher = load_publisher(project, slug, library)
    pages = ["index.md"]
    for leaflet in compose_publisher(library, publisher):
        pages += [leaflet_page_path(leaflet.id, i, s.id) for i, s in enumerate(leaflet.sections)]
    texts = []
    for page in pages:
        html_path = (
            site
            / slug
            / ("index.html" if page == "index.md" else page.replace(".md", "").replace("/index", "") + "/index.html")
        )
        texts.append(article_text(html_path.read_text(encoding="utf-8")))
    return "\n".join(texts)


def allowed_missing(slug: str) -> list[str]:
    corrections = yaml.safe_load((SEEDS / "corrections.yml").read_text(encoding="utf-8")) or {}
    return [entry["sentence"] for entry in corrections.get(slug) or []]


@pytest.mark.parametrize("slug", SLUGS)
def test_site_reproduces_the_seed(built_site: Path, slug: str) -> None:
    result = coverage((SEEDS / f"{slug}.txt").read_text(encoding="utf-8"), built_text(built_site, slug))
    assert result.ratio >= 0.95, f"{slug}: {result.ratio:.1%} covered; missing: {result.missing}"
    assert result.missing == allowed_missing(slug), (
        f"{slug}: {result.ratio:.1%} covered; the missing sentences differ from corrections.yml"
    )


def test_the_measure_notices_a_missing_and_a_reordered_sentence() -> None:
    fixture = "First sentence is here. Second one follows it.\nThird line of text."
    assert coverage(fixture, "first sentence is here! Second one follows it; third line of text").ratio == 1.0
    assert coverage(fixture, "First sentence is here. Third line of text.").missing == ["Second one follows it."]
    reordered = coverage(fixture, "Second one follows it. First sentence is here. Third line of text.")
    assert reordered.missing == ["Second one follows it."]


def test_the_measure_ignores_noise_but_not_words() -> None:
    assert coverage("Call 03000 41 3000 now please.", "Call 0300 041 3000 now please").ratio == 1.0
    assert coverage("It says \u201cthis\u201d \u2013 (6.1) today.", 'It says "this" - today').ratio == 1.0
    assert coverage("The co-ordinator said so.", "The coordinator said so").ratio == 1.0
    assert coverage("The teacher said so.", "The teachers said so").ratio == 0.0


PHONE = re.compile(r"(?<![0-9])(?:\+44 ?|0)[0-9](?: ?[0-9]){8,9}(?![0-9])")
"""A UK phone number in running text, with the spaces its writer grouped it by."""


def phone_numbers(text: str) -> list[str]:
    """Each phone number in `text`, as written (spaces made single), in order, once each."""
    found = [" ".join(match.split()) for match in PHONE.findall(" ".join(text.split()))]
    return list(dict.fromkeys(found))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("slug", SLUGS)
def test_phone_numbers_are_printed_as_the_seed_writes_them(built_site: Path, slug: str) -> None:
    """The sentence measure ignores spaces; here a number's grouping must be the seed's, on the site and in print
    (both PDFs and the print shop's booklet), and each reading PDF links it."""
    written = phone_numbers((SEEDS / f"{slug}.txt").read_text(encoding="utf-8"))
    outputs = {"site": built_text(built_site, slug)}
    every = {edition: built_site / slug / edition.path("sen-support") for edition in PRINT_EDITIONS}
    # The two PDFs to read (standard and large print) are linked; the print shop's booklet is printed only.
    pdfs = [pdf for edition, pdf in every.items() if edition.for_reading]
    assert len(pdfs) == 2, pdfs
    outputs |= {pdf.name: pdf_text(pdf) for pdf in every.values()}
    for name, text in outputs.items():
        # Every number the seed gives, grouped as it groups it, and no number it does not give (nor regrouped).
        assert sorted(phone_numbers(text)) == sorted(written), f"{slug}, {name}"
    # Each is linked in international form, whatever its grouping: on the site and in both PDFs.
    wanted = {"tel:+44" + re.sub(r"\D", "", number)[1:] for number in written}
    pages = "".join(page.read_text(encoding="utf-8") for page in (built_site / slug).rglob("index.html"))
    assert set(re.findall(r'href="(tel:[^"]*)"', pages)) == wanted, slug
    for pdf in pdfs:
        with pikepdf.open(pdf) as document:
            links = {
                str(annot.A.URI)
                for page in document.pages
                for annot in page.get("/Annots") or []
                if "/A" in annot and "/URI" in annot.A and str(annot.A.URI).startswith("tel:")
            }
        assert links == wanted, (slug, pdf.name)


def test_the_number_finder_keeps_the_grouping() -> None:
    assert phone_numbers("Ring 03000 41 3000 or\n03000 412 412 (9am), or 01915873541.") == [
        "03000 41 3000",
        "03000 412 412",
        "01915873541",
    ]
    assert phone_numbers("In 2014 and 6.17, paragraph 1 2 3") == []
