"""Composed Markdown to sanitised HTML: one Markdown configuration, one sanitiser, for every output.

The site and the PDFs are both made from what `to_safe_html` returns, so a block
reads the same on screen and on paper, and nothing `sanitise` refuses reaches either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from markdown import Markdown

from .html_fragment import parse_fragment, text_of
from .model import CodeOfPractice
from .quotation import CodeOfPracticeExtension
from .sanitise import Refusal, refusals, sanitise

MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "toc")
"""What block Markdown may use besides the basics: `{: ...}` attributes, Markdown inside HTML
blocks, and heading ids (for the site's contents list). Code of Practice quotations are added."""


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


@lru_cache(maxsize=8)
def _markdown(short_title: str, url: str) -> Markdown:
    return Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, CodeOfPracticeExtension(short_title=short_title, url=url)],
        output_format="html",
    )


def to_safe_html(markdown_text: str, code: CodeOfPractice) -> SafeHtml:
    """Markdown to sanitised HTML, with its headings and what was refused."""
    md = _markdown(code.short_title, code.url)
    md.reset()
    raw = md.convert(markdown_text)
    html = sanitise(raw)
    headings = tuple(
        Heading(int(element.tag[1]), element.get("id", ""), text_of(element))
        for element in parse_fragment(html).iter()
        if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
    )
    return SafeHtml(html, headings, tuple(refusals(raw)))


def heading_html(text: str) -> str:
    """A heading's text as HTML, for contents lists."""
    return escape(text, quote=False)
