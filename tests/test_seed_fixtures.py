"""The cleaned seed fixtures are faithful to the published leaflets they were cleaned from.

tests/fixtures/seeds/raw/<slug>.txt is the extracted text of a published leaflet, byte for
byte; tests/fixtures/seeds/<slug>.txt is the same text minus extraction noise, one heading,
paragraph, list item, label or URL a line. Both are reduced to lower-case words (runs of
[a-z0-9]); every cleaned line's words must then occur contiguously in the raw word stream,
after the previous line's match (nothing invented, nothing reordered), and the words the
cleaning skipped must be at most 3% of the raw words (nothing substantive dropped).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
SLUGS = ["durham", "kent", "essex", "bath-and-north-east-somerset", "contact"]

RAW_SHA256 = {
    "durham": "a858784a1d28db351b90895686b6d78542cc6c31a5ef02ef626ffed30c4143f5",
    "kent": "7413e303256a13b3be47f2c1cecf703e4c0d4f7fb0b6942e6552766de610254c",
    "essex": "19345ada15b3814ee155fdae09796252c13c30effe6dacf844235464a3a1d9fb",
    "bath-and-north-east-somerset": "19d8590bda4adfdefeeb69b05db74ba57fa73d2e49854bc87e95866324840fa4",
    "contact": "ee7af81467a94c39bf20b7b8db7c62b5c690656d77449699abf51cf439a66f20",
}
"""The published seeds (/work/shared/seeds) the raw fixtures were copied from."""

GLUED: dict[str, frozenset[str]] = {
    "essex": frozenset({"Find out about types of education settings", "Find out about funding SEN support"}),
}
"""Lines split out of link texts that extraction glued together ('settingsFind'): the only lines
allowed to start or end inside a raw word."""

MIN_COVERAGE = 0.97

NOISE = re.compile(r"[\ue000-\uf8ff\u2022*\u00a0\t]|\]\(|<https?:|^- |Skip to content")
"""Private-use bullet glyphs, '•', markdown emphasis or footnote asterisks, non-breaking spaces,
tabs, markdown links, autolinks, markdown bullets and web-page chrome."""


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@dataclass
class Match:
    raw_words: int
    missing: list[str] = field(default_factory=list)
    glued: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return 1 - len(self.skipped) / self.raw_words if self.raw_words else 1.0


def match(raw: str, cleaned: str, glued: frozenset[str] = frozenset()) -> Match:
    """Find each cleaned line's words, in order, in the raw word stream."""
    raw_words = words(raw)
    stream = " " + " ".join(raw_words) + " "
    result = Match(raw_words=len(raw_words))
    cursor = 0  # always at a space, or inside a glued word just after a glued line
    for line in cleaned.splitlines():
        needle = " ".join(words(line))
        if not needle:
            continue
        at = stream.find(f" {needle} ", cursor)
        if at >= 0:
            start, end = at + 1, at + 1 + len(needle)
        elif line in glued and (at := stream.find(needle, cursor)) >= 0:
            start, end = at, at + len(needle)
            result.glued.append(line)
        else:
            result.missing.append(line)
            continue
        result.skipped += stream[cursor:start].split()
        cursor = end
    result.skipped += stream[cursor:].split()
    return result


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", SLUGS)
def test_raw_fixture_is_the_published_seed(slug: str) -> None:
    assert hashlib.sha256((SEEDS / "raw" / f"{slug}.txt").read_bytes()).hexdigest() == RAW_SHA256[slug]


@pytest.mark.parametrize("slug", SLUGS)
def test_cleaned_fixture_is_one_unit_a_line_without_noise(slug: str) -> None:
    text = read(SEEDS / f"{slug}.txt")
    assert text.endswith("\n") and not text.endswith("\n\n")
    for number, line in enumerate(text.splitlines(), start=1):
        assert line, f"{slug}.txt:{number}: blank line"
        assert line == line.strip() and "  " not in line, f"{slug}.txt:{number}: stray whitespace: {line!r}"
        assert not NOISE.search(line), f"{slug}.txt:{number}: extraction noise left: {line!r}"
        assert words(line), f"{slug}.txt:{number}: no words: {line!r}"


@pytest.mark.parametrize("slug", SLUGS)
def test_cleaned_fixture_is_faithful_to_the_raw_seed(slug: str) -> None:
    glued = GLUED.get(slug, frozenset())
    result = match(read(SEEDS / "raw" / f"{slug}.txt"), read(SEEDS / f"{slug}.txt"), glued)
    assert result.missing == [], f"{slug}: lines not in the raw seed, or out of order: {result.missing}"
    assert set(result.glued) == glued, f"{slug}: lines matched inside glued raw words: {result.glued}"
    assert result.coverage >= MIN_COVERAGE, (
        f"{slug}: cleaned text covers {result.coverage:.1%} of the raw words; skipped: {result.skipped}"
    )


RAW = "Alpha beta gamma.\n\n\uf0b7 delta  \n\nepsilon zeta\nhttp://x.example/y\nEtaTheta iota\n"


def test_the_check_accepts_joined_lines_and_dropped_noise() -> None:
    result = match(RAW, "Alpha beta gamma.\ndelta epsilon zeta\nEta\nTheta iota\n", frozenset({"Eta", "Theta iota"}))
    assert result.missing == []
    assert result.glued == ["Eta", "Theta iota"]
    assert result.skipped == ["http", "x", "example", "y"]


def test_the_check_rejects_invented_reordered_and_unlisted_glued_lines() -> None:
    assert match(RAW, "Alpha beta gamma.\ndelta epsilon extra zeta\n").missing == ["delta epsilon extra zeta"]
    assert match(RAW, "epsilon zeta\nAlpha beta gamma.\n").missing == ["Alpha beta gamma."]
    assert match(RAW, "Eta\nTheta iota\n").missing == ["Eta", "Theta iota"]


def test_the_check_notices_dropped_text() -> None:
    assert match(RAW, "Alpha beta gamma.\n").coverage < MIN_COVERAGE
