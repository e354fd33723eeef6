"""Safe YAML loading that remembers where every key and item came from.

Validation errors are only useful to an editor if they point at a line, so we
keep a map from each value's path (keys and list indexes) to its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, Problem, Severity

Location = tuple[int, int]
"""A 1-based (line, column) pair."""

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data plus the position of each value, by path."""

    path: Path
    data: Any
    positions: dict[KeyPath, Location] = field(default_factory=dict)
    """Where each key (or list item) starts."""
    value_positions: dict[KeyPath, Location] = field(default_factory=dict)
    """Where each value starts."""
    line_offset: int = 0

    def locate(self, key_path: KeyPath, at_value: bool = False) -> Location:
        """Position of the deepest part of `key_path` that exists in the file.

        Problems with a key point at the key; problems with a value, at the value.
        """
        if at_value and tuple(key_path) in self.value_positions:
            line, column = self.value_positions[tuple(key_path)]
            return line + self.line_offset, column
        for end in range(len(key_path), -1, -1):
            found = self.positions.get(tuple(key_path[:end]))
            if found is not None:
                return found[0] + self.line_offset, found[1]
        return 1 + self.line_offset, 1

    def problem(self, key_path: KeyPath, message: str, severity: Severity = "error", at_value: bool = False) -> Problem:
        line, column = self.locate(key_path, at_value)
        return Problem(self.path, line, column, message, severity)


def read_text(path: Path) -> str:
    """Read a UTF-8 file, turning a decoding failure into a located problem."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            [
                Problem(
                    path,
                    line,
                    column,
                    "this file is not UTF-8 text: save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
                )
            ]
        ) from None


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> YamlDocument:
    """Parse YAML text safely (no Python objects, no code) and record positions."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        reason = exc.problem or "the YAML could not be read"
        raise ContentError(
            [
                Problem(
                    path,
                    line,
                    column,
                    f"YAML syntax error: {reason}; check the indentation and that "
                    "any text containing ': ' or starting with a special character is in quotes",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(path, 1 + line_offset, 1, f"YAML error: {exc}")]) from None
    positions: dict[KeyPath, Location] = {}
    values: dict[KeyPath, Location] = {}
    duplicates: list[Problem] = []
    if node is not None:
        _record(node, (), positions, values, duplicates, path, line_offset)
    if duplicates:
        raise ContentError(duplicates)
    return YamlDocument(path, data, positions, values, line_offset)


def load_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file."""
    return parse_yaml(read_text(path), path)


def _record(
    node: yaml.Node,
    here: KeyPath,
    positions: dict[KeyPath, Location],
    values: dict[KeyPath, Location],
    duplicates: list[Problem],
    path: Path,
    line_offset: int,
) -> None:
    start = (node.start_mark.line + 1, node.start_mark.column + 1)
    positions.setdefault(here, start)
    values[here] = start
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            child = (*here, key)
            if child in positions:
                # PyYAML would silently keep the last one; the editor meant one of them.
                first = positions[child][0] + line_offset
                line = key_node.start_mark.line + 1 + line_offset
                message = f"'{key}' is given twice (first on line {first}): keep one of them"
                duplicates.append(Problem(path, line, key_node.start_mark.column + 1, message))
            # A problem about a key points at the key itself, not its value.
            positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _record(value_node, child, positions, values, duplicates, path, line_offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*here, index), positions, values, duplicates, path, line_offset)


@dataclass(frozen=True)
class FrontMatterFile:
    """A Markdown file split into its YAML front matter and its body."""

    front_matter: YamlDocument
    body: str
    body_line: int
    """The 1-based line number of the body's first line in the file."""


def split_front_matter(path: Path) -> FrontMatterFile:
    """Split `---` delimited YAML front matter from a Markdown file's body."""
    text = read_text(path)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "a content block must start with front matter: a line '---', "
                    "a line 'title: ...', and another line '---'",
                )
            ]
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            header = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return FrontMatterFile(parse_yaml(header, path, line_offset=1), body, index + 2)
    raise ContentError([Problem(path, 1, 1, "the front matter is not closed: add a line '---' after it")])
