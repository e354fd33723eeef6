"""The layout keeps its promises: data flows one way, and the site engine lives in one folder.

Material for MkDocs reaches its end of life in May 2027; moving to another engine must be
a change to generator/outputs/site/ alone. Read from the source with `ast`, so a stray
import anywhere fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "generator"
MODULES = sorted(PACKAGE.rglob("*.py"))
STAGES = ["inputs", "compose", "outputs", "build"]
"""In the order data flows: a stage may use the ones before it, never those after."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, as absolute dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _strings_in_code(path: Path) -> list[str]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))  # attribute docstrings
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def _stage(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else ""


def test_only_the_site_output_imports_mkdocs_or_names_material() -> None:
    site = PACKAGE / "outputs" / "site"
    for path in MODULES:
        if path.is_relative_to(site):
            continue
        engines = {name for name in _imports(path) if name.split(".")[0] in {"mkdocs", "material"}}
        assert not engines, f"{path.relative_to(REPO)} imports {engines}"
        named = [text for text in _strings_in_code(path) if "mkdocs" in text.lower() or "--md-" in text]
        assert not named, f"{path.relative_to(REPO)} names the site engine: {named}"


def test_the_outputs_do_not_import_each_other() -> None:
    """Each output (site, pdf, epub, docx, braille) has a folder; what they share lives beside them, in modules."""
    outputs = sorted(folder.name for folder in (PACKAGE / "outputs").iterdir() if (folder / "__init__.py").is_file())
    assert {"site", "pdf", "epub", "docx", "braille"} <= set(outputs)
    for output in outputs:
        others = tuple(f"generator.outputs.{other}" for other in outputs if other != output)
        for path in (PACKAGE / "outputs" / output).rglob("*.py"):
            assert not [m for m in _imports(path) if m.startswith(others)], path


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_data_flows_one_way(path: Path) -> None:
    """inputs -> compose -> outputs -> build: no module imports a later stage.

    The one exception is the MkDocs plugin, which `mkdocs serve` starts: it runs the
    pipeline (build.preview) for the publisher it previews, importing it when it does.
    """
    stage = _stage(path)
    if stage not in STAGES:
        return
    later = STAGES[STAGES.index(stage) + 1 :]
    imported = {name.split(".")[1] for name in _imports(path) if name.startswith("generator.") and "." in name}
    allowed = {"build"} if path == PACKAGE / "outputs" / "site" / "plugin.py" else set()
    assert not (imported & set(later)) - allowed, f"{path.relative_to(REPO)} imports a later stage"


def test_every_module_says_what_it_owns() -> None:
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.relative_to(REPO)} has no docstring"
    assert not list(PACKAGE.rglob("utils.py"))
