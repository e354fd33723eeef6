"""Composed Markdown to sanitised HTML: one Markdown configuration, one sanitiser, for every output.

The site and the PDFs are both made from what `to_safe_html` returns, so a block
reads the same on screen and on paper, and nothing `sanitise` refuses reaches either.

Markdown is CommonMark, read by markdown-it-py, whose time grows in proportion to
the text even for text written to be slow (Python-Markdown took minutes on 90 KB of
'[x]('). Its own link filter is turned off: every address reaches `sanitise`, which
decides, so that `check` can say what was refused.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from xml.etree.ElementTree import Element

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from ..inputs.font import missing_from_font
from ..inputs.schema import CodeOfPractice
from .html_tree import parse_bounded_fragment, serialise_fragment, text_of
from .quotation import code_of_practice_plugin
from .sanitise import POLICY, Refusal, raw_tags, refusals, sanitise


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
    too_big: bool = False
    """True when the Markdown made too much HTML to sanitise: then nothing was made, and `refused` says why."""
    not_in_font: frozenset[str] = frozenset()
    """The characters of its text that print, but that the leaflets' font does not have (`inputs.font`)."""


NESTED_TOO_DEEPLY = (
    "this is nested too deeply (lists in lists, quotations in quotations, or bold in bold): "
    "leaflets are printed and read aloud, so keep it to a few levels"
)
MAX_ID_LENGTH = 60
MAX_DEPTH = 12
"""How deeply elements may sit inside one another (a list in a list in a quotation is 6 deep)."""


def heading_id(text: str) -> str:
    """A heading's id: its first words in lower case, joined by hyphens ('What is SEN support?' becomes
    what-is-sen-support).

    Long headings give ids of at most 60 characters, cut at a word.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[\s-]+", "-", re.sub(r"[^\w\s-]", "", plain).strip().lower()).strip("-_")
    if len(slug) > MAX_ID_LENGTH:
        slug = slug[:MAX_ID_LENGTH].rsplit("-", 1)[0]
    return slug or "section"


def _heading_ids(state: StateCore) -> None:
    """Give every heading an id, made unique with -2, -3, ... (markdown-it's anchors plugin takes quadratic time)."""
    used: dict[str, int] = {}
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        inline = state.tokens[index + 1]
        text = "".join(child.content for child in inline.children or [] if child.type in {"text", "code_inline"})
        slug = heading_id(text)
        count = used.get(slug, 0) + 1
        used[slug] = count
        token.attrSet("id", slug if count == 1 else f"{slug}-{count}")


@lru_cache(maxsize=8)
def _markdown(short_title: str, url: str) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # `sanitise` judges every address
    md.core.ruler.push("heading_ids", _heading_ids)
    code_of_practice_plugin(md, short_title, url)
    return md


MAX_TAGS = 10_000
"""Tags in one section's HTML: a real section has under 200."""
MAX_UNCLOSED_FORMATTING = 20
"""Bold, italic and link tags left open: HTML parsers open each again in every paragraph after it."""
_FORMATTING = re.compile(r"<(/?)(?:a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u)[\s>/]", re.IGNORECASE)


def _too_much_html(raw: str) -> Refusal | None:
    """HTML that would cost the sanitiser far more than its size: refused before it is parsed.

    A few thousand tags left open can make a browser's parser (and so nh3, which parses as
    browsers do) open them again in every following paragraph, turning kilobytes into
    hundreds of megabytes.
    """
    tags = raw.count("<")
    opened = closed = 0
    for match in _FORMATTING.finditer(raw):
        if match.group(1):
            closed += 1
        else:
            opened += 1
    if tags > MAX_TAGS:
        message = (
            f"this makes about {tags // 2:,} elements (paragraphs, list items, links), "
            "far more than a leaflet needs: shorten it"
        )
        return Refusal(message, ("<",))
    if opened - closed > MAX_UNCLOSED_FORMATTING:
        message = (
            f"this leaves {opened - closed:,} bold, italic or link tags open: close each one "
            "(or write them in Markdown, **like this**)"
        )
        return Refusal(message, ("<b", "<i", "<a", "<"))
    return None


def size_refusal(markdown_text: str, code: CodeOfPractice) -> Refusal | None:
    """Why this Markdown would make too much HTML to sanitise, if it would: to name the block that does."""
    return _too_much_html(_markdown(code.short_title, code.url).render(markdown_text))


_RUNS_TO_ITS_END = (
    (re.compile(r"<(script|pre|style|textarea)(?=[\s>]|$)", re.IGNORECASE), "</{0}>", "<{0}>"),
    (re.compile(r"<\?"), "?>", "<?"),
    (re.compile(r"<!\[CDATA\["), "]]>", "<![CDATA["),
    (re.compile(r"<![A-Za-z]"), ">", "a declaration (<!)"),
)
"""CommonMark's raw HTML that goes on until its end marker, however many paragraphs later: (start, end, name).
A comment is looked for anywhere in the block's markup, not only at the start of an HTML block."""
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_END_TAG_OPTIONAL = frozenset(
    {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "rt", "rp",
     "option", "optgroup", "html", "head", "body"}
)  # fmt: skip
"""Elements whose end the HTML parser supplies itself, at the next paragraph or item: never left open."""


def _without_comments(html: str) -> tuple[str, int | None]:
    """`html` with its comments taken out, and where a comment it leaves open starts (None if none), in one
    pass: a comment left open takes the rest of the text."""
    kept, at = [], 0
    while (start := html.find("<!--", at)) >= 0:
        kept.append(html[at:start])
        end = html.find("-->", start + 4)
        if end < 0:
            return "".join(kept), start
        at = end + 3
    kept.append(html[at:])
    return "".join(kept), None


class _OpenElements:
    """The elements raw HTML leaves open, and the end tags it gives for elements it did not open, counting only
    the elements the sanitiser keeps (it names the others itself). Each tag is looked at once."""

    def __init__(self) -> None:
        self.open: list[str] = []
        self.counts: Counter[str] = Counter()
        self.stray: list[str] = []

    def feed(self, html: str) -> None:
        for tag, closing, closes_itself in raw_tags(_without_comments(html)[0]):
            if tag not in POLICY.tags or tag in _VOID or tag in _END_TAG_OPTIONAL or closes_itself:
                continue
            if not closing:
                self.open.append(tag)
                self.counts[tag] += 1
            elif self.counts[tag]:
                while (last := self.open.pop()) != tag:  # what it closes, and what was left open inside it
                    self.counts[last] -= 1
                self.counts[tag] -= 1
            else:
                self.stray.append(tag)


def unclosed_markup(markdown_text: str, code: CodeOfPractice) -> tuple[tuple[int, str], ...]:
    """Raw HTML in one block that reaches past the block: each as (its line in the text, 0-based, and why).

    A section's blocks are read as one text, so a comment a block opens and never closes hides every block
    after it, and an element it leaves open takes them inside it: the shared text would vanish, or move into
    a box, with nothing refused to say so.
    """
    return _unclosed_markup(markdown_text, code.short_title, code.url)


@lru_cache(maxsize=1024)
def _unclosed_markup(markdown_text: str, short_title: str, url: str) -> tuple[tuple[int, str], ...]:
    # Kept per text: a shared block is mostly the same text for every publisher.
    found: list[tuple[int, str]] = []
    raw: list[tuple[int, str]] = []
    for token in _markdown(short_title, url).parse(markdown_text):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            raw.append((line, token.content))
            for start, end, name in _RUNS_TO_ITS_END:
                opened = start.match(token.content)
                if opened and end.format(*opened.groups()).lower() not in token.content.lower():
                    what = name.format(*opened.groups())
                    found.append(
                        (
                            line,
                            f"this opens {what} and never closes it, so everything after it in the section "
                            f"would be hidden: close it with {end.format(*opened.groups())}, or remove it",
                        )
                    )
                    break
        elif token.type == "inline":
            raw.extend((line, child.content) for child in token.children or [] if child.type == "html_inline")
    if found:
        return tuple(found)
    _, left_open = _without_comments("".join(html for _, html in raw))
    if left_open is not None:
        ends = itertools.accumulate(len(html) for _, html in raw)
        line = next(line for (line, _), end in zip(raw, ends, strict=True) if left_open < end)
        return (
            (
                line,
                "this opens a comment (<!--) and never closes it, so everything after it in the section would be "
                "hidden: close it with -->, or remove it",
            ),
        )
    elements, last_opened = _OpenElements(), 0
    for line, html in raw:
        before_open, before_stray = len(elements.open), len(elements.stray)
        elements.feed(html)
        if len(elements.stray) > before_stray:
            tag = elements.stray[-1]
            found.append((line, f"this closes <{tag}>, which this block did not open: remove the </{tag}>"))
        if len(elements.open) > before_open:
            last_opened = line
    if elements.open:
        tag = elements.open[-1]
        found.append(
            (
                last_opened,
                f"this opens <{tag}> and never closes it, so the blocks after it would be taken inside it: "
                f"add </{tag}> at the end of this block, or remove the <{tag}>",
            )
        )
    return tuple(found)


def to_safe_html(markdown_text: str, code: CodeOfPractice) -> SafeHtml:
    """Markdown to sanitised HTML, with its headings and what was refused."""
    return _safe_html(markdown_text, code.short_title, code.url)


@lru_cache(maxsize=256)
def _safe_html(markdown_text: str, short_title: str, url: str) -> SafeHtml:
    # Kept per text: a section that does not name its publisher is the same for many, and made once.
    raw = _markdown(short_title, url).render(markdown_text)
    too_much = _too_much_html(raw)
    if too_much is not None:
        return SafeHtml("", (), (too_much,), too_big=True)
    refused = refusals(raw)
    tree, too_deep = parse_bounded_fragment(sanitise(raw), MAX_DEPTH)
    if too_deep is not None:
        # The line is found by the first words too deep (the innermost list item, say), else by markup.
        line = too_deep.split("\n")[0]
        first_words = line if len(line) <= 40 else line[:40].rsplit(" ", 1)[0]
        refused.append(
            Refusal(
                NESTED_TOO_DEEPLY,
                (*([first_words] if len(first_words) > 3 else []), "<div", "<b", "**", ">"),
            )
        )
    headings = tuple(
        Heading(int(element.tag[1]), element.get("id", ""), text_of(element))
        for element in tree.iter()
        if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
    )
    refused.extend(_links_shown_as_written(tree))
    refused.extend(_tables_shown_as_written(tree))
    return SafeHtml(serialise_fragment(tree), headings, tuple(refused), not_in_font=missing_from_font(text_of(tree)))


_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.MULTILINE)
"""The line under a table's headings in Markdown's table form (| --- | --- |), which leaflets do not read."""


def _tables_shown_as_written(tree: Element) -> list[Refusal]:
    """An error for each table written with | and ---: leaflets print no tables (a table is hard to read in large print,
    in braille and on a phone), and Markdown left it as lines of | marks, which were published as they were."""
    found = []
    for element in tree.iter():
        for text in (element.text, element.tail):
            for rule in _TABLE_RULE.finditer(text or ""):
                message = (
                    "this is written as a table, which leaflets do not have: it would be printed as lines of | and "
                    "--- marks. Write it as a list, or as a heading and a paragraph for each row"
                )
                found.append(Refusal(message, (rule.group().strip(),)))
    return found


_UNREAD_LINK = re.compile(r"\[[^\[\]]{1,200}\][ \t]?\(\s*(?:https?:|www\.|mailto:|tel:|[^\s()]*[./#])[^()\n]{0,500}\)")
"""[words](address) still in the text once read: a link Markdown could not read, shown to readers as written.
What is in the brackets looks like an address, so that words in brackets after brackets are not taken for one."""
_UNCLOSED_LINK = re.compile(
    r"(\[[^\[\]]{1,200}\]\()\s*(?:https?:|www\.|mailto:|tel:|[^\s()]*[./#])[^()\s]*+(?![^()\n]*\))"
)
"""[words](address with no ) after it before its line ends (or another ( opens): a link whose ( was never closed,
shown to readers as written. In prose, "[sic]" and "(aged 5 to 16)" have no ]( and are not taken for one, nor
"[name of the SENCo] (e.g. Mrs Patel (the SENCo))", whose ( is not straight after the ].
The address is taken whole (*+), so that the test for a ) after it is made once for each link, not once for each
of its characters."""


def _links_shown_as_written(tree: Element) -> list[Refusal]:
    """A warning for each link Markdown left as text: most often an address with a space in it, a title in
    curly quotation marks, or no ) after the address. (Text from YAML is escaped, so it is never in a block's text
    and is not reported.)"""
    found = []
    for element in tree.iter():
        for text in (element.text, element.tail):
            for link in _UNREAD_LINK.finditer(text or ""):
                message = (
                    f"'{link.group()}' is shown as it is written, not as a link: Markdown cannot read it. Nothing may "
                    "come between ] and (, an address cannot hold spaces (write %20 for each), and a title goes in "
                    "straight quotation marks, like "
                    '[words](https://www.example.org/page "Title")'
                )
                found.append(Refusal(message, (link.group(),), severity="warning"))
            for link in _UNCLOSED_LINK.finditer(text or ""):
                message = (
                    f"'{link.group()}' is shown as it is written, not as a link: Markdown cannot read it, because "
                    "the ( before the address is never closed. Add a ) straight after the address, like "
                    "[words](https://www.example.org/page)"
                )
                # Its opening, [words](, is looked for too: the address may have been printed by a {{ }}.
                found.append(Refusal(message, (link.group(), link.group(1)), severity="warning"))
    return found
