"""How far each publisher's text has moved from the shared text: left out, replaced, added.

For the national maintainer: when shared wording changes, the replacements to
review are the ones listed here, each with a word diff against the current
shared text.
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..inputs.acceptance import Acceptance, acceptances
from ..inputs.blocks import shared_text_hash
from ..inputs.load import Library, PublisherInputs, load_publisher
from ..inputs.project import Project
from ..inputs.schema import Leaflet, LeafletChanges
from ..problems import ContentError, Problem, visible

CANNOT_SHOW = "its changes to the shared text cannot be shown, as it has errors"
"""What the report says of a publisher it leaves out, its file (or its local blocks) having errors: `drift` says it
on the terminal, and the drift page a build writes says it too."""

MAX_WORDS = 2_000
"""Words of each text compared: the longest shared block has about 200."""

Change = tuple[str, str]
"""(kind, words): kind is 'same', 'removed' (shared text the publisher dropped) or 'added' (its own)."""


@dataclass(frozen=True)
class Replacement:
    leaflet_id: str
    shared_id: str
    local_id: str
    diff: list[Change]
    reviewed: bool
    """True when the local block's based_on matches the current shared text."""


@dataclass(frozen=True)
class Addition:
    leaflet_id: str
    block_id: str
    where: str
    """E.g. 'after intro', 'in its own order'."""
    reviewed: bool | None = None
    """For a local block written from a shared one (`based_on`): does that still match a shared block's text?"""


@dataclass
class PublisherDrift:
    slug: str
    name: str
    left_out: list[tuple[str, str]] = field(default_factory=list)
    """(leaflet id, shared block id)."""
    replaced: list[Replacement] = field(default_factory=list)
    added: list[Addition] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    """(leaflet id, a change to its sections or titles), e.g. ('sen-support', "retitles section review: ...")."""
    accepted: list[Acceptance] = field(default_factory=list)
    """Warnings the publisher keeps on purpose, with its reasons, and whether each still covers the current text."""


def word_diff(shared: str, local: str) -> list[Change]:
    """The changes from the shared text to the local one, word by word."""
    # Compared word by word up to a limit: the comparison takes time in proportion to the square of the words.
    before, after = re.findall(r"\S+", shared)[:MAX_WORDS], re.findall(r"\S+", local)[:MAX_WORDS]
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.append(("same", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            changes.append(("removed", " ".join(before[i1:i2])))
        if j2 > j1:
            changes.append(("added", " ".join(after[j1:j2])))
    return changes


def publisher_drift(library: Library, inputs: PublisherInputs, project: Project) -> PublisherDrift:
    """What one publisher leaves out, adds and replaces of the shared text, leaflet by leaflet, and the warnings
    it accepts."""
    publisher = inputs.publisher
    drift = PublisherDrift(publisher.slug, publisher.name, accepted=acceptances(project, publisher))
    shared_hashes = {shared_text_hash(block) for block in library.blocks.values()}

    def added(leaflet_id: str, block_id: str, where: str) -> Addition:
        # A local block written from a shared one (it has based_on) is reviewed wherever it is placed: its
        # based_on must still match a shared block's text.
        local = inputs.local_blocks.get(block_id)
        based_on = local.based_on if local is not None else None
        return Addition(leaflet_id, block_id, where, None if based_on is None else based_on in shared_hashes)

    for leaflet_id, changes in publisher.leaflets.items():
        leaflet = inputs.leaflet(library, leaflet_id)
        drift.sections += [(leaflet_id, change) for change in _section_changes(leaflet, changes, inputs)]
        if leaflet_id in inputs.own_leaflets:
            # Every block of its own leaflet is placed by the publisher: its local ones are reported as added.
            drift.added += [
                added(leaflet_id, b, f"in its own leaflet, section {section.id}")
                for section in leaflet.sections
                for b in section.blocks
                if b in inputs.local_blocks
            ]
        shared_ids = [b for section in leaflet.sections for b in section.blocks]
        left_out: list[str] = []
        if changes.sections is not None:
            own = {b for section in changes.sections for b in section.blocks}
            left_out += [b for b in shared_ids if b not in own and b not in changes.replace]
            drift.added += [added(leaflet_id, b, "in its own order") for b in sorted(own) if b in inputs.local_blocks]
        left_out += [b for b in changes.leave_out if b not in left_out]
        drift.left_out += [(leaflet_id, b) for b in left_out]
        for shared_id, local_id in changes.replace.items():
            shared, local = library.blocks[shared_id], inputs.local_blocks.get(local_id) or library.blocks[local_id]
            drift.replaced.append(
                Replacement(
                    leaflet_id,
                    shared_id,
                    local_id,
                    word_diff(shared.body, local.body),
                    local.based_on == shared_text_hash(shared),
                )
            )
        for section in changes.add_sections:
            drift.added += [
                added(leaflet_id, b, f"in its own section {section.id}")
                for b in section.blocks
                if b in inputs.local_blocks
            ]
        for where, anchors in (("after", changes.add_after), ("before", changes.add_before)):
            for anchor, blocks in anchors.items():
                drift.added += [added(leaflet_id, block_id, f"{where} {anchor}") for block_id in blocks]
    return drift


def _section_changes(leaflet: Leaflet, changes: LeafletChanges, inputs: PublisherInputs) -> list[str]:
    """Each change a publisher makes to a leaflet's title and sections, in words for the maintainer."""
    found: list[str] = []
    if leaflet.id in inputs.own_leaflets:
        found.append(f"publishes its own leaflet '{leaflet.title}' (authorities/{inputs.publisher.slug}/leaflets/)")
    if changes.title and changes.title != leaflet.title:
        found.append(f"retitles the leaflet: '{leaflet.title}' becomes '{changes.title}'")
    if changes.sections is not None:
        found.append("uses its own order of sections (sections:), so changes to the shared order do not reach it")
    titles = {s.id: s.title for s in (changes.sections or leaflet.sections)}
    for section_id, title in changes.section_titles.items():
        if section_id in titles:
            found.append(f"retitles section {section_id}: '{titles[section_id]}' becomes '{title}'")
    found += [f"leaves out section {section_id}" for section_id in changes.leave_out_sections]
    for section in changes.add_sections:
        where = (
            f"after {section.after}"
            if section.after
            else f"before {section.before}"
            if section.before
            else "at the end"
        )
        found.append(f"adds its own section {section.id} ('{section.title}') {where}")
    for section_id, place in changes.move_sections.items():
        found.append(
            f"moves section {section_id} " + (f"after {place.after}" if place.after else f"before {place.before}")
        )
    return found


def compared_blocks(library: Library, inputs: PublisherInputs) -> list[str]:
    """The shared blocks a publisher's drift compares with: a change to one of them changes its drift."""
    compared = set()
    for changes in inputs.publisher.leaflets.values():
        for shared_id, local_id in changes.replace.items():
            compared |= {block for block in (shared_id, local_id) if block in library.blocks}
    # An accepted warning in a shared block lapses when that block changes: its drift must be worked out again.
    paths = {str(block.path.resolve()): block_id for block_id, block in library.blocks.items()}
    for accepted in inputs.publisher.accept_warnings:
        root = inputs.path.parent.parent  # authorities/<slug>.yml is two folders below the repository
        shared = paths.get(str((root / accepted.file).resolve()))
        if shared is not None:
            compared.add(shared)
    return sorted(compared)


RECORD_FORMAT = 2
"""Kept drift records of another layout (format 1 had no leaflet ids) are worked out again, not read."""


def drift_record(drift: PublisherDrift) -> dict[str, Any]:
    """A publisher's drift as plain data, to keep between builds."""
    return {**asdict(drift), "format": RECORD_FORMAT}


def drift_from_record(record: dict[str, Any]) -> PublisherDrift | None:
    """The drift kept by `drift_record`, or None when it was kept in an older layout."""
    if record.get("format") != RECORD_FORMAT:
        return None
    return PublisherDrift(
        slug=record["slug"],
        name=record["name"],
        left_out=[(leaflet_id, block_id) for leaflet_id, block_id in record["left_out"]],
        replaced=[
            Replacement(**{**r, "diff": [(kind, words) for kind, words in r["diff"]]}) for r in record["replaced"]
        ],
        added=[Addition(**a) for a in record["added"]],
        sections=[(leaflet_id, change) for leaflet_id, change in record.get("sections", [])],
        accepted=[Acceptance(**accepted) for accepted in record.get("accepted", [])],
    )


def format_text(drifts: list[PublisherDrift]) -> str:
    """The report as plain text, leaflet by leaflet; word changes as [-removed-] and {+added+}, like git's word diff."""
    lines: list[str] = []
    for drift in drifts:
        lines.append(f"{drift.name} ({drift.slug})")
        if not (drift.left_out or drift.replaced or drift.added or drift.sections):
            lines.append("  uses the shared text as it is")
        for accepted in drift.accepted:
            status = "" if accepted.current else " (LAPSED: the text it covers has changed, so check warns again)"
            lines.append(f"  accepts the warning '{accepted.warning}' in {accepted.file}{status}: {accepted.reason}")
        for leaflet_id in leaflets_of(drift):
            lines.append(f"  in leaflet {leaflet_id}:")
            lines += [f"    {change}" for each, change in drift.sections if each == leaflet_id]
            lines += [f"    leaves out {block_id}" for each, block_id in drift.left_out if each == leaflet_id]
            for addition in (a for a in drift.added if a.leaflet_id == leaflet_id):
                lines.append(f"    adds {addition.block_id} {addition.where}{_review_note(addition.reviewed)}")
            for replacement in (r for r in drift.replaced if r.leaflet_id == leaflet_id):
                status = (
                    "reviewed against the current shared text"
                    if replacement.reviewed
                    else "NOT REVIEWED since the shared text changed"
                )
                lines.append(f"    replaces {replacement.shared_id} with {replacement.local_id} ({status}):")
                lines.append("      " + " ".join(_marked(kind, words) for kind, words in replacement.diff))
        lines.append("")
    # Names, reasons and replaced text are content: a control character in one must not act on the terminal.
    return "\n".join(visible(line) for line in lines)


def leaflets_of(drift: PublisherDrift) -> list[str]:
    """The leaflets a publisher's changes belong to, in the order they first appear."""
    found = [leaflet_id for leaflet_id, _ in drift.sections + drift.left_out]
    found += [a.leaflet_id for a in drift.added] + [r.leaflet_id for r in drift.replaced]
    return list(dict.fromkeys(found))


def _review_note(reviewed: bool | None) -> str:
    if reviewed is None:
        return ""
    if reviewed:
        return " (written from a shared block; reviewed against its current text)"
    return " (written from a shared block whose text has changed since: NOT REVIEWED)"


def _marked(kind: str, words: str) -> str:
    return {"removed": f"[-{words}-]", "added": f"{{+{words}+}}"}.get(kind, words)


def check_command(slugs: Iterable[str]) -> str:
    """The command that shows every error of these publishers, as the report tells the maintainer to type it."""
    return "sen-leaflets check" + "".join(f" --publisher {shlex.quote(slug)}" for slug in slugs)


def project_drift(
    project: Project, library: Library, slugs: list[str], failed: dict[str, list[Problem]] | None = None
) -> list[PublisherDrift]:
    """The drift of every named publisher that loads. One that does not (a broken one, for `check` to report) is
    left out; its problems go into `failed`, when given, for the caller to say why."""
    drifts = []
    for slug in slugs:
        try:
            drifts.append(publisher_drift(library, load_publisher(project, slug, library), project))
        except ContentError as exc:
            if failed is not None:
                failed[slug] = exc.problems
    return drifts
