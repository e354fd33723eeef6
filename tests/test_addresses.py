"""Where the sites are published, in what they publish: canonical links, the sitemap, the 404 page's
addresses, and the meta description and link previews (Open Graph) from the leaflet's summary."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from tests.conftest import run_cli

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ADDRESS = "https://leaflets.demo-iass.org.uk/demo/"
"""tests/fixtures/tiny/content/publishing.yml's sites_address followed by the slug."""


class _Head(HTMLParser):
    """The <meta> and <link rel=canonical> of a page, and every address it loads a style sheet or script from."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values["href"]
        if tag == "link" and values.get("rel") == "stylesheet":
            self.loads.append(values["href"])
        if tag == "script" and values.get("src"):
            self.loads.append(values["src"])


def _head(path: Path) -> _Head:
    head = _Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def _pages(site: Path) -> dict[str, Path]:
    """Every page of a built publisher's site by its address relative to the site (the 404 page aside)."""
    return {
        ("" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"): page
        for page in sorted(site.rglob("index.html"))
    }


def _build(root: Path) -> Path:
    result = run_cli(root, "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    return root / "site" / "demo"


def test_the_sitemap_lists_every_page_at_its_full_address(tiny_project: Path) -> None:
    site = _build(tiny_project)
    tree = ElementTree.parse(site / "sitemap.xml")
    listed = [loc.text for loc in tree.iter(f"{SITEMAP}loc")]
    assert listed, "the sitemap is not empty"
    assert sorted(listed) == sorted(ADDRESS + path for path in _pages(site))
    assert len(listed) == len(set(listed))


def test_every_page_has_its_canonical_address_and_a_preview_from_the_leaflet_summary(tiny_project: Path) -> None:
    site = _build(tiny_project)
    for path, page in _pages(site).items():
        head = _head(page)
        assert head.canonical == ADDRESS + path, path
        assert head.meta["og:url"] == ADDRESS + path, path
        assert head.meta["og:site_name"] == "Demo IASS"
        assert head.meta["og:type"] == "website"
        assert head.meta["description"] == head.meta["og:description"], path
        assert head.meta["og:title"], path
    leaflet = _head(site / "sen-support" / "what-is-sen-support" / "index.html")
    assert leaflet.meta["description"] == "What schools must do."  # the leaflet's summary
    assert leaflet.meta["og:title"] == "What is SEN support?"
    assert _head(site / "index.html").meta["description"] == "What schools must do."
    assert "Demo IASS" in _head(site / "accessibility" / "index.html").meta["description"]


def test_a_publishers_own_site_url_wins_and_a_summary_stays_text(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text()
        .replace("name: Demo IASS\n", "name: Demo IASS\nsite_url: https://www.example.org.uk/sen/\n", 1)
        .replace(
            "  sen-support:\n", "  sen-support:\n    summary: 'Rules \"quoted\" <script>alert(1)</script> & more'\n", 1
        )
    )
    site = _build(tiny_project)
    head = _head(site / "sen-support" / "index.html")
    assert head.canonical == "https://www.example.org.uk/sen/sen-support/"
    assert head.meta["og:description"] == 'Rules "quoted" <script>alert(1)</script> & more'
    raw = (site / "sen-support" / "index.html").read_text()
    assert "<script>alert(1)" not in raw
    assert 'content="Rules &#34;quoted&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"' in raw
    loc = [e.text for e in ElementTree.parse(site / "sitemap.xml").iter(f"{SITEMAP}loc")]
    assert "https://www.example.org.uk/sen/sen-support/" in loc


def test_the_404_page_loads_its_styles_from_the_sites_own_path_under_a_sub_path(tiny_project: Path) -> None:
    """A missing page can be anywhere in the site, so the 404 page's addresses start from the site's own path."""
    publishing = tiny_project / "content" / "publishing.yml"
    publishing.write_text("sites_address: https://www.example.org.uk/a/sub/path/\n")
    site = _build(tiny_project)
    loads = _head(site / "404.html").loads
    assert loads
    assert all(address.startswith("/a/sub/path/demo/") for address in loads), loads
    # The other pages' addresses are relative, so the same files work wherever they are put.
    for page in _pages(site).values():
        assert not [a for a in _head(page).loads if re.match(r"/|https?:", a)], page


def test_the_404_page_says_in_its_title_and_heading_that_the_page_was_not_found(tiny_project: Path) -> None:
    """WCAG 2.4.2: its title was the site's name alone, read out as if the home page had opened."""
    publishing = tiny_project / "content" / "publishing.yml"
    publishing.write_text("sites_address: https://www.example.org.uk/a/sub/path/\n")
    site = _build(tiny_project)
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "<title>Page not found - Demo IASS</title>" in page
    assert "<h1>Page not found</h1>" in page
    home = re.search(r'<a href="([^"]+)">Go to the home page of Demo IASS</a>', page)
    assert home and home.group(1).removesuffix(".") == "/a/sub/path/demo/", "the home page, from anywhere at all"
