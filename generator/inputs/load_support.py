"""Turning pydantic's validation errors into problems an editor can act on, at their line."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..problems import ContentError, Problem
from .characters import invisible_in
from .fields import shown
from .files import read_text
from .schema import Schema
from .yaml_source import YamlDocument


def validate(document: YamlDocument, schema: type[Schema], extra: dict[str, Any] | None = None) -> Any:
    """Validate YAML data against a schema, turning every error into a located problem."""
    data = document.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError([document.problem((), "this file should hold keys and values (a YAML mapping)")])
    try:
        return schema.model_validate({**data, **(extra or {})})
    except ValidationError as exc:
        errors = exc.errors()
        # A list whose every item is wrong is 'too short' to pydantic, which counts only the items it could read:
        # the items' own mistakes are the ones to fix, and the list is not short.
        kept = [error for error in errors if not (error["type"] == "too_short" and _has_wrong_items(error, errors))]
        raise ContentError([_problem_for(document, schema, error) for error in kept]) from None


def _has_wrong_items(error: Any, errors: list[Any]) -> bool:
    at = tuple(error["loc"])
    return any(len(other["loc"]) > len(at) and tuple(other["loc"][: len(at)]) == at for other in errors)


def _field_names(schema: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    stack: list[Any] = [schema]
    seen: set[Any] = set()
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for candidate in _models_in(info.annotation):
                stack.append(candidate)
    return names


_NAMED_BY_EDITOR = frozenset({"leaflets", "replace", "add_after", "add_before", "section_titles", "move_sections"})
"""Settings whose keys are names an editor chooses (a leaflet's, a block's, a section's), not settings."""
_WANTS_KEYS = frozenset({"dict_type", "model_type", "model_attributes_type"})

Home = tuple[str, ...]
"""Where a setting goes: the keys above it, with '*' for a name of the editor's and '-' for an item of a list."""


@functools.cache
def _homes(schema: type[BaseModel]) -> dict[str, list[Home]]:
    """Each setting's name, with every place in the file it goes."""
    homes: dict[str, list[Home]] = {}

    def walk(model: type[BaseModel], above: Home, depth: int) -> None:
        for name, info in model.model_fields.items():
            homes.setdefault(name, []).append(above)
            if depth < 6:
                for inner, step in _inner_models(info.annotation):
                    walk(inner, (*above, name, *step), depth + 1)

    walk(schema, (), 0)
    return homes


def _inner_models(annotation: Any, step: tuple[str, ...] = ()) -> Iterable[tuple[type[BaseModel], tuple[str, ...]]]:
    """The schemas inside a field's type, each with the steps to it ('*' a key of a dict, '-' an item of a list)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, step
        return
    origin = getattr(annotation, "__origin__", None)
    arguments: tuple[Any, ...] = getattr(annotation, "__args__", ()) or ()
    if origin is dict and len(arguments) == 2:
        yield from _inner_models(arguments[1], (*step, "*"))
    elif origin in (tuple, list) and arguments:
        yield from _inner_models(arguments[0], (*step, "-"))
    else:
        for argument in arguments:
            yield from _inner_models(argument, step)


def _placed(above: tuple[Any, ...]) -> str:
    """Where a key stands, in words: 'at the top level', 'under dates', 'under serves > local_offer'."""
    if not above:
        return "at the top level"
    keys = [str(part) for part in above if not isinstance(part, int)]
    return f"under {' > '.join(keys)}" if keys else "here"


def _belongs(key: str, homes: list[Home], written: tuple[Any, ...] = ()) -> str:
    """Where `key` goes, and what to do: indent it so that it lines up with the settings it belongs with.

    Of a name used in several places (name, label, id), the places nearest where it was `written` come first."""
    here = [str(part) for part in written if not isinstance(part, int)]

    def shared(home: Home) -> int:
        steps = [part for part in home if part not in ("*", "-")]
        return next(
            (index for index, (a, b) in enumerate(zip(steps, here, strict=False)) if a != b), min(len(steps), len(here))
        )

    nearest = sorted(dict.fromkeys(homes), key=lambda home: (-shared(home), len(home)))
    if not nearest[0]:
        return "it is a setting of its own, at the top level: start it at the beginning of the line"
    places = [f"under {_home_in_words(home)}" if home else "at the top level" for home in nearest[:3]]
    return f"it goes {', or '.join(places)}, lined up with the settings there: indent it to there"


_NAMES = {"leaflets": "the leaflet's name (like sen-support)", "move_sections": "the section's id"}


def _home_in_words(home: Home) -> str:
    """'leaflets > the leaflet's name (like sen-support)': each key, each name of the editor's said in words."""
    steps = [
        _NAMES.get(home[index - 1] if index else "", "a name of yours") if part == "*" else part
        for index, part in enumerate(home)
        if part != "-"
    ]
    return " > ".join(steps)


def _models_in(annotation: Any) -> Iterable[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(argument)


_PYDANTIC_LABEL = re.compile(r"[a-z][a-z-]*\[.+\]")


def _problem_for(document: YamlDocument, schema: type[Schema], error: Any) -> Problem:
    loc = tuple(error["loc"])
    # pydantic adds labels of its own to some locations ('function-after[_web_url(), str]'), not keys.
    loc = tuple(part for part in loc if not (isinstance(part, str) and _PYDANTIC_LABEL.fullmatch(part)))
    where = _key_in_words(loc) if loc else "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        homes = _homes(schema).get(key)
        if homes:
            # A setting written at the wrong depth: its name is right, so a "did you mean" would repeat it.
            return document.problem(loc, f"'{key}' does not go {_placed(loc[:-1])}: {_belongs(key, homes, loc[:-1])}")
        return document.problem(loc, f"unknown key {where}; {_near_miss(schema, key, loc[:-1])}")
    homes = _homes(schema).get(str(loc[-1])) if loc and kind in _WANTS_KEYS else None
    if homes and len(loc) >= 2 and isinstance(loc[-2], str) and loc[-2] in _NAMED_BY_EDITOR:
        # Under `leaflets:` (or the like) every key is a name of the editor's, so a setting one level too far out is
        # read as a leaflet called 'leave_out'.
        key = str(loc[-1])
        message = f"'{key}' is read here as the name of one of the {loc[-2]}: {_belongs(key, homes, loc[:-1])}"
        return document.problem(loc, message)
    if kind == "missing":
        inside = f" under {_key_in_words(loc[:-1])}" if loc[:-1] else ""
        return document.problem(loc, f"missing required key '{loc[-1]}'{inside}: add it")
    message = plain_message(error)
    if error.get("input") is None and _starts_a_note(document, loc):
        message += '; in YAML, # starts a note, so a value that begins with # goes in quotes, like colour: "#5a2d82"'
    return document.problem(loc, f"{where}: {message}", at_value=True)


def _near_miss(schema: type[Schema], key: str, above: tuple[Any, ...]) -> str:
    """A setting of the place `key` was written that it may be a misspelling of; else one from another place, with
    where that goes, when it is a closer likeness (an 'emial' at the top level is the contact's 'email')."""
    place = _home_of(above)
    homes = _homes(schema)
    here = sorted(name for name, its_homes in homes.items() if place in its_homes)
    close = difflib.get_close_matches(key, here, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    elsewhere = difflib.get_close_matches(key, sorted(_field_names(schema)), n=1, cutoff=0.75)
    if elsewhere:
        return f"did you mean '{elsewhere[0]}'? ({_belongs(elsewhere[0], homes[elsewhere[0]], above)})"
    return "remove it or check its spelling and indentation"


def _home_of(above: tuple[Any, ...]) -> Home:
    """The place of a key written under `above` (keys and list positions), as `_homes` names places."""
    steps: list[str] = []
    for index, part in enumerate(above):
        if isinstance(part, int):
            steps.append("-")
        elif index and above[index - 1] in _NAMED_BY_EDITOR:
            steps.append("*")
        else:
            steps.append(str(part))
    return tuple(steps)


def _key_in_words(loc: tuple[Any, ...]) -> str:
    """A key's place as an editor reads it: 'dates.published', or for one in a list, counted from 1,
    "'gss' (in the 1st item of serves)" rather than 'serves.0.gss'."""
    items = [index for index, part in enumerate(loc) if isinstance(part, int)]
    if not items:
        return f"'{'.'.join(map(str, loc))}'"
    last = items[-1]
    inner = ".".join(map(str, loc[last + 1 :]))
    item = _item_in_words(loc[: last + 1])
    return f"'{inner}' (in {item})" if inner else item


def _item_in_words(loc: tuple[Any, ...]) -> str:
    """'the 2nd item of blocks, in the 3rd item of sections' for ('sections', 2, 'blocks', 1): a list inside a list
    is named from the inside out, each by its own key."""
    *above, index = loc
    outer = max((position for position, part in enumerate(above) if isinstance(part, int)), default=-1)
    name = ".".join(map(str, above[outer + 1 :]))
    item = f"the {_ordinal(index + 1)} item"
    if outer < 0:
        return f"{item} of {name}" if name else item
    inside = _item_in_words(tuple(above[: outer + 1]))
    return f"{item} of {name}, in {inside}" if name else f"{item} of {inside}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _starts_a_note(document: YamlDocument, loc: tuple[Any, ...]) -> bool:
    """Whether the key's line reads `key: #...`: a value meant to start with #, which YAML took as a note."""
    line, _ = document.locate(loc)
    try:
        text = read_text(document.path).splitlines()[line - 1]
    except (ContentError, IndexError, OSError):
        return False
    return re.search(r":\s+#", text) is not None


_KINDS = {
    "str": "text",
    "list": "a list",
    "tuple": "a list",
    "dict": "a set of keys",
    "int": "a number",
    "float": "a number",
    "bool": "true or false",
    "NoneType": "empty",
}
"""What an editor calls each kind of YAML value."""

_EXPECTED = {
    "string_type": "this should be text",
    "bool_type": "this should be true or false",
    "bool_parsing": "this should be true or false",
    "dict_type": "this should be a set of keys (each on its own line, as key: value)",
    "model_type": "this should be a set of keys (each on its own line, as key: value)",
    "model_attributes_type": "this should be a set of keys (each on its own line, as key: value)",
    "list_type": "this should be a list (each item on its own line, starting with '- ')",
    "tuple_type": "this should be a list (each item on its own line, starting with '- ')",
    "int_type": "this should be a whole number",
    "int_parsing": "this should be a whole number",
}
"""pydantic's complaints about the kind of a value, in an editor's words."""

_PATTERNS = {
    r"^E(06|07|08|09|10)\d{6}$": "is not the GSS code of a local authority: that is E06, E07, E08, E09 or E10 "
    "and six more digits, like E10000016 for Kent, from content/local-authorities.csv",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "is not a usable name: use lower-case letters, digits and hyphens, like sen-support",
}
"""The schema's patterns, by what a value that does not match them is not."""


def plain_message(error: Any) -> str:
    """One pydantic error's message, in words an editor understands: no Python types, no pydantic terms.

    The schema's own validators already speak plainly (their ValueError is the message); pydantic's
    built-in checks are said again here, by their error type.
    """
    kind = error["type"]
    context = error.get("ctx") or {}
    value = error.get("input")
    found = _KINDS.get(type(value).__name__, "something else")
    if kind in _EXPECTED:
        if kind == "string_type" and type(value) in (int, float):
            # YAML reads +441622694000 or 0300 as numbers, dropping the + or the leading 0.
            return f"{_EXPECTED[kind]}, but YAML read it as a number: put it in quotes, so that it is kept as written"
        return f"{_EXPECTED[kind]}, but it is {found}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "string_unicode":
        # YAML's "\ud800" escapes: half of a character that needs two, which no text can hold.
        return (
            "this holds half of a character (a \\u escape between \\ud800 and \\udfff, on its own): "
            "write the whole character, or delete the escape"
        )
    if kind == "string_too_short":
        return "this cannot be empty: write the text after the colon"
    if kind == "string_too_long":
        return f"this is too long: at most {context.get('max_length', '?')} characters"
    if kind == "too_short":
        least = int(context.get("min_length", 1))
        what = "key" if isinstance(value, dict) else "item"
        return f"this needs at least {least} {what}{'' if least == 1 else 's'}"
    if kind == "too_long":
        return f"this has too many items: at most {context.get('max_length', '?')}"
    if kind == "string_pattern_mismatch":
        plain = _PATTERNS.get(str(context.get("pattern", "")), "is not written in the form this key needs")
        hidden = invisible_in(value) if isinstance(value, str) else ""
        return f"{shown(value)} {'is not usable: ' + hidden if hidden else plain}"
    if kind.startswith(("date_", "datetime_")):
        return f"{shown(value)} is not a date: write it as 2025-10-01, or 2025-10 for a month, or 2025"
    # A kind of check the schema does not make today: say what pydantic says, without its type names.
    message = re.sub(r"\b(Input|String|Tuple|List|Dictionary|Value)\b should", "this should", str(error["msg"]))
    return re.sub(r" or instance of \w+", "", message)
