"""Messages for editors: every message the bad-input suite proves is in plain words, never Python's.

The fixtures in tests/fixtures/bad/ and tests/fixtures/hostile/ hold, as `expected` (and a
build's `output`), exactly what `check` and `build` say; tests/test_check.py and
tests/test_hostile_inputs.py prove that they say it. This test reads every one of those
messages and fails on words only a programmer knows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES
from tests.test_check import reported

JARGON = (
    "dict object",
    "NoneType",
    "validation error for",
    "Input should",
    "String should",
    "Dictionary should",
    "instance of",
    "'str' object",
    "object is unsafe",
    "Traceback",
)
"""Words from Python, pydantic or Jinja that an editor cannot act on."""
JARGON_WORDS = re.compile(r"\b(Tuple|tuple|dict|str|int|None|NoneType|bool)\b")
"""Python's type names, as whole words."""


def _suite_messages() -> list[tuple[str, str]]:
    messages = []
    for case in sorted((FIXTURES / "bad").glob("*.yml")) + sorted((FIXTURES / "hostile").glob("*.yml")):
        spec = yaml.safe_load(case.read_text(encoding="utf-8"))
        lines = list(spec.get("expected") or []) + list((spec.get("build") or {}).get("output") or [])
        messages.extend((case.stem, line) for line in lines)
    return messages


MESSAGES = _suite_messages()


def _jargon_in(message: str) -> list[str]:
    found = [word for word in JARGON if word in message]
    # A quoted value is what the editor wrote, which may hold any word: type names count only outside quotes.
    ours = re.sub(r"'[^']*'", "''", message)
    return found + JARGON_WORDS.findall(ours)


def test_the_suite_has_messages_of_every_kind() -> None:
    assert len(MESSAGES) >= 150
    text = "\n".join(message for _, message in MESSAGES)
    for kind in ("unknown variable", "this should be text", "this needs at least 1 item", "is not an email address"):
        assert kind in text


@pytest.mark.parametrize(("case", "message"), MESSAGES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(MESSAGES)])
def test_no_message_speaks_python(case: str, message: str) -> None:
    assert _jargon_in(message) == [], f"{case}: {message}"


def test_the_jargon_test_finds_what_jinja_and_pydantic_said_before() -> None:
    for old in (
        "unknown variable: 'dict object' has no attribute 'nmae'",
        "'sections.0.blocks': Tuple should have at least 1 item after validation, not 0",
        "'name': Input should be a valid string, but found a list",
        "1 validation error for Publisher",
        "access to attribute 'ljust' of 'str' object is unsafe.",
        "'NoneType' object has no attribute 'number'",
    ):
        assert _jargon_in(old), old


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("{{ publisher.nmae }}", "publisher.nmae is not a publisher fact; did you mean publisher.name?"),
        (
            "{{ publisher.contact.emial }}",
            "publisher.contact.emial is not a publisher fact; did you mean publisher.contact.email?",
        ),
        (
            "{% for s in serves %}{{ s.nmae }}{% endfor %}",
            "serves[0].nmae is not a fact of the local authorities served; did you mean serves[0].name?",
        ),
        ("{{ code.titel }}", "code.titel is not a Code of Practice fact; did you mean code.title?"),
        ("{{ publsher.name }}", "publsher is not a variable blocks can use; did you mean publisher?"),
        (
            "{{ publisher.contact.textphone.number }}",
            "for Demo IASS (authorities/demo.yml), contact.textphone is empty, so this line cannot print "
            "publisher.contact.textphone.number: wrap this part in {% if publisher.contact.textphone %} ... "
            "{% endif %}, or fill in contact.textphone in that file",
        ),
        (
            # The seed contact panel's way: a name set for the contact facts.
            "{% set c = publisher.contact %}{{ c.textphone.number }}",
            "for Demo IASS (authorities/demo.yml), contact.textphone is empty, so this line cannot print "
            "c.textphone.number: wrap this part in {% if c.textphone %} ... {% endif %}, or fill in "
            "contact.textphone in that file",
        ),
        (
            # The guarded expression is not the one that failed.
            "{% if publisher.contact.textphone %}{{ publisher.contact.textphone.number }}{% endif %}"
            "{% set t = publisher.contact %} {{ t.textphone.number }}",
            "for Demo IASS (authorities/demo.yml), contact.textphone is empty, so this line cannot print "
            "t.textphone.number: wrap this part in {% if t.textphone %}",
        ),
        (
            "{% set phone = publisher.contact.textphone %}{{ phone.number }}",
            "contact.textphone is empty, so this line cannot print phone.number: wrap this part in {% if phone %}",
        ),
        (
            "{% set n = none %}{{ n.number }}",
            "there is no 'number' here, because this fact is empty in the publisher's YAML",
        ),
        ("{{ serves[3].name }}", "serves has no item 3: check the number"),
    ],
)
def test_an_unknown_variable_is_named_as_the_block_wrote_it(tiny_project: Path, block: str, message: str) -> None:
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text(note.read_text(encoding="utf-8").replace("advice.", f"advice. {block}"), encoding="utf-8")
    problems = [line for line in reported(tiny_project) if "demo-local-note.md" in line and ": error: " in line]
    assert len(problems) == 1, problems
    assert message in problems[0]
    assert _jargon_in(problems[0]) == []


def test_a_problem_shows_control_characters_by_their_code_wherever_it_is_read() -> None:
    """A message quotes content: an escape code, a new line or a reordering character in it must not act on the
    terminal, nor start a line that looks like a problem of its own."""
    from generator.problems import ContentError, Problem

    problem = Problem(
        Path("/p/content/blocks/a\x1b[2J.md"), 3, 1, "unknown block 'x\ncontent/blocks/y.md:1:1: error: z\u202e\x9b'"
    )
    assert problem.message == "unknown block 'x<U+000A>content/blocks/y.md:1:1: error: z<U+202E><U+009B>'"
    shown = problem.format(Path("/p"))
    assert shown.startswith("content/blocks/a<U+001B>[2J.md:3:1: error: ")
    assert "\n" not in shown and "\x1b" not in shown
    assert str(ContentError([problem])).count("\n") == 0
    assert (
        Problem(Path("a.md"), 1, 1, "tab\tand é, ŵ and 中 stay as they are").message
        == "tab\tand é, ŵ and 中 stay as they are"
    )
