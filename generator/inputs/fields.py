"""Validated value types used by the publisher schema: phone numbers, URLs, colours, dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

import phonenumbers
from pydantic import AfterValidator, BeforeValidator, PlainSerializer

WEB_SCHEMES = ("https", "http")


def has_words(text: str) -> bool:
    """Whether `text` shows anything: not empty, nor only spaces and invisible characters (zero-width
    spaces, direction marks), which would make a label, a heading or a link that says nothing."""
    return any(not unicodedata.category(character).startswith(("Z", "C")) for character in text)


def shown(value: object, limit: int = 60) -> str:
    """A value as a message quotes it: in quotes, and cut short if it is long."""
    text = str(value)
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…' ({len(text):,} characters)"


UK_COUNTRY_CODE = 44


_WRITTEN_NUMBER = re.compile(r"\+?[0-9][0-9 ]*[0-9]")
"""How a number may be written to be printed as it is: digits, spaces between them, and a leading +."""


RELAY_UK = re.compile(r"(1800[12]) +(?=0|\+)")
"""Relay UK's prefixes, written before a number (18001 0800 121 7772): 18001 from a textphone, 18002 to one."""


def _relay_prefix(written: str) -> tuple[str, str]:
    """A number split into its Relay UK prefix ("" for none) and the number itself."""
    relay = RELAY_UK.match(written)
    return (relay.group(1), written[relay.end() :]) if relay else ("", written)


_DIALLED_FROM_ABROAD = re.compile(r"(?:(?P<plus>\+)|00) *44 *(?P<zero>\(0\)|0)? *(?P<rest>.*)")
"""A UK number with the UK's code: +44 or 0044, then perhaps the 0 (or "(0)") that only callers in the UK dial."""


def _not_valid(value: str) -> ValueError:
    return ValueError(
        f"{shown(value)} is not a valid UK phone number: write it as it is dialled in the UK, "
        "for example '0300 041 3000'"
    )


def _is_valid_uk(number: str) -> bool:
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return False
    return parsed.country_code == UK_COUNTRY_CODE and phonenumbers.is_valid_number(parsed)


def _refuse_a_form_for_abroad(value: str, written: str) -> None:
    """Refuses the UK's code written as only some callers abroad dial it (0044), or followed by the 0 that callers
    abroad must leave out (+44 0115, +44 (0)115): printed as written, either misleads someone; +44 115 is kept."""
    relay, number = _relay_prefix(written)
    form = _DIALLED_FROM_ABROAD.fullmatch(number)
    if form is None or (form["plus"] and not form["zero"] and not relay):
        return  # +44 115 is right, but never after Relay UK's prefix (18001 +44 300): Relay UK is dialled as in the UK
    rest = form["rest"]
    in_the_uk = " ".join(part for part in (relay, "0" + rest) if part)
    if not _WRITTEN_NUMBER.fullmatch(in_the_uk):
        return  # other characters too ('+44 (0)115-948-2889'): said by the next check
    if not _is_valid_uk("0" + rest):
        raise _not_valid(value)
    if relay:
        raise ValueError(
            f"{shown(value)} gives the number after the Relay UK prefix as it is dialled from abroad: "
            f"write it as it is dialled in the UK, '{in_the_uk}'"
        )
    if form["plus"]:
        raise ValueError(
            f"{shown(value)} keeps the {form['zero']} after +44, which callers from abroad must not dial: "
            f"leave it out, '+44 {rest}', or write the number as it is dialled in the UK, '{in_the_uk}'"
        )
    raise ValueError(
        f"{shown(value)} starts with 0044, the way only some countries dial the UK: write +44 instead, "
        f"'+44 {rest}', or write the number as it is dialled in the UK, '{in_the_uk}'"
    )


def uk_phone(value: str) -> str:
    """`value` as a UK phone number is printed (the service's own grouping, spaces made single); raises ValueError
    for anything that is not one."""
    # Printed as the service writes it ("03000 41 3000" is Kent's own grouping, which families know);
    # phonenumbers only validates it and makes the tel: link.
    written = " ".join(value.split())
    _, number = _relay_prefix(written)
    _refuse_a_form_for_abroad(value, written)
    if not _WRITTEN_NUMBER.fullmatch(written):
        raise ValueError(
            f"{shown(value)} is not written as a phone number: use digits, with spaces where the service "
            "groups them, for example '0300 041 3000'"
        )
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and parsed.country_code != UK_COUNTRY_CODE:
        # Shown in the UK's format and dialled from the UK, it would reach someone else.
        raise ValueError(
            f"{shown(value)} is not a UK phone number (it starts with +{parsed.country_code}): "
            "leaflets give numbers that families in England can ring, like '0300 041 3000'"
        )
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise _not_valid(value)
    return written


def _parse_uk(display: str) -> phonenumbers.PhoneNumber:
    parsed = phonenumbers.parse(display, "GB")
    if parsed.country_code != UK_COUNTRY_CODE:
        raise ValueError(f"'{display}' is not a UK phone number")
    return parsed


def tel_uri(display: str) -> str:
    """The `tel:` link for a UK phone number already validated by the schema.

    Through Relay UK (18001 ...), the link dials the prefix and the number as written in the UK,
    which is how Relay UK asks to be called.
    """
    relay, number = _relay_prefix(" ".join(display.split()))
    if relay:
        return f"tel:{relay}" + "".join(number.split())
    return "tel:" + phonenumbers.format_number(_parse_uk(number), phonenumbers.PhoneNumberFormat.E164)


def is_premium_rate(display: str) -> bool:
    """True for numbers that cost callers more than a local call (09, 118): worth a warning."""
    _, number = _relay_prefix(" ".join(display.split()))
    return bool(phonenumbers.number_type(_parse_uk(number)) == phonenumbers.PhoneNumberType.PREMIUM_RATE)


UkPhone = Annotated[str, AfterValidator(uk_phone)]
"""A valid UK phone number, kept as the service writes it (`03000 41 3000`), spaces made single."""


_EMAIL_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-@")
"""What UK services' email addresses are written with: a character pasted from a word processor (a non-breaking
hyphen, a dash) would be published in the mailto: link, and the mail would go nowhere."""

_EXAMPLE_EMAIL = "help@example.org.uk"


def _typed_instead(character: str) -> str:
    """A `character` an email address cannot hold, named, and what an editor should type in its place."""
    name = unicodedata.name(character, f"U+{ord(character):04X}")
    a_name = f"{'an' if name[0] in 'AEIO' else 'a'} {name}"  # an EN DASH, a HYPHEN
    dash = unicodedata.category(character) == "Pd" or character in "\u2212\u2043"  # dashes, hyphens, minus signs
    look_alike = "-" if dash else unicodedata.normalize("NFKC", character)  # a full-width '@' is an '@'
    if look_alike in _EMAIL_CHARACTERS:
        return (
            f"it has {a_name} in it, which looks like '{look_alike}' but is another character; "
            f"type an ordinary '{look_alike}' in its place"
        )
    if unicodedata.category(character).startswith("C"):
        return f"it has an invisible character in it, {a_name}; delete it (or type the address again)"
    letter = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
    if letter in _EMAIL_CHARACTERS:
        return (
            f"it has {a_name} ({character}) in it, and UK services' email addresses have only plain letters; "
            f"type '{letter}' in its place, after checking the address with the service"
        )
    return (
        f"it has {a_name} ({character}) in it, which UK services' email addresses do not have; check the address "
        f"with the service, and write only its letters, digits and . _ % + - @, like {_EXAMPLE_EMAIL}"
    )


def email_address(value: str) -> str:
    """`value` as an email address is published (the part after the @ in lower case); raises ValueError, in an
    editor's words, for anything that is not one."""
    from email_validator import EmailNotValidError, validate_email

    text = value.strip()
    if text.lower().startswith("mailto:"):
        address = text[len("mailto:") :].strip()
        raise ValueError(
            f"{shown(text)} starts with 'mailto:': leave that out and write only the address, {address}; "
            "the link is made for you"
        )
    named = re.fullmatch(r"[^<>]*<\s*([^<>\s]+)\s*>", text)
    if named:  # Demo IASS <help@example.org.uk>, as a mail program shows it
        raise ValueError(
            f"{shown(text)} gives a name with the address: write only the address, {named[1]}, "
            "without the name and the < >"
        )
    if sum("@" in part for part in re.split(r"[\s,;/]+", text)) > 1:
        raise ValueError(
            f"{shown(text)} holds two email addresses: give one here; the other can go in one of your local blocks"
        )
    why = _email_mistake(text)
    if why is None:
        try:
            validate_email(text, check_deliverability=False)
        except EmailNotValidError:  # two dots in a row, a dot at the start, a name such as example.invalid
            why = f"check it against the address the service gives; an email address is written like {_EXAMPLE_EMAIL}"
        else:
            # As written, the part after the @ in lower case: the library's form turns 'xn--bcher-kva' into 'bücher'.
            local, domain = text.rsplit("@", 1)
            return f"{local}@{domain.lower()}"
    raise ValueError(f"{shown(text)} is not an email address: {why}")


def _email_mistake(text: str) -> str | None:
    """What makes `text` not an email address, in an editor's words; None if it looks like one."""
    if any(character.isspace() for character in text):
        return f"it has a space in it; write it without spaces, like {_EXAMPLE_EMAIL}"
    unusual = next((character for character in text if character not in _EMAIL_CHARACTERS), None)
    if unusual is not None:
        return _typed_instead(unusual)
    if "@" not in text:
        return f"it has no @; write the whole address, like {_EXAMPLE_EMAIL}"
    local, domain = text.rsplit("@", 1)
    if "." not in domain:
        return f"the part after the @ has no dot; write all of it, like {_EXAMPLE_EMAIL}"
    if len(domain.rsplit(".", 1)[1]) < 2:
        return f"its last part, after the last dot, is a single letter; write all of it, like {_EXAMPLE_EMAIL}"
    if len(local) > 64:
        return f"the part before the @ is {len(local)} characters, more than an address may have (64): check it"
    return None


Email = Annotated[str, AfterValidator(email_address)]
"""An email address of letters, digits and . _ % + - @ only, as UK services' addresses are."""


def _web_url(value: str) -> str:
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018  # a port past 65535 is refused here, not by the browser that follows the link
    except ValueError:
        raise ValueError(
            f"{shown(value)} is not a web address a browser can follow: check the site's name after https:// "
            "(and the number after a colon, if there is one)"
        ) from None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        raise ValueError(
            f"{shown(value)} is not a web address: it must start with https:// (or http:// where the site has no https)"
        )
    if any(ch.isspace() for ch in value.strip()):
        raise ValueError(f"{shown(value)} has a space in it: web addresses cannot contain spaces")
    return value.strip()


WebUrl = Annotated[str, AfterValidator(_web_url)]

_SITE_URL = re.compile(
    r"https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*/?"
)


def _site_url(value: str) -> str:
    text = value.strip()
    port = re.match(r"https://[^/:]+:([0-9]+)", text)
    if not _SITE_URL.fullmatch(text) or (port and not 0 < int(port.group(1)) <= 65535):
        raise ValueError(
            f"{shown(value)} is not a usable address for the published site: write it as https:// then the "
            "host name and, if the site is in a folder, the folder (like https://www.example.org.uk/sen/), "
            "with lower-case host name and no spaces, quotes, '?' or '#'"
        )
    path = urlsplit(text).path
    page = _PAGE_NAME.search(path)
    if page:
        # Copied from the browser's address bar: every address of the site (QR codes, canonical links) would run on
        # from the page's name, as if it were a folder.
        folder = text[: len(text) - len(path) + page.start() + 1]
        raise ValueError(
            f"{shown(value)} ends with the name of a page ({page.group(1)}), not of a folder: write the address of "
            f"the folder the site is published at, like {folder}"
        )
    return text if text.endswith("/") else text + "/"


_PAGE_NAME = re.compile(
    r"/([^/]+\.(?:s?html?|xhtml|aspx?|php\d?|jspx?|cfml?|cgi|pl|do|action|page|pdf|docx?))/?$", re.IGNORECASE
)
"""The last part of an address that is a page (or a file), not a folder: index.html, default.aspx, home.page."""


SiteUrl = Annotated[str, AfterValidator(_site_url)]
"""Where a publisher's site is published: https only, and only characters that need no escaping anywhere."""


def url_text(url: str) -> str:
    """How a web address is shown to readers: without `https://` and a trailing slash."""
    shown = re.sub(r"^https?://", "", url)
    return shown.rstrip("/") if shown.count("/") == 1 else shown


def shows_address(text: str, url: str) -> bool:
    """Whether a link's `text` already shows its web address (`url`), so that paper need not print it again:
    compared without the scheme, 'www.' and a trailing slash."""

    def bare(address: str) -> str:
        return re.sub(r"^(https?://)?(www\.)?", "", address.strip()).rstrip("/")

    return bare(url) in bare(text)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two `#rrggbb` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _brand_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        curly = re.fullmatch("[\u201c\u2018](#[0-9a-fA-F]{6})[\u201d\u2019]?", value.strip())
        if curly:
            raise ValueError(
                f"{shown(value)} is in curly quotation marks, as a word processor types them, which YAML reads as part "
                f'of the colour: type straight ones, like colour: "{curly.group(1)}"'
            )
        raise ValueError(f"{shown(value)} is not a colour: write it as # and six hex digits, like '#1d4f91'")
    ratio = contrast_ratio(value.lower(), "#ffffff")
    if ratio < 4.5:
        raise ValueError(
            f"{shown(value)} is too light for white text (contrast {ratio:.2f}:1, WCAG AA needs 4.5:1): "
            "choose a darker shade"
        )
    return value.lower()


BrandColour = Annotated[str, AfterValidator(_brand_colour)]

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


EARLIEST_YEAR, LATEST_YEAR = 1990, 2200


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, shown at that precision."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"

    def iso(self) -> str:
        return "-".join(
            part
            for part in (
                f"{self.year:04d}",
                f"{self.month:02d}" if self.month else "",
                f"{self.day:02d}" if self.day else "",
            )
            if part
        )

    def earliest_day(self) -> dt.date:
        """The first day this date could mean: a month-only date never reads as a day still to come."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest_day(self) -> dt.date:
        """The last day this date could mean, for 'has it passed?' questions."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    text = str(value).strip()
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{1,2}))?(?:-([0-9]{1,2}))?", text)
    if not match:
        raise ValueError(f"{shown(text)} is not a date: write it as 2025-10-01, or 2025-10 for a month, or 2025")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(
            f"{shown(text)} is not a likely date for a leaflet (the year should be between {EARLIEST_YEAR} "
            f"and {LATEST_YEAR}): check for a typo"
        )
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"{shown(text)} is not a real date") from None
    return PartialDate(year, month, day)


FlexibleDate = Annotated[PartialDate, BeforeValidator(_partial_date), PlainSerializer(lambda d: d.iso())]
