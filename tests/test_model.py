"""Schema validation: bad publisher YAML and blocks give located, human errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.problems import ContentError


def _publisher_problems(root: Path, yaml_text: str) -> list[str]:
    (root / "authorities" / "demo.yml").write_text(yaml_text, encoding="utf-8")
    project = Project(root)
    with pytest.raises(ContentError) as caught:
        load_publisher(project, "demo", load_library(project))
    return [p.format(root) for p in caught.value.problems]


GOOD = (Path(__file__).parent / "fixtures" / "tiny" / "authorities" / "demo.yml").read_text(encoding="utf-8")


def test_the_tiny_publisher_is_valid(tiny_project: Path) -> None:
    project = Project(tiny_project)
    publisher = load_publisher(project, "demo", load_library(project))
    assert publisher.publisher.contact.helpline is not None
    assert publisher.publisher.contact.helpline.number == "03000 41 3000"  # as the service writes it
    assert str(publisher.publisher.dates.published) == "October 2025"
    assert set(publisher.local_blocks) == {"demo-local-note"}


def test_unknown_key_names_file_line_and_near_miss(tiny_project: Path) -> None:
    bad = GOOD.replace("  email: help@example.org.uk", "  emial: help@example.org.uk")
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:10:3: error: unknown key 'contact.emial'; did you mean 'email'?"
    ]


def test_wrong_type_names_the_key(tiny_project: Path) -> None:
    bad = GOOD.replace("name: Demo IASS", "name: [Demo, IASS]")
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:1:7: error: 'name': this should be text, but it is a list"
    ]


def test_missing_required_field(tiny_project: Path) -> None:
    bad = GOOD.replace("dates:\n  published: 2025-10\n", "")
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:1:1: error: missing required key 'dates': add it"
    ]


def test_missing_nested_field_points_at_its_parent(tiny_project: Path) -> None:
    bad = GOOD.replace("    local_offer:\n      url: https://www.kent.gov.uk/local-offer\n", "    local_offer: {}\n")
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:5:5: error: missing required key 'url' under 'local_offer' "
        "(in the 1st item of serves): add it"
    ]


def test_unknown_block_id_suggests_the_nearest(tiny_project: Path) -> None:
    bad = GOOD.replace("intro: [demo-local-note]", "intro: [demo-local-nte]")
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:16:15: error: unknown block 'demo-local-nte': there is no "
        "content/blocks/demo-local-nte.md or authorities/demo/blocks/demo-local-nte.md; "
        "did you mean 'demo-local-note'?"
    ]


def test_leaving_out_a_block_the_leaflet_does_not_have(tiny_project: Path) -> None:
    bad = GOOD.replace("    add_after:", "    leave_out: [intro-text]\n    add_after:")
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:15:17: error: block 'intro-text' is not in the shared leaflet 'sen-support': "
        "did you mean 'intro'?"
    ]


def test_invalid_phone_number(tiny_project: Path) -> None:
    bad = GOOD.replace("number: 03000 41 3000", "number: 0300 41")
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:9:13: error: 'contact.helpline.number': '0300 41' is not a valid UK phone number: "
        "write it as it is dialled in the UK, for example '0300 041 3000'"
    ]


def test_unsafe_url_scheme_is_rejected(tiny_project: Path) -> None:
    bad = GOOD.replace("https://www.kent.gov.uk/local-offer", "javascript:alert(1)")
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:6:12: error: 'local_offer.url' (in the 1st item of serves): "
        "'javascript:alert(1)' is not a web address: "
        "it must start with https:// (or http:// where the site has no https)"
    ]


def test_unknown_gss_code(tiny_project: Path) -> None:
    bad = GOOD.replace("gss: E10000016", "gss: E10000099")
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:3:10: error: 'E10000099' is not the GSS code of an English local authority with SEND "
        "duties: see content/local-authorities.csv"
    ]


def test_yaml_syntax_error(tiny_project: Path) -> None:
    bad = GOOD.replace("name: Demo IASS", "name: Demo: IASS")
    problems = _publisher_problems(tiny_project, bad)
    assert len(problems) == 1
    assert problems[0].startswith("authorities/demo.yml:1:11: error: this line has a second ': ' in it")


def test_brand_colour_must_keep_white_text_readable(tiny_project: Path) -> None:
    bad = GOOD + "branding:\n  colour: '#ffcc00'\n"
    assert _publisher_problems(tiny_project, bad) == [
        "authorities/demo.yml:18:11: error: 'branding.colour': '#ffcc00' is too light for white text "
        "(contrast 1.51:1, WCAG AA needs 4.5:1): choose a darker shade"
    ]


def test_unknown_block_in_a_shared_leaflet(tiny_project: Path) -> None:
    leaflet = tiny_project / "content" / "leaflets" / "sen-support.yml"
    leaflet.write_text(leaflet.read_text().replace("blocks: [intro]", "blocks: [intro, nowhere]"))
    with pytest.raises(ContentError) as caught:
        load_library(Project(tiny_project))
    assert [p.format(tiny_project) for p in caught.value.problems] == [
        "content/leaflets/sen-support.yml:6:21: error: unknown block 'nowhere': there is no "
        "content/blocks/nowhere.md; check the name, or create the file"
    ]


def test_block_without_front_matter(tiny_project: Path) -> None:
    (tiny_project / "content" / "blocks" / "loose.md").write_text("Just text\n")
    with pytest.raises(ContentError) as caught:
        load_library(Project(tiny_project))
    assert [p.format(tiny_project) for p in caught.value.problems] == [
        "content/blocks/loose.md:1:1: error: a content block must start with its title between two lines '---': "
        "a line '---', "
        "a line 'title: ...', and another line '---'"
    ]


def test_a_textphone_through_relay_uk_is_printed_as_written_and_dials_the_prefix() -> None:
    from generator.inputs.fields import tel_uri, uk_phone

    for written, link in (
        ("18001 0800 121 7772", "tel:1800108001217772"),  # from a textphone, through Relay UK
        ("18002  01622 605000", "tel:1800201622605000"),  # to a textphone
        ("0800 121 7772", "tel:+448001217772"),
    ):
        assert tel_uri(uk_phone(written)) == link
    assert uk_phone("18002  01622 605000") == "18002 01622 605000"
    for wrong in ("18001 123", "18003 0800 121 7772", "18001"):
        with pytest.raises(ValueError, match="phone number"):
            uk_phone(wrong)


def test_a_number_may_start_with_plus_44_but_not_with_another_country_nor_hold_other_characters() -> None:
    """The README: digits, spaces and a leading +; a UK number only."""
    from generator.inputs.fields import tel_uri, uk_phone

    assert uk_phone("+44 300 041  3000") == "+44 300 041 3000"
    assert tel_uri(uk_phone("+44 300 041 3000")) == "tel:+443000413000"
    with pytest.raises(ValueError, match=r"not a UK phone number \(it starts with \+33\)"):
        uk_phone("+33 1 42 68 53 00")
    for wrong in ("0300-041-3000", "(0300) 041 3000", "0300 041 3000 ext 2", "++44 300 041 3000"):
        with pytest.raises(ValueError, match="not written as a phone number"):
            uk_phone(wrong)


def test_a_uk_number_written_as_only_callers_abroad_would_read_it_is_refused_with_both_right_forms() -> None:
    """+44 then the 0 that only callers in the UK dial, or 0044 (which the README's 'digits, spaces and a leading +'
    does not cover): printed as written, either misleads; each is refused, naming the +44 form and the UK form."""
    from generator.inputs.fields import uk_phone

    both = r"'\+44 115 948 2889', or write the number as it is dialled in the UK, '0115 948 2889'$"
    for written in ("+44 0115 948 2889", "+440115 948 2889", "+44 0 115 948 2889"):
        with pytest.raises(ValueError, match=r"keeps the 0 after \+44, which .* not dial: leave it out, " + both):
            uk_phone(written)
    for written in ("+44 (0)115 948 2889", "+44 (0) 115 948 2889"):
        with pytest.raises(ValueError, match=r"keeps the \(0\) after \+44, .*: leave it out, " + both):
            uk_phone(written)
    for written in ("0044 115 948 2889", "00 44 115 948 2889", "0044 0115 948 2889", "0044 (0)115 948 2889"):
        with pytest.raises(ValueError, match=r"starts with 0044, .*: write \+44 instead, " + both):
            uk_phone(written)
    # Through Relay UK, the number is dialled as in the UK: only that form is offered.
    with pytest.raises(ValueError, match=r"as it is dialled in the UK, '18001 0800 121 7772'$"):
        uk_phone("18001 0044 800 121 7772")
    # Another mistake as well: that one is named, not a form that would be refused again.
    with pytest.raises(ValueError, match="is not a valid UK phone number"):
        uk_phone("+44 0300 41")
    with pytest.raises(ValueError, match="is not written as a phone number"):
        uk_phone("+44 (0)115-948-2889")
    with pytest.raises(ValueError, match=r"not a UK phone number \(it starts with \+33\)"):
        uk_phone("0033 1 42 68 53 00")
    assert uk_phone("+44 115 948 2889") == "+44 115 948 2889"


def test_an_email_address_holds_only_plain_letters_digits_and_few_signs_and_each_other_character_is_named() -> None:
    """UK services' addresses are ASCII: a character pasted from a word processor would be published in the link."""
    from generator.inputs.fields import email_address

    assert email_address(" Ask.Us_2+sen%x-y@NCIS.org.uk ") == "Ask.Us_2+sen%x-y@ncis.org.uk"
    for written, said in (
        ("ask\u2011us@ncis.org.uk", "a NON-BREAKING HYPHEN in it, which looks like '-' but is another character; "),
        ("ask\u2013us@ncis.org.uk", "an EN DASH in it, which looks like '-' "),
        ("ask\u2212us@ncis.org.uk", "a MINUS SIGN in it, which looks like '-' "),
        ("askus\uff20ncis.org.uk", "a FULLWIDTH COMMERCIAL AT in it, which looks like '@' "),
    ):
        look_alike = "@" if "\uff20" in written else "-"
        with pytest.raises(ValueError, match=f"^'{written}' is not an email address: it has {said}"):
            email_address(written)
        with pytest.raises(ValueError, match=f"type an ordinary '{look_alike}' in its place$"):
            email_address(written)
    with pytest.raises(ValueError, match=r"an invisible character in it, a ZERO WIDTH SPACE; delete it"):
        email_address("askus@ncis.org.uk\u200b")
    with pytest.raises(ValueError, match=r"a LATIN SMALL LETTER E WITH ACUTE \(é\) in it, .*type 'e' in its place"):
        email_address("caf\u00e9@ncis.org.uk")
    with pytest.raises(ValueError, match=r"an APOSTROPHE \('\) in it, .*only its letters, digits and \. _ % \+ - @"):
        email_address("o'neill@ncis.org.uk")
    with pytest.raises(ValueError, match="it has a space in it; write it without spaces"):
        email_address("ask\u00a0us@ncis.org.uk")  # a no-break space is a space to an editor
    for two in ("askus@ncis.org.uk; info@ncis.org.uk", "askus@ncis.org.uk or info@ncis.org.uk"):
        with pytest.raises(ValueError, match="holds two email addresses: give one here"):
            email_address(two)
    with pytest.raises(ValueError, match="is not an email address: check it against the address the service gives"):
        email_address("help@@example.org.uk")  # two @ but not two addresses


def test_a_non_breaking_space_inside_text_is_the_writers_own() -> None:
    """Only where YAML needs a space is one named: in block text or quoted text it is part of what is written."""
    from generator.inputs.yaml_source import parse_yaml

    text = (
        "accessible_formats: |\n  Phone:\u00a003000 41 3000\n  -\u00a0large print\n  \u00a0Braille\n"
        'name: "Ask us for large print,\n  \u00a0or Braille."\n'
        "strapline: Tel:\u00a00300 041 3000\n"
    )
    data = parse_yaml(text, Path("authorities/x.yml")).data
    assert data["accessible_formats"] == "Phone:\u00a003000 41 3000\n-\u00a0large print\n\u00a0Braille\n"
    assert data["strapline"] == "Tel:\u00a00300 041 3000"


@pytest.mark.parametrize(
    ("yaml_text", "printed"),
    [
        ('note: "Meetings by appointment only.\n  Tel: 0300 123 4567 to book one."\n', True),
        ("note: 'Ask us for it in\n  alternative formats. Note: large print\n  Braille: on request.'\n", True),
        ('note: "Ask us for\n  - large print, braille, audio."\n', True),
        ("leaflets:\n  sen-support: #as it is\n", True),
        ("name: Test IASS #-----------\n", True),
        ("name: Test IASS # our name\nsite: 'https://example.org/#top'\n", True),
        ("note: &note Meetings by appointment\nhours: *note\n", True),
        ("note: |\n  Note: large print\n  - braille\n  Room #1\n", True),
        ("title: \u201cNumbers\u201d block\n", False),
    ],
)
def test_correct_yaml_is_neither_refused_nor_warned_about(yaml_text: str, printed: bool) -> None:
    """Each was refused or warned about by the checks for text YAML cuts, glues or takes in (found trying them)."""
    from generator.inputs.yaml_source import parse_yaml

    document = parse_yaml(yaml_text, Path("authorities/x.yml"), printed=printed)
    assert document.warnings == ()


def test_an_email_address_is_kept_as_written_and_an_impossible_one_refused() -> None:
    """The library's own form printed 'info@xn--bcher-kva.example' as 'info@bücher.example', not plain letters; a
    one-letter ending and a part of 65 characters before the @ were accepted."""
    from generator.inputs.fields import email_address

    assert email_address("info@xn--bcher-kva.example") == "info@xn--bcher-kva.example"
    assert email_address(" Help@Example.ORG.uk ") == "Help@example.org.uk"
    with pytest.raises(ValueError, match="after the last dot, is a single letter"):
        email_address("help@example.c")
    with pytest.raises(ValueError, match=r"the part before the @ is 65 characters, more than an address may have"):
        email_address("a" * 65 + "@example.org")
    assert email_address("a" * 64 + "@example.org") == "a" * 64 + "@example.org"


def test_a_relay_uk_number_written_with_plus_44_is_told_to_be_written_as_dialled_in_the_uk() -> None:
    """'18001 +44 300 123 4567' was 'not written as a phone number', though it is digits, spaces and a +."""
    from generator.inputs.fields import uk_phone

    with pytest.raises(
        ValueError, match=r"after the Relay UK prefix as it is dialled from abroad: .*'18001 0300 123 4567'"
    ):
        uk_phone("18001 +44 300 123 4567")
    assert uk_phone("18001 0300 123 4567") == "18001 0300 123 4567"
