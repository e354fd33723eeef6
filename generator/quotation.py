"""Code of Practice quotations: one Markdown syntax, one rendering, site and print alike.

A block marks a quotation like this:

    ::: code-of-practice 6.17
    Class and subject teachers, supported by the senior leadership team, should ...
    :::

and it renders as a blockquote followed by its citation, linked to the Code on gov.uk.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor

OPENING = re.compile(r"^:::[ \t]*code-of-practice[ \t]+(?P<paragraph>\S+)[ \t]*$")
CLOSING = ":::"


class CodeOfPracticeQuoteProcessor(BlockProcessor):
    """Turns a `::: code-of-practice N` ... `:::` fence into a cited blockquote."""

    def __init__(self, parser: BlockParser, short_title: str, url: str) -> None:
        super().__init__(parser)
        self.short_title = short_title
        self.url = url

    def test(self, parent: ElementTree.Element, block: str) -> bool:
        return bool(OPENING.match(block.split("\n", 1)[0]))

    def run(self, parent: ElementTree.Element, blocks: list[str]) -> bool:
        first = blocks.pop(0)
        header, _, rest = first.partition("\n")
        match = OPENING.match(header)
        assert match is not None
        inner: list[str] = []
        pending = [rest] if rest else []
        closed = False
        while pending or blocks:
            chunk = pending.pop(0) if pending else blocks.pop(0)
            lines = chunk.split("\n")
            if CLOSING in (line.strip() for line in lines):
                end = [line.strip() for line in lines].index(CLOSING)
                before, after = "\n".join(lines[:end]), "\n".join(lines[end + 1 :])
                if before.strip():
                    inner.append(before)
                if after.strip():
                    blocks.insert(0, after)
                closed = True
                break
            inner.append(chunk)
        if not closed:
            # Left open: quote the rest rather than drop it; compose reports the missing ':::'.
            pass
        wrapper = ElementTree.SubElement(parent, "div", {"class": "code-quote"})
        quote = ElementTree.SubElement(wrapper, "blockquote", {"cite": self.url})
        self.parser.parseBlocks(quote, inner)
        citation = ElementTree.SubElement(wrapper, "p", {"class": "citation"})
        citation.text = f"{self.short_title}, "
        anchor = ElementTree.SubElement(citation, "a", {"href": self.url})
        anchor.text = f"paragraph {match.group('paragraph')}"
        return True


class CodeOfPracticeExtension(Extension):
    """Python-Markdown extension; used by the MkDocs site and by the PDF renderer."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "short_title": ["SEND Code of Practice", "How citations name the Code"],
            "url": ["https://www.gov.uk/government/publications/send-code-of-practice-0-to-25", "Where citations link"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        processor = CodeOfPracticeQuoteProcessor(md.parser, self.getConfig("short_title"), self.getConfig("url"))
        # Before paragraphs and lists, after code blocks.
        md.parser.blockprocessors.register(processor, "code_of_practice_quote", 105)


def find_citations(markdown_text: str) -> list[tuple[int, str]]:
    """(line index, paragraph) of every quotation opening in a block's text."""
    found = []
    for index, line in enumerate(markdown_text.splitlines()):
        match = OPENING.match(line.strip())
        if match:
            found.append((index, match.group("paragraph")))
    return found


def unclosed_quotation(markdown_text: str) -> int | None:
    """Line index of a quotation that is opened but never closed, if any."""
    open_at: int | None = None
    for index, line in enumerate(markdown_text.splitlines()):
        stripped = line.strip()
        if OPENING.match(stripped):
            if open_at is not None:
                return open_at
            open_at = index
        elif stripped == CLOSING:
            open_at = None
    return open_at
