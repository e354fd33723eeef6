"""How long `sen-leaflets check` takes, and how much memory, on each hostile input meant to be slow or large.

Run: .venv/bin/python benchmarks/hostile.py

For every case of tests/fixtures/hostile/ that is a resource bomb (runaway templates,
YAML bombs, oversized files, pipes), the tiny test project gets that mistake and
`check` runs in a process of its own. The tests only require each to finish within a
generous limit; the figures are here. For comparison, the clean project's check.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import FIXTURES, make_mistake  # noqa: E402

BOMBS = ("jinja-", "yaml-", "block-", "blocks-", "logo-fifo")
RUN = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: print(f'maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr))\n"
    "from generator.cli import main\n"
    "main(['check'])\n"
)


def _project(folder: Path) -> Path:
    root = folder / "project"
    shutil.copytree(FIXTURES / "tiny", root)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("code-of-practice.yml", "local-authorities.csv"):
        shutil.copy(REPO / "content" / name, root / "content" / name)
    return root


def _measure(root: Path) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN], cwd=root, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    kilobytes = int(done.stderr.rsplit("maxrss ", 1)[1].split()[0])
    return seconds, kilobytes // 1024


def main() -> None:
    cases = [case for case in sorted((FIXTURES / "hostile").glob("*.yml")) if case.stem.startswith(BOMBS)]
    print(f"{'input':<48}{'seconds':>9}{'peak MB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        seconds, megabytes = _measure(_project(Path(folder)))
    print(f"{'(the clean project)':<48}{seconds:>9.2f}{megabytes:>9}")
    for case in cases:
        with tempfile.TemporaryDirectory() as folder:
            root = _project(Path(folder))
            make_mistake(root, yaml.safe_load(case.read_text(encoding="utf-8")))
            seconds, megabytes = _measure(root)
        print(f"{case.stem:<48}{seconds:>9.2f}{megabytes:>9}")


if __name__ == "__main__":
    main()
