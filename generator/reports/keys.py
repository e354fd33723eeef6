"""The README's tables of publisher keys, made from the schema, so that the documentation cannot drift from it.

Each key's description is its attribute docstring in `generator/inputs/schema.py` (the string under it).
`tests/test_readme.py` compares the README's tables with these; after changing the schema, print
them with `python -m generator.reports.keys` and paste them between the README's markers.
"""

from __future__ import annotations

import ast
import functools
import inspect
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..inputs.schema import AcceptedWarning, LeafletChanges, Logo, Phone, Publisher, SocialLink

SHOWN_WHOLE: tuple[type[BaseModel], ...] = (Phone, SocialLink, Logo, LeafletChanges, AcceptedWarning)
"""Keys whose parts one row describes (a phone's number, label and hours), rather than a row each."""
SET_BY_SEN_LEAFLETS = frozenset({"slug"})
"""Fields filled in from the file's name, never written in it."""


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds, if any, and whether it holds a list of them."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    arguments = [a for a in typing.get_args(annotation) if a is not type(None) and a is not Ellipsis]
    if origin in (typing.Union, types.UnionType) and len(arguments) == 1:
        return _model_in(arguments[0])
    if origin is tuple and len(arguments) == 1:
        model, _ = _model_in(arguments[0])
        return model, model is not None
    return None, False


@functools.cache
def _docstrings(model: type[BaseModel]) -> dict[str, str]:
    """The string under each field of `model`'s own class body in its source."""
    body = ast.parse(inspect.getsource(model)).body[0]
    assert isinstance(body, ast.ClassDef)
    found = {}
    for statement, after in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            found[statement.target.id] = inspect.cleandoc(after.value.value)
    return found


def _description(model: type[BaseModel], name: str) -> str | None:
    """A field's docstring, from the class that declares it (a field may come from a class it is based on)."""
    for declaring in model.__mro__:
        own = vars(declaring).get("__annotations__", {})
        if isinstance(declaring, type) and issubclass(declaring, BaseModel) and name in own:
            return _docstrings(declaring).get(name)
    return None


def _described(model: type[BaseModel], name: str) -> str:
    text = _description(model, name)
    if not text:
        raise ValueError(f"{model.__name__}.{name} has no docstring to describe it in the README")
    return " ".join(text.split()).removesuffix(".")


def key_rows(model: type[BaseModel], prefix: str = "", nested: bool = True) -> Iterator[tuple[str, bool, str]]:
    """(key, required, description) for every key of `model`, nested keys by their full path (`serves[].gss`)."""
    for name, info in model.model_fields.items():
        if name in SET_BY_SEN_LEAFLETS:
            continue
        key = f"{prefix}{name}"
        inner, listed = _model_in(info.annotation)
        if not nested or inner is None or issubclass(inner, SHOWN_WHOLE):
            yield key, info.is_required(), _described(model, name)
            continue
        if _description(model, name):
            yield key, info.is_required(), _described(model, name)
        yield from key_rows(inner, f"{key}[]." if listed else f"{key}.")


def publisher_keys_table() -> str:
    """The README's table of a publisher file's keys."""
    lines = ["| key | required | what it is |", "| --- | --- | --- |"]
    lines += [f"| `{key}` |{' yes ' if required else ' '}| {text} |" for key, required, text in key_rows(Publisher)]
    return "\n".join(lines) + "\n"


def leaflet_changes_table() -> str:
    """The README's table of the local changes a publisher can make to each leaflet."""
    lines = ["| key | what it does |", "| --- | --- |"]
    lines += [f"| `{key}` | {text} |" for key, _, text in key_rows(LeafletChanges, nested=False)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(publisher_keys_table())
    print(leaflet_changes_table(), end="")
