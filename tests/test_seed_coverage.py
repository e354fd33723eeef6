"""The proof of the content model: each seed leaflet is reproduced by its publisher's site.

Every substantive sentence of each seed (tests/fixtures/seeds/<slug>.txt) must
appear in that publisher's built pages in the seed's order. The only sentences
allowed to be missing are listed, with the reason, in
tests/fixtures/seeds/corrections.yml, and that list must be exact.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.compose.leaflet import compose_publisher
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
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
