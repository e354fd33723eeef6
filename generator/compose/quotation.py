"""Code of Practice quotations: one Markdown syntax, one rendering, site and print alike.

A block marks a quotation like this:

    ::: code-of-practice 6.17
    Class and subject teachers, supported by the senior leadership team, should ...
    :::

and it renders as a blockquote followed by its citation, linked to the Code on gov.uk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

OPENING = re.compile(r"^:::[ \t]*code-of-practice[ \t]+(?P<paragraph>\S+)[ \t]*$")
CLOSING = ":::"
NAME = "code-of-practice"


def code_of_practice_plugin(md: MarkdownIt, short_title: str, url: str) -> None:
    """Quotations for markdown-it: a `::: code-of-practice N` container becomes a cited blockquote."""

    def render(renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        if token.nesting == 1:
            return f'<div class="code-quote">\n<blockquote cite="{escape(url)}">\n'
        paragraph = escape(str(token.meta.get("paragraph", "")))
        return (
            f'</blockquote>\n<p class="citation">{escape(short_title)}, '
            f'<a href="{escape(url)}">paragraph {paragraph}</a></p>\n</div>\n'
        )

    def number_closings(state: StateCore) -> None:
        # The closing ':::' does not repeat the paragraph number; the citation, printed there, needs it.
        open_paragraphs: list[str] = []
        for token in state.tokens:
            if token.type == f"container_{NAME}_open":
                match = OPENING.match(f":::{token.info}".strip())
                open_paragraphs.append(match.group("paragraph") if match else "")
            elif token.type == f"container_{NAME}_close" and open_paragraphs:
                token.meta["paragraph"] = open_paragraphs.pop()

    container_plugin(md, NAME, validate=lambda params, *_: bool(OPENING.match(f":::{params}".strip())), render=render)
    md.core.ruler.push("code_of_practice_citations", number_closings)


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
