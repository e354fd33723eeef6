"""YAML that remembers where every key and item came from, read safely and within limits.

Input is untrusted, so YAML's nesting and aliases (`&name` ... `*name`, which can
multiply a small file into billions of values) are limited before anything is built
from it, and dates and numbers are read only as people write them.

Validation errors are only useful to an editor if they point at a line, so we
keep a map from each value's path (keys and list indexes) to its position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..problems import ContentError, Problem, Severity
from .characters import (
    CONTROL,
    REORDERING,
    REPLACEMENT_CHARACTER,
    REPLACEMENT_MESSAGE,
    character_named,
    control_message,
    first_invisible,
    reordering_message,
)
from .files import read_text
from .font import missing_from_font, not_in_font_message

Location = tuple[int, int]
"""A 1-based (line, column) pair."""

KeyPath = tuple[str | int, ...]

MAX_NESTING = 30
"""The deepest YAML nesting of keys and lists, aliases expanded (a publisher file needs 6)."""
MAX_VALUES = 20_000
"""The most values a YAML file may hold once its aliases are expanded (a publisher file has about 100)."""


class TaggedText(str):
    """A value written under a local tag (MkDocs' `!ENV`), read as its text: `tag` says which, so a reader
    can tell a value written out from one a program would fill in later (from the computer's settings)."""

    tag: str

    def __new__(cls, text: str, tag: str) -> TaggedText:
        value = super().__new__(cls, text)
        value.tag = tag
        return value


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
    warnings: tuple[Problem, ...] = ()
    """What the file holds that is read, but most likely not as meant (a quotation mark with no partner)."""

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


class _RefusedInputError(Exception):
    """Input that the loader will not build, at a position in the file."""

    def __init__(self, mark: yaml.Mark, message: str) -> None:
        self.mark = mark
        self.message = message


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with dates read as text and nesting limited while composing.

    Dates stay text so that our own date type reports an impossible date
    (2026-02-30) at its line, instead of PyYAML failing without one.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self.used_labels: set[str] = set()
        """Labels a value repeats (`*note`): the label was meant, and is no word lost."""
        self.labelled_texts: list[tuple[int, int, str]] = []
        """Where a text was given a label (`&large On request`, an anchor; line and column, 1-based), and the label:
        YAML leaves it out of the text."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if self._depth > MAX_NESTING:
                raise _RefusedInputError(
                    event.start_mark,
                    f"this is nested more than {MAX_NESTING} levels deep: a sen-leaflets file needs far fewer",
                )
            if isinstance(event, yaml.ScalarEvent) and event.anchor and event.start_mark is not None:
                self.labelled_texts.append((event.start_mark.line + 1, event.start_mark.column + 1, event.anchor))
            elif isinstance(event, yaml.AliasEvent) and event.anchor:
                self.used_labels.add(event.anchor)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_date_as_text(self, node: yaml.ScalarNode) -> str:
        return str(self.construct_scalar(node))

    def construct_tagged_as_text(self, node: yaml.Node) -> str:
        """A value under a local tag the caller allows (MkDocs' `!ENV [NAME, default]`): its text, never run."""
        return TaggedText(str(node.value) if isinstance(node, yaml.ScalarNode) else "", node.tag)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            number = super().construct_yaml_int(node)
        except ValueError:
            number = None  # Python refuses to turn thousands of digits into a number
        if not isinstance(number, int) or number.bit_length() > 64:
            raise _RefusedInputError(node.start_mark, "this number is too long: put it in quotes if it is text")
        return number


_NUMBER_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in _NUMBER_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Numbers only as people write them: YAML 1.1 would also read 1:2:3 (base 60), 0x... and 0o... as numbers.
_BoundedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
_BoundedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _BoundedLoader.construct_date_as_text)
_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)


_NAME_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:merge"}
_KEY_KINDS = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "nothing",
}
"""What YAML takes a key such as 2025, 6.44, on or ~ to be: keys are names (block ids, section ids), always text."""


def _measure(node: yaml.Node, depth: int, sizes: dict[int, tuple[int, int]], open_nodes: set[int]) -> tuple[int, int]:
    """(values, height) of `node` with aliases expanded, refusing what passes the limits, keys
    that YAML reads as something other than text (2025:, on:, ~:) and text holding characters that
    reorder it (`characters.REORDERING`), in the same one walk.

    Each node is measured once (aliases share nodes), so this takes time in
    proportion to the file, however much its aliases would expand.
    """
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise _RefusedInputError(
            node.start_mark, "an alias here refers to the list or mapping it is part of, which would never end"
        )
    if depth > MAX_NESTING:
        raise _RefusedInputError(node.start_mark, f"aliases make this nested more than {MAX_NESTING} levels deep")
    open_nodes.add(key)
    children: list[yaml.Node] = []
    if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        control = REORDERING.search(node.value)
        if control:
            raise _RefusedInputError(_written_at(node, control.group()), reordering_message(control.group()))
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
        for name, _ in node.value:
            if isinstance(name, yaml.ScalarNode) and name.tag not in _NAME_TAGS:
                kind = _KEY_KINDS.get(name.tag, "something other than a name")
                raise _RefusedInputError(
                    name.start_mark,
                    f"YAML reads the key '{name.value}' as {kind}, not as a name: put it in quotes, "
                    f"like '{name.value}':",
                )
    values, height = 1, 1
    for child in children:
        child_values, child_height = _measure(child, depth + 1, sizes, open_nodes)
        values += child_values
        height = max(height, child_height + 1)
        if values > MAX_VALUES:
            raise _RefusedInputError(
                node.start_mark,
                f"the aliases (*name) here expand to more than {MAX_VALUES:,} values: "
                "write the values out, or use fewer aliases",
            )
    open_nodes.discard(key)
    sizes[key] = (values, height)
    return values, height


def _written_at(node: yaml.ScalarNode, character: str) -> yaml.Mark:
    """Where `character` is written in the file inside `node` (the node's start, when written as an escape)."""
    start, end = node.start_mark, node.end_mark
    if not isinstance(start.buffer, str):
        return start
    written = start.buffer.find(character, start.pointer, end.pointer)
    if written < 0:
        return start
    lines = start.buffer.count("\n", start.pointer, written)
    column = written - start.buffer.rfind("\n", 0, written) - 1 if lines else start.column + written - start.pointer
    return yaml.Mark(start.name, written, start.line + lines, column, None, written)


_ODD_SPACE = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
"""Spaces that are not YAML's: a non-breaking space pasted from a word processor or a web page, and the like."""
_STRUCTURAL_ODD_SPACE = re.compile(
    rf"^[ \t]*(?P<indent>[{_ODD_SPACE}])|^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:(?P<after_key>[{_ODD_SPACE}])"
    rf"|^[ \t]*-(?P<after_dash>[{_ODD_SPACE}])"
)


def _spaces_yaml_does_not_read(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) for each space that is not YAML's where YAML needs one: at the start of a line,
    after a key's colon or a list's dash. YAML reads it as a letter, so the mistake it reports is elsewhere."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        odd = _STRUCTURAL_ODD_SPACE.search(line)
        if odd:
            where = next(name for name in ("indent", "after_key", "after_dash") if odd.group(name))
            found.append((number, odd.start(where) + 1, _odd_space_message(odd.group(where))))
    return found


_KEY_THEN_ODD_SPACE = re.compile(rf"[ \t]*(?:-[{_ODD_SPACE}]|[{_ODD_SPACE}]|[a-z_]+:[{_ODD_SPACE}])")
"""A plain (unquoted) text that starts as a key, a list item or an indentation would, but with an odd space:
YAML read a line meant as structure as text."""


def _text_problems(
    root: yaml.Node, text: str, printed: bool
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(line, column, message) for each text (a key or a value) that holds a control character, that is plain
    (never quoted or block text, where such a space is the writer's own) and begins with a non-breaking space
    where YAML needed an ordinary one, or that is in quotation marks YAML read on past lines of settings; then, as
    warnings, each plain text with a lone double quotation mark, cut short by a ' #' YAML reads as a note, or
    running on to a line written as a list item, and, where the document's values are `printed`, each line of
    `text` whose values hold characters the leaflets' font does not have. One walk of the document's nodes, each
    visited once."""
    lines = text.splitlines()
    found: list[tuple[int, int, str]] = []
    lone: list[tuple[int, int, str]] = []
    unprinted = _under_unprinted_settings(root)
    keys: set[int] = set()
    not_in_font: dict[int, list[tuple[int, str]]] = {}
    for node in _each_node([root]):
        if isinstance(node, yaml.MappingNode):
            keys.update(id(key) for key, _ in node.value)
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode) and key.style is None and key.value[-1:] in _ODD_SPACE:
                    # 'name\u00a0: Demo IASS' is another key than 'name', and the difference cannot be seen.
                    at = len(key.value.rstrip(_ODD_SPACE))
                    found.append((key.start_mark.line + 1, key.start_mark.column + 1 + at, _space_in_key(key.value)))
                elif isinstance(key, yaml.ScalarNode) and (hidden := first_invisible(key.value)):
                    # 'em\u200bail' looks like 'email' and is another key: 'did you mean email?' showed no difference.
                    at = key.start_mark.column + 1 + _offset(key, key.value.index(hidden))
                    found.append((key.start_mark.line + 1, at, _invisible_in_key(hidden)))
        elif isinstance(node, yaml.ScalarNode):
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            swallowed = _settings_inside(node, lines)
            if swallowed and node.style in ('"', "'"):
                found.append((line, column, _swallowed_message(node.style, swallowed + 1)))
            elif swallowed and node.style is None:
                lone.append((swallowed + 1, 1, _RUN_ON))
            note = _note_after(node, lines)
            if note is not None:
                lone.append((line, note + 1, _CUT_BY_A_NOTE))
            control = _CONTROL.search(node.value)
            if control:
                found.append((line, column, _control_message(control.group())))
            elif node.style is None and _KEY_THEN_ODD_SPACE.match(node.value):
                at = next(index for index, character in enumerate(node.value) if character in _ODD_SPACE)
                found.append((line, column + at, _odd_space_message(node.value[at])))
            elif (
                printed
                and node.style is None
                and node.value.startswith(("\u201c", "\u2018"))
                and id(node) not in unprinted
                and id(node) not in keys
            ):
                lone.append((line, column, _curly_quotes_message(node.value)))
            elif node.style is None and node.value.count('"') % 2 and id(node) not in unprinted:
                # name: Demo IASS" (a quotation mark left over, or its partner lost) is printed with it.
                lone.append((line, column + _offset(node, node.value.rfind('"')), _LONE_QUOTE))
            if REPLACEMENT_CHARACTER in node.value:
                lone.append((line, column + _offset(node, node.value.find(REPLACEMENT_CHARACTER)), REPLACEMENT_MESSAGE))
            if printed and id(node) not in keys and id(node) not in unprinted:
                _characters_not_in_font(node, text, not_in_font)
    for line, written in not_in_font.items():
        written.sort()
        lone.append((line, written[0][0], not_in_font_message([character for _, character in written])))
    return sorted(found), sorted(lone)


def _characters_not_in_font(node: yaml.ScalarNode, text: str, found: dict[int, list[tuple[int, str]]]) -> None:
    """Add to `found`, by line, the (column, character) of each character of a value that the leaflets' font does
    not have, where `text` (the document) has it written; one written as an escape ("\\U0001F4DE") at the value's
    start."""
    missing = missing_from_font(node.value)
    if not missing:
        return
    start, end = node.start_mark, node.end_mark
    line, column = start.line + 1, start.column + 1
    written = text[start.index : end.index]
    for at, character in enumerate(written):
        if character in missing:
            found.setdefault(line, []).append((column, character))
        # Lines and columns counted as YAML counts them, as every other position in a message is.
        if character in "\n\x85\u2028\u2029" or (character == "\r" and written[at + 1 : at + 2] != "\n"):
            line, column = line + 1, 1
        elif character != "\ufeff":
            column += 1
    for character in missing:
        escaped = node.value.count(character) - written.count(character)
        if escaped > 0:
            found.setdefault(start.line + 1, []).extend([(start.column + 1, character)] * escaped)


_NOT_PRINTED = frozenset({"accept_warnings"})
"""Top-level settings whose text is never printed: `covers` quotes a block's text as it is, a lone " and all."""


def _under_unprinted_settings(root: yaml.Node) -> set[int]:
    """The ids of the texts under the settings of `_NOT_PRINTED`, which need no warning about how they would print."""
    if not isinstance(root, yaml.MappingNode):
        return set()
    unprinted = [value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value in _NOT_PRINTED]
    return {id(node) for node in _each_node(unprinted)}


def _each_node(start: list[yaml.Node]) -> Iterator[yaml.Node]:
    """Every node of `start` and under it, each once (an alias's node is the same node again)."""
    seen, waiting = set(), list(start)
    while waiting:
        node = waiting.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.MappingNode):
            waiting += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            waiting += node.value


_A_SETTING_OR_ITEM = re.compile(r"\s*(?:[A-Za-z_][\w-]*:(?:\s|$)|-\s)")
_AN_ITEM = re.compile(r"\s*-\s")


def _settings_inside(node: yaml.ScalarNode, lines: list[str]) -> int | None:
    """The first line (0-based) after a text's first that YAML read into it, but is written as a setting ('name:')
    or a list item ('- '): a quotation mark left open, or a line indented further than the items around it."""
    if node.style not in ('"', "'", None) or node.start_mark.line == node.end_mark.line:
        return None
    if node.style and node.end_mark.line < len(lines):
        # Text in quotation marks may rightly run over lines ("Tel: 0300 ..." on the second): it was left open only
        # when the mark that closed it was meant to open another value (colour: "#5a2d82", or - "...").
        closed_after = lines[node.end_mark.line][: max(node.end_mark.column - 1, 0)]
        if not re.fullmatch(r"\s*(?:-\s+)?(?:[A-Za-z_][\w-]*:\s*)?", closed_after):
            return None
    pattern = _A_SETTING_OR_ITEM if node.style else _AN_ITEM
    for number in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines))):
        if pattern.match(lines[number]):
            return number
    return None


def _swallowed_message(quote: str, line: int) -> str:
    return (
        f"the quotation mark ({quote}) opened here is not closed on its line, so YAML reads on, and takes line {line} "
        f"and those after it, up to the next {quote}, into this text: add the closing {quote} at the end of the text"
    )


_RUN_ON = (
    "this line is read as more of the text above, not as an item of a list, as that text is not a list: if it is a "
    "list, start it on its own line under the setting's name, each item with '- '; if it is more text, take out the "
    "'- '"
)


def _note_after(node: yaml.ScalarNode, lines: list[str]) -> int | None:
    """The column (0-based) of a note ('#...') just after a plain text on one line, when it does not look like one:
    '# ' starts a note, '#4' (as in 'Room #4') was meant as text, which YAML leaves out."""
    if (
        node.style is not None
        or not node.value
        or node.start_mark.line != node.end_mark.line
        or node.end_mark.line >= len(lines)
    ):
        return None
    rest = lines[node.end_mark.line][node.end_mark.column :]
    found = re.match(r"\s+#(?=[A-Za-z0-9])", rest)  # '#4', '#weekdays'; a note '# ...' or '#----' is one
    return node.end_mark.column + found.end() - 1 if found else None


_CUT_BY_A_NOTE = (
    "YAML reads a ' #' as the start of a note, so the text from this # on is left out: put the whole text in "
    'quotation marks, like address_note: "Meetings in Room #4"'
)


def _labelled_message(label: str) -> str:
    return (
        f"a value that starts with & is given a label by YAML, and the word '&{label}' is left out of the text: put "
        f'the whole text in quotation marks, like "&{label} ..."'
    )


def _invisible_in_key(character: str) -> str:
    return (
        f"this setting's name holds an invisible character ({character_named(character)}), "
        "as pasted from a web page or a document, so it is not the name it looks like: delete the name and type it "
        "again"
    )


def _curly_quotes_message(value: str) -> str:
    closing = "\u201d" if value[0] == "\u201c" else "\u2019"
    partner = "" if closing in value else f", and its closing {closing} is missing"
    return (
        f"this text starts with a curly quotation mark ({value[0]}), as a word processor types it{partner}: YAML "
        f"reads only straight ones (\" or ') as quotation marks, so it would be printed: if it is not meant to be "
        "printed, take it out (and its partner), or type straight ones"
    )


def _offset(node: yaml.ScalarNode, index: int) -> int:
    """How far into its line the `index`-th character of a text on one line is written (after an opening quotation
    mark); for a text over several lines, whose lines YAML has joined, its start."""
    if node.start_mark.line != node.end_mark.line:
        return 0
    return index + (1 if node.style in ('"', "'") else 0)


_LONE_QUOTE = (
    'this text holds a double quotation mark (") with no partner, and would be printed with it: delete it, or, if '
    'the text was meant to be in quotation marks, put one at each end, like name: "Demo IASS"'
)


def _value_of(line: str, after: str = ": ") -> str:
    """The text after a line's first ': ' (or `after`), shortened to be quoted in a message."""
    value = line.split(after, 1)[-1].split(" #", 1)[0].strip().replace('"', "'")
    return value if len(value) <= 60 else value[:57] + "..."


def _control_message(character: str) -> str:
    return f"{control_message(character)} (in double quotation marks, a \\ followed by a letter can make one)"


def _space_in_key(key: str) -> str:
    space = key[len(key.rstrip(_ODD_SPACE))]
    return (
        f"'{key.rstrip(_ODD_SPACE)}' is followed by a non-breaking space (U+{ord(space):04X}, often pasted from a word "
        "processor or a web page) before its ':', which makes it another setting: delete that space"
    )


def _odd_space_message(space: str) -> str:
    return (
        f"this line holds a non-breaking space (U+{ord(space):04X}, often pasted from a word processor or a web "
        "page) where YAML needs an ordinary one: delete it and type a space"
    )


@lru_cache(maxsize=128)
def parse_yaml(
    text: str, path: Path, line_offset: int = 0, text_tags: tuple[str, ...] = (), printed: bool = True
) -> YamlDocument:
    """Parse YAML text safely (no Python objects, no code, bounded size) and record positions.

    Kept per text and file: a block or template read for every publisher is parsed once
    (the values are never changed by those who read them).

    `text_tags` are local tags (such as MkDocs' `!ENV`) read as plain text; any other tag is an error.
    `printed` is False for a document none of whose values is printed (the site's settings, a block's title and
    notes for editors), whose characters need not be in the leaflets' font.
    """
    loader: _BoundedLoader | None = None
    kind = _BoundedLoader
    if text_tags:

        class _TaggedLoader(_BoundedLoader):
            pass

        for tag in text_tags:
            _TaggedLoader.add_constructor(tag, _TaggedLoader.construct_tagged_as_text)
        kind = _TaggedLoader
    try:
        loader = kind(text)
        node = loader.get_single_node()
        if node is not None:
            _measure(node, 1, {}, set())
        data = loader.construct_document(node) if node is not None else None
    except _RefusedInputError as exc:
        at = exc.mark
        raise ContentError([Problem(path, at.line + 1 + line_offset, at.column + 1, exc.message)]) from None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = "this YAML tag (!...) is not allowed: sen-leaflets reads plain text, numbers, lists and keys"
        if "unhashable" in (exc.problem or ""):
            message = "a list or a set of keys cannot be used as a key: a key is a name, like 'name:'"
        raise ContentError([Problem(path, line + line_offset, column, message)]) from None
    except yaml.MarkedYAMLError as exc:
        line, column, message = _syntax_error(exc, text)
        # An odd space before the mistake YAML found is most likely what made it: that is named instead.
        misplaced = [found for found in _spaces_yaml_does_not_read(text) if found[0] <= line]
        if misplaced:
            raise ContentError([Problem(path, at + line_offset, col, why) for at, col, why in misplaced]) from None
        raise ContentError([Problem(path, line + line_offset, column, message)]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        message = f"this file holds a control character ({character}) that YAML does not allow: delete it"
        raise ContentError([Problem(path, line, column, message)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(path, 1 + line_offset, 1, f"YAML error: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    positions: dict[KeyPath, Location] = {}
    values: dict[KeyPath, Location] = {}
    duplicates: list[Problem] = []
    if node is not None:
        _record(node, (), positions, values, duplicates, path, line_offset)
    if duplicates:
        raise ContentError(duplicates)
    unreadable, lone = _text_problems(node, text, printed) if node is not None else ([], [])
    if unreadable:
        raise ContentError([Problem(path, at + line_offset, col, why) for at, col, why in unreadable])
    lone += [
        (line, column, _labelled_message(label))
        for line, column, label in loader.labelled_texts
        if label not in loader.used_labels
    ]
    warnings = tuple(Problem(path, at + line_offset, col, why, "warning") for at, col, why in sorted(lone))
    document = YamlDocument(path, data, positions, values, line_offset, warnings)
    return document


_CONTROL = re.compile(f"{CONTROL.pattern}|\r")
"""What YAML refuses written as it is, but makes from an escape in double quotation marks ("\\e", "\\x1b"): the
controls no text may hold, and a carriage return ("\\r"), which a line YAML reads never holds.
(Spaces and separators that show nothing, such as U+200B or U+2029, are read as spaces where text is used.)"""


_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s#'\"][^:#]*:\s+)?([\"'])(.*)$")
"""A line whose value starts with a quotation mark: group 1 is the mark, group 2 the rest of the line."""


def _unclosed_quote(lines: list[str], last: int, column: int) -> int | None:
    """The line (1-based) of a quotation that YAML read on past its line's end, if the error at `last` and
    `column` comes just after the quotation mark that closed it (an opening mark's partner, a line or more on).

    A quotation may rightly run over lines; it is blamed only when what YAML stumbled on follows its end.
    """
    here = lines[last - 1] if 0 < last <= len(lines) else ""
    before = here[: max(column - 1, 0)].rstrip()
    if not before.endswith(('"', "'")):
        return None
    for number in range(last - 1, max(0, last - 20), -1):
        quoted = _QUOTED_VALUE.match(lines[number - 1])
        if quoted is None:
            continue
        mark, rest = quoted.groups()
        closed = re.search(r'(?<!\\)"', rest) if mark == '"' else re.search(r"'(?!')", rest.replace("''", ""))
        return number if closed is None and before.endswith(mark) else None
    return None


def _indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_line_above(lines: list[str], line: int) -> tuple[int, str]:
    """The nearest line above `line` (1-based) that is not blank or a note: its number and text (0, "" if none)."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            return number, text
    return 0, ""


_QUOTE_EXAMPLE = 'name: "Ask Us: Notts"'
_ON_ONE_LINE = {
    "[": "a list on one line is written like [plan, intro]",
    "{": "keys on one line are written like {number: 0300 123 4567, label: Helpline}",
}


def _give_settings(name: str) -> str:
    return (
        f"to give {name} settings, write a ':' after its name (- {name}:) and indent them under it, two spaces "
        "further than the name"
    )


def _lined_up_with_a_dash(lines: list[str], line: int) -> str:
    """What to do with the setting at `line` (1-based), lined up with the '-' of the list item above it ("" if not)."""
    spaces = _indentation(lines[line - 1])
    dash = next(
        (
            (number, match)
            for number in range(line - 1, 0, -1)
            if (match := re.match(r"( *)-( +)(?=[^\s#])", lines[number - 1])) and len(match.group(1)) <= spaces
        ),
        None,
    )
    if dash is None or len(dash[1].group(1)) != spaces:
        return ""
    number, item = dash
    named = _ONLY_A_NAME.fullmatch(lines[number - 1])
    owner = next(
        (
            text
            for text in reversed(lines[: number - 1])
            if text.strip() and not text.lstrip().startswith("#") and _indentation(text) < spaces
        ),
        "",
    )
    owner_name = owner.strip().lstrip("- ").split(":", 1)[0]
    of_its_own = (
        f"; for a setting of its own, line it up with {owner_name} ({_indentation(owner)} spaces in)"
        if re.fullmatch(r"[A-Za-z_][\w-]*", owner_name)
        else ""
    )
    to_the_item = (
        _give_settings(named.group(2))
        if named
        else f"to add it to the item, line it up with the item's first setting ({item.end()} spaces in)"
    )
    return (
        f"this line starts {spaces} spaces in, lined up with the '-' of the list item above (line {number}), so it "
        f"belongs to neither that item nor the list: {to_the_item}{of_its_own}"
    )


def _started_with(problem: str, here: str, column: int) -> str:
    """What to write when a value starts with a character YAML gives a meaning to (@, `, %, |, >, ?, *, - ), which
    PyYAML names in its parser's terms; "" for any other problem."""
    character = re.fullmatch(r"found character '(.)' that cannot start any token", problem)
    start = column - 1
    if character:
        at = character.group(1)
    elif problem.startswith("found undefined alias") or problem.startswith("expected alphabetic or numeric character"):
        at = "*"
    elif problem.startswith(("expected a comment or a line break", "expected chomping or indentation indicators")):
        start = max(here.rfind("|", 0, column), here.rfind(">", 0, column))  # the | or > that began a block of text
        at = here[start : start + 1]
    elif problem in ("sequence entries are not allowed here", "mapping keys are not allowed here"):
        at = here[start : start + 1]
    else:
        return ""
    item = re.match(r"\s*\*\s", here)
    if item:
        written = here[item.end() :].strip()
        return f"a list item starts with '- ' (a hyphen and a space), not with *: write it as - {written}"
    # The example quotes the value from where it starts: after a list item's '- ', or after 'name: '.
    before, value = here[: max(start, 0)], _value_of(here[max(start, 0) :], "\0")
    named = re.fullmatch(r"\s*(?:-\s+)?([^\s:#][^:#]*):\s+", before)
    if re.fullmatch(r"\s*-\s+", before):
        example = f'- "{value}"'
    elif named:
        example = f'{named.group(1).strip()}: "{value}"'
    else:
        example = f'"{value}"'
    return (
        f"YAML gives a meaning to {at} at the start of a value, so this one cannot start with it: put the whole text "
        f"in quotation marks, like {example}"
    )


_BULLETS = "\u2022\u2023\u25e6\u2043\u2219\u00b7*\u2013\u2014"
"""What a list item is begun with when typed as in a word processor (bullets, a star, dashes), not with '- '."""


def _no_colon(lines: list[str], line: int) -> str:
    """Why a line (1-based) YAML found no ':' in is not a setting, and how to write it."""
    written = lines[line - 1] if 0 < line <= len(lines) else ""
    text = written.strip()
    if text[:1] in _BULLETS:
        return (
            f"a list item starts with '- ' (a hyphen and a space), not with {text[0]}: write it as - {text[1:].strip()}"
        )
    if re.match(r"-[^\s-]", text):
        return f"a list item needs a space after its '-': write it as - {text[1:].strip()}"
    glued = re.match(r"([A-Za-z_][\w-]*):(\S.*)", text)
    if glued and glued.group(2)[:1] in "}]":
        closer = glued.group(2)[0]
        return f"this {closer} closes nothing (there is no {'{' if closer == '}' else '['} before it): delete it"
    if glued:
        return f"YAML needs a space after the ':' of a setting: write it as {glued.group(1)}: {glued.group(2)}"
    _, above = _content_line_above(lines, line)
    named = re.match(r"([A-Za-z_][\w-]*)\s+(\S.*)", text)
    if named and re.fullmatch(r"[a-z][a-z0-9]*_[a-z0-9_]+", named.group(1)):
        # 'site_url https://...': a setting's name (they hold a _), not text meant for the setting above.
        return f"this line has no ':' after its setting's name: write it as {named.group(1)}: {named.group(2)}"
    if re.search(r":\s*(#.*)?$", above) and _indentation(written) <= _indentation(above):
        return (
            "this text is not indented under the setting above it, which has no value on its line: indent it two "
            "spaces further than that setting's name, or put it after the ':' on that line"
        )
    if named:
        return f"this line has no ':' after its setting's name: write it as {named.group(1)}: {named.group(2)}"
    return "this line has no ':' after its setting's name: write it as name: value"


_ONLY_A_NAME = re.compile(r"( *)- +([A-Za-z_][\w.-]*) *(?:#.*)?")
"""A list item that is a name alone, like '- search' (a plugin written without its settings)."""


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Where a YAML syntax error is (line and column, 1-based) and what it means, in an editor's words.

    PyYAML names its parser's states ("expected <block end>, but found '<block mapping start>'"); the
    common mistakes behind them are a tab, a line indented too far or not far enough (a '#' deleted with the
    space after it), an unclosed quotation mark, a missing ':' and a second ': ' in a line of text.
    """
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = exc.problem or ""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    above_number, above = _content_line_above(lines, line)
    spaces, above_spaces = _indentation(here), _indentation(above)
    item = re.match(r"\s*-\s+(?=\S)", above)
    if item and spaces > above_spaces:
        above_spaces = item.end()  # the keys of a list item line up after its '- '
    flow = {"while parsing a flow sequence": ("[", "]"), "while parsing a flow mapping": ("{", "}")}.get(
        exc.context or ""
    )
    if flow is not None and exc.context_mark is not None and "<stream end>" in problem:
        opening, closing = flow
        return (
            exc.context_mark.line + 1,
            exc.context_mark.column + 1,
            f"the {opening} opened here is never closed: add the closing {closing} ({_ON_ONE_LINE[opening]})",
        )
    if flow is not None and exc.context_mark is not None and problem.startswith("expected ','"):
        opening, closing = flow
        parts = "items" if opening == "[" else "keys"
        return (
            exc.context_mark.line + 1,
            exc.context_mark.column + 1,
            f"the {opening} opened here is not closed with {closing} where it should be, or two of its {parts} have "
            f"no comma between them: {_ON_ONE_LINE[opening]}, with {closing} at the end (put text holding a comma, "
            "a [ or a { in quotation marks)",
        )
    if problem.startswith("expected <block end>") and "'<scalar>'" in problem:
        written = re.match(r"\s*(?:-\s+)?(?:([^\s:#][^:#]*):\s*|(-)\s+)([\[{])", here[: column - 1])
        if written and here[: column - 1].rstrip()[-1:] in ("]", "}"):
            name, dash, opening = written.groups()
            what = "a list item" if dash else "a value"
            example = f'- "{_value_of(here, "- ")}"' if dash else f'{name.strip()}: "{_value_of(here)}"'
            return (
                line,
                column,
                f"{what} that starts with {opening} is read as a {'list' if opening == '[' else 'set of keys'}, so "
                f"these words after its closing {']' if opening == '[' else '}'} cannot follow it: put the whole "
                f"text in quotation marks, like {example}",
            )
    closer = re.fullmatch(r"expected (?:<block end>|the node content), but found '([\]}])'", problem)
    if closer is not None and flow is None:
        opening = "[" if closer.group(1) == "]" else "{"
        return (
            line,
            column,
            f"this {closer.group(1)} closes nothing (every {opening} before it is closed already): delete it",
        )
    if problem == "expected <block end>, but found '?'" and (lined_up := _lined_up_with_a_dash(lines, line)):
        return line, column, lined_up
    started = _started_with(problem, here, column)
    if started:
        return line, column, started
    if problem == "expected <block end>, but found '-'":
        return (
            line,
            column,
            "this list item ('- ') is among settings, where a list cannot start: give it a setting's name (name: "
            "value), or move it under the setting whose list it belongs to, lined up with that list's other items",
        )
    if problem == "expected <block end>, but found ','":
        return (
            line,
            column,
            "a list written on one line ends at its ]: put every item inside it, like [plan, intro]",
        )
    if problem == "but found another document" or problem.startswith("expected '<document start>'"):
        return (
            line if problem.startswith("but") else max(line - 1, 1),
            1,
            "YAML reads a line of three hyphens (---) or dots (...), or one starting with %, as the end of the "
            "settings, so those after it cannot be read: delete that line",
        )
    if problem == "could not find expected ':'" and exc.context_mark is not None:
        at = exc.context_mark.line + 1
        return at, exc.context_mark.column + 1, _no_colon(lines, at)
    if "'\\t'" in problem:
        if "\t" in here[: len(here) - len(here.lstrip(" \t"))]:
            return line, column, "this line is indented with a tab: YAML needs spaces, so replace the tab with spaces"
        return (
            line,
            column,
            "this line has a tab character in it (as pasted from a spreadsheet), where YAML cannot take one: "
            "replace it with a space",
        )
    if problem.startswith(("found unknown escape character", "expected escape sequence")):
        return (
            line,
            column,
            "in double quotation marks a \\ starts a special character: between folders write / instead (as in "
            "authorities/kent/logo.png), and for a \\ itself use single quotation marks",
        )
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        opened = exc.context_mark.line + 1
        quote = lines[opened - 1][exc.context_mark.column] if opened <= len(lines) else '"'
        return (
            opened,
            exc.context_mark.column + 1,
            f"the quotation mark ({quote}) opened here is never closed: add the closing {quote} at the end of the text",
        )
    if "found '<scalar>'" in problem:
        opened_at = _unclosed_quote(lines, line, column)
        if opened_at is not None:
            quote = here[: column - 1].rstrip()[-1]
            return (
                opened_at,
                len(lines[opened_at - 1].rstrip()) + 1,
                f"the quotation mark ({quote}) opened in this line is not closed on it, so YAML read on into line "
                f"{line}: add the closing {quote} at the end of the text",
            )
        before = here[: column - 1].rstrip()
        # An apostrophe taken for the closing mark: "we're", or a plural's "Parents' line".
        we_are = here[column - 2 : column - 1] == "'" and here[column - 1 : column].isalpha()
        plural = before.endswith(("s'", "S'")) and here[column - 2 : column - 1] == " "
        attached = we_are or plural
        if attached and before.count("'") >= 2:
            return (
                line,
                column,
                "an apostrophe inside text in single quotation marks ends it there: write the text in double "
                'quotation marks instead, like accessible_formats: "Call us, we\'re here"',
            )
        if before and before[-1] in "\"'" and before.count(before[-1]) >= 2:
            return (
                line,
                column,
                "there is text after the closing quotation mark: put all of the text inside the quotation marks, "
                "like label: 'Advice line'",
            )
    if "mapping values are not allowed here" in problem:
        first_colon = here.find(": ")
        if 0 <= first_colon < column - 2 and first_colon < len(here) and here[:first_colon].strip():
            return (
                line,
                column,
                "this line has a second ': ' in it, which YAML reads as the start of another setting: put the "
                f"text after the first ': ' in quotes, like {_QUOTE_EXAMPLE}",
            )
        only_a_name = _ONLY_A_NAME.fullmatch(above)
        if only_a_name is not None and spaces > len(only_a_name.group(1)):
            name = only_a_name.group(2)
            return (
                line,
                spaces + 1,
                f"the list item above (line {above_number}) is only a name, {name}, so this line is read as more of "
                f"that name and cannot be a setting: {_give_settings(name)}",
            )
        text_item = re.fullmatch(r"( *)- +([^\s:#'\"\[{][^:#]*?) *(?:#.*)?", above)
        if text_item is not None and spaces > len(text_item.group(1)):
            return (
                line,
                spaces + 1,
                f"this line is read as more of the text of the list item above (line {above_number}), so its ': ' "
                "cannot start a setting: put the item's whole text in quotation marks (the line above's text and "
                f"this one's, like {_QUOTE_EXAMPLE.replace('name: ', '- ')}), or start a new item with '- '",
            )
        if above and ":" not in above.split("#")[0] and not above.lstrip().startswith("-"):
            return (
                above_number,
                1,
                "this line has no ':' after its setting's name, so YAML reads it as part of the line below: "
                "write it as name: value",
            )
        if spaces > above_spaces:
            return (
                line,
                column,
                f"this line starts {spaces} spaces in, further than the line above ({above_spaces}), which has its "
                "value already: line it up with that line (if you deleted a '#' and the space after it, that space "
                "is one too many)",
            )
    if problem.startswith("expected <block end>") and (
        "<block mapping start>" in problem or "<block sequence start>" in problem
    ):
        only_a_name = _ONLY_A_NAME.fullmatch(above)
        if only_a_name is not None and spaces > len(only_a_name.group(1)):
            # '- search   # site search' above an option: the note ends the name, and the option has no place.
            name = only_a_name.group(2)
            return (
                line,
                column,
                f"the list item above (line {above_number}) is only a name, {name}, so this line cannot be a "
                f"setting of it: {_give_settings(name)}",
            )
        if re.search(r":\s*(\{\}|\[\])\s*(#.*)?$", above):
            return (
                line,
                column,
                "the line above ends with {} or [], which means 'nothing here', so nothing can be written under "
                "it: delete the {} or [] to write these lines under it",
            )
        if spaces < above_spaces:
            return (
                line,
                column,
                f"this line starts {spaces} spaces in, which lines it up with no setting above it (the line above "
                f"starts {above_spaces} in): line it up with the settings it belongs with",
            )
        return (
            line,
            column,
            f"this line starts {spaces} spaces in, further than YAML expects here (the line above starts "
            f"{above_spaces} in): line it up with the settings it belongs with (if you deleted a '#' and the "
            "space after it, that space is one too many)",
        )
    reason = problem or "the YAML could not be read"
    return (
        line,
        column,
        f"YAML syntax error: {reason}; check the indentation and that "
        "any text containing ': ' or starting with a special character is in quotes",
    )


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
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "(a list or mapping used as a key)"
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
                    "a content block must start with its title between two lines '---': a line '---', "
                    "a line 'title: ...', and another line '---'",
                )
            ]
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            header = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            # A block's title and notes are for editors: never printed.
            return FrontMatterFile(parse_yaml(header, path, line_offset=1, printed=False), body, index + 2)
    raise ContentError(
        [Problem(path, 1, 1, "the lines at the top of this block are not closed: add a line '---' after its title")]
    )
