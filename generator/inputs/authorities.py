"""The GSS codes local government reorganisation has retired, and what replaced them.

`content/local-authority-changes.csv` lists codes that no longer exist, with the codes that
replaced them and from when, so that a publisher still holding an old code (North Yorkshire's
E10000023) is told what to write instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..problems import ContentError, Problem
from .fields import PartialDate
from .files import read_text
from .project import Project


@dataclass(frozen=True)
class RetiredCode:
    """A GSS code reorganisation replaced: the authority it named, its successors and the day they began."""

    code: str
    name: str
    successors: tuple[tuple[str, str], ...]
    """(code, name) of each authority that took over; two where one county became two unitaries."""
    since: dt.date

    def message(self, on_the_command_line: bool = False) -> str:
        """What an editor is told about a publisher file that still holds this code (or, with
        `on_the_command_line`, about `sen-leaflets new --gss` given it)."""
        day = str(PartialDate(self.since.year, self.since.month, self.since.day))
        named = " and ".join(f"{code} ({name})" for code, name in self.successors)
        if on_the_command_line:
            what = "use " + " ".join(f"--gss {code}" for code, _ in self.successors)
            if len(self.successors) > 1:
                what += ", for each authority this service serves"
        elif len(self.successors) == 1:
            what = f"write gss: {self.successors[0][0]}"
        else:
            what = "write the code of each authority this service serves, each as its own entry under serves"
        return f"'{self.code}' is the old GSS code of {self.name}, replaced by {named} on {day}: {what}"


def _rows(path: Path, columns: set[str]) -> csv.DictReader[str]:
    rows = csv.DictReader(io.StringIO(read_text(path), newline=""))
    if not columns <= set(rows.fieldnames or ()):
        message = f"the first line must name the columns, including {', '.join(sorted(columns))}"
        raise ContentError([Problem(path, 1, 1, message)])
    return rows


def load_retired_codes(project: Project, live: dict[str, str]) -> dict[str, RetiredCode]:
    """Old code to what replaced it, from content/local-authority-changes.csv (optional).

    Every successor must be a live authority, so that the advice given is a code `check` accepts.
    """
    path = project.local_authority_changes_file
    if not path.exists():
        return {}
    rows = _rows(path, {"old_code", "old_name", "new_codes", "new_names", "from"})
    retired: dict[str, RetiredCode] = {}
    for row in rows:
        line = rows.line_num
        codes = [code.strip() for code in (row.get("new_codes") or "").split(";") if code.strip()]
        names = [name.strip() for name in (row.get("new_names") or "").split(";") if name.strip()]
        try:
            since = dt.date.fromisoformat((row.get("from") or "").strip())
        except ValueError:
            written = (row.get("from") or "").strip()
            what = f"'{written}' is not a date" if written else "this change has no date in its 'from' column"
            message = f"{what}: write the day the change took effect as 2023-04-01"
            raise ContentError([Problem(path, line, 1, message)]) from None
        if not row.get("old_code") or not row.get("old_name") or not codes or len(codes) != len(names):
            message = "each change needs the old code and name, and as many new codes as new names (separated by ;)"
            raise ContentError([Problem(path, line, 1, message)])
        unknown = [code for code in codes if code not in live]
        if unknown:
            message = f"'{unknown[0]}' is not in content/local-authorities.csv: a successor must be a live authority"
            raise ContentError([Problem(path, line, 1, message)])
        old = (row.get("old_code") or "").strip()
        retired[old] = RetiredCode(
            old, (row.get("old_name") or "").strip(), tuple(zip(codes, names, strict=True)), since
        )
    return retired
