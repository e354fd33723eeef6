"""How a build tells people how it is going: a progress bar on a terminal, plain lines elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Never

import click

from ..problems import visible

if TYPE_CHECKING:
    from tqdm import tqdm

    from .pipeline import PublisherResult


class BuildProgress:
    """Counts publishers done and failed; shows the bar on a terminal, one line per publisher otherwise."""

    def __init__(self, total: int, out_dir: Path, root: Path) -> None:
        self.total = total
        self.out_dir = out_dir
        self.root = root
        self.failed = 0
        self.bar: tqdm[Never] | None = None

    def __enter__(self) -> BuildProgress:
        if sys.stderr.isatty() and self.total > 1:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="publisher", file=sys.stderr, dynamic_ncols=True)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.close()

    def _say(self, text: str, err: bool = False) -> None:
        # A publisher's name is its file's, and a file in its folder may be named anything: none acts on the terminal.
        text = "\n".join(visible(line) for line in text.split("\n"))
        if self.bar is not None:
            self.bar.write(text, file=sys.stderr)
        else:
            click.echo(text, err=err)

    def started(self, slug: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(visible(f"failed {self.failed}, building {slug}"))

    def finished(self, result: PublisherResult) -> None:
        if not result.ok:
            self.failed += 1
            # The folder its site is in, which is not its name's when its file is refused for its name (Other.yml).
            kept = (
                ""
                if result.error or result.folder is None
                else f": nothing in {self.out_dir / result.folder}/ was changed (a site made before stays)"
            )
            self._say(f"FAILED {result.slug}{kept}", err=True)
        elif result.removed:
            self._say(f"removed {self.out_dir / result.slug}/: authorities/{result.slug}.yml is gone")
        elif self.bar is None:
            verb = "unchanged" if result.skipped else "built "
            self._say(f"{verb} {result.slug} -> {self.out_dir / result.slug}/")
        for problem in result.problems:
            self._say(f"  {problem.format(self.root)}", err=True)
        if result.error:
            self._say(f"  {result.error}", err=True)
        if result.bug:
            self._say(
                f"  sen-leaflets stopped with an error it did not expect while building {result.slug}. This is a bug "
                "in sen-leaflets, not a mistake in the content: please report it, with this text:",
                err=True,
            )
            self._say(result.bug.rstrip("\n"), err=True)
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(visible(f"failed {self.failed}, done {result.slug}"))
