"""The README and the editors' guide as contracts: what they name exists, the commands they show are accepted."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from generator.cli import main
from generator.outputs.site.plugin import DEFAULT_PUBLISHER

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = [REPO / "README.md", REPO / "docs" / "editors-guide.md"]
SOURCE_FOLDERS = (
    "content",
    "authorities",
    "templates",
    "generator",
    "tests",
    "benchmarks",
    "docs",
    "requirements",
    ".ci",
)


def _quoted(document: Path) -> list[str]:
    """What the document puts in `backticks`, in code blocks and in link targets."""
    text = document.read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    links = re.findall(r"\]\(([^)#\s]+)", text)
    return inline + links + [line for block in blocks for line in block.splitlines()]


def _paths(document: Path) -> set[str]:
    found = set()
    for quoted in _quoted(document):
        for word in re.split(r"[\s,()]+", quoted):
            word = re.sub(r"(:\d+)+$", "", word.rstrip(".:;"))  # a check message's file:line:column
            if "<" in word or "*" in word or "://" in word:
                continue  # a pattern such as authorities/<slug>.yml, or an address
            if word.startswith(tuple(f"{folder}/" for folder in SOURCE_FOLDERS)) or word in {
                "mkdocs.yml",
                "pyproject.toml",
                "Makefile",
            }:
                found.add(word)
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_every_file_and_folder_named_exists(document: Path) -> None:
    paths = _paths(document)
    assert len(paths) > 5, "the pattern no longer finds the paths the document names"
    base = document.parent
    # A publisher the document has the reader make (`sen-leaflets new notts`) has files only once made.
    made = tuple(f"authorities/{words[1]}" for words in _commands(document) if words[:1] == ["new"])
    missing = [
        p for p in sorted(paths) if not (REPO / p).exists() and not (base / p).exists() and not p.startswith(made)
    ]
    assert not missing, f"{document.name} names files that do not exist: {missing}"


def _commands(document: Path) -> list[list[str]]:
    commands = []
    for quoted in _quoted(document):
        line = quoted.split("#")[0].strip()
        match = re.search(r"(?:^|\s|/)sen-leaflets\s+(.*)$", line)
        if match and not line.startswith(("pip", "git")):
            commands.append(shlex.split(match.group(1)))
    return commands


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_every_command_shown_is_one_the_tool_accepts(document: Path) -> None:
    """Each `sen-leaflets ...` line parses: the subcommand exists and so do its options and their values."""
    commands = _commands(document)
    assert len(commands) > 3, "the pattern no longer finds the commands the document shows"
    for words in commands:
        if not words or words[0].startswith("..."):
            continue
        name, rest = words[0], [w for w in words[1:] if w != "..."]
        command = main.get_command(click.Context(main), name)
        assert command is not None, f"{document.name} shows an unknown command: sen-leaflets {' '.join(words)}"
        try:
            command.make_context(name, rest, resilient_parsing=False)
        except click.UsageError as exc:
            pytest.fail(f"{document.name} shows a command the tool refuses: sen-leaflets {' '.join(words)}: {exc}")


def test_the_preview_variable_the_readme_names_is_the_one_mkdocs_yml_reads() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b(SEN_[A-Z]+)=", readme))
    assert named, "the README no longer shows how to choose the previewed publisher"
    configuration = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    read = set(re.findall(r"\b(SEN_[A-Z]+)\b", configuration))
    assert named <= read
    default = re.search(r"Without `SEN_PUBLISHER`, the preview shows `([a-z-]+)`", readme)
    assert default and f", {default.group(1)}]" in configuration
    assert (REPO / "authorities" / f"{default.group(1)}.yml").is_file()
    assert default.group(1) == DEFAULT_PUBLISHER


def test_the_readmes_tables_of_keys_are_made_from_the_schema() -> None:
    """The README's tables of publisher keys and of leaflet changes are exactly what the schema says.

    After a change to generator/inputs/schema.py, `python -m generator.reports.keys` prints them.
    """
    from generator.reports.keys import leaflet_changes_table, publisher_keys_table

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    marker = "<!-- generated from generator/inputs/schema.py by `python -m generator.reports.keys`"
    tables = [part.split("\n", 1)[1].split("\n\n", 1)[0] + "\n" for part in readme.split(marker)[1:]]
    assert tables == [publisher_keys_table(), leaflet_changes_table()]


def test_every_key_of_a_publisher_file_has_a_row() -> None:
    from generator.inputs.schema import Publisher
    from generator.reports.keys import key_rows

    keys = {key.split(".")[0].removesuffix("[]") for key, _, _ in key_rows(Publisher)}
    assert keys == set(Publisher.model_fields) - {"slug"}
    assert ("site_url", False) in {(key, required) for key, required, _ in key_rows(Publisher)}


def test_the_editors_guide_covers_what_new_services_asked_about() -> None:
    """Issue 14: onboarding from the guide alone needed a second leaflet, a logo, the web address,
    previewing the PDFs and accepting a warning; each has its own part of the guide, with its key."""
    guide = (REPO / "docs" / "editors-guide.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3} (.+)$", guide, flags=re.MULTILINE)
    for heading, key in (
        ("Change a section, or add a leaflet of your own", "authorities/notts/leaflets/"),
        ("Add your logo", "logo:"),
        ("Set the web address of your site", "site_url:"),
        ("Preview the PDFs", "downloads/"),
        ("Keep a warned-about sentence on purpose", "accept_warnings:"),
    ):
        assert heading in headings, heading
        part = guide.split(f" {heading}\n", 1)[1].split("\n## ", 1)[0]
        assert key in part, (heading, key)


def test_the_shared_sections_and_blocks_the_editors_guide_names_exist() -> None:
    """An officer copies the guide's examples: a section or shared block they name must be a real one."""
    import yaml

    guide = (REPO / "docs" / "editors-guide.md").read_text(encoding="utf-8")
    leaflet = yaml.safe_load((REPO / "content" / "leaflets" / "sen-support.yml").read_text(encoding="utf-8"))
    sections = {section["id"] for section in leaflet["sections"]}
    blocks = {path.stem for path in (REPO / "content" / "blocks").glob("*.md")}
    named_sections: set[str] = set()
    named_blocks: set[str] = set()
    for snippet in re.findall(r"```yaml\n(.*?)```", guide, re.S):
        changes = (yaml.safe_load(snippet) or {}).get("leaflets", {}).get("sen-support") or {}
        named_sections |= set(changes.get("section_titles", {})) | set(changes.get("leave_out_sections", []))
        for section, where in changes.get("move_sections", {}).items():
            named_sections |= {section, *where.values()}
        named_sections |= {added["after"] for added in changes.get("add_sections", []) if "after" in added}
        named_blocks |= set(changes.get("add_after", {})) | set(changes.get("replace", {}))
        named_blocks |= set(changes.get("leave_out", []))
    assert named_sections and named_blocks, "the guide's examples no longer name sections and blocks"
    assert named_sections <= sections, named_sections - sections
    assert named_blocks <= blocks, named_blocks - blocks
