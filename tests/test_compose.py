"""Composition: publisher changes, Jinja variables, quotations, joint services."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.compose.leaflet import compose_leaflet
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.problems import ContentError

DEMO = Path(__file__).parent / "fixtures" / "tiny" / "authorities" / "demo.yml"


def _compose(root: Path) -> list[tuple[str, list[str], str]]:
    project = Project(root)
    library = load_library(project)
    leaflet = compose_leaflet(library, load_publisher(project, "demo", library), "sen-support")
    return [(s.title, [b.id for b in s.blocks], s.markdown) for s in leaflet.sections]


def _refused(root: Path) -> list[str]:
    """What composing the demo publisher refuses, as check prints it."""
    with pytest.raises(ContentError) as caught:
        _compose(root)
    return [problem.format(root) for problem in caught.value.problems]


def test_local_block_is_added_after_its_anchor(tiny_project: Path) -> None:
    sections = _compose(tiny_project)
    assert [ids for _, ids, _ in sections] == [
        ["intro", "demo-local-note"],
        ["support-forms", "specialist-help", "contact-panel"],
    ]


def test_variables_render_the_publishers_facts(tiny_project: Path) -> None:
    intro = _compose(tiny_project)[0][2]
    assert intro.startswith(
        "The [Local Offer](<https://www.kent.gov.uk/local-offer>) published by Kent County Council "
        "also sets out what support it expects schools to make."
    )


def test_joint_service_reads_naturally_for_several_authorities(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace(
            "serves:\n",
            "serves:\n  - gss: E06000018\n    name: Nottingham City Council\n"
            "    local_offer: {url: 'https://www.nottinghamshire.gov.uk/city'}\n",
        )
    )
    intro = _compose(tiny_project)[0][2]
    assert intro.startswith(
        "The Local Offers published by [Nottingham City Council](<https://www.nottinghamshire.gov.uk/city>)"
        " and [Kent County Council](<https://www.kent.gov.uk/local-offer>) also set out what support they "
        "expect schools to make."
    )


def test_leave_out_replace_and_add_before(tiny_project: Path) -> None:
    (tiny_project / "authorities" / "demo" / "blocks" / "demo-forms.md").write_text(
        "---\ntitle: Our list\n---\n- our own list item\n"
    )
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text()
        + "    leave_out: [specialist-help]\n    replace: {support-forms: demo-forms}\n"
        + "    add_before: {contact-panel: [demo-local-note]}\n"
        + "    title: Our own title\n"
    )
    demo.write_text(demo.read_text().replace("    add_after:\n      intro: [demo-local-note]\n", ""))
    assert [ids for _, ids, _ in _compose(tiny_project)] == [
        ["intro"],
        ["demo-forms", "demo-local-note", "contact-panel"],
    ]


def test_a_shared_list_split_into_blocks_stays_one_list(tiny_project: Path) -> None:
    markdown = _compose(tiny_project)[1][2]
    assert "- extra help from a teacher\n- advice and/or extra help from specialists\n" in markdown


def test_quotation_of_an_unknown_paragraph_is_an_error(tiny_project: Path) -> None:
    intro = tiny_project / "content" / "blocks" / "intro.md"
    intro.write_text(intro.read_text().replace("code-of-practice 6.1", "code-of-practice 6.99"))
    assert _refused(tiny_project) == [
        "content/blocks/intro.md:8:1: error: paragraph '6.99' of the Code of Practice is not in "
        "content/code-of-practice.yml: check the number, or add it to 'paragraphs' there"
    ]


def test_unknown_jinja_variable_is_an_error_at_its_line(tiny_project: Path) -> None:
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text() + "\nCall {{ publisher.helpline_number }} today.\n")
    assert _refused(tiny_project) == [
        "authorities/demo/blocks/demo-local-note.md:6:1: error: unknown variable: publisher.helpline_number is not "
        "a publisher fact: see the README's list of variables a block can use"
    ]


def test_jinja_syntax_error_is_reported_at_its_line(tiny_project: Path) -> None:
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text() + "\n{% if publisher.name %}unclosed\n")
    problems = _refused(tiny_project)
    assert len(problems) == 1
    assert problems[0] == (
        "authorities/demo/blocks/demo-local-note.md:6:1: error: a {% if %} in this block is never closed: "
        "add {% endif %} where it should end"
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("{{ publisher.name }", "'}' is not expected here (a {{ is closed by two: }}): check the {{ }} and {% %}"),
        ("{{ publisher.name | upperr }}", "there is no 'upperr' to apply after | : did you mean 'upper'?"),
        ("{% for x in [1] %}{% endif %}", "{% endif %} comes while a {% for %} is still open: close that first with"),
        ("{% endfor %}", "{% endfor %} closes nothing: there is no {% for %} open before it"),
        ("{{ phone_link( }}", "a ')' is missing before the '}': check the {{ }} and {% %} in this line"),
        ("{{ a b }}", "'b' is not expected here: check the {{ }} and {% %} in this line"),
        ("{{ publisher.name", "a {{ or {% in this block is never closed: end it with }} or %}"),
        ("{% %}", "a {% %} with nothing in it: write what it should do, or remove it"),
        ('{{ "abc }}', "a quotation mark is never closed: check the {{ }} and {% %} in this line"),
        ("{{ 'abc }}", "a quotation mark is never closed: check the {{ }} and {% %} in this line"),
        ("{% set 1 = 2 %}", "only a name can be given a value here (like {% set helpline = '0300 123 4567' %})"),
        ("{{ phone_link(label='Call', '0300') }}", "in the ( ), values given with a name (like label='Call us') come"),
        (
            "{% macro f(a=1, b) %}{% endmacro %}",
            "in a {% macro %}, the names given a value (like label='Call us') come",
        ),
        ("{# a note", "a {# comment in this block is never closed: end it with #}"),
        ("{% include %}", "something is missing before the %}: check the {{ }} and {% %} in this line"),
        ("{% if x %}a{% else %}b{% else %}c{% endif %}", "{% else %} belongs between {% if ... %} and {% endif %}"),
    ],
)
def test_jinja_syntax_errors_are_said_in_an_editors_words(tiny_project: Path, written: str, message: str) -> None:
    """Jinja's own words ('Encountered unknown tag', 'expected token ...') were passed on as they were."""
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text() + f"\n{written}\n")
    [problem] = _refused(tiny_project)
    assert problem.startswith(f"authorities/demo/blocks/demo-local-note.md:6:1: error: {message}"), problem


def test_values_from_yaml_cannot_become_markup(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace(
            "name: Kent County Council", "name: '<script>alert(1)</script> [x](javascript:alert(1))'"
        )
    )
    intro = _compose(tiny_project)[0][2]
    assert "<script>" not in intro
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(javascript&#58;alert\\(1\\)\\)" in intro


def test_sandbox_blocks_python_internals(tiny_project: Path) -> None:
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text() + "\n{{ link.__globals__ }}\n")
    with pytest.raises(ContentError) as caught:
        _compose(tiny_project)
    assert "__globals__" in caught.value.problems[0].message


def test_a_syntax_fault_in_an_included_block_is_that_blocks_alone(tiny_project: Path) -> None:
    """It was also blamed on the including block, at the included block's line number."""
    blocks = tiny_project / "authorities" / "demo" / "blocks"
    (blocks / "demo-other.md").write_text("---\ntitle: Other\n---\nLine one.\n\n{{ publisher.name\n")
    note = blocks / "demo-local-note.md"
    note.write_text(note.read_text() + '\n{% include "demo-other" %}\n')
    assert _refused(tiny_project) == [
        "authorities/demo/blocks/demo-other.md:6:1: error: a {{ or {% in this block is never closed: "
        "end it with }} or %}"
    ]


def test_a_mailto_link_cannot_add_mail_headers() -> None:
    """The schema refuses '?', '&' and '#' in an address; should one pass, its link still adds no headers."""
    from generator.compose.templating import mailto_uri

    assert (
        mailto_uri("help?bcc=x&subject=Hi#@example.org.uk") == "mailto:help%3Fbcc%3Dx%26subject%3DHi%23@example.org.uk"
    )
    assert mailto_uri("ask.us_2+sen%x-y@ncis.org.uk") == "mailto:ask.us_2+sen%25x-y@ncis.org.uk"
