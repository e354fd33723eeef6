"""Rendering a content block's Jinja with a publisher's facts, safely.

Blocks are written by editors and publisher facts come from YAML, so:
- the environment is sandboxed (no attribute tricks reach Python internals);
- an unknown variable is an error (StrictUndefined), never an empty string;
- every value printed with {{ ... }} is escaped for HTML *and* Markdown, so a
  publisher's name cannot become a link, a heading or a script. Only the link
  helpers below produce markup, and they accept safe URL schemes only.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from jinja2 import FunctionLoader, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from .fields import WEB_SCHEMES, tel_uri, url_text
from .model import Authority, CodeOfPractice, ContentBlock
from .problems import ContentError, Problem
from .template_cache import COMPILED_TEMPLATES

# Python-Markdown's backslash escapes: these characters are made literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def escape_text(value: object) -> Markup:
    """Escape a value so that it prints as itself in Markdown and in HTML."""
    if isinstance(value, Markup):
        return value
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(str(value)))))


def safe_href(url: str, schemes: tuple[str, ...] = (*WEB_SCHEMES, "mailto", "tel")) -> str:
    """Return `url` if its scheme is one readers can safely follow; raise otherwise."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme not in schemes:
        raise ValueError(f"'{url}' is not a link that can be published: use an https:// address")
    return url.strip()


def _anchor(href: str, text: object) -> Markup:
    # A Markdown link, not raw HTML, so that renderers can treat links (print shows their addresses).
    # Characters that could end the link's address early are percent-encoded.
    target = safe_href(href)
    for character, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), (" ", "%20"), ('"', "%22")):
        target = target.replace(character, code)
    return Markup("[{}](<{}>)").format(escape_text(text), Markup(target))


def link(url: str, text: object | None = None) -> Markup:
    """A link, showing `text` or, if none is given, the address without https://."""
    return _anchor(url, url_text(url) if text is None else text)


def email_link(address: str) -> Markup:
    return _anchor(f"mailto:{address}", address)


def phone_link(number: str) -> Markup:
    return _anchor(tel_uri(number), number)


def join_and(items: list[Markup]) -> Markup:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return Markup("").join(items)
    return Markup(", ").join(items[:-1]) + Markup(" and ") + items[-1]


def block_context(authority: Authority, code: CodeOfPractice) -> dict[str, Any]:
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
        for s in authority.serves
    ]
    several = len(served) > 1

    def one_or_several(one: str, many: str) -> str:
        """Pick the wording for a publisher serving one local authority, or several."""
        return many if several else one

    def _need_local_offer(helper: str) -> None:
        if not served:
            raise ValueError(
                f"{helper} names a Local Offer, but publisher '{authority.slug}' serves no local "
                "authority: leave this block out of its leaflets"
            )

    def local_offer_links() -> Markup:
        """'Local Offer' linked; for a joint service each authority's Local Offer, linked."""
        _need_local_offer("local_offer_links")
        return join_and([link(s["local_offer"]["url"], s["local_offer"]["name"]) for s in served])

    def local_offers_published_by() -> Markup:
        """'Local Offer published by X', or 'Local Offers published by X and Y', linked."""
        _need_local_offer("local_offers_published_by")
        if not several:
            only = served[0]["local_offer"]
            return link(only["url"], only["name"]) + Markup(" published by ") + escape_text(only["published_by"])
        names = join_and([link(s["local_offer"]["url"], s["local_offer"]["published_by"]) for s in served])
        return Markup("Local Offers published by ") + names

    contact = authority.contact.model_dump(mode="json")
    return {
        "publisher": {
            "slug": authority.slug,
            "name": authority.name,
            "name_in_text": authority.text_name,
            "strapline": list(authority.strapline),
            "contact": contact,
            "accessible_formats": authority.accessible_formats,
            "published": str(authority.dates.published),
            "national": authority.national,
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


def _finalize(value: Any) -> Any:
    if value is None:
        raise ValueError(
            "a value used here is empty in the publisher's YAML: fill it in, or wrap this part in {% if ... %}"
        )
    return escape_text(value)


def make_environment(sources: Mapping[str, ContentBlock]) -> SandboxedEnvironment:
    """A sandboxed, strict, escaping Jinja environment that loads blocks by id."""

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        block = sources.get(name)
        if block is None:
            return None
        return block.body, str(block.path), lambda: True

    return SandboxedEnvironment(
        loader=FunctionLoader(load),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED_TEMPLATES,
    )


def render_block(env: SandboxedEnvironment, block: ContentBlock, context: Mapping[str, Any]) -> str:
    """Render one block's Jinja to Markdown, or raise `ContentError` at the block's line."""
    try:
        return env.get_template(block.id).render(context)
    except TemplateSyntaxError as exc:
        line = block.body_line + (exc.lineno or 1) - 1
        raise ContentError(
            [
                Problem(
                    block.path, line, 1, f"template error: {exc.message}; check the {{{{ }}}} and {{% %}} in this line"
                )
            ]
        ) from None
    except UndefinedError as exc:
        line = _template_line(block, sys.exc_info()[2])
        raise ContentError(
            [
                Problem(
                    block.path,
                    line,
                    1,
                    f"unknown variable: {exc.message}; see the README's list of variables a block can use",
                )
            ]
        ) from None
    except (TemplateError, ValueError, TypeError) as exc:
        line = _template_line(block, sys.exc_info()[2])
        raise ContentError([Problem(block.path, line, 1, str(exc))]) from None


def _template_line(block: ContentBlock, tb: TracebackType | None) -> int:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(block.path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return block.body_line + (line or 1) - 1
