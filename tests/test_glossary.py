"""The glossary (content/glossary.yml): each abbreviation explained where the websites use it, and a Glossary page."""

from __future__ import annotations

from pathlib import Path

from generator.inputs.schema import Glossary, GlossaryTerm
from generator.outputs.site.pages import explain_abbreviations
from tests.conftest import REPO, run_cli

GLOSSARY = Glossary(
    terms=(
        GlossaryTerm(abbreviation="SEN", meaning="special educational needs"),
        GlossaryTerm(abbreviation="SENCO", meaning="special educational needs co-ordinator"),
        GlossaryTerm(abbreviation="EHC", meaning="education, health and care"),
        GlossaryTerm(abbreviation="EHC plan", meaning='an "education, health & care" <plan>'),
    )
)


def test_each_abbreviation_is_explained_where_it_is_used_the_longest_first() -> None:
    html = explain_abbreviations(
        "<p>Ask the SENCO about SEN support, an EHC plan or EHC needs. <strong>SEN</strong> and SEN.</p>", GLOSSARY
    )
    assert html == (
        '<p>Ask the <abbr title="special educational needs co-ordinator">SENCO</abbr> about '
        '<abbr title="special educational needs">SEN</abbr> support, an '
        '<abbr title="an &quot;education, health &amp; care&quot; &lt;plan&gt;">EHC plan</abbr> or '
        '<abbr title="education, health and care">EHC</abbr> needs. '
        '<strong><abbr title="special educational needs">SEN</abbr></strong> and '
        '<abbr title="special educational needs">SEN</abbr>.</p>'
    )


def test_links_headings_code_and_parts_of_words_are_left_as_they_are() -> None:
    html = (
        '<h2 id="sen">SEN support</h2><p><a href="https://example.org">SEN guide</a> SENSIBLE '
        "SEN-support <code>SEN</code> XSEN</p>"
    )
    assert explain_abbreviations(html, GLOSSARY) == html
    assert explain_abbreviations("<p>SEN</p>", Glossary()) == "<p>SEN</p>"


def test_the_sites_explain_the_abbreviations_and_list_them_on_a_glossary_page(tiny_project: Path) -> None:
    (tiny_project / "content" / "glossary.yml").write_text((REPO / "content" / "glossary.yml").read_text())
    result = run_cli(tiny_project, "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    site = tiny_project / "site" / "demo"
    page = (site / "sen-support" / "what-is-sen-support" / "index.html").read_text()
    assert '<abbr title="special educational needs">SEN</abbr>' in page
    glossary = (site / "glossary" / "index.html").read_text()
    assert '<dt><abbr title="education, health and care plan' in glossary
    assert glossary.index('<dt><abbr title="education, health and care">EHC</abbr></dt>') < glossary.index(
        '<dt><abbr title="special educational needs">SEN</abbr></dt>'
    ), "in alphabetical order"
    assert 'href="../../glossary/"' in page, "in the menu"
    search = (site / "search" / "search_index.json").read_text()
    assert '"location":"glossary/"' in search


def test_an_abbreviation_twice_in_the_glossary_is_refused_where_it_is(tiny_project: Path) -> None:
    (tiny_project / "content" / "glossary.yml").write_text(
        "terms:\n  - abbreviation: SEN\n    meaning: one\n  - abbreviation: SEN\n    meaning: two\n"
    )
    result = run_cli(tiny_project, "check")
    assert result.exit_code == 1
    assert "content/glossary.yml:2:3: error: 'terms': 'SEN' is in the glossary twice: keep one" in result.output
