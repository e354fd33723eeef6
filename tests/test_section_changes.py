"""Section-level changes without copying the leaflet, and leaflets of a publisher's own.

A publisher retitles, moves or leaves out a section, or adds one of its own, in a few lines;
every section it did not change is still the shared one, so it keeps receiving shared changes.
A publisher's own leaflets live in authorities/<slug>/leaflets/. `drift` reports each change,
per leaflet.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.test_check import reported

CHANGES = """    section_titles:
      what-is-sen-support: What is extra help at school?
    add_sections:
      - id: help-in-kent
        title: Help in Kent
        blocks: [demo-kent-help]
        before: what-is-sen-support
    move_sections:
      introduction: {after: what-is-sen-support}
"""


def _set_up(root: Path) -> Path:
    demo = root / "authorities" / "demo.yml"
    demo.write_text(demo.read_text(encoding="utf-8") + CHANGES, encoding="utf-8")
    (root / "authorities" / "demo" / "blocks" / "demo-kent-help.md").write_text(
        "---\ntitle: Help in Kent\n---\nKent's schools can ask the inclusion team.\n", encoding="utf-8"
    )
    return demo


def _text(root: Path, page: str) -> str:
    html = (root / "site" / "demo" / page / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def test_retitle_add_and_move_sections_and_still_receive_shared_changes(tiny_project: Path) -> None:
    _set_up(tiny_project)
    assert [line for line in reported(tiny_project) if ": error: " in line] == []
    result = run_cli(tiny_project, "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    # The order: the added section, then the retitled one, then the moved introduction.
    first = _text(tiny_project, "sen-support")
    assert "Help in Kent" in first and "Kent's schools can ask the inclusion team." in first
    second = _text(tiny_project, "sen-support/what-is-sen-support")
    assert "What is extra help at school?" in second and "SEN support can take many forms" in second
    third = _text(tiny_project, "sen-support/introduction")
    assert "Schools in our area can also ask the inclusion team for advice." in third
    # A change to a shared block the publisher did not touch reaches it.
    shared = tiny_project / "content" / "blocks" / "support-forms.md"
    shared.write_text(shared.read_text().replace("can take many forms", "can take very many forms"))
    assert run_cli(tiny_project, "build", "--no-pdf").exit_code == 0
    assert "SEN support can take very many forms" in _text(tiny_project, "sen-support/what-is-sen-support")


def test_leave_out_a_section(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace(
            "    add_after:\n      intro: [demo-local-note]\n", "    leave_out_sections: [introduction]\n"
        )
    )
    assert run_cli(tiny_project, "build", "--no-pdf").exit_code == 0
    assert "SEN support can take many forms" in _text(tiny_project, "sen-support")
    assert not (tiny_project / "site" / "demo" / "sen-support" / "introduction").exists()


def test_section_changes_name_sections_the_leaflet_has(tiny_project: Path) -> None:
    demo = _set_up(tiny_project)
    demo.write_text(
        demo.read_text()
        .replace("what-is-sen-support: What is extra help", "what-is-sen-suport: What is extra help")
        .replace("before: what-is-sen-support", "before: what-is-it")
        .replace("introduction: {after: what-is-sen-support}", "introduction: {}")
        + "    leave_out_sections: [review]\n"
    )
    errors = [line for line in reported(tiny_project) if ": error: " in line]
    assert errors == [
        "authorities/demo.yml:18:7: error: the leaflet 'sen-support' has no section 'what-is-sen-suport': did you "
        "mean 'what-is-sen-support'?",
        "authorities/demo.yml:23:17: error: the leaflet 'sen-support' has no section 'what-is-it': did you mean "
        "'what-is-sen-support'?",
        "authorities/demo.yml:25:7: error: say where the section goes: after: <section> or before: <section>",
        "authorities/demo.yml:26:26: error: the leaflet 'sen-support' has no section 'review': its sections are: "
        "introduction, what-is-sen-support",
    ], errors


def test_a_leaflet_of_its_own_receives_shared_blocks(tiny_project: Path) -> None:
    own = tiny_project / "authorities" / "demo" / "leaflets"
    own.mkdir()
    (own / "local-guide.yml").write_text(
        "title: A guide to help in Kent\nsummary: Where to go in Kent.\nsections:\n"
        "  - id: introduction\n    title: Help in Kent\n    blocks: [intro, demo-local-note, contact-panel]\n"
    )
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "  local-guide: {}\n")
    assert [line for line in reported(tiny_project) if ": error: " in line] == []
    result = run_cli(tiny_project, "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    page = _text(tiny_project, "local-guide")
    assert "A guide to help in Kent" in page or "Help in Kent" in page
    assert "Schools in our area can also ask the inclusion team for advice." in page
    drift = run_cli(tiny_project, "drift").output
    guide = drift[drift.index("  in leaflet local-guide:\n") :]
    assert "    publishes its own leaflet 'A guide to help in Kent' (authorities/demo/leaflets/)\n" in guide
    assert "    adds demo-local-note in its own leaflet, section introduction\n" in guide
    # Named like a shared leaflet, it is refused where it is.
    (own / "sen-support.yml").write_text((own / "local-guide.yml").read_text())
    assert any(
        line.startswith("authorities/demo/leaflets/sen-support.yml:1:1: error: there is already a shared leaflet")
        for line in reported(tiny_project)
    )


def test_drift_reports_section_changes_and_local_blocks_wherever_placed(tiny_project: Path) -> None:
    _set_up(tiny_project)
    drift = run_cli(tiny_project, "drift").output
    assert drift.startswith("Demo IASS (demo)\n  in leaflet sen-support:\n"), drift
    for line in (
        "    retitles section what-is-sen-support: 'What is SEN support?' becomes 'What is extra help at school?'",
        "    adds its own section help-in-kent ('Help in Kent') before what-is-sen-support",
        "    moves section introduction after what-is-sen-support",
        "    adds demo-kent-help in its own section help-in-kent",
        "    adds demo-local-note after intro",
    ):
        assert line + "\n" in drift, drift


def test_an_own_order_of_sections_is_told_of_a_block_added_to_the_shared_leaflet(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace(
            "    add_after:\n      intro: [demo-local-note]\n",
            "    sections:\n      - id: introduction\n        title: Welcome\n"
            "        blocks: [intro, demo-local-note]\n"
            "      - id: more\n        title: More\n        blocks: [support-forms, specialist-help, contact-panel]\n",
        )
    )
    assert [line for line in reported(tiny_project) if "own order" in line] == []
    # A block added to the shared leaflet does not reach a copied order: that is now said.
    (tiny_project / "content" / "blocks" / "new-advice.md").write_text("---\ntitle: New\n---\nNew shared advice.\n")
    shared = tiny_project / "content" / "leaflets" / "sen-support.yml"
    shared.write_text(shared.read_text().replace("blocks: [intro]", "blocks: [intro, new-advice]"))
    assert [line for line in reported(tiny_project) if "own order" in line] == [
        "authorities/demo.yml:15:5: warning: this publisher's own order of sections does not have 1 block(s) of the "
        "shared leaflet 'sen-support': new-advice. Place each in sections, or list it under leave_out, so that a "
        "block added to the shared leaflet later is noticed here"
    ]
    assert "  leaves out new-advice" in run_cli(tiny_project, "drift").output


def test_a_section_added_after_a_moved_one_goes_where_that_one_now_is() -> None:
    from generator.compose.leaflet import section_order
    from generator.inputs.schema import Leaflet, LeafletChanges

    leaflet = Leaflet.model_validate(
        {
            "id": "t",
            "title": "T",
            "sections": [{"id": s, "title": s, "blocks": ["intro"]} for s in ("introduction", "what", "who-decides")],
        }
    )
    ours = {"id": "ours", "title": "Ours", "blocks": ["intro"], "after": "who-decides"}
    changes = LeafletChanges.model_validate(
        {"move_sections": {"who-decides": {"before": "introduction"}}, "add_sections": [ours]}
    )
    assert [s.id for s in section_order(leaflet, changes)] == ["who-decides", "ours", "introduction", "what"]
    # An added section can be moved too, and a section moved next to it.
    changes = LeafletChanges.model_validate(
        {"move_sections": {"ours": {"after": "what"}, "introduction": {"after": "ours"}}, "add_sections": [ours]}
    )
    assert [s.id for s in section_order(leaflet, changes)] == ["what", "ours", "introduction", "who-decides"]


def test_a_section_cannot_be_moved_next_to_itself(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "    move_sections:\n      introduction: {after: introduction}\n")
    errors = [line for line in reported(tiny_project) if ": error: " in line]
    assert errors == [
        "authorities/demo.yml:18:7: error: section 'introduction' cannot go after or before itself: name another"
    ], errors


def test_a_section_left_out_or_named_index_is_named_as_such(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text()
        + "    leave_out_sections: [introduction]\n"
        + "    move_sections:\n      introduction: {after: what-is-sen-support}\n"
        + "    add_sections:\n      - {id: index, title: Start, blocks: [intro], after: what-is-sen-support}\n"
    )
    errors = [line.split(": error: ")[1] for line in reported(tiny_project) if ": error: " in line]
    assert errors == [
        "section 'introduction' is one this publisher leaves out (leave_out_sections): name another",
        "a section cannot be called 'index': the leaflet's first page has that name; choose another id",
    ], errors
