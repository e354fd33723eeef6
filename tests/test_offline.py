"""The offline copy (`sen-leaflets build --offline`): a site to hand over on a USB stick, opened from disk
in a browser with no network, its pages, links and search all working."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request

from generator.build.pipeline import build_publishers
from generator.inputs.project import Project
from tests.browser import DESKTOP
from tests.conftest import REPO, run_cli

SLUG = "kent"


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Kent's site from the repository's content, built as an offline copy (its PDFs left out, for time)."""
    out = tmp_path_factory.mktemp("usb-stick") / "site-offline"
    results = build_publishers(Project(REPO), [SLUG], out, formats=frozenset(), offline=True)
    assert [r.slug for r in results if not r.ok] == [], [r.problems or r.error or r.bug for r in results]
    return out


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A page with no network at all: every request other than for a file fails, and is recorded."""
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
    context.route(lambda url: urlsplit(url).scheme in ("http", "https"), lambda route: route.abort())
    page = context.new_page()
    requested: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    def record_failure(request: Request) -> None:
        if request.failure != "net::ERR_ABORTED" or urlsplit(request.url).scheme != "file":
            failed.append(f"{request.failure} {request.url}")

    page.on("requestfailed", record_failure)
    yield page, requested, failed
    context.close()


def test_the_offline_copy_works_from_disk_search_included(
    offline_copy: Path, offline_page: tuple[Page, list[str], list[str]]
) -> None:
    page, requested, failed = offline_page
    page.goto((offline_copy / "index.html").as_uri(), wait_until="load")
    page.get_by_role("link", name="Information Advice and Support Kent").click()
    page.wait_for_load_state("load")
    assert page.url == (offline_copy / SLUG / "index.html").as_uri(), "a page, not a folder's listing"
    assert page.locator("article h1").inner_text() == "Information Advice and Support Kent"

    # Every link of the menu leads to a page (a file), never to a folder.
    links = page.eval_on_selector_all(".md-nav--primary a.md-nav__link[href]", "as => as.map(a => a.href)")
    assert links and all(urlsplit(link).path.endswith(".html") for link in links), links
    page.locator(".sen-contact a", has_text="Accessibility statement").click()
    page.wait_for_load_state("load")
    assert page.url == (offline_copy / SLUG / "accessibility.html").as_uri()

    # Search: Material reads the index from a script and runs its worker through the shim.
    page.goto((offline_copy / SLUG / "sen-support" / "index.html").as_uri(), wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type("support")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    results = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
    assert results and all(result.startswith((offline_copy / SLUG).as_uri()) for result in results), results
    with page.expect_navigation():
        page.locator(".md-search-result__item a").first.click()
    assert urlsplit(page.url).path.endswith(".html") and page.locator("article h1").count() == 1

    assert failed == []
    assert [url for url in requested if urlsplit(url).scheme not in ("file", "data", "about")] == []
    assert (offline_copy / SLUG / "search" / "search_index.js").as_uri() in requested
    # Last, as axe-core reads the style sheets itself, which a file:// page does not allow it (its own
    # failures, not the site's, and they arrive after it has finished).
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if set(v["tags"]) & {"wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"}] == []


def test_build_offline_goes_to_a_folder_of_its_own(tmp_path: Path) -> None:
    """`--offline` writes to site-offline/ (the web's site/ links to folders, the copy's to files)."""
    import shutil

    root = tmp_path / "project"
    for part in ("content", "authorities", "templates"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = run_cli(root, "build", "--offline", "--no-pdf", "-p", "durham")
    assert result.exit_code == 0, result.output
    assert (root / "site-offline" / "durham" / "index.html").is_file()
    assert 'href="durham/index.html"' in (root / "site-offline" / "index.html").read_text()
    assert not (root / "site").exists()
    page = (root / "site-offline" / "durham" / "index.html").read_text()
    assert "unpkg.com" not in page and 'rel="canonical"' not in page
    assert '<script src="assets/javascripts/iframe-worker.js">' in page
