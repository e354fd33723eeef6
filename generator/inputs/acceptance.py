"""Warnings a publisher accepts on purpose: each names its file, words of the warning, the text it covers and why.

A service that keeps its old "transfer to SEN support by September 2015" sentence on purpose
could never pass `check --strict`. An acceptance in its YAML (`accept_warnings`) takes that one
warning out of the report, for as long as the text it covers is unchanged: edit the text and
the warning is back, with a word that the acceptance has lapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import ContentError, Problem
from .files import read_text
from .project import Project
from .schema import AcceptedWarning, Publisher
from .yaml_source import YamlDocument


@dataclass(frozen=True)
class Acceptance:
    """An accepted warning as `drift` lists it, and whether the text it covers is still there."""

    file: str
    warning: str
    reason: str
    current: bool
    """False once the covered text has changed or gone: the acceptance has lapsed."""


def _plain(text: str) -> str:
    return " ".join(text.split())


def _file_text(project: Project, accepted: AcceptedWarning) -> str | None:
    path = project.root / accepted.file
    if Path(accepted.file).is_absolute() or not project.contains(path) or not path.is_file():
        return None
    try:
        return _plain(read_text(path))
    except ContentError:
        return None


def covers_current_text(project: Project, accepted: AcceptedWarning) -> bool:
    """True while the text an acceptance covers is still in its file, word for word."""
    text = _file_text(project, accepted)
    return text is not None and _plain(accepted.covers) in text


def acceptances(project: Project, publisher: Publisher) -> list[Acceptance]:
    """Every warning the publisher accepts, for `drift`."""
    return [Acceptance(a.file, a.warning, a.reason, covers_current_text(project, a)) for a in publisher.accept_warnings]


def _paragraph_at(path: Path, line: int) -> str:
    """The text of the paragraph a problem points at: its line and those after it, up to a blank line."""
    try:
        lines = read_text(path).splitlines()
    except (ContentError, OSError):
        return ""
    paragraph: list[str] = []
    for text in lines[max(line - 1, 0) :]:
        if not text.strip() and paragraph:
            break
        paragraph.append(text)
    return _plain(" ".join(paragraph))


def apply_acceptances(
    project: Project, publisher: Publisher, document: YamlDocument, problems: list[Problem]
) -> list[Problem]:
    """`problems` without the warnings the publisher accepts; a warning for each acceptance that no longer applies.

    A warning is accepted when it is in the acceptance's file, its message holds the acceptance's
    words, and the paragraph it points at holds the covered text. Errors are never accepted.
    """
    used: set[int] = set()
    kept: list[Problem] = []
    for problem in problems:
        match = None
        if problem.severity == "warning":
            for index, accepted in enumerate(publisher.accept_warnings):
                same_file = problem.path.resolve() == (project.root / accepted.file).resolve()
                if (
                    same_file
                    and accepted.warning in problem.message
                    and covers_current_text(project, accepted)
                    and _plain(accepted.covers) in _paragraph_at(problem.path, problem.line)
                ):
                    match = index
                    break
        if match is None:
            kept.append(problem)
        else:
            used.add(match)
    for index, accepted in enumerate(publisher.accept_warnings):
        if index in used:
            continue
        where = ("accept_warnings", index)
        if not covers_current_text(project, accepted):
            message = (
                f"this acceptance has lapsed: the text it covers is no longer in {accepted.file} as written here, "
                "so its warning is shown again. Read the warning; if you still keep the text on purpose, copy the "
                "new text into 'covers', or remove this acceptance"
            )
        else:
            message = (
                f"this accepts a warning that check does not give in {accepted.file} (none says "
                f"'{accepted.warning}' about this text): check the words and the file, or remove it"
            )
        kept.append(document.problem(where, message, severity="warning"))
    return kept
