"""Problems found in the content or a publisher's YAML, reported with file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located so that an editor can find it."""

    path: Path
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def format(self, root: Path | None = None) -> str:
        """Render as `path:line:column: severity: message`, the way compilers do."""
        shown = self.path
        if root is not None and self.path.is_relative_to(root):
            shown = self.path.relative_to(root)
        return f"{shown}:{self.line}:{self.column}: {self.severity}: {self.message}"


class ContentError(Exception):
    """Raised when inputs cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        self.problems = problems
        self.root = root
        super().__init__("\n".join(p.format(root) for p in problems))
