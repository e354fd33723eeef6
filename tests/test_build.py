"""Builds that lose nothing, and output that carries no markup or links from YAML values."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest

import generator.outputs.pdf.render as pdf_render
from tests.conftest import run_cli

SCRIPT = "<script>alert(1)</script>"
JAVASCRIPT = "javascript:alert(1)"


def attributes(html: str) -> list[tuple[str, str, str]]:
    """(element, attribute, value) of every attribute in a page, as a browser reads them."""
    found: list[tuple[str, str, str]] = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend((tag, name, value or "") for name, value in attrs)

    parser = Attributes()
    parser.feed(html)
    parser.close()
    return found


def _build(root: Path, *args: str) -> tuple[int, str]:
    result = run_cli(root, "build", *args, catch_exceptions=False)
    return result.exit_code, result.output


def test_script_and_javascript_in_yaml_reach_neither_html_nor_pdf(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text()
        + f"strapline: ['{SCRIPT}', '[Click me]({JAVASCRIPT})']\n"
        + f"accessible_formats: '<a href=\"{JAVASCRIPT}\">large print</a>'\n"
    )
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(
        note.read_text() + "\n{{ publisher.strapline[0] }} {{ publisher.strapline[1] }}\n"
        "{{ publisher.accessible_formats }}\n"
    )
    code, output = _build(tiny_project)
    assert code == 0, output
    site = tiny_project / "site" / "demo"
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert SCRIPT not in html, page
        for tag, name, value in attributes(html):
            assert not value.strip().lower().startswith("javascript:"), (page, tag, name, value)
    home = (site / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home  # shown as text, harmlessly
    for pdf_path in (site / "downloads").glob("*.pdf"):
        with pikepdf.open(pdf_path) as pdf:
            for page in pdf.pages:
                for annotation in page.get("/Annots", []):
                    action = annotation.get("/A")
                    uri = str(action.get("/URI", "")) if action is not None else ""
                    assert not uri.lower().startswith("javascript"), (pdf_path, uri)
                    assert action is None or action.get("/S") == "/URI", (pdf_path, action)
            assert "/JavaScript" not in pdf.Root and "/OpenAction" not in pdf.Root
        raw = pdf_path.read_bytes()
        assert b"/JS " not in raw and b"/JavaScript" not in raw


def test_a_failing_pdf_step_keeps_the_old_site_and_builds_the_others(tiny_project: Path) -> None:
    shutil.copy(tiny_project / "authorities" / "demo.yml", tiny_project / "authorities" / "other.yml")
    shutil.copytree(tiny_project / "authorities" / "demo", tiny_project / "authorities" / "other")
    code, output = _build(tiny_project)
    assert code == 0, output
    site = tiny_project / "site"
    before = {p.relative_to(site / "demo"): p.read_bytes() for p in (site / "demo").rglob("*") if p.is_file()}
    (tiny_project / "authorities" / "other.yml").write_text(
        (tiny_project / "authorities" / "other.yml").read_text().replace("Demo IASS", "Other IASS")
    )
    (tiny_project / "authorities" / "demo.yml").write_text(
        (tiny_project / "authorities" / "demo.yml").read_text().replace("Demo IASS", "Demo IASS, renamed")
    )
    real_render = pdf_render.render_pdf

    def render_or_break(
        document: pdf_render.PrintDocument, base_url: Path, allowed: frozenset[Path] = frozenset()
    ) -> pdf_render.RenderedPdf:
        if "Demo IASS, renamed" in document.html:
            raise pdf_render.PdfError("the PDF step broke on purpose")
        return real_render(document, base_url, allowed)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_render, "render_pdf", render_or_break)
        code, output = _build(tiny_project)
    assert code == 1
    assert "FAILED demo: nothing in site/demo/ was changed (a site made before stays)" in output
    assert "PdfError: the PDF step broke on purpose" in output
    assert "1 built, 1 failed: demo" in output
    after = {p.relative_to(site / "demo"): p.read_bytes() for p in (site / "demo").rglob("*") if p.is_file()}
    assert after == before, "the previous good site is untouched, byte for byte"
    assert "Other IASS" in (site / "other" / "index.html").read_text()
    assert (site / "other" / "downloads" / "sen-support.pdf").is_file()
    assert [p.name for p in site.iterdir() if p.name.startswith(".") and p.is_dir()] == [], "no half-built folders left"
