"""Hostile input: scripts, bombs, traps and folders the build must not touch, each answered safely.

Each file in tests/fixtures/hostile/ is one attack or accident, made in the tiny
project as in tests/fixtures/bad/ (`edit`, `write`, `write_big`, `fifo`, ...), with
what must follow:

- `expected`: exactly the problems `sen-leaflets check` reports beyond those of the
  clean project (file, line, column, severity and message);
- `build`: `sen-leaflets build` with `args`, its `exit` code, lines its output must
  hold, files (`kept`) that must be there afterwards exactly as before, and paths
  (`removed`) that must not be there;
- `site`: strings a built page's article must hold (`has`) or must not (`lacks`), and
  attributes no element of the page may have (`no_attributes`), for input that is
  published safely rather than refused (text from YAML, Markdown printed as text).

`isolated: true` runs the command in its own process, limited to `SECONDS` seconds
and `MEMORY` bytes, for the resource bombs and for pipes that would block a read:
each must finish well within those limits (`benchmarks/hostile.py` prints the times).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, make_mistake, run_cli
from tests.test_build import attributes

CASES = sorted((FIXTURES / "hostile").glob("*.yml"))
SECONDS = 30
"""Generous: every case finishes in a few seconds at most (most in well under one)."""
MEMORY = 1_500_000_000


def test_there_are_at_least_40_hostile_inputs() -> None:
    assert len(CASES) >= 40


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def sen_leaflets(root: Path, *args: str, isolated: bool = False) -> tuple[int, str]:
    """Run `sen-leaflets ARGS` in `root`: exit code, and standard output and error together."""
    if not isolated:
        with _time_limit(SECONDS):
            result = run_cli(root, *args, catch_exceptions=False)
        return result.exit_code, result.output
    done = subprocess.run(
        [sys.executable, "-c", "from generator.cli import main; main()", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_limit_memory,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def reported(root: Path, isolated: bool = False) -> list[str]:
    """What `check` reports, one line per problem."""
    code, output = sen_leaflets(root, "check", "--format", "json", isolated=isolated)
    assert code in {0, 1}, output
    start = output.index("[")
    records = json.loads(output[start : output.rindex("]") + 1])
    return [f"{r['path']}:{r['line']}:{r['column']}: {r['severity']}: {r['message']}" for r in records]


def _contents(root: Path, names: list[str]) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in names}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_input_is_answered_safely(tiny_project: Path, case: Path) -> None:
    spec: dict[str, Any] = yaml.safe_load(case.read_text(encoding="utf-8"))
    isolated = bool(spec.get("isolated"))
    if spec.get("build_first"):
        code, output = sen_leaflets(tiny_project, "build", "--no-pdf")
        assert code == 0, output
    before = reported(tiny_project)
    build = spec.get("build") or {}
    make_mistake(tiny_project, spec)
    kept = _contents(tiny_project, build.get("kept") or [])
    if "expected" in spec:
        after = reported(tiny_project, isolated)
        assert [line for line in after if line not in before] == spec["expected"], spec["description"]
    if build:
        code, output = sen_leaflets(tiny_project, "build", *build.get("args", ["--no-pdf"]), isolated=isolated)
        assert code == build.get("exit", 0), output
        for line in build.get("output") or []:
            assert line in output, (spec["description"], output)
        assert _contents(tiny_project, list(kept)) == kept, "a file the build must not touch was changed"
        for name in build.get("removed") or []:
            assert not os.path.lexists(tiny_project / name), f"{name} should not be there"
    for page, wanted in (spec.get("site") or {}).items():
        html = (tiny_project / "site" / "demo" / page).read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        for text in wanted.get("has") or []:
            assert text in article, (spec["description"], text)
        for text in wanted.get("lacks") or []:
            assert text not in article, (spec["description"], text)
        names = {name for _, name, _ in attributes(html)}
        assert not names & set(wanted.get("no_attributes") or []), spec["description"]
