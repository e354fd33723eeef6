"""The text of each seed publisher's outputs, as the seed-fidelity tests compare it with the seed.

Three outputs per publisher: its site (home page, then each leaflet page in reading order, the
article only) and its two PDFs (pdftotext). What the generator itself adds to every output (the
download box, the citation under each quotation, the PDF's running head, page numbers, cover
lines and the web addresses printed after links) is taken out here, as listed with reasons in
tests/fixtures/seeds/additions.yml (`furniture`): it is the same for every publisher and is
proved by the tests of the site and the PDFs, not by the seeds.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from generator.compose.leaflet import compose_publisher
from generator.inputs.load import load_library, load_publisher
from generator.inputs.project import Project
from generator.outputs.site.pages import leaflet_page_path
from tests.sentence_coverage import words

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "fixtures" / "seeds"
ADDITIONS = SEEDS / "additions.yml"
_BLOCK_TAGS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "blockquote",
    "tr",
    "td",
    "th",
    "aside",
    "ul",
    "ol",
}


def additions() -> dict[str, Any]:
    return yaml.safe_load(ADDITIONS.read_text(encoding="utf-8")) or {}


class _Content(HTMLParser):
    """An article's text, one block element a line, without the elements `skip` names by class."""

    def __init__(self, skip: set[str]) -> None:
        super().__init__()
        self.skip_classes = skip
        self.inside = 0
        self.open: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.inside += 1
        if tag in {"br", "img", "hr", "wbr", "input", "meta", "link"}:
            self.parts.append(" ")
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.open.append(bool(classes & self.skip_classes) or tag in {"script", "style"})
        self.parts.append("\n" if tag in _BLOCK_TAGS else " ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.inside -= 1
        if self.open:
            self.open.pop()
        self.parts.append("\n" if tag in _BLOCK_TAGS else " ")

    def handle_data(self, data: str) -> None:
        if self.inside > 0 and not any(self.open):
            self.parts.append(data)


def _page_files(site: Path, slug: str, root: Path) -> list[Path]:
    project = Project(root)
    library = load_library(project)
    leaflets = compose_publisher(library, load_publisher(project, slug, library))
    pages = [site / slug / "index.html"]
    for leaflet in leaflets:
        for index, section in enumerate(leaflet.sections):
            path = leaflet_page_path(leaflet.id, index, section.id)
            pages.append(site / slug / path.replace(".md", "").replace("/index", "") / "index.html")
    return pages


def site_text(site: Path, slug: str, root: Path = REPO, furniture: bool = False) -> str:
    """The publisher's home page, then every leaflet page in reading order: their articles, less the furniture.

    `root` is the repository the site was built from (its leaflets decide the pages); `furniture`
    keeps the furniture patterns' text in (the elements named by class are always left out).
    """
    skip = set(additions()["furniture"]["site_classes"])
    texts = []
    for page in _page_files(site, slug, root):
        parser = _Content(skip)
        parser.feed(page.read_text(encoding="utf-8"))
        texts.append("".join(parser.parts))
    text = "\n".join(texts)
    return text if furniture else _without_furniture(text, "site")


def pdf_text(pdf: Path, title: str, furniture: bool = False) -> str:
    """A PDF's text (pdftotext), less the running head (`title`) at the top of each page, and the furniture."""
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    head = r"\s*" + r"\s+".join(re.escape(word) for word in title.split())
    pages = raw.split("\f")
    body = [pages[0], *(re.sub(rf"\A{head}", "", page) for page in pages[1:])]
    text = "\n".join(body)
    return text if furniture else _without_furniture(text, "pdf")


def _without_furniture(text: str, output: str) -> str:
    for entry in additions()["furniture"][output]:
        text = re.sub(entry["pattern"], "\n", text, flags=re.MULTILINE)
    return text


@dataclass(frozen=True)
class Addition:
    """Words of one line of an output that the seed does not have there."""

    words: str
    line: str
    """The whole line of the output they are in, to show."""


def additions_to(seed: str, built: str) -> list[Addition]:
    """Each stretch of the output's words, line by line, that aligning it with the seed word by word leaves over.

    Aligned in order, so text the seed has once but the output twice (a block a `leave_out` no
    longer leaves out) is found too. Words split differently but spelled the same (pdftotext joins
    a word broken at a line's end: "co-ordinator" becomes "coordinator") are not additions.
    """
    seed_words = words(seed)
    lines = built.splitlines()
    built_words: list[str] = []
    line_of: list[int] = []
    for index, line in enumerate(lines):
        found = words(line)
        built_words += found
        line_of += [index] * len(found)
    found_additions: list[Addition] = []
    matcher = difflib.SequenceMatcher(a=seed_words, b=built_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag not in {"insert", "replace"}:
            continue
        if tag == "replace" and "".join(seed_words[i1:i2]) == "".join(built_words[j1:j2]):
            continue
        start = j1
        for end in range(j1 + 1, j2 + 1):
            if end == j2 or line_of[end] != line_of[start]:
                line = " ".join(lines[line_of[start]].split())
                found_additions.append(Addition(" ".join(built_words[start:end]), line))
                start = end
    return found_additions


def explained(addition: Addition, entries: list[dict[str, str]]) -> dict[str, str] | None:
    """The entry of additions.yml that holds these words, if any."""
    needle = addition.words.replace(" ", "")
    for entry in entries:
        if needle in "".join(words(entry["text"])):
            return entry
    return None
