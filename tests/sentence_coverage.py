"""The sentence-coverage measure: how much of a seed leaflet a built output says, in order.

Both texts are reduced to their lower-case letters and digits, so whitespace,
quotes, dashes, hyphens, bullets and emphasis do not matter ('0300 041 3000'
equals '03000413000'; a word that pdftotext rejoined across a line-end hyphen
still matches). Citation markers such as '(6.1)' are dropped: the built output
cites each quotation in its own way. A seed sentence counts as covered when its
letters appear, contiguously, after the previous covered sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

MIN_WORDS = 3
"""Shorter lines ('Assess', 'Email:', a bare URL) are labels, not sentences."""


def words(text: str) -> list[str]:
    text = re.sub(r"\(\s*\d+\.\d+\s*\)", " ", text)
    text = re.sub(r"(?<=\d)[ \t]+(?=\d)", "", text)
    return re.findall(r"[a-z0-9]+", text.lower())


def sentences(fixture: str) -> list[str]:
    """Split a cleaned seed (one paragraph, heading or item a line) into substantive sentences."""
    found = []
    for line in fixture.splitlines():
        for sentence in re.split(r"(?<=[.?!])\s+", line.strip()):
            if len(words(sentence)) >= MIN_WORDS:
                found.append(sentence)
    return found


@dataclass(frozen=True)
class Coverage:
    covered: list[str]
    missing: list[str]

    @property
    def ratio(self) -> float:
        total = len(self.covered) + len(self.missing)
        return len(self.covered) / total if total else 1.0


def coverage(fixture: str, built: str) -> Coverage:
    """Which seed sentences the built text holds, in the seed's order."""
    haystack = "".join(words(built))
    cursor = 0
    covered, missing = [], []
    for sentence in sentences(fixture):
        needle = "".join(words(sentence))
        at = haystack.find(needle, cursor)
        if at < 0:
            missing.append(sentence)
        else:
            covered.append(sentence)
            cursor = at + len(needle)
    return Coverage(covered, missing)


class _ArticleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif tag in {"script", "style"}:
            self.skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif tag in {"script", "style"}:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.depth > 0 and not self.skip:
            self.parts.append(data)


def article_text(html: str) -> str:
    """The text of a page's <article>: the content, without navigation or footer."""
    parser = _ArticleText()
    parser.feed(html)
    return "".join(parser.parts)
