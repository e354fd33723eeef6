"""Links to the SEND Code of Practice that lead to another edition than the one the leaflets are based on.

The Code's edition and address are data (content/code-of-practice.yml), printed on every leaflet. A block
that links a copy of its own (Kent's leaflet linked the July 2014 PDF, which the January 2015 edition
replaced) sends a parent to rules that have changed, while the cover says the leaflet follows the
current edition. Such a link is a warning, judged on the published HTML's addresses.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from ..inputs.load import PublisherInputs
from ..inputs.schema import CodeOfPractice
from ..problems import Problem
from .html_tree import parse_fragment
from .sanitise import Refusal

_SEND_CODE = re.compile(
    r"\b(?:send|sen|special educational needs(?: and disabilit(?:y|ies))?)\b(?:\W+\w+){0,3}?\W+code of practice\b"
)
"""An address's path, its punctuation read as spaces, that names the SEN or SEND Code of Practice (not another
code of practice: the admissions code, a health code)."""


def _comparable(url: str) -> str:
    """An address as compared with the Code's own: no scheme, no `www.`, no fragment or query, no closing `/`."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path}".rstrip("/")


def _same_file(address: str, pdf: str) -> bool:
    """Whether `address` is the edition's PDF where its publisher serves it, or served it: GOV.UK moved its files
    from /government/uploads/.../file/398815/SEND_Code_of_Practice_January_2015.pdf to /media/<id>/ with the same
    file name, and from www.gov.uk (which still sends them on, and which councils' pages still link) to
    assets.publishing.service.gov.uk; the National Archives keeps the same file under the address it had."""
    host, _, path = address.partition("/")
    pdf_host, _, pdf_path = pdf.partition("/")
    name = pdf_path.rpartition("/")[2]
    same_publisher = host == pdf_host or {host, pdf_host} <= GOVERNMENT_HOSTS
    return same_publisher and name.lower().endswith(".pdf") and path.rpartition("/")[2] == name


GOVERNMENT_HOSTS = frozenset({"gov.uk", "assets.publishing.service.gov.uk", "webarchive.nationalarchives.gov.uk"})
"""Where the government publishes the Code, and keeps its old editions (without `www.`, as `_comparable` writes
them): a page there named for the Code is a copy of one (a council's page about the Code, on its own *.gov.uk
host, is not)."""
DOCUMENT_ENDINGS = (".pdf", ".doc", ".docx", ".rtf", ".odt")
"""A file named for the Code, on any site, is a copy of it (a council's copy of the 2014 PDF)."""


ABOUT_THE_CODE = re.compile(
    r"\b(?:guide|guidance|summary|easy ?read|factsheet|fact sheet|briefing|overview|explained|introduction|"
    r"consultation|consultations|response|news|speeches|changes)\b"
)
"""Words in an address (its punctuation read as spaces) that name a document about the Code, not the Code: a
parents' guide, an easy read version, a consultation on changes to it, a news story."""


def _names_the_code(url: str) -> bool:
    """Whether `url` is a copy of the SEND Code of Practice: a page of the government's, or a document anywhere,
    named for it. A page or a document about the Code (IPSEA's 'what the SEND Code of Practice says', a guide to it
    for parents, GOV.UK's consultation on changing it) is not."""
    parts = urlsplit(url)
    path = unquote(parts.path).lower()
    if (parts.hostname or "").removeprefix("www.") not in GOVERNMENT_HOSTS and not path.endswith(DOCUMENT_ENDINGS):
        return False
    words = re.sub(r"[\W_]+", " ", path)
    return _SEND_CODE.search(words) is not None and ABOUT_THE_CODE.search(words) is None


def _superseded_message(href: str, code: CodeOfPractice, in_yaml: bool = False) -> str | None:
    """Why `href` is warned about, when it is a copy of the Code that is not the edition the leaflets are based on;
    what to write instead, in a block (its facts) or in YAML (their addresses)."""
    if not href.lower().startswith(("https://", "http://")) or not _names_the_code(href):
        return None
    own = [_comparable(str(code.url)), _comparable(str(code.pdf_url))]
    address = _comparable(href)
    if any(address == mine or address.startswith(f"{mine}/") for mine in own) or _same_file(address, own[1]):
        return None
    page, pdf = (code.url, code.pdf_url) if in_yaml else ("{{ code.url }}", "{{ code.pdf_url }}")
    return (
        f"this links a copy of the {code.short_title} ({href}) that is not the edition the leaflets are based "
        f"on and print on their cover ({code.edition}): a parent following it may read rules that have "
        f"changed. Link {page} (the edition's page) or {pdf} (its PDF) instead"
    )


def superseded_code_links_in_yaml(inputs: PublisherInputs, code: CodeOfPractice) -> list[Problem]:
    """The same warning for the addresses a publisher's YAML gives (its website, Local Offers and social media),
    which the contact panel and the home page link, at their keys: a block's text does not hold them."""
    publisher, document = inputs.publisher, inputs.document
    addresses: list[tuple[tuple[str | int, ...], str]] = []
    if publisher.contact.website:
        addresses.append((("contact", "website"), str(publisher.contact.website)))
    addresses += [(("serves", n, "local_offer", "url"), str(s.local_offer.url)) for n, s in enumerate(publisher.serves)]
    addresses += [(("contact", "social", n, "url"), str(link.url)) for n, link in enumerate(publisher.contact.social)]
    found = []
    for key, href in addresses:
        message = _superseded_message(href, code, in_yaml=True)
        if message is not None:
            found.append(document.problem(key, message, "warning", at_value=True))
    return found


def superseded_code_links(html: str, code: CodeOfPractice) -> list[Refusal]:
    """A warning for each link in `html` to a copy of the SEND Code of Practice that is not the edition in
    content/code-of-practice.yml (its page, a part of its page, or its PDF)."""
    found = []
    for anchor in parse_fragment(html).iter("a"):
        href = anchor.get("href", "")
        message = _superseded_message(href, code)
        if message is not None:
            found.append(Refusal(message, (href,), severity="warning"))
    return found
