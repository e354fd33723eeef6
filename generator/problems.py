"""Problems found in the content or a publisher's YAML, reported with file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]

_UNSHOWABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters that would act on a terminal or a log rather than show: control characters (a new line, the escape
that starts a terminal command) and those that reorder text. A message quoting content shows them by their code."""


def visible(text: str) -> str:
    """`text` with each character of `_UNSHOWABLE` written as its code, like <U+001B>: a quoted file name or
    line cannot clear the editor's terminal, recolour it, or start a line that looks like another problem."""
    return _UNSHOWABLE.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located so that an editor can find it."""

    path: Path
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # Messages quote content, which is untrusted: every reader (terminal, JSON, the preview's page) gets it shown.
        object.__setattr__(self, "message", visible(self.message))

    def format(self, root: Path | None = None) -> str:
        """Render as `path:line:column: severity: message`, the way compilers do."""
        shown = self.path
        if root is not None and self.path.is_relative_to(root):
            shown = self.path.relative_to(root)
        return f"{visible(str(shown))}:{self.line}:{self.column}: {self.severity}: {self.message}"


class ContentError(Exception):
    """Raised when inputs cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        self.problems = problems
        self.root = root
        super().__init__("\n".join(p.format(root) for p in problems))
