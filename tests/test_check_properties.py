"""Whatever an editor types, the checker answers with problems, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build.check import check_project
from generator.inputs.project import Project
from generator.problems import Problem

TODAY = dt.date(2026, 11, 24)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Real keys as well as random ones, so that documents often get past the first check.
KEYS = st.sampled_from(
    [
        "name",
        "serves",
        "gss",
        "local_offer",
        "url",
        "contact",
        "helpline",
        "number",
        "email",
        "website",
        "dates",
        "published",
        "review",
        "leaflets",
        "sen-support",
        "leave_out",
        "replace",
        "add_after",
        "sections",
        "blocks",
        "title",
        "branding",
        "colour",
        "logo",
        "path",
        "alt",
        "national",
        "strapline",
    ]
) | st.text(max_size=12)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.dates()
    | st.text(max_size=40)
    | st.sampled_from(["E10000016", "03000 41 3000", "https://x.org.uk", "intro", "2025-10"])
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=25,
)


def _check(root: Path) -> list[Problem]:
    result = check_project(Project(root), today=TODAY)
    assert all(isinstance(p, Problem) and p.line >= 1 and p.column >= 1 for p in result.problems)
    return result.problems


@SETTINGS
@given(DOCUMENTS)
@example({"[": None})  # once crashed: a key that looked like one of pydantic's own labels
def test_any_yaml_document_gives_only_reported_problems(tiny_project: Path, document: Any) -> None:
    (tiny_project / "authorities" / "demo.yml").write_text(yaml.safe_dump(document, allow_unicode=True))
    _check(tiny_project)


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_as_a_publisher_file_gives_only_reported_problems(tiny_project: Path, text: str) -> None:
    (tiny_project / "authorities" / "demo.yml").write_text(text, encoding="utf-8")
    _check(tiny_project)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_as_a_publisher_file_give_only_reported_problems(tiny_project: Path, data: bytes) -> None:
    (tiny_project / "authorities" / "demo.yml").write_bytes(data)
    _check(tiny_project)


@SETTINGS
@given(
    st.lists(st.text(max_size=20) | st.sampled_from(["{{", "}}", "{%", "%}", "::: code-of-practice 6.1", ":::", "\n"]))
)
@example(["\r", "{{"])  # once crashed: Jinja ends a line at a lone \r, where the message looked for the line
def test_any_block_text_gives_only_reported_problems(tiny_project: Path, pieces: list[str]) -> None:
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text("---\ntitle: Note\n---\n" + "".join(pieces), encoding="utf-8", errors="surrogatepass")
    _check(tiny_project)


@SETTINGS
@given(st.text(max_size=200))
def test_any_front_matter_gives_only_reported_problems(tiny_project: Path, front: str) -> None:
    note = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    note.write_text("---\n" + front + "\n---\nText.\n", encoding="utf-8")
    _check(tiny_project)
