"""Markdown to HTML with the extensions both renderers share, plus print-only treatments."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .fields import url_text
from .model import CodeOfPractice
from .quotation import CodeOfPracticeExtension

SHARED_EXTENSIONS = ["attr_list", "md_in_html"]
"""Listed in mkdocs.yml too: blocks must render the same on the site and on paper."""


class _ShiftHeadings(Treeprocessor):
    """Moves headings down a level: on paper the leaflet title is H1 and sections are H2."""

    def __init__(self, md: Markdown, offset: int) -> None:
        super().__init__(md)
        self.offset = offset

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(6, int(element.tag[1]) + self.offset)}"


class _ShowLinkTargets(Treeprocessor):
    """Paper has no hyperlinks: after a web link whose text is not its address, print the address.

    Each address is printed once per leaflet (`shown` is shared by its sections), the first time.
    """

    def __init__(self, md: Markdown, shown: set[str]) -> None:
        super().__init__(md)
        self.shown = shown

    def run(self, root: ElementTree.Element) -> None:
        for anchor in root.iter("a"):
            href = anchor.get("href", "")
            if href.endswith(".md") and "://" not in href:
                # A link to another page of the leaflet: on paper, a link to that chapter.
                anchor.set("href", "#" + href.rsplit("/", 1)[-1].removesuffix(".md"))
                continue
            if not href.startswith(("http://", "https://")):
                continue
            shown = url_text(href)
            text = "".join(anchor.itertext())
            if _bare(href) in _bare(text) or href in self.shown:
                continue
            self.shown.add(href)
            anchor.tail = f" ({shown})" + (anchor.tail or "")


def _bare(address: str) -> str:
    """An address without scheme, 'www.' or trailing slash, for 'does the text already show it?'."""
    return re.sub(r"^(https?://)?(www\.)?", "", address.strip()).rstrip("/")


class PrintExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "heading_offset": [1, "How many levels headings move down"],
            "shown_links": [set(), "Addresses already printed in this leaflet"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.treeprocessors.register(_ShiftHeadings(md, int(self.getConfig("heading_offset"))), "shift_headings", 5)
        md.treeprocessors.register(
            _ShowLinkTargets(md, self.getConfig("shown_links")), "show_link_targets", -1
        )  # after "unescape" (0)


def code_of_practice_extension(code: CodeOfPractice) -> CodeOfPracticeExtension:
    return CodeOfPracticeExtension(short_title=code.short_title, url=code.url)


def print_html(markdown_text: str, code: CodeOfPractice, shown_links: set[str], heading_offset: int = 1) -> str:
    """Render composed Markdown for print: shared extensions, headings shifted, link targets shown once."""
    extensions: list[str | Extension] = [
        *SHARED_EXTENSIONS,
        code_of_practice_extension(code),
        PrintExtension(heading_offset=heading_offset, shown_links=shown_links),
    ]
    return Markdown(extensions=extensions).convert(markdown_text)
