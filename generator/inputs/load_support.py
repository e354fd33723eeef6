"""Turning pydantic's validation errors into problems an editor can act on, at their line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..problems import ContentError, Problem
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
        raise ContentError([_problem_for(document, schema, error) for error in exc.errors()]) from None


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
    where = ".".join(str(part) for part in loc) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = difflib.get_close_matches(key, sorted(_field_names(schema)), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else "; remove it or check its spelling and indentation"
        return document.problem(loc, f"unknown key '{where}'{hint}")
    if kind == "missing":
        parent = ".".join(str(part) for part in loc[:-1])
        inside = f" under '{parent}'" if parent else ""
        return document.problem(loc, f"missing required key '{loc[-1]}'{inside}: add it")
    message = str(error["msg"]).removeprefix("Value error, ")
    for jargon, plain in (("valid tuple", "list"), ("valid list", "list"), ("valid dictionary", "set of keys")):
        message = message.replace(jargon, plain)
    message = re.sub(r" or instance of \w+", "", message)
    if kind in {"string_type", "int_type", "bool_type", "dict_type", "list_type", "tuple_type", "model_type"}:
        found = type(error.get("input")).__name__
        found = {
            "dict": "a set of keys",
            "list": "a list",
            "str": "text",
            "int": "a number",
            "NoneType": "nothing",
        }.get(found, found)
        message = f"{message.rstrip('.')}, but found {found}"
    return document.problem(loc, f"'{where}': {message}", at_value=True)
