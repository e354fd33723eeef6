"""Closing WeasyPrint's tagging gaps: page furniture becomes artifacts (PDF/UA-1, 7.1).

WeasyPrint 70 leaves the text of page-margin boxes (running footers, page
numbers) as marked content that no structure element owns, and some painting
(backgrounds, rules) outside any marked content (WeasyPrint issue 1836). Screen
readers would read "Page 1 of 6" in the middle of the text. This rewrites such
content as `/Artifact` sequences.
"""

from __future__ import annotations

from typing import Any

import pikepdf

PATH_CONSTRUCTION = {"m", "l", "c", "v", "y", "h", "re", "W", "W*"}
PATH_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
"""Path-ending operators that make marks. `n` ends a path (a clip) without painting anything."""
OTHER_PAINTING = {"Tj", "TJ", "'", '"', "Do", "sh", "INLINE IMAGE"}
PAINTING = PATH_PAINTING | OTHER_PAINTING


def reachable_elements(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """The structure elements reachable from the StructTreeRoot, as object ids."""
    tree = pdf.Root.get("/StructTreeRoot")
    found: set[tuple[int, int]] = set()
    if tree is None:
        return found
    stack = [tree.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.objgen in found:
                continue
            found.add(node.objgen)
            stack.append(node.get("/K"))
    return found


def owned_mcids(
    pdf: pikepdf.Pdf, page: pikepdf.Page, reachable: set[tuple[int, int]], parents: dict[int, Any] | None = None
) -> set[int]:
    """MCIDs on `page` owned (through the ParentTree) by an element reachable from the root.

    `parents` is the ParentTree read once (`parent_tree`), for a caller asking of every page.
    """
    key = page.obj.get("/StructParents")
    if parents is None:
        parents = parent_tree(pdf)
    if key is None:
        return set()
    owners = parents.get(int(key))
    if not isinstance(owners, pikepdf.Array):
        return set()
    return {
        mcid for mcid, owner in enumerate(owners) if isinstance(owner, pikepdf.Dictionary) and owner.objgen in reachable
    }


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, Any]:
    """The structure tree's ParentTree as a dict: StructParents key -> the elements owning each MCID."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree:
        return {}
    return _number_tree(tree.ParentTree)


def _number_tree(node: Any) -> dict[int, Any]:
    found: dict[int, Any] = {}
    if "/Nums" in node:
        nums = node.Nums
        for index in range(0, len(nums), 2):
            found[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _artifact(operands: list[Any]) -> None:
    operands[:] = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]


def mark_page_furniture(pdf: pikepdf.Pdf) -> None:
    """Turn unowned marked content and stray painting into artifacts, on every page."""
    reachable = reachable_elements(pdf)
    parents = parent_tree(pdf)
    for page in pdf.pages:
        owned = owned_mcids(pdf, page, reachable, parents)
        result: list[tuple[list[Any], pikepdf.Operator]] = []
        depth = 0
        in_path: list[tuple[list[Any], pikepdf.Operator]] = []
        for instruction in pikepdf.parse_content_stream(page):
            operator = instruction.operator
            operands = list(instruction.operands)
            name = str(operator)
            if name == "BDC":
                depth += 1
                properties = operands[1] if len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                if mcid is not None and int(mcid) not in owned:
                    _artifact(operands)
            elif name == "BMC":
                depth += 1
            elif name == "EMC":
                depth -= 1
            if depth == 0 and name in PATH_CONSTRUCTION:
                in_path.append((operands, operator))
                continue
            if depth == 0 and in_path and name in PATH_PAINTING:
                result.append(([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
                result.extend(in_path)
                result.append((operands, operator))
                result.append(([], pikepdf.Operator("EMC")))
                in_path = []
                continue
            if in_path:
                result.extend(in_path)
                in_path = []
            if depth == 0 and name in OTHER_PAINTING:
                result.append(([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
                result.append((operands, operator))
                result.append(([], pikepdf.Operator("EMC")))
                continue
            result.append((operands, operator))
        result.extend(in_path)
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(result))
