"""What published HTML may hold: one allow-list, enforced by nh3 and explained to editors.

Blocks are untrusted, so safety is decided on the HTML that Markdown makes from
them, after character references are decoded, never on their source text:

- `sanitise` passes HTML through nh3 (the maintained binding of Rust's ammonia,
  which parses HTML as browsers do) keeping only what `POLICY` allows, and takes
  out the invisible characters that reorder text (`inputs.characters`). Every page
  of the site and every PDF is made from its output.
- `refusals` says what `sanitise` would take out and why, so that `check` can
  report each refused thing to the editor at its block and line.

Both read the same `POLICY`, so what is explained is what is enforced.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import nh3

from ..inputs.characters import (
    CONTROL,
    REORDERING,
    REPLACEMENT_CHARACTER,
    REPLACEMENT_MESSAGE,
    control_message,
    reordering_message,
)


@dataclass(frozen=True)
class Policy:
    """The elements, attributes and addresses a leaflet may hold."""

    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    """Per element; '*' for attributes any element may have. `class` is governed by `classes` instead."""
    classes: dict[str, frozenset[str]]
    """The classes each element may have: only the ones the stylesheets style."""
    link_schemes: frozenset[str]
    url_attributes: frozenset[str]
    rel_values: frozenset[str]


POLICY = Policy(
    tags=frozenset(
        [
            "a",
            "abbr",
            "b",
            "blockquote",
            "br",
            "dd",
            "div",
            "dl",
            "dt",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "i",
            "li",
            "ol",
            "p",
            "small",
            "span",
            "strong",
            "sub",
            "sup",
            "ul",
        ]
    ),
    attributes={
        "*": frozenset({"lang", "title"}),
        "a": frozenset({"href", "rel", "hreflang"}),
        "blockquote": frozenset({"cite"}),
        "ol": frozenset({"start"}),
        **{f"h{level}": frozenset({"id"}) for level in range(1, 7)},
    },
    classes={"div": frozenset({"contact-panel", "code-quote"}), "p": frozenset({"citation"})},
    link_schemes=frozenset({"https", "http", "mailto", "tel"}),
    url_attributes=frozenset({"href", "cite"}),
    rel_values=frozenset({"nofollow", "noopener", "noreferrer", "external"}),
)

SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
"""The scheme at the start of an address (`https:`)."""
_INTERNAL = re.compile(r"(?:[a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*\.md(?:#[A-Za-z0-9_-]+)?|#[A-Za-z0-9_-]+")
"""A link inside the site: `more-information.md`, `more-information.md#review`, `#review`, `sen-support/index.md`.

Nothing else without a scheme: on paper a relative address would point into the machine that made the PDF."""
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}")
_SCRIPTING = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base",
                        "meta", "link", "svg", "math", "noscript", "template", "portal"})  # fmt: skip
_RAW_TEXT = ("noscript", "noembed", "noframes", "xmp", "plaintext", "iframe", "textarea", "title")
"""Elements whose content browsers read as text, not markup (with scripting on, as in a browser)."""


def url_without_disguise(value: str) -> str:
    """An address as a browser reads it: tabs and line breaks inside it dropped, spaces and controls around it."""
    return re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
                                                   "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")  # fmt: skip


_QUOTATION_MARKS = frozenset("\"'\u2018\u2019\u201c\u201d\u00ab\u00bb")


def url_problem(value: str) -> str | None:
    """Why an address cannot be published, or None if it can."""
    url = url_without_disguise(value)
    scheme = SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("http", "https") and not _has_host(url):
            return f"'{value}' names no website: write it in full, like https://www.example.org.uk/page"
        if name in ("http", "https") and "\\" in url:
            # A browser reads \ as /, so https://ok.example\@other.example/ opens ok.example, where Python, and
            # the reader of the printed address, would take other.example for the site.
            return f"'{value}' holds a \\, which web addresses do not have: write / if you meant one"
        if name in ("http", "https") and "@" in (parts := urlsplit(url)).netloc:
            # https://www.kent.gov.uk@other.example/ opens other.example: what is before the @ is a user's name.
            return (
                f"'{value}' has an @ before the site's name, so it opens the site after the @ "
                f"({parts.hostname}), not the one before it: write the site's address alone"
            )
        if name in POLICY.link_schemes:
            return None
        return f"a '{name}:' link cannot be published: links may only be https://, http://, mailto: or tel:"
    if url and _INTERNAL.fullmatch(url):
        return None
    if url[:1] in _QUOTATION_MARKS or url[-1:] in _QUOTATION_MARKS:
        return (
            f"'{value}' is in quotation marks, which are not part of an address: remove them "
            "(a word processor may have turned straight ones into curly ones)"
        )
    if re.fullmatch(r"[^@\s/:]+@[^@\s/:]+\.[^@\s/:]+", url):
        return (
            f"'{value}' is an email address, which a link names with mailto: in front: write "
            f"mailto:{url}, or {{{{ email_link(...) }}}} with the address"
        )
    return (
        f"'{value}' is not an address that can be published: use an https:// address, "
        "or a section of this leaflet like more-information.md"
    )


def _has_host(url: str) -> bool:
    """True when a web address names a website (https:///path names none, and e-book checkers refuse it)."""
    from urllib.parse import urlsplit

    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # a malformed address (an unclosed [ in the host)
        return False


def _attribute_value(tag: str, attribute: str, value: str) -> str | None:
    """The value nh3 keeps for an allowed attribute, or None to drop it."""
    if attribute == "rel":
        kept = [token for token in value.lower().split() if token in POLICY.rel_values]
        return " ".join(kept) or None
    if attribute == "id":
        return value if _ID.fullmatch(value) and not value.startswith("md-") else None
    if attribute == "lang":
        return value if _LANG.fullmatch(value) else None
    if attribute == "start":
        # One number for every output: browsers, WeasyPrint, EPUB readers, Word and braille differ beyond it.
        return value.strip() if re.fullmatch(r"[0-9]{1,4}", value.strip()) else None
    if attribute in POLICY.url_attributes:
        return value if url_problem(value) is None else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(POLICY.tags),
    clean_content_tags={"script", "style", "template", *(set(_RAW_TEXT) - POLICY.tags)},
    attributes={tag: set(names) for tag, names in POLICY.attributes.items()},
    attribute_filter=_attribute_value,
    strip_comments=True,
    link_rel=None,
    url_schemes=set(POLICY.link_schemes),
    url_relative=lambda url: url if url_problem(url) is None else None,
    allowed_classes={tag: set(names) for tag, names in POLICY.classes.items()},
)


def sanitise(html: str) -> str:
    """`html` with everything `POLICY` does not allow taken out, the characters that reorder text and the
    control characters."""
    return CONTROL.sub("", REORDERING.sub("", str(_CLEANER.clean(html))))


# --- explaining what was taken out ---------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """One thing `sanitise` takes out, in words for an editor, with the text to look for in the source."""

    message: str
    needles: tuple[str, ...]
    """What to search the block's source for to find the line (a tag, an attribute name, an address), best first."""
    severity: str = "error"


# Every element name HTML, SVG and MathML define, so that the normalising parse keeps each element
# for `refusals` to name.
_EVERY_TAG = frozenset(
    """a abbr acronym address animate animatemotion animatetransform applet area article aside audio b base
    basefont bdi bdo bgsound big blink blockquote body br button canvas caption center circle cite clippath
    code col colgroup data datalist dd defs del desc details dfn dialog dir div dl dt ellipse em embed
    feimage fieldset figcaption figure filter font footer foreignobject form frame frameset g h1 h2 h3 h4
    h5 h6 head header hgroup hr html i image img input ins isindex kbd keygen label legend li line
    lineargradient link listing main maction maligngroup malignmark map mark marker marquee mask math
    menclose menu menuitem merror meta meter mfenced mfrac mglyph mi mlabeledtr mlongdiv mmultiscripts mn
    mo mover mpadded mpath mphantom mprescripts mroot mrow ms mscarries mscarry msgroup msline mspace
    msqrt msrow mstack mstyle msub msubsup msup mtable mtd mtext mtr munder munderover multicol nav nobr
    object ol optgroup option output p param path pattern picture polygon polyline portal pre progress q
    radialgradient rb rect rp rt rtc ruby s samp script search section select semantics set slot small
    source spacer span stop strike strong style sub summary sup svg switch symbol table tbody td
    template text textpath tfoot th thead time tr track tspan tt u ul use var video view wbr""".split()  # noqa: SIM905
)

_NORMALISER = nh3.Cleaner(
    tags=set(_EVERY_TAG) | set(_RAW_TEXT),
    clean_content_tags=set(),
    attributes={"*": set()},
    generic_attribute_prefixes={""},
    strip_comments=True,
    link_rel=None,
    url_schemes={"javascript", "vbscript", "data", "file", "ftp", "blob", "about", "http", "https", "mailto", "tel"},
)
"""Parses HTML as a browser would and writes it out again, keeping nearly everything, so that a
simple parser then sees exactly the elements and attributes a browser would."""


class _Scan(HTMLParser):
    """The start tags of HTML that nh3 has written out, read as a browser reads them.

    nh3 writes the content of raw-text elements (noscript and the like) as it is,
    so they are read as text here too, as the browser that parsed them did.
    """

    CDATA_CONTENT_ELEMENTS = ("script", "style", *_RAW_TEXT)  # type: ignore[misc]  # read as the browser read them

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _start_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.tags


@dataclass
class _Findings:
    refusals: list[Refusal] = field(default_factory=list)

    def refuse(self, message: str, *needles: str, severity: str = "error") -> None:
        self.refusals.append(Refusal(message, tuple(needle for needle in needles if needle), severity))


_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def _tag_insides(html: str) -> Iterator[str]:
    """What is between each '<' and the first '>' before the next '<' in `html`, in one pass (a '<' with no '>'
    after it is text)."""
    for piece in html.split("<")[1:]:
        end = piece.find(">")
        if end >= 0:
            yield piece[:end]


def raw_tags(html: str) -> Iterator[tuple[str, bool, bool]]:
    """Each tag written in `html`, in order, as (name in lower case, is an end tag, closes itself with '/>').

    Read in one pass, each from a '<' to the first '>' before the next '<': a '<' with no '>' after it is text.
    For naming what was written, never for judging safety (nh3 does that, reading as a browser does); the
    standard library's HTMLParser takes time growing with the square of a run of unfinished tags.
    """
    for inner in _tag_insides(html):
        closing = inner.startswith("/")
        name = _TAG_NAME.match(inner[1:] if closing else inner)
        if name is not None:
            yield name.group(0).lower(), closing, inner.endswith("/")


_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def _written_link_addresses(html: str) -> Iterator[str]:
    """The address of each `<a href>` written in `html`, as written (entities decoded), for naming only."""
    for inner in _tag_insides(html):
        if inner[:1].lower() == "a" and inner[1:2] in {" ", "\t", "\n", "\r", "\f", "/"}:
            for match in _HREF.finditer(inner):
                yield html_module.unescape(next(group for group in match.groups() if group is not None))


_HOST = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.?|\[[0-9A-Fa-f:.]+\]")
"""A site's name as a browser reads one: words of letters, digits and hyphens between dots, or an IPv6 address."""


def _cannot_open(address: str) -> bool:
    """Whether a web address is one no browser can open: it cannot be read as an address, or its site's name holds
    what no name can ('https://[x/page', 'https://%5Bx/page')."""
    url = url_without_disguise(address)
    if not re.match(r"https?://", url, re.IGNORECASE):
        return False
    try:
        host = urlsplit(url).netloc.rpartition("@")[2]
    except ValueError:
        return True
    host = unquote(host.split("]")[0] + "]" if host.startswith("[") else host.partition(":")[0])
    return _HOST.fullmatch(host) is None


def refusals(html: str) -> list[Refusal]:
    """Everything in `html` that `sanitise` would take out, and the insecure links it keeps, in order."""
    found = _Findings()
    foreign = False
    normalised = str(_NORMALISER.clean(html))
    kept: set[str] = set()
    for tag, attrs in _start_tags(normalised):
        if foreign and tag not in POLICY.tags and tag not in _SCRIPTING:
            continue  # the parts of a refused <svg> or <math> add nothing to what was said
        foreign = foreign or tag in {"svg", "math"}
        kept.update(value or "" for name, value in attrs if tag == "a" and name == "href")
        _judge(tag, attrs, found)
    for written in _written_link_addresses(html):
        # An address no browser can open ('https://[x/page') is dropped by the normalising parse itself, as by the
        # sanitiser, leaving the link's words: never judged above, it is named here.
        if written not in kept and url_without_disguise(written) not in kept and _cannot_open(written):
            shown = unquote(written)
            found.refuse(
                f"'{shown}' is not an address a browser can open, so the link's words are shown without it: write it "
                "in full, like https://www.example.org.uk/page",
                shown,
                written,
            )
    if not foreign:
        # A tag no browser knows is dropped before it is judged: "Dear <parent name>" lost its words unsaid.
        unknown = dict.fromkeys(
            tag for tag, closing, _ in raw_tags(html) if not closing and tag not in _EVERY_TAG and tag not in _RAW_TEXT
        )
        for tag in unknown:
            found.refuse(
                f"<{tag} ...> is read as markup, not words, and left out of the page: if these are words to show, "
                "write them without < and >",
                f"<{tag}",
            )
    for _ in range(html.count("<?")):
        # A processing instruction (<?php ... ?>), which the sanitiser drops with nothing to show for it.
        found.refuse(
            "<?...?> is code for a web server, which never runs on these pages, and it is left out: remove it", "<?"
        )
    for control in REORDERING.finditer(normalised):
        found.refuse(reordering_message(control.group()), control.group())
    for control in CONTROL.finditer(normalised):
        found.refuse(control_message(control.group()), control.group())
    for _ in range(normalised.count(REPLACEMENT_CHARACTER)):
        # A warning, named only where a block holds it: text from YAML may hold one too (check names it there).
        found.refuse(REPLACEMENT_MESSAGE, REPLACEMENT_CHARACTER, severity="warning")
    return found.refusals


def _element_message(tag: str) -> str:
    if tag in {"pre", "code"}:
        return (
            "this is set as computer code, which leaflets do not use (Markdown does that to a line that starts "
            "with a tab or 4 spaces, to text in `backticks` and to lines after ``` or ~~~): take out the spaces at "
            "the start, the backticks or the fence"
        )
    if tag in _SCRIPTING:
        return (
            f"blocks cannot contain scripts, styles, frames, forms or page settings (<{tag}>): "
            "remove it and write the text in Markdown"
        )
    if tag in {"img", "picture", "image", "video", "audio", "canvas", "source", "track"}:
        return (
            f"a block cannot show pictures or media (<{tag}>): leaflets are text, on the site and on paper; "
            "describe it in words"
        )
    return f"the <{tag}> element is not one leaflets use: write the text in Markdown"


def _judge(tag: str, attrs: list[tuple[str, str | None]], found: _Findings) -> None:
    if tag not in POLICY.tags:
        # Markdown writes some elements itself: ![text](picture.png) is an <img>, a ``` or ~~~ fence a <pre>.
        markdown = {"img": ("![",), "hr": ("---",), "pre": ("```", "~~~", "    "), "code": ("`",)}.get(tag, ())
        found.refuse(_element_message(tag), f"<{tag}", *markdown, dict(attrs).get("src") or "")
        return
    allowed = POLICY.attributes.get(tag, frozenset()) | POLICY.attributes["*"]
    if tag in POLICY.classes:
        allowed |= {"class"}
    for name, raw in attrs:
        value = raw or ""
        if name not in allowed:
            found.refuse(_attribute_message(tag, name), name)
        elif name in POLICY.url_attributes:
            problem = url_problem(value)
            address = url_without_disguise(value)
            scheme = SCHEME.match(address)
            if problem is not None:
                # Markdown percent-encodes what an address cannot hold (curly quotation marks, accents): the editor
                # wrote the decoded form, which is what to name and to look for. (The refusal stands either way.)
                written = unquote(address)
                problem = url_problem(written) or problem
                # The address itself first, so that two refused links are each found at their own place.
                needles = (written, address, f"{scheme.group(1)}:" if scheme else "", name)
                found.refuse(problem, *dict.fromkeys(needle for needle in needles if needle))
            elif address.lower().startswith("http://"):
                message = f"'{address}' is not a secure link: use https:// if the site supports it"
                found.refuse(message, address, severity="warning")
        elif name == "rel":
            for token in value.lower().split():
                if token not in POLICY.rel_values:
                    found.refuse(f'rel="{token}" cannot be used on links: remove it', token)
        elif name == "class":
            for token in value.split():
                if token not in POLICY.classes.get(tag, frozenset()):
                    found.refuse(f"the class '{token}' is not one leaflets use: remove it", token)
        elif name == "start" and _attribute_value(tag, name, value) is None:
            found.refuse(
                f"a numbered list cannot start at {value.strip()[:20] or 'nothing'}: start it at a number from 0 "
                "to 9999",
                f"{value.strip()}.",
                value or name,
            )
        elif _attribute_value(tag, name, value) is None:
            found.refuse(f'{name}="{value}" cannot be used here: check its spelling', value or name)


def _attribute_message(tag: str, name: str) -> str:
    if name.startswith("on"):
        return f"'{name}' runs a script, which cannot be published: remove it"
    if name == "style":
        return "the 'style' attribute cannot be published: the look of a leaflet comes from the service's branding"
    return f"the '{name}' attribute cannot be used on <{tag}>: remove it"
