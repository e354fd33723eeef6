"""The compiled theme templates a process leaves on disk for the next one (generator/template_cache.py)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.template_cache import ThemeBytecodeCache


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from their source, in order."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counted(
        self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object
    ) -> object:
        names.append(str(name))
        return compile_source(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def _render(folder: Path, source: str) -> str:
    """Render `source` as page.html in a new environment with a new cache, as a new process would."""
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"page.html": source}), bytecode_cache=ThemeBytecodeCache(str(folder))
    )
    return env.get_template("page.html").render(name="Kent")


def test_a_new_process_uses_the_theme_templates_the_last_one_compiled(tmp_path: Path, compiled: list[str]) -> None:
    assert _render(tmp_path, "Hello {{ name }}") == "Hello Kent"
    assert compiled == ["page.html"]
    assert _render(tmp_path, "Hello {{ name }}") == "Hello Kent"
    assert compiled == ["page.html"], "compiled again, although the last process left it compiled"
    # An edited template is compiled afresh, never taken for the old one.
    assert _render(tmp_path, "Goodbye {{ name }}") == "Goodbye Kent"
    assert compiled == ["page.html", "page.html"]
    assert _render(tmp_path, "Hello {{ name }}") == "Hello Kent"
    assert len(compiled) == 2
    assert sorted(path.name.startswith("sen-leaflets-") for path in tmp_path.iterdir()) == [True, True]


def test_a_cache_folder_that_cannot_be_written_leaves_the_process_its_own(tmp_path: Path, compiled: list[str]) -> None:
    unwritable = tmp_path / "a-file-not-a-folder"
    unwritable.write_text("")
    assert _render(unwritable, "Hello {{ name }}") == "Hello Kent"
    assert compiled == ["page.html"]


def test_a_damaged_cache_file_is_compiled_anew(tmp_path: Path, compiled: list[str]) -> None:
    assert _render(tmp_path, "Hello {{ name }}") == "Hello Kent"
    [kept] = tmp_path.iterdir()
    kept.write_bytes(kept.read_bytes()[:20])  # cut short, as by a full disk
    assert _render(tmp_path, "Hello {{ name }}") == "Hello Kent"
    assert compiled == ["page.html", "page.html"]
