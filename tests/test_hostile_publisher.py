"""The safety net on its own: a publisher whose blocks and YAML hold every script vector is
built *past* `check` (which refuses it), and its pages and PDFs are proved harmless.

`check` explains what the sanitiser refuses; this proves the sanitiser, and WeasyPrint's
one door to files, hold even if `check` were skipped or missed something. The pages are
opened in Debian's Chromium: no script of the publisher's runs, no dialog opens, and
no request leaves the site. The PDFs hold no JavaScript, no embedded files, and no
link actions but http, https, mailto and tel (and jumps within the document).

`site_url` is not among the vectors: it is validated as a plain https:// address
before it can reach a page (tests/fixtures/hostile/site-url-*.yml).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Browser, Dialog

from generator.build.editions import make_editions, plan_editions
from generator.compose.leaflet import compose_publisher
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.outputs.downloads import OUTPUTS
from generator.outputs.site.mkdocs_site import render_site
from generator.outputs.site.pages import lay_out_site
from tests.browser import SiteHandler, new_page
from tests.conftest import FIXTURES, REPO, run_cli

EXTERNAL = "https://evil.example"
BLOCK_VECTORS = [
    '<script>alert("script")</script>',
    '<a\nonclick="alert(\'next line\')" href="https://www.example.org">handler on the next line</a>',
    "<a href=\"jav&#x61;script:alert('reference')\">character reference</a>",
    "<a href=\"javascript&colon;alert('colon')\">named colon</a>",
    "<a href=\"java&#9;script:alert('tab')\">tab</a>",
    "Read [our advice][evil].\n\n[evil]: javascript:alert('definition')",
    "<img src=x onerror=alert('unquoted')>",
    f'<base href="{EXTERNAL}/">',
    '<svg onload="alert(\'svg\')"><circle r="4"/></svg>',
    "<iframe srcdoc=\"&lt;script&gt;alert('srcdoc')&lt;/script&gt;\"></iframe>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\"></noscript>",
    "<details open ontoggle=\"alert('toggle')\">more</details>",
    "<input autofocus onfocus=\"alert('focus')\">",
    f'<p style="background:url({EXTERNAL}/style.png)">styled</p>',
    f"<style>@import url({EXTERNAL}/import.css); body {{ background: url({EXTERNAL}/bg.png) }}</style>",
    f'<link rel="stylesheet" href="{EXTERNAL}/sheet.css">',
    f'<meta http-equiv="refresh" content="0;url={EXTERNAL}/">',
    f"![map]({EXTERNAL}/map.png)",
    f'<video src="{EXTERNAL}/v.mp4" poster="{EXTERNAL}/p.png"></video>',
    f'<object data="{EXTERNAL}/x.swf"></object><embed src="{EXTERNAL}/x.swf">',
    f'<form action="{EXTERNAL}/"><button formaction="javascript:alert(\'form\')">go</button></form>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(\'math\')">x</maction></math>',
    "[attachment](/etc/passwd)",
    '<a href="/etc/passwd" rel="attachment">attachment</a>',
    '<h2 id="__config">clobber</h2>',
    "<a href=\"vbscript:msgbox('vb')\">vb</a>",
    f'<a href="{EXTERNAL}/" ping="{EXTERNAL}/ping">ping</a>',
    "Call [0300 \u202e123 4567](tel:03001234567) or [our site](https://www.example.org/&#x2067;evil)&#x2069;.",
    "Pasted from a word processor:\x0bits line break, its page break\x0c and a terminal's \x1b[2Jescape\x85.",
]
REORDERING_CHARACTERS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
YAML_VECTORS = [
    "<script>alert('yaml')</script>",
    "\"><img src=x onerror=alert('yaml attribute')>",
    "[link](javascript:alert('yaml link'))",
    "javascript:alert('yaml bare')",
    "Welcome\n===\n\n    <script>alert('yaml code')</script>",
]


YAML_IN_BLOCK = (
    "{{ publisher.strapline | join(' ') }} {{ publisher.contact.address | join(' ') }} "
    "{{ publisher.contact.address_note }} {{ publisher.contact.opening_hours }} {{ publisher.accessible_formats }}"
)
"""Prints every YAML vector in the leaflet, beside the places the templates print them."""


def _project(root: Path) -> Path:
    shutil.copytree(FIXTURES / "tiny", root)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("code-of-practice.yml", "local-authorities.csv"):
        shutil.copy(REPO / "content" / name, root / "content" / name)
    return root


def _build_past_check(root: Path) -> Path:
    project = Project(root)
    library = load_library(project)
    publisher = load_publisher(project, "demo", library)
    leaflets = compose_publisher(library, publisher)
    pdfs = make_editions(plan_editions(project, leaflets, publisher.logo_file, frozenset(OUTPUTS)), project.root)
    site = root / "site" / "demo"
    render_site(project, lay_out_site(project, library, publisher, leaflets, [d for d, _ in pdfs]), site)
    for download, data in pdfs:
        (site / download.path).parent.mkdir(parents=True, exist_ok=True)
        (site / download.path).write_bytes(data)
    return site


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same publisher without the vectors: what the theme itself puts on every page."""
    return _build_past_check(_project(tmp_path_factory.mktemp("clean") / "project"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project's publisher, built with every vector, although `check` refuses it."""
    root = _project(tmp_path_factory.mktemp("hostile") / "project")
    note = root / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    vectors = "\n\n".join(BLOCK_VECTORS)
    note.write_text(note.read_text() + f"\n{vectors}\n\n{YAML_IN_BLOCK}\n")
    quoted = [value.replace("'", "''") for value in YAML_VECTORS]
    demo = root / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace(
            "  email: help@example.org.uk\n",
            "  email: help@example.org.uk\n"
            f"  address: ['{quoted[0]}', '{quoted[1]}']\n"
            f"  address_note: '{quoted[2]}'\n"
            f"  opening_hours: '{quoted[3]}'\n",
        )
        + f"strapline: ['{quoted[4]}', '{quoted[0]}']\naccessible_formats: '{quoted[1]}'\n"
    )
    assert run_cli(root, "check").exit_code == 1, "check refuses this publisher; the test builds it anyway"
    return _build_past_check(root)


@contextmanager
def _served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


_DANGER = """() => {
  const found = [];
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      const value = a.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (a.name.startsWith("on")) found.push(`${e.tagName} ${a.name}`);
      if (/^(javascript|vbscript|data):/.test(value)) found.push(`${e.tagName} ${a.name}=${a.value}`);
    }
    const tag = e.tagName.toLowerCase();
    const active = ["base", "iframe", "object", "embed", "form", "input", "button", "video", "svg", "math"];
    if ([...active, "noscript"].includes(tag)) {
      found.push(`<${tag}>`);
    }
    if (tag === "meta" && e.httpEquiv) found.push(`<meta http-equiv=${e.httpEquiv}>`);
    if (tag === "img" && !e.closest(".sen-logo")) found.push(`<img src=${e.getAttribute("src")}>`);
    if (tag === "script" && !(e.id === "__config" || /assets\\/javascripts\\//.test(e.getAttribute("src") || ""))) {
      found.push(`<script> ${e.outerHTML.slice(0, 80)}`);
    }
    if (tag === "style" || (tag === "link" && !/assets\\/stylesheets\\//.test(e.getAttribute("href") || ""))) {
      found.push(`<${tag}> ${e.outerHTML.slice(0, 80)}`);
    }
  }
  return found;
}"""


def _dangers(browser: Browser, base: str, pages: list[str]) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """Per page, what could run a script or load from elsewhere; the dialogs opened; requests to other hosts."""
    context, page = new_page(browser)
    dialogs: list[str] = []
    outside: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(base) else None)
    dangers: dict[str, list[str]] = {}
    for path in pages:
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(300)  # let handlers that fire by themselves (onerror, ontoggle) have their chance
        for link in page.query_selector_all("article a"):
            link.hover()
        dangers[path] = page.evaluate(_DANGER)
    context.close()
    return dangers, dialogs, outside


def test_no_script_runs_and_nothing_leaves_the_site_on_any_page(
    browser: Browser, hostile_site: Path, clean_site: Path
) -> None:
    pages = sorted(
        "" if page.parent == hostile_site else page.parent.relative_to(hostile_site).as_posix() + "/"
        for page in hostile_site.rglob("index.html")
    )
    assert len(pages) >= 4
    with _served(clean_site) as base:
        theirs, _, _ = _dangers(browser, base, pages)
    with _served(hostile_site) as base:
        dangers, dialogs, outside = _dangers(browser, base, pages)
    assert dialogs == [], "a script of the publisher's ran"
    assert outside == [], "a page asked another site for something"
    added = {path: [d for d in found if d not in theirs[path]] for path, found in dangers.items()}
    assert {path: found for path, found in added.items() if found} == {}, (
        "a page holds what could run a script or load from elsewhere, beyond the theme's own"
    )
    assert any(theirs.values()), "the scan sees the theme's own scripts, so it would see others"


def test_the_vectors_were_on_the_pages_as_harmless_text(hostile_site: Path) -> None:
    """The test above proves something: the vectors reached the pages, as text or stripped."""
    leaflet = (hostile_site / "sen-support" / "index.html").read_text()
    home = (hostile_site / "index.html").read_text()
    assert "handler on the next line" in leaflet and "character reference" in leaflet
    assert "&lt;script&gt;alert('yaml')&lt;/script&gt;" in home
    assert "[link](javascript:alert('yaml link'))" in leaflet


def test_no_published_file_holds_a_character_that_reorders_text(hostile_site: Path) -> None:
    """A direction control shows a phone number, or a link's words, in another order than written."""
    leaflet = (hostile_site / "sen-support" / "index.html").read_text()
    assert "0300 123 4567" in leaflet, "the vector reached the page, without its override"
    texts: dict[str, str] = {}
    for path in hostile_site.rglob("*"):
        if path.suffix in {".html", ".json", ".xml", ".txt", ".brf", ".js"}:
            texts[str(path)] = path.read_text(errors="replace")
        elif path.suffix in {".epub", ".docx"}:
            with zipfile.ZipFile(path) as package:
                for member in package.namelist():
                    texts[f"{path}:{member}"] = package.read(member).decode(errors="replace")
        elif path.suffix == ".pdf":
            shown = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
            texts[str(path)] = shown.stdout
            with pikepdf.open(path) as pdf:
                links = [a.get("/A", {}).get("/URI", "") for page in pdf.pages for a in page.get("/Annots", [])]
                texts[f"{path}: its links"] = " ".join(map(str, links))
    assert any(".pdf" in name for name in texts) and any(".docx" in name for name in texts)
    held = [name for name, text in texts.items() if any(c in text for c in REORDERING_CHARACTERS)]
    assert held == []


def test_no_published_file_holds_a_control_character(hostile_site: Path) -> None:
    """A word processor's line or page break, or an escape character, shows as nothing or a box, and a screen
    reader may read it out: the sanitiser takes each out of what is published (check names them)."""
    leaflet = (hostile_site / "sen-support" / "index.html").read_text()
    assert "its page break and a terminal" in leaflet, "the vector reached the page, without its controls"
    controls = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]")
    held = []
    for path in hostile_site.rglob("*"):
        if path.suffix in {".html", ".xml", ".txt", ".js", ".json"}:
            text = path.read_text(errors="replace")
        elif path.suffix == ".pdf":
            # pdftotext ends each page with a form feed (U+000C) of its own.
            shown = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
            text = shown.stdout.replace("\f", "")
        else:
            continue
        if controls.search(text):
            held.append(path.name)
    assert held == []


def test_the_pdfs_hold_no_script_no_file_and_only_web_mail_and_phone_links(hostile_site: Path) -> None:
    pdfs = sorted((hostile_site / "downloads").glob("*.pdf"))
    assert len(pdfs) == 3  # standard and large print, and the booklet made from the large print
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            names = pdf.Root.get("/Names", pikepdf.Dictionary())
            assert "/EmbeddedFiles" not in names and "/JavaScript" not in names, path
            assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root, path
            targets = []
            for page in pdf.pages:
                assert "/AA" not in page.obj, path
                for annotation in page.get("/Annots", []):
                    assert annotation.get("/Subtype") == "/Link", (path, annotation.get("/Subtype"))
                    action = annotation.get("/A")
                    if action is None:
                        assert "/Dest" in annotation, path  # a jump within the document
                        continue
                    kind = str(action.get("/S"))
                    if kind == "/GoTo":
                        continue
                    assert kind == "/URI", (path, kind)
                    targets.append(str(action.URI))
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary):
                    assert obj.get("/S") not in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"), path
                    assert "/JS" not in obj and obj.get("/Type") != "/EmbeddedFile", path
        if path.name.endswith("-booklet.pdf"):
            assert targets == [], "the print-shop copy is paper: no links at all"
        else:
            assert targets, "the leaflet's links are there"
        schemes = {target.split(":", 1)[0] for target in targets}
        assert schemes <= {"http", "https", "mailto", "tel"}, (path, schemes)
        assert not any("evil.example" in target for target in targets if "ping" in target), path
        raw = path.read_bytes()
        assert b"/etc/passwd" not in raw and b"root:x:0:0" not in raw, path


@pytest.mark.parametrize(
    "html",
    [
        '<img src="file:///etc/passwd" alt="x">',
        '<a rel="attachment" href="file:///etc/passwd">form</a>',
        '<img src="https://evil.example/x.png" alt="x">',
        "<style>@import url(https://evil.example/x.css);</style>",
        '<img src="../../../../etc/hostname" alt="x">',
    ],
)
def test_weasyprint_reads_nothing_but_the_files_it_is_given(tmp_path: Path, html: str) -> None:
    """Whatever HTML reaches WeasyPrint, it may read only the listed files: never the network or the disk."""
    from generator.outputs.pdf.render import PdfError, PrintDocument, render_pdf

    page = f'<html lang="en-GB"><head><title>t</title></head><body><p>Text</p>{html}</body></html>'
    with pytest.raises(PdfError, match="the PDF asked for a file it may not read"):
        render_pdf(PrintDocument(page, "p { margin: 0 }"), tmp_path)


@pytest.mark.parametrize(
    "css",
    [
        "@import url(file:///etc/passwd);",
        "@import url(https://evil.example/x.css);",
        "@font-face { font-family: X; src: url(file:///etc/hostname); } p { font-family: X }",
        "body { background-image: url(file:///etc/passwd) }",
    ],
)
def test_the_print_stylesheet_reads_nothing_either(tmp_path: Path, css: str) -> None:
    """The stylesheet is read apart from the page (once per format): it may read no file and no address at all."""
    from generator.outputs.pdf.render import PdfError, PrintDocument, render_pdf

    page = '<html lang="en-GB"><head><title>t</title></head><body><p>Text</p></body></html>'
    with pytest.raises(PdfError, match="the PDF asked for a file it may not read"):
        render_pdf(PrintDocument(page, css), tmp_path)
