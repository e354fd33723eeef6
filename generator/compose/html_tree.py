"""Sanitised HTML as a tree, for the small changes each output makes (link addresses, heading levels).

Only ever given `sanitise`'s output: well-formed HTML of the allowed elements,
no raw-text elements, so the standard library's parser reads it exactly.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

VOID_ELEMENTS = frozenset({"br", "hr", "img", "wbr"})
ROOT = "fragment"
"""The tag of the element that holds a parsed fragment; never written out."""
MAX_DEPTH = 100
"""Deeper than any sanitised leaflet HTML goes (`markup` keeps it to 12), so the tree is always whole."""


class _TreeBuilder(HTMLParser):
    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element(ROOT)
        self.open: list[Element] = [self.root]
        self.max_depth = max_depth
        self.dropped: list[str] = []
        """Elements too deep to keep, still open: their text goes to the deepest element kept."""
        self.flattened = False
        self.deep_text = ""
        """The first text found inside an element too deep to keep: where to look for the mistake."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.open) > self.max_depth:
            self.flattened = True
            if tag not in VOID_ELEMENTS:
                self.dropped.append(tag)
            return
        element = Element(tag, {name: value or "" for name, value in attrs})
        parent = self.open[-1]
        parent.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.open) <= self.max_depth:
            self.open[-1].append(Element(tag, {name: value or "" for name, value in attrs}))
        else:
            self.flattened = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.dropped:
            del self.dropped[len(self.dropped) - 1 - self.dropped[::-1].index(tag) :]
            return
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.dropped and not self.deep_text:
            self.deep_text = data.strip()
        parent = self.open[-1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse_fragment(html: str) -> Element:
    """A tree of `html` under one `fragment` element, the caller's own to change."""
    return copy.deepcopy(_parsed(html))


@lru_cache(maxsize=256)
def _parsed(html: str) -> Element:
    # A section's HTML is read by check, the site, and each edition, and many publishers share it:
    # parsed once, then copied (copying takes a thirtieth of the time parsing does).
    return parse_bounded_fragment(html, MAX_DEPTH)[0]


def parse_bounded_fragment(html: str, max_depth: int) -> tuple[Element, str | None]:
    """A tree of `html`; and, if elements deeper than `max_depth` had to be left out (their text is kept),
    the first text that was inside them ("" if none), or else None."""
    builder = _TreeBuilder(max_depth)
    builder.feed(html)
    builder.close()
    return builder.root, (builder.deep_text if builder.flattened else None)


def serialise_fragment(root: Element) -> str:
    """The HTML of everything inside `root` (not `root` itself)."""
    parts: list[str] = [escape(root.text or "", quote=False)]
    for child in root:
        _write(child, parts)
    return "".join(parts)


def _write(element: Element, parts: list[str]) -> None:
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in element.attrib.items())
    parts.append(f"<{element.tag}{attributes}>")
    if element.tag not in VOID_ELEMENTS:
        parts.append(escape(element.text or "", quote=False))
        for child in element:
            _write(child, parts)
        parts.append(f"</{element.tag}>")
    parts.append(escape(element.tail or "", quote=False))


def text_of(element: Element) -> str:
    """All the text inside an element."""
    return "".join(element.itertext())
