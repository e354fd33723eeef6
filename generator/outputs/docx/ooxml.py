"""WordprocessingML that python-docx has no API for: links, bookmarks, borders, shading, fields, list restarts.

Word refuses a document whose elements are out of the schema's order ("unreadable
content"), so every property added here goes to its place in that order (`PARAGRAPH_ORDER`,
`RUN_ORDER`), and every text or attribute value first loses the characters XML 1.0
cannot hold (`xml_text`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold: most control characters, lone surrogates, U+FFFE and U+FFFF."""

PARAGRAPH_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
"""The children of `w:pPr`, in the order the schema (ECMA-376 Part 1, 17.3.1.26) requires."""
RUN_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
"""The children of `w:rPr`, in the schema's order (17.3.2.28)."""
BORDER_ORDER = ("top", "left", "bottom", "right", "between", "bar")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold; everything else (emoji, any script) is kept."""
    return XML_FORBIDDEN.sub("", text)


def element(tag: str, attributes: dict[str, str] | None = None) -> Any:
    """A new WordprocessingML element, `tag` and attribute names written with their prefix ('w:val')."""
    made = OxmlElement(tag)
    for name, value in (attributes or {}).items():
        made.set(qn(name), xml_text(value))
    return made


def put(parent: Any, child: Any, order: Sequence[str]) -> Any:
    """`child` in `parent` at its place in `order` (a `w:pPr` or `w:rPr`), replacing one of its kind; returns it."""
    name = _prefixed(child.tag)
    for old in parent.findall(child.tag):
        parent.remove(old)
    later = {qn(tag) for tag in order[order.index(name) + 1 :]}
    successor = next((existing for existing in parent if existing.tag in later), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def _prefixed(clark: str) -> str:
    """'{namespace}pBdr' as 'w:pBdr'."""
    return "w:" + clark.rsplit("}", 1)[1]


def paragraph_properties(p: Any) -> Any:
    """The `w:pPr` of a paragraph element, made if it has none."""
    return _properties(p, "w:pPr")


def run_properties(r: Any) -> Any:
    """The `w:rPr` of a run element, made if it has none."""
    return _properties(r, "w:rPr")


def _properties(owner: Any, tag: str) -> Any:
    """`owner`'s properties element (`tag`), made as its first child if it has none: OOXML puts it first."""
    found = owner.find(qn(tag))
    if found is None:
        found = element(tag)
        owner.insert(0, found)
    return found


def borders(ppr: Any, sides: Sequence[str], size_eighths: int, space_pt: int, colour: str) -> None:
    """A single-line border on `sides` of a paragraph (`size_eighths` of a point thick, `space_pt` from the text).

    Consecutive paragraphs with the same borders and indents are drawn by Word as one box.
    """
    pbdr = element("w:pBdr")
    for side in BORDER_ORDER:
        if side in sides:
            attributes = {"w:val": "single", "w:sz": str(size_eighths), "w:space": str(space_pt), "w:color": colour}
            pbdr.append(element(f"w:{side}", attributes))
    put(ppr, pbdr, PARAGRAPH_ORDER)


def shading(ppr: Any, fill: str) -> None:
    """A paragraph's background colour (`fill`, as 'RRGGBB')."""
    put(ppr, element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill}), PARAGRAPH_ORDER)


def indent(ppr: Any, left_twips: int, hanging_twips: int = 0, right_twips: int = 0) -> None:
    """A paragraph's indents, in twentieths of a point."""
    attributes = {"w:left": str(left_twips), "w:right": str(right_twips)}
    if hanging_twips:
        attributes["w:hanging"] = str(hanging_twips)
    put(ppr, element("w:ind", attributes), PARAGRAPH_ORDER)


def numbered(ppr: Any, num_id: int) -> None:
    """Number the paragraph from list instance `num_id`, at its first level (the list style gives the indent)."""
    numpr = element("w:numPr")
    numpr.append(element("w:ilvl", {"w:val": "0"}))
    numpr.append(element("w:numId", {"w:val": str(num_id)}))
    put(ppr, numpr, PARAGRAPH_ORDER)


def language(rpr: Any, tag: str) -> None:
    """The language of a run's text ('cy', 'en-GB'), for the spelling checker and screen readers."""
    put(rpr, element("w:lang", {"w:val": tag}), RUN_ORDER)


def bookmark(p: Any, bookmark_id: int, name: str) -> None:
    """A bookmark named `name` round everything in paragraph `p`: the target of an internal link."""
    start = element("w:bookmarkStart", {"w:id": str(bookmark_id), "w:name": name})
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    p.append(element("w:bookmarkEnd", {"w:id": str(bookmark_id)}))


def external_hyperlink(relationship_id: str) -> Any:
    """An empty `w:hyperlink` to the address of an external relationship; its runs are added after."""
    return element("w:hyperlink", {"r:id": relationship_id, "w:history": "1"})


def internal_hyperlink(bookmark_name: str) -> Any:
    """An empty `w:hyperlink` to a bookmark in the document; its runs are added after."""
    return element("w:hyperlink", {"w:anchor": bookmark_name, "w:history": "1"})


def simple_field(instruction: str) -> Any:
    """A field Word works out when it lays the page out ('PAGE', 'NUMPAGES')."""
    return element("w:fldSimple", {"w:instr": f" {instruction} "})


class ListNumbering:
    """New list instances in the numbering part, so that each numbered list starts again at 1.

    A list style ('List Number') names one list instance (`w:num`), and every paragraph of
    that style continues its count. Each numbered list gets its own instance of the style's
    numbering definition, with its start given by a `w:startOverride`: what Word itself
    writes for "Restart at 1".
    """

    def __init__(self, numbering: Any, styles: Any) -> None:
        self.numbering = numbering
        self.styles = styles
        used = [int(value) for value in numbering.xpath("w:num/@w:numId")]
        self.next_id = max(used, default=0) + 1

    def restart(self, style_id: str, start: int) -> int:
        """A new list instance of the numbering of paragraph style `style_id`, counting from `start`; its id."""
        style_num = self.styles.xpath(f'w:style[@w:styleId="{style_id}"]/w:pPr/w:numPr/w:numId/@w:val')
        abstract = self.numbering.xpath(f'w:num[@w:numId="{style_num[0]}"]/w:abstractNumId/@w:val')[0]
        num_id = self.next_id
        self.next_id += 1
        num = element("w:num", {"w:numId": str(num_id)})
        num.append(element("w:abstractNumId", {"w:val": str(abstract)}))
        override = element("w:lvlOverride", {"w:ilvl": "0"})
        override.append(element("w:startOverride", {"w:val": str(start)}))
        num.append(override)
        last = self.numbering.findall(qn("w:num"))
        if last:
            last[-1].addnext(num)
        else:
            self.numbering.append(num)
        return num_id
