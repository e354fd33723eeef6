"""Composed Markdown to sanitised HTML: one Markdown configuration, one sanitiser, for every output.

The site and the PDFs are both made from what `to_safe_html` returns, so a block
reads the same on screen and on paper, and nothing `sanitise` refuses reaches either.

Markdown is CommonMark, read by markdown-it-py, whose time grows in proportion to
the text even for text written to be slow (Python-Markdown took minutes on 90 KB of
'[x]('). Its own link filter is turned off: every address reaches `sanitise`, which
decides, so that `check` can say what was refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

from .html_fragment import parse_fragment, text_of
from .model import CodeOfPractice
from .quotation import code_of_practice_plugin
from .sanitise import Refusal, refusals, sanitise


@dataclass(frozen=True)
class Heading:
    """A heading of a page, for a contents list: its level (1 to 6), id and text."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class SafeHtml:
    """Markdown made into HTML and sanitised, with what the sanitiser took out."""

    html: str
    headings: tuple[Heading, ...]
    refused: tuple[Refusal, ...]
    """What `sanitise` took out (and insecure links it kept), for `check` to report."""


def heading_id(text: str) -> str:
    """A heading's id: its words in lower case, joined by hyphens ('What is SEN support?' -> what-is-sen-support)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[\s-]+", "-", re.sub(r"[^\w\s-]", "", plain).strip().lower()) or "section"


@lru_cache(maxsize=8)
def _markdown(short_title: str, url: str) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # `sanitise` judges every address
    anchors_plugin(md, min_level=1, max_level=6, slug_func=heading_id)
    code_of_practice_plugin(md, short_title, url)
    return md


def to_safe_html(markdown_text: str, code: CodeOfPractice) -> SafeHtml:
    """Markdown to sanitised HTML, with its headings and what was refused."""
    raw = _markdown(code.short_title, code.url).render(markdown_text)
    html = sanitise(raw)
    headings = tuple(
        Heading(int(element.tag[1]), element.get("id", ""), text_of(element))
        for element in parse_fragment(html).iter()
        if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
    )
    return SafeHtml(html, headings, tuple(refusals(raw)))

