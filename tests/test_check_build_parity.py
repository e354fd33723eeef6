"""`check` and `build` agree: the content problems that make `build` fail are exactly those `check` reports.

Every bad and hostile input of tests/fixtures/ (all those that give `check` something
to say) is made in the tiny project; then `check` runs, and `build` (with PDFs) runs.
The errors `build` prints are the errors `check` printed, and `build` fails exactly
when `check` finds an error: nothing reaches a render that `check` let through and a
render then refuses, and nothing `check` refuses is rendered.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, make_mistake
from tests.test_hostile_inputs import sen_leaflets  # with its time and memory limits

CASES = sorted(
    case
    for folder in ("bad", "hostile")
    for case in (FIXTURES / folder).glob("*.yml")
    if "expected" in (spec := yaml.safe_load(case.read_text(encoding="utf-8"))) and "build" not in spec
)
ERROR_LINE = re.compile(r"^\s*(\S.*?:\d+:\d+: error: .*)$", re.MULTILINE)  # a path may hold a space


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_build_fails_for_exactly_the_errors_check_reports(tiny_project: Path, case: Path) -> None:
    spec: dict[str, Any] = yaml.safe_load(case.read_text(encoding="utf-8"))
    isolated = bool(spec.get("isolated"))
    make_mistake(tiny_project, spec)
    _, checked = sen_leaflets(tiny_project, "check", isolated=isolated)
    code, built = sen_leaflets(tiny_project, "build", "--jobs", "1", isolated=isolated)
    check_errors = set(ERROR_LINE.findall(checked))
    build_errors = set(ERROR_LINE.findall(built))
    assert build_errors == check_errors, (spec["description"], built)
    assert (code != 0) == bool(check_errors), (spec["description"], built)
    assert "bug in sen-leaflets" not in built, built
