"""Rendering a content block's Jinja with a publisher's facts, safely and in bounded time.

Blocks are written by editors and publisher facts come from YAML, so:
- the environment is sandboxed and immutable (no attribute tricks reach Python
  internals, no list or dict is changed);
- an unknown variable is an error (StrictUndefined), never an empty string, and
  the error names it as the block wrote it, with the nearest fact it may have meant;
- every value printed with {{ ... }} is escaped for HTML *and* Markdown, so a
  publisher's name cannot become a link, a heading or a script. Only the link
  helpers below produce markup, and they accept safe URL schemes only;
- work is bounded: each block may take only so many loop turns and calls, no
  value may grow past a size limit (so `{{ 9**(9**9) }}`, `'x' * 10**9` and
  nested `range()` loops stop at once with an error at their line), and blocks
  may include one another only by name, never in a circle.
"""

from __future__ import annotations

import difflib
import html
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path
from types import FrameType, ModuleType, TracebackType
from typing import Any, NoReturn
from urllib.parse import quote, urlsplit

import phonenumbers
from jinja2 import (
    Environment,
    FunctionLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    Undefined,
    UndefinedError,
    nodes,
)
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
from jinja2.runtime import Context, LoopContext, markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from markupsafe import Markup

from ..inputs.blocks import ContentBlock
from ..inputs.fields import WEB_SCHEMES, email_address, tel_uri, uk_phone, url_text
from ..inputs.schema import CodeOfPractice, LocalAuthority, Publisher
from ..problems import ContentError, Problem
from ..template_cache import COMPILED_TEMPLATES

MAX_TEXT = 20_000
"""The longest text (in characters) any one value in a block may become."""
MAX_ITEMS = 2_000
"""The most items any one list in a block may hold (a publisher's longest list has under 10)."""
MAX_OUTPUT = 100_000
"""The most a block may print, includes and loops together (the longest real block prints 2,000)."""
MAX_STEPS = 20_000
"""Loop turns and calls one block may take (the contact panel takes about 40)."""
MAX_PUBLISHER_STEPS = 200_000
"""Loop turns and calls all the blocks of one publisher's leaflets may take together (a seed takes a few hundred)."""
MAX_RANGE = 1_000
"""The longest `range()` a block may make."""
MAX_INT_BITS = 4_000
"""The largest whole number a block may compute: about 1,200 digits."""
MAX_INCLUDE_DEPTH = 5
"""How deep blocks may include blocks that include blocks."""

# Python-Markdown's backslash escapes: these characters are made literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
# Characters that, at the start of a line, could begin Markdown structure no backslash escape
# stops: '=' (a setext heading's underline) and ':' (a Code of Practice quotation's fence).
_STRUCTURE = {"=": "&#61;", ":": "&#58;"}
# Control characters (Python-Markdown's own placeholders among them) and line separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


_FACT_KINDS = {
    "publisher": "a publisher fact",
    "serves": "a fact of the local authorities served",
    "code": "a Code of Practice fact",
}
"""How an unknown variable's message names the facts it was looked for among, by the variable it starts from."""

_RENDERING: ContextVar[Mapping[str, Any] | None] = ContextVar("sen_leaflets_rendering", default=None)
"""The variables of the block being rendered, so that an unknown variable can be named by its path."""


def _paths_of(context: Mapping[str, Any]) -> dict[int, str]:
    """Each dict and list in a block's variables, by identity, with the path a block writes to reach it."""
    paths: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(value, name) for name, value in context.items() if not name.startswith("_")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            paths.setdefault(id(value), where)
            stack.extend((item, f"{where}.{key}") for key, item in value.items())
        elif isinstance(value, list | tuple):
            paths.setdefault(id(value), where)
            stack.extend((item, f"{where}[{index}]") for index, item in enumerate(value))
    return paths


def _nearest(name: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_variable_message(obj: Any, name: Any) -> str:
    """Why `obj.name` (or a variable `name`, when `obj` is missing) does not exist, in a block's own words."""
    context = _RENDERING.get() or {}
    if obj is missing:
        known = [key for key in context if not key.startswith("_")]
        near = _nearest(str(name), known)
        hint = f"; did you mean {near}?" if near else ": see the README's list of variables a block can use"
        return f"{name} is not a variable blocks can use{hint}"
    if obj is None:
        return f"there is no '{name}' here, {_EMPTY_FACT} in the publisher's YAML: wrap this part in {{% if ... %}}"
    where = _paths_of(context).get(id(obj))
    if where is None:
        kind = "text" if isinstance(obj, str) else "a list" if isinstance(obj, list | tuple) else "a value"
        return f"there is no '{name}' in {kind} like this: check the name"
    if not isinstance(name, str) or isinstance(obj, list | tuple):
        return f"{where} has no item {name}: check the number"
    kind = _FACT_KINDS.get(re.split(r"[.\[]", where, maxsplit=1)[0], f"one of the facts in {where}")
    near = _nearest(name, [str(key) for key in obj])
    if near:
        return f"{where}.{name} is not {kind}; did you mean {where}.{near}?"
    return f"{where}.{name} is not {kind}: see the README's list of variables a block can use"


_EMPTY_FACT = "because this fact is empty"


_ALIAS = re.compile(r"\{%-?\s*set\s+(\w+)\s*=\s*publisher((?:\.\w+)*)\s*-?%\}")
"""`{% set c = publisher.contact %}`: a name a block gives a part of the publisher's facts."""


def _empty_fact_message(context: Mapping[str, Any], body: str, line_index: int, name: str) -> str | None:
    """Which publisher fact a block's line asked into for `name`, and found empty, said for the publisher that
    left it empty.

    A shared block is rendered for every publisher: "for Essex (authorities/essex.yml), contact.helpline is
    empty" tells the editor whose file lacks what, where Jinja knows only that a value was None. The block may
    reach the facts through a name it set (`{% set c = publisher.contact %}`); an expression already inside
    its own `{% if %}` on the line is not the one that failed.
    """
    publisher = context.get("publisher")
    lines = body.splitlines()
    if not isinstance(publisher, dict) or not 0 <= line_index < len(lines):
        return None
    line = lines[line_index]
    roots = {
        "publisher": [],
        **{alias: keys.strip(".").split(".") if keys else [] for alias, keys in _ALIAS.findall(body)},
    }
    pattern = re.compile(rf"\b({'|'.join(map(re.escape, roots))})((?:\.\w+)*)\.{re.escape(name)}\b")
    for match in pattern.finditer(line):
        own = match.group(2).strip(".").split(".") if match.group(2) else []
        keys = roots[match.group(1)] + own
        value: Any = publisher
        empty_at = None
        for index, key in enumerate(keys):
            value = value.get(key) if isinstance(value, dict) else None
            if value is None:
                empty_at = index
                break
        if empty_at is None and value is not None:
            continue
        written = ".".join([match.group(1), *own[: max(0, (empty_at or 0) - len(roots[match.group(1)]) + 1)]])
        if re.search(rf"\{{%-?\s*if\s+{re.escape(written)}\s*-?%\}}", line[: match.start()]):
            continue  # guarded where it is written: another expression on the line failed
        fact = ".".join(keys[: (empty_at or 0) + 1]) if keys else "publisher"
        return (
            f"for {publisher.get('name')} (authorities/{publisher.get('slug')}.yml), {fact} is empty, so this "
            f"line cannot print {written}.{name}: wrap this part in {{% if {written} %}} ... {{% endif %}}, "
            f"or fill in {fact} in that file"
        )
    return None


class BlockUndefined(StrictUndefined):
    """StrictUndefined whose error names the variable as the block wrote it (`publisher.nmae`), not Python's types."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        return unknown_variable_message(self._undefined_obj, self._undefined_name)


class BlockLimitError(TemplateError):
    """A block asked for more work or a bigger value than any leaflet needs."""


def escape_text(value: object) -> Markup:
    """Escape a value so that it prints as itself, on one line, in Markdown and in HTML.

    Line breaks and control characters become spaces, so a YAML value can never
    start a heading, a list, a code block or a quotation of its own.
    """
    if isinstance(value, Markup):
        return value
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    # Only &, < and > need escaping in HTML text: quotes escaped as &#39; would have their '#' escaped below.
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    for character, reference in _STRUCTURE.items():
        text = text.replace(character, reference)
    return Markup(text)


def safe_href(url: str, schemes: tuple[str, ...] = (*WEB_SCHEMES, "mailto", "tel")) -> str:
    """Return `url` if its scheme is one readers can safely follow; raise otherwise."""
    text = str(url).strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:  # a [ with no ] where the site's name goes ('https://[x/')
        raise ValueError(
            f"'{url}' is not an address a browser can open: write it in full, like https://www.example.org.uk/page"
        ) from None
    if scheme not in schemes or _CONTROL.search(text):
        raise ValueError(f"'{url}' is not a link that can be published: use an https:// address")
    return text


def _anchor(href: str, text: object) -> Markup:
    # A Markdown link, not raw HTML, so that renderers can treat links (print shows their addresses).
    # Anything that could end the address early or start new Markdown is percent-encoded.
    target = quote(safe_href(href), safe="/:?#@!$&'*+,;=%~._-")
    return Markup("[{}](<{}>)").format(escape_text(text), Markup(target))


def _given(value: object, helper: str) -> str:
    if value is None:
        raise ValueError(
            f"{helper} is given a value that is empty in the publisher's YAML: fill it in, "
            "or wrap this part in {% if ... %}"
        )
    return str(value)


def link(url: str, text: object | None = None) -> Markup:
    """A link, showing `text` or, if none is given, the address without https://."""
    address = _given(url, "link()")
    return _anchor(address, url_text(address) if text is None else text)


def mailto_uri(address: str) -> str:
    """The `mailto:` address of an email address; characters that would add mail headers (?, &, #) are encoded."""
    return "mailto:" + quote(address, safe="@._+-")


def email_link(address: str) -> Markup:
    """A mailto: link showing the address."""
    shown = _given(address, "email_link()")
    try:
        email_address(shown)  # the schema's own check of contact.email
    except ValueError:
        raise ValueError(f"'{shown}' is not an email address that email_link() can link") from None
    return _anchor(mailto_uri(shown), shown)


def phone_link(number: str) -> Markup:
    """A tel: link showing the number as written."""
    shown = _given(number, "phone_link()")
    try:
        target = tel_uri(uk_phone(shown))  # the schema's own check: a Relay UK prefix is allowed, as in the YAML
    except (ValueError, phonenumbers.NumberParseException):
        raise ValueError(f"'{shown}' is not a UK phone number that phone_link() can link") from None
    return _anchor(target, shown)


def join_and(items: list[Markup]) -> Markup:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return Markup("").join(items)
    return Markup(", ").join(items[:-1]) + Markup(" and ") + items[-1]


def local_offer_texts(serves: Iterable[LocalAuthority]) -> list[str]:
    """The words of each Local Offer's link: its name, or, where a joint service's Local Offers share a name,
    the name with whose it is ("Local Offer of Nottingham City Council"), so no two links read alike.

    "Of", not a possessive: the blocks write "look at the" before the links, and "the Nottingham City
    Council's Local Offer" would not read right."""
    served = list(serves)
    names = [s.local_offer.name for s in served]
    if len({name.casefold() for name in names}) == len(names):
        return names
    return [f"{s.local_offer.name} of {s.local_offer.published_by or s.name}" for s in served]


def block_context(publisher: Publisher, code: CodeOfPractice) -> dict[str, Any]:
    """The variables and helpers a block may use. Plain data only: no model objects."""
    served: list[dict[str, Any]] = [
        {
            "gss": s.gss,
            "name": s.name,
            "local_offer": {
                "name": s.local_offer.name,
                "url": s.local_offer.url,
                "published_by": s.local_offer.published_by or s.name,
            },
        }
        for s in publisher.serves
    ]
    several = len(served) > 1
    texts = local_offer_texts(publisher.serves)

    def one_or_several(one: str, many: str) -> str:
        """Pick the wording for a publisher serving one local authority, or several."""
        return many if several else one

    def _need_local_offer(helper: str) -> None:
        if not served:
            raise ValueError(
                f"{helper} names a Local Offer, but publisher '{publisher.slug}' serves no local "
                "authority: leave this block out of its leaflets"
            )

    def local_offer_links() -> Markup:
        """'Local Offer' linked; for a joint service each authority's Local Offer, linked."""
        _need_local_offer("local_offer_links")
        links = [link(s["local_offer"]["url"], text) for s, text in zip(served, texts, strict=True)]
        if texts == [s["local_offer"]["name"] for s in served]:
            return join_and(links)
        # "the Local Offer of A and the Local Offer of B": the block's own "the" is before the first.
        return join_and([links[0], *(Markup("the ") + each for each in links[1:])])

    def local_offers_published_by() -> Markup:
        """'Local Offer published by X', or 'Local Offers published by X and Y', linked."""
        _need_local_offer("local_offers_published_by")
        if not several:
            only = served[0]["local_offer"]
            return link(only["url"], only["name"]) + Markup(" published by ") + escape_text(only["published_by"])
        names = join_and([link(s["local_offer"]["url"], s["local_offer"]["published_by"]) for s in served])
        return Markup("Local Offers published by ") + names

    contact = publisher.contact.model_dump(mode="json")
    return {
        "publisher": {
            "slug": publisher.slug,
            "name": publisher.name,
            "name_in_text": publisher.text_name,
            "strapline": list(publisher.strapline),
            "contact": contact,
            "accessible_formats": publisher.accessible_formats,
            "published": str(publisher.dates.published),
            "national": publisher.national,
        },
        "serves": served,
        "several": several,
        "code": {
            "title": code.title,
            "short_title": code.short_title,
            "edition": code.edition,
            "url": code.url,
            "pdf_url": code.pdf_url,
        },
        "link": link,
        "email_link": email_link,
        "phone_link": phone_link,
        "one_or_several": one_or_several,
        "local_offer_links": local_offer_links,
        "local_offers_published_by": local_offers_published_by,
    }


# --- bounded work -------------------------------------------------------------------------


@dataclass
class _Budget:
    steps: int = 0
    printed: int = 0
    """Characters printed so far, literal text and values alike, wherever they go (captures too)."""

    def print(self, count: int) -> None:
        self.printed += count
        if self.printed > MAX_OUTPUT:
            raise BlockLimitError(
                f"this block prints more than {MAX_OUTPUT:,} characters, far more than a leaflet needs"
            )

    def step(self, count: int = 1) -> None:
        self.steps += count
        spent = _PUBLISHER_STEPS.get()
        if spent is not None:
            spent[0] += count
            if spent[0] > MAX_PUBLISHER_STEPS:
                raise BlockLimitError(
                    f"the blocks of this publisher's leaflets take more than {MAX_PUBLISHER_STEPS:,} loop turns and "
                    "calls together, far more than leaflets need: check the {% for %} loops in its blocks, "
                    "this one first"
                )
        if self.steps > MAX_STEPS:
            raise BlockLimitError(
                f"this block takes more than {MAX_STEPS:,} loop turns and calls, far more than a leaflet needs: "
                "check its {% for %} loops"
            )


_BUDGET: ContextVar[_Budget] = ContextVar("sen_leaflets_block_budget")
_PUBLISHER_STEPS: ContextVar[list[int] | None] = ContextVar("sen_leaflets_publisher_steps", default=None)
"""Loop turns and calls all the blocks of one publisher's leaflets have taken so far, while it is composed."""


@contextmanager
def publisher_budget() -> Iterator[None]:
    """Count the work of every block rendered inside, together: the limit of one block, times thousands of
    blocks, would let one publisher's files keep `check` busy for minutes."""
    token = _PUBLISHER_STEPS.set([0])
    try:
        yield
    finally:
        _PUBLISHER_STEPS.reset(token)


def publisher_budget_spent() -> bool:
    """Whether the publisher being composed has used up its work: nothing more of it is worth rendering."""
    spent = _PUBLISHER_STEPS.get()
    return spent is not None and spent[0] > MAX_PUBLISHER_STEPS


def _budget() -> _Budget:
    budget = _BUDGET.get(None)
    if budget is None:
        # Outside a render (Jinja folding constants while compiling): count against a fresh budget.
        budget = _Budget()
        _BUDGET.set(budget)
    return budget


def _step(count: int = 1) -> None:
    _budget().step(count)


def _text(data: str) -> Markup:
    """A block's own literal text, counted as it is printed (into the page or into a {% set %} capture).

    It is the block's own Markdown, so it is marked safe: only values are escaped.
    """
    _budget().print(len(data))
    return Markup(data)


def _bounded(value: Any) -> Any:
    """`value` itself, if it is not too big to keep working with."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise BlockLimitError(
            f"this makes a text of {len(value):,} characters: a block's values are limited to {MAX_TEXT:,}"
        )
    if isinstance(value, list | tuple | dict | set | frozenset) and len(value) > MAX_ITEMS:
        raise BlockLimitError(
            f"this makes a list of {len(value):,} items: a block's lists are limited to {MAX_ITEMS:,}"
        )
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise BlockLimitError("this makes a number too large to print")
    return value


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


def _limit(value: Any) -> int:
    return MAX_TEXT if isinstance(value, str) else MAX_ITEMS


def _bounded_binop(operator: str, left: Any, right: Any) -> Any:
    """Arithmetic, refused before it starts when its result would be too big."""
    if operator == "%" and isinstance(left, str):
        raise BlockLimitError("'%' formatting is not available in blocks: join text with ~ instead")
    if (
        operator == "**"
        and isinstance(left, int)
        and isinstance(right, int)
        and abs(left) > 1
        and right > 0
        and abs(left).bit_length() * right > MAX_INT_BITS
    ):
        raise BlockLimitError("this power is too large to work out")
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if (
                _size(sequence) is not None
                and isinstance(times, int)
                and (_size(sequence) or 0) * times > _limit(sequence)
            ):
                raise BlockLimitError(
                    f"this repeats text or a list to more than {_limit(sequence):,} characters or items, "
                    "far more than a leaflet needs"
                )
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise BlockLimitError("this multiplication makes a number too large to work out")
    if operator == "+" and (_size(left) or 0) + (_size(right) or 0) > _limit(left):
        raise BlockLimitError(f"this joins text or lists to more than {_limit(left):,} characters or items")
    return _bounded(_ARITHMETIC[operator](left, right))


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "//": lambda a, b: a // b,
    "%": lambda a, b: a % b,
    "**": lambda a, b: a**b,
}

_TEXT_METHODS = frozenset(
    {
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "isalnum",
        "isalpha",
        "isdigit",
        "islower",
        "isspace",
        "istitle",
        "isupper",
        "lower",
        "lstrip",
        "rfind",
        "rstrip",
        "split",
        "startswith",
        "strip",
        "title",
        "upper",
    }
)
"""Methods of text a block may call: none of them can make text longer than it was."""

_METHODS: tuple[tuple[type, frozenset[str]], ...] = (
    (str, _TEXT_METHODS),
    (dict, frozenset({"get", "items", "keys", "values"})),
    (list, frozenset({"count", "index"})),
    (tuple, frozenset({"count", "index"})),
    (LoopContext, frozenset({"changed", "cycle"})),
)
"""The methods blocks may call, by the type they belong to: none makes anything bigger than it was."""


def _method_refusal(function: Any) -> str:
    """Why a block may not call `function`, if it is a method it may not call ('' if it may)."""
    target = getattr(function, "__wrapped__", function)  # Jinja wraps str.format
    owner = getattr(target, "__self__", None)
    if owner is None or isinstance(owner, ModuleType):
        return ""
    name = getattr(target, "__name__", "?")
    for kind, names in _METHODS:
        if isinstance(owner, kind):
            if name in names:
                return ""
            break
    what = "text method" if isinstance(owner, str) else "method"
    return f"the {what} '{name}' is not available in blocks"


_FILTERS = frozenset(
    {
        "abs",
        "capitalize",
        "count",
        "d",
        "default",
        "first",
        "int",
        "last",
        "length",
        "list",
        "lower",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "reverse",
        "round",
        "select",
        "selectattr",
        "sort",
        "title",
        "trim",
        "unique",
        "upper",
        "wordcount",
    }
)
"""Jinja's filters that blocks may use; `join` is given a bounded version of its own. Left out: those
that make markup (`safe`, `e`, `urlize`, `xmlattr`), grow text (`center`, `indent`, `replace`,
`wordwrap`, `format`) or are not the same twice (`random`)."""


def _bounded_join(value: Iterable[Any], separator: str = "", attribute: str | None = None) -> Markup:
    items = [item.get(attribute) if attribute and isinstance(item, dict) else item for item in value]
    # Measured before escaping, which would itself take the time and memory this refuses.
    if sum(len(str(item)) for item in items) + len(str(separator)) * max(len(items) - 1, 0) > MAX_TEXT:
        raise BlockLimitError(f"this joins text to more than {MAX_TEXT:,} characters")
    return escape_text(separator).join(escape_text(item) for item in items)


MAX_ROUND_PLACES = 15
"""Places round() may round to, either side of the point: a float holds about 15 significant digits."""


def _bounded_round(value: Any, precision: Any = 0, method: str = "common") -> Any:
    """Jinja's `round`, to at most `MAX_ROUND_PLACES` places either side of the point: Python works out 10 to the
    power of the places asked for, and `7 | round(-99999999)` took longer than any build may."""
    if not isinstance(precision, int) or isinstance(precision, bool) or abs(precision) > MAX_ROUND_PLACES:
        raise ValueError(
            f"round() rounds to a whole number of places from -{MAX_ROUND_PLACES} to {MAX_ROUND_PLACES}, "
            "like round(2): give it one of those"
        )
    return FILTERS["round"](value, precision, method)


def _counted(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that counts a step for each item it is given, and each item it yields."""

    @wraps(function)  # keeps Jinja's pass_context and similar markers
    def counted(*args: Any, **kwargs: Any) -> Any:
        _step(1 + sum(len(arg) for arg in args if isinstance(arg, str | list | tuple | dict)))
        result = function(*args, **kwargs)
        if isinstance(result, Iterator):
            return _loop(result)  # map, select and the like do their work as they are read
        return _bounded(result)

    return counted


def _loop(iterable: Any) -> Iterator[Any]:
    """What a {% for %} loop goes through, one budget step a turn."""
    for item in iterable:
        _step()
        yield item


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise BlockLimitError(f"range() in a block makes at most {MAX_RANGE:,} numbers")
    return numbers


class BlockEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every kind of runaway work bounded."""

    intercepted_binops = frozenset(_ARITHMETIC)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _step()
        return _bounded_binop(operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # A method is an attribute too: refused here, even where Jinja would work it out while compiling.
        if callable(value) and _method_refusal(value):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        # Jinja's own words ("access to attribute 'ljust' of 'str' object is unsafe.") speak of Python's types.
        value = getattr(obj, attribute, None)
        refusal = _method_refusal(value) if callable(value) else ""
        return self.undefined(
            refusal or f"'{attribute}' is not available in blocks",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's API
        if __obj is _text:
            return _text(*args)  # the block's own text: counted as printed, but no step and no size limit of a value
        _step()
        refusal = _method_refusal(__obj)
        if refusal:
            raise SecurityError(refusal)
        return _bounded(super().call(__context, __obj, *args, **kwargs))

    blocks: Mapping[str, ContentBlock] = {}
    """The blocks this environment loads, by id."""
    includes: dict[str, list[tuple[str, int]]]
    """Each block's includes, read once."""

    def block_at(self, filename: str | None) -> ContentBlock | None:
        """The block whose file is `filename` (how Jinja names a template in tracebacks)."""
        for block in self.blocks.values():
            if str(block.path) == filename:
                return block
        return None

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        # Every loop counts its turns; every joined text is checked for size.
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.Name("_sen_loop", "load"), [loop.iter], [], None, None, lineno=loop.lineno)
        for output in tree.find_all(nodes.Output):
            # Through calls, which Jinja never works out while compiling: every printed value is checked,
            # and every character printed (literal text too) counts, wherever it goes.
            output.nodes = [
                nodes.Call(
                    nodes.Name("_sen_text" if isinstance(part, nodes.TemplateData) else "_sen_print", "load"),
                    [nodes.Const(part.data) if isinstance(part, nodes.TemplateData) else part],
                    [],
                    None,
                    None,
                    lineno=part.lineno,
                )
                for part in output.nodes
            ]
        for concat in list(tree.find_all(nodes.Concat)):
            # Joined with a check of the total first, so that a long chain of ~ never builds a huge text.
            joined = nodes.Call(nodes.Name("_sen_concat", "load"), list(concat.nodes), [], None, None)
            concat.nodes = [joined]
        return tree

    def get_template(self, *args: Any, **kwargs: Any) -> Any:
        _step()  # each {% include %}, every time it runs
        return super().get_template(*args, **kwargs)


_PRINTABLE = (str, int, float)


def _printable(value: Any) -> Any:
    """A value a block prints: text, a number or a list, never nothing, a function or a list still being made."""
    if value is None:
        raise ValueError(
            "a value used here is empty in the publisher's YAML: fill it in, or wrap this part in {% if ... %}"
        )
    if isinstance(value, Undefined):
        return str(value)  # StrictUndefined: raises the unknown variable error, naming it
    if not isinstance(value, _PRINTABLE) or callable(value):
        raise ValueError(
            "this prints something that is not text (a list, a helper not called, or a list still being made): "
            "add () to call a helper, or | join(', ') to print a list"
        )
    return _bounded(value)


def _print(value: Any) -> Any:
    """A value a block prints, checked and counted."""
    checked = _printable(value)
    _budget().print(len(str(checked)))
    return checked


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value  # the block's own text, or a helper's link: counted already, and never escaped
    return escape_text(_printable(value))


def _concat(*parts: Any) -> Any:
    """`a ~ b ~ c`, refused before joining if the result would be too long."""
    _step(len(parts))
    texts = [str(part) if not isinstance(part, str) else part for part in parts]
    if sum(len(text) for text in texts) > MAX_TEXT:
        raise BlockLimitError(f"this joins text to more than {MAX_TEXT:,} characters")
    return markup_join(parts)


def make_environment(sources: Mapping[str, ContentBlock]) -> BlockEnvironment:
    """A sandboxed, strict, escaping, bounded Jinja environment that loads blocks by id."""

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        block = sources.get(name)
        if block is None:
            return None
        return block.body, str(block.path), lambda: True

    env = BlockEnvironment(
        loader=FunctionLoader(load),
        undefined=BlockUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED_TEMPLATES,
    )
    env.blocks = sources
    env.includes = {}
    env.filters = {name: _counted(FILTERS[name]) for name in _FILTERS}
    env.filters["join"] = _counted(_bounded_join)
    env.filters["round"] = _counted(_bounded_round)
    env.globals = {
        "range": _bounded_range,
        "_sen_loop": _loop,
        "_sen_concat": _concat,
        "_sen_print": _print,
        "_sen_text": _text,
        "dict": env.globals["dict"],
        "namespace": env.globals["namespace"],
    }
    return env


# --- includes ------------------------------------------------------------------------------


def included_blocks(env: BlockEnvironment, block: ContentBlock) -> list[tuple[str, int]]:
    """(block id, line) of every block this one includes, imports or extends, each name once.

    Raises `ContentError` for a name that is not written out in quotes, which
    could not be checked before rendering.
    """
    cached = env.includes.get(block.id)
    if cached is not None:
        return cached
    found = []
    for name, relative_line, kind in named_includes(block.body):
        line = block.body_line + relative_line - 1
        if kind != "include":
            # An imported or extended block renders without the publisher's facts: only include gives them.
            shown = f"'{name}'" if name else "the block"
            message = f"blocks are put together with {{% include {shown} %}}, not with {kind}: write that instead"
            raise ContentError([Problem(block.path, line, 1, message)])
        if name is None:
            message = 'name the block to include in quotes, like {% include "contact-panel" %}'
            raise ContentError([Problem(block.path, line, 1, message)])
        found.append((name, line))
    env.includes[block.id] = found
    return found


_READER = Environment()
"""Reads a block's Jinja for what it includes; the syntax is Jinja's own, so any environment reads it alike."""


@lru_cache(maxsize=512)
def named_includes(body: str) -> tuple[tuple[str | None, int, str], ...]:
    """(block id, line, "include", "import" or "extends") of what a block's text takes in, each name once;
    None for a name not in quotes.

    Kept per text: the same shared block is read once for every publisher, not once for each.
    """
    found: dict[str | None, tuple[int, str]] = {}
    for node in _READER.parse(body).find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        assert isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends)
        named = node.template.value if isinstance(node.template, nodes.Const) else None
        kind = {nodes.Include: "include", nodes.Extends: "extends"}.get(type(node), "import")
        found.setdefault(named if isinstance(named, str) else None, (node.lineno, kind))
    return tuple((name, line, kind) for name, (line, kind) in found.items())


def check_includes(env: BlockEnvironment, block: ContentBlock, sources: Mapping[str, ContentBlock]) -> None:
    """Raise `ContentError` if `block` includes a missing block, itself, or blocks too deeply.

    Each block's includes are read once and each block is visited once, so this takes
    time in proportion to the blocks, however they include one another.
    """
    heights: dict[str, int] = {}
    """How many levels of includes lie below each block already visited."""

    def visit(current: ContentBlock, chain: tuple[str, ...]) -> int:
        if current.id in heights:
            return heights[current.id]
        height = 0
        for name, line in included_blocks(env, current):
            if name in chain or name == current.id:
                circle = " -> ".join((*chain, current.id, name)[chain.index(name) if name in chain else -2 :])
                message = f"blocks include each other in a circle ({circle}): remove one"
                raise ContentError([Problem(current.path, line, 1, message)])
            if name not in sources:
                raise ContentError(
                    [Problem(current.path, line, 1, f"there is no block '{name}' to include: check its name")]
                )
            height = max(height, 1 + visit(sources[name], (*chain, current.id)))
            if len(chain) + height > MAX_INCLUDE_DEPTH:
                message = f"blocks here include blocks more than {MAX_INCLUDE_DEPTH} deep: include fewer levels"
                raise ContentError([Problem(current.path, line, 1, message)])
        heights[current.id] = height
        return height

    visit(block, ())


# --- rendering -----------------------------------------------------------------------------


def render_block(env: BlockEnvironment, block: ContentBlock, context: Mapping[str, Any]) -> str:
    """Render one block's Jinja to Markdown, or raise `ContentError` at the line that failed."""
    token = _BUDGET.set(_Budget())
    rendering = _RENDERING.set(context)
    try:
        try:
            check_includes(env, block, env.blocks)
            template = env.get_template(block.id)
        except (RecursionError, SyntaxError):
            # Python itself refuses code nested this deeply (100 blocks is its limit).
            raise ContentError([nested_too_deeply(block)]) from None
        printed: list[str] = []
        length = 0
        for chunk in template.generate(context):
            length += len(chunk)
            if length > MAX_OUTPUT:
                raise BlockLimitError(
                    f"this block prints more than {MAX_OUTPUT:,} characters, far more than a leaflet needs"
                )
            printed.append(chunk)
        return "".join(printed)
    except TemplateSyntaxError as exc:
        # Jinja names no file for a fault in an included block: it is that block's, at its own line (where
        # check names it too), not the including block's.
        raise ContentError([_syntax_problem_of(env, block, exc)]) from None
    except Exception as exc:
        if not isinstance(exc, _TEMPLATE_MISTAKES):
            raise  # a bug in sen-leaflets, not a mistake in the block: keep its traceback
        first = _problem_of(env, block, context, exc, *_template_line(env, block, sys.exc_info()[2]))
        every = _every_unknown_variable(env, block, context) if isinstance(exc, UndefinedError) else []
        # The first, found again, is named where the block wrote it ({% set n = publisher.nmae %}), not where used.
        found = every if any(problem.message == first.message for problem in every) else [first, *every]
        raise ContentError(list(dict.fromkeys(found))) from None
    finally:
        _RENDERING.reset(rendering)
        _BUDGET.reset(token)


def _problem_of(
    env: BlockEnvironment, block: ContentBlock, context: Mapping[str, Any], exc: BaseException, path: Path, line: int
) -> Problem:
    """The problem a mistake raised rendering `block` at `path`, `line`, in an editor's words."""
    message = _plain(exc)
    if isinstance(exc, UndefinedError) and _EMPTY_FACT in (exc.message or ""):
        failed_block = env.block_at(str(path))
        failed = re.search(r"there is no '(\w+)' here", exc.message or "")
        if failed is not None and failed_block is not None:
            index = line - failed_block.body_line
            message = _empty_fact_message(context, failed_block.body, index, failed.group(1)) or message
    return Problem(path, line, 1, message)


_NOTED: ContextVar[tuple[BlockEnvironment, list[tuple[str, Path, int]]] | None] = ContextVar("_NOTED", default=None)


class _NotedUndefined(BlockUndefined):
    """An unknown variable in the second reading of a block that stopped at one: noted at the line that named it
    and read as nothing, so that the reading goes on, and an editor with two typos is told of both at once.

    Only names the block wrote are noted: a fact the publisher's YAML lacks (`publisher.nmae`), or a name that is
    no variable. What follows from a name read as nothing (the first item of an empty list, the `else` of an `if`
    that read it as false, an empty fact met there) is no mistake of the block's, and is not."""

    __slots__ = ("_named_at",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._named_at = _block_line(sys._getframe(1))

    def _note(self) -> None:
        noted = _NOTED.get()
        obj = self._undefined_obj
        if noted is None or self._named_at is None or self._undefined_hint is not None:
            return
        if obj is not missing and not isinstance(obj, Mapping):
            return  # an item of a list, an attribute of a text: made from a value, not named by the block
        noted[1].append((self._undefined_message, *self._named_at))

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._note()  # a sum or a comparison with it: named, and the reading stops
        super()._fail_with_undefined_error(*args, **kwargs)

    def __str__(self) -> str:  # type: ignore[override]  # StrictUndefined's raise
        self._note()
        return ""

    def __html__(self) -> str:
        self._note()
        return ""

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]  # StrictUndefined's raise
        self._note()
        return iter(())

    def __bool__(self) -> bool:  # type: ignore[override]  # StrictUndefined's raise
        self._note()
        return False

    def __len__(self) -> int:  # type: ignore[override]  # StrictUndefined's raise
        self._note()
        return 0

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__":
            raise AttributeError(name)
        self._note()
        return self  # `publisher.nmae.first`: one unknown variable, named once


def _note_every_failure() -> None:
    """A sum, a comparison, an item of it: Jinja's classes bind these to their own `_fail_with_undefined_error`,
    which the override in `_NotedUndefined` would not reach."""
    for kind in (Undefined, StrictUndefined):
        for name, value in vars(kind).items():
            if value is Undefined._fail_with_undefined_error and name not in vars(_NotedUndefined):
                setattr(_NotedUndefined, name, _NotedUndefined._fail_with_undefined_error)


_note_every_failure()


def _block_line(frame: FrameType | None) -> tuple[Path, int] | None:
    """The file and line of the innermost block being run from `frame` outwards: its compiled code maps back to
    the block's own line."""
    noted = _NOTED.get()
    while frame is not None and noted is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and (block := noted[0].block_at(frame.f_code.co_filename)) is not None:
            return block.path, block.body_line + template.get_corresponding_lineno(frame.f_lineno) - 1
        frame = frame.f_back
    return None


def _every_unknown_variable(env: BlockEnvironment, block: ContentBlock, context: Mapping[str, Any]) -> list[Problem]:
    """Each unknown variable `block` uses, at the line that names it: the block is read again with each read as
    nothing. The reading stops at anything else an unknown variable would break (a sum, a comparison), or at
    another mistake, which may only follow from a variable read as nothing: what was noted before then is kept."""
    found: list[tuple[str, Path, int]] = []
    noted = _NOTED.set((env, found))
    budget = _BUDGET.set(_Budget())
    env.undefined = _NotedUndefined
    try:
        for _ in env.get_template(block.id).generate(context):
            pass
    except Exception as exc:
        if not isinstance(exc, _TEMPLATE_MISTAKES):
            raise
    finally:
        env.undefined = BlockUndefined
        _BUDGET.reset(budget)
        _NOTED.reset(noted)
    return [Problem(path, line, 1, _plain(UndefinedError(message))) for message, path, line in found]


@lru_cache(maxsize=512)
def syntax_fault(body: str) -> Exception | None:
    """What stops Jinja reading a block's text (a syntax error, or nesting too deep), if anything.

    Kept per text: a shared block is read once, not once for every publisher.
    """
    try:
        _READER.parse(body)
    except (TemplateSyntaxError, RecursionError) as exc:
        # Kept without its traceback: a deep nesting's frames would otherwise stay in the cache.
        exc.__context__ = None
        return exc.with_traceback(None)
    return None


def _syntax_problem_of(env: BlockEnvironment, block: ContentBlock, exc: TemplateSyntaxError) -> Problem:
    """The syntax fault met rendering `block`: its own, or that of the first block it includes that has one."""
    waiting, seen = [block], set()
    while waiting:
        current = waiting.pop(0)
        if current.id in seen:
            continue
        seen.add(current.id)
        fault = syntax_fault(current.body)
        if isinstance(fault, TemplateSyntaxError):
            return syntax_problem(current, fault)
        waiting += [env.blocks[name] for name, _ in included_blocks(env, current) if name in env.blocks]
    return syntax_problem(block, exc)


def nested_too_deeply(block: ContentBlock) -> Problem:
    """A block whose {{ }} or {% %} are nested too deeply for the template reader."""
    message = "the {{ }} and {% %} in this block are nested too deeply to read: write them more simply"
    return Problem(block.path, block.body_line, 1, message)


def syntax_problem(block: ContentBlock, exc: TemplateSyntaxError) -> Problem:
    """A Jinja syntax error in `block`, at its line, in an editor's words where Jinja's are a programmer's."""
    line = block.body_line + (exc.lineno or 1) - 1
    reason = (exc.message or "").rstrip(".")
    lines = re.split(r"\r\n|\r|\n", block.body)  # as Jinja counts lines: a lone \r ends one too
    written = lines[(exc.lineno or 1) - 1] if 0 < (exc.lineno or 1) <= len(lines) else ""
    opening = re.search(r"\{[{%#]", written)
    return Problem(block.path, line, opening.start() + 1 if opening else 1, _syntax_in_words(reason))


_CLOSED_BY = {"if": "endif", "for": "endfor", "macro": "endmacro", "call": "endcall", "filter": "endfilter",
              "set": "endset", "with": "endwith", "raw": "endraw", "block": "endblock"}  # fmt: skip


def _syntax_in_words(reason: str) -> str:
    """Jinja's most common syntax messages, said for someone who writes leaflets; any other kept as Jinja says it."""
    check = "check the {{ }} and {% %} in this line"
    open_block = re.search(r"The innermost block that needs to be closed is '(\w+)'", reason)
    unknown_tag = re.match(r"Encountered unknown tag '(\w+)'", reason)
    if reason.startswith("Unexpected end of template") and open_block:
        tag = open_block.group(1)
        return (
            f"a {{% {tag} %}} in this block is never closed: add {{% {_CLOSED_BY.get(tag, 'end' + tag)} %}} "
            "where it should end"
        )
    if unknown_tag and open_block and unknown_tag.group(1) not in ("else", "elif"):
        tag = open_block.group(1)
        return (
            f"{{% {unknown_tag.group(1)} %}} comes while a {{% {tag} %}} is still open: close that first with "
            f"{{% {_CLOSED_BY.get(tag, 'end' + tag)} %}}"
        )
    if unknown_tag and unknown_tag.group(1) in ("else", "elif"):
        return (
            f"{{% {unknown_tag.group(1)} %}} belongs between {{% if ... %}} and {{% endif %}}, before any "
            "{% else %} of that if (an if has one else, last)"
        )
    if unknown_tag and unknown_tag.group(1).startswith("end"):
        opener = unknown_tag.group(1).removeprefix("end")
        return f"{{% {unknown_tag.group(1)} %}} closes nothing: there is no {{% {opener} %}} open before it"
    if unknown_tag:
        return f"'{unknown_tag.group(1)}' is not something {{% %}} can do here: {check}"
    filter_name = re.match(r"No filter named '([^']+)'", reason)
    if filter_name:
        name = filter_name.group(1)
        if name in FILTERS:  # Jinja has it, but not for blocks (see _FILTERS)
            return f"'| {name}' cannot be used in a block: remove the | and the name after it"
        close = difflib.get_close_matches(name, sorted(_FILTERS), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove the | and the name after it"
        return f"there is no '{name}' to apply after | : {hint}"
    expected = re.fullmatch(r"unexpected '(.+)', expected '(.+)'", reason)
    if expected:
        return f"a '{expected.group(2)}' is missing before the '{expected.group(1)}': {check}"
    plain = {
        "tag name expected": "a {% %} with nothing in it: write what it should do, or remove it",
        "Missing end of comment tag": "a {# comment in this block is never closed: end it with #}",
        "Missing end of raw directive": "a {% raw %} in this block is never closed: end it with {% endraw %}",
        "expected name or number": f"a name is missing after a dot: {check}",
    }
    if reason in plain:
        return plain[reason]
    if reason.startswith("unexpected end of template") or reason == "unexpected 'end of template'":
        return "a {{ or {% in this block is never closed: end it with }} or %}"
    if reason.startswith("Expected an expression"):
        return f"something is missing inside the {{{{ }}}} or {{% %}}: {check}"
    character = re.fullmatch(r"unexpected char (['\"])(.+)\1 at \d+", reason)
    if character:
        quote = character.group(2) in ('"', "'")
        hint = "a quotation mark is never closed" if quote else f"{character.group(2)} cannot be used there"
        return f"{hint}: {check}"
    if reason == "can't assign to 'const'":
        return (
            "only a name can be given a value here (like {% set helpline = '0300 123 4567' %}), not a number or "
            f"words in quotation marks: {check}"
        )
    if reason == "invalid syntax for function call expression":
        return f"in the ( ), values given with a name (like label='Call us') come after those without one: {check}"
    if reason == "non-default argument follows default argument":
        return f"in a {{% macro %}}, the names given a value (like label='Call us') come after those without: {check}"
    test = re.fullmatch(r"No test named '(.+)'", reason)
    if test:
        return f"there is no '{test.group(1)}' to test after 'is': {check}"
    got = re.fullmatch(r"expected token '.+', got '(.+)'", reason)
    if got:
        found = {"end of statement block": "%}", "end of print statement": "}}", "integer": "a number"}.get(
            got.group(1), f"'{got.group(1)}'"
        )
        return f"{found} is not expected here: {check}"
    unexpected = re.fullmatch(r"unexpected '(.+)'", reason)
    if unexpected and unexpected.group(1) in ("end of statement block", "end of print statement"):
        return f"something is missing before the {'%}' if 'statement' in unexpected.group(1) else '}}'}: {check}"
    if unexpected:
        found = unexpected.group(1)
        hint = " (a {{ is closed by two: }})" if found == "}" else " (a {% is closed by %})" if found == "%" else ""
        return f"'{found}' is not expected here{hint}: {check}"
    return f"template error: {reason}; {check}"


_TEMPLATE_MISTAKES = (TemplateError, ValueError, TypeError, ArithmeticError, LookupError, RecursionError)
"""What a mistake in a block can raise while it renders (a helper refusing a value raises ValueError)."""


def _plain(exc: BaseException) -> str:
    """An exception's message in words an editor can act on."""
    if isinstance(exc, UndefinedError):
        if (exc.message or "").startswith(("No first item", "No last item")):
            return "this asks for the first or last item of a list that is empty: check the list first"
        return f"unknown variable: {exc.message}"
    if isinstance(exc, TemplateNotFound):
        return f"there is no block '{exc.name}' to include: check its name"
    if isinstance(exc, SecurityError):
        return f"{exc}: blocks can use only the variables and helpers in the README"
    if isinstance(exc, RecursionError):
        return (
            "a macro or a loop here calls itself without end (a macro calling itself, loop() in a recursive loop): "
            "remove the call"
        )
    if isinstance(exc, ZeroDivisionError):
        return "this divides by zero"
    if isinstance(exc, LookupError):
        return f"there is no {exc} here: check the name or number"
    if isinstance(exc, TypeError):
        return _plain_type_error(str(exc))
    if isinstance(exc, OverflowError):
        return _TOO_BIG
    return _plain_value_error(str(exc))


_KIND_OF = {"str": "text", "int": "a number", "float": "a number", "list": "a list", "tuple": "a list",
            "dict": "a set of keys", "NoneType": "nothing", "bool": "true or false"}  # fmt: skip


def _plain_type_error(message: str) -> str:
    """Python's words for a helper called with the wrong values, or for text compared with a number, an editor's."""
    called = re.match(r"(?:[\w.<>]+\.)?(\w+)\(\) (.*)", message)
    if called:
        helper, problem = called.groups()
        missing = re.match(r"missing \d+ required (?:positional |keyword-only )?arguments?: (.*)", problem)
        given = re.match(r"takes (\d+) positional arguments? but (\d+) (?:was|were) given", problem)
        unknown = re.match(r"got an unexpected keyword argument '(\w+)'", problem)
        if missing:
            detail = f"it needs more values here: {missing.group(1)}"
        elif given:
            detail = f"it takes {given.group(1)} values here, not {given.group(2)}"
        elif unknown:
            detail = f"it has no value called '{unknown.group(1)}'"
        else:
            detail = problem
        return f"{helper}() is not used as it must be ({detail}): see how the README writes it"
    compared = re.match(r"'(.+)' not supported between instances of '(\w+)' and '(\w+)'", message)
    if compared:
        first, second = (_KIND_OF.get(kind, kind) for kind in compared.groups()[1:])
        return (
            f"this compares or sorts {first} with {second}, which have no order between them: "
            "compare text with text and numbers with numbers"
        )
    operand = re.match(r"unsupported operand type\(s\) for (\S+): '(\w+)' and '(\w+)'", message)
    if operand:
        sign, first, second = operand.groups()
        return (
            f"this works out {_KIND_OF.get(first, first)} {sign} {_KIND_OF.get(second, second)}, which cannot be "
            "done: do sums with numbers only"
        )
    return _plain_value_error(message)


_TOO_BIG = "this works out a number too big to print: check the sum"


def _plain_value_error(message: str) -> str:
    """Python's words for a value a sum or a filter cannot use, an editor's."""
    if "infinity" in message or "NaN" in message or "Numerical result out of range" in message:
        return _TOO_BIG
    method = re.match(r"method must be (.+)", message)
    if method:
        return f"round() rounds by one of {method.group(1)}: write one of those, in quotes"
    if message == "empty separator":
        return "split() is given nothing to split at: give it the text to split at, like split(', ')"
    return message


def _template_line(env: BlockEnvironment, block: ContentBlock, tb: TracebackType | None) -> tuple[Path, int]:
    """The file and line that was rendering when it failed: the block's own, or a block it includes."""
    found: tuple[ContentBlock, int] | None = None
    while tb is not None:
        failed = env.block_at(tb.tb_frame.f_code.co_filename)
        if failed is not None:
            found = (failed, tb.tb_lineno)
        tb = tb.tb_next
    if found is None:
        return block.path, block.body_line
    failed, line = found
    return failed.path, failed.body_line + line - 1
