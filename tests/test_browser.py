"""The built sites in a real browser: WCAG 2.2 AA checks with axe-core, keyboard use, reflow,
language, no third-party requests, the accessibility statement and printing.

Every seed publisher's site (the session's `built_site`) is served on 127.0.0.1, each at the
root of its own origin as it is published, and opened in Debian's Chromium driven by
Playwright. Playwright's own browser download is never used: it needs the internet.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pdfplumber
import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import (
    Browser,
    FloatRect,
    Page,
    Request,
    Response,
    ViewportSize,
)

from generator.build.pipeline import build_publishers
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.outputs.site.pages import accessibility_page
from generator.problems import ContentError
from tests.browser import DESKTOP, SiteHandler, new_page
from tests.conftest import REPO, SEED_SLUGS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    # A dialog needs a name (WCAG 4.1.2), but axe files this rule under best practice, and
    # Material's search dialog had none: checked too, so that it stays fixed.
    "rules": {"aria-dialog-name": {"enabled": True}},
}
NARROW: ViewportSize = {"width": 320, "height": 640}
"""1280 CSS px at 400% zoom (WCAG 1.4.10 Reflow)."""
FOCUS_RING = (255, 221, 0)
"""The yellow of the focus indicator in sen-leaflets.css, found nowhere else on the site."""
MISSING_PAGE = "no-such-page/"
"""Any address that does not exist: the server answers with the site's 404 page."""
WAIT_FOR_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
"""Lets the page's own handlers that run on the next frame (Material's search opening) finish."""


# --- serving the built sites ------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(built_site: Path) -> Iterator[dict[str, str]]:
    """The address of each seed publisher's site, each served from its own port, at /<slug>/ as when published."""
    servers = []
    bases = {}
    for slug in SEED_SLUGS:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(built_site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        bases[slug] = f"http://127.0.0.1:{server.server_address[1]}/{slug}/"
    yield bases
    for server in servers:
        server.shutdown()
        server.server_close()


def _page_paths(built_site: Path, slug: str) -> list[str]:
    """Every page of a publisher's site, as paths from its root, and a missing page (its 404 page)."""
    site = built_site / slug
    paths = sorted(
        "" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"
        for page in site.rglob("index.html")
    )
    return [*paths, MISSING_PAGE]


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context, page = new_page(browser)
    yield page
    context.close()


def _axe_violations(page: Page) -> list[str]:
    result = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in result.response["violations"]
        for node in violation["nodes"]
    ]


def _open_search(page: Page) -> None:
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type("support")
    page.wait_for_selector(".md-search-result__item")


# Visible elements whose right edge is past the window: cut off, or making it scroll sideways.
_OVERFLOWING = """() => [...document.querySelectorAll("body *")]
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden"
                        && r.right > window.innerWidth + 0.5; })
  .map(e => `${e.tagName.toLowerCase()}.${e.className}: right edge at ${e.getBoundingClientRect().right}px`)"""

_SPLIT_NUMBERS = """() => [...document.querySelectorAll('a[href^="tel:"]')]
  .filter(a => new Set([...a.getClientRects()].map(r => Math.round(r.top))).size > 1).map(a => a.textContent)"""
"""Phone numbers that the page breaks over lines: a parent dialling from a phone reads a number whole."""

_STATEMENT_LINKS = """() => [".sen-contact a", ".md-nav--primary a"].map(where =>
  ([...document.querySelectorAll(where)].find(a => a.textContent.trim() === "Accessibility statement") || {}).href)"""


@dataclass
class Walk:
    """What one publisher's site showed when every page was opened, at 1280 and at 320 px.

    Loading a page takes a good part of a second here; so every page is loaded once per
    width, and each test below asserts one thing that was recorded on the way.
    """

    axe: list[str] = field(default_factory=list)
    """axe-core's violations, each prefixed with the width, page and state."""
    languages: dict[str, str] = field(default_factory=dict)
    statement_links: dict[str, list[str | None]] = field(default_factory=dict)
    """The addresses of the footer's and the menu's links to the accessibility statement."""
    overflowing: dict[str, list[str]] = field(default_factory=dict)
    split_numbers: dict[str, list[str]] = field(default_factory=dict)
    """At 320 px, the phone numbers broken over two lines, by page."""
    requested: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _walk(
    browser: Browser, base: str, paths: list[str], viewports: tuple[ViewportSize, ...] = (DESKTOP, NARROW)
) -> Walk:
    walk = Walk()
    context, page = new_page(browser)
    page.on("request", lambda request: walk.requested.append(request.url))

    def check_failure(request: Request) -> None:
        # Going to the next page cancels what the last one still loads (ERR_ABORTED): not a failure.
        if request.failure != "net::ERR_ABORTED":
            walk.failed.append(f"{request.failure} {request.url}")

    page.on("requestfailed", check_failure)

    def check_answer(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith(MISSING_PAGE):
            walk.failed.append(f"{response.status} {response.url}")

    page.on("response", check_answer)
    for viewport in viewports:
        width = f"{viewport['width']}px"
        page.set_viewport_size(viewport)
        for path in paths:
            page.goto(base + path, wait_until="load")
            walk.axe += [f"{width} /{path}: {v}" for v in _axe_violations(page)]
            if viewport == DESKTOP:
                walk.languages[path] = page.evaluate("document.documentElement.lang")
                walk.statement_links[path] = page.evaluate(_STATEMENT_LINKS)
            else:
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                overflowing = page.evaluate(_OVERFLOWING)
                if scroll_width != viewport["width"] or overflowing:
                    walk.overflowing[path] = [f"page is {scroll_width}px wide", *overflowing]
                split = page.evaluate(_SPLIT_NUMBERS)
                if split:
                    walk.split_numbers[path] = split
        page.goto(base + "sen-support/", wait_until="load")
        _open_search(page)
        walk.axe += [f"{width} /sen-support/ with search results: {v}" for v in _axe_violations(page)]
    page.keyboard.press("Escape")
    if NARROW in viewports:
        page.click("label.md-header__button[for='__drawer']")  # the menu button, shown at this width
        assert page.evaluate("document.getElementById('__drawer').checked") is True
        walk.axe += [f"320px /sen-support/ with the menu open: {v}" for v in _axe_violations(page)]
    # Search on the 404 page too: its addresses are the only ones that are not relative.
    page.goto(base + MISSING_PAGE, wait_until="load")
    _open_search(page)
    walk.axe += [f"{width} /{MISSING_PAGE} with search results: {v}" for v in _axe_violations(page)]
    context.close()
    return walk


@pytest.fixture(scope="module")
def walks(browser: Browser, sites: dict[str, str], built_site: Path) -> dict[str, Walk]:
    return {slug: _walk(browser, sites[slug], _page_paths(built_site, slug)) for slug in SEED_SLUGS}


# --- every page of every publisher ---------------------------------------------------------


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_axe_finds_no_violations_on_any_page(walks: dict[str, Walk], slug: str) -> None:
    """WCAG 2.0, 2.1 and 2.2 A and AA rules, on every page at both widths, with search
    results showing, and with the menu open at 320 px."""
    violations = walks[slug].axe
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_nothing_is_requested_from_other_sites(walks: dict[str, Walk], sites: dict[str, str], slug: str) -> None:
    """Every request of every page, search included, goes to the site itself, and is answered."""
    requested = walks[slug].requested
    origin = urlsplit(sites[slug]).netloc
    assert [url for url in requested if urlsplit(url).netloc != origin] == []
    assert walks[slug].failed == []
    # The search index is fetched by Material's search worker: seeing it shows that the
    # recording includes workers' requests, not only the pages' own.
    assert sites[slug] + "search/search_index.json" in requested


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_page_is_in_british_english(walks: dict[str, Walk], slug: str) -> None:
    languages = walks[slug].languages
    assert set(languages.values()) == {"en-GB"}, languages


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_page_fits_320_css_pixels_without_scrolling_sideways(walks: dict[str, Walk], slug: str) -> None:
    """WCAG 1.4.10: at 400% zoom of a 1280 px window, text reflows into one column."""
    assert walks[slug].overflowing == {}


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_at_320_css_pixels_no_phone_number_is_broken_over_two_lines(walks: dict[str, Walk], slug: str) -> None:
    assert walks[slug].split_numbers == {}


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_page_links_to_the_accessibility_statement(
    walks: dict[str, Walk], sites: dict[str, str], built_site: Path, slug: str
) -> None:
    """From the footer and from the menu, the 404 page's too."""
    statement = sites[slug] + "accessibility/"
    expected = {path: [statement, statement] for path in _page_paths(built_site, slug)}
    assert walks[slug].statement_links == expected


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["1280px", "320px"])
def test_the_drift_report_passes_axe_and_fits_320_css_pixels(
    page: Page, built_site: Path, viewport: ViewportSize
) -> None:
    """The report a council web team reads (site-reports/drift.html) is held to the sites' standard."""
    reports = built_site.parent / f"{built_site.name}-reports"
    assert (reports / "drift.html").is_file()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(reports)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.set_viewport_size(viewport)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/drift.html", wait_until="load")
    finally:
        server.shutdown()
        server.server_close()
    assert page.evaluate("() => document.documentElement.lang") == "en-GB"
    violations = _axe_violations(page)
    assert not violations, "\n".join(violations)
    overflowing = page.evaluate(_OVERFLOWING)
    assert not overflowing, overflowing


def test_search_suggests_a_word_and_highlights_it_on_the_page_it_opens(page: Page, sites: dict[str, str]) -> None:
    page.goto(sites["kent"] + "sen-support/", wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type("supp")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_function("document.querySelector('.md-search__suggest').textContent.startsWith('support')")
    first = page.locator(".md-search-result__item a").first
    assert "?h=supp" in (first.get_attribute("href") or "")
    with page.expect_navigation():
        first.click()
    page.wait_for_selector("article mark[data-md-highlight]")  # once the page has loaded the search index
    marked = page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert marked and all(word.lower().startswith("supp") for word in marked), marked


def test_a_back_to_top_button_appears_when_scrolling_back_up(page: Page, sites: dict[str, str]) -> None:
    page.set_viewport_size(NARROW)  # a long page at 320 px
    page.goto(sites["kent"] + "sen-support/graduated-approach/", wait_until="load")
    top = page.locator("[data-md-component='top']")
    assert top.get_attribute("hidden") is not None  # Material shows it by taking `hidden` away
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -400)
    page.wait_for_function("!document.querySelector(\"[data-md-component='top']\").hidden")
    assert top.inner_text().strip() == "Back to top"
    top.click()
    page.wait_for_function("window.scrollY === 0")


# --- the same sites under a sub-path -----------------------------------------------------------

SUB_PATH = "a/sub/path/"
"""Where a council's web server might put the sites: https://www.example.org.uk/a/sub/path/kent/."""


@pytest.fixture(scope="module")
def sub_path_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The seed sites built for https://www.example.org.uk/a/sub/path/ and served at /a/sub/path/ on 127.0.0.1.

    Yields the served folder (the web server's root) and the address of /a/sub/path/.
    """
    root = tmp_path_factory.mktemp("sub-path-project")
    for part in ("content", "authorities", "templates"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content" / "publishing.yml").write_text(f"sites_address: https://www.example.org.uk/{SUB_PATH}\n")
    served = tmp_path_factory.mktemp("web-server-root")
    results = build_publishers(Project(root), SEED_SLUGS, served / SUB_PATH, formats=frozenset(), jobs=2)
    assert [r.slug for r in results if not r.ok] == [], [r.problems or r.error or r.bug for r in results]
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield served / SUB_PATH, f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_under_a_sub_path_every_page_the_404_page_and_search_work(
    browser: Browser, sub_path_sites: tuple[Path, str], slug: str
) -> None:
    """Served at /a/sub/path/<slug>/: every page and a missing page's 404 page load everything they ask for,
    search finds results (on a page and on the 404 page), and axe-core finds no violations."""
    folder, base = sub_path_sites
    walk = _walk(browser, base + f"{slug}/", _page_paths(folder, slug), viewports=(DESKTOP,))
    assert walk.failed == []
    assert not walk.axe, "\n".join(walk.axe)
    assert base + f"{slug}/search/search_index.json" in walk.requested
    assert base + f"{slug}/assets/stylesheets/sen-leaflets.css" in walk.requested
    assert set(walk.languages.values()) == {"en-GB"}


def test_under_a_sub_path_the_list_of_publishers_leads_to_each_site(
    page: Page, sub_path_sites: tuple[Path, str]
) -> None:
    _, base = sub_path_sites
    page.goto(base, wait_until="load")
    links = page.eval_on_selector_all("main a", "links => links.map(a => a.href)")
    assert sorted(links) == sorted(f"{base}{slug}/" for slug in SEED_SLUGS)


# --- keyboard --------------------------------------------------------------------------------


def _focused(page: Page) -> dict[str, Any]:
    """The focused element and its first box (a link wrapped over two lines has two)."""
    return dict(
        page.evaluate(
            """() => { const e = document.activeElement; const box = e.getClientRects()[0];
                   return { tag: e.tagName.toLowerCase(), cls: e.className, text: e.textContent.trim().slice(0, 40),
                            href: e.getAttribute("href"), inArticle: !!e.closest("article"),
                            box: box ? { x: box.x, y: box.y, width: box.width, height: box.height } : null }; }"""
        )
    )


def _focus_ring_problem(page: Page, focused: dict[str, Any], viewport: ViewportSize) -> str | None:
    """Why the focused element's focus indicator cannot be seen, or None if it can.

    Seen means: the element is on screen, and a screenshot around it shows at least one full
    side of the 3 px yellow ring, 3 pixels for each pixel of its width.
    """
    box = focused["box"]
    if box is None or box["width"] == 0 or box["height"] == 0:
        return "has no size"
    left, top = max(box["x"], 0), max(box["y"], 0)
    right, bottom = min(box["x"] + box["width"], viewport["width"]), min(box["y"] + box["height"], viewport["height"])
    if right <= left or bottom <= top:
        return f"is off screen at {box}"
    x, y = max(left - 8, 0), max(top - 8, 0)
    clip: FloatRect = {
        "x": x,
        "y": y,
        "width": min(right + 8, viewport["width"]) - x,
        "height": min(bottom + 8, viewport["height"]) - y,
    }
    shot = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    ring = sum(count for count, colour in shot.getcolors(shot.width * shot.height) or [] if colour == FOCUS_RING)
    needed = 3 * int(right - left)
    return None if ring >= needed else f"shows {ring} pixels of focus ring, fewer than {needed}"


@pytest.mark.parametrize("key", ["Tab", "Shift+Tab"], ids=["forwards", "backwards"])
@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["1280px", "320px"])
@pytest.mark.parametrize("path", ["", "sen-support/", "accessibility/"])
def test_keyboard_focus_is_always_visible(
    page: Page, sites: dict[str, str], path: str, viewport: ViewportSize, key: str
) -> None:
    """WCAG 2.4.7 and 2.4.11: Tab through a whole page, and back (Shift+Tab) from its end; every stop is on
    screen and ringed. Going back, the browser scrolls a stop to the top of the window, where the sticky header
    is: without room kept for it there, a phone showed links wholly under the header."""
    page.set_viewport_size(viewport)
    page.goto(sites["kent"] + path, wait_until="load")
    problems = []
    stops = 0
    for _ in range(300):
        page.keyboard.press(key)
        page.evaluate(WAIT_FOR_FRAMES)
        focused = _focused(page)
        if focused["tag"] == "body":  # past the last stop: focus has left the page
            break
        stops += 1
        problem = _focus_ring_problem(page, focused, viewport)
        if problem:
            problems.append(f"{focused['tag']}.{focused['cls']} {focused['text']!r} {problem}")
    else:
        pytest.fail("Tab never left the page")
    assert stops >= 10  # the header, the menu, the content's links and the footer's
    assert problems == []


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["1280px", "320px"])
@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_skip_link_takes_the_keyboard_past_the_navigation(
    page: Page, sites: dict[str, str], slug: str, viewport: ViewportSize
) -> None:
    page.set_viewport_size(viewport)
    page.goto(sites[slug] + "sen-support/", wait_until="load")
    page.keyboard.press("Tab")
    skip = _focused(page)
    assert (skip["tag"], skip["text"]) == ("a", "Skip to content")
    assert _focus_ring_problem(page, skip, viewport) is None
    heading_id = page.evaluate("document.querySelector('article h1').id")
    assert skip["href"] == f"#{heading_id}"

    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#{heading_id}"
    assert page.evaluate("document.querySelector('article h1').getBoundingClientRect().top") < viewport["height"] / 4
    page.keyboard.press("Tab")
    after = _focused(page)
    first_link = page.evaluate("document.querySelector('article a[href]').getAttribute('href')")
    assert (after["inArticle"], after["href"]) == (True, first_link)


# --- the accessibility statement -------------------------------------------------------------

# How each seed publisher's statement says to ask for other formats and report problems:
# its email, phones and website, from its YAML.
STATEMENT_CONTACTS = {
    "durham": ["mailto:sendiass@durham.gov.uk", "tel:+441915873541"],
    "kent": ["mailto:iask@kent.gov.uk", "tel:+443000413000", "https://www.iask.org.uk"],
    "essex": ["https://send.essex.gov.uk/"],
    "bath-and-north-east-somerset": [
        "mailto:send_partnershipservice@bathnes.gov.uk",
        "tel:+441225394382",
        "tel:+447530263401",
        "https://www.spsbathnes.org.uk",
    ],
    "contact": ["mailto:helpline@cafamily.org.uk", "tel:+448088083555"],
}
STATEMENT_NAMES = {
    "durham": "Durham SENDIASS",
    "kent": "Information Advice and Support Kent",
    "essex": "Essex Local Offer",
    "bath-and-north-east-somerset": "SEND Partnership Service",
    "contact": "Contact a Family",
}
STATEMENT_HEADINGS = [
    "h2 Using this website",
    "h2 Other formats",
    "h2 Reporting accessibility problems with this website",
    "h2 Enforcement procedure",
    "h2 Technical information about this website's accessibility",
    "h3 Compliance status",
    "h3 PDF leaflets",
    "h3 Other formats: EPUB, Word and braille",
    "h2 Non-accessible content",
    "h3 Non-compliance with the accessibility regulations",
    "h3 Content that is not within the scope of the accessibility regulations",
    "h2 Preparation of this statement",
    "h3 How we tested this website",
]
"""GOV.UK's model statement, for a site not yet audited by hand (the seeds): partially compliant."""


def _section_links(page: Page, heading: str) -> list[str]:
    """The addresses linked from the lists in the section under an h2 (the list of other formats links nowhere)."""
    return list(
        page.evaluate(
            """heading => {
                 let e = [...document.querySelectorAll("article h2")].find(h => h.textContent === heading);
                 const found = [];
                 for (e = e.nextElementSibling; e && e.tagName !== "H2"; e = e.nextElementSibling) {
                   if (e.tagName === "UL") found.push(...[...e.querySelectorAll("a")].map(a => a.getAttribute("href")));
                 }
                 return found; }""",
            heading,
        )
    )


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_accessibility_statement_says_what_the_regulations_require(
    page: Page, sites: dict[str, str], slug: str
) -> None:
    """SI 2018/952 regulation 8: status, alternatives and how to ask, reporting, enforcement, PDFs."""
    page.goto(sites[slug], wait_until="load")
    page.locator(".sen-contact a", has_text="Accessibility statement").click()
    page.wait_for_url(sites[slug] + "accessibility/")  # and for the page to load
    assert page.title() == f"Accessibility statement - {STATEMENT_NAMES[slug]}"
    article = page.locator("article")
    assert article.locator("h1").inner_text() == f"Accessibility statement for {STATEMENT_NAMES[slug]}"
    headings = article.locator("h2:not(#sen-downloads-title), h3:not(#sen-other-formats-title)").evaluate_all(
        "hs => hs.map(h => h.tagName.toLowerCase() + ' ' + h.textContent)"
    )
    assert headings == STATEMENT_HEADINGS
    assert _section_links(page, "Other formats") == STATEMENT_CONTACTS[slug]
    assert _section_links(page, "Reporting accessibility problems with this website") == STATEMENT_CONTACTS[slug]
    text = " ".join(article.inner_text().split())
    assert (
        "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard: "
        "no non-compliances are known, but it has not yet been audited by hand, so it cannot yet be said to comply "
        "fully." in text
    )
    assert "fully compliant" not in text, "never without a manual audit"
    assert "This website has not yet been audited by hand." in text
    assert "The accessibility regulations cover PDF documents published after 23 September 2018 too." in text
    links = dict(article.locator("a").evaluate_all("as => as.map(a => [a.textContent, a.getAttribute('href')])"))
    assert links["Equality and Human Rights Commission"] == "https://www.equalityhumanrights.com/"
    assert links["Equality Advisory and Support Service"] == "https://www.equalityadvisoryservice.com/"
    # Both accessible PDFs of the leaflet are named, with the sizes the downloads box gives; the box also
    # offers the print-shop booklet, which the statement says is not for reading.
    offered = page.locator(".sen-downloads li").all_inner_texts()
    downloads = [d for d in offered if "(PDF, " in d]
    pdfs = article.locator("h3#pdf-leaflets ~ ul").first.locator("li").all_inner_texts()
    assert [re.sub(r",? (standard|large) print", "", d) for d in pdfs] == [
        re.sub(r",? (standard|large) print", "", d) for d in downloads if "booklet" not in d
    ]
    assert len(pdfs) == 2
    booklets = [d for d in downloads if "booklet" in d]
    assert len(booklets) == 1 and booklets[0].endswith(
        "for printing only; to read it on screen or print it at home, use the standard or large print PDF"
    ), booklets
    assert "The A5 booklets are for print shops" in text
    # The EPUB, the Word document and the braille file are named with the sizes the box gives.
    others = article.locator("h3#other-formats-epub-word-and-braille ~ ul").first.locator("li").all_inner_texts()
    assert others == [d for d in offered if "(PDF, " not in d]
    assert [re.search(r"\((EPUB|DOCX|BRF), ", d).group(1) for d in others] == ["EPUB", "DOCX", "BRF"]  # type: ignore[union-attr]


def test_accessibility_statement_needs_a_way_to_contact_the_publisher(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace(
            "contact:\n  helpline:\n    number: 03000 41 3000\n  email: help@example.org.uk\n",
            "contact:\n  address: [1 High Street]\n",
        )
    )
    project = Project(tiny_project)
    library = load_library(project)
    publisher = load_publisher(project, "demo", library)
    with pytest.raises(ContentError) as raised:
        accessibility_page(project, library, publisher, [], [])
    assert [p.format(tiny_project) for p in raised.value.problems] == [
        "authorities/demo.yml:7:1: error: the accessibility statement needs a way to contact you: "
        "add contact.email or contact.helpline"
    ]


# --- printing ------------------------------------------------------------------------------


def test_printed_page_has_the_text_and_link_addresses_without_the_screen_furniture(
    page: Page, sites: dict[str, str], tmp_path: Path
) -> None:
    page.goto(sites["kent"] + "sen-support/", wait_until="load")
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), format="A4")  # Chromium's print, as from the browser's Print menu
    with pdfplumber.open(pdf) as printed:
        text = "\n".join(p.extract_text() for p in printed.pages)
        sizes = [round(char["size"], 1) for p in printed.pages for char in p.chars]
    flat = re.sub(r"\s", "", text)  # link addresses are broken over lines anywhere
    words = " ".join(text.split())
    assert "SENDCodeofPractice(https://www.gov.uk/government/publications/send-code-of-practice-0-to-25)" in flat
    assert "iask@kent.gov.uk" in flat and "(mailto:" not in flat  # email links show their address already
    # A link whose words are its address is not followed by it again (the footer's website was printed twice).
    assert "Website:www.iask.org.uk" in flat and "(https://www.iask.org.uk" not in flat
    shown_twice = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="http"]')]
              .filter(a => a.textContent.includes(a.href.replace(/^https?:\\/\\/(www\\.)?/, '').replace(/\\/$/, '')))
              .filter(a => !a.classList.contains('shows-address')).map(a => a.href)"""
    )
    assert shown_twice == []
    assert "Special Educational Needs (SEN) support in mainstream schools" in words  # the page's heading
    for furniture in ("Skip to content", "Search", "Print or download", "Made with", "Previous", "Next"):
        assert furniture not in words
    # Body text at 12 pt, as in the standard print leaflets (Material prints 10 pt).
    assert max(set(sizes), key=sizes.count) == 12.0
    assert min(sizes) >= 12.0
